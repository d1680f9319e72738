"""Running the projection for the document: every stored scenario, the default TPT target and the backtest."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable


from sinergi.core.problems import ValidationFailed


# running the engine
# ---------------------------------------------------------------------------

@dataclass
class EngineRun:
    result: object | None = None
    series: object | None = None
    ikn: object | None = None
    backtest: object | None = None
    target: object | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    target_given: bool = False


def run_engine(region_code: str, base_year: int, end_year: int, *, with_ikn: bool, scenarios: Iterable[str] | None = None,
               target_tpt: float | None = None, series=None, main: str = "moderat",
               window: tuple[int, int] | None = None) -> EngineRun:
    """Load the region's series and run every stored scenario (plus IKN when asked).

    Problems that stop the projection (missing base-year data, no elasticity window) are
    returned as text, never raised: the document still renders and says what to import.
    """
    from sinergi.core import rtk
    from sinergi.documents import rtk_files

    run = EngineRun()
    try:
        run.series = series if series is not None else rtk_files.kaltim_series(region_code)
        stored = rtk_files.load_scenarios()
        chosen = [s for n, s in stored.items() if scenarios is None or n in set(scenarios) or n == main]
        if main not in stored:
            raise ValidationFailed([_problem(f"Skenario '{main}' tidak dikenal (tersedia: {', '.join(stored)}).")])
        run.ikn = rtk_files.load_ikn() if with_ikn else None
        run.result = rtk.project(run.series, base_year, end_year, chosen, ikn=run.ikn, window=window)
    except ValidationFailed as exc:
        run.problems = [p.message + (f" {p.fix}" if p.fix else "") for p in exc.problems]
        run.result = None
        return run
    main_name = f"{main}+ikn" if with_ikn else main
    try:
        tpt0 = run.result[main_name].value("TPT", base_year)
        goal = target_tpt if target_tpt is not None else max(0.5, round(tpt0 - 1.0, 2))
        run.target = rtk.required_growth_for_tpt(run.result, goal, scenario=main_name)
        run.target_given = target_tpt is not None
    except (ValidationFailed, ValueError, KeyError, StopIteration, ZeroDivisionError) as exc:
        run.notes.append(f"Sasaran TPT tidak dapat dihitung ({exc}).")
    try:
        run.backtest = rtk.backtest(run.series, base_year - 3, base_year)
    except (ValidationFailed, ValueError, KeyError) as exc:
        msg = "; ".join(p.message for p in exc.problems) if isinstance(exc, ValidationFailed) else str(exc)
        run.notes.append(f"Uji balik tidak dapat dijalankan: {msg}")
    return run


def _scenario_reason(note: str) -> str:
    """The reasoning part of a stored scenario note, without per-row remarks or file names."""
    text = re.split(r"\s(?:sama dengan \d{4}|laju majemuk KK dibagi|kosong = )", note.strip())[0]
    text = re.sub(r"\s*\([^)]*\.csv[^)]*\)", "", text).strip()
    return text if not text or text.endswith(".") else text + "."


def _problem(message: str):
    from sinergi.core.problems import Problem

    return Problem(code="SKENARIO_TIDAK_DIKENAL", message=message, fix="Pilih moderat, optimis atau pesimis.")

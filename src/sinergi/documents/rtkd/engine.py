"""The projection the document reports: the core runner :func:`sinergi.core.rtk.run_plan`
(project every stored scenario → default TPT target → rolling backtest, bands and warnings),
kept in the form the chapters read (:class:`EngineRun`)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sinergi.core.problems import Problem, ValidationFailed


@dataclass
class EngineRun:
    """What the chapters need from a run: the result, the target, the backtests, the bands and
    the guardrail warnings (``plan`` is the core runner's :class:`~sinergi.core.rtk.PlanRun`).
    ``problems`` and ``notes`` are text: the document prints them in its technical annex."""

    result: object | None = None
    series: object | None = None
    ikn: object | None = None
    backtest: object | None = None
    target: object | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    target_given: bool = False
    plan: object | None = None
    _methods: dict = field(default_factory=dict, repr=False, compare=False)
    _bands: dict | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_plan(cls, plan, *, ikn=None, fix: str = "") -> EngineRun:
        """The document's view of a :class:`~sinergi.core.rtk.PlanRun`; ``fix`` replaces the
        engine's own fix text of a problem (the web app says where to upload, the CLI which option)."""
        run = cls(result=plan.result, series=plan.series, ikn=ikn, backtest=plan.backtest, target=plan.target,
                  target_given=plan.target_given, plan=plan, notes=list(plan.notes))
        run.problems = [p.message + (f" {fix or p.fix}" if (fix or p.fix) else "") for p in plan.problems]
        return run

    # -- what a projected figure carries ------------------------------------------------
    def method(self, scenario: str, variable: str, year: int, group: str = "") -> str:
        """The method code of one projected value (``neraca``, ``turunan_provinsi`` …), or ``""``.

        Read from an index built once per scenario (the chapters ask for thousands of values;
        filtering the result table for each took a large share of the document's time)."""
        if self.result is None:
            return ""
        index = self._methods.get(scenario)
        if index is None:
            index = self._methods[scenario] = self._method_index(scenario)
        if isinstance(index, str):
            return index
        return index.get((variable, int(year), group), "")

    def _method_index(self, scenario: str) -> dict | str:
        try:
            t = self.result.scenarios[scenario].table
        except (AttributeError, KeyError):
            return ""
        if "method" not in t.columns:
            return str(getattr(self.result, "method", "") or "")
        index: dict = {}
        for key in zip(t["variable"], t["year"].astype(int), t["group"], t["method"].astype(str), strict=True):
            index.setdefault(key[:3], key[3])  # the first row of a value, as a filter's .iloc[0]
        return index

    def band(self, variable: str, year: int, scenario: str | None = None) -> tuple[float, float] | None:
        if self.plan is None:
            return None
        if self._bands is None:
            b = getattr(self.plan, "bands", None)
            self._bands = {}
            if b is not None and len(b):
                for v, y, sc, lo, hi in zip(b["variable"], b["year"].astype(int), b["scenario"], b["lower"], b["upper"], strict=True):
                    self._bands.setdefault((v, y, sc), (float(lo), float(hi)))
        return self._bands.get((variable, int(year), scenario or self.plan.main))

    @property
    def band_level(self) -> float | None:
        b = getattr(self.plan, "bands", None)
        return float(b["level"].iloc[0]) if b is not None and len(b) else None

    @property
    def warnings(self) -> dict[str, str]:
        return dict(getattr(self.plan, "warnings", {}) or {})

    @property
    def rolling(self):
        return getattr(self.plan, "rolling", None)


def run_engine(region_code: str, base_year: int | None, end_year: int | None, *, with_ikn: bool,
               scenarios: Iterable[str] | None = None, target_tpt: float | None = None, series=None,
               main: str = "moderat", window: tuple[int, int] | None = None, method: str = "v2") -> EngineRun:
    """Load the region's series and stored scenarios and run the core runner on them.

    Problems that stop the projection (missing base-year data …) are returned as text, never
    raised: the document still renders and says what is missing.
    """
    from sinergi.core import rtk
    from sinergi.documents import rtk_files

    try:
        series = series if series is not None else rtk_files.kaltim_series(region_code)
        stored = rtk_files.load_scenarios()
        if main not in stored:
            raise ValidationFailed([_problem(f"Skenario '{main}' tidak dikenal (tersedia: {', '.join(stored)}).")])
        chosen = [s for n, s in stored.items() if scenarios is None or n in set(scenarios) or n == main]
        ikn = rtk_files.load_ikn(str(region_code)) if with_ikn else None
    except ValidationFailed as exc:
        return EngineRun(series=series, problems=[p.message + (f" {p.fix}" if p.fix else "") for p in exc.problems])
    plan = rtk.run_plan(series, chosen, base_year=base_year, end_year=end_year, ikn=ikn, main=main,
                        target_tpt=target_tpt, window=window, method=method)
    return EngineRun.from_plan(plan, ikn=ikn)


def _scenario_reason(note: str) -> str:
    """The reasoning part of a stored scenario note, without per-row remarks or file names."""
    text = re.split(r"\s(?:sama dengan \d{4}|laju majemuk KK dibagi|kosong = )", note.strip())[0]
    text = re.sub(r"\s*\([^)]*\.csv[^)]*\)", "", text).strip()
    return text if not text or text.endswith(".") else text + "."


def _problem(message: str) -> Problem:
    return Problem(code="SKENARIO_TIDAK_DIKENAL", message=message, fix="Pilih moderat, optimis atau pesimis.")

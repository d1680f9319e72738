"""Read side of the RTK pages: a region's series (embedded data, with its uploaded data in
place of the embedded values), its plan (stored or the shipped defaults), and engine runs
whose problems are kept as data for the page instead of raised.

Nothing here computes a projection: the core runner :func:`sinergi.core.rtk.run_plan` does
(project → default target → backtests, bands, warnings), as for the RTKD document.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from sinergi.core import rtk
from sinergi.core.problems import Problem, ValidationFailed
from sinergi.documents import rtk_files
from sinergi.web.rtk import params as P
from sinergi.web.rtk.models import RtkPlan, RtkRegionData

#: What to do about missing data on the web (the engine's own advice names the CLI).
WEB_FIX = "Unduh templat impor tabel BPS di halaman Data wilayah ini, isi dari tabel BPS, lalu unggah kembali."


@dataclass
class PlanState:
    """The plan a page shows: stored (``plan`` set) or the shipped defaults (``plan`` None)."""

    region_code: str
    name: str
    base_year: int
    end_year: int
    parameters: dict
    version: int  # 0 = not saved yet
    plan: RtkPlan | None = None

    @property
    def saved(self) -> bool:
        return self.plan is not None


def plan_state(region) -> PlanState:
    plan = RtkPlan.objects.filter(region=region).select_related("updated_by").first()
    if plan is not None:
        return PlanState(region.code, plan.name, plan.base_year, plan.end_year, plan.parameters, plan.version, plan)
    base, end = P.default_period()
    return PlanState(region.code, default_name(region, base, end), base, end, P.default_parameters(region.code), 0)


def default_name(region, base: int, end: int) -> str:
    return f"Rencana Tenaga Kerja {region.display_name if not region.is_province else 'Provinsi Kalimantan Timur'} {base + 1}–{end}"


def active_upload(region_code: str) -> RtkRegionData | None:
    return RtkRegionData.objects.filter(region_id=region_code, active=True).first()


def upload_series(upload: RtkRegionData) -> rtk.RegionSeries:
    """The uploaded rows alone as a series (what the document's BAB II prefers)."""
    return rtk.RegionSeries(region_code=upload.region_id, region_name=rtk_files.region_names().get(upload.region_id, ""),
                            data=pd.DataFrame(upload.rows), sectors=rtk_files.load_sector_scheme(),
                            description=f"Data unggahan {upload.file_name}")


def region_series(region_code: str, upload: RtkRegionData | None = None) -> rtk.RegionSeries:
    """The region's statistics — the primary values of the database, so an imported BPS figure or a
    planner's choice is what the plan uses — with the uploaded values replacing those of the same
    year, variable and sector (like ``sinergi rtk proyeksi --data``, key by key)."""
    from sinergi.web.statistics.queries import primary_frame

    series = rtk_files.kaltim_series(region_code, observations=primary_frame())
    if upload is None:
        return series
    merged = series.with_data(pd.DataFrame(upload.rows))
    merged.description = (
        f"Data tertanam Kalimantan Timur, digantikan oleh data unggahan '{upload.file_name}' untuk tahun, variabel dan "
        f"sektor yang sama."
    )
    return merged


@dataclass
class Outcome:
    """A projection, or the problems that stopped it (engine text, shown as is).

    ``run`` is the core runner's :class:`~sinergi.core.rtk.PlanRun` (bands, guardrail
    warnings, rolling backtest); ``result``, ``target`` and ``target_note`` are its fields."""

    result: rtk.ProjectionResult | None = None
    problems: list[Problem] = field(default_factory=list)
    target: rtk.TargetResult | None = None
    target_note: str = ""
    run: rtk.PlanRun | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None


def project(series: rtk.RegionSeries, base_year: int | None, end_year: int | None, parameters: dict, *,
            with_backtest: bool = True) -> Outcome:
    """The plan through the one core runner (:func:`sinergi.core.rtk.run_plan`): project, the
    default TPT target, and (unless ``with_backtest`` is false) the backtests, bands and warnings."""
    run = rtk.run_plan(
        series, P.scenarios(parameters), base_year=base_year, end_year=end_year, ikn=P.ikn(parameters),
        main=parameters.get("main") or "moderat", target_tpt=parameters.get("target_tpt"),
        method=parameters.get("method") or "v2", params=rtk.MethodParams.from_dict(parameters.get("method_params")),
        with_backtest=with_backtest,
    )
    return Outcome(result=run.result, problems=list(run.problems), target=run.target, target_note=run.target_note, run=run)


def method_mark(series: rtk.RegionSeries, base_year: int, end_year: int, parameters: dict,
                outcome: Outcome | None = None) -> tuple[str, str]:
    """``(fingerprint, version)`` of the engine's run of these parameters and period on
    ``series`` — what a save records (:attr:`RtkPlan.method_fingerprint`) and what the plan page
    compares it with; ``("", "")`` when the engine cannot compute the plan. ``outcome``: a run
    already made of exactly these inputs (nothing is recomputed then)."""
    if outcome is None:
        outcome = project(series, base_year, end_year, parameters, with_backtest=False)
    if not outcome.ok:
        return "", ""
    return outcome.result.method_fingerprint, outcome.result.method_version


@dataclass
class MethodCheck:
    """With which method the stored plan was computed, against what the engine gives now."""

    saved: str  # the stored fingerprint ("" = not recorded)
    saved_version: str
    current: str  # the engine's fingerprint now for the same parameters ("" = cannot compute)
    current_version: str

    @property
    def recorded(self) -> bool:
        return bool(self.saved)

    @property
    def short(self) -> str:
        return self.saved[:12]

    @property
    def version_name(self) -> str:
        """``sinergi-rtk 2.0`` out of the version text (its explanation in brackets left off)."""
        return short_version(self.saved_version)

    @property
    def current_short(self) -> str:
        return self.current[:12]

    @property
    def current_version_name(self) -> str:
        return short_version(self.current_version)

    @property
    def outdated(self) -> bool:
        """Recorded, and the engine now computes the same parameters differently."""
        if not self.saved or not self.current:
            return False
        return self.saved != self.current or bool(self.saved_version and self.saved_version != self.current_version)


def short_version(text: str) -> str:
    return text.split(" (", 1)[0].strip()


def method_check(state: PlanState, series: rtk.RegionSeries, outcome: Outcome | None = None) -> MethodCheck | None:
    """The stored plan's method mark beside the engine's for the same inputs now (``None`` for a
    plan never saved). ``outcome``: a run of the stored parameters and period, when there is one."""
    plan = state.plan
    if plan is None:
        return None
    current, version = method_mark(series, plan.base_year, plan.end_year, plan.parameters, outcome)
    return MethodCheck(plan.method_fingerprint, plan.method_version, current, version)


def target_tpt(result: rtk.ProjectionResult, parameters: dict) -> float | None:
    """The plan's TPT target, or — when none is set — the default the runner uses (base-year
    TPT minus one point, never below the frictional floor nor 0,5 %)."""
    if parameters.get("target_tpt") is not None:
        return float(parameters["target_tpt"])
    name = P.main_name(parameters)
    if name not in result.scenarios:
        return None
    t0 = result[name].value("TPT", result.base_year)
    floor = float(result.params.get("frictional_floor") or 0.5)
    return None if not math.isfinite(t0) else max(floor, 0.5, round(t0 - 1.0, 2))


@dataclass
class BacktestOutcome:
    result: rtk.BacktestResult | None = None
    problems: list[Problem] = field(default_factory=list)


def backtest(series: rtk.RegionSeries, base_year: int, end_year: int, form: str = "majemuk",
             method: str = "sederhana") -> BacktestOutcome:
    """The single-origin backtest of the page's form (base year, end year, elasticity form —
    options of the first method, hence ``method="sederhana"`` by default). The rolling
    backtest of the default method is ``project(...).run.rolling``."""
    try:
        return BacktestOutcome(result=rtk.backtest(series, base_year, end_year, form=form, method=method))
    except ValidationFailed as exc:
        return BacktestOutcome(problems=list(exc.problems))


def availability(series: rtk.RegionSeries, upload: RtkRegionData | None = None) -> dict:
    """Which inputs the series holds, by variable and year (for the data page); cells that
    come from the upload are marked."""
    d = series.data
    years = sorted(set(d["year"].astype(int))) if len(d) else []
    uploaded = {(int(r["year"]), r["variable"], r.get("sector", "")) for r in (upload.rows if upload else [])}
    rows = []
    for var in rtk.INPUT_VARIABLES:
        total = d[(d["variable"] == var) & (d["sector"] == "")]
        sectors = d[(d["variable"] == var) & (d["sector"] != "")]
        by_year_total = {int(r.year): r for r in total.itertuples()}
        cells = []
        for y in years:
            r = by_year_total.get(y)
            n_sec = int((sectors["year"] == y).sum())
            cells.append({"year": y, "value": None if r is None else float(r.value), "source": "" if r is None else r.source,
                          "caveat": "" if r is None else r.caveat, "sectors": n_sec,
                          "uploaded": (y, var, "") in uploaded or any((y, var, s) in uploaded for s in sectors["sector"])})
        if any(c["value"] is not None or c["sectors"] for c in cells) or var in ("PUK", "AK", "KK", "PENGANGGUR", "PDRB"):
            label = rtk.LABELS.get(var, var)
            unit = rtk.UNITS.get(var, "")
            if "ADHK" in label:
                unit = unit.replace(" (ADHK 2010)", "")
            rows.append({"variable": var, "label": label, "unit": unit, "decimals": 2 if var == "TPAK" else 0, "cells": cells})
    return {"years": years, "rows": rows}

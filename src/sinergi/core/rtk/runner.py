"""One runner for "project → default target → backtest", used by the web pages and the RTKD.

:func:`run_plan` never raises for the planner's data: problems come back as
:class:`~sinergi.core.problems.Problem` objects in :attr:`PlanRun.problems` so a page or a
document can still render and say what to import. Everything a page, table or chart needs to
show a projected figure honestly is on the :class:`PlanRun`: the value and its method
(``result``), its band (``bands``), and a warning when the method forecast that variable worse
than "no change" in the rolling backtest (``warnings``).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from sinergi.core.problems import Problem, ValidationFailed

from .backtest import BAND_COLUMNS, RollingBacktest, backtest, rolling_backtest, uncertainty_bands
from .engine import project
from .method2 import MethodParams, local_data
from .model import BacktestResult, IknParams, ProjectionResult, RegionSeries, Scenario, TargetResult
from .targets import required_growth_for_tpt

#: Regions where the IKN module is on by default: Penajam Paser Utara and Kutai Kartanegara,
#: where IKN lies, and the province that contains them (as the RTKD's IKN_REGIONS). Off for
#: every other regency/city.
IKN_DEFAULT_REGIONS = ("64", "6409", "6403")


def ikn_default_on(region_code: str) -> bool:
    """Whether a new plan for ``region_code`` starts with the IKN module switched on."""
    return str(region_code) in IKN_DEFAULT_REGIONS


@dataclass
class PlanRun:
    """What one run of a plan gives a page or a document.

    * ``result`` — the :class:`ProjectionResult` (``None`` when ``problems`` stopped it); every
      value carries its method (``result.to_long()`` column ``method``, ``result.method_of(...)``).
    * ``main`` — the result name of the main scenario (``moderat`` or ``moderat+ikn``).
    * ``target`` / ``target_tpt`` / ``target_given`` / ``target_note`` — the TPT goal seek on the
      main scenario: the plan's target, or by default the base-year TPT minus one point (never
      below the frictional floor of method v2, nor 0.5 %).
    * ``rolling`` — the :class:`RollingBacktest` of the method on this region's data.
    * ``bands`` — uncertainty bands per scenario, variable and year (:data:`BAND_COLUMNS`:
      ``value, lower, upper, level, n, basis``) from the rolling backtest's errors; use
      :meth:`band` for one figure.
    * ``warnings`` — variable → Indonesian warning, for each variable the method forecasts
      worse than "no change" (show it beside every headline figure of that variable).
    * ``backtest`` — the single-origin backtest from base year − 3 (BAB I's table).
    * ``notes`` — why something optional (target, backtests) could not be computed.
    """

    result: ProjectionResult | None = None
    problems: list[Problem] = field(default_factory=list)
    main: str = "moderat"
    target: TargetResult | None = None
    target_tpt: float | None = None
    target_given: bool = False
    target_note: str = ""
    rolling: RollingBacktest | None = None
    bands: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=BAND_COLUMNS))
    warnings: dict[str, str] = field(default_factory=dict)
    backtest: BacktestResult | None = None
    series: RegionSeries | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result is not None

    def band(self, variable: str, year: int, scenario: str | None = None) -> tuple[float, float] | None:
        """(lower, upper) of one projected figure, or ``None`` when the backtest gives no band."""
        b = self.bands
        hit = b[(b["variable"] == variable) & (b["year"] == year) & (b["scenario"] == (scenario or self.main))]
        return (float(hit["lower"].iloc[0]), float(hit["upper"].iloc[0])) if len(hit) else None

    def warning(self, variable: str) -> str:
        """The guardrail warning of a variable, or ``""``."""
        return self.warnings.get(variable, "")


def run_plan(
    series: RegionSeries,
    scenarios: Iterable[Scenario] | Mapping[str, Scenario],
    *,
    base_year: int | None = None,
    end_year: int | None = None,
    ikn: IknParams | None = None,
    main: str = "moderat",
    target_tpt: float | None = None,
    method: str = "v2",
    params: MethodParams | None = None,
    window: tuple[int, int] | None = None,
    form: str | None = None,
    with_backtest: bool = True,
    level: float = 0.8,
) -> PlanRun:
    """Project every scenario (each also with ``ikn`` when given), goal-seek the TPT target on
    the main scenario, backtest the method (rolling origin, and single origin base − 3) and
    derive bands and warnings. ``base_year`` ``None`` = the latest year the method can use;
    ``end_year`` ``None`` = base + 5. Problems are returned, not raised."""
    scen = list(scenarios.values()) if isinstance(scenarios, Mapping) else list(scenarios)
    run = PlanRun(series=series)
    names = [s.name for s in scen]
    if main not in names:
        run.problems = [Problem(code="SKENARIO_TIDAK_DIKENAL", message=f"Skenario utama '{main}' tidak ada (tersedia: {', '.join(names)}).",
                                fix="Pilih moderat, optimis atau pesimis.", column="main", value=main)]
        return run
    run.main = f"{main}+ikn" if ikn is not None else main
    try:
        run.result = project(series, base_year, end_year, scen, ikn=ikn, window=window, form=form, method=method, params=params)
    except ValidationFailed as exc:
        run.problems = list(exc.problems)
        return run
    result = run.result
    # ---- default target
    try:
        tpt0 = result[run.main].value("TPT", result.base_year)
        if target_tpt is not None:
            goal = float(target_tpt)
        elif math.isfinite(tpt0):
            floor = float(result.params.get("frictional_floor") or 0.5)
            goal = max(floor, 0.5, round(tpt0 - 1.0, 2))
        else:
            goal = None
        if goal is not None:
            run.target_tpt = goal
            run.target_given = target_tpt is not None
            run.target = required_growth_for_tpt(result, goal, scenario=run.main)
    except (ValidationFailed, ValueError, KeyError, StopIteration, ZeroDivisionError) as exc:
        msg = "; ".join(p.message for p in exc.problems) if isinstance(exc, ValidationFailed) else str(exc)
        run.target_note = f"Sasaran TPT tidak dapat dihitung: {msg}"
        run.notes.append(run.target_note)
    if not with_backtest:
        return run
    # ---- backtests, bands, warnings
    try:
        run.rolling = rolling_backtest(series, method=method, params=params)
        run.bands = uncertainty_bands(result, run.rolling, level=level)
        run.warnings = run.rolling.worse_than_no_change()
        if run.rolling.errors.empty:
            run.notes.append("Uji balik bergulir tidak menghasilkan galat (data aktual wilayah ini terlalu sedikit); "
                             "pita ketidakpastian tidak tersedia.")
    except (ValidationFailed, ValueError, KeyError) as exc:
        msg = "; ".join(p.message for p in exc.problems) if isinstance(exc, ValidationFailed) else str(exc)
        run.notes.append(f"Uji balik bergulir tidak dapat dijalankan: {msg}")
    try:
        # single origin, three years back, ending at the latest year with actual PDRB (BAB I's table)
        pdrb_years = [y for y in local_data(series).pdrb if y <= result.base_year]
        end = max(pdrb_years) if pdrb_years else result.base_year
        run.backtest = backtest(series, end - 3, end, method=method)
    except (ValidationFailed, ValueError, KeyError) as exc:
        msg = "; ".join(p.message for p in exc.problems) if isinstance(exc, ValidationFailed) else str(exc)
        run.notes.append(f"Uji balik tidak dapat dijalankan: {msg}")
    return run

"""RTK projection engine: supply, demand by sector, balance, scenarios with the IKN shock,
targets and backtest (METHOD.md §3). Pure computation: numpy/pandas/scipy, no I/O, no Django.

Quick start (an analyst's notebook)::

    from sinergi.core.rtk import RegionSeries, Scenario, IknParams, project, backtest, required_growth_for_tpt
    from sinergi.documents import rtk_files

    series = rtk_files.kaltim_series("64")                 # embedded Kaltim data (or rtk_files.read_data(path, "64"))
    scenarios = rtk_files.load_scenarios()                 # moderat, optimis, pesimis (stored parameter sets)
    ikn = rtk_files.load_ikn()                             # default IKN parameter set (an assumption, sourced)
    result = project(series, 2024, 2029, list(scenarios.values()), ikn=ikn)   # each scenario with and without IKN
    result["moderat"].wide()                               # years × PUK, TPAK, AK, KK, PENGANGGUR, TPT, KEKURANGAN …
    result.to_long()                                       # HASIL: region_code, year, scenario, variable, group, value
    explain(result)                                        # method version and fingerprint, parameters, window, elasticities, provenance, notes
    bt = backtest(series, 2019, 2024)                      # errors beside two naive benchmarks
    target = required_growth_for_tpt(result, 4.5, scenario="moderat")

The one runner (web pages and the RTKD use it; nothing else runs the chain)::

    from sinergi.core.rtk import run_plan
    run = run_plan(series, scenarios, ikn=ikn, main="moderat")      # base year: latest usable; end: base + 5
    if not run.ok: show(run.problems)                                # Problem objects, never raised
    run.result                                                       # ProjectionResult (method v2 by default)
    run.result.to_long()                                             # … value, method  (method named on every value)
    run.result.method_of(run.main, "TPT", 2029)                      # "neraca", "turunan_provinsi" …
    run.bands                                                        # region_code, scenario, variable, group, year,
                                                                     # horizon, value, lower, upper, level, n, basis
    run.band("TPT", 2029)                                            # (lower, upper) of the main scenario, or None
    run.warnings / run.warning("TPT")                                # "worse than no change" guardrail text
    run.target, run.target_tpt, run.target_given, run.target_note    # TPT goal seek on run.main
    run.rolling.errors / run.rolling.summary(by_horizon=True)        # rolling-origin backtest (errors by variable × horizon)
    run.backtest                                                     # single-origin backtest (base − 3)

Methods: ``project(..., method="v2")`` (default; :mod:`.method2`: population projection /
damped trends, shrunk regression elasticity, anchored balance with a frictional floor, and the
regency ladder ``full local → province rates → top-down``) or ``method="sederhana"`` (the first
method, numbers unchanged). :class:`MethodParams` holds v2's editable parameters;
:func:`validate_parameters` refuses impossible ones (a :class:`Problem` per field);
:func:`ikn_default_on` says where the IKN module starts switched on (6409, 6403 and the province).
:data:`METHOD_NAMES` lists the values of the ``method`` column.

Public API (kept stable; the document and web layers build on it):

* Inputs — :class:`RegionSeries` (observations ``year, variable, sector, value, source, note``
  plus optional breakdown ``groups``), :class:`SectorScheme` (17 categories, KBLI sections,
  9-sector concordance), :class:`Scenario` (growth path per year and sector, elasticity
  window and form, optional PUK/TPAK growth overrides, optional IKN), :class:`IknParams`.
* :func:`project(series, base_year, end_year, scenarios, *, ikn=None, window=None, form=None)
  <project>` → :class:`ProjectionResult` (``.scenarios[name]`` → :class:`ScenarioResult` with a
  long ``table``; ``.to_long()``, ``.method_fingerprint``, ``.parameters()``, ``.elasticity_table()``,
  ``.provenance``, ``.notes``, ``.sector_detail``, ``.window``, ``.supply_window``). With
  ``ikn`` given, each scenario is run twice: ``name`` (without) and ``name+ikn`` (with).
* :func:`explain(result) <explain>` — everything behind a projection, backtest or target as
  plain data (the IPK's explanation is a function too, :func:`sinergi.core.ipk.explain`);
  parameter sets serialise with ``to_dict()`` like the IPK's method.
* :func:`backtest(series, base_year, end_year, *, window=None, form="majemuk") <backtest>`
  → :class:`BacktestResult` (``errors``, ``summary``, ``not_tested``) comparing the method
  (run on data up to the base year, with the PDRB growth that actually happened) with
  "no change" and "last observed growth".
* :func:`required_growth_for_tpt(result, target_tpt, scenario="moderat", target_year=None)
  <required_growth_for_tpt>` → :class:`TargetResult`; :func:`required_employment` is the
  one-line identity KK* = AK × (1 − TPT*/100).
* :func:`estimate_elasticity(kk, pdrb, window, form) <estimate_elasticity>` → :class:`Elasticity`.
* Constants: :data:`METHOD_VERSION`, :data:`OUTPUT_VARIABLES`, :data:`UNITS`, :data:`LABELS`.

Output variables (``variable`` column): PUK, TPAK, AK, KK, PENGANGGUR, TPT, KEKURANGAN, PDRB,
PDRB_TUMBUH, PRODUKTIVITAS, TAMBAHAN_KK, KK_TREN, IKN_KK, IKN_AK. ``group`` is ``""`` for the
total, else ``dimension:code`` — ``sektor:F``, ``pendidikan:smp``, ``status:formal``.
The base year is included (year = base year) so tables can show the starting point.

Formulas (see docs/rtk.md): TPAK = 100·AK/PUK; AK = PUK·TPAK/100; PUK and TPAK grow at their
compound annual rates over the window (TPAK bounded to [0, 100]); E = CAGR(KK)/CAGR(PDRB)
(``majemuk``) or the slope of ln KK on ln PDRB (``regresi``); KK_t = KK_{t−1}·(1 + E·g_t);
PENGANGGUR = max(0, AK − KK); KEKURANGAN = max(0, KK − AK); TPT = 100·PENGANGGUR/AK.
"""
from __future__ import annotations

from .backtest import BAND_COLUMNS, ROLLING_COLUMNS, RollingBacktest, backtest, rolling_backtest, uncertainty_bands
from .engine import METHODS, default_base_year, estimate_elasticity, project
from .explain import explain
from .method2 import BOUNDS, METHOD_V2_VERSION, MethodParams, default_floor, validate_parameters
from .model import (
    ELASTICITY_FORMS,
    INPUT_VARIABLES,
    LABELS,
    METHOD_NAMES,
    METHOD_VERSION,
    OUTPUT_VARIABLES,
    UNITS,
    BacktestResult,
    Elasticity,
    IknParams,
    ProjectionResult,
    RegionSeries,
    Scenario,
    ScenarioResult,
    SectorScheme,
    TargetResult,
    group_key,
)
from .runner import IKN_DEFAULT_REGIONS, PlanRun, ikn_default_on, run_plan
from .targets import required_employment, required_growth_for_tpt

__all__ = [
    "BAND_COLUMNS",
    "BOUNDS",
    "IKN_DEFAULT_REGIONS",
    "METHODS",
    "METHOD_NAMES",
    "METHOD_V2_VERSION",
    "MethodParams",
    "PlanRun",
    "ROLLING_COLUMNS",
    "RollingBacktest",
    "default_base_year",
    "default_floor",
    "ikn_default_on",
    "rolling_backtest",
    "run_plan",
    "uncertainty_bands",
    "validate_parameters",
    "BacktestResult",
    "ELASTICITY_FORMS",
    "Elasticity",
    "INPUT_VARIABLES",
    "IknParams",
    "LABELS",
    "METHOD_VERSION",
    "OUTPUT_VARIABLES",
    "ProjectionResult",
    "RegionSeries",
    "Scenario",
    "ScenarioResult",
    "SectorScheme",
    "TargetResult",
    "UNITS",
    "backtest",
    "estimate_elasticity",
    "explain",
    "group_key",
    "project",
    "required_employment",
    "required_growth_for_tpt",
]

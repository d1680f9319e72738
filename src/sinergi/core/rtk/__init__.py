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
    result.long()                                          # HASIL: region_code, year, scenario, variable, group, value
    result.explain()                                       # method version, parameters, window, elasticities, provenance, notes
    bt = backtest(series, 2019, 2024)                      # errors beside two naive benchmarks
    target = required_growth_for_tpt(result, 4.5, scenario="moderat")

Public API (kept stable; the document and web layers build on it):

* Inputs — :class:`RegionSeries` (observations ``year, variable, sector, value, source, note``
  plus optional breakdown ``groups``), :class:`SectorScheme` (17 categories, KBLI sections,
  9-sector concordance), :class:`Scenario` (growth path per year and sector, elasticity
  window and form, optional PUK/TPAK growth overrides, optional IKN), :class:`IknParams`.
* :func:`project(series, base_year, end_year, scenarios, *, ikn=None, window=None, form=None)
  <project>` → :class:`ProjectionResult` (``.scenarios[name]`` → :class:`ScenarioResult` with a
  long ``table``; ``.long()``, ``.explain()``, ``.parameters()``, ``.elasticity_table()``,
  ``.provenance``, ``.notes``, ``.sector_detail``, ``.window``, ``.supply_window``). With
  ``ikn`` given, each scenario is run twice: ``name`` (without) and ``name+ikn`` (with).
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

from .model import (
    ELASTICITY_FORMS,
    INPUT_VARIABLES,
    LABELS,
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
from .engine import estimate_elasticity, project
from .backtest import backtest
from .targets import required_employment, required_growth_for_tpt

__all__ = [
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
    "group_key",
    "project",
    "required_employment",
    "required_growth_for_tpt",
]

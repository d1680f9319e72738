"""Everything behind the RTK numbers, as plain data, for the web page and the document.

One shape for the pillars: an explanation is a function of the result, as
:func:`sinergi.core.ipk.explain` is for the IPK — ``explain(result)`` here takes a
:class:`~sinergi.core.rtk.ProjectionResult`, a :class:`~sinergi.core.rtk.BacktestResult` or a
:class:`~sinergi.core.rtk.TargetResult`.
"""
from __future__ import annotations

from functools import singledispatch

from .model import LABELS, UNITS, BacktestResult, ProjectionResult, TargetResult


@singledispatch
def explain(result) -> dict:
    raise TypeError(f"Tidak ada penjelasan untuk {type(result).__name__}.")


@explain.register
def _projection(result: ProjectionResult) -> dict:
    return {
        "method_version": result.method_version,
        "method_fingerprint": result.method_fingerprint,
        "method": result.method,
        "method_params": dict(result.params),
        "region_code": result.region_code,
        "region_name": result.region_name,
        "base_year": result.base_year,
        "end_year": result.end_year,
        "years": result.years,
        "window": list(result.window),
        "supply_method": result.supply_method,
        "supply_window": {k: (list(v) if v else None) for k, v in result.supply_window.items()},
        "sector_detail": result.sector_detail,
        "scenarios": {
            name: {
                "parameters": res.scenario.to_dict(),
                "elasticities": [e.to_dict() for e in res.elasticities],
                "notes": list(res.notes),
            }
            for name, res in result.scenarios.items()
        },
        "provenance": result.provenance.to_dict(orient="records"),
        "notes": list(result.notes),
        "units": dict(UNITS),
        "labels": dict(LABELS),
    }


@explain.register
def _backtest(result: BacktestResult) -> dict:
    return {
        "region_code": result.region_code,
        "base_year": result.base_year,
        "end_year": result.end_year,
        "method_version": result.projection.method_version,
        "method_fingerprint": result.projection.method_fingerprint,
        "projection": explain(result.projection),
        "errors": result.errors.to_dict(orient="records"),
        "summary": result.summary.to_dict(orient="records"),
        "not_tested": dict(result.not_tested),
        "notes": list(result.notes),
    }


@explain.register
def _target(result: TargetResult) -> dict:
    return {
        "scenario": result.scenario, "target_tpt": result.target_tpt, "target_year": result.target_year,
        "elasticity": result.elasticity, "uniform_growth_pct": result.uniform_growth_pct,
        "table": result.table.to_dict(orient="records"), "notes": list(result.notes),
    }

"""Targets: the employment and PDRB growth needed for a target TPT (goal seek)."""
from __future__ import annotations

import math

import pandas as pd

from sinergi.core.numbers import format_id

from .model import ProjectionResult, TargetResult, group_key


def bracketed_root(f, lo: float, hi: float, xtol: float = 2e-12) -> float:
    """A root of ``f`` in ``[lo, hi]`` by bisection, to ``xtol`` (scipy's ``brentq`` default);
    ``ValueError`` when ``f(lo)`` and ``f(hi)`` have the same sign. (Importing scipy.optimize
    for this one root took longer than composing a document.)"""
    flo, fhi = f(lo), f(hi)
    if flo == 0:
        return lo
    if fhi == 0:
        return hi
    if (flo > 0) == (fhi > 0):
        raise ValueError("f(a) and f(b) must have different signs")
    while hi - lo > xtol:
        mid = (lo + hi) / 2
        fm = f(mid)
        if fm == 0:
            return mid
        if (fm > 0) == (flo > 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return (lo + hi) / 2


def required_employment(ak: float, target_tpt: float) -> float:
    """KK* = AK × (1 − TPT*/100): the employment at which unemployment equals the target."""
    return ak * (1 - target_tpt / 100)


def required_growth_for_tpt(
    result: ProjectionResult,
    target_tpt: float,
    scenario: str = "moderat",
    target_year: int | None = None,
) -> TargetResult:
    """Goal seek on a projection: which PDRB growth gives TPT = ``target_tpt``?

    Supply (AK) is taken from the scenario's projection (it does not depend on growth). Per
    year: KK*_t = AK_t × (1 − TPT*/100) and g*_t = (B*_t / B*_{t−1} − 1) / E, where B* is the
    required employment without the IKN addition (B*_base = KK_base) and E the aggregate
    elasticity. The uniform rate solves Σ_i KK_i,base·(1 + E_i·g)^n + IKN_T = KK*_T for g
    (sector elasticities when the projection has sectors), n = target year − base year.
    """
    res = result[scenario]
    base = result.base_year
    target_year = int(target_year or result.end_year)
    agg = next(e for e in res.elasticities if e.sector == "")
    e_tot = agg.value
    notes = []
    rows = []
    kk0 = res.value("KK", base)
    prev_b = kk0
    for t in result.years:
        if t > target_year:
            break
        ak = res.value("AK", t)
        kk_req = required_employment(ak, target_tpt)
        ikn = res.value("IKN_KK", t)
        ikn = 0.0 if math.isnan(ikn) else ikn
        b = kk_req - ikn
        g_req = (b / prev_b - 1) / e_tot if e_tot else float("nan")
        kk_proj = res.value("KK", t)
        rows.append({
            "year": t, "ak": ak, "kk_required": kk_req, "kk_projected": kk_proj, "kk_gap": kk_req - kk_proj,
            "growth_required_pct": 100 * g_req, "growth_projected_pct": res.value("PDRB_TUMBUH", t),
            "tpt_projected": res.value("TPT", t),
        })
        prev_b = b
    table = pd.DataFrame(rows)
    n = target_year - base
    sector_e = {e.sector: e.value for e in res.elasticities if e.sector}
    if sector_e:
        parts = [(res.value("KK", base, group_key("sektor", s)), e) for s, e in sector_e.items()]
        notes.append("Laju seragam dihitung dengan elastisitas per sektor; laju per tahun memakai elastisitas agregat.")
    else:
        parts = [(kk0, e_tot)]
    ikn_t = res.value("IKN_KK", target_year)
    ikn_t = 0.0 if math.isnan(ikn_t) else ikn_t
    goal = required_employment(res.value("AK", target_year), target_tpt)

    def f(g: float) -> float:
        return sum(k * max(0.0, 1 + e * g) ** n for k, e in parts) + ikn_t - goal

    uniform = None
    try:
        uniform = 100 * bracketed_root(f, -0.2, 0.5)
    except ValueError:
        notes.append(f"Tidak ada laju PDRB antara −20 % dan 50 % per tahun yang mencapai TPT {target_tpt} % pada {target_year}.")
    notes.append(f"Elastisitas agregat {format_id(e_tot, 3)} ({agg.form}, jendela {agg.window[0]}–{agg.window[1]}).")
    return TargetResult(scenario=scenario, target_tpt=float(target_tpt), target_year=target_year, elasticity=e_tot,
                        table=table, uniform_growth_pct=uniform, notes=notes)

"""Method v2 (``sinergi-rtk 2.0``), the default projection method.

Supply: working-age population (PUK) from the BPS SP2020-based population projection where
the region has one (the PUK/population ratio of the base year held), otherwise a damped
multi-year trend that never rests on one year and skips the 2022→2023 Sakernas re-weighting;
participation (TPAK) as a damped trend bounded by its historical range; AK = PUK × TPAK.
Demand: employment elasticity estimated by regression on yearly growth pairs over a
multi-year window, shrunk towards a prior and bounded; by sector where sector data exist,
reconciled to the total. Balance: TPT anchored on its base-year level and moved by a damped
share of the gap between demand and supply growth, never below a frictional floor; demand
beyond the floor is KEKURANGAN.

A regency/city without full local data is projected down a ladder (every value names its
rung in the ``method`` column): local data → local levels moved with the province's rates →
top-down shares of the province's projection (its latest share, or its population share).

Pure computation; docs/rtk.md §13 describes the method and its backtest figures.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from sinergi.core.numbers import format_id as _id
from sinergi.core.problems import Problem, ValidationFailed

from .model import (
    Elasticity,
    IknParams,
    ProjectionResult,
    RegionSeries,
    Scenario,
    ScenarioResult,
    group_key,
)

METHOD_V2_VERSION = ("sinergi-rtk 2.0 (proyeksi penduduk/tren teredam, elastisitas regresi disusutkan, "
                     "neraca berjangkar dengan lantai friksional, tangga wilayah)")

#: First Sakernas year weighted with the SP2020-based projection; the change from the year
#: before it mixes growth with re-weighting and is never used as a growth observation.
SAKERNAS_BREAK_YEAR = 2023
#: Count variables affected by the re-weighting.
BREAK_VARIABLES = ("PUK", "AK", "KK", "PENGANGGUR")

#: Stated bounds; parameters outside them are refused (:func:`validate_parameters`).
BOUNDS = {
    "elasticity": (0.0, 1.5),
    "growth_pct": (-10.0, 20.0),
    "puk_growth_pct": (-5.0, 15.0),
    "tpak_growth_pct": (-5.0, 5.0),
    "frictional_floor": (0.5, 15.0),
    "pass_through": (0.0, 1.0),
    "damping": (0.0, 1.0),
}


@dataclass
class MethodParams:
    """Editable parameters of method v2 (defaults chosen by the rolling backtest, docs/rtk.md §13).

    ``frictional_floor``: lowest TPT (percent) the balance may reach; ``None`` = the region's
    default, :func:`default_floor` (0.6 × its lowest observed TPT, at least 2 %).
    ``pass_through``: share of the gap between the balance TPT (AK vs elasticity demand) and
    the anchored TPT that reaches the projection (0 = TPT stays at its base level, 1 = pure
    balance). ``damping``: φ of the damped trends (the trend's step at horizon h is φ^h of
    the historical step). ``elasticity``: fixed aggregate elasticity instead of the estimate.
    ``prior_elasticity`` and ``shrink_years``: E = w·Ê + (1−w)·prior, w = n/(n + shrink_years)
    for n growth pairs. ``window_years``: how many yearly growth pairs the estimates use.
    """

    frictional_floor: float | None = None
    pass_through: float = 0.25
    damping: float = 0.8
    elasticity: float | None = None
    prior_elasticity: float = 0.5
    shrink_years: float = 3.0
    window_years: int = 6

    def to_dict(self) -> dict:
        return {
            "frictional_floor": self.frictional_floor, "pass_through": self.pass_through, "damping": self.damping,
            "elasticity": self.elasticity, "prior_elasticity": self.prior_elasticity,
            "shrink_years": self.shrink_years, "window_years": self.window_years,
        }

    @classmethod
    def from_dict(cls, d: Mapping | None) -> MethodParams:
        d = dict(d or {})
        out = cls()
        for k in out.to_dict():
            if d.get(k) is not None:
                setattr(out, k, int(d[k]) if k == "window_years" else float(d[k]))
        return out


FIELD_LABELS = {
    "frictional_floor": "lantai pengangguran friksional (%)",
    "pass_through": "porsi neraca yang diteruskan ke TPT",
    "damping": "faktor peredam tren",
    "elasticity": "elastisitas kesempatan kerja",
    "growth_pct": "pertumbuhan PDRB (%)",
    "puk_growth_pct": "laju PUK (%)",
    "tpak_growth_pct": "laju TPAK (%)",
}


def validate_parameters(scenarios: Iterable[Scenario] = (), params: MethodParams | None = None,
                        *, base_tpak: float | None = None, years: int = 5) -> list[Problem]:
    """Problems (one per field) of parameters that give impossible paths: a value outside its
    stated bound (:data:`BOUNDS`), or a TPAK growth that takes TPAK above 100 within ``years``.
    Empty list when all is well."""
    out: list[Problem] = []

    def bad(field_name: str, value, scenario: str = "") -> None:
        lo, hi = BOUNDS[field_name]
        where = f"Skenario '{scenario}': " if scenario else ""
        out.append(Problem(
            code="PARAMETER_DI_LUAR_BATAS",
            message=f"{where}{FIELD_LABELS[field_name]} {_id(float(value), 2)} di luar batas yang dinyatakan "
                    f"({_id(lo, 2)} sampai {_id(hi, 2)}); jalurnya tidak mungkin atau tidak dapat dipertanggungjawabkan.",
            fix=f"Isi {FIELD_LABELS[field_name]} antara {_id(lo, 2)} dan {_id(hi, 2)}.",
            column=field_name, value=str(value)))

    p = params or MethodParams()
    for name in ("frictional_floor", "pass_through", "damping", "elasticity"):
        v = getattr(p, name)
        if v is not None:
            lo, hi = BOUNDS[name]
            if not (math.isfinite(float(v)) and lo <= float(v) <= hi):
                bad(name, v)
    for s in scenarios:
        values = list(s.growth.values()) + [v for g in s.sector_growth.values() for v in g.values()]
        worst = [v for v in values if not (BOUNDS["growth_pct"][0] <= v <= BOUNDS["growth_pct"][1])]
        if worst:
            bad("growth_pct", worst[0], s.name)
        if s.puk_growth is not None and not (BOUNDS["puk_growth_pct"][0] <= s.puk_growth <= BOUNDS["puk_growth_pct"][1]):
            bad("puk_growth_pct", s.puk_growth, s.name)
        if s.tpak_growth is not None:
            if not (BOUNDS["tpak_growth_pct"][0] <= s.tpak_growth <= BOUNDS["tpak_growth_pct"][1]):
                bad("tpak_growth_pct", s.tpak_growth, s.name)
            elif base_tpak is not None and base_tpak * (1 + s.tpak_growth / 100) ** years > 100:
                out.append(Problem(
                    code="TPAK_MELEBIHI_100",
                    message=f"Skenario '{s.name}': laju TPAK {_id(s.tpak_growth, 2)} % per tahun membawa TPAK dari "
                            f"{_id(base_tpak, 2)} % melewati 100 % dalam {years} tahun.",
                    fix="Turunkan laju TPAK sehingga TPAK tetap di bawah 100 %.",
                    column="tpak_growth_pct", value=str(s.tpak_growth)))
    return out


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------
def _clean(d: Mapping[int, float] | None) -> dict[int, float]:
    return {int(k): float(v) for k, v in (d or {}).items() if v is not None and math.isfinite(float(v))}


def growth_pairs(values: Mapping[int, float], upto: int, variable: str = "", max_years: int = 6,
                 across_break: bool = False) -> list[tuple[int, int, float]]:
    """Annual growth (fraction) between successive observed years ``(start, end, g)``, ends
    within the ``max_years`` years up to ``upto``; g = (v_end/v_start)^(1/(end − start)) − 1.
    For Sakernas counts a span that crosses the 2022→2023 re-weighting
    (:data:`SAKERNAS_BREAK_YEAR`) is skipped unless ``across_break``."""
    v = _clean(values)
    ys = [y for y in sorted(v) if y <= upto and v[y] > 0]
    out = []
    for a, b in zip(ys, ys[1:], strict=False):
        if b <= upto - max_years:
            continue
        if variable in BREAK_VARIABLES and not across_break and a < SAKERNAS_BREAK_YEAR <= b:
            continue
        out.append((a, b, (v[b] / v[a]) ** (1 / (b - a)) - 1))
    return out


def _span(pairs) -> int:
    return sum(b - a for a, b, _ in pairs)


def _mean_rate(pairs) -> float:
    return sum((b - a) * g for a, b, g in pairs) / _span(pairs)


def damped_path(level: float, step: float, years: list[int], base: int, phi: float, *, multiplicative: bool,
                lo: float | None = None, hi: float | None = None) -> dict[int, float]:
    """Damped trend: the step at horizon h is step·φ^h (Gardner–McKenzie); bounded to [lo, hi]."""
    out, x = {}, level
    for t in years:
        h = t - base
        x = x * (1 + step * phi ** h) if multiplicative else x + step * phi ** h
        if lo is not None:
            x = max(lo, x)
        if hi is not None:
            x = min(hi, x)
        out[t] = x
    return out


def interpolate_geometric(points: Mapping[int, float], years: Iterable[int]) -> dict[int, float]:
    """Values at ``years`` between known points (geometric interpolation); beyond the ends the
    nearest segment's rate continues. Needs at least two points."""
    p = _clean(points)
    ks = sorted(p)
    out = {}
    for t in years:
        if t in p:
            out[t] = p[t]
            continue
        lo = [k for k in ks if k < t]
        hi = [k for k in ks if k > t]
        if lo and hi:
            a, b = lo[-1], hi[0]
        elif lo:
            a, b = ks[-2], ks[-1]
        else:
            a, b = ks[0], ks[1]
        r = (p[b] / p[a]) ** (1 / (b - a))
        out[t] = p[a] * r ** (t - a)
    return out


def default_floor(tpt_history: Mapping[int, float]) -> float:
    """The default frictional floor: 0.6 × the lowest TPT the region has recorded, at least
    2 % (2 % when it has no TPT)."""
    v = [x for x in _clean(tpt_history).values() if x > 0]
    return round(max(2.0, 0.6 * min(v)), 2) if v else 2.0


def regression_elasticity(pairs_kk: list[tuple[int, int, float]], pdrb: Mapping[int, float], params: MethodParams,
                          sector: str = "", prior: float | None = None) -> Elasticity:
    """E from growth pairs: Ê = Σ w·gL·gY / Σ w·gY² (regression through the origin, each pair
    weighted by its length in years w; gY is PDRB growth over the same years), then
    E = w̄·Ê + (1 − w̄)·prior with w̄ = n/(n + k), n = years covered, bounded to
    :data:`BOUNDS` ``elasticity``."""
    prior = params.prior_elasticity if prior is None else prior
    lo, hi = BOUNDS["elasticity"]
    y = _clean(pdrb)
    pts = [(a, b, gl, (y[b] / y[a]) ** (1 / (b - a)) - 1) for a, b, gl in pairs_kk if a in y and b in y and y[a] > 0]
    n = sum(b - a for a, b, _, _ in pts)
    sxx = sum((b - a) * gy * gy for a, b, _, gy in pts)
    if n == 0 or sxx <= 0:
        return Elasticity(sector=sector, value=prior, form="regresi_susut", window=(0, 0),
                          fallback="tidak ada pasangan pertumbuhan KK–PDRB; dipakai nilai awal")
    raw = sum((b - a) * gl * gy for a, b, gl, gy in pts) / sxx
    w = n / (n + params.shrink_years)
    value = min(hi, max(lo, w * raw + (1 - w) * prior))
    note = (f"Ê regresi {_id(raw, 3)} dari {len(pts)} pasangan tahun ({pts[0][0]}–{pts[-1][1]}, {n} tahun), "
            f"disusutkan ke {_id(prior, 2)} dengan bobot {_id(w, 2)}")
    if value != w * raw + (1 - w) * prior:
        note += f", dibatasi ke {_id(lo, 1)}–{_id(hi, 1)}"
    el = Elasticity(sector=sector, value=value, form="regresi_susut", window=(pts[0][0], pts[-1][1]),
                    kk_growth=float(np.mean([p[2] for p in pts])), pdrb_growth=float(np.mean([p[3] for p in pts])))
    el.fallback = note
    return el


# --------------------------------------------------------------------------------------
# Local data
# --------------------------------------------------------------------------------------
@dataclass
class Local:
    code: str
    name: str
    puk: dict[int, float]
    ak: dict[int, float]
    kk: dict[int, float]
    u: dict[int, float]
    tpak: dict[int, float]
    tpt: dict[int, float]
    pdrb: dict[int, float]
    pop: dict[int, float]


def local_data(series: RegionSeries, prep=None) -> Local:
    """Totals with the labour-force identities (as :func:`engine.prepare`) plus TPT (from
    counts where they exist, else the published rate) and the population projection points."""
    from .engine import prepare

    prep = prep or prepare(series)
    t = prep.totals
    tpt = _clean(series.total("TPT").to_dict())
    ak, kk, u = _clean(t["AK"]), _clean(t["KK"]), _clean(t["PENGANGGUR"])
    for y in set(ak) & set(u):
        if ak[y] > 0:
            tpt[y] = 100 * u[y] / ak[y]
    # AK = 100 × PENGANGGUR / TPT where only the unemployed and the published rate exist (KK = AK − PENGANGGUR)
    for y in set(u) & set(tpt):
        if y not in ak and tpt[y] > 0:
            ak[y] = 100 * u[y] / tpt[y]
            kk.setdefault(y, ak[y] - u[y])
    return Local(series.region_code, series.region_name, _clean(t["PUK"]), ak, kk,
                 u, _clean(t["TPAK"]), tpt, _clean(t["PDRB"]), _clean(series.total("PENDUDUK").to_dict()))


def full_local(loc: Local, base: int) -> bool:
    """Whether a region has what the full local method needs at ``base``: AK and KK."""
    return base in loc.ak and base in loc.kk


def default_base_year(series: RegionSeries) -> int | None:
    """The latest year with the data method v2 needs: AK and KK of the region (or of its
    province, for a regency/city projected down the ladder)."""
    loc = local_data(series)
    both = sorted(set(loc.ak) & set(loc.kk))
    if series.parent is not None:
        pb = default_base_year(series.parent)
        if pb is not None:
            return pb
    return both[-1] if both else None


# --------------------------------------------------------------------------------------
# The projection
# --------------------------------------------------------------------------------------
@dataclass
class _Path:
    values: dict[int, float]
    method: str


def project_v2(series: RegionSeries, base_year: int | None, end_year: int, scenarios, *, ikn: IknParams | None = None,
               params: MethodParams | None = None) -> ProjectionResult:
    """Method v2 for every scenario (with and without IKN when ``ikn`` is given, as
    :func:`~sinergi.core.rtk.project`). ``base_year`` ``None`` = :func:`default_base_year`."""
    from .engine import _as_list, _unique, ikn_problems, prepare, run_problems, scenario_runs

    params = params or MethodParams()
    scen = _as_list(scenarios)
    if base_year is None:
        base_year = default_base_year(series)
        if base_year is None:
            raise ValidationFailed([Problem(
                code="DATA_DASAR_KURANG",
                message=f"Wilayah {series.region_code} {series.region_name}".rstrip() +
                        ": tidak ada tahun dengan angkatan kerja (AK) dan penduduk bekerja (KK) sekaligus.",
                fix="Lengkapi data wilayah (AK dan KK, atau KK dan PENGANGGUR) untuk paling sedikit satu tahun.",
                column="AK, KK")])
    base_year, end_year = int(base_year), int(end_year)
    problems = run_problems(base_year, end_year, scen)
    prep = prepare(series)
    loc = local_data(series, prep)
    problems += validate_parameters(scen, params, base_tpak=loc.tpak.get(base_year), years=max(1, end_year - base_year))
    problems += ikn_problems(series, ikn, scen, "pakai parameter IKN bagian wilayah ini")
    if problems:
        raise ValidationFailed(problems)
    runs = scenario_runs(scen, ikn)
    years = list(range(base_year + 1, end_year + 1))
    notes: list[str] = []
    local = full_local(loc, base_year)
    parent_result = None
    if not local:
        if series.parent is None:
            raise ValidationFailed([Problem(
                code="DATA_DASAR_KURANG",
                message=f"Wilayah {series.region_code} {series.region_name}".rstrip() +
                        f": AK dan KK tahun dasar {base_year} tidak lengkap (AK: {', '.join(map(str, sorted(loc.ak))) or '-'}; "
                        f"KK: {', '.join(map(str, sorted(loc.kk))) or '-'}), dan tidak ada data provinsi untuk diturunkan.",
                fix="Pilih tahun dasar yang punya AK dan KK, atau lengkapi data wilayah.", column="AK, KK", value=str(base_year))])
        parent_runs = [replace(s, ikn=None) if s.ikn is not None and s.ikn.regions and series.parent.region_code not in s.ikn.regions
                       else s for s in runs]
        parent_result = project_v2(series.parent, base_year, end_year, parent_runs, params=params)
    results: dict[str, ScenarioResult] = {}
    floor = params.frictional_floor if params.frictional_floor is not None else default_floor(loc.tpt)
    fell_back = False
    if local and series.parent is not None:
        try:  # a region with AK and KK at the base year but not enough to project them falls back to the ladder
            _run_local(series, loc, runs[0], base_year, years, params, floor, prep)
        except ValidationFailed as exc:
            local, fell_back = False, True
            notes.append(f"Data wilayah sendiri belum cukup untuk metode lengkap ({exc.problems[0].message}); dipakai tangga "
                         "metode dari proyeksi provinsi.")
            parent_runs = [replace(s, ikn=None) if s.ikn is not None and s.ikn.regions and series.parent.region_code not in s.ikn.regions
                           else s for s in runs]
            parent_result = project_v2(series.parent, base_year, end_year, parent_runs, params=params)
    for s in runs:
        if local:
            res = _run_local(series, loc, s, base_year, years, params, floor, prep)
        else:
            pres = parent_result.scenarios.get(s.name) or next(iter(parent_result.scenarios.values()))
            res = _run_ladder(series, loc, s, base_year, years, pres, floor)
        results[s.name] = res
    for r in results.values():  # run-wide notes (the same in every scenario) belong to the result
        notes.extend(n for n in r.notes if n.startswith(("Data kesempatan kerja menurut sektor", "Data sektor tidak lengkap")))
    if not local and not fell_back:
        notes.append(f"Wilayah {series.region_code} tidak punya AK dan KK tahun {base_year}; angkanya diturunkan dari proyeksi "
                     f"provinsi menurut tangga metode (kolom method).")
    notes.append(f"Lantai pengangguran friksional {_id(floor, 2)} %"
                 + (" (ditetapkan pengguna)." if params.frictional_floor is not None else
                    " (bawaan: 0,6 × TPT terendah yang pernah tercatat di wilayah ini, paling rendah 2 %)."))
    actual_rows = []
    for var, d in (("PUK", loc.puk), ("TPAK", loc.tpak), ("AK", loc.ak), ("KK", loc.kk), ("PENGANGGUR", loc.u), ("TPT", loc.tpt)):
        for y in years:
            if y in d:
                actual_rows.append({"year": y, "variable": var, "value": d[y]})
    res = ProjectionResult(
        region_code=series.region_code, region_name=series.region_name, base_year=base_year, end_year=end_year,
        scenarios=results, window=next(iter(results.values())).elasticities[0].window if results else (base_year, base_year),
        supply_window={}, supply_method=_supply_label(results), sector_detail=_sector_detail(results),
        provenance=pd.DataFrame(columns=["year", "variable", "sector", "value", "source", "note", "caveat", "derived", "role"]),
        notes=_unique(notes), method_version=METHOD_V2_VERSION,
    )
    res.method = "v2"
    res.params = params.to_dict() | {"frictional_floor": floor}
    res.actuals = pd.DataFrame(actual_rows, columns=["year", "variable", "value"])
    res.provenance = _provenance_v2(series, base_year, local)
    return res


def _supply_label(results) -> str:
    r = next(iter(results.values()), None)
    if r is None:
        return ""
    t = r.table
    m = t[(t["variable"] == "PUK") & (t["group"] == "") & (t["method"] != "data")]["method"]
    return m.iloc[0] if len(m) else ""


def _sector_detail(results) -> str:
    r = next(iter(results.values()), None)
    return getattr(r, "sector_detail", "total") if r is not None else "total"


def _provenance_v2(series: RegionSeries, base_year: int, local: bool) -> pd.DataFrame:
    d = series.data
    used = d[(d["year"] <= base_year) | (d["variable"] == "PENDUDUK")]
    rows = [{"year": int(r.year), "variable": r.variable, "sector": r.sector, "value": float(r.value), "source": r.source,
             "note": r.note, "caveat": r.caveat, "derived": "", "role": "data wilayah"} for r in used.itertuples()]
    if not local and series.parent is not None:
        p = series.parent.data
        p = p[(p["year"] <= base_year) | (p["variable"] == "PENDUDUK")]
        rows += [{"year": int(r.year), "variable": r.variable, "sector": r.sector, "value": float(r.value), "source": r.source,
                  "note": r.note, "caveat": r.caveat, "derived": "", "role": "data provinsi (turunan)"} for r in p.itertuples()]
    return pd.DataFrame(rows, columns=["year", "variable", "sector", "value", "source", "note", "caveat", "derived", "role"])


def _pdrb_path(loc: Local, s: Scenario, base: int, years: list[int]) -> dict[int, float]:
    """PDRB level path: the base-year level (or the last level chained with scenario growth)."""
    have = [y for y in loc.pdrb if y <= base]
    if not have:
        return {}
    y0 = max(have)
    level, out = loc.pdrb[y0], {}
    for t in range(y0 + 1, base + 1):
        level *= 1 + s.growth_for(t) / 100
    out[base] = level
    for t in years:
        level *= 1 + s.growth_for(t) / 100
        out[t] = level
    return out


def _puk_path(loc: Local, base: int, years: list[int], s: Scenario, params: MethodParams, notes: list[str]) -> _Path:
    puk0 = loc.puk.get(base)
    if puk0 is None and base in loc.ak and base in loc.tpak and loc.tpak[base] > 0:
        puk0 = 100 * loc.ak[base] / loc.tpak[base]
    if puk0 is None:
        raise ValidationFailed([Problem(code="DATA_PERSEDIAAN_KURANG",
                                        message=f"PUK tahun dasar {base} tidak ada dan tidak dapat diturunkan (perlu PUK, atau AK dan TPAK).",
                                        fix="Lengkapi PUK atau TPAK tahun dasar.", column="PUK", value=str(base))])
    if s.puk_growth is not None:
        notes.append(f"Laju PUK ditetapkan skenario: {s.puk_growth} % per tahun.")
        return _Path({t: puk0 * (1 + s.puk_growth / 100) ** (t - base) for t in years} | {base: puk0}, "skenario")
    pop = loc.pop
    if len(pop) >= 2 and min(pop) <= base and max(pop) > base:
        p = interpolate_geometric(pop, [base] + years)
        ratio = puk0 / p[base]
        notes.append(
            f"PUK mengikuti proyeksi penduduk BPS hasil SP2020 (titik {', '.join(f'{y}: {_id(v, 0)}' for y, v in sorted(pop.items()))}; "
            f"antar titik diinterpolasi geometris); rasio PUK/penduduk tahun dasar {_id(ratio, 3)} ditahan tetap "
            f"(proyeksi BPS tidak memuat rincian umur 15+).")
        return _Path({t: ratio * p[t] for t in years} | {base: puk0}, "proyeksi_penduduk")
    pairs = growth_pairs(loc.puk, base, "PUK", params.window_years)
    crossed = False
    if _span(pairs) < 2:
        wide = growth_pairs(loc.puk, base, "PUK", params.window_years, across_break=True)
        if _span(wide) >= 2:
            pairs, crossed = wide, True
    if _span(pairs) >= 2:
        r = _mean_rate(pairs)
        spans = ", ".join(f"{a}–{b}" for a, b, _ in pairs)
        notes.append(f"PUK: tren teredam dari laju rata-rata {_id(100 * r, 2)} % per tahun ({spans}; tidak pernah satu tahun saja)"
                     + (f"; PERHATIAN: rentang ini melintasi peralihan bobot Sakernas {SAKERNAS_BREAK_YEAR - 1}→{SAKERNAS_BREAK_YEAR} "
                        f"karena tidak ada rentang lain" if crossed else
                        f"; peralihan bobot Sakernas {SAKERNAS_BREAK_YEAR - 1}→{SAKERNAS_BREAK_YEAR} tidak dipakai")
                     + f"), peredam φ = {_id(params.damping, 2)}.")
        return _Path(damped_path(puk0, r, years, base, params.damping, multiplicative=True) | {base: puk0}, "tren_teredam")
    raise ValidationFailed([Problem(code="DATA_PERSEDIAAN_KURANG",
                                    message=f"PUK tidak dapat diproyeksikan: tidak ada proyeksi penduduk dan kurang dari dua laju tahunan PUK "
                                            f"(tahun PUK: {', '.join(map(str, sorted(loc.puk))) or '-'}).",
                                    fix="Lengkapi PUK beberapa tahun atau proyeksi penduduk (PENDUDUK).", column="PUK")])


def _ak_fallback(loc: Local, base: int, years: list[int], params: MethodParams, notes: list[str], why: str) -> _Path:
    """AK by its own damped trend when PUK cannot be projected (spans of ≥ 2 years, the
    re-weighting span only when there is no other); PUK and TPAK are then not projected."""
    pairs = growth_pairs(loc.ak, base, "AK", params.window_years)
    crossed = False
    if _span(pairs) < 2:
        wide = growth_pairs(loc.ak, base, "AK", params.window_years, across_break=True)
        if _span(wide) >= 2:
            pairs, crossed = wide, True
    if _span(pairs) < 2:
        raise ValidationFailed([Problem(
            code="DATA_PERSEDIAAN_KURANG",
            message=f"{why} AK juga hanya ada untuk tahun {', '.join(map(str, sorted(loc.ak))) or '-'} "
                    f"(perlu rentang pertumbuhan sepanjang paling sedikit dua tahun dalam {params.window_years} tahun terakhir).",
            fix="Lengkapi PUK/TPAK atau AK beberapa tahun.", column="PUK, TPAK, AK", value=str(base))])
    r = _mean_rate(pairs)
    notes.append(f"Persediaan: PUK tidak dapat diproyeksikan ({why}); AK memakai tren teredamnya sendiri, laju rata-rata "
                 f"{_id(100 * r, 2)} % per tahun ({', '.join(f'{a}–{b}' for a, b, _ in pairs)}"
                 + ("; melintasi peralihan bobot Sakernas karena tidak ada rentang lain" if crossed else "")
                 + f"), φ = {_id(params.damping, 2)}; PUK dan TPAK tidak diproyeksikan.")
    return _Path(damped_path(loc.ak[base], r, years, base, params.damping, multiplicative=True) | {base: loc.ak[base]},
                 "tren_teredam")


def tpak_paths_by_sex(series: RegionSeries, base: int, years: list[int], params: MethodParams):
    """``(history, paths)`` of TPAK by sex from ``base`` — each sex its own damped trend within its
    own historical range — or ``None`` unless both series have ≥ 3 of the window's years up to the
    base year, the base year included. ``history``/``paths``: sex → {year: TPAK}."""
    g = series.groups
    if g is None or g.empty:
        return None
    g = g[(g["dimension"] == "jenis_kelamin") & (g["variable"] == "TPAK") & (g["year"] <= base)
          & (g["year"] >= base - params.window_years)]
    hist = {sex: {int(r.year): float(r.value) for r in g[g["group"] == sex].itertuples()} for sex in ("laki_laki", "perempuan")}
    if any(len(h) < 3 or base not in h for h in hist.values()):
        return None
    paths = {}
    for sex, h in hist.items():
        xs = np.array(sorted(h), dtype=float)
        slope = float(np.polyfit(xs, [h[int(x)] for x in xs], 1)[0])
        paths[sex] = damped_path(h[base], slope, years, base, params.damping, multiplicative=False,
                                 lo=min(h.values()), hi=max(h.values()))
    return hist, paths


def _tpak_by_sex(series: RegionSeries, base: int, years: list[int], params: MethodParams, tpak0: float,
                 notes: list[str]) -> _Path | None:
    """TPAK by sex where both series exist (groups ``jenis_kelamin`` ``laki_laki`` and
    ``perempuan``, TPAK in ≥ 3 of the window's years, both at the base year): each sex its own
    damped trend within its own historical range, combined with the base-year weight w that
    reproduces the total (TPAK = w·TPAK_L + (1 − w)·TPAK_P, w held)."""
    found = tpak_paths_by_sex(series, base, years, params)
    if found is None:
        return None
    hist, paths = found
    m0, f0 = hist["laki_laki"][base], hist["perempuan"][base]
    if abs(m0 - f0) < 1e-9:
        return None
    w = (tpak0 - f0) / (m0 - f0)
    if not 0 <= w <= 1:
        return None
    notes.append(f"TPAK menurut jenis kelamin: tren teredam masing-masing (φ = {_id(params.damping, 2)}), dibatasi rentang "
                 f"historisnya; digabung dengan bobot laki-laki {_id(w, 3)} dari tahun dasar.")
    out = {t: w * paths["laki_laki"][t] + (1 - w) * paths["perempuan"][t] for t in years}
    return _Path(out | {base: tpak0}, "tren_teredam")


def _tpak_path(loc: Local, base: int, years: list[int], s: Scenario, params: MethodParams, puk0: float,
               notes: list[str], series: RegionSeries | None = None) -> _Path:
    tpak0 = loc.tpak.get(base)
    if tpak0 is None and base in loc.ak:
        tpak0 = 100 * loc.ak[base] / puk0
    if s.tpak_growth is not None:
        notes.append(f"Laju TPAK ditetapkan skenario: {s.tpak_growth} % per tahun.")
        return _Path({t: min(100.0, tpak0 * (1 + s.tpak_growth / 100) ** (t - base)) for t in years} | {base: tpak0}, "skenario")
    by_sex = _tpak_by_sex(series, base, years, params, tpak0, notes) if series is not None else None
    if by_sex is not None:
        return by_sex
    hist = {y: v for y, v in loc.tpak.items() if base - params.window_years <= y <= base}
    if len(hist) >= 3:
        xs = np.array(sorted(hist), dtype=float)
        slope = float(np.polyfit(xs, [hist[int(x)] for x in xs], 1)[0])
        lo, hi = min(hist.values()), max(hist.values())
        notes.append(f"TPAK: tren teredam dari {int(xs[0])}–{int(xs[-1])} (kemiringan {_id(slope, 2)} poin per tahun, φ = "
                     f"{_id(params.damping, 2)}), dibatasi rentang historis {_id(lo, 2)}–{_id(hi, 2)} %.")
        lo, hi = min(lo, tpak0), max(hi, tpak0)
        return _Path(damped_path(tpak0, slope, years, base, params.damping, multiplicative=False, lo=lo, hi=hi) | {base: tpak0},
                     "tren_teredam")
    notes.append(f"TPAK: kurang dari tiga tahun data dalam {params.window_years} tahun terakhir; TPAK ditahan pada tingkat tahun dasar.")
    return _Path({t: tpak0 for t in years} | {base: tpak0}, "tren_teredam")


def _elasticity(loc: Local, base: int, params: MethodParams) -> Elasticity:
    if params.elasticity is not None:
        return Elasticity(sector="", value=float(params.elasticity), form="ditetapkan", window=(base, base),
                          fallback="elastisitas ditetapkan pengguna")
    both = [y for y in loc.kk if y in loc.pdrb and y <= base]
    upto = max(both) if both else base  # the window ends at the latest year with both KK and PDRB
    kk_pairs = growth_pairs(loc.kk, upto, "KK", params.window_years)
    return regression_elasticity(kk_pairs, loc.pdrb, params)


def _run_local(series: RegionSeries, loc: Local, s: Scenario, base: int, years: list[int], params: MethodParams,
               floor: float, prep) -> ScenarioResult:
    notes: list[str] = []
    rows: list[tuple] = []
    add = rows.append
    ak_method = "identitas"
    try:
        puk = _puk_path(loc, base, years, s, params, notes)
    except ValidationFailed as exc:
        if series.parent is not None:
            raise  # a regency/city then goes down the ladder, which keeps PUK and TPAK
        puk = None
        why = exc.problems[0].message
    if puk is not None:
        tpak = _tpak_path(loc, base, years, s, params, puk.values[base], notes, series)
        ak = {t: puk.values[t] * tpak.values[t] / 100 for t in [base] + years}
    else:
        ak_path = _ak_fallback(loc, base, years, params, notes, why)
        ak, ak_method = ak_path.values, ak_path.method
        puk = tpak = None
    ak[base] = loc.ak[base]
    el = _elasticity(loc, base, params)
    notes.append(f"Elastisitas kesempatan kerja {_id(el.value, 3)} ({el.fallback}).")
    kk0 = loc.kk[base]
    u0 = max(0.0, ak[base] - kk0)
    tpt0 = 100 * u0 / ak[base]
    ikn_kk = {t: 0.0 for t in years}
    ikn_ak = {t: 0.0 for t in years}
    if s.ikn is not None:
        eff = s.ikn.effects(base, years)
        for r in eff.itertuples():
            ikn_kk[int(r.year)] += float(r.kk_add)
            ikn_ak[int(r.year)] += float(r.ak_add)
        if puk is not None and puk.method == "proyeksi_penduduk":
            notes.append("Modul IKN: tambahan pekerja masuk ke permintaan; migran IKN tidak ditambahkan lagi ke PUK/AK karena "
                         "proyeksi penduduk BPS sudah memuat penduduk IKN.")
            ikn_ak = {t: 0.0 for t in years}
        else:
            for t in years:
                ak[t] += ikn_ak[t]
                if puk is not None:
                    puk.values[t] += ikn_ak[t]
    demand = {base: kk0}
    prev = kk0
    for t in years:
        prev = prev * (1 + el.value * s.growth_for(t) / 100)
        demand[t] = prev
    for t in years:
        demand[t] += ikn_kk[t]
    tpt, kk, u, short = {base: tpt0}, {base: kk0}, {base: u0}, {base: 0.0}
    lam = params.pass_through
    floored = False
    for t in years:
        balance = 100 * (1 - demand[t] / ak[t])
        x = tpt0 + lam * (balance - tpt0)
        if x < floor:
            floored = True
        x = max(floor, x)
        tpt[t] = x
        u[t] = ak[t] * x / 100
        kk[t] = ak[t] - u[t]
        short[t] = max(0.0, demand[t] - ak[t] * (1 - floor / 100))
    notes.append(
        f"Neraca: TPT berjangkar pada {_id(tpt0, 2)} % ({base}) dan bergerak {_id(100 * lam, 0)} % dari selisih antara TPT "
        f"neraca (AK terhadap permintaan elastisitas) dan jangkar; tidak pernah di bawah lantai friksional {_id(floor, 2)} %."
        + (" Lantai tercapai; permintaan di atasnya dicatat sebagai KEKURANGAN (dipenuhi migrasi atau komuter)." if floored else ""))
    pdrb = _pdrb_path(loc, s, base, years)
    bm = "data"
    for t in [base] + years:
        m = bm if t == base else None
        if puk is not None:
            add((t, "PUK", "", puk.values[t], m or puk.method))
            add((t, "TPAK", "", 100 * ak[t] / puk.values[t], m or tpak.method))
        add((t, "AK", "", ak[t], m or ak_method))
        add((t, "KK", "", kk[t], m or "neraca"))
        add((t, "KK_PERMINTAAN", "", demand[t], m or "elastisitas"))
        add((t, "PENGANGGUR", "", u[t], m or "neraca"))
        add((t, "TPT", "", tpt[t], m or "neraca"))
        add((t, "KEKURANGAN", "", short[t], m or "neraca"))
        if t in pdrb:
            add((t, "PDRB", "", pdrb[t], "data" if (t == base and base in loc.pdrb) else "skenario"))
            add((t, "PRODUKTIVITAS", "", 1000 * pdrb[t] / kk[t], m or "identitas"))
        if t != base:
            add((t, "PDRB_TUMBUH", "", s.growth_for(t), "skenario"))
            add((t, "TAMBAHAN_KK", "", kk[t] - kk[t - 1], "identitas"))
            if s.ikn is not None:
                add((t, "IKN_KK", "", ikn_kk[t], "ikn"))
                add((t, "IKN_AK", "", ikn_ak[t], "ikn"))
    elasticities = [el]
    sector_rows, detail = _sector_rows(series, prep, s, base, years, kk, el, params, elasticities, notes)
    rows += sector_rows
    rows += _group_rows_v2(prep, base, [base] + years, kk, ak, puk.values if puk is not None else {}, notes)
    table = pd.DataFrame(rows, columns=["year", "variable", "group", "value", "method"])
    table["year"] = table["year"].astype(int)
    res = ScenarioResult(scenario=s, table=table, elasticities=elasticities, notes=_uniq(notes))
    res.sector_detail = detail
    return res


def _sector_rows(series, prep, s, base, years, kk, agg, params, elasticities, notes):
    """KK by sector where the data have it (normalised to the 17 categories or 9 sectors as in
    the first method, :func:`engine.sector_data`): each sector's elasticity estimated like the
    total and shrunk towards the aggregate E; the sector paths are then scaled so they sum to
    the projected total KK every year (reconciled). Also PDRB, its growth, productivity and
    TAMBAHAN_KK by sector."""
    from .engine import sector_data

    d = series.data
    if not ((d["variable"] == "KK") & (d["sector"] != "")).any():
        notes.append("Data kesempatan kerja menurut sektor tidak tersedia; proyeksi memakai total saja.")
        return [], "total"
    a, b = agg.window if agg.window and agg.window[0] < agg.window[1] else (base - 3, base)
    sd = sector_data(prep, (a, min(b, base)), base)
    if not sd.codes:
        notes.append(sd.note)
        return [], "total"
    paths, pdrb = {}, {}
    for c in sd.codes:
        kp = growth_pairs(sd.kk[c].dropna().to_dict(), base, "KK", params.window_years)
        yp = sd.pdrb[c].dropna().to_dict() if c in sd.pdrb.columns else {}
        e = regression_elasticity(kp, yp, params, sector=c, prior=agg.value) if kp and yp else \
            Elasticity(sector=c, value=agg.value, form=agg.form, window=agg.window, fallback="data sektor kurang; dipakai elastisitas agregat")
        elasticities.append(e)
        v = float(sd.kk.at[base, c])
        p = {base: v}
        y0 = yp.get(base)
        q = {base: float(y0)} if y0 else {}
        for t in years:
            g = s.growth_for(t, c) / 100
            v *= 1 + e.value * g
            p[t] = v
            if q:
                q[t] = q[t - 1] * (1 + g)
        paths[c], pdrb[c] = p, q
    out = []
    for t in [base] + years:
        tot = sum(paths[c][t] for c in sd.codes)
        for c in sd.codes:
            gk = group_key("sektor", c)
            k = paths[c][t] * kk[t] / tot
            out.append((t, "KK", gk, k, "data" if t == base else "elastisitas"))
            if t in pdrb[c]:
                out.append((t, "PDRB", gk, pdrb[c][t], "data" if t == base else "skenario"))
                out.append((t, "PRODUKTIVITAS", gk, 1000 * pdrb[c][t] / k if k > 0 else float("nan"), "identitas"))
            if t != base:
                prev = paths[c][t - 1] * kk[t - 1] / sum(paths[x][t - 1] for x in sd.codes)
                out.append((t, "TAMBAHAN_KK", gk, k - prev, "identitas"))
                out.append((t, "PDRB_TUMBUH", gk, s.growth_for(t, c), "skenario"))
    notes.append(f"KK menurut {sd.detail} ({len(sd.codes)} sektor): elastisitas per sektor disusutkan ke elastisitas agregat; "
                 "jumlah sektor diselaraskan dengan total setiap tahun." + (f" {sd.note}" if sd.note else ""))
    return out, sd.detail


def _group_rows_v2(prep, base, years, kk, ak, puk, notes):
    from .engine import _group_rows

    if prep.series.groups is None or prep.series.groups.empty:
        return []
    rows = _group_rows(prep, base, years, kk, ak, puk, notes)
    return [(t, v, g, x, "data" if t == base else "pangsa") for (t, v, g, x) in rows]


def _run_ladder(series: RegionSeries, loc: Local, s: Scenario, base: int, years: list[int], prov: ScenarioResult,
                floor: float) -> ScenarioResult:
    """A region without AK and KK at the base year, from the province's projection:
    AK and PUK = the region's latest own share of the province's value (``laju_provinsi``: its
    own level moved with the province's growth) or its population share (``turunan_provinsi``);
    TPT = its latest own TPT moved in proportion to the province's TPT (``laju_provinsi``), or
    the province's TPT (``turunan_provinsi``); KK = AK − PENGANGGUR."""
    notes: list[str] = []
    P = {v: prov.series(v) for v in ("PUK", "AK", "KK", "TPT", "KEKURANGAN", "TPAK")}
    pops = _pop_share(series, loc)
    all_years = [base] + years

    ploc = local_data(series.parent)

    def province_at(var: str, y: int) -> float | None:
        d = {"PUK": ploc.puk, "AK": ploc.ak, "KK": ploc.kk, "TPT": ploc.tpt, "TPAK": ploc.tpak}[var]
        if y in d:
            return d[y]
        ser = P[var]
        return float(ser[y]) if y in ser.index else None

    def share_path(var: str, own: dict[int, float], like: _Path | None = None) -> _Path:
        ys = [y for y in sorted(own) if y <= base and province_at(var, y)]
        if ys:
            y = ys[-1]
            sh = own[y] / province_at(var, y)
            notes.append(f"{var}: pangsa wilayah {_id(100 * sh, 2)} % dari provinsi ({y}, data wilayah) × proyeksi provinsi.")
            return _Path({t: sh * float(P[var][t]) for t in all_years}, "laju_provinsi")
        if pops is None and like is not None:
            sh = like.values[base] / float(P["AK"][base])
            notes.append(f"{var}: tanpa {var} sendiri dan tanpa penduduk SP2020, dipakai pangsa AK wilayah "
                         f"({_id(100 * sh, 2)} %), yaitu TPAK wilayah dianggap sama dengan TPAK provinsi.")
            return _Path({t: sh * float(P[var][t]) for t in all_years}, "turunan_provinsi")
        if pops is None:
            raise ValidationFailed([Problem(code="DATA_WILAYAH_KURANG",
                                            message=f"Wilayah {series.region_code}: tidak ada {var} sendiri dan tidak ada penduduk SP2020 untuk pangsa.",
                                            fix="Lengkapi data wilayah.", column=var)])
        notes.append(f"{var}: pangsa penduduk wilayah {_id(100 * pops, 2)} % (SP2020) × proyeksi provinsi.")
        return _Path({t: pops * float(P[var][t]) for t in all_years}, "turunan_provinsi")

    ak = share_path("AK", loc.ak)
    own_puk = dict(loc.puk)
    for y in set(loc.ak) & set(loc.tpak):
        own_puk.setdefault(y, 100 * loc.ak[y] / loc.tpak[y])
    puk = share_path("PUK", own_puk, like=ak)
    pop = loc.pop
    own_projection = len(pop) >= 2 and min(pop) <= base and max(pop) > base
    if own_projection:
        # the region's own BPS SP2020-based projection moves its PUK; participation moves with the province's
        pp = interpolate_geometric(pop, all_years)
        tpak0 = ak.values[base] / puk.values[base]
        ptpak = {t: float(P["AK"][t]) / float(P["PUK"][t]) for t in all_years}
        puk = _Path({t: puk.values[base] * pp[t] / pp[base] for t in all_years}, "proyeksi_penduduk")
        ak = _Path({t: puk.values[t] * tpak0 * ptpak[t] / ptpak[base] for t in all_years}, "identitas")
        notes.append(
            f"PUK mengikuti proyeksi penduduk BPS hasil SP2020 wilayah ini (titik {', '.join(f'{y}: {_id(v, 0)}' for y, v in sorted(pop.items()))}; "
            f"antar titik diinterpolasi geometris) dari tingkat tahun dasar {_id(puk.values[base], 0)}; TPAK wilayah bergerak "
            f"sebanding dengan TPAK provinsi; AK = PUK × TPAK.")
    tpt, tpt_method = _ladder_tpt(loc, base, all_years, floor, province_at, P["TPT"], notes)
    ikn_kk, ikn_ak = _ladder_ikn(s, base, years, own_projection, notes)
    rows = []
    for t in all_years:
        m = "data" if t == base and base in loc.ak else None
        a0 = ak.values[t]
        a = a0 + ikn_ak[t]
        puk.values[t] += ikn_ak[t]
        u_no_ikn = a0 * tpt[t] / 100
        u = max(a * floor / 100, u_no_ikn - (ikn_kk[t] - ikn_ak[t]))
        extra_short = max(0.0, (ikn_kk[t] - ikn_ak[t]) - (u_no_ikn - u))
        if s.ikn is not None and t != base:
            tpt[t] = 100 * u / a
        k = a - u
        rows.append((t, "PUK", "", puk.values[t], "data" if t == base and base in loc.puk else puk.method))
        rows.append((t, "AK", "", a, m or ak.method))
        rows.append((t, "TPAK", "", 100 * a / puk.values[t], m or ("laju_provinsi" if own_projection else ak.method)))
        rows.append((t, "TPT", "", tpt[t], "data" if t == base and base in loc.tpt else tpt_method))
        rows.append((t, "PENGANGGUR", "", u, tpt_method))
        rows.append((t, "KK", "", k, tpt_method))
        sh = a0 / float(P["AK"][t]) if float(P["AK"][t]) else 0.0
        rows.append((t, "KEKURANGAN", "", sh * float(P["KEKURANGAN"][t]) + extra_short if t in P["KEKURANGAN"].index else 0.0,
                     "turunan_provinsi"))
        if t != base:
            rows.append((t, "TAMBAHAN_KK", "", k - _last_k(rows, t - 1), "identitas"))
            if s.ikn is not None:
                rows.append((t, "IKN_KK", "", ikn_kk[t], "ikn"))
                rows.append((t, "IKN_AK", "", ikn_ak[t], "ikn"))
    table = pd.DataFrame(rows, columns=["year", "variable", "group", "value", "method"])
    table["year"] = table["year"].astype(int)
    el = next((e for e in prov.elasticities if e.sector == ""), None)
    els = [replace(el, fallback=(el.fallback + "; elastisitas provinsi")) ] if el is not None else []
    return ScenarioResult(scenario=s, table=table, elasticities=els, notes=_uniq(notes))


def _ladder_tpt(loc: Local, base: int, all_years: list[int], floor: float, province_at, prov_tpt: pd.Series,
                notes: list[str]) -> tuple[dict[int, float], str]:
    """The region's TPT on the ladder: its latest own TPT moved with the province's, or the province's."""
    ys = [y for y in sorted(loc.tpt) if y <= base and province_at("TPT", y)]
    if ys:
        y = ys[-1]
        ratio = loc.tpt[y] / province_at("TPT", y)
        tpt = {t: max(floor, ratio * float(prov_tpt[t])) for t in all_years}
        tpt_method = "laju_provinsi"
        notes.append(f"TPT: TPT wilayah {y} ({_id(loc.tpt[y], 2)} %) bergerak sebanding dengan TPT provinsi "
                     f"(rasio {_id(ratio, 3)}); lantai friksional {_id(floor, 2)} %.")
    else:
        tpt = {t: max(floor, float(prov_tpt[t])) for t in all_years}
        tpt_method = "turunan_provinsi"
        notes.append("TPT: wilayah tidak punya TPT sendiri; dipakai TPT provinsi.")
    return tpt, tpt_method


def _ladder_ikn(s: Scenario, base: int, years: list[int], own_projection: bool, notes: list[str]) -> tuple[dict[int, float], dict[int, float]]:
    """IKN jobs and settling migrants by year on the ladder (no migrants where the population projection has them)."""
    all_years = [base] + years
    ikn_kk = {t: 0.0 for t in all_years}
    ikn_ak = {t: 0.0 for t in all_years}
    if s.ikn is not None:
        for r in s.ikn.effects(base, years).itertuples():
            ikn_kk[int(r.year)] += float(r.kk_add)
            ikn_ak[int(r.year)] += float(r.ak_add)
        if own_projection:
            notes.append("Modul IKN: proyeksi penduduk BPS wilayah ini sudah memuat pendatang IKN, jadi migran tidak ditambahkan "
                         "lagi ke PUK/AK; pekerjaan IKN menyerap penganggur setempat sampai lantai friksional, sisanya KEKURANGAN.")
            ikn_ak = {t: 0.0 for t in all_years}
        else:
            notes.append("Modul IKN: pendatang yang menetap menambah AK dan PUK wilayah; pekerjaan IKN di atas jumlah pendatang "
                         "menyerap penganggur setempat sampai lantai friksional, sisanya menjadi KEKURANGAN.")
    return ikn_kk, ikn_ak


def _last_k(rows, year):
    for r in rows:
        if r[0] == year and r[1] == "KK" and r[2] == "":
            return r[3]
    return float("nan")


def _pop_share(series: RegionSeries, loc: Local) -> float | None:
    """The region's share of the province's population in the SP2020 census year (2020)."""
    if series.parent is None:
        return None
    ppop = _clean(series.parent.total("PENDUDUK").to_dict())
    for y in sorted(set(loc.pop) & set(ppop)):
        if y == 2020 or len(set(loc.pop) & set(ppop)) == 1:
            return loc.pop[y] / ppop[y]
    common = sorted(set(loc.pop) & set(ppop))
    return loc.pop[common[0]] / ppop[common[0]] if common else None


def _uniq(items):
    seen, out = set(), []
    for i in items:
        if i and i not in seen:
            seen.add(i)
            out.append(i)
    return out

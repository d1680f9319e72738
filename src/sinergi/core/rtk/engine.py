"""The projection: supply (PUK, TPAK, AK), demand (KK by sector through the employment
elasticity), balance (PENGANGGUR, TPT, KEKURANGAN), breakdowns and the IKN shock.

Formulas follow METHOD.md §3; docs/rtk.md describes them as implemented.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sinergi.core.numbers import format_id as _id
from sinergi.core.problems import Problem, ValidationFailed

from .model import (
    ELASTICITY_FORMS,
    Elasticity,
    IknParams,
    ProjectionResult,
    RegionSeries,
    Scenario,
    ScenarioResult,
    group_key,
)

#: |compound PDRB growth| below this (fraction per year) makes an elasticity meaningless.
MIN_OUTPUT_GROWTH = 0.005
#: How far back the default window may start (years before its end year).
DEFAULT_WINDOW_SPAN = 3
MAX_WINDOW_SPAN = 5
FIX_DATA = (
    "Lengkapi data wilayah ini dengan berkas --data (format panjang region_code,year,variable,sector,value) "
    "atau isi templat impor tabel BPS (sinergi rtk templat), lalu jalankan ulang."
)


# --------------------------------------------------------------------------------------
# Preparation: one value per key, identities completed, provenance kept
# --------------------------------------------------------------------------------------
@dataclass
class Prepared:
    series: RegionSeries
    totals: dict[str, dict[int, float]]
    derived: dict[tuple[int, str], str]
    used: dict[tuple[int, str, str], set] = field(default_factory=dict)
    groups_used: set = field(default_factory=set)

    def get(self, variable: str, year: int) -> float | None:
        v = self.totals.get(variable, {}).get(year)
        return None if v is None or not math.isfinite(v) else v

    def years(self, variable: str) -> list[int]:
        return sorted(y for y, v in self.totals.get(variable, {}).items() if v is not None and math.isfinite(v))

    def use(self, year: int, variable: str, role: str, sector: str = "") -> None:
        self.used.setdefault((year, variable, sector), set()).add(role)
        if sector == "" and (year, variable) in self.derived:
            # a derived value also uses the observations it came from
            for src in _DERIVED_FROM.get(variable, ()):
                if self.get(src, year) is not None and (year, src) not in self.derived:
                    self.used.setdefault((year, src, ""), set()).add(role)


_DERIVED_FROM = {
    "AK": ("KK", "PENGANGGUR", "PUK", "TPAK"),
    "PENGANGGUR": ("AK", "KK"),
    "TPAK": ("AK", "PUK"),
    "PUK": ("AK", "TPAK"),
    "KK": ("AK", "PENGANGGUR"),
}


def prepare(series: RegionSeries) -> Prepared:
    """Totals by variable and year, with the labour-force identities filled in.

    TPAK is always 100·AK/PUK where both exist (the published rounded TPAK is only used when
    AK or PUK is missing); AK = KK + PENGANGGUR, PENGANGGUR = AK − KK, PUK = 100·AK/TPAK and
    KK = AK − PENGANGGUR fill gaps. Each filled value is recorded as derived.
    """
    totals: dict[str, dict[int, float]] = {}
    d = series.data
    d = d[d["sector"] == ""]
    by_var = {v: g for v, g in d.groupby("variable")} if len(d) else {}
    for var in ("PUK", "AK", "KK", "PENGANGGUR", "PDRB", "TPAK", "PUK_PROYEKSI"):
        g = by_var.get(var)
        totals[var] = {} if g is None else {
            int(y): float(v) for y, v in zip(g["year"], g["value"], strict=False) if math.isfinite(float(v))}
    derived: dict[tuple[int, str], str] = {}
    years = sorted({y for d in totals.values() for y in d})
    for y in years:
        ak, kk, u, puk, tpak = (totals[v].get(y) for v in ("AK", "KK", "PENGANGGUR", "PUK", "TPAK"))
        if ak is None and kk is not None and u is not None:
            ak = totals["AK"][y] = kk + u
            derived[(y, "AK")] = "AK = KK + PENGANGGUR"
        if ak is None and puk is not None and tpak is not None:
            ak = totals["AK"][y] = puk * tpak / 100
            derived[(y, "AK")] = "AK = PUK × TPAK / 100"
        if ak is not None and puk is not None:
            exact = 100 * ak / puk
            if tpak is None or abs(tpak - exact) > 1e-12:
                totals["TPAK"][y] = exact
                derived[(y, "TPAK")] = "TPAK = 100 × AK / PUK" + (
                    f" (angka terbit {_id(tpak, 2)} dibulatkan)" if tpak is not None else ""
                )
        elif ak is not None and tpak is not None and puk is None and tpak > 0:
            totals["PUK"][y] = 100 * ak / tpak
            derived[(y, "PUK")] = "PUK = 100 × AK / TPAK (TPAK terbit, dibulatkan)"
        if kk is None and ak is not None and u is not None:
            totals["KK"][y] = ak - u
            derived[(y, "KK")] = "KK = AK − PENGANGGUR"
        if u is None and ak is not None and kk is not None:
            totals["PENGANGGUR"][y] = max(0.0, ak - kk)
            derived[(y, "PENGANGGUR")] = "PENGANGGUR = AK − KK"
    return Prepared(series=series, totals=totals, derived=derived)


# --------------------------------------------------------------------------------------
# Windows and rates
# --------------------------------------------------------------------------------------
def cagr(start: float, end: float, years: int) -> float:
    """Compound annual growth rate (fraction) from ``start`` to ``end`` over ``years``."""
    if years <= 0:
        raise ValueError("rentang tahun harus positif")
    if start <= 0 or end <= 0:
        raise ValueError("nilai harus positif untuk laju majemuk")
    return (end / start) ** (1.0 / years) - 1.0


def default_window(prep: Prepared, base_year: int) -> tuple[int, int] | None:
    """The default elasticity window: it ends at the latest year ≤ base year with both KK and
    PDRB, and starts at the earliest year 1–3 years before that with both (if none, 4–5
    years before). ``None`` when the data support no window."""
    both = sorted(set(prep.years("KK")) & set(prep.years("PDRB")))
    ends = [y for y in both if y <= base_year]
    if not ends:
        return None
    end = ends[-1]
    for lo, hi in ((end - DEFAULT_WINDOW_SPAN, end - 1), (end - MAX_WINDOW_SPAN, end - DEFAULT_WINDOW_SPAN - 1)):
        starts = [y for y in both if lo <= y <= hi]
        if starts:
            return (starts[0], end)
    return None


def _span_for(prep: Prepared, variable: str, window: tuple[int, int], base_year: int) -> tuple[tuple[int, int] | None, str]:
    """Years whose values give ``variable``'s compound rate: the window's ends when both exist,
    else the widest span inside the window, else the widest span within the five years up to
    the base year. Returns (span, note)."""
    a, b = window
    have = prep.years(variable)
    if a in have and b in have:
        return (a, b), ""
    inside = [y for y in have if a <= y <= b]
    if len(inside) >= 2:
        span = (inside[0], inside[-1])
        return span, (
            f"{variable}: jendela {a}–{b} tidak lengkap (data ada untuk {', '.join(map(str, inside))}); "
            f"laju majemuk {variable} dihitung dari {span[0]}–{span[1]}."
        )
    near = [y for y in have if base_year - MAX_WINDOW_SPAN <= y <= base_year]
    if len(near) >= 2:
        span = (near[0], near[-1])
        return span, (
            f"{variable}: tidak ada dua tahun data dalam jendela {a}–{b}; laju majemuk {variable} "
            f"dihitung dari {span[0]}–{span[1]} (cadangan)."
        )
    return None, (
        f"{variable}: data kurang dari dua tahun (ada: {', '.join(map(str, have)) or 'tidak ada'}); "
        f"laju {variable} tidak dapat dihitung."
    )


# --------------------------------------------------------------------------------------
# Elasticity
# --------------------------------------------------------------------------------------
def estimate_elasticity(
    kk: pd.Series | Mapping[int, float],
    pdrb: pd.Series | Mapping[int, float],
    window: tuple[int, int],
    form: str = "majemuk",
    sector: str = "",
) -> Elasticity:
    """Employment elasticity over ``window`` = (A, B).

    ``majemuk``: E = [(KK_B/KK_A)^(1/n) − 1] / [(PDRB_B/PDRB_A)^(1/n) − 1], n = B − A.
    ``regresi``: E = slope b of ln KK = a + b·ln PDRB over the window's years with both values
    (at least 3); with fewer points the compound form is used and ``fallback`` says so.
    Raises ``ValueError`` (in Indonesian) when the inputs cannot give a number at all.
    The caller applies the guard rails (:func:`guard`).
    """
    kk = pd.Series(kk, dtype=float).dropna()
    pdrb = pd.Series(pdrb, dtype=float).dropna()
    a, b = window
    if form not in ELASTICITY_FORMS:
        raise ValueError(f"bentuk elastisitas '{form}' tidak dikenal (pilih: {', '.join(ELASTICITY_FORMS)})")
    if form == "regresi":
        years = [y for y in kk.index if a <= y <= b and y in pdrb.index]
        if len(years) >= 3:
            lx = np.log(pdrb.loc[years].to_numpy(dtype=float))
            ly = np.log(kk.loc[years].to_numpy(dtype=float))
            if float(np.ptp(lx)) <= 0:
                raise ValueError("PDRB tidak berubah dalam jendela; elastisitas regresi tidak terdefinisi")
            slope = float(np.polyfit(lx, ly, 1)[0])
            el = Elasticity(sector=sector, value=slope, form="regresi", window=(a, b))
            if a in kk.index and b in kk.index and a in pdrb.index and b in pdrb.index:
                el.kk_growth = cagr(kk[a], kk[b], b - a)
                el.pdrb_growth = cagr(pdrb[a], pdrb[b], b - a)
            return el
        fallback = f"regresi butuh ≥ 3 tahun data dalam jendela {a}–{b} (ada {len(years)}); dipakai bentuk majemuk"
    else:
        fallback = ""
    for y, s, name in ((a, kk, "KK"), (b, kk, "KK"), (a, pdrb, "PDRB"), (b, pdrb, "PDRB")):
        if y not in s.index:
            raise ValueError(f"{name} tahun {y} tidak ada")
    rl = cagr(kk[a], kk[b], b - a)
    ry = cagr(pdrb[a], pdrb[b], b - a)
    value = rl / ry if ry != 0 else float("nan")
    return Elasticity(sector=sector, value=value, form="majemuk", window=(a, b), kk_growth=rl, pdrb_growth=ry, fallback=fallback)


def guard(el: Elasticity) -> str:
    """Why an elasticity is not usable (empty string when it is): output growth near zero,
    or employment and output moving in opposite directions."""
    if el.value is None or not math.isfinite(el.value):
        return "elastisitas tidak terdefinisi"
    if el.pdrb_growth is not None and abs(el.pdrb_growth) < MIN_OUTPUT_GROWTH:
        return f"pertumbuhan PDRB dalam jendela mendekati nol ({_id(100 * el.pdrb_growth, 2)} % per tahun)"
    if el.value < 0:
        return "arah pertumbuhan kesempatan kerja dan PDRB bertentangan (elastisitas negatif)"
    return ""


# --------------------------------------------------------------------------------------
# Sector detail
# --------------------------------------------------------------------------------------
@dataclass
class SectorData:
    detail: str  # "total", "9 sektor", "17 kategori", "n sektor"
    codes: list[str]
    kk: pd.DataFrame  # year × sector
    pdrb: pd.DataFrame
    note: str = ""


def sector_data(prep: Prepared, window: tuple[int, int], base_year: int) -> SectorData:
    """Which sector detail the data support for the elasticity path, and the tables."""
    series = prep.series
    kk = series.by_sector("KK")
    pdrb = series.by_sector("PDRB")
    if kk.empty:
        return SectorData("total", [], kk, pdrb, "Data kesempatan kerja menurut sektor tidak tersedia; proyeksi memakai total saja.")
    scheme = series.sectors
    level_note = ""
    if scheme is not None:
        kk = kk.rename(columns=lambda c: scheme.normalise(c) or c)
        pdrb = pdrb.rename(columns=lambda c: scheme.normalise(c) or c) if not pdrb.empty else pdrb
        kk = kk.T.groupby(level=0).sum(min_count=1).T
        if not pdrb.empty:
            pdrb = pdrb.T.groupby(level=0).sum(min_count=1).T
        kk_levels = {scheme.level(c) for c in kk.columns}
        pdrb_levels = {scheme.level(c) for c in pdrb.columns} if not pdrb.empty else set()
        known = (kk_levels | pdrb_levels) <= {"9", "17"}
        if known and "9" in (kk_levels | pdrb_levels):
            to9 = dict(scheme.to_nine)
            kk = _sum_to(kk, to9)
            if not pdrb.empty:
                pdrb = _sum_to(pdrb, to9)
            detail = "9 sektor"
        elif known:
            detail = "17 kategori"
        else:
            detail = f"{len(kk.columns)} sektor"
            level_note = "Kode sektor tidak seluruhnya dikenal dalam daftar KBLI 2020/9 sektor; dipakai apa adanya."
    else:
        detail = f"{len(kk.columns)} sektor"
    a, b = window
    missing = []
    codes = sorted(kk.columns)
    for code in codes:
        for y in sorted({a, b, base_year}):
            if y not in kk.index or not _ok(kk.at[y, code]):
                missing.append(f"KK sektor {code} tahun {y}")
        for y in (a, b):
            if pdrb.empty or code not in pdrb.columns or y not in pdrb.index or not _ok(pdrb.at[y, code]):
                missing.append(f"PDRB sektor {code} tahun {y}")
    if missing:
        shown = ", ".join(missing[:8]) + (f" dan {len(missing) - 8} lainnya" if len(missing) > 8 else "")
        return SectorData(
            "total", [], kk, pdrb,
            f"Data sektor tidak lengkap untuk jendela {a}–{b} dan tahun dasar {base_year} ({shown}); "
            "proyeksi memakai total saja. Templat impor tabel BPS (17 lapangan usaha) mengisi kekurangan ini.",
        )
    total_kk = prep.get("KK", base_year)
    note = level_note
    s = float(kk.loc[base_year, codes].sum())
    if total_kk and abs(s - total_kk) / total_kk > 0.005:
        note = (note + " " if note else "") + (
            f"Jumlah KK menurut sektor tahun {base_year} ({_id(s, 0)}) berbeda dari total ({_id(total_kk, 0)}); "
            "proyeksi sektor diskalakan ke total tahun dasar."
        )
    return SectorData(detail, codes, kk, pdrb, note)


def _sum_to(table: pd.DataFrame, mapping: Mapping[str, str]) -> pd.DataFrame:
    renamed = table.rename(columns=lambda c: mapping.get(c, c))
    return renamed.T.groupby(level=0).sum(min_count=1).T


def _ok(v) -> bool:
    try:
        return v is not None and math.isfinite(float(v)) and float(v) > 0
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------------------------------
# Supply
# --------------------------------------------------------------------------------------
@dataclass
class Supply:
    method: str
    puk: dict[int, float]
    tpak: dict[int, float]
    ak: dict[int, float]
    rates: dict[str, float]
    spans: dict[str, tuple[int, int] | None]
    notes: list[str]


def project_supply(prep: Prepared, base_year: int, years: Sequence[int], window: tuple[int, int],
                   scenario: Scenario) -> Supply:
    """Supply path. Methods, in order of preference:

    1. ``PUK × TPAK``: PUK and TPAK at their compound rates over the window's end years (or a
       scenario override, or a population projection for PUK); AK = PUK × TPAK / 100.
    2. ``AK langsung``: when PUK or TPAK lack the window's end years but AK has them, AK grows
       at its own compound rate over the same window (so supply and demand share one period);
       PUK grows at the rate of whatever years it has, and TPAK = 100 × AK / PUK.
    3. ``PUK × TPAK (sub-rentang)``: PUK and TPAK rates from the widest span they do have.
    4. ``AK langsung (sub-rentang)``: AK from the widest span it has.
    Every fallback is written into the notes.
    """
    notes: list[str] = []
    puk0, tpak0, ak0 = prep.get("PUK", base_year), prep.get("TPAK", base_year), prep.get("AK", base_year)
    if ak0 is None:
        raise ValidationFailed([Problem(
            code="DATA_PERSEDIAAN_KURANG",
            message=f"Angkatan kerja (AK) tahun dasar {base_year} tidak ada dan tidak dapat diturunkan "
                    f"(perlu AK, atau KK dan PENGANGGUR, atau PUK dan TPAK tahun {base_year}).",
            fix=FIX_DATA, column="AK", value=str(base_year),
        )])

    proj = {y: v for y, v in prep.totals.get("PUK_PROYEKSI", {}).items() if y in years}
    method, rates, spans = _supply_method(prep, base_year, window, scenario, puk0, tpak0, proj, notes)
    puk = _puk_path(prep, base_year, years, puk0, rates, proj, notes)
    for var, span in spans.items():
        if span:
            for y in span:
                prep.use(y, var, "jendela persediaan")
    prep.use(base_year, "AK", "tahun dasar")
    if method.startswith("PUK × TPAK"):
        tpak, ak = _tpak_path(prep, base_year, years, puk, puk0, tpak0, rates["TPAK"], notes)
    else:
        ak = {base_year: ak0}
        for t in years:
            ak[t] = ak0 * (1 + rates["AK"]) ** (t - base_year)
        tpak = {t: 100 * ak[t] / puk[t] for t in ak if t in puk and puk[t] > 0}
        if any(v > 100 for v in tpak.values()):
            notes.append("Perhatian: TPAK turunan melebihi 100 pada sebagian tahun; laju PUK terlalu rendah dibanding laju AK.")
    return Supply(method, puk, tpak, ak, rates, spans, notes)


def _supply_method(prep: Prepared, base_year: int, window: tuple[int, int], scenario: Scenario, puk0, tpak0,
                   proj: dict[int, float], notes: list[str]) -> tuple[str, dict[str, float], dict[str, tuple[int, int] | None]]:
    """The supply method of :func:`project_supply` (in its order of preference), with its rates and spans."""
    a, b = window

    def full(var: str) -> bool:
        return prep.get(var, a) is not None and prep.get(var, b) is not None

    def rate(var: str, span: tuple[int, int]) -> float:
        return cagr(prep.get(var, span[0]), prep.get(var, span[1]), span[1] - span[0])

    spans: dict[str, tuple[int, int] | None] = {"PUK": None, "TPAK": None, "AK": None}
    rates: dict[str, float] = {}
    # PUK rate: override > window ends > any span it has
    puk_source = ""
    if scenario.puk_growth is not None:
        rates["PUK"] = scenario.puk_growth / 100
        puk_source = "skenario"
        notes.append(f"Laju PUK ditetapkan skenario: {scenario.puk_growth} % per tahun.")
    elif full("PUK"):
        spans["PUK"], rates["PUK"], puk_source = (a, b), rate("PUK", (a, b)), "jendela"
    else:
        span, note = _span_for(prep, "PUK", window, base_year)
        if span:
            spans["PUK"], rates["PUK"], puk_source = span, rate("PUK", span), "sub"
        puk_note = note
    tpak_full = scenario.tpak_growth is not None or full("TPAK")
    puk_ok = puk0 is not None and (puk_source in ("skenario", "jendela") or bool(proj))

    if puk_ok and tpak_full and tpak0 is not None:
        method = "PUK × TPAK"
        if scenario.tpak_growth is not None:
            rates["TPAK"] = scenario.tpak_growth / 100
            notes.append(f"Laju TPAK ditetapkan skenario: {scenario.tpak_growth} % per tahun.")
        else:
            spans["TPAK"], rates["TPAK"] = (a, b), rate("TPAK", (a, b))
    elif full("AK"):
        method = "AK langsung"
        spans["AK"], rates["AK"] = (a, b), rate("AK", (a, b))
        missing = [v for v in ("PUK", "TPAK") if not full(v)]
        notes.append(
            f"Persediaan: {' dan '.join(missing) or 'PUK/TPAK'} tidak tersedia pada tahun ujung jendela {a} dan {b}; "
            f"AK diproyeksikan dengan laju majemuknya sendiri selama jendela yang sama "
            f"({_id(100 * rates['AK'], 2)} % per tahun, {a}–{b}) agar persediaan dan kebutuhan memakai periode yang sama"
            + (f"; PUK tumbuh {_id(100 * rates['PUK'], 2)} % per tahun ({_span_text(spans['PUK'], puk_source)}) dan "
               f"TPAK diturunkan = 100 × AK / PUK." if "PUK" in rates and puk0 is not None and not proj else
               ("; PUK dari proyeksi penduduk, TPAK = 100 × AK / PUK." if proj and puk0 is not None else
                "; PUK dan TPAK tidak diproyeksikan (data PUK kurang).")))
    else:
        tspan, tnote = _span_for(prep, "TPAK", window, base_year)
        if puk0 is not None and tpak0 is not None and ("PUK" in rates or proj) and (tspan or scenario.tpak_growth is not None):
            method = "PUK × TPAK (sub-rentang)"
            if scenario.tpak_growth is not None:
                rates["TPAK"] = scenario.tpak_growth / 100
            else:
                spans["TPAK"], rates["TPAK"] = tspan, rate("TPAK", tspan)
                notes.append(tnote)
            if puk_source == "sub":
                notes.append(puk_note)
        else:
            aspan, anote = _span_for(prep, "AK", window, base_year)
            if not aspan:
                have = prep.years("AK")
                raise ValidationFailed([Problem(
                    code="DATA_PERSEDIAAN_KURANG",
                    message=f"Wilayah {prep.series.region_code} {prep.series.region_name}".rstrip() +
                            f": persediaan tidak dapat diproyeksikan: PUK/TPAK kurang dari dua tahun dan AK hanya ada untuk "
                            f"tahun {', '.join(map(str, have)) or '-'} (perlu dua tahun dalam {base_year - MAX_WINDOW_SPAN}–{base_year}).",
                    fix=FIX_DATA, column="PUK, TPAK, AK")])
            method = "AK langsung (sub-rentang)"
            spans["AK"], rates["AK"] = aspan, rate("AK", aspan)
            notes.append(anote)
            notes.append(f"Persediaan: PUK/TPAK tidak cukup; AK diproyeksikan dengan laju majemuknya sendiri "
                         f"{_id(100 * rates['AK'], 2)} % per tahun ({aspan[0]}–{aspan[1]}).")
    return method, rates, spans


def _puk_path(prep: Prepared, base_year: int, years: Sequence[int], puk0, rates: dict[str, float],
              proj: dict[int, float], notes: list[str]) -> dict[int, float]:
    """PUK by year: the population projection where given, else the compound rate."""
    puk: dict[int, float] = {}
    if puk0 is not None and ("PUK" in rates or proj):
        puk[base_year] = puk0
        prep.use(base_year, "PUK", "tahun dasar")
        last_y, last_v = base_year, puk0
        for t in years:
            if t in proj:
                puk[t] = last_v = proj[t]
                last_y = t
                prep.use(t, "PUK_PROYEKSI", "proyeksi penduduk")
            elif "PUK" in rates:
                puk[t] = last_v * (1 + rates["PUK"]) ** (t - last_y)
            else:
                puk[t] = last_v
        if proj:
            notes.append("PUK tahun proyeksi diambil dari proyeksi penduduk yang diberikan"
                         + ("" if all(t in proj for t in years) else " (tahun tanpa proyeksi memakai laju majemuk)") + ".")
    return puk


def _tpak_path(prep: Prepared, base_year: int, years: Sequence[int], puk: dict[int, float], puk0, tpak0, rate: float,
               notes: list[str]) -> tuple[dict[int, float], dict[int, float]]:
    """TPAK at its compound rate (kept within 0–100) and AK = PUK × TPAK / 100."""
    prep.use(base_year, "TPAK", "tahun dasar")
    tpak, ak = {base_year: tpak0}, {base_year: puk0 * tpak0 / 100}
    clipped = False
    for t in years:
        raw = tpak0 * (1 + rate) ** (t - base_year)
        tpak[t] = min(100.0, max(0.0, raw))
        clipped |= tpak[t] != raw
        ak[t] = puk[t] * tpak[t] / 100
    if clipped:
        notes.append("TPAK proyeksi dibatasi pada rentang 0–100.")
    return tpak, ak


def _span_text(span, source) -> str:
    if source == "skenario":
        return "ditetapkan skenario"
    return f"{span[0]}–{span[1]}" if span else "-"


# --------------------------------------------------------------------------------------
# Projection
# --------------------------------------------------------------------------------------
def _as_list(scenarios) -> list[Scenario]:
    if isinstance(scenarios, Scenario):
        return [scenarios]
    if isinstance(scenarios, Mapping):
        return list(scenarios.values())
    return list(scenarios)


METHODS = ("v2", "sederhana")


def project(
    series: RegionSeries,
    base_year: int | None,
    end_year: int | None,
    scenarios: Scenario | Iterable[Scenario] | Mapping[str, Scenario],
    *,
    ikn: IknParams | None = None,
    window: tuple[int, int] | None = None,
    form: str | None = None,
    method: str = "v2",
    params=None,
) -> ProjectionResult:
    """Project supply, demand and balance from ``base_year`` to ``end_year`` for each scenario.

    ``method``: ``"v2"`` (default; :mod:`sinergi.core.rtk.method2`, ``params`` a
    :class:`~sinergi.core.rtk.method2.MethodParams`) or ``"sederhana"`` (the first method,
    unchanged; ``window`` and ``form`` apply to it only). ``base_year`` ``None`` = the latest
    year with the data the method needs; ``end_year`` ``None`` = base year + 5.
    """
    if method not in METHODS:
        raise ValidationFailed([Problem(code="METODE_TIDAK_DIKENAL", message=f"Metode '{method}' tidak dikenal.",
                                        fix=f"Pilih salah satu: {', '.join(METHODS)}.", column="metode", value=str(method))])
    if base_year is None:
        base_year = default_base_year(series, method)
        if base_year is None:
            raise ValidationFailed([Problem(
                code="DATA_DASAR_KURANG",
                message=f"Wilayah {series.region_code} {series.region_name}".rstrip() +
                        ": tidak ada tahun dengan data yang dibutuhkan metode (AK dan KK" + (" serta PDRB" if method == "sederhana" else "") + ").",
                fix=FIX_DATA, column="AK, KK")])
    if end_year is None:
        end_year = int(base_year) + 5
    if method == "v2":
        from .method2 import project_v2

        return project_v2(series, base_year, end_year, scenarios, ikn=ikn, params=params)
    return project_sederhana(series, base_year, end_year, scenarios, ikn=ikn, window=window, form=form)


def default_base_year(series: RegionSeries, method: str = "v2") -> int | None:
    """The latest year with the data ``method`` needs: v2 — AK and KK (a regency/city without
    them takes its province's); sederhana — AK, KK and PDRB."""
    if method == "v2":
        from .method2 import default_base_year as v2_base

        return v2_base(series)
    prep = prepare(series)
    both = sorted(set(prep.years("AK")) & set(prep.years("KK")) & set(prep.years("PDRB")))
    return both[-1] if both else None


def run_problems(base_year: int, end_year: int, scen: list[Scenario]) -> list[Problem]:
    """The problems of a run's years and scenarios, the same for every method."""
    problems: list[Problem] = []
    if end_year <= base_year:
        problems.append(Problem(code="TAHUN_TIDAK_SAH", message=f"Tahun akhir {end_year} harus sesudah tahun dasar {base_year}.",
                                fix="Pilih tahun akhir yang lebih besar dari tahun dasar (biasanya tahun dasar + 5).",
                                column="tahun-akhir", value=str(end_year)))
    if not scen:
        problems.append(Problem(code="SKENARIO_KOSONG", message="Tidak ada skenario yang dipilih.",
                                fix="Pilih moderat, optimis, pesimis atau semua."))
    return problems


def ikn_problems(series: RegionSeries, ikn: IknParams | None, scen: list[Scenario], remedy: str) -> list[Problem]:
    """IKN parameters (given, or carried by a scenario) meant for other regions; ``remedy`` ends the fix."""
    return [
        Problem(
            code="IKN_TIDAK_BERLAKU",
            message=f"Parameter IKN '{ik.label or ik.name}' berlaku untuk wilayah {', '.join(ik.regions)}, "
                    f"bukan {series.region_code} {series.region_name}".rstrip() + ".",
            fix=f"Jalankan tanpa modul IKN, atau {remedy}.",
            column="ikn", value=str(series.region_code))
        for ik in [ikn] + [s.ikn for s in scen]
        if ik is not None and ik.regions and str(series.region_code) not in ik.regions
    ]


def scenario_runs(scen: list[Scenario], ikn: IknParams | None) -> list[Scenario]:
    """The scenarios to run: with ``ikn``, each without and with it (one that carries IKN, as it is)."""
    runs: list[Scenario] = []
    for s in scen:
        if s.ikn is not None or ikn is None:
            runs.append(s)
        else:
            runs.append(s.with_ikn(None))
            runs.append(s.with_ikn(ikn))
    return runs


def project_sederhana(
    series: RegionSeries,
    base_year: int,
    end_year: int,
    scenarios: Scenario | Iterable[Scenario] | Mapping[str, Scenario],
    *,
    ikn: IknParams | None = None,
    window: tuple[int, int] | None = None,
    form: str | None = None,
) -> ProjectionResult:
    """The first method (``sinergi-rtk 1.0``, ``--metode sederhana``), unchanged.

    ``window`` (A, B) overrides the scenarios' elasticity window, ``form`` their elasticity
    form. With ``ikn`` each scenario is run without and with the IKN shock (``name`` and
    ``name+ikn``); a scenario that already carries ``ikn`` is run with it only.
    Raises :class:`~sinergi.core.problems.ValidationFailed` listing every missing input.
    """
    base_year, end_year = int(base_year), int(end_year)
    scen = _as_list(scenarios)
    problems = run_problems(base_year, end_year, scen)
    if form is not None and form not in ELASTICITY_FORMS:
        problems.append(Problem(code="BENTUK_TIDAK_DIKENAL", message=f"Bentuk elastisitas '{form}' tidak dikenal.",
                                fix=f"Pilih salah satu: {', '.join(ELASTICITY_FORMS)}."))
    problems += ikn_problems(series, ikn, scen, "siapkan parameter IKN khusus wilayah ini (jumlah pekerja dan porsi lokalnya)")
    if problems:
        raise ValidationFailed(problems)
    years = list(range(base_year + 1, end_year + 1))
    prep = prepare(series)
    problems = _base_problems(prep, base_year, series)
    chosen_window = None
    try:
        chosen_window, window_notes = _choose_window(prep, base_year, window or _common_window(scen))
    except ValidationFailed as exc:
        problems.extend(exc.problems)
    if chosen_window is not None and prep.get("AK", base_year) is not None:
        try:  # supply problems are reported together with the others
            project_supply(prepare(series), base_year, years, chosen_window, scen[0])
        except ValidationFailed as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationFailed(problems)
    runs = scenario_runs(scen, ikn)
    sectors = sector_data(prep, chosen_window, base_year)
    notes = list(window_notes)
    if sectors.note:
        notes.append(sectors.note)
    results: dict[str, ScenarioResult] = {}
    supply_method, supply_window = "", {}
    for s in runs:
        w = chosen_window
        if window is None and s.window and tuple(s.window) != chosen_window:
            w, extra = _choose_window(prep, base_year, tuple(s.window))
            notes.extend(n for n in extra if n not in notes)
        f = form or s.elasticity_form or "majemuk"
        res, supply = _run_scenario(prep, s, base_year, years, w, f, sectors if w == chosen_window else sector_data(prep, w, base_year))
        results[s.name] = res
        if not supply_method:
            supply_method, supply_window = supply.method, dict(supply.spans)
    for (_y, _var, _sec), note in sorted(_caveats(prep).items()):
        notes.append(note)
    for key, how in sorted(prep.derived.items()):
        if (key[0], key[1], "") in prep.used:
            notes.append(f"{key[1]} {key[0]} diturunkan: {how}.")
    return ProjectionResult(
        region_code=series.region_code,
        region_name=series.region_name,
        base_year=base_year,
        end_year=end_year,
        scenarios=results,
        window=chosen_window,
        supply_window=supply_window,
        supply_method=supply_method,
        sector_detail=sectors.detail if sectors.codes else "total",
        provenance=_provenance(prep),
        notes=_unique(notes),
    )


def _unique(items: list[str]) -> list[str]:
    seen, out = set(), []
    for i in items:
        if i and i not in seen:
            seen.add(i)
            out.append(i)
    return out


def _common_window(scen: list[Scenario]) -> tuple[int, int] | None:
    ws = {tuple(s.window) for s in scen if s.window}
    return ws.pop() if len(ws) == 1 else None


def _base_problems(prep: Prepared, base_year: int, series: RegionSeries) -> list[Problem]:
    problems = []
    name = f"{series.region_code} {series.region_name}".strip()
    if prep.get("KK", base_year) is None:
        have = prep.years("KK")
        problems.append(Problem(
            code="DATA_DASAR_KURANG",
            message=f"Wilayah {name}: penduduk bekerja (KK) tahun dasar {base_year} tidak ada "
                    f"(KK tersedia: {', '.join(map(str, have)) or 'tidak ada'}).",
            fix=FIX_DATA, column="KK", value=str(base_year)))
    if prep.get("AK", base_year) is None:
        have = prep.years("AK")
        problems.append(Problem(
            code="DATA_DASAR_KURANG",
            message=f"Wilayah {name}: angkatan kerja (AK) tahun dasar {base_year} tidak ada dan tidak dapat diturunkan "
                    f"(AK tersedia: {', '.join(map(str, have)) or 'tidak ada'}; perlu AK, atau KK dan PENGANGGUR).",
            fix=FIX_DATA, column="AK", value=str(base_year)))
    return problems


def _choose_window(prep: Prepared, base_year: int, wanted: tuple[int, int] | None) -> tuple[tuple[int, int], list[str]]:
    notes = []
    if wanted is not None:
        a, b = int(wanted[0]), int(wanted[1])
        bad = []
        if not a < b:
            bad.append(f"awal {a} harus sebelum akhir {b}")
        if b > base_year:
            bad.append(f"akhir {b} sesudah tahun dasar {base_year}")
        for y in (a, b):
            for var in ("KK", "PDRB"):
                if prep.get(var, y) is None:
                    bad.append(f"{var} {y} tidak ada")
        if not bad:
            return (a, b), [f"Jendela elastisitas {a}–{b} (dipilih pengguna)."]
        notes.append(f"Jendela elastisitas {a}–{b} tidak dapat dipakai ({'; '.join(bad)}); dipakai jendela bawaan.")
    w = default_window(prep, base_year)
    if w is None:
        kk, pdrb = prep.years("KK"), prep.years("PDRB")
        raise ValidationFailed([Problem(
            code="JENDELA_TIDAK_ADA",
            message=f"Wilayah {prep.series.region_code} {prep.series.region_name}".rstrip() +
                    f": tidak ada jendela elastisitas yang didukung data sampai tahun dasar {base_year}: perlu KK dan PDRB "
                    f"pada dua tahun yang sama dalam {base_year - MAX_WINDOW_SPAN}–{base_year} "
                    f"(KK tersedia: {', '.join(map(str, kk)) or 'tidak ada'}; PDRB tersedia: {', '.join(map(str, pdrb)) or 'tidak ada'}).",
            fix=FIX_DATA, column="KK, PDRB")])
    notes.append(f"Jendela elastisitas {w[0]}–{w[1]} (bawaan: tahun terakhir dengan KK dan PDRB, mundur sampai {DEFAULT_WINDOW_SPAN} tahun).")
    return w, notes


def _aggregate_elasticity(prep: Prepared, window: tuple[int, int], form: str) -> Elasticity:
    kk, pdrb = prep.totals["KK"], prep.totals["PDRB"]
    el = estimate_elasticity(kk, pdrb, window, form)
    why = guard(el)
    if why:
        # try the widest window the data allow before giving up
        a, b = window
        both = sorted(set(prep.years("KK")) & set(prep.years("PDRB")))
        for start in [y for y in both if b - MAX_WINDOW_SPAN <= y < a]:
            alt = estimate_elasticity(kk, pdrb, (start, b), form)
            if not guard(alt):
                alt.fallback = f"jendela {a}–{b} tidak bermakna ({why}); dipakai jendela {start}–{b}"
                return alt
        raise ValidationFailed([Problem(
            code="ELASTISITAS_TIDAK_BERMAKNA",
            message=f"Elastisitas kesempatan kerja agregat {a}–{b} tidak dapat dipakai: {why} "
                    f"(E = {_id(el.value, 3)}).",
            fix="Pilih jendela lain dengan --jendela-elastisitas A-B, atau periksa data KK dan PDRB.",
            column="KK, PDRB", value=f"{a}-{b}")])
    return el


def _run_scenario(prep: Prepared, s: Scenario, base_year: int, years: list[int], window: tuple[int, int],
                  form: str, sectors: SectorData) -> tuple[ScenarioResult, Supply]:
    notes: list[str] = []
    for y in window:
        prep.use(y, "KK", "jendela elastisitas")
        prep.use(y, "PDRB", "jendela elastisitas")
    prep.use(base_year, "KK", "tahun dasar")
    agg = _aggregate_elasticity(prep, window, form)
    if agg.fallback:
        notes.append(f"Elastisitas agregat: {agg.fallback}.")
        for y in agg.window:
            prep.use(y, "KK", "jendela elastisitas")
            prep.use(y, "PDRB", "jendela elastisitas")
    notes.extend(_growth_notes(s, years))

    # ---- supply
    supply = project_supply(prep, base_year, years, window, s)
    notes.extend(supply.notes)
    ikn_eff = s.ikn.effects(base_year, years) if s.ikn is not None else None
    kk0 = prep.get("KK", base_year)
    pdrb0 = prep.get("PDRB", base_year)
    if pdrb0 is not None:
        prep.use(base_year, "PDRB", "tahun dasar")
    # ---- demand
    d = _Demand(elasticities=[agg], kk={base_year: kk0}, pdrb={base_year: pdrb0})
    if sectors.codes:
        _sector_demand(d, s, agg, base_year, years, window, form, sectors, pdrb0, notes)
    else:
        prev_kk, prev_y = kk0, pdrb0
        for t in years:
            g = s.growth_for(t) / 100
            prev_kk = prev_kk * (1 + agg.value * g)
            d.kk[t] = prev_kk
            if prev_y is not None:
                prev_y = prev_y * (1 + g)
            d.pdrb[t] = prev_y
    # ---- IKN shock (levels relative to the base year, not compounded)
    ikn_kk, ikn_ak = _ikn_shock(prep, s, sectors, ikn_eff, years, d, notes)
    puk, ak, tpak = dict(supply.puk), dict(supply.ak), dict(supply.tpak)
    for t in years:
        if ikn_ak[t]:
            ak[t] += ikn_ak[t]
            if t in puk:
                puk[t] += ikn_ak[t]
            if t in puk and puk[t] > 0:
                tpak[t] = 100 * ak[t] / puk[t]
    if ak.get(base_year) is not None:
        ak[base_year] = prep.get("AK", base_year)
    # ---- rows
    all_years = [base_year] + years
    rows = _total_rows(prep, s, base_year, all_years, d, puk, ak, tpak, ikn_kk, ikn_ak)
    rows.extend(_sector_rows(prep, s, base_year, all_years, window, sectors, d))
    rows.extend(_trend_rows(prep, window, all_years, notes))
    rows.extend(_group_rows(prep, base_year, all_years, d.kk, ak, puk, notes))
    table = pd.DataFrame(rows, columns=["year", "variable", "group", "value"])
    table["year"] = table["year"].astype(int)
    table["method"] = "sederhana"
    return ScenarioResult(scenario=s, table=table, elasticities=d.elasticities, notes=_unique(notes)), supply


@dataclass
class _Demand:
    """Employment and PDRB paths of a scenario: totals by year, and by sector when the data have sectors."""

    elasticities: list[Elasticity]
    kk: dict[int, float]
    pdrb: dict[int, float | None]
    sector_kk: dict[str, dict[int, float]] = field(default_factory=dict)
    sector_pdrb: dict[str, dict[int, float]] = field(default_factory=dict)


def _sector_demand(d: _Demand, s: Scenario, agg: Elasticity, base_year: int, years: list[int], window: tuple[int, int],
                   form: str, sectors: SectorData, pdrb0: float | None, notes: list[str]) -> None:
    """Each sector's employment grows with its own elasticity (the aggregate one where its own is
    not usable); the totals are the sums, PDRB scaled to the published total of the base year."""
    kk0 = d.kk[base_year]
    scale = kk0 / float(sectors.kk.loc[base_year, sectors.codes].sum())
    for code in sectors.codes:
        e = estimate_elasticity(sectors.kk[code].dropna(), sectors.pdrb[code].dropna(), window, form, sector=code)
        why = guard(e)
        if why:
            e = Elasticity(sector=code, value=agg.value, form=agg.form, window=agg.window,
                           kk_growth=e.kk_growth, pdrb_growth=e.pdrb_growth,
                           fallback=f"{why}; dipakai elastisitas agregat {_id(agg.value, 3)}")
            notes.append(f"Sektor {code}: {e.fallback}.")
        elif e.fallback:
            notes.append(f"Sektor {code}: {e.fallback}.")
        d.elasticities.append(e)
        l_prev = float(sectors.kk.at[base_year, code]) * scale
        y_base = sectors.pdrb[code].get(base_year)
        y_prev = float(y_base) if _ok(y_base) else None
        d.sector_kk[code] = {base_year: l_prev}
        d.sector_pdrb[code] = {base_year: y_prev} if y_prev else {}
        for t in years:
            g = s.growth_for(t, code) / 100
            l_prev = l_prev * (1 + e.value * g)
            d.sector_kk[code][t] = l_prev
            if y_prev is not None:
                y_prev = y_prev * (1 + g)
                d.sector_pdrb[code][t] = y_prev
    for t in years:
        d.kk[t] = sum(d.sector_kk[c][t] for c in sectors.codes)
    have_pdrb = all(d.sector_pdrb[c] for c in sectors.codes)
    if pdrb0 is not None and have_pdrb:
        base_sum = sum(d.sector_pdrb[c][base_year] for c in sectors.codes)
        for t in years:
            d.pdrb[t] = pdrb0 * sum(d.sector_pdrb[c][t] for c in sectors.codes) / base_sum
    elif pdrb0 is not None:
        prev = pdrb0
        for t in years:
            prev = prev * (1 + s.growth_for(t) / 100)
            d.pdrb[t] = prev
        notes.append(f"PDRB sektor tahun dasar {base_year} tidak lengkap; PDRB total memakai laju pertumbuhan skenario untuk semua sektor.")


def _ikn_shock(prep: Prepared, s: Scenario, sectors: SectorData, ikn_eff, years: list[int], d: _Demand,
               notes: list[str]) -> tuple[dict[int, float], dict[int, float]]:
    """The IKN additions to employment and labour force by year (added to ``d`` in place)."""
    ikn_kk = {t: 0.0 for t in years}
    ikn_ak = {t: 0.0 for t in years}
    unmapped: set[str] = set()
    if ikn_eff is not None and len(ikn_eff):
        for _, r in ikn_eff.iterrows():
            t = int(r["year"])
            ikn_kk[t] += float(r["kk_add"])
            ikn_ak[t] += float(r["ak_add"])
            code = _ikn_sector(prep, sectors, str(r["sector"]))
            if code:
                d.sector_kk[code][t] += float(r["kk_add"])
            elif sectors.codes and float(r["kk_add"]):
                unmapped.add(str(r["sector"]))
        for t in years:
            d.kk[t] += ikn_kk[t]
        notes.append(_ikn_note(s.ikn, sectors))
        if unmapped:
            notes.append(f"Sektor IKN {', '.join(sorted(unmapped))} tidak ada dalam rincian sektor proyeksi; "
                         "tambahannya hanya masuk ke total, sehingga jumlah sektor lebih kecil dari total.")
    return ikn_kk, ikn_ak


def _total_rows(prep: Prepared, s: Scenario, base_year: int, all_years: list[int], d: _Demand, puk: dict, ak: dict,
                tpak: dict, ikn_kk: dict, ikn_ak: dict) -> list[tuple[int, str, str, float]]:
    rows: list[tuple[int, str, str, float]] = []
    add = rows.append
    for t in all_years:
        if t in puk:
            add((t, "PUK", "", puk[t]))
        if t in tpak:
            add((t, "TPAK", "", tpak[t]))
        a, k = ak[t], d.kk[t]
        add((t, "AK", "", a))
        add((t, "KK", "", k))
        add((t, "PENGANGGUR", "", max(0.0, a - k)))
        add((t, "TPT", "", 100 * max(0.0, a - k) / a if a > 0 else float("nan")))
        add((t, "KEKURANGAN", "", max(0.0, k - a)))
        y = d.pdrb.get(t)
        if y is not None:
            add((t, "PDRB", "", y))
            add((t, "PRODUKTIVITAS", "", 1000 * y / k if k > 0 else float("nan")))
        if t == base_year:
            prev_y = prep.get("PDRB", base_year - 1)
            if y is not None and prev_y:
                add((t, "PDRB_TUMBUH", "", 100 * (y / prev_y - 1)))
                prep.use(base_year - 1, "PDRB", "pertumbuhan tahun dasar")
        else:
            py = d.pdrb.get(t - 1)
            if y is not None and py:
                add((t, "PDRB_TUMBUH", "", 100 * (y / py - 1)))
            else:
                add((t, "PDRB_TUMBUH", "", s.growth_for(t)))
            add((t, "TAMBAHAN_KK", "", k - d.kk[t - 1]))
            if s.ikn is not None:
                add((t, "IKN_KK", "", ikn_kk[t]))
                add((t, "IKN_AK", "", ikn_ak[t]))
    return rows


def _sector_rows(prep: Prepared, s: Scenario, base_year: int, all_years: list[int], window: tuple[int, int],
                 sectors: SectorData, d: _Demand) -> list[tuple[int, str, str, float]]:
    rows: list[tuple[int, str, str, float]] = []
    add = rows.append
    for code in sectors.codes:
        gk = group_key("sektor", code)
        for t in all_years:
            k = d.sector_kk[code][t]
            add((t, "KK", gk, k))
            yv = d.sector_pdrb[code].get(t)
            if yv is not None:
                add((t, "PDRB", gk, yv))
                add((t, "PRODUKTIVITAS", gk, 1000 * yv / k if k > 0 else float("nan")))
            if t != base_year:
                add((t, "TAMBAHAN_KK", gk, k - d.sector_kk[code][t - 1]))
                add((t, "PDRB_TUMBUH", gk, s.growth_for(t, code)))
        for y in window:
            prep.use(y, "KK", "jendela elastisitas", code)
            prep.use(y, "PDRB", "jendela elastisitas", code)
        prep.use(base_year, "KK", "tahun dasar", code)
    return rows


def _growth_notes(s: Scenario, years: list[int]) -> list[str]:
    keys = [k for k in s.growth if k]
    if not keys:
        return []
    first, last = min(keys), max(keys)
    before = [t for t in years if t < first]
    gaps = [t for t in years if t > first and t not in s.growth]
    out = []
    if before:
        out.append(f"Skenario {s.name}: laju PDRB untuk {', '.join(map(str, before))} tidak tersimpan; "
                   f"dipakai laju tahun tersimpan pertama ({first}).")
    if gaps:
        out.append(f"Skenario {s.name}: laju PDRB untuk {', '.join(map(str, gaps))} tidak tersimpan; "
                   f"dipakai laju tahun tersimpan terdekat sebelumnya (terakhir tersimpan {last}).")
    return out


def _ikn_sector(prep: Prepared, sectors: SectorData, code: str) -> str:
    if not sectors.codes or not code:
        return ""
    if code in sectors.codes:
        return code
    scheme = prep.series.sectors
    if scheme is not None:
        norm = scheme.normalise(code)
        if norm in sectors.codes:
            return norm
        nine = scheme.to_nine.get(norm or "", "")
        if nine in sectors.codes:
            return nine
    return ""


def _ikn_note(ikn: IknParams | None, sectors: SectorData) -> str:
    if ikn is None:
        return ""
    return (
        f"Modul IKN '{ikn.label or ikn.name}': tambahan pekerja dihitung terhadap tingkat tahun dasar; "
        f"porsi lokal {_id(100 * ikn.local_share, 0)} % mengisi dari angkatan kerja setempat, "
        f"{_id(100 * ikn.settle_share, 0)} % pekerja dari luar menetap dan menambah AK serta KK; "
        f"{_id(ikn.jobs_per_trillion, 0)} pekerja per Rp 1 triliun belanja."
        + ("" if sectors.codes else " Tambahan dimasukkan ke total (proyeksi tanpa rincian sektor).")
    )


def _trend_rows(prep: Prepared, window: tuple[int, int], years: list[int], notes: list[str]):
    """Straight-line trend KK_t = a + b·t over the window's observed years (benchmark path)."""
    a, b = window
    pts = [(y, prep.get("KK", y)) for y in range(a, b + 1) if prep.get("KK", y) is not None]
    if len(pts) < 2:
        return []
    xs = np.array([p[0] for p in pts], dtype=float)
    ys = np.array([p[1] for p in pts], dtype=float)
    slope, intercept = np.polyfit(xs, ys, 1)
    for y, _ in pts:
        prep.use(y, "KK", "tren garis lurus")
    return [(t, "KK_TREN", "", max(0.0, float(intercept + slope * t))) for t in years]


def _group_rows(prep: Prepared, base_year: int, years: list[int], kk: dict[int, float], ak: dict[int, float],
                puk: dict[int, float], notes: list[str]):
    """Breakdowns: KK by characteristic from base-year shares; PUK/AK/TPAK by group from their
    own compound rates rescaled to the totals; balance by group where both sides exist."""
    groups = prep.series.groups
    if groups is None or groups.empty:
        return []
    out = []
    for dim in sorted(groups["dimension"].unique()):
        g = groups[groups["dimension"] == dim]
        # ---- demand shares
        kk_g = g[(g["variable"] == "KK") & (g["year"] <= base_year)]
        kk_by: dict[str, dict[int, float]] = {}
        if len(kk_g):
            share_year = int(kk_g["year"].max())
            base = kk_g[kk_g["year"] == share_year]
            total = float(base["value"].sum())
            if total > 0:
                shares = {str(r["group"]): float(r["value"]) / total for _, r in base.iterrows()}
                if share_year != base_year:
                    notes.append(f"Rincian KK menurut {dim} memakai pangsa tahun {share_year} (tahun terakhir yang lengkap sampai {base_year}).")
                for _, r in base.iterrows():
                    prep.groups_used.add((dim, str(r["group"]), share_year, "KK"))
                for code, sh in shares.items():
                    kk_by[code] = {t: kk[t] * sh for t in years}
                    for i, t in enumerate(years):
                        out.append((t, "KK", group_key(dim, code), kk_by[code][t]))
                        if i:
                            out.append((t, "TAMBAHAN_KK", group_key(dim, code), kk_by[code][t] - kk_by[code][years[i - 1]]))
        # ---- supply by group
        ak_by = _supply_groups(prep, g, dim, base_year, years, ak, puk, notes, out)
        # ---- balance by group
        if kk_by and ak_by and set(kk_by) == set(ak_by):
            for code in kk_by:
                for t in years:
                    a, k = ak_by[code][t], kk_by[code][t]
                    gk = group_key(dim, code)
                    out.append((t, "PENGANGGUR", gk, max(0.0, a - k)))
                    out.append((t, "KEKURANGAN", gk, max(0.0, k - a)))
                    out.append((t, "TPT", gk, 100 * max(0.0, a - k) / a if a > 0 else float("nan")))
        elif kk_by and ak_by:
            notes.append(f"Kelompok {dim} pada AK dan KK berbeda; neraca menurut {dim} tidak dihitung.")
    return out


def _supply_groups(prep, g, dim, base_year, years, ak, puk, notes, out):
    codes = sorted(g[g["variable"].isin(["PUK", "AK", "TPAK"])]["group"].unique())
    if not g["variable"].isin(["PUK", "AK"]).any():
        return {}  # rates alone (e.g. TPAK by sex) carry no supply breakdown; method v2 uses them for the total
    if not codes or not puk:
        return {}
    pk, tp = {}, {}
    for code in codes:
        gg = g[g["group"] == code]
        vals = {v: {int(r["year"]): float(r["value"]) for _, r in gg[gg["variable"] == v].iterrows()} for v in ("PUK", "AK", "TPAK")}
        for y in set(vals["PUK"]) & set(vals["AK"]):
            if vals["PUK"][y] > 0:
                vals["TPAK"][y] = 100 * vals["AK"][y] / vals["PUK"][y]
        py = sorted(y for y in vals["PUK"] if y <= base_year)
        ty = sorted(y for y in vals["TPAK"] if y <= base_year)
        if not py or not ty or py[-1] != base_year or ty[-1] != base_year:
            notes.append(f"Rincian persediaan menurut {dim} dilewati: PUK dan TPAK kelompok '{code}' tahun {base_year} tidak lengkap.")
            return {}
        rp = cagr(vals["PUK"][py[0]], vals["PUK"][py[-1]], py[-1] - py[0]) if len(py) > 1 else 0.0
        rt = cagr(vals["TPAK"][ty[0]], vals["TPAK"][ty[-1]], ty[-1] - ty[0]) if len(ty) > 1 and vals["TPAK"][ty[0]] > 0 else 0.0
        pk[code] = {t: vals["PUK"][base_year] * (1 + rp) ** (t - base_year) for t in years}
        tp[code] = {t: min(100.0, max(0.0, vals["TPAK"][base_year] * (1 + rt) ** (t - base_year))) for t in years}
    ak_by = {}
    for t in years:
        raw_ak = {c: pk[c][t] * tp[c][t] / 100 for c in codes}
        sp, sa = sum(pk[c][t] for c in codes), sum(raw_ak.values())
        for c in codes:
            p = pk[c][t] * (puk[t] / sp if t in puk and sp > 0 else 1.0)
            a = raw_ak[c] * (ak[t] / sa if sa > 0 else 1.0)
            ak_by.setdefault(c, {})[t] = a
            gk = group_key(dim, c)
            out.append((t, "PUK", gk, p))
            out.append((t, "AK", gk, a))
            out.append((t, "TPAK", gk, 100 * a / p if p > 0 else float("nan")))
    notes.append(f"Rincian persediaan menurut {dim}: laju majemuk tiap kelompok, lalu diskalakan agar jumlahnya sama dengan total.")
    return ak_by


def _caveats(prep: Prepared) -> dict:
    out = {}
    d = prep.series.data
    for (y, var, sec) in prep.used:
        hit = d[(d["year"] == y) & (d["variable"] == var) & (d["sector"] == sec)]
        if len(hit) and hit.iloc[0]["caveat"]:
            label = f"{var}{' sektor ' + sec if sec else ''} {y}"
            out[(y, var, sec)] = f"Perhatian data {label}: {hit.iloc[0]['caveat']}"
    return out


def _provenance(prep: Prepared) -> pd.DataFrame:
    d = prep.series.data
    rows = []
    for (y, var, sec), roles in sorted(prep.used.items()):
        hit = d[(d["year"] == y) & (d["variable"] == var) & (d["sector"] == sec)]
        if len(hit):
            r = hit.iloc[0]
            rows.append({"year": y, "variable": var, "sector": sec, "value": float(r["value"]), "source": r["source"],
                         "note": r["note"], "caveat": r["caveat"], "derived": "", "role": ", ".join(sorted(roles))})
        elif (y, var) in prep.derived:
            rows.append({"year": y, "variable": var, "sector": sec, "value": prep.get(var, y), "source": "",
                         "note": "", "caveat": "", "derived": prep.derived[(y, var)], "role": ", ".join(sorted(roles))})
        if (y, var) in prep.derived and len(hit):
            rows[-1]["derived"] = prep.derived[(y, var)]
            rows[-1]["value"] = prep.get(var, y)
    for (dim, grp, y, var) in sorted(prep.groups_used):
        g = prep.series.groups
        hit = g[(g["dimension"] == dim) & (g["group"] == grp) & (g["year"] == y) & (g["variable"] == var)]
        if len(hit):
            r = hit.iloc[0]
            rows.append({"year": y, "variable": var, "sector": f"{dim}:{grp}", "value": float(r["value"]), "source": r["source"],
                         "note": r["note"], "caveat": "", "derived": "", "role": "pangsa kelompok"})
    return pd.DataFrame(rows, columns=["year", "variable", "sector", "value", "source", "note", "caveat", "derived", "role"])

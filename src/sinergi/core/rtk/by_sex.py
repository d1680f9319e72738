"""Labour supply by sex where both series exist: TPAK of men and of women and the participation
gap (women − men, percentage points) projected from a base year by the same damped trend the
method uses inside its TPAK (:func:`sinergi.core.rtk.method2.tpak_paths_by_sex`), and tested by
the same rolling-origin backtest as the total (:func:`sinergi.core.rtk.backtest.rolling_backtest`:
every base year, horizons 1…5, against "no change" and "last change continues").

Where a region lacks either series, or has fewer than three years of both up to a base year,
nothing is projected for it and the reason is said — no figure is filled in.
"""
from __future__ import annotations

import math

import pandas as pd

from .backtest import ROLLING_COLUMNS, RollingBacktest
from .method2 import MethodParams, tpak_paths_by_sex
from .model import RegionSeries

SEXES = ("laki_laki", "perempuan")
VARIABLES = ("TPAK_LAKI_LAKI", "TPAK_PEREMPUAN", "SELISIH_TPAK")  # SELISIH_TPAK = women − men
PROJECTION_COLUMNS = ["region_code", "year", "variable", "value", "basis"]
NO_DATA = "belum ada data TPAK menurut jenis kelamin (laki-laki dan perempuan) untuk wilayah ini"


def history(series: RegionSeries) -> dict[str, dict[int, float]]:
    """TPAK by sex as the series holds it: sex → {year: value}."""
    g = series.groups
    if g is None or g.empty:
        return {s: {} for s in SEXES}
    g = g[(g["dimension"] == "jenis_kelamin") & (g["variable"] == "TPAK")]
    return {s: {int(r.year): float(r.value) for r in g[g["group"] == s].itertuples()} for s in SEXES}


def _three(values: dict[str, dict[int, float]]) -> dict[int, dict[str, float]]:
    both = sorted(set(values["laki_laki"]) & set(values["perempuan"]))
    return {y: {"TPAK_LAKI_LAKI": values["laki_laki"][y], "TPAK_PEREMPUAN": values["perempuan"][y],
                "SELISIH_TPAK": values["perempuan"][y] - values["laki_laki"][y]} for y in both}


def project_by_sex(series: RegionSeries, base: int, end: int, params: MethodParams | None = None) -> tuple[pd.DataFrame, str]:
    """Observed (``basis`` ``data``) and projected (``proyeksi``) TPAK by sex and the gap, and ``""``;
    or an empty frame and the reason nothing could be projected."""
    params = params or MethodParams()
    years = list(range(int(base) + 1, int(end) + 1))
    found = tpak_paths_by_sex(series, int(base), years, params)
    hist = history(series)
    if not hist["laki_laki"] or not hist["perempuan"]:
        return pd.DataFrame(columns=PROJECTION_COLUMNS), NO_DATA
    if found is None:
        return pd.DataFrame(columns=PROJECTION_COLUMNS), (
            f"kurang dari tiga tahun data TPAK laki-laki dan perempuan sampai tahun dasar {base} "
            f"(ada: {', '.join(str(y) for y in sorted(set(hist['laki_laki']) & set(hist['perempuan']))) or '—'})")
    rows = []
    for y, vals in _three({s: {k: v for k, v in hist[s].items() if k <= base} for s in SEXES}).items():
        rows += [(series.region_code, y, var, v, "data") for var, v in vals.items()]
    _, paths = found
    for y, vals in _three(paths).items():
        rows += [(series.region_code, y, var, v, "proyeksi") for var, v in vals.items()]
    return pd.DataFrame(rows, columns=PROJECTION_COLUMNS), ""


def rolling_backtest_by_sex(series: RegionSeries, params: MethodParams | None = None, horizons: int = 5) -> RollingBacktest:
    """The rolling-origin backtest of TPAK by sex and the gap (errors in :data:`ROLLING_COLUMNS`,
    percentage points), with the same benchmarks as the total; ``skipped`` says why a base year
    could not be tested."""
    params = params or MethodParams()
    actual = _three(history(series))
    years_known = sorted(actual)
    rows, skipped = [], {}
    if len(years_known) < 2:
        notes = [NO_DATA if not years_known else f"TPAK menurut jenis kelamin hanya ada untuk {years_known[0]}: tidak dapat diuji balik"]
        return RollingBacktest(series.region_code, "jenis_kelamin", pd.DataFrame(columns=ROLLING_COLUMNS), {}, notes)
    last = years_known[-1]
    for base in years_known[:-1]:
        years = list(range(base + 1, min(base + horizons, last) + 1))
        found = tpak_paths_by_sex(series, base, years, params)
        if found is None:
            skipped[base] = "kurang dari tiga tahun data TPAK laki-laki dan perempuan sampai tahun dasar ini"
            continue
        pred = _three(found[1])
        x0 = actual.get(base)
        xm1 = actual.get(base - 1)
        for t in years:
            if t not in actual or t not in pred:
                continue
            h = t - base
            for var in VARIABLES:
                a, p = actual[t][var], pred[t][var]
                if not math.isfinite(p):
                    continue
                rows.append((series.region_code, base, t, h, var, "metode", a, p, p - a))
                rows.append((series.region_code, base, t, h, var, "naif_tetap", a, x0[var], x0[var] - a))
                if xm1 is not None:
                    q = x0[var] + (x0[var] - xm1[var]) * h  # rates and gaps: the last yearly change in points continues
                    rows.append((series.region_code, base, t, h, var, "naif_laju", a, q, q - a))
    return RollingBacktest(series.region_code, "jenis_kelamin", pd.DataFrame(rows, columns=ROLLING_COLUMNS), skipped, [])

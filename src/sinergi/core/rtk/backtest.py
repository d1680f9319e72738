"""Backtest: run the method from a past base year and compare with what happened.

The method sees only the data up to the base year, except the PDRB growth of the projected
years, which is taken as it actually happened (a *conditional* backtest: it tests the
elasticity and supply method, not the forecast of economic growth). Two naive benchmarks
sit beside it: "no change" (every variable stays at its base-year value) and "last observed
growth" (the change from the year before the base year continues).
"""
from __future__ import annotations

import math

import pandas as pd

from sinergi.core.problems import Problem, ValidationFailed

from .engine import FIX_DATA, prepare, project
from .model import BacktestResult, RegionSeries, Scenario

BACKTEST_VARIABLES = ("PUK", "TPAK", "AK", "KK", "PENGANGGUR", "TPT")
RATES = ("TPAK", "TPT")
METHODS = {
    "metode": "Metode Sinergi (elastisitas, PDRB aktual)",
    "naif_tetap": "Naif: tidak berubah dari tahun dasar",
    "naif_laju": "Naif: laju tahun terakhir berlanjut",
}


def _value(prep, var: str, year: int) -> float | None:
    if var == "TPT":
        u, ak = prep.get("PENGANGGUR", year), prep.get("AK", year)
        return 100 * u / ak if u is not None and ak else None
    return prep.get(var, year)


def backtest(
    series: RegionSeries,
    base_year: int,
    end_year: int,
    *,
    window: tuple[int, int] | None = None,
    form: str = "majemuk",
    variables: tuple[str, ...] = BACKTEST_VARIABLES,
) -> BacktestResult:
    """Project from ``base_year`` with data up to that year only, using the PDRB growth that
    actually happened, and compare every year up to ``end_year`` with the observed values.

    Raises :class:`ValidationFailed` when the actual PDRB growth of a projected year is
    unknown. Variables the method cannot produce from the truncated data (e.g. PUK when the
    base year has none) are listed in ``not_tested`` with the reason — never filled in.
    """
    base_year, end_year = int(base_year), int(end_year)
    full = prepare(series)
    growth, missing = {}, []
    for t in range(base_year + 1, end_year + 1):
        y1, y0 = full.get("PDRB", t), full.get("PDRB", t - 1)
        if y1 is None or y0 is None:
            missing.append(t)
        else:
            growth[t] = 100 * (y1 / y0 - 1)
    if missing:
        raise ValidationFailed([Problem(
            code="PDRB_AKTUAL_KURANG",
            message=f"Uji balik butuh PDRB ADHK aktual untuk menghitung pertumbuhan tahun {', '.join(map(str, missing))}; "
                    f"PDRB tersedia: {', '.join(map(str, full.years('PDRB'))) or 'tidak ada'}.",
            fix=FIX_DATA, column="PDRB")])
    notes = [
        "Uji balik bersyarat: metode hanya melihat data sampai tahun dasar, kecuali pertumbuhan PDRB tahun proyeksi "
        "yang diambil dari kenyataan (menguji elastisitas dan metode persediaan, bukan ramalan ekonomi).",
    ]
    sector_growth = {}
    sec = series.by_sector("PDRB")
    if not sec.empty and series.sectors is not None:
        # actual growth for the codes the engine will use: categories and, summed, the 9 sectors
        scheme = series.sectors
        cats = sec.rename(columns=lambda c: scheme.normalise(c) or c).T.groupby(level=0).sum(min_count=1).T
        nine = cats.rename(columns=lambda c: scheme.to_nine.get(c, c)).T.groupby(level=0).sum(min_count=1).T
        sec = pd.concat([cats, nine[[c for c in nine.columns if c not in cats.columns]]], axis=1)
    if not sec.empty:
        for code in sec.columns:
            col = sec[code]
            g = {}
            for t in range(base_year + 1, end_year + 1):
                if t in col.index and t - 1 in col.index and col[t - 1] and math.isfinite(col[t]) and math.isfinite(col[t - 1]):
                    g[t] = 100 * (col[t] / col[t - 1] - 1)
            if len(g) == end_year - base_year:
                sector_growth[code] = g
    scenario = Scenario(name="aktual", label="PDRB aktual", growth=growth, sector_growth=sector_growth, elasticity_form=form,
                        note="Pertumbuhan PDRB ADHK yang benar-benar terjadi (uji balik).")
    truncated = series.truncate(base_year)
    proj = project(truncated, base_year, end_year, [scenario], window=window, form=form)
    res = proj["aktual"]
    base = prepare(truncated)
    rows, not_tested = [], {}
    years = list(range(base_year + 1, end_year + 1))
    for var in variables:
        pred = res.series(var)
        actual = {t: _value(full, var, t) for t in years}
        if not any(v is not None for v in actual.values()):
            not_tested[var] = f"tidak ada nilai aktual {var} untuk {years[0]}–{years[-1]}"
            continue
        x0, xm1 = _value(base, var, base_year), _value(base, var, base_year - 1)
        preds = {"metode": {t: float(pred[t]) for t in years if t in pred.index and math.isfinite(pred[t])}}
        if not preds["metode"]:
            not_tested[var] = (
                f"metode tidak menghasilkan {var} dari data sampai {base_year} "
                f"(metode persediaan: {proj.supply_method}); tidak diisi dengan angka karangan"
            )
        preds["naif_tetap"] = {t: x0 for t in years} if x0 is not None else {}
        preds["naif_laju"] = (
            {t: x0 * (x0 / xm1) ** (t - base_year) for t in years} if x0 is not None and xm1 else {}
        )
        if x0 is not None and xm1 is None:
            notes.append(f"Pembanding 'laju terakhir' untuk {var} tidak ada: nilai {base_year - 1} tidak tersedia.")
        for method, p in preds.items():
            for t in years:
                a = actual[t]
                if a is None or t not in p:
                    continue
                err = p[t] - a
                rows.append({
                    "year": t, "variable": var, "method": method, "actual": a, "predicted": p[t], "error": err,
                    "pct_error": (100 * err / a) if var not in RATES and a else float("nan"),
                    "unit": "poin persen" if var in RATES else "orang",
                })
    errors = pd.DataFrame(rows, columns=["year", "variable", "method", "actual", "predicted", "error", "pct_error", "unit"])
    summary_rows = []
    for (var, method), g in errors.groupby(["variable", "method"], sort=False):
        summary_rows.append({
            "variable": var, "method": method, "label": METHODS[method], "n": len(g),
            "mean_error": float(g["error"].mean()), "mae": float(g["error"].abs().mean()),
            "mape": float(g["pct_error"].abs().mean()) if var not in RATES else float("nan"),
            "unit": g["unit"].iloc[0],
        })
    summary = pd.DataFrame(summary_rows, columns=["variable", "method", "label", "n", "mean_error", "mae", "mape", "unit"])
    for var in variables:
        g = summary[summary["variable"] == var]
        if len(g) > 1 and "metode" in set(g["method"]):
            best = g.loc[g["mae"].idxmin(), "method"]
            notes.append(f"{var}: galat absolut rata-rata terkecil oleh {METHODS[best].lower()}.")
    return BacktestResult(
        region_code=series.region_code, base_year=base_year, end_year=end_year, projection=proj,
        errors=errors, summary=summary, not_tested=not_tested, notes=notes + list(proj.notes),
    )

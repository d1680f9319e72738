"""Backtest: run the method from a past base year and compare with what happened.

The method sees only the data up to the base year, except the PDRB growth of the projected
years, which is taken as it actually happened (a *conditional* backtest: it tests the
elasticity and supply method, not the forecast of economic growth). Two naive benchmarks
sit beside it: "no change" (every variable stays at its base-year value) and "last observed
growth" (the change from the year before the base year continues).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from sinergi.core.numbers import format_id
from sinergi.core.problems import Problem, ValidationFailed

from .engine import FIX_DATA, prepare, project
from .model import BacktestResult, ProjectionResult, RegionSeries, Scenario

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
    method: str = "v2",
) -> BacktestResult:
    """Project from ``base_year`` with data up to that year only, using the PDRB growth that
    actually happened, and compare every year up to ``end_year`` with the observed values.

    Raises :class:`ValidationFailed` when the actual PDRB growth of a projected year is
    unknown. Variables the method cannot produce from the truncated data (e.g. PUK when the
    base year has none) are listed in ``not_tested`` with the reason — never filled in.
    """
    base_year, end_year = int(base_year), int(end_year)
    full = prepare(series)
    growth = _actual_growth(full, base_year, end_year)
    notes = [
        "Uji balik bersyarat: metode hanya melihat data sampai tahun dasar, kecuali pertumbuhan PDRB tahun proyeksi "
        "yang diambil dari kenyataan (menguji elastisitas dan metode persediaan, bukan ramalan ekonomi).",
    ]
    sector_growth = _actual_sector_growth(series, base_year, end_year)
    scenario = Scenario(name="aktual", label="PDRB aktual", growth=growth, sector_growth=sector_growth, elasticity_form=form,
                        note="Pertumbuhan PDRB ADHK yang benar-benar terjadi (uji balik).")
    truncated = series.truncate(base_year)
    proj = project(truncated, base_year, end_year, [scenario], window=window, form=form, method=method)
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
    summary = _summary(errors, variables, notes)
    return BacktestResult(
        region_code=series.region_code, base_year=base_year, end_year=end_year, projection=proj,
        errors=errors, summary=summary, not_tested=not_tested, notes=notes + list(proj.notes),
    )


def _actual_growth(full, base_year: int, end_year: int) -> dict[int, float]:
    """The PDRB growth that actually happened in each projected year; raises when a year lacks it."""
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
    return growth


def _actual_sector_growth(series: RegionSeries, base_year: int, end_year: int) -> dict[str, dict[int, float]]:
    """The actual PDRB growth of every sector code with all projected years."""
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
    return sector_growth


def _summary(errors: pd.DataFrame, variables: tuple[str, ...], notes: list[str]) -> pd.DataFrame:
    """Mean error, MAE and MAPE per variable and method; the best method per variable is noted."""
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
    return summary


# --------------------------------------------------------------------------------------
# Rolling-origin backtest, uncertainty bands and the "worse than no change" guardrail
# --------------------------------------------------------------------------------------
ROLLING_COLUMNS = ["region_code", "base_year", "year", "horizon", "variable", "method", "actual", "predicted", "error"]
COUNT_VARIABLES = ("PUK", "AK", "KK", "PENGANGGUR")


@dataclass
class RollingBacktest:
    """Every base year from the earliest the method can use to the latest year − 1, horizons
    1 … ``horizons``, for the method (``metode``) and the benchmarks ``naif_tetap`` (no change)
    and ``naif_laju`` (the last yearly change continues).

    ``errors``: :data:`ROLLING_COLUMNS` (error = predicted − actual; percentage points for
    TPAK and TPT, persons otherwise). Benchmarks are kept only for the (base year, year) pairs
    the method also predicts, so the comparison is like for like. ``skipped``: base year →
    why the method could not run from it. ``growth_notes``: which PDRB growth was assumed.
    """

    region_code: str
    method: str
    errors: pd.DataFrame
    skipped: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def base_years(self) -> list[int]:
        return sorted(int(b) for b in self.errors["base_year"].unique()) if len(self.errors) else []

    def summary(self, by_horizon: bool = False) -> pd.DataFrame:
        """Mean absolute error (and, for counts, mean absolute percentage error) per variable and
        method (and horizon): columns ``variable, method, [horizon,] n, mae, mape``."""
        keys = ["variable", "method"] + (["horizon"] if by_horizon else [])
        e = self.errors.copy()
        if e.empty:
            return pd.DataFrame(columns=keys + ["n", "mae", "mape"])
        e["abs"] = e["error"].abs()
        e["ape"] = [100 * abs(r.error) / r.actual if r.variable in COUNT_VARIABLES and r.actual else float("nan")
                    for r in e.itertuples()]
        g = e.groupby(keys, sort=False)
        out = g.agg(n=("abs", "size"), mae=("abs", "mean"), mape=("ape", "mean")).reset_index()
        return out

    def mae(self, variable: str, method: str = "metode", common_with: str | None = None) -> float:
        """Mean absolute error of one variable and method; with ``common_with`` only over the
        (base year, year) pairs that method also has (a like-for-like comparison)."""
        e = self.errors
        e = e[(e["variable"] == variable) & (e["method"] == method)]
        if common_with is not None:
            o = self.errors
            o = o[(o["variable"] == variable) & (o["method"] == common_with)]
            keys = set(zip(o["base_year"], o["year"], strict=False))
            e = e[[k in keys for k in zip(e["base_year"], e["year"], strict=False)]]
        return float(e["error"].abs().mean()) if len(e) else float("nan")

    def worse_than_no_change(self) -> dict[str, str]:
        """Variable → a warning (Indonesian) for each variable the method forecasts worse than
        "no change" over all base years and horizons of this backtest."""
        out = {}
        for var in BACKTEST_VARIABLES:
            m, n0 = self.mae(var, "metode", common_with="naif_tetap"), self.mae(var, "naif_tetap")
            if math.isfinite(m) and math.isfinite(n0) and m > n0:
                unit = "poin" if var in RATES else "orang"
                dec = 2 if var in RATES else 0
                k = int(((self.errors["variable"] == var) & (self.errors["method"] == "naif_tetap")).sum())
                out[var] = (f"Uji balik bergulir: metode meramal {var} lebih buruk daripada anggapan 'tidak berubah' "
                            f"(galat absolut rata-rata {format_id(m, dec)} {unit} lawan {format_id(n0, dec)} {unit}, "
                            f"{k} pasangan tahun dasar–tahun). Baca angka {var} proyeksi dengan hati-hati.")
        return out


def _growth_for_backtest(full_pdrb: dict[int, float], base: int, years: list[int], notes: list[str]) -> dict[int, float]:
    """Actual PDRB growth where both levels are known, else the mean of the last three growth
    rates known at the base year (what a planner would have assumed then)."""
    known = {y: 100 * (full_pdrb[y] / full_pdrb[y - 1] - 1) for y in full_pdrb if y - 1 in full_pdrb}
    past = [known[y] for y in sorted(known) if y <= base][-3:]
    out = {}
    for t in years:
        if t in known:
            out[t] = known[t]
        elif past:
            out[t] = sum(past) / len(past)
            notes.append(f"Tahun dasar {base}: PDRB aktual {t} belum ada; dipakai rata-rata laju tiga tahun terakhir "
                         f"sampai {base} ({format_id(out[t], 2)} %).")
    return out


def rolling_backtest(
    series: RegionSeries,
    *,
    method: str = "v2",
    params=None,
    horizons: int = 5,
    variables: tuple[str, ...] = BACKTEST_VARIABLES,
) -> RollingBacktest:
    """Rolling-origin backtest (see :class:`RollingBacktest`). The method sees only data up to
    each base year, except PDRB growth of the projected years (as it happened, where known)
    and the population projection (conditional on economy and demography)."""
    from .method2 import local_data

    full = local_data(series)
    actual_of = {"PUK": full.puk, "TPAK": full.tpak, "AK": full.ak, "KK": full.kk, "PENGANGGUR": full.u, "TPT": full.tpt}
    data_years = sorted({y for d in actual_of.values() for y in d})
    rows, skipped, notes = [], {}, []
    if not data_years:
        return RollingBacktest(series.region_code, method, pd.DataFrame(columns=ROLLING_COLUMNS), {}, ["Tidak ada data."])
    last = data_years[-1]
    pdrb_src = full.pdrb if full.pdrb else (local_data(series.parent).pdrb if series.parent is not None else {})
    for base in range(data_years[0], last):
        years = list(range(base + 1, min(base + horizons, last) + 1))
        growth = _growth_for_backtest(pdrb_src, base, years, notes)
        if len(growth) < len(years):
            skipped[base] = "pertumbuhan PDRB tidak diketahui"
            continue
        truncated = series.truncate(base)
        scenario = Scenario(name="aktual", label="PDRB aktual", growth=growth,
                            note="Pertumbuhan PDRB ADHK yang terjadi (uji balik bergulir).")
        try:
            proj = project(truncated, base, years[-1], [scenario], method=method, params=params)
        except (ValidationFailed, ValueError, KeyError, ZeroDivisionError) as exc:
            skipped[base] = "; ".join(p.message for p in exc.problems) if isinstance(exc, ValidationFailed) else str(exc)
            continue
        if proj.base_year != base:
            skipped[base] = f"metode memakai tahun dasar {proj.base_year}"
            continue
        res = proj["aktual"]
        wide = res.wide()
        seen = local_data(truncated)
        seen_of = {"PUK": seen.puk, "TPAK": seen.tpak, "AK": seen.ak, "KK": seen.kk, "PENGANGGUR": seen.u, "TPT": seen.tpt}
        for var in variables:
            pred = wide[var].dropna() if var in wide.columns else pd.Series(dtype=float)
            x0, xm1 = seen_of[var].get(base), seen_of[var].get(base - 1)
            for t in years:
                a = actual_of[var].get(t)
                if a is None or t not in pred.index or not math.isfinite(pred[t]):
                    continue
                h = t - base
                rows.append((series.region_code, base, t, h, var, "metode", a, float(pred[t]), float(pred[t]) - a))
                if x0 is not None:
                    rows.append((series.region_code, base, t, h, var, "naif_tetap", a, x0, x0 - a))
                    if xm1:
                        p = x0 * (x0 / xm1) ** h
                        rows.append((series.region_code, base, t, h, var, "naif_laju", a, p, p - a))
    errors = pd.DataFrame(rows, columns=ROLLING_COLUMNS)
    return RollingBacktest(series.region_code, method, errors, skipped, list(dict.fromkeys(notes)))


BAND_COLUMNS = ["region_code", "scenario", "variable", "group", "year", "horizon", "value", "lower", "upper", "level", "n", "basis"]


def uncertainty_bands(result: ProjectionResult, rolling: RollingBacktest | None, level: float = 0.8) -> pd.DataFrame:
    """Bands per scenario, variable and projected year from the empirical backtest errors of the
    method: the half-width at horizon h is the ``level`` quantile of the absolute errors at h
    (relative errors for head counts, points for rates), never narrower than at h − 1; a
    horizon with fewer than two errors takes the last horizon that has them, widened by
    √(h / h'). Columns :data:`BAND_COLUMNS`; ``basis`` says how the width was obtained."""
    out = []
    if rolling is None or rolling.errors.empty:
        return pd.DataFrame(columns=BAND_COLUMNS)
    e = rolling.errors[rolling.errors["method"] == "metode"]
    for var in BACKTEST_VARIABLES:
        ev = e[e["variable"] == var]
        if ev.empty:
            continue
        rel = var in COUNT_VARIABLES
        widths: dict[int, tuple[float, int, str]] = {}
        prev = 0.0
        last_ok = None
        for h in range(1, max(result.years[-1] - result.base_year, 1) + 1):
            eh = ev[ev["horizon"] == h]
            vals = (eh["error"].abs() / eh["actual"].abs()) if rel else eh["error"].abs()
            vals = vals[vals.notna()]
            if len(vals) >= 2:
                q = float(vals.quantile(level))
                basis = f"kuantil {int(100 * level)} % galat uji balik horizon {h} ({len(vals)} galat)"
                last_ok = (h, q)
            elif last_ok is not None:
                q = last_ok[1] * math.sqrt(h / last_ok[0])
                basis = f"horizon {last_ok[0]} diperlebar √({h}/{last_ok[0]}) (galat horizon {h} kurang dari dua)"
            else:
                continue
            q = max(q, prev)
            prev = q
            widths[h] = (q, len(vals), basis)
        for name, res in result.scenarios.items():
            tb = res.table
            tb = tb[(tb["variable"] == var) & (tb["group"] == "")]
            s = pd.Series(tb["value"].to_numpy(dtype=float), index=tb["year"].to_numpy(dtype=int))
            for t in result.years:
                h = t - result.base_year
                if h not in widths or t not in s.index or not math.isfinite(s[t]):
                    continue
                q, n, basis = widths[h]
                v = float(s[t])
                lo, hi = (v * (1 - q), v * (1 + q)) if rel else (max(0.0, v - q), min(100.0, v + q))
                out.append((result.region_code, name, var, "", t, h, v, lo, hi, level, n, basis))
    return pd.DataFrame(out, columns=BAND_COLUMNS)

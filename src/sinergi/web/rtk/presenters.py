"""Engine results → what the RTK templates show (tables, chart specs, the explanation panel).

Only reshaping and labelling: every number comes from the engine's result as it is.
NaN becomes ``None`` so templates print "tidak ada data" instead of 0 or NaN.
"""
from __future__ import annotations

import math

from sinergi.core.links import is_web_url
from sinergi.core.rtk import LABELS, UNITS
from sinergi.core.rtk import explain as explain_result
from sinergi.documents import rtk_files
from sinergi.documents.rtkd.projection import group_label, method_label, scenario_label
from sinergi.web.rtk import charts
from sinergi.web.rtk import params as P

TABLE_COLUMNS = [  # variable, header, decimals
    ("PUK", "PUK", 0), ("TPAK", "TPAK (%)", 2), ("AK", "AK", 0), ("KK", "KK", 0), ("PENGANGGUR", "Penganggur", 0),
    ("TPT", "TPT (%)", 2), ("KEKURANGAN", "Kekurangan", 0), ("PDRB_TUMBUH", "PDRB tumbuh (%)", 2),
    ("TAMBAHAN_KK", "Tambahan KK", 0), ("IKN_KK", "KK dari IKN", 0), ("IKN_AK", "AK dari IKN", 0),
]
BACKTEST_LABELS = {"metode": "Metode Sinergi", "naif_tetap": "Naif: tidak berubah", "naif_laju": "Naif: laju terakhir"}
SHORT_LABELS = {"AK": "Angkatan kerja (AK)", "KK": "Kesempatan kerja (KK)", "PENGANGGUR": "Penganggur terbuka",
                "TPT": "TPT", "KEKURANGAN": "Kekurangan tenaga kerja"}
GROUP_ORDER = {"pendidikan": {c: i for i, c in enumerate(rtk_files.EDUCATION)}, "status": {"formal": 0, "informal": 1}}
DIMENSION_TITLES = {
    "pendidikan": "menurut pendidikan — dasar kebutuhan pelatihan",
    "status": "menurut status pekerjaan — dasar penempatan formal/informal",
    "sektor": "menurut lapangan usaha — dasar penempatan per sektor",
}


def clean(value) -> float | None:
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def period(window) -> str:
    return f"{window[0]}–{window[1]}" if window else "—"


def label(name: str) -> str:
    return scenario_label(name)


def _growth_text(growth: dict) -> str:
    """``{2025: 5.62, …, 2029: 5.62}`` → ``2025–2029: 5,62 %``; runs of equal values merged."""
    from sinergi.web.rtk.forms import fmt

    items = sorted((int(k), float(v)) for k, v in (growth or {}).items())
    if not items:
        return "—"
    if items[0][0] == 0:
        return f"semua tahun: {fmt(items[0][1])} %"
    runs, start, prev, value = [], items[0][0], items[0][0], items[0][1]
    for y, v in items[1:]:
        if v == value and y == prev + 1:
            prev = y
            continue
        runs.append((start, prev, value))
        start, prev, value = y, y, v
    runs.append((start, prev, value))
    return "; ".join(f"{a}{'–' + str(b) if b != a else ''}: {fmt(v)} %" for a, b, v in runs)


# --------------------------------------------------------------------------------------
def _methods(result, name: str, var: str, years: list[int]) -> str:
    """The methods behind a column of projected values, in planners' words ('neraca', 'turunan provinsi' …)."""
    codes = []
    for y in years:
        try:
            codes.append(result.method_of(name, var, y))
        except (AttributeError, KeyError, ValueError):
            continue
    return ", ".join(method_label(c) for c in dict.fromkeys(c for c in codes if c))


def _band(run, var: str, year: int, name: str) -> tuple[float, float] | None:
    if run is None:
        return None
    b = run.band(var, year, name)
    return (clean(b[0]), clean(b[1])) if b else None


def projection(outcome, parameters: dict) -> dict:
    """Context of the results area of the plan page: every projected figure with its method and,
    for the variables the rolling backtest covers, its band; a warning for each variable the
    method forecasts worse than 'no change'."""
    result = outcome.result
    run = getattr(outcome, "run", None)
    warnings = dict(getattr(run, "warnings", {}) or {})
    level = float(run.bands["level"].iloc[0]) if run is not None and len(run.bands) else None
    names = list(result.scenarios)
    main = P.main_name(parameters)
    if main not in names:
        main = names[0]
    years = [result.base_year] + result.years
    tables = []
    for name in names:
        wide = result[name].wide()
        cols = [c for c in TABLE_COLUMNS if c[0] in wide.columns and (not c[0].startswith("IKN_") or name.endswith("+ikn"))]
        rows = []
        for y in years:
            vals = [clean(wide.at[y, c[0]]) if y in wide.index else None for c in cols]
            projected = y > result.base_year
            rows.append({"year": y, "projected": projected, "values": [
                {"value": v, "decimals": d, "band": _band(run, var, y, name) if projected else None}
                for v, (var, _, d) in zip(vals, cols, strict=False)]})
        tables.append({"name": name, "label": label(name), "main": name == main,
                       "columns": [{"header": c[1], "title": f"{LABELS.get(c[0], c[0])} ({UNITS.get(c[0], '')})",
                                    "method": _methods(result, name, c[0], result.years), "warning": warnings.get(c[0], "")}
                                   for c in cols],
                       "rows": rows, "has_band": any(v["band"] for r in rows for v in r["values"])})

    ak_kk, tpt_points, short_points = [], [], []
    for name in names:
        res = result[name]
        lab = label(name)
        for y in years:
            kind = "data" if y == result.base_year else "proyeksi"
            for var, text in (("AK", "Angkatan kerja (AK)"), ("KK", "Kesempatan kerja (KK)")):
                v = clean(res.value(var, y))
                if v is not None:
                    ak_kk.append({"tahun": y, "skenario": label(name.removesuffix("+ikn")), "seri": lab, "variabel": text, "nilai": v,
                                  "ikn": "dengan IKN" if name.endswith("+ikn") else "tanpa IKN", "jenis": kind})
            v = clean(res.value("TPT", y))
            if v is not None:
                tpt_points.append({"tahun": y, "skenario": label(name.removesuffix("+ikn")), "seri": lab,
                                   "ikn": "dengan IKN" if name.endswith("+ikn") else "tanpa IKN", "nilai": v, "jenis": kind,
                                   "metode": method_label(_method(result, name, "TPT", y))})
            k = clean(res.value("KEKURANGAN", y))
            if k:
                short_points.append({"tahun": y, "seri": lab, "nilai": k})
    labels = [label(n) for n in names]
    base_labels = list(dict.fromkeys(label(n.removesuffix("+ikn")) for n in names))
    main_res = result[main]
    end = result.end_year
    band_label = f"pita {level * 100:.0f} % ({label(main)})" if level is not None else ""
    tpt_band = [{"tahun": y, "bawah": b[0], "atas": b[1], "pita": band_label}
                for y in result.years if (b := _band(run, "TPT", y, main))]
    if tpt_band:  # the fan starts at the base-year figure
        v0 = clean(main_res.value("TPT", result.base_year))
        tpt_band.insert(0, {"tahun": result.base_year, "bawah": v0, "atas": v0, "pita": band_label})
    akkk_band = []
    for var, text in (("AK", "Angkatan kerja (AK)"), ("KK", "Kesempatan kerja (KK)")):
        for y in result.years:
            b = _band(run, var, y, main)
            if b:
                akkk_band.append({"tahun": y, "bawah": b[0], "atas": b[1], "variabel": text, "pita": band_label,
                                  "skenario": label(main.removesuffix("+ikn")),
                                  "ikn": "dengan IKN" if main.endswith("+ikn") else "tanpa IKN"})
    summary = {
        "scenario": label(main),
        "base_year": result.base_year,
        "end_year": end,
        "items": [
            {"variable": var, "label": SHORT_LABELS.get(var, LABELS.get(var, var)), "title": LABELS.get(var, var), "unit": UNITS.get(var, ""), "decimals": 2 if var == "TPT" else 0,
             "percent": UNITS.get(var) == "persen",
             "base": clean(main_res.value(var, result.base_year)), "end": clean(main_res.value(var, end)),
             "band": _band(run, var, end, main), "method": method_label(_method(result, main, var, end)),
             "warning": warnings.get(var, "")}
            for var in ("AK", "KK", "PENGANGGUR", "TPT", "KEKURANGAN")
        ],
    }
    return {
        "result": result,
        "main": main,
        "main_label": label(main),
        "names": names,
        "summary": summary,
        "tables": tables,
        "needs": needs(result, main),
        "target": target(outcome),
        "explain": explain(result),
        "ak_kk_spec": charts.supply_demand(ak_kk, base_labels, any(n.endswith("+ikn") for n in names), band=akkk_band),
        "tpt_spec": charts.tpt(tpt_points, base_labels, any(n.endswith("+ikn") for n in names), band=tpt_band),
        "band_level": level,
        "band_label": band_label,
        "warnings": [{"variable": k, "label": LABELS.get(k, k), "text": v} for k, v in warnings.items()],
        "shortage_spec": charts.shortage(short_points, [x for x in labels if any(p["seri"] == x for p in short_points)]) if short_points else None,
        "shortage_where": sorted({p["seri"] for p in short_points}, key=labels.index),
        "tpt_end": {label(n): clean(result[n].value("TPT", end)) for n in names},
    }


def _method(result, name: str, var: str, year: int) -> str:
    try:
        return result.method_of(name, var, year) or ""
    except (AttributeError, KeyError, ValueError):
        return ""


def needs(result, main: str) -> list[dict]:
    """TAMBAHAN_KK of the main scenario by education, status and sector (training and placement needs)."""
    res = result[main]
    years = result.years
    out = []
    total = res.series("TAMBAHAN_KK")
    out.append({
        "dimension": "total", "title": "Tambahan kesempatan kerja (total)",
        "rows": [{"label": "Jumlah", "values": [clean(total.get(y)) for y in years], "sum": _sum(total.get(y) for y in years)}],
    })
    for dim in ("pendidikan", "status", "sektor"):
        codes = sorted(res.groups(dim), key=lambda c: (GROUP_ORDER.get(dim, {}).get(c, 99), c))
        if not codes:
            continue
        rows = []
        for code in codes:
            s = res.series("TAMBAHAN_KK", f"{dim}:{code}")
            if s.empty:
                continue
            rows.append({"label": _group_label(dim, code), "values": [clean(s.get(y)) for y in years], "sum": _sum(s.get(y) for y in years)})
        if rows:
            out.append({"dimension": dim, "title": f"Tambahan kesempatan kerja {DIMENSION_TITLES[dim]}", "rows": rows})
    return [dict(block, years=years) for block in out]


def _group_label(dim: str, code: str) -> str:
    if dim == "sektor":
        return f"{code} {rtk_files.load_sector_scheme().name(code)}"
    return group_label(dim, code)


def _sum(values) -> float | None:
    vals = [clean(v) for v in values]
    vals = [v for v in vals if v is not None]
    return sum(vals) if vals else None


def target(outcome) -> dict | None:
    t = outcome.target
    if t is None:
        return {"note": outcome.target_note} if outcome.target_note else None
    rows = [
        {"year": int(r["year"]), "ak": clean(r["ak"]), "kk_required": clean(r["kk_required"]), "kk_projected": clean(r["kk_projected"]),
         "kk_gap": clean(r["kk_gap"]), "growth_required": clean(r["growth_required_pct"]), "growth_projected": clean(r["growth_projected_pct"])}
        for r in t.table.to_dict(orient="records")
    ]
    return {"scenario": label(t.scenario), "tpt": t.target_tpt, "year": t.target_year, "elasticity": t.elasticity,
            "uniform": clean(t.uniform_growth_pct), "rows": rows, "notes": list(t.notes)}


def explain(result) -> dict:
    """The method, parameters and provenance panel, from :func:`sinergi.core.rtk.explain`."""
    e = explain_result(result)
    scheme = rtk_files.load_sector_scheme()
    scenarios = []
    notes_seen = list(e["notes"])
    for name, s in e["scenarios"].items():
        p = s["parameters"]
        elasticities = [{
            "sector": scheme.name(x["sector"]) if x["sector"] else "Total",
            "value": clean(x["value"]), "form": x["form"], "window": period(x["window"]),
            "kk_growth": clean(x["kk_growth_pct"]), "pdrb_growth": clean(x["pdrb_growth_pct"]), "fallback": x["fallback"],
        } for x in s["elasticities"]]
        ikn = p.get("ikn")
        scenarios.append({
            "name": name, "label": label(name),
            "growth": _growth_text(p.get("growth_pct")),
            "sector_growth": {scheme.name(k): _growth_text(v) for k, v in (p.get("sector_growth_pct") or {}).items()},
            "form": p.get("elasticity_form"), "window": period(p.get("window")) if p.get("window") else "aturan bawaan",
            "puk": clean(p.get("puk_growth_pct")), "tpak": clean(p.get("tpak_growth_pct")),
            "note": p.get("note", ""), "sources": [u.strip() for u in (p.get("source") or "").split(" ; ") if u.strip()],
            "ikn": ikn, "elasticities": elasticities, "notes": s["notes"],
        })
        for n in s["notes"]:
            if n not in notes_seen:
                notes_seen.append(n)
        for x in s["elasticities"]:
            if x["fallback"]:
                text = f"Elastisitas {scheme.name(x['sector']) if x['sector'] else 'total'}: {x['fallback']}"
                if text not in notes_seen:
                    notes_seen.append(text)
    ikn = next((s["ikn"] for s in scenarios if s["ikn"]), None)
    provenance = [{
        "year": r.get("year"), "variable": r.get("variable"), "sector": scheme.name(r["sector"]) if r.get("sector") else "",
        "value": clean(r.get("value")), "decimals": 2 if r.get("variable") in ("TPAK", "TPT") else 0, "source": r.get("source") or "", "link": is_web_url(r.get("source")),
        "note": r.get("note") or "", "caveat": r.get("caveat") or "", "derived": r.get("derived") or "", "role": r.get("role") or "",
    } for r in e["provenance"]]
    return {
        "method_version": e["method_version"],
        "method_fingerprint": e["method_fingerprint"],
        "window": period(e["window"]),
        "supply_method": e["supply_method"],
        "supply_window": [(k, period(v)) for k, v in e["supply_window"].items()],
        "sector_detail": e["sector_detail"],
        "notes": notes_seen,
        "scenarios": scenarios,
        "ikn": ikn,
        "provenance": provenance,
    }


# --------------------------------------------------------------------------------------
ROLLING_VARIABLES = ("PUK", "TPAK", "AK", "KK", "PENGANGGUR", "TPT")
ROLLING_METHODS = {"metode": "Metode (v2)", "naif_tetap": "Naif: tidak berubah", "naif_laju": "Naif: laju terakhir"}


def rolling(run) -> dict | None:
    """Errors of the rolling-origin backtest by variable × horizon (the plan's own runner), with the
    'worse than no change' warnings: MAE in points for TPAK/TPT, MAPE in percent for counts."""
    roll = getattr(run, "rolling", None)
    if roll is None or roll.errors.empty:
        return None
    s = roll.summary(by_horizon=True)
    horizons = sorted(int(h) for h in s["horizon"].unique())
    warnings = dict(getattr(run, "warnings", {}) or {})
    rows = []
    for var in [v for v in ROLLING_VARIABLES if v in set(s["variable"])]:
        rate = var in ("TPAK", "TPT")
        col = "mae" if rate else "mape"
        for m, text in ROLLING_METHODS.items():
            sub = s[(s["variable"] == var) & (s["method"] == m)]
            if not len(sub):
                continue
            by_h = {int(r["horizon"]): (clean(r[col]), int(r["n"])) for r in sub.to_dict(orient="records")}
            rows.append({"variable": var, "label": LABELS.get(var, var), "method": m, "method_label": text, "rate": rate,
                         "first": m == "metode", "warning": warnings.get(var, "") if m == "metode" else "",
                         "cells": [{"value": by_h.get(h, (None, 0))[0], "n": by_h.get(h, (None, 0))[1]} for h in horizons]})
    bases = sorted(int(b) for b in roll.errors["base_year"].unique())
    return {"horizons": horizons, "rows": rows, "bases": f"{bases[0]}–{bases[-1]}" if bases else "—",
            "warnings": [{"variable": k, "label": LABELS.get(k, k), "text": v} for k, v in warnings.items()]}


def backtest(bt) -> dict:
    """Context of the backtest page from :class:`~sinergi.core.rtk.BacktestResult`."""
    errors = bt.errors
    variables = [v for v in dict.fromkeys(errors["variable"])] if len(errors) else []
    blocks, points = [], []
    for var in variables:
        sub = errors[errors["variable"] == var]
        years = sorted(set(int(y) for y in sub["year"]))
        rows = []
        for y in years:
            at = sub[sub["year"] == y]
            actual = clean(at["actual"].iloc[0])
            cells = []
            for m in BACKTEST_LABELS:
                hit = at[at["method"] == m]
                cells.append({"predicted": clean(hit["predicted"].iloc[0]) if len(hit) else None,
                              "error": clean(hit["error"].iloc[0]) if len(hit) else None,
                              "pct": clean(hit["pct_error"].iloc[0]) if len(hit) else None})
            rows.append({"year": y, "actual": actual, "cells": cells})
            points.append({"variabel": var, "seri": "Aktual (data BPS)", "tahun": y, "nilai": actual})
            for m, c in zip(BACKTEST_LABELS.values(), cells, strict=False):
                if c["predicted"] is not None:
                    points.append({"variabel": var, "seri": m, "tahun": y, "nilai": c["predicted"]})
        rate = var in ("TPAK", "TPT")
        blocks.append({"variable": var, "label": LABELS.get(var, var), "rate": rate, "unit": "poin persen" if rate else "orang",
                       "decimals": 2 if rate else 0, "rows": rows})
    summary = []
    for var in variables:
        sub = bt.summary[bt.summary["variable"] == var]
        best = sub.loc[sub["mae"].idxmin(), "method"] if len(sub) else None
        summary.append({
            "variable": var, "label": LABELS.get(var, var), "rate": var in ("TPAK", "TPT"),
            "methods": [{
                "method": r["method"], "label": BACKTEST_LABELS.get(r["method"], r["method"]), "n": int(r["n"]),
                "mean_error": clean(r["mean_error"]), "mae": clean(r["mae"]), "mape": clean(r["mape"]), "best": r["method"] == best,
            } for r in sub.to_dict(orient="records")],
        })
    return {
        "blocks": blocks,
        "summary": summary,
        "not_tested": [{"variable": k, "label": LABELS.get(k, k), "reason": v} for k, v in bt.not_tested.items()],
        "notes": list(bt.notes),
        "spec": charts.backtest([p for p in points if p["nilai"] is not None], variables) if points else None,
        "method_version": bt.projection.method_version,
        "window": period(bt.projection.window),
        "supply_method": bt.projection.supply_method,
        "method_labels": list(BACKTEST_LABELS.values()),
    }


def by_sex(series, base_year: int, end_year: int) -> dict:
    """TPAK of men and women and the gap (women − men): the observed years with their sources,
    the projection from the base year, and the rolling backtest summary — or why there is none."""
    from sinergi.core.rtk.by_sex import history, project_by_sex, rolling_backtest_by_sex

    frame, why = project_by_sex(series, base_year, end_year)
    g = series.groups
    sources = {}
    if g is not None and len(g):
        for r in g[(g["dimension"] == "jenis_kelamin") & (g["variable"] == "TPAK")].itertuples():
            sources[(int(r.year), r.group)] = str(r.source or "")
    hist = history(series)
    observed = sorted(set(hist["laki_laki"]) & set(hist["perempuan"]))
    rows = []
    if frame.empty:  # no projection: still show the years where both are observed
        for y in observed:
            rows.append({"year": y, "basis": "data", "men": hist["laki_laki"][y], "women": hist["perempuan"][y],
                         "gap": hist["perempuan"][y] - hist["laki_laki"][y]})
    else:
        for (y, basis), part in frame.groupby(["year", "basis"], sort=True):
            v = dict(zip(part["variable"], part["value"], strict=True))
            rows.append({"year": int(y), "basis": basis, "men": v["TPAK_LAKI_LAKI"], "women": v["TPAK_PEREMPUAN"], "gap": v["SELISIH_TPAK"]})
    for r in rows:
        if r["basis"] == "data":
            r["men_source"] = sources.get((r["year"], "laki_laki"), "")
            r["women_source"] = sources.get((r["year"], "perempuan"), "")
            r["men_link"] = r["men_source"] if is_web_url(r["men_source"]) else ""
            r["women_link"] = r["women_source"] if is_web_url(r["women_source"]) else ""
    rb = rolling_backtest_by_sex(series)
    summary = [{"variable": s.variable, "method": BACKTEST_LABELS.get(s.method, s.method), "n": int(s.n), "mae": s.mae}
               for s in rb.summary().itertuples()]
    backtest_why = "; ".join(rb.notes + [f"tahun dasar {y}: {w}" for y, w in sorted(rb.skipped.items())]) if not summary else ""
    return {"rows": rows, "why": why, "backtest": summary, "backtest_why": backtest_why,
            "base_years": rb.base_years}

"""What the IPK templates show, taken from the engine's results (no computation of an index
here: scores, points, ranks, plans and intervals are the engine's; this module only picks,
orders and words them)."""
from __future__ import annotations

import math

from django.urls import reverse
from django.utils.http import urlencode

from sinergi.core.ipk import ILLUSTRATIVE_LABEL, IPKResult, Method, explain
from sinergi.core.ipk.labels import QUALITY_WORDS, STATUS_WORDS
from sinergi.core.numbers import format_id
from sinergi.core.regions import PROVINSI, region_level
from sinergi.web.ipk import charts
from sinergi.web.ipk.queries import RunView
from sinergi.web.regions.models import Boundary, Region

SHORT_NAMES = {"Penajam Paser Utara": "PPU", "Kutai Kartanegara": "Kutai Kartanegara"}


def clean(v):
    """``None`` for NaN/None, else a float."""
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def categories(method: Method) -> list[tuple[str, float]]:
    return [(c.name, float(c.min_score)) for c in method.categories]


def _codes(text) -> list[str]:
    return [c for c in str(text or "").split(", ") if c]


def unit_row(res: IPKResult, region_code: str, year: int) -> dict | None:
    try:
        u = res.unit(region_code, year)
    except KeyError:
        return None
    return {
        "score": clean(u["score"]),
        "category": u["category"] or None,
        "rank": int(u["rank"]) or None,
        "n_ranked": int(u["n_ranked"]),
        "scored": bool(u["scored"]),
        "missing": _codes(u["missing"]),
        "illustrative": _codes(u["illustrative"]),
        "note": u["note"],
    }


def official_row(res: IPKResult, region_code: str, year: int) -> dict | None:
    """The official IPK beside the estimate of one region-year (``None`` when none was
    published for it or before it), from the result's attached ``official`` table."""
    if res.official is None:
        return None
    hit = res.official[(res.official["region_code"] == str(region_code)) & (res.official["year"] == int(year))]
    if hit.empty or math.isnan(float(hit["official_ipk"].iloc[0])):
        return None
    r = hit.iloc[0]
    return {"ipk": float(r["official_ipk"]), "category": r["official_category"] or None, "year": int(r["official_year"]),
            "release": r["official_release"], "source": r["official_source"], "same_year": bool(r["same_year"]),
            "difference": clean(r["difference"]), "why": r["why"]}


def meter(res: IPKResult, region_code: str, year: int) -> dict | None:
    """The real-data meter of one region-year for a template: counts, shares and the text."""
    try:
        res.unit(region_code, year)
    except KeyError:
        return None
    from sinergi.web.meter import meter_context

    return meter_context(res.meter(region_code, year), fill_href=reverse("ipk:data", args=[region_code, year]),
                         fill_text="isi data resmi (formulir atau templat IPK)")


def reason(row: dict | None) -> str:
    """Why a region-year has no score, in words."""
    if row is None:
        return "tidak dinilai: belum ada data masukan untuk tahun ini"
    if not row["scored"]:
        return "tidak dinilai: data belum lengkap, belum ada nilai untuk " + ", ".join(row["missing"])
    return ""


def _interval_text(r: dict | None) -> str:
    if not r or r.get("p05") is None:
        return "—"
    return f"{format_id(r['p05'], 2)}–{format_id(r['p95'], 2)}"


def overview(res: IPKResult, year: int, rv: RunView | None) -> dict:
    """Map items, ranking rows, the province row and the interval chart of one year."""
    method = res.method
    cats = categories(method)
    names = [c for c, _ in cats]
    regions = list(Region.objects.all())
    kabkota = [r for r in regions if not r.is_province]
    ranking, items = [], []
    for r in kabkota:
        row = unit_row(res, r.code, year)
        mc = rv.of(r.code, year) if rv else None
        href = reverse("ipk:region", args=[r.code]) + "?" + urlencode({"tahun": year})
        entry = {"region": r, "row": row, "mc": mc, "href": href, "reason": reason(row),
                 "official": official_row(res, r.code, year), "meter": meter(res, r.code, year)}
        ranking.append(entry)
        scored = bool(row and row["scored"])
        items.append({
            "code": r.code, "name": r.display_name, "short": SHORT_NAMES.get(r.name, r.name),
            "col": r.tile_col, "row": r.tile_row,
            "category": row["category"] if scored else None,
            "category_text": row["category"] if scored else "tidak dinilai",
            "label": format_id(row["score"], 2) if scored else "tidak dinilai",
            "interval": _interval_text(mc) if scored else "—",
            "reason": entry["reason"] or ("data " + ILLUSTRATIVE_LABEL if scored and row["illustrative"] else ""),
            "href": href,
        })
    ranking.sort(key=lambda e: (not (e["row"] and e["row"]["scored"]), e["row"]["rank"] if e["row"] and e["row"]["scored"] else 0, e["region"].code))
    boundaries = {b.region_id: b for b in Boundary.objects.all()}
    if boundaries:
        features = []
        for it in items:
            b = boundaries.get(it["code"])
            if b:
                features.append({"type": "Feature", "geometry": b.geometry, "properties": {k: it[k] for k in ("name", "category", "category_text", "label", "interval", "reason", "href", "code")}})
        map_spec = charts.category_choropleth(features, names)
    else:
        map_spec = charts.category_tile_map(items, names)
    chart_rows = []
    for e in ranking:
        row = e["row"]
        if row and row["scored"]:
            mc = e["mc"] or {}
            rank_text = f"{row['rank']}" + (f" ({mc.get('rank_p05')}–{mc.get('rank_p95')})" if mc.get("rank_p05") else "")
            chart_rows.append({"name": e["region"].display_name, "score": row["score"], "p05": clean(mc.get("p05")), "p95": clean(mc.get("p95")),
                               "category": row["category"], "rank_text": rank_text})
    province = next((r for r in regions if r.is_province), None)
    prow = unit_row(res, province.code, year) if province else None
    return {
        "ranking": ranking,
        "map_spec": map_spec,
        "has_boundaries": bool(boundaries),
        "interval_spec": charts.intervals(chart_rows, cats) if chart_rows else None,
        "province": province,
        "province_row": prow,
        "province_official": official_row(res, province.code, year) if province else None,
        "province_meter": meter(res, province.code, year) if province else None,
        "any_official": any(e["official"] for e in ranking),
        "province_reason": reason(prow),
        "province_mc": rv.of(province.code, year) if (rv and province) else None,
        "categories": cats,
        "category_names": names,
        "any_illustrative": any(e["row"] and e["row"]["illustrative"] for e in ranking) or bool(prow and prow["illustrative"]),
        "not_scored": [e for e in ranking if not (e["row"] and e["row"]["scored"])],
        "scored_count": sum(1 for e in ranking if e["row"] and e["row"]["scored"]),
    }


def _steps(res: IPKResult, region_code: str, year: int, level: str) -> list[dict]:
    if level == "indicator":
        t = res.indicators[(res.indicators["region_code"] == str(region_code)) & (res.indicators["year"] == int(year))]
        return [{"label": f"{r.indicator_code} {r.indicator_name}"[:60], "code": r.indicator_code, "group": r.indicator_code,
                 "points": clean(r.points), "max_points": float(r.max_points), "lost": clean(r.points_lost)} for r in t.itertuples(index=False)]
    t = res.subs[(res.subs["region_code"] == str(region_code)) & (res.subs["year"] == int(year))]
    return [{"label": f"{r.sub_code} {r.sub_name}"[:58] + ("…" if len(f"{r.sub_code} {r.sub_name}") > 58 else ""), "code": r.sub_code,
             "group": r.indicator_code, "points": clean(r.points), "max_points": float(r.max_points), "lost": clean(r.points_lost)}
            for r in t.itertuples(index=False)]


def region(res: IPKResult, region_code: str, year: int) -> dict | None:
    """Explanation of one region-year: the engine's :func:`explain` plus the waterfalls."""
    try:
        ex = explain(res, region_code, year)
    except KeyError:
        return None
    cats = categories(res.method)
    subs = res.subs[(res.subs["region_code"] == str(region_code)) & (res.subs["year"] == int(year))]
    lost_total = float(subs["points_lost"].sum()) if ex.scored else None
    sub_rows = []
    for r in subs.itertuples(index=False):
        sub_rows.append({
            "code": r.sub_code, "name": r.sub_name, "indicator": r.indicator_code, "unit": r.unit, "direction": r.direction,
            "min": r.min, "max": r.max, "value": clean(r.value), "quality": r.quality, "quality_word": QUALITY_WORDS.get(r.quality, r.quality),
            "s": clean(r.s), "points": clean(r.points), "max_points": float(r.max_points), "lost": clean(r.points_lost),
            "share": (clean(r.points_lost) / lost_total) if (lost_total and clean(r.points_lost) is not None) else None,
        })
    ind_rows = []
    inds = res.indicators[(res.indicators["region_code"] == str(region_code)) & (res.indicators["year"] == int(year))]
    for r in inds.itertuples(index=False):
        ind_rows.append({"code": r.indicator_code, "name": r.indicator_name, "weight": r.indicator_weight, "points": clean(r.points),
                         "max_points": float(r.max_points), "lost": clean(r.points_lost)})
    out = {
        "ex": ex,
        "score": clean(ex.score),
        "lost_total": lost_total,
        "subs": sub_rows,
        "indicators": ind_rows,
        "worst": [s for s in sorted(sub_rows, key=lambda s: -(s["lost"] or 0)) if (s["lost"] or 0) > 1e-9][:3],
        "categories": cats,
        "category_names": [c for c, _ in cats],
        "is_province": region_level(region_code) == PROVINSI,
        "official": official_row(res, region_code, year),
        "meter": meter(res, region_code, year),
    }
    if ex.scored:
        title = f"Sumbangan poin per indikator — IPK {format_id(ex.score, 2)}"
        out["waterfall_ind"] = charts.waterfall(_steps(res, region_code, year, "indicator"), ex.score, cats, title=title)
        out["waterfall_sub"] = charts.waterfall(_steps(res, region_code, year, "sub"), ex.score, cats,
                                                title="Sumbangan poin per sub-indikator (abu-abu = poin yang hilang)")
    return out


def trend(res: IPKResult, region_code: str, region_name: str) -> dict:
    """The IPK of one region over the years, official and estimated: table rows and the chart."""
    from sinergi.core.ipk.official import official_trend
    from sinergi.web.ipk.queries import published

    t = official_trend(res, published(), region_code, region_name)
    rows = [{"year": int(r["year"]), "kind": r["kind"], "value": float(r["value"]), "category": r["category"] or "",
             "source": r["source"], "note": r["note"]} for r in t.to_dict(orient="records")]
    return {"rows": rows, "spec": charts.trend(rows, categories(res.method)) if rows else None,
            "has_official": any(r["kind"] == "resmi" for r in rows)}


def plan(p) -> dict:
    """A target plan as rows in each sub-indicator's own unit."""
    steps = []
    for r in p.steps.itertuples(index=False):
        steps.append({
            "code": r.sub_code, "name": r.sub_name, "unit": r.unit, "direction": r.direction, "current": clean(r.current),
            "proposed": clean(r.proposed), "change": clean(r.change), "share": clean(r.share_of_range),
            "points": clean(r.points_gained), "limit": clean(r.max_change),
        })
    yearly = []
    if p.yearly is not None:
        for r in p.yearly.itertuples(index=False):
            yearly.append({"code": r.sub_code, "per_year": clean(r.per_year), "basis": r.basis, "n_pairs": int(r.n_pairs)})
    return {"plan": p, "steps": steps, "gap": p.gap, "current": clean(p.current_score), "achieved": clean(p.achieved_score),
            "target": clean(p.target_score), "horizon": p.horizon, "years_needed": p.years_needed, "yearly": yearly}


def method_rows(method: Method) -> list[dict]:
    """Parameter rows of a method with the words of their statuses."""
    rows = []
    t = method.table
    for r in t.to_dict(orient="records"):
        finer = [(k, word, r.get(k) or "") for k, word in (("name_status", "nama"), ("weight_status", "bobot"), ("goalpost_status", "batas"))]
        rows.append({
            **r,
            "status_word": STATUS_WORDS.get(r["status"], r["status"]),
            "finer": [(word, s, STATUS_WORDS.get(s, s)) for _, word, s in finer if s],
        })
    return rows


def inclusion(method: Method, region_code: str) -> list[dict]:
    """The inclusion sub-indicators (:mod:`sinergi.core.ipk.inclusion`) of a region with their
    stored input for every year available: value, quality (illustrative said as such), source.
    A theme the method lacks, or a year without a value, is "belum ada data"."""
    from sinergi.core.ipk.inclusion import inclusion_subs
    from sinergi.core.links import web_url
    from sinergi.core.stats.groups import label
    from sinergi.web.ipk.models import IpkInput

    subs = inclusion_subs(method.table)
    codes = [s.sub_code for s in subs if s.sub_code]
    inputs: dict[str, list] = {}
    for inp in IpkInput.objects.filter(region_id=region_code, sub_code__in=codes).order_by("year"):
        inputs.setdefault(inp.sub_code, []).append(inp)
    out = []
    for s in subs:
        years = [{"year": i.year, "value": i.value, "unit": i.unit or s.unit, "quality": i.quality,
                  "quality_label": QUALITY_WORDS.get(i.quality, i.quality) if i.quality else "",
                  "illustrative": i.quality == "illustrative", "link": web_url(i.source_url), "source": i.source_url, "note": i.note}
                 for i in inputs.get(s.sub_code, [])]
        real = [y for y in years if y["value"] is not None and not y["illustrative"]]
        out.append({"theme": s.theme, "title": s.title, "group": label(s.group), "sub_code": s.sub_code, "sub_name": s.sub_name,
                    "direction": s.direction, "years": years, "n_real": len(real),
                    "trend": (real[-1]["value"] - real[0]["value"]) if len(real) >= 2 else None,
                    "trend_years": (real[0]["year"], real[-1]["year"]) if len(real) >= 2 else None})
    return out

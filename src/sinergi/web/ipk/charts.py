"""Vega-Lite specifications of the IPK pages (rendered by ``sinergi.js`` under the strict CSP).

The map follows :mod:`sinergi.web.charts` (schematic tiles, or real boundaries once imported)
but colours by **category** on an ordinal scale; a region-year that is not scored stays grey
with the reason in its tooltip. Numbers come from the engine; nothing is computed here except
where bars start and end.
"""
from __future__ import annotations

from django.utils.translation import gettext as _

from sinergi.web.charts import MISSING_FILL

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
# light → dark; the categories of a method are spread over these (ordinal, "higher is better")
BLUES = ["#eff6ff", "#dbeafe", "#bfdbfe", "#93c5fd", "#60a5fa", "#2563eb", "#1e40af", "#172554"]
DEFAULT_RANGE = ["#fde68a", "#bfdbfe", "#60a5fa", "#1e40af"]  # rendah · menengah bawah · menengah atas · tinggi


def category_colours(names: list[str]) -> list[str]:
    n = len(names)
    if n == 4:
        return list(DEFAULT_RANGE)
    if n <= 1:
        return [BLUES[4]] * n
    return [BLUES[round(1 + i * (len(BLUES) - 2) / (n - 1))] for i in range(n)]


def dark_category(names: list[str], name: str | None) -> bool:
    """White text on the darker half of the scale."""
    return bool(name) and name in names and names.index(name) >= len(names) / 2


def _colour(names: list[str], field: str = "category") -> dict:
    return {
        "field": field,
        "type": "ordinal",
        "title": _("Kategori IPK"),
        "scale": {"domain": names, "range": category_colours(names)},
        "legend": {"orient": "bottom", "direction": "horizontal", "symbolType": "square", "labelLimit": 160},
    }


def _tooltip(prefix: str = "") -> list[dict]:
    return [
        {"field": f"{prefix}name", "title": _("Wilayah")},
        {"field": f"{prefix}label", "title": "IPK"},
        {"field": f"{prefix}category_text", "title": _("Kategori")},
        {"field": f"{prefix}interval", "title": _("Rentang p05–p95")},
        {"field": f"{prefix}reason", "title": _("Catatan")},
    ]


def category_tile_map(items: list[dict], names: list[str]) -> dict:
    """One square per kab/kota placed roughly where it lies, coloured by IPK category.

    ``items``: ``code, name, short, col, row, category`` (``None`` = not scored), ``label``
    (score text or "tidak dinilai"), ``category_text``, ``interval``, ``reason``, ``href``.
    """
    for it in items:
        it["dark"] = dark_category(names, it.get("category"))
    base = {"x": {"field": "col", "type": "ordinal", "axis": None}, "y": {"field": "row", "type": "ordinal", "axis": None}}
    ink = {"condition": {"test": "datum.dark", "value": "white"}, "value": "#111827"}
    return {
        "$schema": SCHEMA,
        "width": 420,
        "height": 480,
        "data": {"values": items},
        "layer": [
            {"mark": {"type": "rect", "fill": MISSING_FILL, "stroke": "white", "strokeWidth": 3, "cornerRadius": 6, "cursor": "pointer"},
             "encoding": {**base, "tooltip": _tooltip(), "href": {"field": "href"}}},
            {
                "transform": [{"filter": "datum.category != null"}],
                "mark": {"type": "rect", "stroke": "white", "strokeWidth": 3, "cornerRadius": 6, "cursor": "pointer"},
                "encoding": {**base, "color": _colour(names), "tooltip": _tooltip(), "href": {"field": "href"}},
            },
            {"mark": {"type": "text", "baseline": "bottom", "dy": -2, "fontSize": 11, "fontWeight": "bold"},
             "encoding": {**base, "text": {"field": "short"}, "color": ink}},
            {"mark": {"type": "text", "baseline": "top", "dy": 4, "fontSize": 12},
             "encoding": {**base, "text": {"field": "label"}, "color": ink}},
        ],
        "config": {"view": {"stroke": None}},
    }


def category_choropleth(features: list[dict], names: list[str]) -> dict:
    """Imported boundaries coloured by IPK category; not scored in grey."""
    colour = _colour(names, "properties.category")
    tip = _tooltip("properties.")
    return {
        "$schema": SCHEMA,
        "width": 420,
        "height": 480,
        "data": {"values": features, "format": {"type": "json"}},
        "projection": {"type": "mercator"},
        "layer": [
            {"mark": {"type": "geoshape", "fill": MISSING_FILL, "stroke": "white", "strokeWidth": 1, "cursor": "pointer"},
             "encoding": {"tooltip": tip, "href": {"field": "properties.href"}}},
            {
                "transform": [{"filter": "datum.properties.category != null"}],
                "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 1, "cursor": "pointer"},
                "encoding": {"color": colour, "tooltip": tip, "href": {"field": "properties.href"}},
            },
        ],
        "config": {"view": {"stroke": None}},
    }


def _bands(categories: list[tuple[str, float]]) -> list[dict]:
    out = []
    for i, (name, low) in enumerate(categories):
        high = categories[i + 1][1] if i + 1 < len(categories) else 100.0
        out.append({"category": name, "lo": low, "hi": high, "mid": (low + high) / 2})
    return out


def intervals(rows: list[dict], categories: list[tuple[str, float]]) -> dict:
    """Scores with their p05–p95 interval over the category bands, best first.

    ``rows``: ``name, score, p05, p95, category, rank_text``; regions without an interval show
    the score only."""
    names = [c for c, _ in categories]
    bands = _bands(categories)
    lo = min([r["p05"] for r in rows if r.get("p05") is not None] + [r["score"] for r in rows] + [100.0])
    hi = max([r["p95"] for r in rows if r.get("p95") is not None] + [r["score"] for r in rows] + [0.0])
    pad = max(2.0, (hi - lo) * 0.15)
    domain = [max(0.0, lo - pad), min(100.0, hi + pad)]
    y = {"field": "name", "type": "nominal", "sort": None, "title": None, "axis": {"labelLimit": 170}}
    x_scale = {"domain": domain, "zero": False, "nice": False}
    tip = [
        {"field": "name", "title": _("Wilayah")},
        {"field": "score", "title": "IPK", "format": ",.2f"},
        {"field": "p05", "title": "p05", "format": ",.2f"},
        {"field": "p95", "title": "p95", "format": ",.2f"},
        {"field": "category", "title": _("Kategori")},
        {"field": "rank_text", "title": _("Peringkat (p05–p95)")},
    ]
    visible = [b for b in bands if b["hi"] > domain[0] and b["lo"] < domain[1]]
    for b in visible:
        b["lo"], b["hi"] = max(b["lo"], domain[0]), min(b["hi"], domain[1])
        b["mid"] = (b["lo"] + b["hi"]) / 2
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": max(120, 26 * len(rows)),
        "layer": [
            {
                "data": {"values": visible},
                "mark": {"type": "rect", "opacity": 0.35},
                "encoding": {
                    "x": {"field": "lo", "type": "quantitative", "scale": x_scale, "title": _("IPK (titik = skor; garis = rentang p05–p95)")},
                    "x2": {"field": "hi"},
                    "color": {**_colour(names), "legend": None},
                },
            },
            {
                "data": {"values": visible},
                "mark": {"type": "text", "baseline": "top", "dy": -14, "fontSize": 10, "color": "#374151"},
                "encoding": {"x": {"field": "mid", "type": "quantitative", "scale": x_scale}, "y": {"value": 0}, "text": {"field": "category"}},
            },
            {
                "data": {"values": rows},
                "transform": [{"filter": "datum.p05 != null"}],
                "mark": {"type": "rule", "strokeWidth": 3, "color": "#374151"},
                "encoding": {"y": y, "x": {"field": "p05", "type": "quantitative", "scale": x_scale}, "x2": {"field": "p95"}, "tooltip": tip},
            },
            {
                "data": {"values": rows},
                "mark": {"type": "point", "filled": True, "size": 80, "color": "#111827"},
                "encoding": {"y": y, "x": {"field": "score", "type": "quantitative", "scale": x_scale}, "tooltip": tip},
            },
        ],
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 11}},
    }


def waterfall(steps: list[dict], score: float, categories: list[tuple[str, float]], *, title: str) -> dict:
    """Horizontal waterfall: each step adds its points after the previous ones (solid bar);
    the pale bar behind it is the step's maximum, so the gap is the points lost. The last row
    is the IPK itself, drawn over the category thresholds.

    ``steps``: ``label, code, group, points, max_points, lost`` in method order."""
    rows, start = [], 0.0
    for i, s in enumerate(steps):
        pts = s["points"] if s["points"] is not None else 0.0
        rows.append({
            **s, "order": i, "start": start, "end": start + pts, "max_end": start + s["max_points"],
            "missing": s["points"] is None,
        })
        start += pts
    total_label = "IPK"
    rows.append({"label": total_label, "code": "IPK", "group": "IPK", "points": score, "max_points": 100.0, "lost": 100.0 - score,
                 "order": len(steps), "start": 0.0, "end": score, "max_end": 100.0, "missing": False, "total": True})
    y = {"field": "label", "type": "nominal", "sort": None, "title": None, "axis": {"labelLimit": 260}}
    x_scale = {"domain": [0, 100]}
    tip = [
        {"field": "label", "title": _("Bagian")},
        {"field": "points", "title": _("Poin"), "format": ",.2f"},
        {"field": "max_points", "title": _("Maksimum"), "format": ",.2f"},
        {"field": "lost", "title": _("Poin hilang"), "format": ",.2f"},
    ]
    thresholds = [{"name": n, "min": v} for n, v in categories if v > 0]
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "anchor": "start", "fontSize": 13},
        "width": "container",
        "height": max(140, 22 * len(rows)),
        "layer": [
            {
                "data": {"values": rows},
                "mark": {"type": "bar", "color": "#e5e7eb", "height": {"band": 0.7}},
                "encoding": {"y": y, "x": {"field": "start", "type": "quantitative", "scale": x_scale, "title": _("Poin IPK (0–100)")},
                             "x2": {"field": "max_end"}, "tooltip": tip},
            },
            {
                "data": {"values": rows},
                "mark": {"type": "bar", "height": {"band": 0.7}},
                "encoding": {
                    "y": y,
                    "x": {"field": "start", "type": "quantitative", "scale": x_scale},
                    "x2": {"field": "end"},
                    "color": {"condition": {"test": "datum.total", "value": "#1d4e89"}, "value": "#60a5fa"},
                    "tooltip": tip,
                },
            },
            {
                "data": {"values": rows},
                "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11, "color": "#111827"},
                "encoding": {"y": y, "x": {"field": "max_end", "type": "quantitative", "scale": x_scale},
                             "text": {"field": "points", "format": ",.2f"}},
            },
            {
                "data": {"values": thresholds},
                "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#b45309"},
                "encoding": {"x": {"field": "min", "type": "quantitative", "scale": x_scale},
                             "tooltip": [{"field": "name", "title": _("Kategori mulai")}, {"field": "min", "title": _("Skor")}]},
            },
            *[
                {
                    "data": {"values": thresholds[k::2]},
                    "mark": {"type": "text", "baseline": "bottom", "dy": -2 - 11 * k, "dx": 3, "fontSize": 9, "color": "#b45309", "align": "left"},
                    "encoding": {"x": {"field": "min", "type": "quantitative", "scale": x_scale}, "y": {"value": 0}, "text": {"field": "name"}},
                }
                for k in (0, 1) if thresholds[k::2]
            ],
        ],
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 11}},
    }


def probabilities(probs: list[tuple[str, float]]) -> dict:
    """Probability of each category in the stored Monte Carlo run."""
    names = [c for c, _ in probs]
    rows = [{"category": c, "p": p or 0.0, "pct": f"{(p or 0.0) * 100:.1f} %".replace(".", ",")} for c, p in probs]
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": 28 * len(rows),
        "data": {"values": rows},
        "encoding": {"y": {"field": "category", "type": "ordinal", "sort": names, "title": None}},
        "layer": [
            {"mark": {"type": "bar", "height": {"band": 0.7}},
             "encoding": {"x": {"field": "p", "type": "quantitative", "scale": {"domain": [0, 1]}, "axis": {"format": ".0%"}, "title": _("Peluang")},
                          "color": {**_colour(names), "legend": None}}},
            {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
             "encoding": {"x": {"field": "p", "type": "quantitative"}, "text": {"field": "pct"}}},
        ],
        "config": {"view": {"stroke": None}},
    }


def trend(rows: list[dict], categories: list[tuple[str, float]]) -> dict:
    """IPK over the years: the official values and Sinergi's estimates as two series over the
    category bands. ``rows``: ``year, kind`` (``resmi`` / ``perkiraan Sinergi``), ``value``,
    ``category``, ``note``."""
    names = [c for c, _ in categories]
    bands = _bands(categories)
    values = [r["value"] for r in rows] or [50.0]
    domain = [max(0.0, min(values) - 8), min(100.0, max(values) + 8)]
    visible = [dict(b) for b in bands if b["hi"] > domain[0] and b["lo"] < domain[1]]
    for b in visible:
        b["lo"], b["hi"] = max(b["lo"], domain[0]), min(b["hi"], domain[1])
    y_scale = {"domain": domain, "zero": False, "nice": False}
    years = sorted({int(r["year"]) for r in rows})
    x = {"field": "year", "type": "ordinal", "title": _("Tahun data"), "sort": years}
    tip = [
        {"field": "year", "title": _("Tahun data")},
        {"field": "kind", "title": _("Jenis")},
        {"field": "value", "title": "IPK", "format": ",.2f"},
        {"field": "category", "title": _("Kategori")},
        {"field": "note", "title": _("Catatan")},
    ]
    colour = {"field": "kind", "type": "nominal", "title": None,
              "scale": {"domain": ["resmi", "perkiraan Sinergi"], "range": ["#111827", "#b45309"]},
              "legend": {"orient": "bottom", "direction": "horizontal"}}
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": 220,
        "layer": [
            {
                "data": {"values": visible},
                "mark": {"type": "rect", "opacity": 0.3},
                "encoding": {"y": {"field": "lo", "type": "quantitative", "scale": y_scale, "title": "IPK"}, "y2": {"field": "hi"},
                             "color": {**_colour(names), "legend": None}},
            },
            {
                "data": {"values": rows},
                "mark": {"type": "line", "point": {"filled": True, "size": 70}},
                "encoding": {"x": x, "y": {"field": "value", "type": "quantitative", "scale": y_scale}, "color": colour,
                             "strokeDash": {"field": "kind", "type": "nominal", "legend": None,
                                            "scale": {"domain": ["resmi", "perkiraan Sinergi"], "range": [[1, 0], [5, 3]]}},
                             "tooltip": tip},
            },
        ],
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 11}},
    }

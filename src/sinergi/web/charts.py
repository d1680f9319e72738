"""Vega-Lite specifications for the pages (rendered by the vendored vega-embed).

Missing data are drawn as missing (grey, labelled "tidak ada data"), never as zero.
"""
from __future__ import annotations

from django.utils.translation import gettext as _

SCHEME_GOOD_HIGH = "blues"
MISSING_FILL = "#e5e7eb"


def unit_title(title: str) -> str:
    return title if len(title) <= 40 else title[:38] + "…"


def _color(direction: str, title: str) -> dict:
    return {
        "field": "value",
        "type": "quantitative",
        "title": unit_title(title),
        "scale": {"scheme": "orangered" if direction == "negative" else "blues"},
        "legend": {"orient": "bottom", "direction": "horizontal", "gradientLength": 220},
    }


def tile_map(items: list[dict], title: str, direction: str, unit: str) -> dict:
    """Schematic map: one square per regency/city, placed roughly where it lies."""
    tooltip = [
        {"field": "name", "title": _("Wilayah")},
        {"field": "value", "title": _("Nilai") + f" ({unit})", "format": ",.2f"},
        {"field": "source", "title": _("Sumber")},
    ]
    base = {"x": {"field": "col", "type": "ordinal", "axis": None}, "y": {"field": "row", "type": "ordinal", "axis": None}}
    values = [it["value"] for it in items if it.get("value") is not None]
    if values:
        lo, hi = min(values), max(values)
        for it in items:  # white text on the darkest tiles
            v = it.get("value")
            it["dark"] = v is not None and hi > lo and (v - lo) / (hi - lo) > 0.7
    ink = {"condition": {"test": "datum.dark", "value": "white"}, "value": "#111827"}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 420,
        "height": 480,
        "data": {"values": items},
        "layer": [
            {"mark": {"type": "rect", "fill": MISSING_FILL, "stroke": "white", "strokeWidth": 3, "cornerRadius": 6}, "encoding": base},
            {
                "transform": [{"filter": "datum.value != null"}],
                "mark": {"type": "rect", "stroke": "white", "strokeWidth": 3, "cornerRadius": 6, "cursor": "pointer"},
                "encoding": {**base, "color": _color(direction, title), "tooltip": tooltip, "href": {"field": "href"}},
            },
            {
                "mark": {"type": "text", "baseline": "bottom", "dy": -2, "fontSize": 11, "fontWeight": "bold"},
                "encoding": {**base, "text": {"field": "short"}, "color": ink},
            },
            {
                "mark": {"type": "text", "baseline": "top", "dy": 4, "fontSize": 12},
                "encoding": {**base, "text": {"field": "label"}, "color": ink},
            },
        ],
        "config": {"view": {"stroke": None}},
    }


def choropleth(features: list[dict], title: str, direction: str, unit: str) -> dict:
    """Real boundaries (imported GeoJSON) coloured by value; missing regions in grey."""
    tooltip = [
        {"field": "properties.name", "title": _("Wilayah")},
        {"field": "properties.value", "title": _("Nilai") + f" ({unit})", "format": ",.2f"},
        {"field": "properties.source", "title": _("Sumber")},
    ]
    color = _color(direction, title)
    color["field"] = "properties.value"
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 420,
        "height": 480,
        "data": {"values": features, "format": {"type": "json"}},
        "projection": {"type": "mercator"},
        "layer": [
            {"mark": {"type": "geoshape", "fill": MISSING_FILL, "stroke": "white", "strokeWidth": 1}, "encoding": {"tooltip": tooltip[:1]}},
            {
                "transform": [{"filter": "datum.properties.value != null"}],
                "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 1, "cursor": "pointer"},
                "encoding": {"color": color, "tooltip": tooltip, "href": {"field": "properties.href"}},
            },
        ],
        "config": {"view": {"stroke": None}},
    }


def trend(points: list[dict], title: str, unit: str) -> dict:
    """``points``: region, year, value, source (shown) and link (followed on click; empty
    unless the source is an http(s) address)."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": "container",
        "height": 260,
        "data": {"values": points},
        "mark": {"type": "line", "point": {"size": 60, "filled": True}, "cursor": "pointer"},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": _("Tahun"), "axis": {"labelAngle": 0}},
            "y": {"field": "value", "type": "quantitative", "title": f"{title} ({unit})", "scale": {"zero": False}},
            "color": {"field": "region", "type": "nominal", "title": _("Wilayah"), "legend": {"orient": "bottom"}},
            "tooltip": [
                {"field": "region", "title": _("Wilayah")},
                {"field": "year", "title": _("Tahun")},
                {"field": "value", "title": _("Nilai"), "format": ",.2f"},
                {"field": "source", "title": _("Sumber")},
            ],
            "href": {"field": "link"},  # the source only when it is an http(s) address (sinergi.core.links)
        },
    }

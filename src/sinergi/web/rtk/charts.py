"""Vega-Lite specifications of the RTK pages (rendered by the vendored vega-embed through
``sinergi.js``). Values are passed as they are; missing values are left out, never drawn as 0.
Tooltips use the page's number locale (Indonesian separators on Indonesian pages).
"""
from __future__ import annotations

from django.utils.translation import gettext as _

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
SCENARIO_COLORS = {"Moderat": "#1d4e89", "Optimis": "#15803d", "Pesimis": "#b91c1c"}
IKN_COLORS = {"Moderat": "#4f7fc0", "Optimis": "#3d9a5f", "Pesimis": "#d9534f"}  # ≥ 3:1 on white (WCAG 1.4.11), lighter than the scenario colours
FALLBACK_COLORS = ["#7c3aed", "#0891b2", "#a16207", "#db2777"]
AK_KK_COLORS = {"Angkatan kerja (AK)": "#1d4e89", "Kesempatan kerja (KK)": "#ea580c"}
BACKTEST_COLORS = {"Aktual (data BPS)": "#111827", "Metode Sinergi": "#1d4e89", "Naif: tidak berubah": "#6b7280", "Naif: laju terakhir": "#ea580c"}


def _palette(labels: list[str]) -> tuple[list[str], list[str]]:
    domain, colors, spare = [], [], iter(FALLBACK_COLORS * 4)
    for label in labels:
        if label in domain:
            continue
        domain.append(label)
        colors.append(SCENARIO_COLORS.get(label) or next(spare))
    return domain, colors


def _year_axis() -> dict:
    return {"field": "tahun", "type": "ordinal", "title": _("Tahun"), "axis": {"labelAngle": 0}}


BAND_FILL = "#bfd4ee"


def _band_layer(y_title: str, fmt: str) -> dict:
    """The uncertainty fan: an area between ``bawah`` and ``atas`` drawn behind the lines
    (rows without a band are filtered out by a field predicate, no expression)."""
    return {
        "transform": [{"filter": {"field": "atas", "valid": True}}],
        "mark": {"type": "area", "opacity": 0.55},
        "encoding": {
            "x": _year_axis(),
            "y": {"field": "bawah", "type": "quantitative", "title": y_title},
            "y2": {"field": "atas"},
            "fill": {"field": "pita", "type": "nominal", "title": None, "scale": {"range": [BAND_FILL]},
                     "legend": {"orient": "top", "symbolType": "square", "labelLimit": 400}},
            "tooltip": [
                {"field": "pita", "title": _("Pita")},
                {"field": "tahun", "title": _("Tahun")},
                {"field": "bawah", "title": _("Batas bawah"), "format": fmt},
                {"field": "atas", "title": _("Batas atas"), "format": fmt},
            ],
        },
    }


def supply_demand(points: list[dict], scenarios: list[str], ikn: bool, band: list[dict] | None = None) -> dict:
    """AK and KK, one small panel per scenario (rows) without and with the IKN module (columns);
    ``band`` (rows ``tahun, bawah, atas, variabel, skenario, ikn, pita``) is drawn as a fan behind
    the lines of the main scenario's panel."""
    facet = {"row": {"field": "skenario", "type": "nominal", "title": None, "sort": scenarios,
                     "header": {"labelFontSize": 13, "labelFontWeight": "bold", "labelAngle": 0, "labelAlign": "left"}}}
    if ikn:
        facet["column"] = {"field": "ikn", "type": "nominal", "title": None, "sort": ["tanpa IKN", "dengan IKN"],
                           "header": {"labelFontSize": 12}}
    line = {
            "transform": [{"filter": {"field": "nilai", "valid": True}}],
            "mark": {"type": "line", "point": {"filled": True, "size": 40}},
            "encoding": {
                "x": _year_axis(),
                "y": {"field": "nilai", "type": "quantitative", "title": _("Orang"), "scale": {"zero": False}, "axis": {"format": ",.0f", "tickCount": 4}},
                "color": {"field": "variabel", "type": "nominal", "title": None,
                          "scale": {"domain": list(AK_KK_COLORS), "range": list(AK_KK_COLORS.values())}, "legend": {"orient": "top"}},
                "tooltip": [
                    {"field": "seri", "title": _("Skenario")},
                    {"field": "variabel", "title": _("Variabel")},
                    {"field": "tahun", "title": _("Tahun")},
                    {"field": "nilai", "title": _("Orang"), "format": ",.0f"},
                    {"field": "jenis", "title": _("Jenis")},
                ],
            },
    }
    inner = {"width": 290 if ikn else 600, "height": 150}
    if band:
        area = _band_layer("Orang", ",.0f")
        area["encoding"]["detail"] = {"field": "variabel"}
        inner["layer"] = [area, line]
    else:
        inner.update(line)
    return {
        "$schema": SCHEMA,
        "data": {"values": list(band or []) + list(points)},
        "facet": facet,
        "spec": inner,
        "resolve": {"scale": {"y": "shared"}},
    }


def tpt(points: list[dict], scenarios: list[str], ikn: bool = True, band: list[dict] | None = None) -> dict:
    """TPT per scenario: colour = scenario, dashed = with the IKN module; ``band`` (rows ``tahun,
    bawah, atas, pita``) is the main scenario's uncertainty fan, drawn behind the lines. The rate
    axis starts at zero."""
    domain, colors = _palette(scenarios)
    spec = {
        "data": {"values": points},
        "mark": {"type": "line", "point": {"filled": True, "size": 50}},
        "encoding": {
            "x": _year_axis(),
            "y": {"field": "nilai", "type": "quantitative", "title": _("TPT (%)"), "scale": {"zero": True}, "axis": {"format": ",.1f"}},
            "color": {"field": "skenario", "type": "nominal", "title": _("Skenario"), "scale": {"domain": domain, "range": colors}, "legend": {"orient": "bottom"}},
            "strokeDash": {"field": "ikn", "type": "nominal", "title": _("Modul IKN"), "scale": {"domain": ["tanpa IKN", "dengan IKN"], "range": [[1, 0], [6, 4]]},
                           "legend": {"orient": "bottom", "symbolType": "stroke", "symbolStrokeWidth": 2, "symbolSize": 300}},
            "detail": {"field": "seri"},
            "tooltip": [
                {"field": "seri", "title": _("Skenario")},
                {"field": "tahun", "title": _("Tahun")},
                {"field": "nilai", "title": _("TPT (%)"), "format": ",.2f"},
                {"field": "jenis", "title": _("Jenis")},
                {"field": "metode", "title": _("Metode")},
            ],
        },
    }
    if not ikn:
        del spec["encoding"]["strokeDash"]
    top = {"$schema": SCHEMA, "width": "container", "height": 260}
    if band:
        area = _band_layer("TPT (%)", ",.2f")
        area["data"] = {"values": band}
        top["layer"] = [area, spec]
        top["resolve"] = {"legend": {"fill": "independent"}}
    else:
        top.update(spec)
    return top


def shortage(points: list[dict], series: list[str]) -> dict:
    """KEKURANGAN (KK above AK) per year and scenario, as grouped bars (IKN variants lighter)."""
    colors = [IKN_COLORS.get(s.removesuffix(" + IKN")) if s.endswith(" + IKN") else SCENARIO_COLORS.get(s) for s in series]
    spare = iter(FALLBACK_COLORS * 4)
    colors = [c or next(spare) for c in colors]
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": 220,
        "data": {"values": points},
        "mark": {"type": "bar"},
        "encoding": {
            "x": _year_axis(),
            "xOffset": {"field": "seri", "sort": series},
            "y": {"field": "nilai", "type": "quantitative", "title": _("Kekurangan (orang)"), "axis": {"format": ",.0f"}},
            "color": {"field": "seri", "type": "nominal", "title": _("Skenario"), "scale": {"domain": series, "range": colors}, "legend": {"orient": "bottom"}},
            "tooltip": [
                {"field": "seri", "title": _("Skenario")},
                {"field": "tahun", "title": _("Tahun")},
                {"field": "nilai", "title": _("Kekurangan (orang)"), "format": ",.0f"},
            ],
        },
    }


def backtest(points: list[dict], variables: list[str]) -> dict:
    """Actual values beside the method and the two naive benchmarks, one panel per variable."""
    columns = 2 if len(variables) in (1, 2, 4) else 3  # no half-empty last row
    return {
        "$schema": SCHEMA,
        "data": {"values": points},
        "facet": {"field": "variabel", "type": "nominal", "title": None, "sort": variables, "header": {"labelFontSize": 13, "labelFontWeight": "bold"}},
        "columns": columns,
        "spec": {
            "width": 420 if columns == 2 else 270,
            "height": 180,
            "mark": {"type": "line", "point": {"filled": True, "size": 40}},
            "encoding": {
                "x": _year_axis(),
                "y": {"field": "nilai", "type": "quantitative", "title": None, "scale": {"zero": False}, "axis": {"format": ",.4~r"}},
                "color": {"field": "seri", "type": "nominal", "title": None,
                          "scale": {"domain": list(BACKTEST_COLORS), "range": list(BACKTEST_COLORS.values())}, "legend": {"orient": "top"}},
                "strokeWidth": {"condition": {"test": "datum.seri === 'Aktual (data BPS)'", "value": 3}, "value": 1.6},
                "tooltip": [
                    {"field": "variabel", "title": _("Variabel")},
                    {"field": "seri", "title": _("Seri")},
                    {"field": "tahun", "title": _("Tahun")},
                    {"field": "nilai", "title": _("Nilai"), "format": ",.2f"},
                ],
            },
        },
        "resolve": {"scale": {"y": "independent"}},
    }

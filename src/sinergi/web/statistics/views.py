"""Dashboard, statistics browser, downloads and the statistics import page."""
from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext

from sinergi.core.ipk import rank_rows
from sinergi.core.links import web_url
from sinergi.core.problems import Problem, ValidationFailed
from sinergi.core.regions import PROVINCE_CODE
from sinergi.core.stats import QUALITY_FLAGS, SOURCE_KINDS, source_kind
from sinergi.core.stats.groups import GROUPS, label
from sinergi.documents.bps_files import VariableUndecided
from sinergi.web import caching, charts
from sinergi.web.accounts.permissions import can, own_office
from sinergi.web.formatting import number
from sinergi.web.regions.models import Boundary, Region
from sinergi.web.statistics.actions import (
    choose_primary,
    describe_primary_change,
    export_observations,
    figure_values,
    import_statistics,
    prepare_import,
    preview_import,
    release_primary,
)
from sinergi.web.statistics.meters import dashboard_meters
from sinergi.web.statistics.models import ImportBatch, Indicator, Observation
from sinergi.web.statistics.queries import group_observations, headline, years_with_data
from sinergi.web.uploads import keep_upload

DEFAULT_INDICATOR = "tpt"


def _indicators_with_kabkota_data():
    def build():
        codes = set(Observation.objects.exclude(region_id=PROVINCE_CODE).values_list("indicator_id", flat=True))
        return list(Indicator.objects.filter(code__in=codes).order_by("name_id"))

    return caching.cached("indikator-kabkota", (caching.STATISTICS,), build)


@login_required
def dashboard(request):
    # the same for everyone with the same office (the trend's default region) until the
    # statistics or the IPK inputs (the data meters) change
    return caching.render_shared(request, "statistics/dashboard.html", "dasbor", (caching.STATISTICS, caching.IPK),
                                 lambda: _dashboard_context(request))


def _dashboard_context(request) -> dict:
    lang = get_language() or "id"
    indicators = _indicators_with_kabkota_data()
    code = request.GET.get("indikator") or DEFAULT_INDICATOR
    indicator = next((i for i in indicators if i.code == code), None) or next((i for i in indicators if i.code == DEFAULT_INDICATOR), None)
    regions = list(Region.objects.all())
    kabkota = [r for r in regions if not r.is_province]
    context = {"indicators": indicators, "indicator": indicator, "regions": regions}
    if indicator is None:
        return context
    years = years_with_data(indicator.code)
    kab_years = [y for y, n in years if n > 1] or [y for y, _ in years]
    try:
        year = int(request.GET.get("tahun") or 0) or None
    except ValueError:
        year = None
    if year not in [y for y, _ in years]:
        # default: the most recent year with the most regencies/cities
        year = max(kab_years, key=lambda y: (dict(years)[y], y)) if kab_years else None
    # the trend compares the province with one regency/city: the one chosen, else the user's own,
    # else Samarinda (a province user's own region is the province itself, already on the chart)
    by_code = {r.code: r for r in kabkota}
    focus = by_code.get(request.GET.get("wilayah") or "") or by_code.get(getattr(request.user, "region_id", None) or "") or by_code.get("6472") or kabkota[0]
    values = headline(indicator.code, year) if year else {}
    name = indicator.name(lang)
    unit = indicator.unit_label(lang)
    items, ranking = [], []
    for r in kabkota:
        o = values.get((r.code, year))
        href = reverse("statistics") + "?" + urlencode({"wilayah": r.code, "indikator": indicator.code})
        items.append(
            {
                "code": r.code,
                "name": r.display_name,
                "short": r.name if len(r.name) <= 14 else _abbrev(r.name),
                "col": r.tile_col,
                "row": r.tile_row,
                "value": o.value if o else None,
                "label": number(o.value, o.decimals, gettext("tidak ada data")) if o else gettext("tidak ada data"),
                "source": o.source_url if o else "",
                "href": href,
            }
        )
        ranking.append({"region": r, "obs": o})
    reverse_sort = indicator.direction != "negative"
    ranking.sort(key=lambda x: (x["obs"] is None, -(x["obs"].value) if (x["obs"] and reverse_sort) else (x["obs"].value if x["obs"] else 0)))
    scored = [x for x in ranking if x["obs"] is not None]  # core's rule: 1 = best, ties share the best rank
    for x, rank in zip(scored, rank_rows([float(x["obs"].value) * (1 if reverse_sort else -1) for x in scored]), strict=True):
        x["rank"] = int(rank)
    boundaries = caching.cached("batas-wilayah", (caching.STATISTICS,), lambda: {b.region_id: b for b in Boundary.objects.all()})
    if boundaries:
        features = []
        for it in items:
            b = boundaries.get(it["code"])
            if b:
                features.append({"type": "Feature", "geometry": b.geometry, "properties": {k: it[k] for k in ("name", "value", "source", "href", "code")}})
        map_spec = charts.choropleth(features, name, indicator.direction, unit)
    else:
        map_spec = charts.tile_map(items, name, indicator.direction, unit)
    series = headline(indicator.code, None, region_codes=[PROVINCE_CODE, focus.code])
    points = [
        {"region": o.region.display_name, "year": o.year, "value": o.value, "source": o.source_url, "link": web_url(o.source_url)}
        for (_, _), o in sorted(series.items(), key=lambda kv: (kv[0][0], kv[0][1]))
    ]
    province_obs = values.get((PROVINCE_CODE, year))
    context.update(
        {
            "year": year,
            "years": years,
            "focus": focus,
            "ranking": ranking,
            "map_spec": map_spec,
            "trend_spec": charts.trend(points, name, unit),
            "unit_label": unit,
            "focus_plotted": any(p["region"] == focus.display_name for p in points),
            "has_boundaries": bool(boundaries),
            "province_obs": province_obs,
            "missing": [x["region"] for x in ranking if x["obs"] is None],
            "trend_points": points,
        }
    )
    context["data_meters"] = dashboard_meters()  # real-data meter per region and pillar
    context["group_gaps"] = _dashboard_gaps(lang)
    return context


# the gaps shown per region in the table of all regions: (indicator, group)
REGION_GAPS = (("tpak", "perempuan"), ("tpt", "perempuan"), ("tpt", "pemuda"), ("tpt", "disabilitas"))


def _gap_context(gap, lang: str, names: dict | None = None) -> dict:
    from sinergi.core.stats.groups import label

    missing = gettext("belum ada data")
    gap_text = missing if gap.gap is None else ("+" if gap.gap > 0 else "−" if gap.gap < 0 else "") + number(abs(gap.gap), 2, missing)
    # the weakest class of the two figures' sources, said when it is not BPS; a round other than
    # August Sakernas said too (a reviewer must see both before quoting the gap)
    kinds = [source_kind(u) for u in (gap.source_url, gap.reference_source_url) if u]
    kind = max(kinds, key=lambda k: SOURCE_KINDS[k][0], default="")
    return {
        "gap": gap, "name": (names or {}).get(gap.indicator) or gap.indicator, "label": label(gap.kelompok, lang), "reference_label": label(gap.reference_kelompok, lang),
        "value": number(gap.value, 2, missing), "reference": number(gap.reference_value, 2, missing), "gap_text": gap_text,
        "link": web_url(gap.source_url), "reference_link": web_url(gap.reference_source_url),
        "source_note": SOURCE_KINDS[kind][2 if lang == "en" else 1] if kind and kind != "bps" and gap.value is not None else "",
        "round_note": gettext("putaran bulan %(m)s, bukan Agustus") % {"m": gap.month} if gap.month and gap.month != 8 and gap.value is not None else "",
    }


def _dashboard_gaps(lang: str) -> dict | None:
    """The province's latest gaps of :data:`REGION_GAPS` for the home page."""
    from sinergi.core.stats.groups import GAP_INDICATORS, default_gap_year, group_gaps

    province = Region.objects.filter(code=PROVINCE_CODE).first()
    rows = group_observations(region_codes=[PROVINCE_CODE])
    groups = sorted({k for _, k in REGION_GAPS})
    year = default_gap_year(rows, PROVINCE_CODE, groups=groups) if province else None
    if year is None:
        return None
    names = dict(Indicator.objects.filter(code__in=list(GAP_INDICATORS)).values_list("code", "name_id" if lang != "en" else "name_en"))
    found = {(g.indicator, g.kelompok): g for g in group_gaps(rows, PROVINCE_CODE, year, groups=groups)}
    return {"region": province, "year": year, "cells": [_gap_context(found[k], lang, names) for k in REGION_GAPS]}


@login_required
def groups(request):
    """Gaps by population group per region: women's vs men's participation, youth vs all TPT,
    disability, area and education — each value with its source, a missing one shown as missing."""
    from sinergi.core.stats.groups import GAP_INDICATORS, default_gap_year, gap_years, group_gaps, label

    lang = get_language() or "id"
    regions = list(Region.objects.all())
    focus = next((r for r in regions if r.code == request.GET.get("wilayah")), None) or next((r for r in regions if r.is_province), regions[0])
    rows = group_observations()
    years = sorted({y for r in regions for y in gap_years(rows, r.code)}, reverse=True)
    try:
        year = int(request.GET.get("tahun") or 0) or None
    except ValueError:
        year = None
    if year not in years:  # the region's latest August gap (a later round of another month may be news-sourced)
        year = default_gap_year(rows, focus.code) or (years[0] if years else None)
    names = dict(Indicator.objects.filter(code__in=list(GAP_INDICATORS)).values_list("code", "name_id" if lang != "en" else "name_en"))
    gaps = [_gap_context(g, lang, names) for g in group_gaps(rows, focus.code, year)] if year else []
    per_region = []
    if year:
        for r in regions:
            found = {(g.indicator, g.kelompok): g for g in group_gaps(rows, r.code, year, groups=sorted({k for _, k in REGION_GAPS}))}
            per_region.append({"region": r, "cells": [_gap_context(found[k], lang, names) for k in REGION_GAPS]})
    return render(request, "statistics/groups.html", {
        "regions": regions, "focus": focus, "year": year, "years": years, "gaps": gaps, "per_region": per_region,
        "columns": [{"indicator": i, "name": names.get(i, i), "group": label(g, lang)} for i, g in REGION_GAPS],
        "names": names,
    })


def _abbrev(name: str) -> str:
    return {"Kutai Kartanegara": "Kutai Kartanegara", "Penajam Paser Utara": "PPU"}.get(name, name)


QUALITY_CHOICES = ("", "bersih", *QUALITY_FLAGS)  # "" = all; "bersih" = no quality flag
PAGE_SIZE = 100


def _filtered(request):
    """Observations chosen by the browser's filters (region, indicator, year, quality; primary
    values only unless ``semua=1``) — the same choice for the page and for its downloads."""
    qs = Observation.objects.select_related("region", "indicator")
    region = request.GET.get("wilayah") or ""
    indicator = request.GET.get("indikator") or ""
    year = request.GET.get("tahun") or ""
    quality = request.GET.get("kualitas") or ""
    if region:
        qs = qs.filter(region_id=region)
    if indicator:
        qs = qs.filter(indicator_id=indicator)
    if year.isdigit():
        qs = qs.filter(year=int(year))
    group = request.GET.get("kelompok") or ""
    if group == "semua":
        qs = qs.filter(kelompok="")
    elif group:
        qs = qs.filter(kelompok=group)
    if quality == "bersih":
        qs = qs.filter(quality="")
    elif quality in QUALITY_FLAGS:
        qs = qs.filter(quality__contains=quality)
    else:
        quality = ""
    if request.GET.get("semua") != "1":
        qs = qs.filter(preferred=True)
    filters = {"wilayah": region, "indikator": indicator, "tahun": year, "kelompok": group, "kualitas": quality,
               "semua": request.GET.get("semua") == "1"}
    return qs, filters


def _quality_choices(lang: str) -> list[tuple[str, str]]:
    words = [("bersih", gettext("tanpa tanda kualitas"))]
    return words + [(code, labels[1] if lang == "en" else labels[0]) for code, labels in QUALITY_FLAGS.items()]


@login_required
def browse(request):
    """Every observation the filters choose, a page at a time (nothing is cut off)."""
    qs, filters = _filtered(request)
    qs = qs.order_by("region_id", "indicator__name_id", "-year", "month", "id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("hal"))
    rows = list(page.object_list)
    alternatives = {}
    if rows:
        keys = {o.key for o in rows if "conflicting" in o.flags}
        if keys:
            for o in Observation.objects.filter(preferred=False, indicator_id__in={k[3] for k in keys}, region_id__in={k[0] for k in keys}):
                if o.key in keys:
                    alternatives.setdefault(o.key, []).append(o)
    for o in rows:
        o.alternatives = alternatives.get(o.key, [])
        o.source_label = SOURCE_KINDS.get(o.source_kind, SOURCE_KINDS["berita"])[1]
    years = sorted({y for y in Observation.objects.exclude(year=None).values_list("year", flat=True).distinct()}, reverse=True)
    download_query = request.GET.copy()
    download_query.pop("hal", None)
    return render(
        request,
        "statistics/browse.html",
        {
            "rows": rows,
            "page": page,
            "total": page.paginator.count,
            "filters": filters,
            "regions": Region.objects.all(),
            "indicators": Indicator.objects.order_by("name_id"),
            "years": years,
            "groups": [(code, label(code, get_language() or "id")) for code in GROUPS],
            "qualities": _quality_choices(get_language() or "id"),
            "query": download_query.urlencode(),
        },
    )


@login_required
def download(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        fmt = "csv"
    qs, _ = _filtered(request)
    tmp = Path(tempfile.mkdtemp()) / f"statistik-sinergi.{fmt}"
    export_observations(tmp, qs)
    return FileResponse(open(tmp, "rb"), as_attachment=True, filename=tmp.name)


IMPORT_SESSION_KEY = "impor_statistik"
IMPORT_SUFFIXES = (".csv", ".xlsx", ".json")


@login_required
def upload(request):
    """Upload → check and preview (new / unchanged / changed values, primary values that
    change; a select for each BPS variable that is not certain) → confirm → import. The file
    waits under MEDIA_ROOT/tmp between the preview and the confirmation."""
    if not _may_import(request.user):
        return render(request, "forbidden.html", status=403)
    if request.method == "GET":
        return render(request, "statistics/import.html", {"pending": _pending(request)})
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    action = request.POST.get("aksi", "periksa")
    if action == "batal":
        _discard(request)
        return redirect("statistics-import")
    context: dict = {"form": {"sumber": request.POST.get("sumber", "").strip(), "bulan": request.POST.get("bulan", "").strip()}}
    f = request.FILES.get("berkas")
    if f:
        _discard(request)
        try:
            path, name = keep_upload(f, allowed=IMPORT_SUFFIXES)
        except ValidationFailed as exc:
            context.update(problems=exc.problems, file_name=f.name)
            return render(request, "statistics/import.html", context)
        request.session[IMPORT_SESSION_KEY] = {"path": str(path), "name": name}
    pending = _pending(request)
    if pending is None:
        messages.error(request, "Pilih berkas CSV, XLSX atau JSON terlebih dahulu.")
        return render(request, "statistics/import.html", context)
    path, name = Path(pending["path"]), pending["name"]
    context.update(pending=pending, file_name=name)
    choices = {request.POST.get(f"label-{i}", ""): request.POST.get(f"pilih-{i}", "") for i in range(200) if f"pilih-{i}" in request.POST}
    context["choices"] = [(label, code) for label, code in choices.items() if code]
    try:
        month = _month(request.POST.get("bulan", ""), name)
        prepared = prepare_import(path, name, source_url=context["form"]["sumber"], month=month, indicators=choices)
        if action == "impor":
            result = import_statistics(request.user, path, display_name=name, prepared=prepared)
            _discard(request)
            messages.success(request, f"Impor {result.file_name} berhasil: {result.added} baris ditambah, {result.changed} diubah, {result.skipped} sudah ada.")
            return redirect("statistics-import-result", pk=result.batch_id)
        preview = preview_import(request.user, prepared)
    except VariableUndecided as exc:
        indicators = list(Indicator.objects.order_by("name_id").values_list("code", "name_id"))
        context.update(problems=exc.problems, undecided=[
            {"label": v.label, "candidates": v.candidates, "others": [i for i in indicators if i[0] not in {c for c, _ in v.candidates}]}
            for v in exc.variables
        ])
        return render(request, "statistics/import.html", context)
    except ValidationFailed as exc:
        context["problems"] = exc.problems
        return render(request, "statistics/import.html", context)
    names = dict(Region.objects.values_list("code", "name"))
    changes = [dict(c, region=names.get(c["region_code"], c["region_code"]),
                    old=_fmt(c["before"]["value"]) if c.get("before") else "—", new=_fmt(c["after"]["value"]) if c.get("after") else "—",
                    old_label=SOURCE_KINDS[c["before"]["source_kind"]][1] if c.get("before") else "",
                    new_label=SOURCE_KINDS[c["after"]["source_kind"]][1] if c.get("after") else "")
               for c in preview.primary_changes]
    context["primary_changes"] = changes
    context.update(prepared=prepared, preview=preview)
    return render(request, "statistics/import.html", context)


def _pending(request) -> dict | None:
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or not Path(pending.get("path", "")).is_file():
        return None
    return pending


def _discard(request) -> None:
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if pending:
        Path(pending.get("path", "")).unlink(missing_ok=True)


def _month(text: str, name: str) -> int | None:
    if not text:
        return None
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    raise ValidationFailed([Problem("BULAN_TIDAK_VALID", f"Bulan '{text}' bukan bulan yang sah.",
                                    "Tulis angka 1–12 (8 = Sakernas Agustus), atau kosongkan.", file=name, column="bulan", value=text)])


def _fmt(value) -> str:
    decimals = 0 if float(value).is_integer() else min(4, len(repr(float(value)).split(".")[1]))
    return number(value, decimals, "—")


@login_required
def catalogue(request):
    return caching.render_shared(request, "statistics/catalogue.html", "katalog", (caching.STATISTICS,),
                                 lambda: {"indicators": list(Indicator.objects.order_by("group", "name_id"))})


def _may_import(user) -> bool:
    return can(user, "review") or own_office(user) is not None


@login_required
def import_result(request, pk: int):
    """What one import did: rows added, changed, already stored, and which primary values changed."""
    if not _may_import(request.user):
        return render(request, "forbidden.html", status=403)
    batch = get_object_or_404(ImportBatch.objects.select_related("actor"), pk=pk)
    changes = []
    for c in batch.primary_changes or []:
        figure = Observation.objects.filter(region_id=c["region_code"], year=c["year"], month=c["month"], indicator_id=c["indicator"],
                                            kelompok=c.get("kelompok", ""), preferred=True).first()
        changes.append({**c, "text": describe_primary_change(c), "figure": figure,
                        "before_label": SOURCE_KINDS[c["before"]["source_kind"]][1] if c.get("before") else "",
                        "after_label": SOURCE_KINDS[c["after"]["source_kind"]][1] if c.get("after") else ""})
    return render(request, "statistics/import_result.html", {"batch": batch, "changes": changes})


@login_required
def figure(request, pk: int):
    """Every value stored for one figure (region, year, month, indicator) with its source and
    rank; planners pick the primary value here (with a reason) or hand it back to the rule."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    some = get_object_or_404(Observation, pk=pk)
    may_choose = can(request.user, "review")
    problems = None
    if request.method == "POST":
        if not may_choose:
            return render(request, "forbidden.html", status=403)
        try:
            if request.POST.get("lepas"):
                after = release_primary(request.user, request.POST.get("lepas"), request.POST.get("alasan", ""))
                messages.success(request, f"Nilai utama dikembalikan ke aturan otomatis: {after.value:g}.")
            else:
                chosen = request.POST.get("pilih")
                if not chosen or not Observation.objects.filter(pk=chosen if str(chosen).isdigit() else 0, region_id=some.region_id, year=some.year,
                                                                  month=some.month, indicator_id=some.indicator_id,
                                                                  kelompok=some.kelompok).exists():
                    raise Http404("nilai tidak termasuk angka ini")
                after = choose_primary(request.user, int(chosen), request.POST.get("alasan", ""))
                messages.success(request, f"Nilai utama dipilih: {after.value:g}. Pilihan ini bertahan saat impor berikutnya.")
            return redirect("statistics-figure", pk=after.pk)
        except ValidationFailed as exc:
            problems = exc.problems
    values = figure_values(some.key)
    for o in values:
        o.rank, o.source_label = SOURCE_KINDS.get(o.source_kind, SOURCE_KINDS["berita"])[:2]
        o.link = web_url(o.source_url)  # a link only for an http(s) address (sinergi.core.links)
    primary = next((o for o in values if o.preferred), None)
    return render(request, "statistics/figure.html", {
        "values": values, "primary": primary, "some": some, "may_choose": may_choose, "problems": problems,
        "pinned": next((o for o in values if o.pinned), None), "kinds": [(k, v[0], v[1]) for k, v in SOURCE_KINDS.items()],
        "posted_reason": request.POST.get("alasan", "") if problems else "",
    }, status=200)

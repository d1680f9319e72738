"""IPK pages: overview (map, ranking with intervals), region (waterfall, what-if, target
solver, robustness), region-year input data (edit, template), method (parameters, import,
versions, comparison) and the downloads. Views parse, call an action or the engine, render."""
from __future__ import annotations

import hashlib
import math
import tempfile
from pathlib import Path

import pandas as pd
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from sinergi.core.ipk import (
    ILLUSTRATIVE_EXPLANATION,
    ILLUSTRATIVE_LABEL,
    PROVISIONAL_EXPLANATION,
    PROVISIONAL_LABEL,
    compare_results,
    solve_target,
    yearly_change_bounds,
)
from sinergi.core.ipk.compare import method_caption
from sinergi.core.ipk.domain import out_of_domain
from sinergi.core.ipk.labels import QUALITY_WORDS
from sinergi.core.numbers import NotANumber, is_blank, parse_number
from sinergi.core.problems import ValidationFailed
from sinergi.core.regions import PROVINSI, region_level
from sinergi.core.stats.meter import count_quality, meter_of_row
from sinergi.documents import ipk_files
from sinergi.web import caching
from sinergi.web.accounts.permissions import can
from sinergi.web.ipk import actions, presenters, queries
from sinergi.web.ipk.models import QUALITY_CHOICES, IpkInput, IpkMethod, IpkRun
from sinergi.web.meter import meter_context
from sinergi.web.regions.models import Region
from sinergi.web.uploads import uploaded_path

RUN_SIZES = (1000, 2000, 5000, 10000)


_SEEDED: dict = caching.local({})


def _ready():
    """Seed the shipped method, inputs and first run on first use; the active method. The
    seeding's checks run again only after an IPK change (a deleted method is seeded anew)."""
    if _SEEDED.get("generation") != caching.generation(caching.IPK):
        actions.ensure_defaults()
        _SEEDED["generation"] = caching.generation(caching.IPK)
    return queries.active_method()


def _labels(stored: IpkMethod | None) -> dict:
    """The label texts (from core) and the active method, for every IPK page."""
    return {
        "PROVISIONAL_LABEL": PROVISIONAL_LABEL,
        "PROVISIONAL_EXPLANATION": PROVISIONAL_EXPLANATION,
        "ILLUSTRATIVE_LABEL": ILLUSTRATIVE_LABEL,
        "ILLUSTRATIVE_EXPLANATION": ILLUSTRATIVE_EXPLANATION,
        "stored_method": stored,
    }


def _region(code: str, year: int | None = None) -> Region:
    if year is not None and not 2000 <= int(year) <= 2100:
        raise Http404
    return get_object_or_404(Region, code=code)


def _forbidden(request):
    return render(request, "forbidden.html", status=403)


def _file(path: Path, name: str | None = None):
    return FileResponse(open(path, "rb"), as_attachment=True, filename=name or path.name)


def _tmp(name: str) -> Path:
    return Path(tempfile.mkdtemp(prefix="sinergi-ipk-")) / name


# --------------------------------------------------------------------------- overview


@login_required
def overview(request):
    stored = _ready()
    if stored is None:
        return render(request, "ipk/overview.html", _labels(stored))
    return caching.render_shared(request, "ipk/overview.html", "ipk-ringkasan", (caching.IPK,), lambda: _overview_context(request, stored))


def _overview_context(request, stored) -> dict:
    ctx = _labels(stored)
    years = queries.years_available()
    year = queries.pick_year(request.GET.get("tahun"), years)
    inputs, res, fingerprint = queries.current_official(stored)
    run = queries.latest_run(stored)
    rv = queries.run_view(run, fingerprint)
    ctx.update({
        "years": years, "year": year, "run": run, "rv": rv, "run_sizes": RUN_SIZES,
        "may_review": can(request.user, "review"), "own_region": getattr(request.user, "region_id", None),
    })
    if year is not None:
        ctx.update(caching.cached("ipk-ringkasan", (), lambda: presenters.overview(res, year, rv),
                                  queries.state(stored), year, get_language(), run.pk if run else None))
    return ctx


@login_required
@require_POST
def run(request):
    _ready()
    if not can(request.user, "review"):
        return _forbidden(request)
    try:
        n = int(request.POST.get("n") or actions.WEB_RUN_N)
        raw = (request.POST.get("seed") or "").strip()
        seed = int(raw) if raw else None
        stored_run = actions.run_uncertainty(request.user, n=n, seed=seed)
    except (ValueError, TypeError) as exc:
        messages.error(request, f"Simulasi tidak dijalankan: {exc}" if str(exc) else "Simulasi tidak dijalankan: isian tidak sah.")
    else:
        messages.success(request, f"Simulasi Monte Carlo tersimpan: {stored_run.n} undian, benih {stored_run.seed}.")
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("ipk:overview")
    return redirect(back)


# --------------------------------------------------------------------------- region


def _whatif_fields(res, code: str, year: int) -> list[dict]:
    t = res.subs[(res.subs["region_code"] == code) & (res.subs["year"] == year)]
    names = dict(zip(res.method.table["indicator_code"], res.method.table["indicator_name"], strict=False))
    out = []
    for r in t.itertuples(index=False):
        v = presenters.clean(r.value)
        out.append({"code": r.sub_code, "name": r.sub_name, "unit": r.unit, "indicator": r.indicator_code, "value": v,
                    "indicator_name": names.get(r.indicator_code, ""),
                    "text": _text_of(v), "min": r.min, "max": r.max, "direction": r.direction, "quality": r.quality,
                    "quality_word": QUALITY_WORDS.get(r.quality, r.quality)})
    return out


def _text_of(v) -> str:
    """A value as typed in an Indonesian form: decimal comma, no grouping, up to 6 decimals."""
    if v is None:
        return ""
    return f"{v:.6f}".rstrip("0").rstrip(".").replace(".", ",")


def _region_context(request, region: Region, stored: IpkMethod, year: int | None):
    years = queries.years_available()
    year = queries.pick_year(year, years)
    inputs, res, fingerprint = queries.current_official(stored)
    rv = queries.run_view(queries.latest_run(stored), fingerprint)
    ctx = _labels(stored)
    ctx.update({
        "region": region, "years": years, "year": year, "regions": Region.objects.all(), "rv": rv,
        "mc": rv.of(region.code, year) if (rv and year) else None,
        "may_edit": can(request.user, "edit", region), "may_review": can(request.user, "review"),
        "inclusion": presenters.inclusion(res.method, region.code),
    })
    if year is not None:
        def build():
            info = presenters.region(res, region.code, year)
            return {"info": info, "fields": _whatif_fields(res, region.code, year) if info else [],
                    "category_names": [c.name for c in res.method.categories],
                    "trend": presenters.trend(res, region.code, region.name)}

        ctx.update(caching.cached("ipk-wilayah", (), build, queries.state(stored), region.code, year, get_language()))
        if ctx["mc"]:
            from sinergi.web.ipk.charts import probabilities

            ctx["prob_spec"] = probabilities(ctx["mc"]["probs"])
    return ctx, res


@login_required
def region(request, code: str):
    stored = _ready()
    region = _region(code)
    if stored is None:
        raise Http404
    other = request.GET.get("wilayah")
    if other and other != region.code and Region.objects.filter(code=other).exists():
        return redirect(reverse("ipk:region", args=[other]) + "?" + urlencode({"tahun": request.GET.get("tahun", "")}))
    # the same for everyone with the same role and office until an IPK input, method or run changes
    return caching.render_shared(request, "ipk/region.html", "ipk-wilayah", (caching.IPK,),
                                 lambda: _region_context(request, region, stored, request.GET.get("tahun"))[0], context={"region": region})


@login_required
@require_POST
def whatif(request, code: str, year: int):
    """htmx: the IPK of this region-year recomputed by the engine with the values in the form
    (nothing is saved); the rest of the regions keep their stored values, so the rank moves too."""
    stored = _ready()
    region = _region(code, year)
    frame = queries.stored_frame()
    before = queries.result(stored, frame)
    fields = _whatif_fields(before, region.code, year)
    if not fields:
        raise Http404
    errors, changed, values = {}, [], {}
    for f in fields:
        raw = request.POST.get(f"v-{f['code']}", f["text"])
        if raw.strip() == f["text"]:
            values[f["code"]] = f["value"]
            continue
        if is_blank(raw):
            values[f["code"]] = None
        else:
            try:
                values[f["code"]] = parse_number(raw)
            except NotANumber:
                errors[f["code"]] = f"'{raw}' bukan angka"
                values[f["code"]] = f["value"]
                continue
        changed.append(f["code"])
    # a value the sub-indicator cannot take (9,5 on a 0–1 score, 130 %) is refused with a field message
    outside = out_of_domain(before.method, {c: values[c] for c in changed})
    for code, msg in outside.items():
        errors[code] = msg
        values[code] = next(f["value"] for f in fields if f["code"] == code)
        changed.remove(code)
    mask = (frame["region_code"] == region.code) & (frame["year"] == year) & frame["sub_code"].isin(list(values))
    kept = frame[~mask]
    old = frame[mask].set_index("sub_code")
    new_rows = pd.DataFrame([
        {"region_code": region.code, "year": year, "sub_code": c, "value": math.nan if v is None else v,
         "quality": old["quality"].get(c, "") if c in old.index else "", "source_url": "", "note": "",
         "region_name": region.display_name}
        for c, v in values.items()
    ])
    after = queries.with_official(queries.result(stored, pd.concat([kept, new_rows], ignore_index=True)))
    ctx = _labels(stored)
    ctx.update({
        "region": region, "year": year,
        "old": presenters.unit_row(before, region.code, year),
        "new": presenters.unit_row(after, region.code, year),
        "info": presenters.region(after, region.code, year),
        "errors": errors,
        "changed": [f for f in fields if f["code"] in changed],
        "new_values": values,
        "whatif": True,
    })
    if ctx["old"] and ctx["new"] and ctx["old"]["score"] is not None and ctx["new"]["score"] is not None:
        ctx["delta"] = ctx["new"]["score"] - ctx["old"]["score"]
    return render(request, "ipk/_whatif_result.html", ctx)


def _target_args(request, method) -> tuple[object, dict, list, list[str]]:
    """Target, max changes, locked sub-indicators and field errors from the target form."""
    errors = []
    choice = request.GET.get("target") or ""
    target = None
    if choice == "skor":
        try:
            target = parse_number(request.GET.get("skor", ""))
            if not 0 < target <= 100:
                errors.append("Skor target harus di antara 0 dan 100.")
        except NotANumber:
            errors.append("Isi skor target sebagai angka, misalnya 66 atau 70,5.")
    elif choice:
        if choice not in [c.name for c in method.categories]:
            errors.append(f"Kategori '{choice}' tidak dikenal.")
        target = choice
    horizon = None
    raw_h = (request.GET.get("jangka") or "").strip()
    if raw_h:
        try:
            horizon = int(parse_number(raw_h))
            if not 1 <= horizon <= 30 or horizon != parse_number(raw_h):
                raise NotANumber(raw_h)
        except NotANumber:
            errors.append(f"Jangka waktu '{raw_h}' tidak sah: isi jumlah tahun 1 sampai 30, misalnya 3.")
            horizon = None
    max_change, locked = {}, []
    for code in method.sub_codes:
        if request.GET.get(f"tetap-{code}"):
            locked.append(code)
        raw = request.GET.get(f"maks-{code}", "")
        if not is_blank(raw):
            try:
                max_change[code] = abs(parse_number(raw))
            except NotANumber:
                errors.append(f"Batas perubahan {code} '{raw}' bukan angka.")
    return target, max_change, locked, horizon, errors


def _plan(request, stored, region, year):
    method = queries.method_of(stored)
    inputs, res = queries.current(stored)
    target, max_change, locked, horizon, errors = _target_args(request, method)
    if errors:
        return None, errors
    # yearly change bounds from the history of every stored year (sourced and derived values)
    yearly = yearly_change_bounds(inputs, method) if horizon is not None else None
    try:
        p = solve_target(res, region.code, year, target=target, max_change=max_change, locked=locked, decimals=2,
                         horizon=horizon, yearly_change=yearly)
    except (KeyError, ValueError) as exc:
        return None, [str(exc).strip("'\"")]
    return p, []


@login_required
@require_GET
def target(request, code: str, year: int):
    """htmx: the target solver's plan for this region-year (stored values)."""
    stored = _ready()
    region = _region(code, year)
    p, errors = _plan(request, stored, region, year)
    ctx = _labels(stored)
    ctx.update({"region": region, "year": year, "errors": errors, "query": request.GET.urlencode()})
    if p is not None:
        ctx.update(presenters.plan(p))
    return render(request, "ipk/_target_result.html", ctx)


@login_required
@require_GET
def target_download(request, code: str, year: int):
    stored = _ready()
    region = _region(code, year)
    p, errors = _plan(request, stored, region, year)
    if p is None:
        messages.error(request, "Rencana tidak dapat dibuat: " + " ".join(errors))
        return redirect(reverse("ipk:region", args=[region.code]) + "?" + urlencode({"tahun": year}))
    path = ipk_files.write_target_plan(p, _tmp(f"ipk-rencana-{region.code}-{year}.xlsx"))
    return _file(path)


# --------------------------------------------------------------------------- input data


def _data_rows(stored: IpkMethod, region: Region, year: int) -> tuple[list[dict], list[IpkInput]]:
    method = queries.method_of(stored)
    existing = {i.sub_code: i for i in IpkInput.objects.filter(region=region, year=year).select_related("updated_by")}
    rows = []
    for r in method.table.itertuples(index=False):
        i = existing.get(r.sub_code)
        rows.append({"code": r.sub_code, "name": r.sub_name, "indicator": r.indicator_code, "unit": r.unit, "direction": r.direction,
                     "min": r.min, "max": r.max, "input": i, "version": i.version if i else 0,
                     "text": _text_of(i.value if i else None), "quality": i.quality if i else "",
                     "source_url": i.source_url if i else "", "note": i.note if i else ""})
        rows[-1]["shown"] = _shown_hash(rows[-1]["text"], rows[-1]["quality"], rows[-1]["source_url"], rows[-1]["note"])
    extra = [i for c, i in sorted(existing.items()) if c not in set(method.sub_codes)]
    return rows, extra


def _data_context(region: Region, year: int, may_edit: bool) -> dict:
    years = queries.years_available()
    return {"region": region, "year": year, "may_edit": may_edit, "qualities": QUALITY_CHOICES, "years": years,
            "next_year": (max(years) + 1) if years else year}


def _rows_meter(rows: list[dict], region: Region, year: int) -> dict | None:
    """The real-data meter of the stored values of one region-year (what its IPK uses)."""
    stored = [r["input"] for r in rows]
    m = count_quality([i.quality if i else "" for i in stored], [i.value if i else None for i in stored],
                      subject=f"IPK {region.display_name} {year}", unstated_is_sourced=False)
    return meter_context(m)


def _shown_hash(value: str, quality: str, source: str, note: str) -> str:
    """What a row of the data form showed; a posted row with the same hash was not touched."""
    text = "\x1f".join(" ".join(str(x or "").split()) for x in (value, quality, source, note))
    return hashlib.sha1(text.encode()).hexdigest()[:12]


@login_required
def data(request, code: str, year: int):
    stored = _ready()
    region = _region(code, year)
    may_edit = can(request.user, "edit", region)
    ctx = _labels(stored)
    rows, extra = _data_rows(stored, region, year)
    ctx.update(_data_context(region, year, may_edit))
    if request.method == "POST":
        if not may_edit:
            return _forbidden(request)
        posted, expected, touched = [], {}, []
        for r in rows:
            c = r["code"]
            p = {"sub_code": c, "value": request.POST.get(f"v-{c}", r["text"]), "quality": request.POST.get(f"q-{c}", r["quality"]),
                 "source_url": request.POST.get(f"s-{c}", r["source_url"]), "note": request.POST.get(f"n-{c}", r["note"])}
            posted.append(p)
            if request.POST.get(f"h-{c}") == _shown_hash(p["value"], p["quality"], p["source_url"], p["note"]):
                continue  # shown and posted unchanged: not this person's edit (never overwrites someone else's)
            touched.append(p)
            try:
                expected[c] = int(request.POST.get(f"ver-{c}", "0"))
            except ValueError:
                expected[c] = 0
        try:
            saved = actions.save_inputs(request.user, region.code, year, touched, expected)
        except ValidationFailed as exc:
            by_row = {i + 1: p["sub_code"] for i, p in enumerate(touched)}
            ctx["field_errors"] = {by_row.get(p.row): p.message for p in exc.problems}
            ctx["problems"] = exc.problems
        except actions.StaleInputs as exc:
            ctx["conflict"] = str(exc)
            ctx["conflict_codes"] = [i.sub_code for i in exc.changed]
        else:
            _saved_message(request, saved)
            return redirect("ipk:data", code=region.code, year=year)
        # show what the user typed, with the stored versions of now (a second save overwrites knowingly)
        fresh, _ = _data_rows(stored, region, year)
        for r, p, f in zip(rows, posted, fresh, strict=False):
            r.update({"text": p["value"], "quality": p["quality"], "source_url": p["source_url"], "note": p["note"]})
            if "conflict" in ctx:
                r["version"], r["shown"] = f["version"], f["shown"]
                r["stored_now"] = f
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    ctx.update({"rows": rows, "extra": extra, "meter": _rows_meter(rows, region, year)})
    return render(request, "ipk/data.html", ctx)


def _saved_message(request, saved):
    if not saved.changed:
        messages.info(request, "Tidak ada nilai yang berubah.")
        return
    messages.success(request, f"{len(saved.changed)} nilai tersimpan: {', '.join(saved.changed)}.")
    if saved.illustrative_after_change:
        messages.warning(request, "Nilai berikut berubah tetapi masih bertanda ilustratif — ubah kualitasnya bila nilainya data resmi: "
                         + ", ".join(saved.illustrative_after_change) + ".")


@login_required
def template(request, code: str, year: int):
    stored = _ready()
    region = _region(code, year)
    method = queries.method_of(stored)
    frame = queries.stored_frame(years=[year], regions=[region.code])
    values = frame[frame["sub_code"].isin(method.sub_codes)].reset_index(drop=True)
    path = ipk_files.write_input_template(method, region.code, year, _tmp(f"ipk-isian-{region.code}-{year}.xlsx"),
                                          region_name=region.display_name, values=values)
    return _file(path)


@login_required
@require_POST
def template_upload(request, code: str, year: int):
    stored = _ready()
    region = _region(code, year)
    if not can(request.user, "edit", region):
        return _forbidden(request)
    f = request.FILES.get("berkas")
    if not f:
        messages.error(request, "Pilih berkas templat (.xlsx) terlebih dahulu.")
        return redirect("ipk:data", code=region.code, year=year)
    try:
        with uploaded_path(f, allowed=(".xlsx",)) as (path, name):
            saved = actions.import_input_template(request.user, region.code, year, path, display_name=name)
    except ValidationFailed as exc:
        ctx = _labels(stored)
        rows, extra = _data_rows(stored, region, year)
        ctx.update({**_data_context(region, year, True), "rows": rows, "extra": extra, "problems": exc.problems, "file_name": f.name,
                    "meter": _rows_meter(rows, region, year)})
        return render(request, "ipk/data.html", ctx)
    _saved_message(request, saved)
    return redirect("ipk:data", code=region.code, year=year)


# --------------------------------------------------------------------------- exports


@login_required
def export(request, fmt: str):
    stored = _ready()
    if fmt not in ("xlsx", "csv") or stored is None:
        raise Http404
    res = queries.with_official(queries.result(stored))
    path = ipk_files.write_result(res, _tmp(f"ipk-hasil-{_slug(stored.version)}.{fmt}"))
    return _file(path)


@login_required
def export_run(request):
    stored = _ready()
    run_ = queries.latest_run(stored)
    if run_ is None:
        raise Http404
    path = ipk_files.write_uncertainty(queries.uncertainty_of(run_), _tmp(f"ipk-ketidakpastian-{_slug(stored.version)}-benih{run_.seed}.xlsx"))
    return _file(path)


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in str(text))[:40] or "metode"


# --------------------------------------------------------------------------- methods


@login_required
def method(request):
    active = _ready()
    may_review = can(request.user, "review")
    ctx = _labels(active)
    if request.method == "POST":
        if not may_review:
            return _forbidden(request)
        f = request.FILES.get("berkas")
        if not f:
            messages.error(request, "Pilih berkas metode (.csv atau .xlsx) terlebih dahulu.")
            return redirect("ipk:method")
        try:
            with uploaded_path(f) as (path, name):
                out = actions.import_method(request.user, path, display_name=name, name=request.POST.get("nama", ""),
                                            version=request.POST.get("versi", ""), activate=request.POST.get("aktifkan") == "1")
        except ValidationFailed as exc:
            ctx["problems"] = exc.problems
            ctx["file_name"] = f.name
            ctx["form"] = {"nama": request.POST.get("nama", ""), "versi": request.POST.get("versi", "")}
        else:
            msg = f"Metode {out.method} tersimpan" + (" dan aktif." if out.method.is_active else ". Pilih 'Jadikan aktif' untuk memakainya.")
            messages.success(request, msg)
            for w in out.warnings:
                messages.warning(request, w)
            if out.same_parameters_as:
                messages.info(request, f"Parameternya sama dengan {out.same_parameters_as} (sidik {out.method.fingerprint}); hasilnya akan sama.")
            if out.subs_without_data:
                messages.warning(request, f"{len(out.subs_without_data)} sub-indikator metode ini belum punya data masukan ("
                                 + ", ".join(out.subs_without_data[:10]) + ("…" if len(out.subs_without_data) > 10 else "")
                                 + "); wilayah tidak dinilai sampai datanya diisi.")
            return redirect(reverse("ipk:method") + f"?versi={out.method.pk}")
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    versions = list(IpkMethod.objects.select_related("created_by"))
    shown = active
    if request.GET.get("versi"):
        shown = next((v for v in versions if str(v.pk) == request.GET["versi"]), active)
    m = queries.method_of(shown) if shown else None
    ctx.update({
        "versions": versions, "shown": shown, "m": m, "rows": presenters.method_rows(m) if m else [],
        "indicators": m.indicators().to_dict(orient="records") if m else [],
        "may_review": may_review, "years": queries.years_available(),
        "run_counts": {v.pk: v.runs.count() for v in versions},
    })
    return render(request, "ipk/method.html", ctx)


@login_required
@require_POST
def activate(request, pk: int):
    _ready()
    if not can(request.user, "review"):
        return _forbidden(request)
    target_method = get_object_or_404(IpkMethod, pk=pk)
    actions.activate_method(request.user, target_method.pk)
    messages.success(request, f"Metode aktif sekarang: {target_method}. Semua halaman dan unduhan IPK memakai versi ini.")
    if not IpkRun.objects.filter(method=target_method, kind=IpkRun.Kind.UNCERTAINTY).exists():
        actions.run_uncertainty(request.user, n=actions.WEB_RUN_N, seed=actions.WEB_RUN_SEED)
        messages.info(request, f"Simulasi Monte Carlo pertama untuk versi ini dijalankan ({actions.WEB_RUN_N} undian, benih {actions.WEB_RUN_SEED}).")
    return redirect(reverse("ipk:method") + f"?versi={target_method.pk}")


@login_required
def method_download(request, pk: int):
    _ready()
    stored = get_object_or_404(IpkMethod, pk=pk)
    path = ipk_files.write_method(queries.method_of(stored), _tmp(f"ipk-metode-{_slug(stored.version)}.xlsx"))
    return _file(path)


def _comparison(request):
    versions = list(IpkMethod.objects.all())
    by_id = {str(v.pk): v for v in versions}
    a = by_id.get(request.GET.get("a", ""))
    b = by_id.get(request.GET.get("b", ""))
    if a is None or b is None:
        return versions, a, b, None
    frame = queries.stored_frame()
    ra, rb = queries.result(a, frame), queries.result(b, frame)
    labels = [f"A: {method_caption(ra)}", f"B: {method_caption(rb)}"]
    table = compare_results([ra, rb], labels=labels)
    return versions, a, b, (table, labels, ra, rb)


@login_required
def compare(request):
    active = _ready()
    versions, a, b, out = _comparison(request)
    years = queries.years_available()
    year = queries.pick_year(request.GET.get("tahun"), years)
    ctx = _labels(active)
    ctx.update({"versions": versions, "a": a, "b": b, "years": years, "year": year})
    if out is not None:
        table, labels, ra, rb = out
        la, lb = labels
        rows = []
        t = table[table["year"] == year] if year is not None else table
        for r in t.to_dict(orient="records"):
            rows.append({
                "code": r["region_code"], "name": r.get("region_name") or r["region_code"],
                "a": {"score": presenters.clean(r[f"score [{la}]"]), "category": r[f"category [{la}]"] or None, "rank": r[f"rank [{la}]"]},
                "b": {"score": presenters.clean(r[f"score [{lb}]"]), "category": r[f"category [{lb}]"] or None, "rank": r[f"rank [{lb}]"]},
                "diff": presenters.clean(r[f"difference [{lb}]"]),
                "province": region_level(r["region_code"]) == PROVINSI,
            })
        rows.sort(key=lambda x: (not x["province"], x["code"]))
        for x in rows:
            for side, res in (("a", ra), ("b", rb)):
                u = presenters.unit_row(res, x["code"], year)
                x[side]["reason"] = presenters.reason(u)
                x[side]["illustrative"] = bool(u and u["illustrative"])
                x[side]["rank"] = int(x[side]["rank"]) if x[side]["rank"] and not (isinstance(x[side]["rank"], float) and math.isnan(x[side]["rank"])) else None
        ya = ra.meters()
        ya = ya[ya["year"] == year] if year is not None else ya
        total = None
        for r in ya.to_dict(orient="records"):
            m = meter_of_row(r)
            total = m if total is None else total + m
        ctx.update({"rows": rows, "la": la, "lb": lb, "query": request.GET.urlencode(),
                    "meter": meter_context(total.with_subject(f"Data masukan IPK {year} (versi A)")) if total else None,
                    "names": {"a": [c.name for c in ra.method.categories], "b": [c.name for c in rb.method.categories]},
                    "changed_category": sum(1 for x in rows if x["a"]["category"] != x["b"]["category"])})
    return render(request, "ipk/compare.html", ctx)


@login_required
def compare_download(request):
    _ready()
    versions, a, b, out = _comparison(request)
    if out is None:
        raise Http404
    table, *_ = out
    path = ipk_files.write_comparison(table, _tmp(f"ipk-banding-{_slug(a.version)}-{_slug(b.version)}.xlsx"))
    return _file(path)

"""RTK pages: regions overview, plan (scenario editor + results), backtest, region data,
history and downloads. Views parse, call an action or the engine (through
:mod:`~sinergi.web.rtk.queries`), and render.

A refused form (invalid input, problems in an upload, a stale version) is answered with the
page itself, status 200, like the statistics import: the refusal is in the page, and the
browser does not log the answer as a failed load."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sinergi.core.problems import ValidationFailed
from sinergi.core.rtk import ELASTICITY_FORMS
from sinergi.core.rtk import METHOD_V2_VERSION as METHOD_VERSION
from sinergi.web.accounts.permissions import can
from sinergi.web.regions.models import Region
from sinergi.web.rtk import documents, presenters, queries
from sinergi.web.rtk import params as P
from sinergi.web.rtk.actions import StaleVersion, import_region_data, remove_region_data, save_plan
from sinergi.web.rtk.forms import PlanForm
from sinergi.web.rtk.models import RtkPlan, RtkPlanRevision, RtkRegionData
from sinergi.web.uploads import uploaded_path

DOWNLOADS = ("rtkd.docx", "rtkd.xlsx", "proyeksi.xlsx")


def _region(request, code: str) -> Region:
    region = get_object_or_404(Region, code=code)
    if not can(request.user, "view", region):
        raise PermissionDenied
    return region


def _forbidden(request):
    return render(request, "forbidden.html", status=403)


def _sectors(outcome) -> list[str]:
    """Sector codes the projection ran on (growth per sector is offered for these)."""
    if not outcome.ok or outcome.result.sector_detail == "total":
        return []
    first = next(iter(outcome.result.scenarios.values()))
    return first.groups("sektor")


def _with_period(request, state: queries.PlanState) -> bool:
    """A period chosen in the period form (GET ``dasar``/``akhir``) replaces the stored one on the page."""
    try:
        base = int(request.GET.get("dasar") or state.base_year)
        end = int(request.GET.get("akhir") or state.end_year)
    except ValueError:
        return False
    if (base, end) == (state.base_year, state.end_year) or not (2000 <= base < end <= base + 25):
        return False
    state.base_year, state.end_year = base, end
    return True


def _base_years(series, state) -> list[int]:
    d = series.data
    years = set(d[(d["variable"].isin(["AK", "KK"])) & (d["sector"] == "")]["year"].astype(int))
    years.add(state.base_year)
    return sorted(y for y in years if y >= 2010)


@login_required
def index(request):
    plans = {p.region_id: p for p in RtkPlan.objects.select_related("updated_by")}
    uploads = {d.region_id: d for d in RtkRegionData.objects.filter(active=True)}
    own = getattr(request.user, "region_id", None)
    rows = []
    for region in Region.objects.all():
        plan = plans.get(region.code)
        if plan:
            base, end, parameters = plan.base_year, plan.end_year, plan.parameters
        else:
            (base, end), parameters = P.default_period(), P.default_parameters(region.code)
        upload = uploads.get(region.code)
        outcome = queries.project(queries.region_series(region.code, upload), base, end, parameters, with_backtest=False)
        rows.append({
            "region": region, "plan": plan, "upload": upload, "base_year": base, "end_year": end, "outcome": outcome,
            "tpt_end": presenters.clean(outcome.result[P.main_name(parameters)].value("TPT", end))
            if outcome.ok and P.main_name(parameters) in outcome.result.scenarios else None,
            "may_edit": can(request.user, "edit", region), "own": region.code == own,
        })
    rows.sort(key=lambda r: (not r["own"], r["region"].code))
    return render(request, "rtk/index.html", {"rows": rows, "method_version": METHOD_VERSION})


def _plan_context(request, region, state, form, outcome, series, upload, **extra) -> dict:
    parameters = form.parameters if form.valid else state.parameters
    ctx = {
        "region": region,
        "state": state,
        "form": form,
        "outcome": outcome,
        "upload": upload,
        "series_description": series.description,
        "may_edit": can(request.user, "edit", region),
        "base_years": _base_years(series, state),
        "end_years": list(range(state.base_year + 1, state.base_year + 11)),
        "downloads": DOWNLOADS,
        "web_fix": queries.WEB_FIX,
        "results": presenters.projection(outcome, parameters) if outcome is not None and outcome.ok else None,
        "meter": _base_year_meter(region, state.base_year),
        "by_sex": presenters.by_sex(series, state.base_year, state.end_year),
    }
    ctx.update(extra)
    return ctx


def _base_year_meter(region, base_year: int) -> dict:
    """How much of the base year the plan starts from is sourced, derived, illustrative or missing
    in the statistics (the region's primary values), with the link that fills the rest."""
    from django.urls import reverse

    from sinergi.core.stats.meter import rtk_base_meter
    from sinergi.web.meter import meter_context
    from sinergi.web.statistics.queries import primary_frame

    m = rtk_base_meter(primary_frame([region.code]), region.code, base_year, subject=f"RTK {region.display_name} {base_year}")
    return meter_context(m, fill_href=reverse("statistics-import"), fill_text="impor statistik (bentuk panjang atau tabel BPS)")


@login_required
def plan(request, code: str):
    region = _region(request, code)
    state = queries.plan_state(region)
    upload = queries.active_upload(region.code)
    series = queries.region_series(region.code, upload)
    if request.method == "POST":
        if not can(request.user, "edit", region):
            return _forbidden(request)
        stored = queries.project(series, state.base_year, state.end_year, state.parameters, with_backtest=False)
        check = queries.method_check(state, series, stored)
        form = PlanForm.from_post(request.POST, region.code, state.parameters,
                                  default_name=queries.default_name(region, state.base_year, state.end_year), sectors=_sectors(stored))
        if not form.valid:
            return render(request, "rtk/plan.html", _plan_context(request, region, state, form, None, series, upload, invalid=True,
                                                                   method_check=check))
        outcome = queries.project(series, form.base_year, form.end_year, form.parameters)
        if request.POST.get("aksi") == "pratinjau":
            return render(request, "rtk/plan.html", _plan_context(request, region, state, form, outcome, series, upload, preview=True,
                                                                   method_check=check))
        try:
            saved = save_plan(request.user, region.code, name=form.name, base_year=form.base_year, end_year=form.end_year,
                              parameters=form.parameters, expected_version=form.version)
        except StaleVersion as exc:
            conflict = {
                "message": str(exc),
                "plan": exc.plan,
                "changes": [(P.describe_key(k), a, b) for k, a, b in exc.changes],
                "history_url": reverse("rtk:history", args=[region.code]) + f"#versi-{exc.plan.version}",
            }
            form.version = exc.plan.version  # saving again now overwrites, knowingly
            return render(request, "rtk/plan.html",
                          _plan_context(request, region, state, form, outcome, series, upload, preview=True, conflict=conflict,
                                        method_check=check))
        messages.success(request, f"Rencana {region.display_name} tersimpan (versi {saved.version}).")
        return redirect("rtk:plan", code=region.code)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    period_changed = _with_period(request, state)
    defaults = request.GET.get("bawaan") == "1"
    if defaults:
        state.parameters = P.default_parameters(region.code)
    outcome = queries.project(series, state.base_year, state.end_year, state.parameters)
    # the stored plan's method beside the engine's now (its own run when the page shows another period or the defaults)
    check = queries.method_check(state, series, None if period_changed or defaults else outcome)
    form = PlanForm(region.code, state.name, state.base_year, state.end_year, state.version, state.parameters, _sectors(outcome))
    return render(request, "rtk/plan.html", _plan_context(request, region, state, form, outcome, series, upload,
                                                          period_changed=period_changed, defaults=defaults, method_check=check))


@login_required
@require_POST
def preview(request, code: str):
    """htmx: the results area recomputed from the editor's current values (nothing is saved)."""
    region = _region(request, code)
    state = queries.plan_state(region)
    upload = queries.active_upload(region.code)
    series = queries.region_series(region.code, upload)
    form = PlanForm.from_post(request.POST, region.code, state.parameters,
                              default_name=queries.default_name(region, state.base_year, state.end_year))
    outcome = queries.project(series, form.base_year, form.end_year, form.parameters) if form.valid else None
    ctx = _plan_context(request, region, state, form, outcome, series, upload, preview=True, invalid=not form.valid)
    return render(request, "rtk/_results.html", ctx)


@login_required
def backtest(request, code: str):
    region = _region(request, code)
    state = queries.plan_state(region)
    upload = queries.active_upload(region.code)
    series = queries.region_series(region.code, upload)
    years = sorted(set(series.data["year"].astype(int)))
    try:
        end = int(request.GET.get("akhir") or state.base_year)
        base = int(request.GET.get("dasar") or end - 3)
    except ValueError:
        end, base = state.base_year, state.base_year - 3
    form = request.GET.get("bentuk") if request.GET.get("bentuk") in ELASTICITY_FORMS else "majemuk"
    if base >= end:
        base = end - 1
    out = queries.backtest(series, base, end, form)
    ctx = {
        "region": region, "state": state, "upload": upload, "base": base, "end": end, "form": form, "forms": ELASTICITY_FORMS,
        "base_choices": [y for y in range(min(years or [end]) , end)] if years else [base],
        "end_choices": [y for y in years if y > base] or [end],
        "problems": out.problems, "web_fix": queries.WEB_FIX,
        "bt": presenters.backtest(out.result) if out.result is not None else None,
        # the rolling-origin backtest of the plan's own run (the same runner as the plan page and the RTKD)
        "rolling": presenters.rolling(queries.project(series, None, None, state.parameters).run),
    }
    return render(request, "rtk/backtest.html", ctx)


@login_required
def backtest_download(request, code: str):
    region = _region(request, code)
    upload = queries.active_upload(region.code)
    try:
        end = int(request.GET.get("akhir"))
        base = int(request.GET.get("dasar"))
    except (TypeError, ValueError):
        raise Http404 from None
    form = request.GET.get("bentuk") if request.GET.get("bentuk") in ELASTICITY_FORMS else "majemuk"
    try:
        path = documents.backtest_xlsx(region, upload, base, end, form)
    except ValidationFailed as exc:
        messages.error(request, "Uji balik tidak dapat dihitung: " + "; ".join(p.message for p in exc.problems))
        return redirect(reverse("rtk:backtest", args=[region.code]) + f"?dasar={base}&akhir={end}&bentuk={form}")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)


@login_required
def data(request, code: str):
    region = _region(request, code)
    state = queries.plan_state(region)
    may_edit = can(request.user, "edit", region)
    ctx = {"region": region, "state": state, "may_edit": may_edit}
    if request.method == "POST":
        if not may_edit:
            return _forbidden(request)
        f = request.FILES.get("berkas")
        if not f:
            messages.error(request, "Pilih berkas templat (.xlsx) atau berkas bentuk panjang (.csv/.xlsx) terlebih dahulu.")
        else:
            try:
                with uploaded_path(f) as (path, name):
                    saved = import_region_data(request.user, region.code, path, display_name=name)
                s = saved.summary()
                messages.success(request, f"Data {name} dipakai untuk {region.display_name}: {s['baris']} angka, tahun {s['tahun']}.")
                return redirect("rtk:data", code=region.code)
            except ValidationFailed as exc:
                ctx["problems"] = exc.problems
                ctx["file_name"] = f.name
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    upload = queries.active_upload(region.code)
    series = queries.region_series(region.code, upload)
    outcome = queries.project(series, state.base_year, state.end_year, state.parameters)
    ctx.update({
        "upload": upload,
        "upload_summary": upload.summary() if upload else None,
        "history": RtkRegionData.objects.filter(region=region).select_related("uploaded_by", "removed_by")[:10],
        "availability": queries.availability(series, upload),
        "outcome": outcome,
        "series_description": series.description,
        "web_fix": queries.WEB_FIX,
    })
    return render(request, "rtk/data.html", ctx)


@login_required
@require_POST
def data_remove(request, code: str):
    region = _region(request, code)
    if not can(request.user, "edit", region):
        return _forbidden(request)
    removed = remove_region_data(request.user, region.code)
    if removed:
        messages.success(request, f"Data {removed.file_name} tidak dipakai lagi; {region.display_name} kembali memakai data tertanam.")
    return redirect("rtk:data", code=region.code)


@login_required
def template(request, code: str):
    region = _region(request, code)
    state = queries.plan_state(region)
    path = documents.template_xlsx(region, state.base_year)
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)


@login_required
def download(request, code: str, kind: str):
    region = _region(request, code)
    if kind not in DOWNLOADS:
        raise Http404
    state = queries.plan_state(region)
    upload = queries.active_upload(region.code)
    if kind == "proyeksi.xlsx":
        try:
            path = documents.projection_xlsx(state, region, upload)
        except ValidationFailed as exc:
            messages.error(request, "Proyeksi belum dapat dihitung: " + " ".join(p.message for p in exc.problems))
            return redirect("rtk:plan", code=region.code)
    else:
        docx, xlsx = documents.rtkd_files(state, region, upload)
        path = docx if kind == "rtkd.docx" else xlsx
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)


@login_required
def history(request, code: str):
    region = _region(request, code)
    plan = RtkPlan.objects.filter(region=region).first()
    revisions = []
    if plan is not None:
        for r in RtkPlanRevision.objects.filter(plan=plan).select_related("by"):
            revisions.append({"rev": r, "changes": [(P.describe_key(k), a, b) for k, a, b in r.changes]})
    return render(request, "rtk/history.html", {"region": region, "plan": plan, "revisions": revisions})

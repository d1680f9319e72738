"""Pages of the proposal round. Views parse the request, call an action (which checks
permission, writes and audits) or the core through :mod:`checks`/:mod:`presenters`, and render.

Objects of another office are answered with 404 (ids do not leak); pages a role may not use
with 403 (``forbidden.html``)."""
from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from sinergi.core.problems import ValidationFailed
from sinergi.core.sync import FINDING_CODES
from sinergi.core.sync.codes import LEVEL_LABEL
from sinergi.documents import sync_files
from sinergi.documents.sync_berita_acara import meeting_details
from sinergi.web import caching
from sinergi.web.accounts.permissions import can, own_office
from sinergi.web.meter import meter_context
from sinergi.web.proposals import actions, checks, presenters, process
from sinergi.web.proposals.forms import ProposalForm
from sinergi.web.proposals.models import (
    FollowUp,
    NomenclatureVersion,
    PairDecision,
    Proposal,
    ProposalImport,
    ProposalRevision,
    ProposalRound,
    Status,
)
from sinergi.web.proposals.needs import identified_needs
from sinergi.web.regions.models import Region
from sinergi.web.uploads import uploaded_path

STATUS_BUTTONS = {
    Status.SUBMITTED: ("Ajukan", "button"),
    Status.IN_REVIEW: ("Mulai tinjau", "button secondary"),
    Status.NEEDS_FIX: ("Minta perbaikan", "button secondary"),
    Status.ACCEPTED: ("Terima", "button"),
    Status.REJECTED: ("Tolak", "button danger"),
}


def _deadlines_from(data) -> dict:
    return {"pengajuan": data.get("batas_pengajuan", ""), "verifikasi": data.get("batas_verifikasi", ""),
            "kesepakatan": data.get("batas_kesepakatan", "")}


def _forbidden(request, status=403):
    return render(request, "forbidden.html", status=status)


def _round(pk: int) -> ProposalRound:
    actions.ensure_defaults()
    return get_object_or_404(ProposalRound.objects.select_related("nomenclature"), pk=pk)


def _office(request, code: str) -> Region:
    """An office the user may open: reviewers and viewers any, operators only their own (404 otherwise)."""
    region = get_object_or_404(Region, code=code)
    if checks.level_of(region.code) is None:
        raise Http404
    own = own_office(request.user)
    if own and region.code != own:
        raise Http404
    return region


def _proposal(request, pk: int) -> Proposal:
    p = get_object_or_404(Proposal.objects.select_related("round__nomenclature", "office", "merged_into"), pk=pk)
    if not actions.may_see(request.user, p):
        raise Http404
    return p


def _version_is_incomplete(rnd: ProposalRound, office_code: str | None) -> bool:
    level = checks.level_of(office_code) if office_code else None
    if level:
        return rnd.nomenclature.is_incomplete(level)
    return bool(rnd.nomenclature.incomplete_levels)


def _round_context(request, rnd: ProposalRound, tab: str) -> dict:
    return {
        "round": rnd,
        "tab": tab,
        "may_review": can(request.user, "review"),
        "own_office": own_office(request.user),
        "incomplete_labels": [LEVEL_LABEL.get(x, x) for x in rnd.nomenclature.incomplete_levels],
    }


PER_PAGE = 50  # rows of a proposal list per page
PAIRS_PER_PAGE = 20  # duplicate/overlap cards per page (each card carries both proposals and a form)


def _page(request, items, per_page: int = PER_PAGE, param: str = "hal"):
    """One page of ``items`` (a list or a queryset) for the ``param`` query parameter; a page
    number out of range gives the last page, text the first (Paginator.get_page)."""
    return Paginator(items, per_page).get_page(request.GET.get(param))


# ====================================================================== landing page
@login_required
def index(request):
    actions.ensure_defaults()
    versions = list(NomenclatureVersion.objects.all())
    if request.method == "POST":
        if not can(request.user, "review"):
            return _forbidden(request)
        version = NomenclatureVersion.objects.filter(pk=_number(request.POST.get("nomenklatur"))).first()
        if version is None:
            messages.error(request, "Pilih versi nomenklatur untuk putaran ini.")
        else:
            try:
                source = ProposalRound.objects.filter(pk=_number(request.POST.get("lanjutkan_dari"))).first() \
                    if request.POST.get("lanjutkan_dari") else None
                rnd = actions.open_round(request.user, request.POST.get("tahun"), version, request.POST.get("nama", ""),
                                         deadlines=_deadlines_from(request.POST), carry_from=source)
                messages.success(request, f"Putaran {rnd.year} dibuka dengan nomenklatur '{version.label}'."
                                 + (f" {rnd.proposals.filter(origin__isnull=False).count()} program yang disepakati pada putaran "
                                    f"{source.year} disalin sebagai draf." if source else ""))
                return redirect("proposals:round", pk=rnd.pk)
            except actions.ActionRefused as exc:
                messages.error(request, str(exc))
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    all_rounds = list(ProposalRound.objects.select_related("nomenclature"))
    # the counts of every round in one query (not two per round)
    counted = (actions.visible_proposals(request.user).exclude(status=Status.MERGED).values("round_id")
               .annotate(n=Count("id"), submitted=Count("id", filter=~Q(status=Status.DRAFT))))
    per_round = {c["round_id"]: c for c in counted}
    page = _page(request, all_rounds, per_page=25)
    rounds = [{"round": rnd, "n": per_round.get(rnd.pk, {}).get("n", 0), "submitted": per_round.get(rnd.pk, {}).get("submitted", 0)}
              for rnd in page.object_list]
    years = [r.year for r in all_rounds]
    from django.utils import timezone

    next_year = (max(years) + 1) if years else timezone.localdate().year + 1
    previous = ProposalRound.objects.filter(year__lt=next_year).order_by("-year").first()
    return render(request, "proposals/index.html", {
        "previous_round": previous,
        "previous_agreed": previous.proposals.filter(status=Status.ACCEPTED).count() if previous else 0,
        "rounds": rounds,
        "page_obj": page,
        "versions": versions,
        "default_version": next((v for v in versions if not v.embedded), versions[0] if versions else None),
        "next_year": next_year,
        "may_review": can(request.user, "review"),
        "own_office": own_office(request.user),
    })


# ====================================================================== nomenclature
@login_required
def nomenclature(request):
    actions.ensure_defaults()
    ctx = {"may_admin": can(request.user, "admin")}
    if request.method == "POST":
        if not can(request.user, "admin"):
            return _forbidden(request)
        f = request.FILES.get("berkas")
        label = request.POST.get("versi", "")
        ctx["label"] = label
        if not f:
            messages.error(request, "Pilih berkas nomenklatur (.xlsx ekspor SIPD atau .csv Sinergi) terlebih dahulu.")
        else:
            try:
                with uploaded_path(f) as (path, name):
                    out = actions.import_nomenclature(request.user, path, label, display_name=name)
                if out.created:
                    messages.success(request, f"Nomenklatur '{out.version.label}' tersimpan sebagai versi baru: "
                                              f"{out.version.summary.get('baris', 0)} baris, {len(out.notes)} catatan normalisasi.")
                else:
                    messages.info(request, f"Isi berkas ini sama dengan versi '{out.version.label}' yang sudah ada; tidak dibuat versi baru.")
                return redirect("proposals:nomenclature-detail", pk=out.version.pk)
            except ValidationFailed as exc:
                ctx["problems"] = exc.problems
                ctx["file_name"] = f.name
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    versions = []
    for v in NomenclatureVersion.objects.all():
        versions.append({"v": v, "rounds": list(v.rounds.all()), "incomplete": [LEVEL_LABEL.get(x, x) for x in v.incomplete_levels]})
    ctx["versions"] = versions
    return render(request, "proposals/nomenclature.html", ctx)


@login_required
def nomenclature_detail(request, pk: int):
    actions.ensure_defaults()
    version = get_object_or_404(NomenclatureVersion, pk=pk)
    # the lookup (a search over ~1,000 rows) is the same for everyone until a version is imported
    return caching.render_shared(request, "proposals/nomenclature_detail.html", "nomenklatur", (caching.NOMENCLATURE,),
                                 lambda: _nomenclature_context(request, version), context={"version": version})


def _nomenclature_context(request, version: NomenclatureVersion) -> dict:
    entries = version.entries.all()
    q = (request.GET.get("q") or "").strip()
    level = request.GET.get("tingkat") or ""
    if q:
        from django.db.models import Q

        entries = entries.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(indicator__icontains=q))
    if level in ("provinsi", "kabkota"):
        entries = entries.filter(authority__in=(level, "both"))
    only_sub = request.GET.get("sub") == "1"
    if only_sub:
        entries = entries.filter(level="sub_kegiatan")
    return {
        "version": version,
        "entries": entries,
        "q": q,
        "level": level,
        "only_sub": only_sub,
        "incomplete": [LEVEL_LABEL.get(x, x) for x in version.incomplete_levels],
        "notes": version.notes,
        "rounds": list(version.rounds.all()),
    }


# ====================================================================== a round
@login_required
def round_detail(request, pk: int):
    rnd = _round(pk)
    # the same for everyone with the same role and office until a proposal, the round, the
    # nomenclature or the needs it is checked against (IPK, RTK) change
    return caching.render_shared(request, "proposals/round.html", "putaran", ROUND_DOMAINS, lambda: _round_detail_context(request, rnd),
                                 context={"round": rnd})


ROUND_DOMAINS = (caching.PROPOSALS, caching.NOMENCLATURE, caching.IPK, caching.RTK)


def _round_detail_context(request, rnd: ProposalRound) -> dict:
    rc = checks.round_check(rnd)
    visible = actions.visible_proposals(request.user, rnd)
    # every visible proposal for the per-office table, the counts and the filters, as light rows
    # of the fields those read (office_summaries: pk, office, status, pagu; 5x cheaper than model
    # objects at 2,000 proposals); the page's rows are loaded whole
    proposals = list(visible.values_list("pk", "office_id", "status", "budget", named=True).order_by("office_id", "id"))
    office = request.GET.get("wilayah") or ""
    status = request.GET.get("status") or ""
    code = request.GET.get("temuan") or ""
    shown = [p for p in proposals if p.status != Status.MERGED or status == Status.MERGED]
    if office:
        shown = [p for p in shown if p.office_id == office]
    if status:
        shown = [p for p in shown if p.status == status]
    visible_ids = {p.pk for p in proposals}
    if code:  # the finding filter needs every row's badges; otherwise only the page's rows are shaped
        shown = [p for p in shown if code in {x["code"] for x in presenters.badges(rc, p.pk, visible_ids)}]
    page = _page(request, shown)
    whole = visible.in_bulk([p.pk for p in page.object_list])
    rows = [{"p": whole[p.pk], "badges": presenters.badges(rc, p.pk, visible_ids), "office": presenters.office_name(p.office_id)}
            for p in page.object_list]
    counts = rc.counts(visible_ids)
    ctx = _round_context(request, rnd, "ringkasan")
    ctx.update({
        "offices": presenters.office_summaries(request.user, rnd, proposals, rc),
        "rows": rows,
        "page_obj": page,
        "counts": [(c, FINDING_CODES[c], n) for c, n in counts.items()],
        "open_pairs": len([x for x in rc.open_pairs if x.first in visible_ids and x.second in visible_ids]),
        "filters": {"wilayah": office, "status": status, "temuan": code},
        "statuses": Status.choices,
        "finding_codes": list(FINDING_CODES),
        "office_choices": [(o["code"], o["name"]) for o in presenters.office_summaries(request.user, rnd, [], rc)],
        "versions": NomenclatureVersion.objects.all(),
        "timeline": process.timeline(rnd),
        "board": process.board(rnd),
        "needs_meter": meter_context(identified_needs().meter(), fill_href=reverse("proposals:gaps", args=[rnd.pk]),
                                     fill_text="lihat kebutuhan dan kesenjangan"),
        "follow_ups": FollowUp.objects.filter(round=rnd).select_related("office"),
        "all_offices": [(c, presenters.office_name(c)) for c in [checks.regions().province, *checks.regions().kabkota()]],
    })
    return ctx


@login_required
def ceilings(request, pk: int):
    """The ceiling (pagu indikatif) of each office and its proposals' total against it; planners
    and admins edit the ceilings (audited)."""
    rnd = _round(pk)
    may_edit = can(request.user, "review")
    problems = []
    typed = {}
    if request.method == "POST":
        if not may_edit:
            return _forbidden(request)
        reg = checks.regions()
        typed = {code: request.POST.get(f"plafon_{code}", "") for code in [reg.province, *reg.kabkota()]}
        try:
            changed = actions.set_ceilings(request.user, rnd, typed)
            messages.success(request, f"Plafon {len(changed)} pengusul disimpan." if changed else "Tidak ada plafon yang berubah.")
            return redirect("proposals:ceilings", pk=rnd.pk)
        except ValidationFailed as exc:
            problems = exc.problems
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    rc = checks.round_check(rnd)
    totals = {r["Kode wilayah"]: r for r in presenters.ceiling_totals(rnd, rc).to_dict("records")}
    stored = presenters.ceilings_of(rnd)
    reg = checks.regions()
    from sinergi.web.proposals.forms import form_number

    rows = []
    for code in [reg.province, *reg.kabkota()]:
        t = totals.get(code, {})
        rows.append({
            "code": code, "name": presenters.office_name(code), "share": t.get("Pagu usulan (Rp)", 0.0),
            "ceiling": stored.get(code), "diff": t.get("Selisih (Rp)"), "status": t.get("Status plafon", "plafon belum ditetapkan"),
            "over": t.get("Status plafon") == "melebihi plafon",
            "value": typed.get(code, form_number(stored[code]) if code in stored else ""),
            "problem": next((p for p in problems if p.column == f"plafon_{code}"), None),
        })
    ctx = _round_context(request, rnd, "plafon")
    ctx.update({"rows": rows, "may_edit": may_edit and rnd.is_open, "problems": problems})
    return render(request, "proposals/ceilings.html", ctx, status=400 if problems else 200)


@login_required
@require_POST
def follow_up(request, pk: int):
    rnd = _round(pk)
    if not can(request.user, "review"):
        return _forbidden(request)
    try:
        f = actions.add_follow_up(request.user, rnd, request.POST.get("uraian", ""), request.POST.get("wilayah", ""),
                                  request.POST.get("tenggat", ""))
        messages.success(request, f"Tindak lanjut untuk {presenters.office_name(f.office_id)} dicatat (tenggat {f.due_date:%d-%m-%Y}).")
    except ValidationFailed as exc:
        messages.error(request, " ".join(f"{p.message} {p.fix}" for p in exc.problems))
    return redirect(reverse("proposals:round", args=[rnd.pk]) + "#tindak-lanjut")


@login_required
def berita_acara(request, pk: int):
    """The Berita Acara .docx; ``tempat`` and ``tanggal`` (TTTT-BB-HH) from the form on the round
    page and under Unduhan fill the meeting's place and date (blank: dotted lines). A wrong value
    downloads nothing: a message and back to the page of the form (``dari=unduhan``: Unduhan)."""
    rnd = _round(pk)
    try:
        place, day = meeting_details(request.GET.get("tempat"), request.GET.get("tanggal"),
                                     place_field="kolom Tempat rapat", date_field="kolom Tanggal rapat")
    except ValidationFailed as exc:
        messages.error(request, " ".join(f"{p.message} {p.fix}" for p in exc.problems))
        back = "proposals:downloads" if request.GET.get("dari") == "unduhan" else "proposals:round"
        return redirect(reverse(back, args=[rnd.pk]) + "#berita-acara")
    path = presenters.write_berita_acara(request.user, rnd, checks.round_check(rnd), place, day)
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)


@login_required
@require_POST
def round_action(request, pk: int):
    rnd = _round(pk)
    if not can(request.user, "review"):
        return _forbidden(request)
    what = request.POST.get("aksi")
    try:
        if what == "tutup":
            actions.close_round(request.user, rnd, request.POST.get("versi"))
            messages.success(request, f"Putaran {rnd.year} ditutup: usulan tidak dapat diubah lagi.")
        elif what == "buka":
            actions.reopen_round(request.user, rnd, request.POST.get("versi"))
            messages.success(request, f"Putaran {rnd.year} dibuka kembali.")
        elif what == "tenggat":
            actions.set_deadlines(request.user, rnd, _deadlines_from(request.POST), request.POST.get("versi"))
            messages.success(request, f"Tanggal tahap putaran {rnd.year} tersimpan.")
        elif what == "nomenklatur":
            version = get_object_or_404(NomenclatureVersion, pk=_number(request.POST.get("nomenklatur")))
            actions.set_round_nomenclature(request.user, rnd, version, request.POST.get("versi"))
            messages.success(request, f"Putaran {rnd.year} sekarang memakai nomenklatur '{version.label}'; semua usulan diperiksa ulang.")
        else:
            messages.error(request, "Aksi tidak dikenal.")
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("proposals:round", pk=rnd.pk)


# ====================================================================== an office in a round
@login_required
def office(request, pk: int, code: str):
    rnd = _round(pk)
    region = _office(request, code)
    may_edit = can(request.user, "edit", region.code) and rnd.is_open
    ctx = _round_context(request, rnd, "wilayah")
    if request.method == "POST":
        if not may_edit:
            return _forbidden(request)
        f = request.FILES.get("berkas")
        if not f:
            messages.error(request, "Pilih berkas templat usulan (.xlsx) atau CSV terlebih dahulu.")
        else:
            try:
                with uploaded_path(f) as (path, name):
                    out = actions.import_proposals(request.user, rnd, region.code, path, display_name=name)
                text = f"Unggahan {out.file_name} diterima: {len(out.added)} usulan ditambah sebagai draf"
                text += f", {out.skipped} sudah ada dari unggahan sebelumnya (tidak digandakan)." if out.skipped else "."
                messages.success(request, text)
                if out.warnings:
                    messages.warning(request, f"{len(out.warnings)} peringatan (bukan galat) — lihat temuan tiap usulan di bawah.")
                return redirect("proposals:office", pk=rnd.pk, code=region.code)
            except ValidationFailed as exc:
                ctx["problems"] = exc.problems
                ctx["file_name"] = f.name
                ctx["unknown_code"] = any(p.code == "KODE_TIDAK_DIKENAL" for p in exc.problems)
            except actions.ActionRefused as exc:
                messages.error(request, str(exc))
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    rc = checks.round_check(rnd)
    listed = actions.visible_proposals(request.user, rnd).filter(office=region).order_by("id")
    page = _page(request, listed)
    proposals = list(page.object_list)
    for p in proposals:
        p.round = rnd  # allowed_transitions reads the round: not once per row from the database
    # the other side of the pairs of this page's proposals, in one query
    partners = {f.row_pair if f.row == p.pk else f.row for p in proposals for f in rc.findings_of(p.pk) if f.row_pair is not None}
    others = {p.pk: p for p in Proposal.objects.filter(round=rnd, pk__in=partners)} if partners else {}
    incomplete = _version_is_incomplete(rnd, region.code)
    rows = []
    visible_ids = set(actions.visible_proposals(request.user, rnd).values_list("id", flat=True))
    for p in proposals:
        # the compact badges leave out decided pairs (the same rule for reviewers and the office)
        rows.append({"p": p, "findings": presenters.finding_items(request.user, rc, p.pk, others, incomplete),
                     "badges": presenters.badges(rc, p.pk, visible_ids),
                     "allowed": actions.allowed_transitions(request.user, p), "groups": presenters.stated_groups(p),
                     "group_suggestions": presenters.group_suggestions(p.description, p.beneficiaries, p.target_groups)})
    ctx.update({
        "region": region,
        "office_name": presenters.office_name(region.code),
        "level": LEVEL_LABEL.get(checks.level_of(region.code) or "", ""),
        "rows": rows,
        "page_obj": page,
        "may_edit": may_edit,
        "drafts": listed.filter(status=Status.DRAFT).count(),
        "imports": ProposalImport.objects.filter(round=rnd, office=region).select_related("by")[:5],
        "incomplete": incomplete,
    })
    return render(request, "proposals/office.html", ctx)


@login_required
def template_download(request, pk: int, code: str):
    rnd = _round(pk)
    region = _office(request, code)
    if not can(request.user, "edit", region.code):
        return _forbidden(request)
    path = Path(tempfile.mkdtemp(prefix="sinergi-templat-")) / f"templat-usulan-{region.code}-{rnd.year}.xlsx"
    sync_files.write_template(path, checks.reference_for(rnd.nomenclature), region.code, rnd.year)
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)


@login_required
@require_POST
def submit_all(request, pk: int, code: str):
    rnd = _round(pk)
    region = _office(request, code)
    if not can(request.user, "edit", region.code):
        return _forbidden(request)
    try:
        done, left = actions.submit_all(request.user, rnd, region.code)
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
        return redirect("proposals:office", pk=rnd.pk, code=region.code)
    if done:
        messages.success(request, f"{len(done)} usulan diajukan ke provinsi.")
    for _p, why in left:
        messages.error(request, why)
    if not done and not left:
        messages.info(request, "Tidak ada draf untuk diajukan.")
    return redirect("proposals:office", pk=rnd.pk, code=region.code)


# ====================================================================== the form
def _form_context(request, rnd, region, form, proposal=None, **extra) -> dict:
    code = form.data.get("kode_sub_kegiatan") if form.is_bound else form.initial.get("kode_sub_kegiatan")
    ctx = _round_context(request, rnd, "wilayah")
    ctx.update({
        "region": region,
        "office_name": presenters.office_name(region.code),
        "level": LEVEL_LABEL.get(form.level or "", ""),
        "form": form,
        "proposal": proposal,
        "entry": form.entry(code or ""),
        "incomplete": _version_is_incomplete(rnd, region.code),
        "satuan_value": (form.data.get("satuan") if form.is_bound else form.initial.get("satuan")) or "",
        "group_suggestions": presenters.group_suggestions(
            (form.data.get("uraian") if form.is_bound else form.initial.get("uraian")) or "",
            (form.data.get("sasaran") if form.is_bound else form.initial.get("sasaran")) or "", form.chosen_groups()),
    })
    ctx.update(extra)
    return ctx


def _number(value) -> int:
    """A whole number from a form field (a select's id); 0 — matching nothing — when it is not one."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return 0


def _form_token(value=None) -> uuid.UUID:
    """The one-time token of a new-proposal form: the one sent back when valid, else a new one."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return uuid.uuid4()


@login_required
def proposal_new(request, pk: int, code: str):
    rnd = _round(pk)
    region = _office(request, code)
    if not can(request.user, "edit", region.code):
        return _forbidden(request)
    if not rnd.is_open:
        messages.error(request, f"Putaran {rnd.year} sudah ditutup.")
        return redirect("proposals:office", pk=rnd.pk, code=region.code)
    if request.method == "POST":
        form = ProposalForm(request.POST, rnd=rnd, office_code=region.code)
        form.is_valid()
        sent = request.POST.get("token")
        token = _form_token(sent)
        try:
            p = actions.create_proposal(request.user, rnd, region.code, form.values(), token=token if sent else None)
            messages.success(request, f"Usulan #{p.pk} tersimpan sebagai draf.")
            return redirect("proposals:detail", pk=p.pk)
        except actions.AlreadySubmitted as exc:
            messages.info(request, str(exc))
            return redirect("proposals:detail", pk=exc.proposal.pk)
        except ValidationFailed as exc:
            form.add_problems(exc.problems)
            return render(request, "proposals/form.html", _form_context(request, rnd, region, form, form_token=token))
        except actions.ActionRefused as exc:
            messages.error(request, str(exc))
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = ProposalForm(rnd=rnd, office_code=region.code, initial={"version": 0})
    return render(request, "proposals/form.html", _form_context(request, rnd, region, form, form_token=uuid.uuid4()))


@login_required
def proposal_edit(request, pk: int):
    p = _proposal(request, pk)
    rnd = p.round
    if not can(request.user, "edit", p.office_id):
        return _forbidden(request)
    if request.method == "POST":
        form = ProposalForm(request.POST, rnd=rnd, office_code=p.office_id)
        form.is_valid()
        try:
            saved, changed = actions.update_proposal(request.user, p, form.values(), request.POST.get("version") or 0)
            messages.success(request, f"Usulan #{saved.pk} tersimpan (versi {saved.version})." if changed else "Tidak ada perubahan.")
            return redirect("proposals:detail", pk=saved.pk)
        except actions.StaleVersion as exc:
            data = request.POST.copy()
            data["version"] = exc.proposal.version  # saving again now overwrites, knowingly
            form = ProposalForm(data, rnd=rnd, office_code=p.office_id)
            form.is_valid()
            conflict = {"message": str(exc), "changes": exc.changes, "who": exc.who, "when": exc.when,
                        "url": reverse("proposals:detail", args=[p.pk]) + "#riwayat"}
            return render(request, "proposals/form.html", _form_context(request, rnd, p.office, form, p, conflict=conflict), status=409)
        except ValidationFailed as exc:
            form.add_problems(exc.problems)
            return render(request, "proposals/form.html", _form_context(request, rnd, p.office, form, p))
        except actions.ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect("proposals:detail", pk=p.pk)
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    if not rnd.is_open or not actions.may_edit_content(request.user, p):
        messages.error(request, f"Putaran {rnd.year} sudah ditutup." if not rnd.is_open else
                       f"Usulan berstatus '{p.status_label}' tidak dapat diubah sekarang.")
        return redirect("proposals:detail", pk=p.pk)
    form = ProposalForm(rnd=rnd, office_code=p.office_id, initial=ProposalForm.initial_from(p))
    return render(request, "proposals/form.html", _form_context(request, rnd, p.office, form, p))


@login_required
@require_GET
def code_field(request, pk: int, code: str):
    """htmx: the code select with the official name, indicator and unit of the chosen code
    (and the unit filled in when it was empty)."""
    rnd = _round(pk)
    region = _office(request, code)
    form = ProposalForm(request.GET, rnd=rnd, office_code=region.code)
    chosen = request.GET.get("kode_sub_kegiatan") or ""
    entry = form.entry(chosen)
    satuan = (request.GET.get("satuan") or "").strip()
    automatic = (request.GET.get("satuan_otomatis") or "").strip()
    if entry and (not satuan or satuan == automatic):  # fill unless the user typed their own unit
        satuan = entry.unit  # '' when the nomenclature has none: the office writes its own (the help says so)
    return render(request, "proposals/_code_field.html", {
        "form": form, "round": rnd, "region": region, "entry": entry, "satuan_value": satuan, "swap": True,
        "incomplete": _version_is_incomplete(rnd, region.code),
    })


@login_required
@require_GET
def suggest(request, pk: int, code: str):
    """htmx: the three sub-kegiatan that best fit the typed description, with score and reason."""
    rnd = _round(pk)
    region = _office(request, code)
    text = (request.GET.get("uraian") or "").strip()
    level = checks.level_of(region.code)
    suggestions = []
    if len(text) >= 4 and level:
        suggestions = checks.suggester_for(rnd.nomenclature).suggest(text, level, k=3)
    return render(request, "proposals/_suggestions.html", {
        "suggestions": suggestions, "text": text, "round": rnd, "region": region,
        "incomplete": _version_is_incomplete(rnd, region.code),
        "groups_oob": True,
        "group_suggestions": presenters.group_suggestions(text, request.GET.get("sasaran") or "", request.GET.getlist("kelompok_sasaran")),
    })


# ====================================================================== one proposal
@login_required
def proposal_detail(request, pk: int):
    p = _proposal(request, pk)
    rnd = p.round
    rc = checks.round_check(rnd)
    ref = checks.reference_for(rnd.nomenclature)
    entry = ref.nomenclature.find(p.code, checks.level_of(p.office_id))
    others = {x.pk: x for x in Proposal.objects.filter(round=rnd, pk__in={y.first for y in rc.pairs} | {y.second for y in rc.pairs})}
    incomplete = _version_is_incomplete(rnd, p.office_id)
    merged_from = [x for x in p.merged_from.all().select_related("office") if actions.may_see(request.user, x)]
    allowed = actions.allowed_transitions(request.user, p)
    ctx = _round_context(request, rnd, "wilayah")
    ctx.update({
        "p": p,
        "office_name": presenters.office_name(p.office_id),
        "location_name": presenters.office_name(p.location_code[:4]) if len(p.location_code) >= 4 else presenters.office_name(p.location_code),
        "entry": entry,
        "program": ref.nomenclature.program_of(p.code),
        "kegiatan": ref.nomenclature.kegiatan_of(p.code, checks.level_of(p.office_id)),
        "findings": presenters.finding_items(request.user, rc, p.pk, others, incomplete) if p.status in
        (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_FIX, Status.ACCEPTED) else [],
        "checked": p.status not in (Status.MERGED, Status.REJECTED),
        "comments": p.comments.all(),
        "revisions": ProposalRevision.objects.filter(proposal=p).order_by("-version")[:20],
        "buttons": [(s, *STATUS_BUTTONS[s]) for s in allowed],
        "needs_comment": [Status.NEEDS_FIX, Status.REJECTED],
        "may_edit": actions.may_edit_content(request.user, p) and rnd.is_open,
        "may_comment": rnd.is_open and (can(request.user, "review") or can(request.user, "edit", p.office_id)),
        "merged_from": merged_from,
        "merged_into": p.merged_into if p.merged_into and actions.may_see(request.user, p.merged_into) else None,
        "incomplete": incomplete,
        "may_review": can(request.user, "review"),
        "groups": presenters.stated_groups(p),
        "group_suggestions": presenters.group_suggestions(p.description, p.beneficiaries, p.target_groups),
    })
    return render(request, "proposals/detail.html", ctx)


@login_required
@require_POST
def proposal_status(request, pk: int):
    p = _proposal(request, pk)
    to = request.POST.get("status") or ""
    if to not in Status.values:
        messages.error(request, "Status tujuan tidak dikenal.")
        return redirect("proposals:detail", pk=p.pk)
    try:
        saved = actions.transition(request.user, p, to, request.POST.get("version") or 0, request.POST.get("komentar", ""))
        messages.success(request, f"Usulan #{saved.pk} sekarang berstatus '{saved.status_label}'.")
    except actions.StaleVersion as exc:
        changes = "; ".join(f"{k}: {a} → {b}" for k, a, b in exc.changes[:5])
        messages.error(request, f"{exc} Yang berubah: {changes or '—'}. Periksa versi terbaru di bawah lalu ulangi.")
    except ValidationFailed as exc:
        messages.error(request, " ".join(str(x) for x in exc.problems))
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    except PermissionDenied:
        return _forbidden(request)
    return redirect("proposals:detail", pk=p.pk)


@login_required
@require_POST
def proposal_comment(request, pk: int):
    p = _proposal(request, pk)
    try:
        actions.add_comment(request.user, p, request.POST.get("komentar", ""))
        messages.success(request, "Komentar tersimpan.")
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    except PermissionDenied:
        return _forbidden(request)
    return redirect(reverse("proposals:detail", args=[p.pk]) + "#komentar")


# ====================================================================== duplicates and overlaps
@login_required
def duplicates(request, pk: int):
    rnd = _round(pk)
    rc = checks.round_check(rnd)
    shown = actions.visible_proposals(request.user, rnd)
    visible = set(shown.values_list("id", flat=True))
    pairs = [pair for pair in rc.pairs if pair.first in visible and pair.second in visible]
    open_page = _page(request, [x for x in pairs if x.open], per_page=PAIRS_PER_PAGE)
    decided_page = _page(request, [x for x in pairs if not x.open], param="hal_putus")
    # the proposals of the two pages only, in one query
    on_page = [*open_page.object_list, *decided_page.object_list]
    loaded = shown.in_bulk({pk for pair in on_page for pk in pair.key})

    def card(pair):
        a, b = loaded[pair.first], loaded[pair.second]
        return {
            "pair": pair, "a": a, "b": b, "f": pair.finding,
            "a_office": presenters.office_name(a.office_id), "b_office": presenters.office_name(b.office_id),
            "cross_level": checks.level_of(a.office_id) != checks.level_of(b.office_id),
        }

    ctx = _round_context(request, rnd, "duplikat")
    ctx.update({
        "open": [card(x) for x in open_page.object_list],
        "open_page": open_page,
        "decided": [card(x) for x in decided_page.object_list],
        "decided_page": decided_page,
        "merges": [d for d in PairDecision.objects.filter(round=rnd, decision=PairDecision.Decision.MERGE).select_related("merged", "by")
                   if d.merged_id in visible],
        "explain_dup": FINDING_CODES["KEMUNGKINAN_DUPLIKAT"]["explanation"],
        "explain_over": FINDING_CODES["TUMPANG_TINDIH"]["explanation"],
    })
    return render(request, "proposals/duplicates.html", ctx)


@login_required
@require_POST
def resolve(request, pk: int):
    rnd = _round(pk)
    if not can(request.user, "review"):
        return _forbidden(request)
    try:
        a, b = int(request.POST.get("a")), int(request.POST.get("b"))
        versions = {a: int(request.POST.get("versi_a")), b: int(request.POST.get("versi_b"))}
    except (TypeError, ValueError):
        messages.error(request, "Pasangan usulan tidak lengkap.")
        return redirect("proposals:duplicates", pk=rnd.pk)
    decision = request.POST.get("keputusan") or ""
    keep = request.POST.get("isi_dari")
    try:
        d = actions.resolve_pair(request.user, rnd, a, b, decision, keep_id=int(keep) if keep else None,
                                 note=request.POST.get("catatan", ""), versions=versions)
        if d.decision == PairDecision.Decision.MERGE:
            messages.success(request, f"Usulan #{d.first_id} dan #{d.second_id} digabung menjadi usulan #{d.merged_id}; keduanya tetap tersimpan dan tertaut.")
        else:
            messages.success(request, f"Usulan #{d.first_id} dan #{d.second_id} diputuskan bukan duplikat.")
    except ValueError:
        messages.error(request, "Pilih keputusan: bukan duplikat, atau gabung.")
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("proposals:duplicates", pk=rnd.pk)


# ====================================================================== gaps
@login_required
def gaps(request, pk: int):
    rnd = _round(pk)
    rc = checks.round_check(rnd)
    g = presenters.gaps(request.user, rnd, rc)
    ctx = _round_context(request, rnd, "kesenjangan")
    ctx.update({"gaps": g, "needs": g.needs, "notes": list(g.needs.notes) + list(g.result.notes)})
    return render(request, "proposals/gaps.html", ctx)


# ====================================================================== inclusion
@login_required
@require_GET
def inclusion(request, pk: int):
    from sinergi.core.sync.inclusion import FLAG_NOTHING, LARGE_GAP_RATIO
    from sinergi.web.proposals.inclusion import inclusion_view

    rnd = _round(pk)
    rc = checks.round_check(rnd)
    ctx = _round_context(request, rnd, "inklusi")
    view = inclusion_view(request.user, rnd, rc)
    ctx.update({"incl": view, "notes": view.result.notes, "flag_nothing": FLAG_NOTHING, "threshold": round(100 * LARGE_GAP_RATIO)})
    return render(request, "proposals/inclusion.html", ctx)


# ====================================================================== downloads
@login_required
def downloads(request, pk: int):
    rnd = _round(pk)
    ctx = _round_context(request, rnd, "unduhan")
    ctx["may_drafts"] = can(request.user, "review") or bool(ctx["own_office"])
    return render(request, "proposals/downloads.html", ctx)


@login_required
def download(request, pk: int, kind: str):
    rnd = _round(pk)
    if kind not in ("xlsx", "docx"):
        raise Http404
    include_drafts = request.GET.get("draf") == "1"
    rc = checks.round_check(rnd)
    path = presenters.write_outputs(request.user, rnd, rc, include_drafts, kind)
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)


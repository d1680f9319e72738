"""Pages of the follow-up through the year: progress per office and programme with the
spreadsheet import and its template, and the quarterly form of one agreed proposal. Views
parse the request and call :mod:`sinergi.web.proposals.followup` (permission, write, audit)."""
from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from sinergi.core.problems import ValidationFailed
from sinergi.web.accounts.permissions import can, own_office
from sinergi.web.proposals import followup
from sinergi.web.proposals.models import QuarterProgress, Status
from sinergi.web.proposals.views import _forbidden, _proposal, _round, _round_context
from sinergi.web.uploads import uploaded_path


def _may_import(user) -> bool:
    return can(user, "review") or own_office(user) is not None


@login_required
def progress_page(request, pk: int):
    rnd = _round(pk)
    ctx = _round_context(request, rnd, "tindak_lanjut")
    if request.method == "POST" and request.POST.get("aksi") == "statistik":
        if not can(request.user, "review"):
            return _forbidden(request)
        try:
            out = followup.record_training_participants(request.user, rnd, request.build_absolute_uri(reverse("proposals:followup", args=[rnd.pk])))
            messages.success(request, f"Peserta pelatihan terealisasi dicatat di statistik: {out.added} angka baru, {out.changed} berubah.")
        except ValidationFailed as exc:
            messages.error(request, " ".join(f"{p.message} {p.fix}" for p in exc.problems))
        return redirect("proposals:followup", pk=rnd.pk)
    if request.method == "POST":
        if not _may_import(request.user):
            return _forbidden(request)
        f = request.FILES.get("berkas")
        if not f:
            messages.error(request, "Pilih berkas realisasi (.xlsx atau .csv) terlebih dahulu.")
        else:
            try:
                with uploaded_path(f) as (path, name):
                    out = followup.import_followup(request.user, rnd, path, display_name=name)
                messages.success(request, f"Berkas {out.file_name} diterima: {out.rows} baris untuk {out.proposals} usulan, "
                                          f"{out.changed} triwulan berubah.")
                return redirect("proposals:followup", pk=rnd.pk)
            except ValidationFailed as exc:
                ctx["problems"] = exc.problems
                ctx["file_name"] = f.name
            except PermissionDenied:
                return _forbidden(request)
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    office = request.GET.get("wilayah") or None
    ctx.update({"progress": followup.progress(request.user, rnd, office), "may_import": _may_import(request.user),
                "training": followup.training_participants(rnd) if can(request.user, "review") else {},
                "training_indicator": followup.TRAINING_INDICATOR})
    return render(request, "proposals/followup.html", ctx)


@login_required
def template(request, pk: int):
    """The import file with the user's agreed proposals and their stored quarters filled in."""
    rnd = _round(pk)
    if not _may_import(request.user):
        return _forbidden(request)
    data = followup.progress(request.user, rnd)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Realisasi"
    sheet.append(["usulan_id", "wilayah_kode", "kode_sub_kegiatan", "uraian", "satuan", "target_tahun", "pagu", "triwulan",
                  *followup.VALUE_FIELDS, "catatan"])
    for it in data["items"]:
        p = it["p"]
        for q, row in zip((1, 2, 3, 4), it["quarters"], strict=True):
            values = [None if row is None else (float(getattr(row, f)) if getattr(row, f) is not None else None)
                      for f in followup.VALUE_FIELDS.values()]
            sheet.append([p.pk, p.office_id, p.code, p.description, p.unit, float(p.target), float(p.budget), q, *values,
                          row.note if row else ""])
    for col in ("F", "G", "I", "J", "K", "L"):
        for cell in sheet[col][1:]:
            cell.number_format = "#,##0"
    sheet.freeze_panes = "A2"
    path = Path(tempfile.mkdtemp(prefix="sinergi-realisasi-")) / f"realisasi-{rnd.year}.xlsx"
    book.save(path)
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)


@login_required
def proposal_quarters(request, pk: int):
    p = _proposal(request, pk)
    rnd = p.round
    ctx = _round_context(request, rnd, "tindak_lanjut")
    may_edit = followup.may_follow_up(request.user, p)
    rows = {r.quarter: r for r in QuarterProgress.objects.filter(proposal=p)}
    form = {}
    if request.method == "POST":
        if not may_edit:
            return _forbidden(request)
        data = {q: {k: request.POST.get(f"q{q}_{k}", "") for k in (*followup.VALUE_FIELDS, "catatan")} for q in (1, 2, 3, 4)}
        versions = {}
        for q in (1, 2, 3, 4):
            try:
                versions[q] = int(request.POST.get(f"q{q}_versi") or 0)
            except ValueError:
                versions[q] = -1
        try:
            followup.save_quarters(request.user, p, data, versions)
            messages.success(request, f"Target dan realisasi usulan #{p.pk} tersimpan.")
            return redirect("proposals:followup-proposal", pk=p.pk)
        except followup.StaleQuarter as exc:
            messages.error(request, str(exc))
            ctx["stale"] = True
            form = data
            rows = {r.quarter: r for r in QuarterProgress.objects.filter(proposal=p)}
        except ValidationFailed as exc:
            ctx["problems"] = exc.problems
            form = data
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    quarters = []
    for q, label in QuarterProgress.QUARTERS:
        row = rows.get(q)
        sent = form.get(q) if form and not ctx.get("stale") else None
        values = {k: (sent[k] if sent else (_plain(getattr(row, f)) if row else "")) for k, f in followup.VALUE_FIELDS.items()}
        values["catatan"] = sent["catatan"] if sent else (row.note if row else "")
        errors = {pr.column.split("_", 1)[1]: pr.message for pr in ctx.get("problems", []) if pr.column.startswith(f"q{q}_")}
        quarters.append({"q": q, "label": label, "row": row, "version": row.version if row else 0, "values": values, "errors": errors})
    ctx.update({"p": p, "quarters": quarters, "may_edit": may_edit and p.status == Status.ACCEPTED,
                "summary": followup.proposal_progress(p, list(rows.values())), "fields": followup.LABELS})
    return render(request, "proposals/followup_proposal.html", ctx)


def _plain(value) -> str:
    if value is None:
        return ""
    f = float(value)
    return str(int(f)) if f.is_integer() else str(f)

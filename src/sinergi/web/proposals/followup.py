"""Follow-up through the budget year: quarterly targets and realisation (TW I–IV, physical in
the proposal's unit and budget in rupiah) of agreed (*diterima*) proposals.

* :func:`save_quarters` — the form of one proposal (its office's operator or a province
  planner; each quarter's row carries the version the form was opened at, so a concurrent
  edit is refused with who changed what, like proposals).
* :func:`import_followup` — a spreadsheet (CSV/XLSX, read by :mod:`sinergi.documents.tables`)
  with one row per proposal and quarter: every problem is reported at once with sheet, row,
  column and the fix, and nothing is stored unless the whole file is valid.
* :func:`progress` — per office and per programme: agreed pagu, realised budget and physical
  progress (the page ``putaran/<pk>/tindak-lanjut/``).
* :func:`record_training_participants` — realised participants of training sub-activities
  as a statistics observation (see docs/sinkron-web.md, "Realisasi ke IPK").

Values are per quarter (not cumulative). The realised budget of a proposal cannot exceed its
pagu; physical realisation may exceed the target (over-achievement is reported, not refused).
Follow-up does not need the round to be open (the year goes on after the Rakor closes it).
Every change is audited.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from sinergi.core.numbers import NotANumber, is_blank, parse_number
from sinergi.core.problems import Problem, ValidationFailed
from sinergi.core.regions import PROVINCE_CODE
from sinergi.documents.tables import pick_table, read_tables
from sinergi.web.accounts.permissions import can, own_office, require
from sinergi.web.audit.actions import record
from sinergi.web.proposals.models import (
    Proposal,
    ProposalRound,
    QuarterProgress,
    Status,
)

VALUE_FIELDS = {
    "target_fisik": "target_physical",
    "target_anggaran": "target_budget",
    "realisasi_fisik": "real_physical",
    "realisasi_anggaran": "real_budget",
}
LABELS = {
    "target_fisik": "target fisik",
    "target_anggaran": "target anggaran (Rp)",
    "realisasi_fisik": "realisasi fisik",
    "realisasi_anggaran": "realisasi anggaran (Rp)",
    "catatan": "catatan",
}
IMPORT_COLUMNS = ("usulan_id", "triwulan", "target_fisik", "target_anggaran", "realisasi_fisik", "realisasi_anggaran")
QUARTER_NAMES = {"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4, "tw1": 1, "tw2": 2, "tw3": 3, "tw4": 4,
                 "twi": 1, "twii": 2, "twiii": 3, "twiv": 4}
MAX_AMOUNT = 1e15


class StaleQuarter(Exception):
    """A quarter was changed by someone else after the form was opened."""

    def __init__(self, row: QuarterProgress, expected: int):
        self.row = row
        who = row.updated_by_username or "pengguna lain"
        super().__init__(f"Realisasi {row.get_quarter_display()} usulan #{row.proposal_id} sudah diubah oleh {who} (versi {row.version}) "
                         f"sesudah Anda membuka formulir (versi {expected}). Perubahan Anda belum disimpan; muat ulang halaman, "
                         "periksa angkanya, lalu simpan lagi.")


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def may_follow_up(user, p: Proposal) -> bool:
    return p.status == Status.ACCEPTED and can(user, "edit", p.office_id)


def _value(raw, label: str, where: dict) -> tuple[Decimal | None, Problem | None]:
    if is_blank(raw):
        return None, None
    try:
        f = parse_number(raw, thousands_dot=True)
    except NotANumber:
        return None, Problem("NILAI_TIDAK_VALID", f"{label.capitalize()} '{raw}' bukan angka.",
                             "Tulis angka saja, mis. 25 atau 40000000 (tanpa 'Rp' dan tanpa satuan); kosongkan bila belum ada.",
                             value=str(raw)[:40], **where)
    if f < 0 or f >= MAX_AMOUNT:
        return None, Problem("NILAI_TIDAK_VALID", f"{label.capitalize()} {raw} di luar rentang.",
                             "Isi angka nol atau lebih (realisasi per triwulan, bukan selisih).", value=str(raw)[:40], **where)
    return Decimal(repr(f)).quantize(Decimal("0.01")), None


def _budget_problems(p: Proposal, totals: dict[int, Decimal | None], where: dict) -> list[Problem]:
    spent = sum((v for v in totals.values() if v is not None), Decimal(0))
    if spent > p.budget:
        return [Problem("REALISASI_MELEBIHI_PAGU",
                        f"Jumlah realisasi anggaran usulan #{p.pk} Rp {spent:,.0f} melebihi pagunya Rp {p.budget:,.0f}.".replace(",", "."),
                        "Periksa angka per triwulan (bukan kumulatif): jumlah TW I–IV tidak boleh melebihi pagu yang disepakati.",
                        **where)]
    return []


def save_quarters(actor, proposal: Proposal, data: dict[int, dict], versions: dict[int, int]) -> list[QuarterProgress]:
    """Store the quarters of one agreed proposal from the form: ``data[q]`` holds the four
    values (text as typed, blank = none) and ``catatan``; ``versions[q]`` the version the form
    showed (0 = the quarter had no row). Raises :class:`ValidationFailed` (column = field
    ``q<n>_<name>``), :class:`StaleQuarter` or PermissionDenied."""
    require(actor, "edit", proposal.office_id)
    if proposal.status != Status.ACCEPTED:
        raise ValidationFailed([Problem("BUKAN_USULAN_DISEPAKATI", f"Usulan #{proposal.pk} berstatus '{proposal.status_label}'.",
                                        "Target dan realisasi triwulanan hanya untuk usulan yang diterima (disepakati).")])
    parsed, problems = {}, []
    for q in (1, 2, 3, 4):
        row = data.get(q, {})
        values = {}
        for key, fieldname in VALUE_FIELDS.items():
            v, problem = _value(row.get(key), f"{LABELS[key]} TW {q}", {"column": f"q{q}_{key}"})
            if problem:
                problems.append(problem)
            values[fieldname] = v
        values["note"] = str(row.get("catatan") or "").strip()[:500]
        parsed[q] = values
    problems += _budget_problems(proposal, {q: v["real_budget"] for q, v in parsed.items()}, {"column": "q4_realisasi_anggaran"})
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
        existing = {r.quarter: r for r in QuarterProgress.objects.select_for_update().filter(proposal=proposal)}
        for q in (1, 2, 3, 4):
            row = existing.get(q)
            expected = int(versions.get(q, 0) or 0)
            if (row.version if row else 0) != expected:
                raise StaleQuarter(row, expected) if row else ValidationFailed([Problem(
                    "VERSI_FORMULIR_TIDAK_SAH", "Formulir tidak cocok dengan data tersimpan.", "Muat ulang halaman lalu ulangi.")])
        return _store(actor, proposal, parsed, existing, "ubah_realisasi")


def _store(actor, p: Proposal, parsed: dict[int, dict], existing: dict[int, QuarterProgress], action: str, source: str = "") -> list[QuarterProgress]:
    before = {q: r.snapshot() for q, r in existing.items()}
    saved, changed = [], []
    for q, values in parsed.items():
        row = existing.get(q)
        empty = all(v is None for k, v in values.items() if k != "note") and not values.get("note")
        if row is None and empty:
            continue
        if row is None:
            row = QuarterProgress(proposal=p, quarter=q, version=0)
        old = row.snapshot() if row.pk else None
        for k, v in values.items():
            setattr(row, k, v)
        if old is not None and {k: v for k, v in row.snapshot().items() if k != "versi"} == {k: v for k, v in old.items() if k != "versi"}:
            saved.append(row)
            continue
        row.version += 1
        row.updated_by = _actor(actor)
        row.updated_by_username = actor.get_username() if _actor(actor) else ""
        row.save()
        saved.append(row)
        changed.append(q)
    if changed:
        record(actor, action, "usulan", p.pk, before={f"TW{q}": before.get(q) for q in changed},
               after={**{f"TW{q}": r.snapshot() for r in saved for q in [r.quarter] if q in changed}, **({"berkas": source} if source else {})},
               region=p.office_id,
               summary=f"Target/realisasi usulan #{p.pk} diubah: " + ", ".join(f"TW {q}" for q in changed) + (f" (dari {source})" if source else ""))
    return saved


@dataclass
class FollowupImport:
    file_name: str
    proposals: int
    rows: int
    changed: int


def import_followup(actor, rnd: ProposalRound, path: str | Path, display_name: str | None = None) -> FollowupImport:
    """Quarterly targets/realisation from a spreadsheet: columns ``usulan_id, triwulan`` (1–4 or
    I–IV), ``target_fisik, target_anggaran, realisasi_fisik, realisasi_anggaran`` (blank = none)
    and optionally ``catatan``; other columns (kode, uraian …) are ignored. All rows or none."""
    if not (can(actor, "review") or getattr(actor, "region_id", None)):
        require(actor, "review")
    path = Path(path)
    name = display_name or path.name
    table, frame = pick_table(read_tables(path, name), IMPORT_COLUMNS, what="berkas realisasi")
    problems: list[Problem] = []
    wanted: dict[int, dict[int, dict]] = defaultdict(dict)
    rows_of: dict[tuple[int, int], int] = {}
    ids = []
    for _, rec in table.records():
        raw = rec.get("usulan_id")
        try:
            ids.append(int(parse_number(raw)))
        except NotANumber:
            ids.append(None)
    known = {p.pk: p for p in Proposal.objects.filter(pk__in=[x for x in ids if x]).select_related("round")}
    for i, rec in table.records():
        at = table.where(i)
        pk = ids[i]
        if pk is None:
            problems.append(Problem("USULAN_TIDAK_DIKENAL", f"Nomor usulan '{rec.get('usulan_id')}' bukan angka.",
                                    "Isi kolom usulan_id dengan nomor usulan (#) seperti di halaman tindak lanjut, mis. 12.",
                                    **table.where(i, "usulan_id"), value=str(rec.get("usulan_id"))[:40]))
            continue
        p = known.get(pk)
        if p is None or p.round_id != rnd.pk:
            problems.append(Problem("USULAN_TIDAK_DIKENAL", f"Usulan #{pk} tidak ada di putaran {rnd.year}.",
                                    "Periksa nomor usulan pada halaman tindak lanjut putaran ini; unduh templatnya agar nomornya benar.",
                                    **table.where(i, "usulan_id"), value=str(pk)))
            continue
        if not can(actor, "edit", p.office_id):
            problems.append(Problem("BUKAN_WILAYAH_ANDA", f"Usulan #{pk} milik {p.office_id}, bukan wilayah Anda.",
                                    "Hapus baris ini; isi hanya usulan wilayah Anda sendiri.", **table.where(i, "usulan_id"), value=str(pk)))
            continue
        if p.status != Status.ACCEPTED:
            problems.append(Problem("BUKAN_USULAN_DISEPAKATI", f"Usulan #{pk} berstatus '{p.status_label}', belum disepakati.",
                                    "Realisasi hanya diisi untuk usulan yang diterima; hapus baris ini.", **table.where(i, "usulan_id"), value=str(pk)))
            continue
        q = QUARTER_NAMES.get(str(rec.get("triwulan") or "").strip().lower().replace(" ", "").replace(".0", ""))
        if q is None:
            problems.append(Problem("TRIWULAN_TIDAK_VALID", f"Triwulan '{rec.get('triwulan')}' tidak dikenal.",
                                    "Tulis 1, 2, 3, 4 atau I, II, III, IV.", **table.where(i, "triwulan"), value=str(rec.get("triwulan"))[:20]))
            continue
        if (pk, q) in rows_of:
            problems.append(Problem("BARIS_GANDA", f"Usulan #{pk} TW {q} sudah ada di baris {rows_of[(pk, q)]}.",
                                    "Satu baris per usulan dan triwulan; hapus salah satunya.", **table.where(i, "triwulan")))
            continue
        rows_of[(pk, q)] = at["row"]
        values = {}
        for key, fieldname in VALUE_FIELDS.items():
            v, problem = _value(rec.get(key), LABELS[key], table.where(i, key))
            if problem:
                problems.append(problem)
            values[fieldname] = v
        values["note"] = "" if is_blank(rec.get("catatan")) else str(rec.get("catatan")).strip()[:500]
        wanted[pk][q] = values
    # the realised budget of a proposal (stored quarters not in the file included) within its pagu
    stored = defaultdict(dict)
    for r in QuarterProgress.objects.filter(proposal_id__in=list(wanted)):
        stored[r.proposal_id][r.quarter] = r
    for pk, quarters in wanted.items():
        totals = {q: r.real_budget for q, r in stored[pk].items()}
        totals.update({q: v["real_budget"] for q, v in quarters.items()})
        last = max(rows_of[(pk, q)] for q in quarters)
        problems += _budget_problems(known[pk], totals, {"file": table.file, "sheet": table.sheet, "row": last,
                                                        "column": table.columns.get("realisasi_anggaran", "realisasi_anggaran")})
    if problems:
        raise ValidationFailed(problems)
    changed = 0
    with transaction.atomic():
        for pk, quarters in wanted.items():
            p = Proposal.objects.select_for_update(of=("self",)).get(pk=pk)
            existing = {r.quarter: r for r in QuarterProgress.objects.select_for_update().filter(proposal=p)}
            before = {q: existing[q].version for q in existing}
            saved = _store(actor, p, quarters, existing, "impor_realisasi", source=name)
            changed += sum(1 for r in saved if r.version != before.get(r.quarter, 0))
        record(actor, "impor_realisasi_berkas", "putaran_usulan", rnd.pk,
               after={"berkas": name, "usulan": sorted(wanted), "baris": len(rows_of), "triwulan_berubah": changed},
               region=getattr(actor, "region_id", "") or PROVINCE_CODE,
               summary=f"Impor realisasi {name}: {len(rows_of)} baris untuk {len(wanted)} usulan, {changed} triwulan berubah")
    return FollowupImport(name, len(wanted), len(rows_of), changed)


# ---------------------------------------------------------------------- progress
def _f(x) -> float:
    return float(x) if x is not None else 0.0


def proposal_progress(p: Proposal, quarters: list[QuarterProgress]) -> dict:
    by_q = {q.quarter: q for q in quarters}
    real_p = sum(_f(q.real_physical) for q in quarters)
    real_b = sum(_f(q.real_budget) for q in quarters)
    reported = sorted(q.quarter for q in quarters if q.real_physical is not None or q.real_budget is not None)
    return {
        "p": p, "quarters": [by_q.get(n) for n in (1, 2, 3, 4)],
        "real_physical": real_p, "real_budget": real_b,
        "pct_physical": 100 * real_p / float(p.target) if p.target else None,
        "pct_budget": 100 * real_b / float(p.budget) if p.budget else None,
        "reported": reported,
    }


def progress(user, rnd: ProposalRound, office: str | None = None) -> dict:
    """Agreed proposals with their quarters, and totals per office and per programme. Operators
    see their own office only."""
    from sinergi.web.proposals import checks
    from sinergi.web.proposals.presenters import office_name

    qs = Proposal.objects.filter(round=rnd, status=Status.ACCEPTED).order_by("office_id", "code", "id")
    own = own_office(user)
    if own:
        office = own
    if office:
        qs = qs.filter(office_id=office)
    props = list(qs)
    quarters = defaultdict(list)
    for q in QuarterProgress.objects.filter(proposal__in=props):
        quarters[q.proposal_id].append(q)
    items = [proposal_progress(p, quarters[p.pk]) for p in props]
    nom = checks.reference_for(rnd.nomenclature).nomenclature

    def group(key):
        out = {}
        for it in items:
            k = key(it["p"])
            g = out.setdefault(k, {"n": 0, "pagu": 0.0, "real_budget": 0.0, "pct_physical_sum": 0.0, "reported": 0})
            g["n"] += 1
            g["pagu"] += float(it["p"].budget)
            g["real_budget"] += it["real_budget"]
            g["pct_physical_sum"] += min(it["pct_physical"] or 0.0, 100.0)
            g["reported"] += 1 if it["reported"] else 0
        for g in out.values():
            g["pct_budget"] = 100 * g["real_budget"] / g["pagu"] if g["pagu"] else None
            g["pct_physical"] = g["pct_physical_sum"] / g["n"] if g["n"] else None
        return out

    def program(p):
        prog = nom.program_of(p.code)
        return f"{prog.code} {prog.name}" if prog is not None else ".".join(p.code.split(".")[:3])

    offices = [{"code": k, "name": office_name(k), **v} for k, v in sorted(group(lambda p: p.office_id).items())]
    programmes = [{"name": k, **v} for k, v in sorted(group(program).items())]
    for it in items:
        it["office"] = office_name(it["p"].office_id)
        it["may_edit"] = may_follow_up(user, it["p"])
    return {"items": items, "offices": offices, "programmes": programmes, "office": office}


# ---------------------------------------------------------------------- realisation → statistics → IPK
#: training sub-activities (Program Pelatihan Kerja dan Produktivitas Tenaga Kerja) whose physical
#: realisation counts people trained
TRAINING_PREFIX = "2.07.03."
TRAINING_UNITS = {"orang", "peserta", "orang/peserta"}
TRAINING_INDICATOR = "trained_workers_kab_program"


def training_participants(rnd: ProposalRound) -> dict[str, tuple[float, int, int]]:
    """Per regency/city office: realised participants of its agreed training sub-activities
    (unit *orang*), how many proposals, and the last quarter reported."""
    out: dict[str, list] = {}
    qs = QuarterProgress.objects.filter(proposal__round=rnd, proposal__status=Status.ACCEPTED,
                                        proposal__code__startswith=TRAINING_PREFIX, real_physical__isnull=False).select_related("proposal")
    for q in qs:
        p = q.proposal
        if p.office_id == PROVINCE_CODE or p.unit.strip().lower() not in TRAINING_UNITS:
            continue
        row = out.setdefault(p.office_id, [0.0, set(), 0])
        row[0] += float(q.real_physical)
        row[1].add(p.pk)
        row[2] = max(row[2], q.quarter)
    return {k: (v[0], len(v[1]), v[2]) for k, v in out.items()}


def record_training_participants(actor, rnd: ProposalRound, source_url: str):
    """Record the realised training participants of each regency/city as a statistics figure
    (:data:`TRAINING_INDICATOR`, year = the round's budget year) with source kind
    ``pemerintah`` — ranked below BPS by the preferred-value rule — and the follow-up page as its
    source; through the statistics import, so it is audited, the preferred value is chosen by
    the usual rule, and IPK inputs linked to the statistic follow it. Planners and admins."""
    import pandas as pd

    from sinergi.web.statistics.actions import import_frame

    require(actor, "review")
    counts = training_participants(rnd)
    if not counts:
        raise ValidationFailed([Problem("BELUM_ADA_REALISASI_PELATIHAN",
                                        f"Belum ada realisasi fisik usulan pelatihan (kode {TRAINING_PREFIX}…, satuan orang) yang disepakati "
                                        f"pada putaran {rnd.year}.", "Isi realisasi triwulanan usulan pelatihan lebih dulu.")])
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    frame = pd.DataFrame([{
        "region_code": code, "year": rnd.year, "month": None, "indicator": TRAINING_INDICATOR, "value": value, "unit": "",
        "source_url": source_url,
        "note": f"realisasi program {rnd.name}: jumlah realisasi fisik s.d. TW {roman[last]} dari {n} usulan pelatihan yang disepakati "
                "(dicatat Sinergi dari laporan realisasi pengusul)",
        "source_kind": "pemerintah",
    } for code, (value, n, last) in sorted(counts.items())])
    return import_frame(actor, frame, f"realisasi program {rnd.year}")

"""Changes to the proposal round. Every function checks permission, writes and appends an
audit event (before/after) in one transaction; views only call these.

* Nomenclature: :func:`ensure_defaults` (the embedded version, once), :func:`import_nomenclature`.
* Rounds: :func:`open_round`, :func:`close_round`, :func:`reopen_round`, :func:`set_round_nomenclature`.
* Proposals: :func:`create_proposal`, :func:`update_proposal` (optimistic locking:
  :class:`StaleVersion`), :func:`import_proposals` (all rows or none; re-uploading the same file
  adds nothing), :func:`transition` (the review workflow), :func:`submit_all`,
  :func:`add_comment`.
* Duplicate suggestions: :func:`resolve_pair` — "bukan duplikat", or a merge that creates a new
  proposal linking both originals (kept, marked *digabung*). Nothing is merged otherwise.

Refusals raise :class:`ActionRefused` (an Indonesian message for the page),
:class:`~django.core.exceptions.PermissionDenied` or
:class:`~sinergi.core.problems.ValidationFailed` (problems located by field, or by file, sheet,
row and column for an upload).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
from django.db import IntegrityError, transaction
from django.utils import timezone

from sinergi.core.numbers import NotANumber, is_blank, parse_number
from sinergi.core.problems import Problem, ValidationFailed
from sinergi.core.regions import PROVINCE_CODE
from sinergi.core.sync import (
    FundingLine,
    check_proposals,
    format_breakdown,
    parse_breakdown,
)
from sinergi.documents import sync_files
from sinergi.web.accounts.permissions import can, own_office, require
from sinergi.web.audit.actions import record
from sinergi.web.proposals import checks, process
from sinergi.web.proposals.models import (
    EDITABLE_BY_OFFICE,
    EDITABLE_BY_REVIEWER,
    NEEDS_COMMENT,
    TRANSITIONS,
    Comment,
    FollowUp,
    NomenclatureEntry,
    NomenclatureVersion,
    PairDecision,
    Proposal,
    ProposalImport,
    ProposalRevision,
    ProposalRound,
    RoundCeiling,
    Status,
)
from sinergi.web.regions.models import Region

FIELDS = ("kode_sub_kegiatan", "uraian", "lokasi_kode", "lokasi_kecamatan", "sasaran", "target", "satuan", "pagu", "sumber_dana", "catatan",
          "kelompok_sasaran", "sasaran_laki_laki", "sasaran_perempuan", "rincian_dana")
FIELD_LABELS = {
    "kode_sub_kegiatan": "Kode sub-kegiatan",
    "uraian": "Uraian",
    "lokasi_kode": "Lokasi",
    "lokasi_kecamatan": "Kecamatan",
    "sasaran": "Sasaran/penerima manfaat",
    "kelompok_sasaran": "Kelompok sasaran",
    "sasaran_laki_laki": "Sasaran laki-laki",
    "sasaran_perempuan": "Sasaran perempuan",
    "target": "Target",
    "satuan": "Satuan",
    "pagu": "Pagu (Rp)",
    "sumber_dana": "Sumber dana",
    "catatan": "Catatan",
    "rincian_dana": "Rincian sumber dana",
    "status": "Status",
    "versi": "Versi",
}
MAX_AMOUNT = Decimal("1e15")
ACTION_NAMES = {
    Status.SUBMITTED: "ajukan_usulan",
    Status.IN_REVIEW: "tinjau_usulan",
    Status.NEEDS_FIX: "minta_perbaikan_usulan",
    Status.ACCEPTED: "terima_usulan",
    Status.REJECTED: "tolak_usulan",
}
VERBS = {
    Status.SUBMITTED: "diajukan",
    Status.IN_REVIEW: "mulai ditinjau",
    Status.NEEDS_FIX: "dikembalikan untuk perbaikan",
    Status.ACCEPTED: "diterima",
    Status.REJECTED: "ditolak",
}


class ActionRefused(Exception):
    """The change is not possible now; the message says why (in Indonesian)."""


class StaleVersion(ActionRefused):
    """The proposal was changed by someone else after the form was opened."""

    def __init__(self, proposal: Proposal, expected: int):
        self.proposal = proposal
        self.expected = expected
        shown = ProposalRevision.objects.filter(proposal=proposal, version=expected).first()
        self.shown = shown.snapshot if shown else {}
        current = proposal.snapshot()
        self.changes = [
            (FIELD_LABELS.get(k, k), self.shown.get(k), v) for k, v in current.items()
            # a revision saved before a field existed (e.g. kelompok_sasaran) does not list it: blank is no change
            if k != "versi" and self.shown.get(k) != v and (k in self.shown or v not in ("", None))
        ]
        last = ProposalRevision.objects.filter(proposal=proposal).first()
        self.who = (last.by_username if last else "") or "pengguna lain"
        self.when = last.at if last else None
        super().__init__(
            f"Usulan #{proposal.pk} sudah diubah oleh {self.who} (versi {proposal.version}) sesudah Anda membukanya "
            f"(versi {expected}). Perubahan Anda belum disimpan."
        )


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _username(actor) -> str:
    return actor.get_username() if _actor(actor) else "(sistem)"


# ====================================================================== nomenclature
def _store_version(actor, nomenclature, *, label: str, source: str, file_name: str, embedded: bool, notes, skipped: int) -> NomenclatureVersion:
    version = NomenclatureVersion.objects.create(
        label=label,
        source=source[:500],
        file_name=file_name[:255],
        embedded=embedded,
        fingerprint=nomenclature.fingerprint,
        incomplete_levels=sorted(nomenclature.incomplete_levels),
        notes=[p.as_dict() for p in notes],
        skipped_other_urusan=skipped,
        summary=nomenclature.summary(),
        created_by=_actor(actor),
    )
    NomenclatureEntry.objects.bulk_create([
        NomenclatureEntry(version=version, position=i, code=e.code, level=e.level, name=e.name[:500], authority=e.authority,
                          indicator=e.indicator[:500], unit=e.unit[:100], source=e.source[:500], predecessor=e.predecessor)
        for i, e in enumerate(nomenclature.entries)
    ], batch_size=500)
    return version


def ensure_defaults() -> NomenclatureVersion:
    """The embedded nomenclature as version 'bawaan' (created once; idempotent and safe to call
    on every request)."""
    existing = NomenclatureVersion.objects.filter(label=sync_files.EMBEDDED_VERSION).first()
    if existing is not None:
        return existing
    nomenclature = sync_files.load_default_nomenclature()
    try:
        with transaction.atomic():
            version = _store_version(None, nomenclature, label=sync_files.EMBEDDED_VERSION, source=sync_files.EMBEDDED_SOURCE,
                                     file_name="data/nomenklatur/nomenklatur.csv", embedded=True, notes=[], skipped=0)
            record(None, "muat_nomenklatur_bawaan", "versi_nomenklatur", version.pk, after=version.summary,
                   summary=f"Nomenklatur bawaan dimuat: {len(nomenclature)} baris (belum lengkap di tingkat provinsi)")
    except IntegrityError:  # another request created it at the same time
        return NomenclatureVersion.objects.get(label=sync_files.EMBEDDED_VERSION)
    return version


@dataclass
class NomenclatureOutcome:
    version: NomenclatureVersion
    created: bool
    notes: list[Problem] = field(default_factory=list)
    skipped: int = 0


def import_nomenclature(actor, path: str | Path, label: str, display_name: str | None = None) -> NomenclatureOutcome:
    """Import the official SIPD spreadsheet or a Sinergi CSV as a new version. The whole file is
    validated first (every problem raised at once, nothing stored); a file with the same content
    as a stored version creates nothing and returns that version."""
    require(actor, "admin")
    path = Path(path)
    name = display_name or path.name
    label = " ".join((label or "").split())
    if not label:
        raise ValidationFailed([Problem("VERSI_KOSONG", "Nama versi belum diisi.", "Isi nama versi, mis. 'SIPD 2027'.", file=name, column="versi")])
    if NomenclatureVersion.objects.filter(label__iexact=label).exists():
        raise ValidationFailed([Problem("VERSI_SUDAH_ADA", f"Versi '{label}' sudah ada.",
                                        "Beri nama versi lain, mis. dengan tanggal pemutakhiran.", file=name, column="versi", value=label)])
    imp = sync_files.read_nomenclature_file(path, version=label, display_name=name)
    nom = imp.nomenclature
    same = NomenclatureVersion.objects.filter(fingerprint=nom.fingerprint).first()
    if same is not None:
        return NomenclatureOutcome(same, False, list(imp.notes), imp.skipped_other_urusan)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    with transaction.atomic():
        version = _store_version(actor, nom, label=label, source=name, file_name=name, embedded=False, notes=imp.notes,
                                 skipped=imp.skipped_other_urusan)
        record(actor, "impor_nomenklatur", "versi_nomenklatur", version.pk,
               after={**version.summary, "berkas": name, "sha256": sha, "catatan_normalisasi": len(imp.notes),
                      "baris_urusan_lain_dilewati": imp.skipped_other_urusan},
               summary=f"Impor nomenklatur '{label}' dari {name}: {len(nom)} baris, {len(imp.notes)} catatan normalisasi")
    return NomenclatureOutcome(version, True, list(imp.notes), imp.skipped_other_urusan)


# ====================================================================== rounds
def form_version(value) -> int:
    """The version a form was opened at (a hidden field). Not a number — a tampered or truncated
    form — is a problem shown on the page, never a crash."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = -1
    if number < 0:
        raise ValidationFailed([Problem(
            "VERSI_FORMULIR_TIDAK_SAH",
            f"Nomor versi formulir tidak sah ('{str(value)[:20]}'), jadi tidak dapat diperiksa apakah orang lain sudah mengubah data ini.",
            "Muat ulang halaman (data terbaru akan tampil), lalu simpan lagi.",
        )])
    return number


class AlreadySubmitted(ActionRefused):
    """The new-proposal form with this token was sent before; ``proposal`` is what it created."""

    def __init__(self, proposal: Proposal):
        self.proposal = proposal
        super().__init__(f"Formulir ini sudah terkirim sebelumnya: usulan #{proposal.pk} sudah tersimpan, tidak dibuat dua kali.")


def _check_round_version(rnd: ProposalRound, expected_version) -> None:
    if expected_version is None:
        return
    try:
        expected = form_version(expected_version)
    except ValidationFailed as exc:
        raise ActionRefused(str(exc.problems[0])) from None
    if expected != rnd.version:
        raise ActionRefused(f"Putaran ini sudah diubah orang lain (versi {rnd.version}, Anda membuka versi {expected_version}). "
                            "Muat ulang halaman lalu ulangi.")


def open_round(actor, year: int, nomenclature: NomenclatureVersion, name: str = "", note: str = "", *,
               deadlines: dict | None = None, carry_from: ProposalRound | None = None) -> ProposalRound:
    """The province opens the proposal round of a budget year with one nomenclature version,
    optionally with its closing dates (``{"pengajuan": date, "verifikasi": …, "kesepakatan": …}``)
    and starting from an earlier round's agreed programmes (:func:`carry_over`, in the same
    transaction)."""
    require(actor, "review")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ActionRefused("Tahun anggaran harus berupa angka, mis. 2026.") from None
    if not 2000 <= year <= 2100:
        raise ActionRefused("Tahun anggaran di luar rentang 2000–2100.")
    name = " ".join((name or "").split()) or f"Sinkronisasi usulan program tahun anggaran {year}"
    if ProposalRound.objects.filter(year=year).exists():
        raise ActionRefused(f"Putaran tahun anggaran {year} sudah ada.") from None
    try:
        with transaction.atomic():
            dates = _deadline_values(deadlines or {})
            rnd = ProposalRound.objects.create(year=year, name=name[:200], nomenclature=nomenclature, note=note, opened_by=_actor(actor),
                                               **dates)
            record(actor, "buka_putaran", "putaran_usulan", rnd.pk, after=rnd.snapshot(), region=PROVINCE_CODE,
                   summary=f"Putaran usulan {year} dibuka dengan nomenklatur '{nomenclature.label}'")
            if carry_from is not None:
                carry_over(actor, rnd, carry_from)
    except IntegrityError:  # opened by someone else at the same moment
        raise ActionRefused(f"Putaran tahun anggaran {year} sudah ada.") from None
    return rnd


def _round_change(actor, rnd: ProposalRound, expected_version, action: str, summary: str, change) -> ProposalRound:
    require(actor, "review")
    with transaction.atomic():
        rnd = ProposalRound.objects.select_for_update(of=("self",)).select_related("nomenclature").get(pk=rnd.pk)
        _check_round_version(rnd, expected_version)
        before = rnd.snapshot()
        change(rnd)
        rnd.version += 1
        rnd.save()
        record(actor, action, "putaran_usulan", rnd.pk, before=before, after=rnd.snapshot(), region=PROVINCE_CODE, summary=summary)
    return rnd


def close_round(actor, rnd: ProposalRound, expected_version=None) -> ProposalRound:
    if not rnd.is_open:
        raise ActionRefused("Putaran ini sudah ditutup.")

    def change(r):
        r.status, r.closed_at, r.closed_by = ProposalRound.Status.CLOSED, timezone.now(), _actor(actor)

    return _round_change(actor, rnd, expected_version, "tutup_putaran", f"Putaran usulan {rnd.year} ditutup", change)


def reopen_round(actor, rnd: ProposalRound, expected_version=None) -> ProposalRound:
    if rnd.is_open:
        raise ActionRefused("Putaran ini masih dibuka.")

    def change(r):
        r.status, r.closed_at, r.closed_by = ProposalRound.Status.OPEN, None, None

    return _round_change(actor, rnd, expected_version, "buka_kembali_putaran", f"Putaran usulan {rnd.year} dibuka kembali", change)


def set_round_nomenclature(actor, rnd: ProposalRound, nomenclature: NomenclatureVersion, expected_version=None) -> ProposalRound:
    """Use another nomenclature version for an open round (e.g. after importing the official
    list); the proposals are re-checked against it."""
    if not rnd.is_open:
        raise ActionRefused("Putaran yang sudah ditutup tidak dapat berganti versi nomenklatur.")
    if nomenclature.pk == rnd.nomenclature_id:
        raise ActionRefused(f"Putaran ini sudah memakai versi '{nomenclature.label}'.")
    old = rnd.nomenclature.label

    def change(r):
        r.nomenclature = nomenclature

    return _round_change(actor, rnd, expected_version, "ganti_nomenklatur_putaran",
                         f"Putaran usulan {rnd.year}: nomenklatur '{old}' diganti '{nomenclature.label}'", change)


DEADLINE_FIELDS = {"pengajuan": "submission_deadline", "verifikasi": "review_deadline", "kesepakatan": "agreement_deadline"}


def _deadline_values(deadlines: dict) -> dict:
    """Model field values from ``{stage: date | "YYYY-MM-DD" | ""}``; the dates must follow the
    stages' order."""
    from datetime import date as _d

    from sinergi.core.sync.process import DEADLINE_LABELS

    out = {}
    for stage, fieldname in DEADLINE_FIELDS.items():
        value = deadlines.get(stage)
        if value in (None, ""):
            out[fieldname] = None
            continue
        if not isinstance(value, _d):
            try:
                value = _d.fromisoformat(str(value).strip())
            except ValueError:
                raise ActionRefused(f"Tanggal {DEADLINE_LABELS[stage]} '{value}' tidak dapat dibaca; pilih tanggal pada kalender "
                                    "(format TTTT-BB-HH, mis. 2026-03-15).") from None
        out[fieldname] = value
    dated = [(s, out[f]) for s, f in DEADLINE_FIELDS.items() if out[f]]
    for (s1, d1), (s2, d2) in zip(dated, dated[1:], strict=False):
        if d2 < d1:
            raise ActionRefused(f"{DEADLINE_LABELS[s2].capitalize()} ({d2.isoformat()}) tidak boleh sebelum {DEADLINE_LABELS[s1]} "
                                f"({d1.isoformat()}); urutan tahapnya pengajuan → verifikasi/perbaikan → rakor/kesepakatan.")
    return out


def set_deadlines(actor, rnd: ProposalRound, deadlines: dict, expected_version=None) -> ProposalRound:
    """Set or change the closing dates of a round's stages (planners and admins; audited)."""
    require(actor, "review")
    values = _deadline_values(deadlines)
    shown = ", ".join(f"{s} {values[f].isoformat() if values[f] else '—'}" for s, f in DEADLINE_FIELDS.items())

    def change(r):
        for k, v in values.items():
            setattr(r, k, v)

    return _round_change(actor, rnd, expected_version, "ubah_tenggat_putaran", f"Tenggat putaran usulan {rnd.year}: {shown}", change)


def carry_over(actor, rnd: ProposalRound, source: ProposalRound) -> list[Proposal]:
    """Start a round from an earlier round's agreed (*diterima*) proposals: each is copied as a
    draft of the same office, linked to its origin (``Proposal.origin``), with last year's
    realisation in its note. Copies already made are not made again. Audited (one event)."""
    require(actor, "review")
    _require_open(rnd)
    if source.pk == rnd.pk or source.year >= rnd.year:
        raise ActionRefused("Program hanya dapat dilanjutkan dari putaran tahun sebelumnya.")
    from sinergi.web.proposals.models import QuarterProgress

    with transaction.atomic():
        ProposalRound.objects.select_for_update().get(pk=rnd.pk)
        done = set(Proposal.objects.filter(round=rnd, origin__round=source).values_list("origin_id", flat=True))
        agreed = list(Proposal.objects.filter(round=source, status=Status.ACCEPTED).exclude(pk__in=done).select_related("round").order_by("office_id", "id"))
        quarters: dict[int, list] = {}
        for q in QuarterProgress.objects.filter(proposal__in=agreed):
            quarters.setdefault(q.proposal_id, []).append(q)
        made = []
        for o in agreed:
            line = process.progress_text(o, quarters.get(o.pk, []))
            note = f"Dilanjutkan dari usulan #{o.pk} putaran {source.year} (disepakati). {line}"
            p = Proposal.objects.create(
                round=rnd, office_id=o.office_id, code=o.code, description=o.description, location_code=o.location_code,
                district=o.district, beneficiaries=o.beneficiaries, target=o.target, unit=o.unit, budget=o.budget, funding=o.funding,
                note=(note + ("\n" + o.note if o.note else ""))[:5000], status=Status.DRAFT, origin=o, fingerprint=o.fingerprint,
                created_by=_actor(actor), updated_by=_actor(actor))
            _revision(actor, p, "lanjutkan_usulan")
            made.append(p)
        if rnd.carried_from_id != source.pk:
            ProposalRound.objects.filter(pk=rnd.pk).update(carried_from=source)
            rnd.carried_from = source
        record(actor, "lanjutkan_program", "putaran_usulan", rnd.pk,
               after={"dari_putaran": source.year, "usulan_baru": [p.pk for p in made], "asal": [p.origin_id for p in made]},
               region=PROVINCE_CODE, summary=f"Putaran {rnd.year} dimulai dari {len(made)} program yang disepakati pada putaran {source.year} (sebagai draf)")
    return made


def _require_open(rnd: ProposalRound) -> None:
    if not rnd.is_open:
        raise ActionRefused(f"Putaran {rnd.year} sudah ditutup; usulan tidak dapat diubah lagi.")


# ====================================================================== proposals
def _decimal(value, what: str) -> Decimal:
    try:
        d = Decimal(repr(float(value))).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationFailed([Problem("NILAI_TIDAK_VALID", f"{what} bukan angka.", "Tulis angka saja.", column=what.lower())]) from None
    return d


def validate_proposal(rnd: ProposalRound, office_code: str, data: dict) -> dict:
    """Check one proposal's fields with the core (no duplicate search) and return the values to
    store. Raises :class:`ValidationFailed` with one problem per blocking finding (``column`` =
    the field)."""
    frame = {"wilayah_kode": office_code, "tahun": rnd.year, **{k: data.get(k, "") for k in FIELDS}}
    result = check_proposals(pd.DataFrame([frame]), checks.reference_for(rnd.nomenclature), round_year=rnd.year,
                                    office=office_code, include_similarity=False)
    if not len(result.proposals):
        raise ValidationFailed([Problem("WAJIB_KOSONG", "Formulir kosong.", "Isi kode sub-kegiatan, uraian, lokasi, target, satuan, pagu dan sumber dana.", column="uraian")])
    problems = [Problem(f.code, f.message, f.detail, column=f.field or "kode_sub_kegiatan") for f in result.findings if f.blocking]
    rec = result.proposals.iloc[0]
    values = {}
    if not problems:
        values = _values_from_record(rec.to_dict())
        for key, what in (("target", "Target"), ("budget", "Pagu")):
            if values[key] >= MAX_AMOUNT:
                problems.append(Problem("NILAI_TIDAK_VALID", f"{what} terlalu besar.", "Periksa jumlah digit.", column="target" if key == "target" else "pagu"))
    if problems:
        raise ValidationFailed(problems)
    return values


def _values_from_record(rec: dict) -> dict:
    funding = checks.funding_sources()
    return {
        "code": rec["kode"],
        "description": rec["uraian"],
        "location_code": rec["lokasi_kode"],
        "district": rec.get("lokasi_kecamatan") or "",
        "beneficiaries": (rec.get("sasaran") or "")[:300],
        "target_groups": (rec.get("kelompok_sasaran") or "")[:200],
        "target_male": _count(rec.get("sasaran_laki_laki")),
        "target_female": _count(rec.get("sasaran_perempuan")),
        "target": _decimal(rec["target"], "Target"),
        "unit": (rec["satuan"] or "")[:100],
        "budget": _decimal(rec["pagu"], "Pagu"),
        "funding": (funding.name(rec["sumber_dana"]) if rec.get("sumber_dana") else rec.get("sumber_dana_asli") or "")[:100],
        "note": rec.get("catatan") or "",
        "fingerprint": rec.get("sidik") or "",
        "funding_detail": rec.get("rincian_dana") or "",
    }


def _count(value) -> int | None:
    """A number of people from the core's typed record (missing → ``None``)."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    return int(value)


def may_edit_content(actor, proposal: Proposal) -> bool:
    if can(actor, "review"):
        return proposal.status in EDITABLE_BY_REVIEWER
    return can(actor, "edit", proposal.office_id) and proposal.status in EDITABLE_BY_OFFICE


def _revision(actor, proposal: Proposal, action: str) -> None:
    ProposalRevision.objects.create(proposal=proposal, version=proposal.version, snapshot=proposal.snapshot(), action=action,
                                    by=_actor(actor), by_username=_username(actor))


def create_proposal(actor, rnd: ProposalRound, office_code: str, data: dict, token=None) -> Proposal:
    """A new draft proposal of ``office_code`` entered in the form. ``token`` (a UUID from the
    form) makes sending the same form twice create one proposal: the second time raises
    :class:`AlreadySubmitted` naming the first."""
    require(actor, "edit", office_code)
    _require_open(rnd)
    if checks.level_of(office_code) is None:
        raise ActionRefused(f"Kode pengusul '{office_code}' tidak dikenal.")
    if token is not None:
        done = Proposal.objects.filter(form_token=token).first()
        if done is not None:
            raise AlreadySubmitted(done)
    values = validate_proposal(rnd, office_code, data)
    try:
        with transaction.atomic():
            p = Proposal.objects.create(round=rnd, office_id=office_code, created_by=_actor(actor), updated_by=_actor(actor),
                                        form_token=token, **values)
            _revision(actor, p, "buat_usulan")
            record(actor, "buat_usulan", "usulan", p.pk, after=p.snapshot(), region=office_code,
                   summary=f"Usulan #{p.pk} {p.code} dibuat (draf): {p.description[:80]}")
    except IntegrityError:
        done = Proposal.objects.filter(form_token=token).first() if token is not None else None
        if done is None:
            raise
        raise AlreadySubmitted(done) from None  # the same form arrived twice at once; the other request created it
    return p


def update_proposal(actor, proposal: Proposal, data: dict, expected_version: int) -> tuple[Proposal, bool]:
    """Save the form of an existing proposal. Refused with :class:`StaleVersion` when someone
    saved it after the form was opened. Returns ``(proposal, changed)``."""
    require(actor, "edit", proposal.office_id)
    with transaction.atomic():
        p = Proposal.objects.select_for_update(of=("self",)).select_related("round__nomenclature").get(pk=proposal.pk)
        _require_open(p.round)
        expected = form_version(expected_version)
        if p.version != expected:
            raise StaleVersion(p, expected)
        if not may_edit_content(actor, p):
            raise ActionRefused(f"Usulan berstatus '{p.status_label}' tidak dapat diubah"
                                + (" oleh pengusul; tunggu keputusan peninjau." if not can(actor, "review") else "."))
        values = validate_proposal(p.round, p.office_id, data)
        before = p.snapshot()
        for k, v in values.items():
            setattr(p, k, v)
        after = p.snapshot()
        if {k: v for k, v in after.items() if k != "versi"} == {k: v for k, v in before.items() if k != "versi"}:
            return p, False
        p.version += 1
        p.updated_by = _actor(actor)
        p.save()
        _revision(actor, p, "ubah_usulan")
        changed = ", ".join(FIELD_LABELS.get(k, k) for k in after if k != "versi" and before.get(k) != after.get(k))
        record(actor, "ubah_usulan", "usulan", p.pk, before=before, after=p.snapshot(), region=p.office_id,
               summary=f"Usulan #{p.pk} diubah (versi {p.version}): {changed}")
    return p, True


@dataclass
class ImportOutcome:
    file_name: str
    added: list[Proposal]
    skipped: int
    warnings: list = field(default_factory=list)


def import_proposals(actor, rnd: ProposalRound, office_code: str, path: str | Path, display_name: str | None = None) -> ImportOutcome:
    """An office's filled template (or any proposal CSV/XLSX). Every problem of the file is raised
    at once (:class:`ValidationFailed`, with sheet, row, column and fix) and nothing is stored
    unless the whole file is valid. Rows already stored from an earlier upload (same
    ``sidik_unik``) are skipped, so uploading the same file again adds nothing."""
    require(actor, "edit", office_code)
    _require_open(rnd)
    path = Path(path)
    name = display_name or path.name
    imp = sync_files.load_proposal_file(path, checks.reference_for(rnd.nomenclature), rnd.year, office_code, display_name=name)
    records = imp.records()
    prepared = []
    problems = []
    for rec in records:
        values = _values_from_record(rec)
        for key, col in (("target", "target"), ("budget", "pagu")):
            if values[key] >= MAX_AMOUNT:
                problems.append(Problem("NILAI_TIDAK_VALID", f"Nilai {col} terlalu besar.", "Periksa jumlah digit.", file=name,
                                        row=rec.get("baris_berkas"), column=col))
        prepared.append((rec, values))
    if problems:
        raise ValidationFailed(problems)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    with transaction.atomic():
        ProposalRound.objects.select_for_update().get(pk=rnd.pk)  # one upload at a time: the idempotency check holds
        keys = [rec["sidik_unik"] for rec, _ in prepared]
        stored = set(Proposal.objects.filter(round=rnd, office_id=office_code, import_key__in=keys).values_list("import_key", flat=True))
        added = []
        for rec, values in prepared:
            if rec["sidik_unik"] in stored:
                continue
            p = Proposal.objects.create(round=rnd, office_id=office_code, import_key=rec["sidik_unik"], source_file=name[:255],
                                        source_row=rec.get("baris_berkas"), created_by=_actor(actor), updated_by=_actor(actor), **values)
            _revision(actor, p, "impor_usulan")
            added.append(p)
        skipped = len(prepared) - len(added)
        batch = ProposalImport.objects.create(round=rnd, office_id=office_code, file_name=name[:255], sha256=sha, added=len(added),
                                              skipped=skipped, by=_actor(actor))
        record(actor, "impor_usulan", "unggahan_usulan", batch.pk,
               after={"berkas": name, "sha256": sha, "putaran": rnd.year, "usulan_ditambah": [p.pk for p in added], "sudah_ada": skipped},
               region=office_code, summary=f"Unggah {name}: {len(added)} usulan ditambah (draf), {skipped} sudah ada")
    return ImportOutcome(name, added, skipped, list(imp.warnings))


# ---------------------------------------------------------------------- workflow
def allowed_transitions(actor, proposal: Proposal) -> list[str]:
    """Target states this actor may move the proposal to now (for the buttons)."""
    if not proposal.round.is_open:
        return []
    out = []
    for (src, dst), who in TRANSITIONS.items():
        if src != proposal.status:
            continue
        if who == "peninjau" and can(actor, "review"):
            out.append(dst)
        elif who == "pengusul" and can(actor, "edit", proposal.office_id):
            out.append(dst)
    return out


def _blocking_findings(p: Proposal) -> list:
    result = checks.check_stored([p], p.round, include_similarity=False)
    return [f for f in result.findings if f.blocking]


def transition(actor, proposal: Proposal, to: str, expected_version: int, comment: str = "", *, notify: bool = True) -> Proposal:
    """Move a proposal along the review workflow (:data:`~sinergi.web.proposals.models.TRANSITIONS`).
    The other side is notified (in the app, and by e-mail when configured) unless ``notify`` is
    false (:func:`submit_all` sends one notification for the batch)."""
    to = Status(to)
    comment = (comment or "").strip()
    with transaction.atomic():
        p = Proposal.objects.select_for_update(of=("self",)).select_related("round__nomenclature", "office").get(pk=proposal.pk)
        who = TRANSITIONS.get((p.status, to))
        if who is None:
            raise ActionRefused(f"Usulan berstatus '{p.status_label}' tidak dapat menjadi '{to.label}'.")
        if who == "peninjau":
            require(actor, "review")
        else:
            require(actor, "edit", p.office_id)
        _require_open(p.round)
        expected = form_version(expected_version)
        if p.version != expected:
            raise StaleVersion(p, expected)
        if to in NEEDS_COMMENT and not comment:
            raise ActionRefused("Tuliskan alasannya di kolom komentar: pengusul perlu tahu apa yang harus diperbaiki."
                                if to == Status.NEEDS_FIX else "Tuliskan alasan penolakan di kolom komentar.")
        if to == Status.SUBMITTED:
            blocking = _blocking_findings(p)
            if blocking:
                raise ActionRefused(f"Usulan #{p.pk} belum dapat diajukan: " + "; ".join(f"{f.code}: {f.message}" for f in blocking[:3]))
        before = p.snapshot()
        src = p.status
        p.status = to
        p.version += 1
        p.updated_by = _actor(actor)
        p.save()
        action = ACTION_NAMES[to] if not (to == Status.IN_REVIEW and src in (Status.ACCEPTED, Status.REJECTED)) else "buka_kembali_usulan"
        if comment:
            kind = {Status.NEEDS_FIX: Comment.Kind.FIX_REQUEST, Status.ACCEPTED: Comment.Kind.DECISION,
                    Status.REJECTED: Comment.Kind.DECISION}.get(to, Comment.Kind.ANSWER if who == "pengusul" else Comment.Kind.COMMENT)
            Comment.objects.create(proposal=p, kind=kind, text=comment, status_from=src, status_to=to, author=_actor(actor),
                                   author_username=_username(actor))
        _revision(actor, p, action)
        record(actor, action, "usulan", p.pk, before=before, after={**p.snapshot(), **({"komentar": comment} if comment else {})},
               region=p.office_id, summary=f"Usulan #{p.pk} {VERBS[to]}" + (f": {comment[:120]}" if comment else ""))
        if notify:
            process.notify_status_change(actor, p, src, to, comment)
    return p


def submit_all(actor, rnd: ProposalRound, office_code: str) -> tuple[list[Proposal], list[tuple[Proposal, str]]]:
    """Submit every draft of an office. Drafts that still have a blocking finding stay drafts
    and are returned with the reason."""
    require(actor, "edit", office_code)
    _require_open(rnd)
    done, left = [], []
    for p in Proposal.objects.filter(round=rnd, office_id=office_code, status=Status.DRAFT).select_related("round__nomenclature").order_by("id"):
        try:
            done.append(transition(actor, p, Status.SUBMITTED, p.version, notify=False))
        except ActionRefused as exc:
            left.append((p, str(exc)))
    process.notify_submitted_batch(actor, rnd, office_code, done)
    return done, left


def add_comment(actor, proposal: Proposal, text: str) -> Comment:
    """A reviewer's comment, or the office's answer."""
    text = (text or "").strip()
    if not text:
        raise ActionRefused("Komentar kosong.")
    reviewer = can(actor, "review")
    if not reviewer:
        require(actor, "edit", proposal.office_id)
    _require_open(proposal.round)
    with transaction.atomic():
        c = Comment.objects.create(proposal=proposal, kind=Comment.Kind.COMMENT if reviewer else Comment.Kind.ANSWER, text=text[:5000],
                                   author=_actor(actor), author_username=_username(actor))
        record(actor, "komentari_usulan", "usulan", proposal.pk, after={"komentar": c.text, "jenis": c.kind}, region=proposal.office_id,
               summary=f"Komentar pada usulan #{proposal.pk}: {c.text[:120]}")
    return c


# ---------------------------------------------------------------------- duplicate suggestions
def resolve_pair(actor, rnd: ProposalRound, first_id: int, second_id: int, decision: str, *, keep_id: int | None = None,
                 note: str = "", versions: dict[int, int] | None = None) -> PairDecision:
    """A reviewer decides a duplicate/overlap suggestion: ``bukan_duplikat``, or ``gabung``
    (merge: a new proposal copying ``keep_id``'s content, linked to both originals, which are
    kept and marked *digabung*)."""
    require(actor, "review")
    _require_open(rnd)
    decision = PairDecision.Decision(decision)
    a, b = sorted((int(first_id), int(second_id)))
    pair = checks.round_check(rnd).pair(a, b)
    if pair is None:
        raise ActionRefused(f"Tidak ada saran duplikat/tumpang tindih antara usulan #{a} dan #{b} (lagi).")
    if pair.decision is not None:
        raise ActionRefused(f"Saran #{a}–#{b} sudah diputuskan ({pair.decision.get_decision_display()}) oleh "
                            f"{pair.decision.by.get_username() if pair.decision.by else 'peninjau lain'}.")
    note = (note or "").strip()
    with transaction.atomic():
        locked = {p.pk: p for p in Proposal.objects.select_for_update(of=("self",)).select_related("office").filter(pk__in=(a, b), round=rnd)}
        if len(locked) != 2:
            raise ActionRefused("Salah satu usulan tidak ditemukan di putaran ini.")
        for pk, v in (versions or {}).items():
            if int(pk) in locked and locked[int(pk)].version != int(v):
                raise StaleVersion(locked[int(pk)], int(v))
        if PairDecision.objects.filter(first_id=a, second_id=b).exists():
            raise ActionRefused(f"Saran #{a}–#{b} sudah diputuskan peninjau lain.")
        f = pair.finding
        base = dict(round=rnd, first_id=a, second_id=b, finding=f.code, score=f.score, reasons=list(f.reasons), note=note, by=_actor(actor))
        if decision == PairDecision.Decision.NOT_DUPLICATE:
            d = PairDecision.objects.create(decision=decision, **base)
            record(actor, "putuskan_bukan_duplikat", "keputusan_duplikat", d.pk,
                   after={"usulan": [a, b], "temuan": f.code, "skor": f.score, "alasan": list(f.reasons), "catatan": note},
                   region=PROVINCE_CODE, summary=f"Usulan #{a} dan #{b} diputuskan bukan duplikat" + (f": {note[:100]}" if note else ""))
            return d
        # merge
        if keep_id is None or int(keep_id) not in locked:
            raise ActionRefused("Pilih usulan yang isinya dipakai untuk hasil gabungan.")
        keep = locked[int(keep_id)]
        other = locked[b if keep.pk == a else a]
        for p in (keep, other):
            if p.status not in (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_FIX, Status.ACCEPTED):
                raise ActionRefused(f"Usulan #{p.pk} berstatus '{p.status_label}' dan tidak dapat digabung.")
        before = {str(keep.pk): keep.snapshot(), str(other.pk): other.snapshot()}
        text = f"Gabungan usulan #{keep.pk} ({keep.office}) dan #{other.pk} ({other.office}); isi dari #{keep.pk}."
        # each office keeps its money: proposals of two offices become one co-funded proposal;
        # two proposals of the same office are one proposal written twice (its money counts once)
        lines = funding_lines(keep) + (funding_lines(other) if other.office_id != keep.office_id else [])
        cofunded = len({(ln.source, ln.office) for ln in lines}) > 1
        if cofunded:
            text += " Pendanaan kedua pihak dipertahankan: " + format_breakdown(lines) + "."
        merged = Proposal.objects.create(
            round=rnd, office=keep.office, code=keep.code, description=keep.description, location_code=keep.location_code,
            district=keep.district, beneficiaries=keep.beneficiaries, target_groups=keep.target_groups, target_male=keep.target_male,
            target_female=keep.target_female, target=keep.target, unit=keep.unit,
            budget=_decimal(sum(ln.amount for ln in lines), "Pagu") if cofunded else keep.budget,
            funding=(" + ".join(dict.fromkeys(ln.name for ln in lines)) if cofunded else keep.funding)[:100],
            funding_detail=format_breakdown(lines) if cofunded else keep.funding_detail,
            note=(keep.note + "\n" if keep.note else "") + text + (f" Catatan peninjau: {note}" if note else ""),
            status=Status.IN_REVIEW, fingerprint=keep.fingerprint, created_by=_actor(actor), updated_by=_actor(actor),
        )
        _revision(actor, merged, "gabung_usulan")
        for p in (keep, other):
            p.status = Status.MERGED
            p.merged_into = merged
            p.version += 1
            p.updated_by = _actor(actor)
            p.save()
            _revision(actor, p, "gabung_usulan")
            Comment.objects.create(proposal=p, kind=Comment.Kind.DECISION, text=f"Digabung ke usulan #{merged.pk}. {text}" + (f" {note}" if note else ""),
                                   status_to=Status.MERGED, author=_actor(actor), author_username=_username(actor))
        d = PairDecision.objects.create(decision=decision, merged=merged, **base)
        record(actor, "gabung_usulan", "usulan", merged.pk, before=before,
               after={"gabungan": merged.snapshot(), "usulan_asal": [keep.pk, other.pk], "isi_dari": keep.pk, "temuan": f.code,
                      "skor": f.score, "alasan": list(f.reasons), "catatan": note},
               region=keep.office_id, summary=f"Usulan #{keep.pk} dan #{other.pk} digabung menjadi #{merged.pk} (isi dari #{keep.pk})")
        process.notify_merge(actor, merged, [keep, other])
    return d


def funding_lines(p: Proposal) -> list[FundingLine]:
    """A stored proposal's funding: its breakdown, or its single pagu and sumber dana paid by its office."""
    funding, regions = checks.funding_sources(), checks.regions()
    if p.funding_detail:
        lines, problem = parse_breakdown(p.funding_detail, funding, regions, p.office_id)
        if not problem:
            return lines
    key = funding.match(p.funding, regions.authority(p.office_id))
    return [FundingLine(key, funding.name(key) if key else p.funding, p.office_id, float(p.budget))]


# ---------------------------------------------------------------------- ceilings and follow-ups
def set_ceilings(actor, rnd: ProposalRound, amounts: dict[str, str]) -> dict[str, Decimal | None]:
    """The ceiling (pagu indikatif) of each office in ``amounts`` (office code → text as typed;
    blank removes it). All values are checked first (every problem at once, by office); then
    all are written and audited in one transaction. Returns what changed (code → new amount)."""
    require(actor, "review")
    regions = checks.regions()
    parsed: dict[str, Decimal | None] = {}
    problems = []
    for code, text in amounts.items():
        if regions.authority(code) is None:
            problems.append(Problem("WILAYAH_TIDAK_DIKENAL", f"Kode wilayah '{code}' tidak dikenal.", "Muat ulang halaman plafon.",
                                    column=f"plafon_{code}"))
            continue
        if is_blank(text):
            parsed[code] = None
            continue
        try:
            value = parse_number(text, thousands_dot=True)
            if value < 0 or value >= float(MAX_AMOUNT):
                raise NotANumber(str(text))
        except NotANumber:
            problems.append(Problem("PLAFON_TIDAK_VALID", f"Plafon {regions.name(code)} '{str(text)[:30]}' bukan angka rupiah yang sah.",
                                    "Tulis angka rupiah tanpa 'Rp', mis. 2500000000 atau 2.500.000.000; kosongkan bila belum ditetapkan.",
                                    column=f"plafon_{code}", value=str(text)[:30]))
            continue
        parsed[code] = _decimal(value, "Plafon")
    if problems:
        raise ValidationFailed(problems)
    changed: dict[str, Decimal | None] = {}
    with transaction.atomic():
        ProposalRound.objects.select_for_update().get(pk=rnd.pk)
        current = {c.office_id: c for c in RoundCeiling.objects.filter(round=rnd)}
        before, after = {}, {}
        for code, amount in parsed.items():
            old = current.get(code)
            if amount is None:
                if old is not None:
                    before[code] = _num(old.amount)
                    after[code] = None
                    old.delete()
                    changed[code] = None
                continue
            if old is not None and old.amount == amount:
                continue
            before[code] = _num(old.amount) if old else None
            after[code] = _num(amount)
            RoundCeiling.objects.update_or_create(round=rnd, office_id=code, defaults={"amount": amount, "updated_by": _actor(actor)})
            changed[code] = amount
        if changed:
            record(actor, "ubah_plafon", "putaran_usulan", rnd.pk, before=before, after=after, region=PROVINCE_CODE,
                   summary=f"Plafon putaran {rnd.year} diubah untuk {len(changed)} pengusul: " + ", ".join(sorted(changed)))
    return changed


def _num(value):
    f = float(value)
    return int(f) if f.is_integer() else f


def add_follow_up(actor, rnd: ProposalRound, text: str, office_code: str, due) -> FollowUp:
    """Record a follow-up of the round's meeting (what, the responsible office, the due date)."""
    require(actor, "review")
    text = " ".join((text or "").split())
    problems = []
    if not text:
        problems.append(Problem("WAJIB_KOSONG", "Uraian tindak lanjut kosong.", "Tuliskan apa yang harus dilakukan.", column="uraian"))
    if not Region.objects.filter(code=office_code).exists() or checks.level_of(office_code or "") is None:
        problems.append(Problem("WILAYAH_TIDAK_DIKENAL", "Penanggung jawab belum dipilih.", "Pilih perangkat daerah penanggung jawab.",
                                column="wilayah"))
    try:
        due_date = due if hasattr(due, "isoformat") else pd.Timestamp(str(due).strip()).date()
    except (ValueError, TypeError):
        due_date = None
    if due_date is None or pd.isna(due_date):
        problems.append(Problem("TANGGAL_TIDAK_VALID", f"Tenggat '{due or ''}' bukan tanggal.", "Pilih tanggal, mis. 2026-03-31.", column="tenggat"))
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        f = FollowUp.objects.create(round=rnd, text=text[:2000], office_id=office_code, due_date=due_date, created_by=_actor(actor))
        record(actor, "catat_tindak_lanjut", "tindak_lanjut", f.pk, after=f.snapshot(), region=office_code,
               summary=f"Tindak lanjut putaran {rnd.year} untuk {office_code} (tenggat {due_date.isoformat()}): {text[:100]}")
    return f


def visible_proposals(user, rnd: ProposalRound | None = None):
    """The proposals of a round (of every round when ``rnd`` is None) this user may see:
    reviewers all; an operator those of its own office; everyone else (viewers) the submitted
    ones, never drafts."""
    qs = Proposal.objects.filter(round=rnd) if rnd is not None else Proposal.objects.all()
    if can(user, "review"):
        return qs
    office = own_office(user)
    if office:
        return qs.filter(office_id=office)
    return qs.exclude(status=Status.DRAFT)


def may_see(user, proposal: Proposal) -> bool:
    if can(user, "review"):
        return True
    office = own_office(user)
    if office:
        return proposal.office_id == office
    return proposal.status != Status.DRAFT


__all__ = [
    "ActionRefused",
    "StaleVersion",
    "add_comment",
    "add_follow_up",
    "funding_lines",
    "set_ceilings",
    "allowed_transitions",
    "carry_over",
    "close_round",
    "create_proposal",
    "ensure_defaults",
    "import_nomenclature",
    "import_proposals",
    "may_edit_content",
    "may_see",
    "open_round",
    "reopen_round",
    "resolve_pair",
    "set_deadlines",
    "set_round_nomenclature",
    "submit_all",
    "transition",
    "update_proposal",
    "validate_proposal",
    "visible_proposals",
]

"""The proposal round in the database: nomenclature versions, rounds, proposals, their
comments, saved versions and the reviewers' decisions on duplicate suggestions.

Changes go through :mod:`sinergi.web.proposals.actions` only (permission, write and audit in
one transaction). The checks themselves (nomenclature, authority, duplicates …) are computed by
:mod:`sinergi.core.sync` from these rows (:mod:`sinergi.web.proposals.checks`); nothing here
re-implements them.

State machine of a proposal (``Proposal.status``)::

    draf ──ajukan──▶ diajukan ──tinjau──▶ ditinjau
      ▲                 │  ▲                │
      │                 │  └───ajukan───┐   │
      │                 ▼               │   ▼
      │       perlu_perbaikan ◀─────────┴── (diajukan | ditinjau)
      │                                      │
      │                       diterima ◀─────┤────▶ ditolak
      │                           └──buka kembali──▶ ditinjau ◀──┘
    (merge by a reviewer) any open state ──▶ digabung (kept, linked to the merged record)

The operator of the office (or a province planner) submits and resubmits; reviewers move the
rest. See :data:`TRANSITIONS`.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NomenclatureVersion(models.Model):
    """One version of the planning nomenclature (urusan 2.07, 3.32 and program 01)."""

    label = models.CharField("versi", max_length=100, unique=True)
    source = models.CharField("sumber", max_length=500, blank=True)
    file_name = models.CharField("berkas", max_length=255, blank=True)
    embedded = models.BooleanField("bawaan Sinergi", default=False)
    fingerprint = models.CharField("sidik isi", max_length=32, db_index=True)
    incomplete_levels = models.JSONField("belum lengkap di tingkat", default=list, blank=True)
    notes = models.JSONField("catatan normalisasi", default=list, blank=True)
    skipped_other_urusan = models.PositiveIntegerField("baris urusan lain dilewati", default=0)
    summary = models.JSONField("ringkasan", default=dict, blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="dibuat oleh", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "versi nomenklatur"
        verbose_name_plural = "versi nomenklatur"

    def __str__(self) -> str:
        return self.label

    def is_incomplete(self, level: str | None) -> bool:
        return bool(level) and level in (self.incomplete_levels or [])


class NomenclatureEntry(models.Model):
    """One row of a version: program, kegiatan or sub-kegiatan with its official indicator and unit."""

    version = models.ForeignKey(NomenclatureVersion, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField("urutan")
    code = models.CharField("kode", max_length=40, db_index=True)
    level = models.CharField("tingkat", max_length=20)
    name = models.CharField("nama", max_length=500)
    authority = models.CharField("kewenangan", max_length=12)
    indicator = models.CharField("indikator", max_length=500, blank=True)
    unit = models.CharField("satuan", max_length=100, blank=True)
    source = models.CharField("sumber", max_length=500, blank=True)
    predecessor = models.CharField("kode sebelumnya", max_length=40, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = "baris nomenklatur"
        verbose_name_plural = "baris nomenklatur"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProposalRound(models.Model):
    """The yearly proposal round the province opens for a budget year, with one nomenclature version."""

    class Status(models.TextChoices):
        OPEN = "dibuka", _("dibuka")
        CLOSED = "ditutup", _("ditutup")

    year = models.PositiveSmallIntegerField("tahun anggaran", unique=True)
    name = models.CharField("nama putaran", max_length=200)
    nomenclature = models.ForeignKey(NomenclatureVersion, verbose_name="versi nomenklatur", on_delete=models.PROTECT,
                                     related_name="rounds")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)
    note = models.TextField("catatan", blank=True)
    version = models.PositiveIntegerField("versi", default=1)
    opened_at = models.DateTimeField("dibuka", auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField("ditutup", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Closing dates of the round's stages (see sinergi.core.sync.process.STAGES): the last day
    # offices submit (pengajuan), the last day of verification and fixes (verifikasi/perbaikan),
    # the day of the Rakor agreement (rakor/kesepakatan). Empty: no date set.
    submission_deadline = models.DateField("batas pengajuan", null=True, blank=True)
    review_deadline = models.DateField("batas verifikasi/perbaikan", null=True, blank=True)
    agreement_deadline = models.DateField("batas rakor/kesepakatan", null=True, blank=True)
    carried_from = models.ForeignKey("self", verbose_name="dilanjutkan dari putaran", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="carried_to")

    class Meta:
        ordering = ["-year"]
        verbose_name = "putaran usulan"
        verbose_name_plural = "putaran usulan"

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def snapshot(self) -> dict:
        return {"tahun": self.year, "nama": self.name, "nomenklatur": self.nomenclature.label, "status": self.status,
                "catatan": self.note, "versi": self.version,
                "batas_pengajuan": _date(self.submission_deadline), "batas_verifikasi": _date(self.review_deadline),
                "batas_kesepakatan": _date(self.agreement_deadline)}

    def deadlines(self) -> dict:
        """``{stage: date | None}`` in the order of :data:`sinergi.core.sync.process.STAGES`."""
        return {"pengajuan": self.submission_deadline, "verifikasi": self.review_deadline, "kesepakatan": self.agreement_deadline}


class Status(models.TextChoices):
    DRAFT = "draf", _("draf")
    SUBMITTED = "diajukan", _("diajukan")
    IN_REVIEW = "ditinjau", _("ditinjau")
    NEEDS_FIX = "perlu_perbaikan", _("perlu perbaikan")
    ACCEPTED = "diterima", _("diterima")
    REJECTED = "ditolak", _("ditolak")
    MERGED = "digabung", _("digabung")


#: (from, to) → who may do it: "pengusul" (the office's own operator or a province planner,
#: i.e. ``edit`` on the office) or "peninjau" (``review``).
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.SUBMITTED): "pengusul",
    (Status.NEEDS_FIX, Status.SUBMITTED): "pengusul",
    (Status.SUBMITTED, Status.IN_REVIEW): "peninjau",
    (Status.SUBMITTED, Status.NEEDS_FIX): "peninjau",
    (Status.IN_REVIEW, Status.NEEDS_FIX): "peninjau",
    (Status.SUBMITTED, Status.ACCEPTED): "peninjau",
    (Status.IN_REVIEW, Status.ACCEPTED): "peninjau",
    (Status.SUBMITTED, Status.REJECTED): "peninjau",
    (Status.IN_REVIEW, Status.REJECTED): "peninjau",
    (Status.ACCEPTED, Status.IN_REVIEW): "peninjau",
    (Status.REJECTED, Status.IN_REVIEW): "peninjau",
}
#: transitions that need a comment saying why
NEEDS_COMMENT = {Status.NEEDS_FIX, Status.REJECTED}
#: states in which the proposing office may still change the content
EDITABLE_BY_OFFICE = {Status.DRAFT, Status.NEEDS_FIX}
#: states in which a reviewer may change the content (e.g. a merged record)
EDITABLE_BY_REVIEWER = {Status.DRAFT, Status.NEEDS_FIX, Status.SUBMITTED, Status.IN_REVIEW}
#: states whose proposals take part in the checks (merged originals and rejected ones do not)
CHECKED = {Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_FIX, Status.ACCEPTED}


class Proposal(models.Model):
    """One proposal (usulan) of one office in one round."""

    round = models.ForeignKey(ProposalRound, verbose_name="putaran", on_delete=models.PROTECT, related_name="proposals")
    office = models.ForeignKey("regions.Region", verbose_name="pengusul", on_delete=models.PROTECT, related_name="proposals")
    code = models.CharField("kode sub-kegiatan", max_length=40)
    description = models.TextField("uraian")
    location_code = models.CharField("kode lokasi", max_length=20)
    district = models.CharField("kecamatan", max_length=100, blank=True)
    beneficiaries = models.CharField("sasaran/penerima manfaat", max_length=300, blank=True)
    # codes of sinergi.core.sync.target_groups joined by ';' (as stated by the office; a
    # suggestion from the description is never stored here)
    target_groups = models.CharField("kelompok sasaran", max_length=200, blank=True)
    target_male = models.PositiveIntegerField("sasaran laki-laki (orang)", null=True, blank=True)
    target_female = models.PositiveIntegerField("sasaran perempuan (orang)", null=True, blank=True)
    target = models.DecimalField("target", max_digits=16, decimal_places=2)
    unit = models.CharField("satuan", max_length=100)
    budget = models.DecimalField("pagu (Rp)", max_digits=18, decimal_places=2)
    funding = models.CharField("sumber dana", max_length=100)
    note = models.TextField("catatan", blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    version = models.PositiveIntegerField("versi", default=1)
    fingerprint = models.CharField("sidik isi", max_length=32, blank=True)
    import_key = models.CharField("sidik unggahan", max_length=48, blank=True,
                                  help_text="sidik_unik baris berkas asal; mengunggah berkas yang sama lagi tidak menggandakan usulan")
    source_file = models.CharField("berkas asal", max_length=255, blank=True)
    source_row = models.PositiveIntegerField("baris berkas", null=True, blank=True)
    # The one-time token of the new-proposal form that created it: a form sent twice (double
    # click, reload) creates one proposal (unique, so also when both arrive at once).
    form_token = models.UUIDField("token formulir", null=True, blank=True, unique=True, editable=False)
    origin = models.ForeignKey("self", verbose_name="berasal dari usulan", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="carried_to",
                               help_text="usulan yang disepakati pada putaran sebelumnya, yang disalin menjadi draf ini")
    # Several funding sources (co-funding): the breakdown as the core writes it
    # ("APBD provinsi (64) = 1.200.000.000; APBD kabupaten/kota (6472) = 450.000.000"); empty
    # when the single pagu and sumber dana are the one source.
    funding_detail = models.TextField("rincian sumber dana", blank=True)
    merged_into = models.ForeignKey("self", verbose_name="digabung ke", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_from")
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("diubah", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["round", "office_id", "id"]
        verbose_name = "usulan"
        verbose_name_plural = "usulan"
        constraints = [
            models.UniqueConstraint(fields=["round", "office", "import_key"], condition=~models.Q(import_key=""),
                                    name="proposal_unique_import_key"),
            models.UniqueConstraint(fields=["round", "origin"], condition=models.Q(origin__isnull=False),
                                    name="proposal_unique_origin_per_round"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.code} {self.description[:60]}"

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    def snapshot(self) -> dict:
        """The content and state of this version (stored in revisions and the audit trail)."""
        return {
            "kode_sub_kegiatan": self.code,
            "uraian": self.description,
            "lokasi_kode": self.location_code,
            "lokasi_kecamatan": self.district,
            "sasaran": self.beneficiaries,
            "kelompok_sasaran": self.target_groups,
            "sasaran_laki_laki": self.target_male,
            "sasaran_perempuan": self.target_female,
            "target": _num(self.target),
            "satuan": self.unit,
            "pagu": _num(self.budget),
            "sumber_dana": self.funding,
            "catatan": self.note,
            "status": self.status,
            "versi": self.version,
            **({"rincian_dana": self.funding_detail} if self.funding_detail else {}),
        }


def _date(value):
    return value.isoformat() if value else None


def _num(value):
    if value is None:
        return None
    f = float(value)
    return int(f) if f.is_integer() else f


class ProposalRevision(models.Model):
    """One saved version of a proposal, kept so a refused stale save can show what changed."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField("versi")
    snapshot = models.JSONField()
    action = models.CharField("aksi", max_length=60)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_username = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["proposal", "-version"]
        constraints = [models.UniqueConstraint(fields=["proposal", "version"], name="proposal_revision_unique_version")]
        verbose_name = "versi usulan"
        verbose_name_plural = "versi usulan"

    def __str__(self) -> str:
        return f"#{self.proposal_id} v{self.version}"


class Comment(models.Model):
    """A comment on a proposal: a reviewer's question or request, the office's answer, or the
    reason given with a status change."""

    class Kind(models.TextChoices):
        COMMENT = "komentar", "komentar"
        FIX_REQUEST = "perbaikan", "permintaan perbaikan"
        DECISION = "keputusan", "keputusan"
        ANSWER = "jawaban", "jawaban"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    kind = models.CharField("jenis", max_length=12, choices=Kind.choices, default=Kind.COMMENT)
    text = models.TextField("isi")
    status_from = models.CharField(max_length=20, blank=True)
    status_to = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    author_username = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["proposal", "at", "id"]
        verbose_name = "komentar usulan"
        verbose_name_plural = "komentar usulan"

    def __str__(self) -> str:
        return f"#{self.proposal_id}: {self.text[:40]}"


class PairDecision(models.Model):
    """A reviewer's decision on a duplicate/overlap suggestion between two proposals.

    ``bukan_duplikat``: the pair is not a duplicate (the suggestion is no longer shown as open).
    ``gabung``: both were merged into ``merged`` (a new proposal that links to both; the
    originals are kept with status *digabung*). Nothing is ever merged without this record.
    """

    class Decision(models.TextChoices):
        NOT_DUPLICATE = "bukan_duplikat", "bukan duplikat"
        MERGE = "gabung", "digabung"

    round = models.ForeignKey(ProposalRound, on_delete=models.PROTECT, related_name="pair_decisions")
    first = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")
    second = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")
    finding = models.CharField("temuan", max_length=40)
    score = models.FloatField("skor", null=True, blank=True)
    reasons = models.JSONField("alasan", default=list, blank=True)
    decision = models.CharField("keputusan", max_length=20, choices=Decision.choices)
    merged = models.ForeignKey(Proposal, verbose_name="hasil gabungan", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    note = models.TextField("catatan", blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["round", "-at"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="pair_decision_unique_pair"),
            models.CheckConstraint(condition=models.Q(first__lt=models.F("second")), name="pair_decision_ordered"),
        ]
        verbose_name = "keputusan duplikat"
        verbose_name_plural = "keputusan duplikat"

    def __str__(self) -> str:
        return f"#{self.first_id} – #{self.second_id}: {self.get_decision_display()}"


class ProposalImport(models.Model):
    """One accepted upload of an office's proposal file (counts and file fingerprint)."""

    round = models.ForeignKey(ProposalRound, on_delete=models.PROTECT, related_name="imports")
    office = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    added = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["round", "-at"]
        verbose_name = "unggahan usulan"
        verbose_name_plural = "unggahan usulan"

    def __str__(self) -> str:
        return f"{self.office_id}: {self.file_name}"


class QuarterProgress(models.Model):
    """Follow-up of an agreed (*diterima*) proposal through the budget year: the target and the
    realisation of one quarter (TW I–IV), physical (in the proposal's unit) and budget (Rp).
    Values are per quarter, not cumulative. Changes go through
    :mod:`sinergi.web.proposals.followup` (audited; ``version`` detects concurrent edits)."""

    QUARTERS = ((1, "TW I"), (2, "TW II"), (3, "TW III"), (4, "TW IV"))

    proposal = models.ForeignKey(Proposal, verbose_name="usulan", on_delete=models.CASCADE, related_name="quarters")
    quarter = models.PositiveSmallIntegerField("triwulan", choices=QUARTERS)
    target_physical = models.DecimalField("target fisik", max_digits=16, decimal_places=2, null=True, blank=True)
    target_budget = models.DecimalField("target anggaran (Rp)", max_digits=18, decimal_places=2, null=True, blank=True)
    real_physical = models.DecimalField("realisasi fisik", max_digits=16, decimal_places=2, null=True, blank=True)
    real_budget = models.DecimalField("realisasi anggaran (Rp)", max_digits=18, decimal_places=2, null=True, blank=True)
    note = models.CharField("catatan", max_length=500, blank=True)
    version = models.PositiveIntegerField("versi", default=1)
    updated_at = models.DateTimeField("diubah", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_by_username = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["proposal", "quarter"]
        constraints = [models.UniqueConstraint(fields=["proposal", "quarter"], name="quarter_progress_unique")]
        verbose_name = "realisasi triwulan"
        verbose_name_plural = "realisasi triwulan"

    def __str__(self) -> str:
        return f"#{self.proposal_id} {self.get_quarter_display()}"

    def snapshot(self) -> dict:
        return {"triwulan": self.quarter, "target_fisik": _num(self.target_physical), "target_anggaran": _num(self.target_budget),
                "realisasi_fisik": _num(self.real_physical), "realisasi_anggaran": _num(self.real_budget), "catatan": self.note,
                "versi": self.version}


class RoundCeiling(models.Model):
    """The ceiling (pagu indikatif) of one office in a round, set by a province planner."""

    round = models.ForeignKey(ProposalRound, on_delete=models.CASCADE, related_name="ceilings")
    office = models.ForeignKey("regions.Region", verbose_name="pengusul", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField("plafon (Rp)", max_digits=18, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["round", "office_id"]
        constraints = [models.UniqueConstraint(fields=["round", "office"], name="round_ceiling_unique_office")]
        verbose_name = "plafon pengusul"
        verbose_name_plural = "plafon pengusul"

    def __str__(self) -> str:
        return f"{self.round_id} {self.office_id}: {self.amount}"


class FollowUp(models.Model):
    """A follow-up agreed in the round's meeting (tindak lanjut): what, who, by when."""

    round = models.ForeignKey(ProposalRound, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.TextField("tindak lanjut")
    office = models.ForeignKey("regions.Region", verbose_name="penanggung jawab", on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField("tenggat")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["round", "due_date", "id"]
        verbose_name = "tindak lanjut"
        verbose_name_plural = "tindak lanjut"

    def __str__(self) -> str:
        return f"{self.office_id} {self.due_date}: {self.text[:40]}"

    def snapshot(self) -> dict:
        return {"tindak_lanjut": self.text, "penanggung_jawab": self.office_id, "tenggat": self.due_date.isoformat()}

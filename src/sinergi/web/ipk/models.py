"""Stored IPK methods (versioned), input values per region-year-sub-indicator, and runs.

- :class:`IpkMethod` — one version of a method: the rows of ``Method.to_dict()`` (parameters,
  categories, description), its fingerprint and status summary; exactly one is active.
- :class:`IpkInput` — one value of one sub-indicator for one region and year, with its quality
  (real/derived/illustrative), source and note; ``value`` NULL means *missing*, never zero.
  ``version`` guards web edits against a stale form.
- :class:`IpkRun` — a stored computation (a Monte Carlo run, or a deterministic snapshot) with
  the method version that produced it, its settings (seed, n, …) and summary rows.

Changes go through :mod:`sinergi.web.ipk.actions` only (permission, write and audit in one
transaction). Computation is :mod:`sinergi.core.ipk`'s; nothing here computes an index.
"""
from django.conf import settings as django_settings
from django.db import models

QUALITY_CHOICES = [
    ("real", "data nyata"),
    ("derived", "turunan"),
    ("illustrative", "ilustratif"),
    ("", "tidak dinyatakan"),
]


class IpkMethod(models.Model):
    """One version of an IPK method, stored as data."""

    name = models.CharField("nama", max_length=200)
    version = models.CharField("versi", max_length=60)
    description = models.TextField("keterangan", blank=True)
    definition = models.JSONField("definisi", help_text="Method.to_dict(): rows, categories, name, version, fingerprint")
    fingerprint = models.CharField("sidik", max_length=32, db_index=True)
    provisional = models.BooleanField("memuat parameter belum terverifikasi", default=True)
    status_counts = models.JSONField("jumlah status", default=dict)
    status_summary = models.CharField("ringkasan status", max_length=500, blank=True)
    is_active = models.BooleanField("aktif", default=False)
    source_file = models.CharField("berkas sumber", max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    created_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, verbose_name="dibuat oleh", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="ipk_method_unique_name_version"),
            models.UniqueConstraint(fields=["is_active"], condition=models.Q(is_active=True), name="ipk_one_active_method"),
        ]
        verbose_name = "metode IPK"
        verbose_name_plural = "metode IPK"

    def __str__(self) -> str:
        return f"{self.name} versi {self.version}"

    @property
    def label(self) -> str:
        from sinergi.core.ipk import PROVISIONAL_LABEL

        return PROVISIONAL_LABEL if self.provisional else ""

    @property
    def sub_codes(self) -> list[str]:
        return [r["sub_code"] for r in self.definition.get("rows", [])]

    def identity(self) -> dict:
        """What an audit event or an export says about this version."""
        return {"id": self.pk, "nama": self.name, "versi": self.version, "sidik": self.fingerprint,
                "sementara": self.provisional, "aktif": self.is_active, "berkas": self.source_file}


class IpkInput(models.Model):
    """The value of one sub-indicator for one region and year (NULL = data not available)."""

    region = models.ForeignKey("regions.Region", verbose_name="wilayah", on_delete=models.PROTECT, related_name="ipk_inputs")
    year = models.PositiveSmallIntegerField("tahun")
    sub_code = models.CharField("kode sub-indikator", max_length=40)
    value = models.FloatField("nilai", null=True, blank=True)
    unit = models.CharField("satuan", max_length=200, blank=True)
    source_url = models.CharField("sumber", max_length=500, blank=True)
    quality = models.CharField("kualitas", max_length=12, choices=QUALITY_CHOICES, blank=True)
    note = models.TextField("catatan", blank=True)
    version = models.PositiveIntegerField("versi", default=1)
    updated_at = models.DateTimeField("diubah", auto_now=True)
    updated_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, verbose_name="diubah oleh", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["region_id", "year", "sub_code"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "sub_code"], name="ipk_input_unique_region_year_sub")]
        indexes = [models.Index(fields=["year", "region"], name="ipk_input_year_region")]
        verbose_name = "masukan IPK"
        verbose_name_plural = "masukan IPK"

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.sub_code}"

    def snapshot(self) -> dict:
        return {"nilai": self.value, "kualitas": self.quality, "sumber": self.source_url, "catatan": self.note, "versi": self.version}


class IpkRun(models.Model):
    """A stored IPK computation, always tied to the method version it used."""

    class Kind(models.TextChoices):
        DETERMINISTIC = "deterministik", "deterministik"
        UNCERTAINTY = "ketidakpastian", "ketidakpastian (Monte Carlo)"

    method = models.ForeignKey(IpkMethod, verbose_name="metode", on_delete=models.PROTECT, related_name="runs")
    kind = models.CharField("jenis", max_length=16, choices=Kind.choices)
    settings = models.JSONField("pengaturan", default=dict, help_text="seed, n, gangguan bobot/batas/data, …")
    summary = models.JSONField("ringkasan", default=dict, help_text="UncertaintyResult.to_dict() / IPKResult units")
    inputs_fingerprint = models.CharField("sidik data masukan", max_length=64, blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    created_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, verbose_name="dibuat oleh", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "perhitungan IPK"
        verbose_name_plural = "perhitungan IPK"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.method} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def seed(self):
        return self.settings.get("seed")

    @property
    def n(self):
        return self.settings.get("n")

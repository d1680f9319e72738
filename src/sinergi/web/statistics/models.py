from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce

from sinergi.core.stats import QUALITY_FLAGS, SOURCE_KINDS
from sinergi.core.stats.groups import CODE_GROUPS


def named_by_code():
    """Figures whose indicator code says whom they measure: everyone (blank group) or a group the
    code itself names (``tpak_female``). A reader of an indicator code uses only these, so youth TPT
    (``tpt`` + ``pemuda``) is never read as the TPT of everyone."""
    return Q(kelompok="") | Q(indicator_id__in=list(CODE_GROUPS))


def figure_key_expressions():
    """Region, indicator, year, month and group as index expressions; a blank year or month counts
    as one value (0), so that "no month" equals "no month" on SQLite and PostgreSQL alike (the group
    is never null: blank is everyone)."""
    return (F("region"), F("indicator"), Coalesce(F("year"), Value(0)), Coalesce(F("month"), Value(0)), F("kelompok"))


class Indicator(models.Model):
    """One entry of the indicator catalogue."""

    class Direction(models.TextChoices):
        POSITIVE = "positive", "makin tinggi makin baik"
        NEGATIVE = "negative", "makin rendah makin baik"
        NONE = "", "—"

    code = models.CharField(max_length=80, primary_key=True)
    name_id = models.CharField("nama", max_length=200)
    name_en = models.CharField("name (English)", max_length=200, blank=True)
    unit = models.CharField("satuan (kode data)", max_length=60, blank=True)
    unit_id = models.CharField("satuan", max_length=80, blank=True)
    unit_en = models.CharField("unit (English)", max_length=80, blank=True)
    decimals = models.PositiveSmallIntegerField("desimal", null=True, blank=True)
    group = models.CharField("kelompok", max_length=40, blank=True)
    direction = models.CharField("arah", max_length=10, choices=Direction.choices, blank=True)
    definition_id = models.TextField("definisi", blank=True)
    definition_en = models.TextField("definition (English)", blank=True)

    class Meta:
        ordering = ["group", "code"]
        verbose_name = "indikator"
        verbose_name_plural = "katalog indikator"

    def __str__(self) -> str:
        return f"{self.name_id} ({self.code})"

    def name(self, language: str = "id") -> str:
        return self.name_en if language == "en" and self.name_en else self.name_id

    def unit_label(self, language: str = "id") -> str:
        """The unit in the page's language (``jiwa`` / ``persons``)."""
        from sinergi.core.units import unit_label

        own = self.unit_en if language == "en" else self.unit_id
        return own or unit_label(self.unit, language)


class ImportBatch(models.Model):
    """One data import (a file, or the embedded reference data) — audited as one action."""

    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows_added = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)
    rows_changed = models.PositiveIntegerField(default=0)
    # which preferred ("primary") values this import changed: [{region, year, month, indicator, before, after}]
    primary_changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-at"]


class Observation(models.Model):
    """One figure as published: region, period, indicator, value, unit, source, note, quality."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="observations")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    kelompok = models.CharField(
        max_length=30, blank=True, default="",
        help_text="kelompok penduduk (laki_laki, perempuan, pemuda, disabilitas, pendidikan_…, perkotaan, perdesaan); kosong = semua",
    )
    value = models.FloatField()
    unit = models.CharField(max_length=60, blank=True)
    source_url = models.TextField()
    note = models.TextField(blank=True)
    quality = models.CharField(max_length=80, blank=True, help_text="tanda kualitas dipisah koma")
    preferred = models.BooleanField(default=True)
    source_kind = models.CharField(
        max_length=12,
        choices=[(k, v[1]) for k, v in SOURCE_KINDS.items()],
        default="berita",
        help_text="jenis sumber (BPS > instansi pemerintah > berita > ilustratif); dari alamat sumber atau kolom source_kind",
    )
    pinned = models.BooleanField(default=False, help_text="dipilih perencana sebagai nilai utama; bertahan saat impor berikutnya")
    pin_reason = models.TextField(blank=True)
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["region_id", "indicator_id", "year", "month", "id"]
        indexes = [
            models.Index(fields=["indicator", "year", "preferred"]),
            models.Index(fields=["region", "indicator"]),
        ]
        constraints = [
            # one observation per figure and source; one preferred value per figure
            models.UniqueConstraint(*figure_key_expressions(), F("source_url"), name="statistik_satu_angka_per_sumber"),
            models.UniqueConstraint(*figure_key_expressions(), condition=Q(preferred=True), name="statistik_satu_nilai_utama"),
        ]

    def __str__(self) -> str:
        group = f" [{self.kelompok}]" if self.kelompok else ""
        return f"{self.region_id} {self.year}/{self.month or '-'} {self.indicator_id}{group} = {self.value}"

    @property
    def key(self) -> tuple:
        return (self.region_id, self.year, self.month, self.indicator_id, self.kelompok)

    @property
    def kelompok_label(self) -> str:
        from sinergi.core.stats.groups import label

        return label(self.kelompok) if self.kelompok else ""

    @property
    def source_rank(self) -> int:
        return SOURCE_KINDS.get(self.source_kind, SOURCE_KINDS["berita"])[0]

    @property
    def decimals(self) -> int:
        """Decimals this figure shows: the catalogue's ``desimal`` for its indicator when the
        figure is in the catalogue's unit, else its unit's precision (:mod:`sinergi.core.units`)."""
        from sinergi.core.units import unit_decimals

        ind = self.indicator
        if ind.decimals is not None and (self.unit or "").strip().lower() == (ind.unit or "").strip().lower():
            return ind.decimals
        return unit_decimals(self.unit, self.value)

    @property
    def flags(self) -> list[str]:
        return [f for f in self.quality.split(",") if f]

    @property
    def flag_labels(self) -> list[tuple[str, str]]:
        return [(f, QUALITY_FLAGS.get(f, (f, f))[0]) for f in self.flags]

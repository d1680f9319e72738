from django.conf import settings
from django.db import models

from sinergi.core.stats import QUALITY_FLAGS


class Indicator(models.Model):
    """One entry of the indicator catalogue."""

    class Direction(models.TextChoices):
        POSITIVE = "positive", "makin tinggi makin baik"
        NEGATIVE = "negative", "makin rendah makin baik"
        NONE = "", "—"

    code = models.CharField(max_length=80, primary_key=True)
    name_id = models.CharField("nama", max_length=200)
    name_en = models.CharField("name (English)", max_length=200, blank=True)
    unit = models.CharField("satuan", max_length=60, blank=True)
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


class ImportBatch(models.Model):
    """One data import (a file, or the embedded reference data) — audited as one action."""

    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows_added = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]


class Observation(models.Model):
    """One figure as published: region, period, indicator, value, unit, source, note, quality."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="observations")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    value = models.FloatField()
    unit = models.CharField(max_length=60, blank=True)
    source_url = models.TextField()
    note = models.TextField(blank=True)
    quality = models.CharField(max_length=80, blank=True, help_text="tanda kualitas dipisah koma")
    preferred = models.BooleanField(default=True)
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["region_id", "indicator_id", "year", "month", "id"]
        indexes = [
            models.Index(fields=["indicator", "year", "preferred"]),
            models.Index(fields=["region", "indicator"]),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}/{self.month or '-'} {self.indicator_id} = {self.value}"

    @property
    def flags(self) -> list[str]:
        return [f for f in self.quality.split(",") if f]

    @property
    def flag_labels(self) -> list[tuple[str, str]]:
        return [(f, QUALITY_FLAGS.get(f, (f, f))[0]) for f in self.flags]

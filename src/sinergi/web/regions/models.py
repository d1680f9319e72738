from django.db import models


class Region(models.Model):
    """The province (BPS 64) or one of its ten regencies/cities (BPS 64xx)."""

    class Type(models.TextChoices):
        PROVINSI = "provinsi", "Provinsi"
        KABUPATEN = "kabupaten", "Kabupaten"
        KOTA = "kota", "Kota"

    code = models.CharField("kode BPS", max_length=8, primary_key=True)
    name = models.CharField("nama", max_length=100)
    type = models.CharField("jenis", max_length=12, choices=Type.choices)
    kemendagri_code = models.CharField("kode Kemendagri", max_length=8, blank=True)
    capital = models.CharField("ibu kota", max_length=100, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    tile_col = models.PositiveSmallIntegerField(null=True, blank=True)
    tile_row = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "wilayah"
        verbose_name_plural = "wilayah"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"Kota {self.name}" if self.type == self.Type.KOTA else self.name

    @property
    def is_province(self) -> bool:
        return self.type == self.Type.PROVINSI


class Boundary(models.Model):
    """A real boundary imported from a user's GeoJSON (e.g. BIG's official file)."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="boundary")
    geometry = models.JSONField()
    source_name = models.CharField(max_length=255)
    matched_by = models.CharField(max_length=20, help_text="bps atau kemendagri")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "batas wilayah"
        verbose_name_plural = "batas wilayah"

"""Stored RTK plans: one parameter set per region, its saved versions, and uploaded region data.

A plan's ``parameters`` JSON round-trips into the engine's objects
(:mod:`sinergi.web.rtk.params`)::

    {"scenarios": [Scenario.to_dict() …],   # moderat, optimis, pesimis (without "ikn")
     "ikn": IknParams.to_dict() | null,     # the IKN parameter set (kept even while switched off)
     "ikn_on": true | false,                # run every scenario also with the IKN module
     "main": "moderat",                     # the scenario of the official tables of the RTKD
     "target_tpt": 4.14 | null}             # TPT sought in the end year (null = base-year TPT − 1 point)

Changes go through :mod:`sinergi.web.rtk.actions` only (permission, write and audit in one
transaction); ``version`` guards against a save from a stale form.
"""
from django.conf import settings
from django.db import models


class RtkPlan(models.Model):
    """The manpower plan (RTK) of one region: period, scenarios and IKN parameters."""

    region = models.OneToOneField("regions.Region", verbose_name="wilayah", on_delete=models.PROTECT, related_name="rtk_plan")
    name = models.CharField("nama rencana", max_length=200)
    base_year = models.PositiveSmallIntegerField("tahun dasar")
    end_year = models.PositiveSmallIntegerField("tahun akhir")
    parameters = models.JSONField("parameter", default=dict)
    version = models.PositiveIntegerField("versi", default=1)
    #: :attr:`ProjectionResult.method_fingerprint` and ``method_version`` of the engine run of this
    #: version (its parameters, period and the region's data at the time of the save); blank for
    #: plans saved before they were recorded, or when the engine could not compute the plan.
    method_fingerprint = models.CharField("sidik metode", max_length=64, blank=True, default="")
    method_version = models.CharField("versi metode", max_length=300, blank=True, default="")
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="dibuat oleh", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("diubah", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="diubah oleh", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["region_id"]
        verbose_name = "rencana tenaga kerja"
        verbose_name_plural = "rencana tenaga kerja"

    def __str__(self) -> str:
        return self.name

    def snapshot(self) -> dict:
        """What a version consists of (stored in revisions and in the audit trail)."""
        return {
            "nama": self.name,
            "tahun_dasar": self.base_year,
            "tahun_akhir": self.end_year,
            "parameter": self.parameters,
            "versi": self.version,
        }


class RtkPlanRevision(models.Model):
    """One saved version of a plan, kept so a refused stale save can show what changed."""

    plan = models.ForeignKey(RtkPlan, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField("versi")
    snapshot = models.JSONField()
    changes = models.JSONField("perubahan", default=list, help_text="[[kunci, sebelum, sesudah], …] terhadap versi sebelumnya")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_username = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["plan", "-version"]
        constraints = [models.UniqueConstraint(fields=["plan", "version"], name="rtk_revision_unique_version")]
        verbose_name = "versi rencana"
        verbose_name_plural = "versi rencana"

    def __str__(self) -> str:
        return f"{self.plan} v{self.version}"


class RtkRegionData(models.Model):
    """A region's own statistics uploaded through the BPS import template (or the long form).

    ``rows``: the engine's observations ``year, variable, sector, value, source, note``. While
    ``active``, they replace the embedded values of the same year, variable and sector in every
    projection, backtest and document of the region. At most one active upload per region.
    """

    region = models.ForeignKey("regions.Region", verbose_name="wilayah", on_delete=models.PROTECT, related_name="rtk_data")
    file_name = models.CharField("berkas", max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.JSONField(default=list)
    active = models.BooleanField("dipakai", default=True)
    uploaded_at = models.DateTimeField("diunggah", auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    removed_at = models.DateTimeField("dilepas", null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["region_id", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["region"], condition=models.Q(active=True), name="rtk_one_active_upload_per_region"),
        ]
        verbose_name = "data RTK unggahan"
        verbose_name_plural = "data RTK unggahan"

    def __str__(self) -> str:
        return f"{self.region_id}: {self.file_name}"

    def summary(self) -> dict:
        years = sorted({int(r["year"]) for r in self.rows})
        variables = sorted({r["variable"] + (f":{r['sector']}" if r.get("sector") else "") for r in self.rows})
        return {
            "berkas": self.file_name,
            "sha256": self.sha256,
            "baris": len(self.rows),
            "tahun": f"{years[0]}–{years[-1]}" if years else "",
            "variabel": sorted({r["variable"] for r in self.rows}),
            "sektor": len({r["sector"] for r in self.rows if r.get("sector")}),
            "kunci": len(variables),
        }

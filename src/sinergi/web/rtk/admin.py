from django.contrib import admin

from sinergi.web.audit.admin_mixins import AuditedAdminMixin, ReadOnlyAdminMixin
from sinergi.web.rtk.models import RtkPlan, RtkPlanRevision, RtkRegionData


@admin.register(RtkPlan)
class RtkPlanAdmin(ReadOnlyAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    """Plans are edited on the RTK pages (with version checks); the admin only reads them."""

    list_display = ("region", "name", "base_year", "end_year", "version", "method_fingerprint", "updated_by", "updated_at")
    allow_delete = True


@admin.register(RtkPlanRevision)
class RtkPlanRevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("plan", "version", "by_username", "at")


@admin.register(RtkRegionData)
class RtkRegionDataAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("region", "file_name", "active", "uploaded_by", "uploaded_at", "removed_at")
    list_filter = ("active", "region")
    exclude = ("rows",)

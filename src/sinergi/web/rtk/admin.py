from django.contrib import admin

from sinergi.web.audit.admin_mixins import AuditedAdminMixin
from sinergi.web.rtk.models import RtkPlan, RtkPlanRevision, RtkRegionData


@admin.register(RtkPlan)
class RtkPlanAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Plans are edited on the RTK pages (with version checks); the admin only reads them."""

    list_display = ("region", "name", "base_year", "end_year", "version", "updated_by", "updated_at")
    readonly_fields = ("region", "name", "base_year", "end_year", "parameters", "version", "created_by", "created_at", "updated_by", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RtkPlanRevision)
class RtkPlanRevisionAdmin(admin.ModelAdmin):
    list_display = ("plan", "version", "by_username", "at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RtkRegionData)
class RtkRegionDataAdmin(admin.ModelAdmin):
    list_display = ("region", "file_name", "active", "uploaded_by", "uploaded_at", "removed_at")
    list_filter = ("active", "region")
    exclude = ("rows",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin

from sinergi.web.audit.admin_mixins import AuditedAdminMixin
from sinergi.web.regions.models import Boundary, Region


@admin.register(Region)
class RegionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "type", "kemendagri_code", "capital", "tile_col", "tile_row")


@admin.register(Boundary)
class BoundaryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("region", "source_name", "matched_by", "imported_at")
    exclude = ("geometry",)

from django.contrib import admin

from sinergi.web.audit.admin_mixins import AuditedAdminMixin
from sinergi.web.statistics.models import ImportBatch, Indicator, Observation


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name_id", "unit", "group", "direction")
    list_filter = ("group", "direction")
    search_fields = ("code", "name_id", "name_en")


@admin.register(Observation)
class ObservationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("region", "indicator", "year", "month", "value", "unit", "preferred", "quality")
    list_filter = ("region", "preferred", "year")
    search_fields = ("indicator__code", "source_url", "note")
    raw_id_fields = ("indicator", "batch")


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "file_name", "rows_added", "rows_skipped")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

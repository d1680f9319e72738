from django.contrib import admin
from django.db import transaction

from sinergi.web.audit.admin_mixins import AuditedAdminMixin, ReadOnlyAdminMixin
from sinergi.web.statistics.models import ImportBatch, Indicator, Observation


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name_id", "unit", "group", "direction")
    list_filter = ("group", "direction")
    search_fields = ("code", "name_id", "name_en")


@admin.register(Observation)
class ObservationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The primary value is not edited here: it follows the one rule (and the planner's pick on
    the statistics page); after a change the figure's primary value is picked again."""

    list_display = ("region", "indicator", "kelompok", "year", "month", "value", "unit", "source_kind", "preferred", "pinned", "quality")
    list_filter = ("region", "preferred", "source_kind", "kelompok", "year")
    search_fields = ("indicator__code", "source_url", "note")
    raw_id_fields = ("indicator", "batch")
    readonly_fields = ("preferred", "pinned", "pin_reason")

    def save_model(self, request, obj, form, change):
        from sinergi.core.stats import source_kind
        from sinergi.web.statistics.actions import _recompute_key

        with transaction.atomic():
            old_key = type(obj).objects.get(pk=obj.pk).key if change else None
            if not change:
                obj.preferred = False  # set by the rule below
            if "source_kind" not in form.changed_data:  # a class chosen in the form stays; otherwise from the address
                obj.source_kind = source_kind(obj.source_url, obj.flags)
            super().save_model(request, obj, form, change)
            for key in {old_key, obj.key} - {None}:
                _recompute_key(key)

    def delete_model(self, request, obj):
        from sinergi.web.statistics.actions import _recompute_key

        with transaction.atomic():
            key = obj.key
            super().delete_model(request, obj)
            _recompute_key(key)


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "actor", "file_name", "rows_added", "rows_changed", "rows_skipped")
    allow_delete = True

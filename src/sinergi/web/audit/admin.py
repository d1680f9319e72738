from django.contrib import admin

from sinergi.web.audit.admin_mixins import ReadOnlyAdminMixin
from sinergi.web.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "actor_username", "action", "object_type", "object_id", "region_code", "summary")
    list_filter = ("action", "object_type", "region_code")
    search_fields = ("summary", "actor_username", "object_id")

"""Read-mostly admin for the IPK tables: changes go through the IPK pages (actions with audit)."""
from django.contrib import admin

from sinergi.web.audit.admin_mixins import ReadOnlyAdminMixin
from sinergi.web.ipk.models import IpkInput, IpkMethod, IpkRun


@admin.register(IpkMethod)
class IpkMethodAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "version", "is_active", "provisional", "fingerprint", "created_at", "created_by")
    list_filter = ("is_active", "provisional")
    allow_delete = True


@admin.register(IpkInput)
class IpkInputAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("region", "year", "sub_code", "value", "quality", "version", "updated_at", "updated_by")
    list_filter = ("year", "quality", "region")
    search_fields = ("sub_code", "note", "source_url")
    allow_delete = True


@admin.register(IpkRun)
class IpkRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("kind", "method", "created_at", "created_by", "inputs_fingerprint")
    list_filter = ("kind",)
    allow_delete = True

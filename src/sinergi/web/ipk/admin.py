"""Read-mostly admin for the IPK tables: changes go through the IPK pages (actions with audit)."""
from django.contrib import admin

from sinergi.web.ipk.models import IpkInput, IpkMethod, IpkRun


@admin.register(IpkMethod)
class IpkMethodAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "is_active", "provisional", "fingerprint", "created_at", "created_by")
    list_filter = ("is_active", "provisional")
    readonly_fields = [f.name for f in IpkMethod._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(IpkInput)
class IpkInputAdmin(admin.ModelAdmin):
    list_display = ("region", "year", "sub_code", "value", "quality", "version", "updated_at", "updated_by")
    list_filter = ("year", "quality", "region")
    search_fields = ("sub_code", "note", "source_url")
    readonly_fields = [f.name for f in IpkInput._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(IpkRun)
class IpkRunAdmin(admin.ModelAdmin):
    list_display = ("kind", "method", "created_at", "created_by", "inputs_fingerprint")
    list_filter = ("kind",)
    readonly_fields = [f.name for f in IpkRun._meta.fields]

    def has_add_permission(self, request):
        return False

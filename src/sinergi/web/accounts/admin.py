from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from sinergi.web.accounts.models import User
from sinergi.web.audit.admin_mixins import AuditedAdminMixin


@admin.register(User)
class SinergiUserAdmin(AuditedAdminMixin, UserAdmin):
    list_display = ("username", "first_name", "role", "region", "office", "is_active")
    list_filter = ("role", "region", "is_active")
    fieldsets = UserAdmin.fieldsets + (("Sinergi", {"fields": ("role", "region", "office")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("Sinergi", {"fields": ("role", "region", "office")}),)

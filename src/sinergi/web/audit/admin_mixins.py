"""Changes made in the Django admin are audited like every other change.

:func:`audit_every_admin` (called when the audit app is ready) gives every registered
ModelAdmin — Sinergi's and Django's own (groups) — the :class:`AuditedAdminMixin`, so a model
registered tomorrow is audited without anyone remembering to add it. The admin calls
``log_addition``/``log_change`` after the object *and* its related rows (inlines, groups,
permissions) are saved, inside its own transaction; that is where the row is written, with the
state before the change captured in ``save_model``. Password changes through the admin's
password form arrive as ``log_change`` too. Deletions (one object or the bulk action) are
recorded object by object before the row disappears.
"""
from django.db import transaction
from django.forms.models import model_to_dict

from sinergi.web.audit.actions import record

SECRET_FIELDS = {"password"}


def _snapshot(obj):
    data = model_to_dict(obj)
    for name in SECRET_FIELDS:
        data.pop(name, None)
    return data


def _key(obj):
    return (obj._meta.label_lower, str(obj.pk))


def _message(entry) -> str:
    try:
        text = entry.get_change_message() if entry is not None else ""
    except Exception:  # an unreadable change message must not stop the change being audited
        text = ""
    return f": {text}" if text else ""


class AuditedAdminMixin:
    def save_model(self, request, obj, form, change):
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                if not hasattr(request, "_sinergi_admin_before"):
                    request._sinergi_admin_before = {}
                request._sinergi_admin_before[_key(obj)] = _snapshot(stored)
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        record(request.user, "tambah_admin", obj._meta.model_name, obj.pk, after=_snapshot(obj), summary=f"Tambah {obj._meta.verbose_name} '{obj}' lewat admin{_message(entry)}")
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        before = getattr(request, "_sinergi_admin_before", {}).pop(_key(obj), None)
        password = request.path.rstrip("/").endswith("/password")  # the admin's password form (UserAdmin.user_change_password)
        action = "ubah_kata_sandi_admin" if password else "ubah_admin"
        record(request.user, action, obj._meta.model_name, obj.pk, before=before, after=_snapshot(obj), summary=f"Ubah {obj._meta.verbose_name} '{obj}' lewat admin{_message(entry)}")
        return entry

    def delete_model(self, request, obj):
        with transaction.atomic():
            before = _snapshot(obj)
            pk = obj.pk
            label = str(obj)
            super().delete_model(request, obj)
            record(request.user, "hapus_admin", obj._meta.model_name, pk, before=before, summary=f"Hapus {obj._meta.verbose_name} '{label}' lewat admin")

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class ReadOnlyAdminMixin:
    """An admin that only shows rows: nothing is added or changed there (every change goes through
    the pages: actions with permission, version check and audit). Deleting stays off unless the
    class sets ``allow_delete = True``; a deletion is then audited by :class:`AuditedAdminMixin`."""

    allow_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.allow_delete and super().has_delete_permission(request, obj)


def audit_every_admin(site=None) -> list[str]:
    """Mix :class:`AuditedAdminMixin` into every ModelAdmin registered on ``site``; returns the
    model labels that were changed."""
    from django.contrib import admin

    site = site or admin.site
    changed = []
    for model, model_admin in site._registry.items():
        cls = type(model_admin)
        if isinstance(model_admin, AuditedAdminMixin):
            continue
        model_admin.__class__ = type(f"Audited{cls.__name__}", (AuditedAdminMixin, cls), {"__module__": cls.__module__})
        changed.append(model._meta.label_lower)
    return changed

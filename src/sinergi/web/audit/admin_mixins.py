"""Changes made in the Django admin are audited like every other change."""
from django.db import transaction
from django.forms.models import model_to_dict

from sinergi.web.audit.actions import record


def _snapshot(obj):
    data = model_to_dict(obj)
    data.pop("password", None)
    return data


class AuditedAdminMixin:
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = _snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
            super().save_model(request, obj, form, change)
            record(
                request.user,
                "ubah_admin" if change else "tambah_admin",
                obj._meta.model_name,
                obj.pk,
                before=before,
                after=_snapshot(obj),
                summary=f"{'Ubah' if change else 'Tambah'} {obj._meta.verbose_name} '{obj}' lewat admin",
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            before = _snapshot(obj)
            pk = obj.pk
            super().delete_model(request, obj)
            record(request.user, "hapus_admin", obj._meta.model_name, pk, before=before, summary=f"Hapus {obj._meta.verbose_name} '{obj}' lewat admin")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

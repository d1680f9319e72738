from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.regions import PROVINCE_CODE


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin provinsi")
    PLANNER = "perencana", _("Perencana/peninjau provinsi")
    OPERATOR = "operator", _("Operator kabupaten/kota")
    VIEWER = "pemantau", _("Pemantau (Kementerian/Bappeda)")


class User(AbstractUser):
    """A person using Sinergi. Operators are bound to one regency/city."""

    role = models.CharField("peran", max_length=12, choices=Role.choices, default=Role.VIEWER)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="wilayah",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Wajib untuk operator kabupaten/kota.",
    )
    office = models.CharField("instansi", max_length=200, blank=True)

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    def clean(self):
        super().clean()
        if self.role == Role.OPERATOR and (self.region_id is None or self.region_id == PROVINCE_CODE):
            raise ValidationError({"region": "Operator harus terikat pada satu kabupaten/kota."})

    def save(self, *args, **kwargs):
        # Only province admins reach the Django admin (master tables).
        self.is_staff = self.role == Role.ADMIN or self.is_superuser
        super().save(*args, **kwargs)

    def has_perm(self, perm, obj=None):
        # A province admin manages every master table in the Django admin.
        if self.is_active and self.role == Role.ADMIN:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        if self.is_active and self.role == Role.ADMIN:
            return True
        return super().has_module_perms(app_label)

    @property
    def role_label(self) -> str:
        return Role(self.role).label


class LoginFailure(models.Model):
    """A failed sign-in, kept to slow down password guessing (see accounts.throttle)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

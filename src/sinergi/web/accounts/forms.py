"""Forms of the user pages. They only collect text; the rules are the actions'
(:mod:`sinergi.web.accounts.actions`), whose problems are attached to the fields they name."""
from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.forms.utils import ErrorDict
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sinergi.web.accounts.models import Role
from sinergi.web.regions.models import Region


def _rules_and(text):
    """The password rules as Django's validators state them (one home: the settings), then ``text``."""
    return format_html("{}{}", text, password_validators_help_text_html())


password_help = lazy(_rules_and, str)


class ProblemsForm(forms.Form):
    def add_problems(self, problems) -> None:
        """Show the action's problems instead of the form's own field checks (the action
        checks the same and says how to fix it)."""
        self.is_valid()
        self._errors = ErrorDict()
        for p in problems:
            name = p.column if p.column in self.fields else None
            self.add_error(name, p.message + (f" {p.fix}" if p.fix else ""))


def region_choices():
    return [("", _("— tanpa wilayah —"))] + [(r.code, f"{r.code} {r.display_name}") for r in Region.objects.order_by("code")]


class _UserFields(ProblemsForm):
    nama = forms.CharField(label=_("Nama lengkap"), required=False, max_length=150)
    peran = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    wilayah = forms.ChoiceField(label=_("Wilayah"), required=False,
                                help_text=_("Wajib untuk operator: kabupaten/kota tempat ia bekerja."))
    instansi = forms.CharField(label=_("Instansi"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].choices = region_choices()


class UserCreateForm(_UserFields):
    nama_pengguna = forms.CharField(label=_("Nama pengguna"), max_length=150,
                                    help_text=_("Huruf kecil, angka, titik atau tanda hubung, mis. op-samarinda."))
    sandi = forms.CharField(label=_("Kata sandi awal"), required=False, strip=False,
                            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                            help_text=password_help(_("Kosongkan agar Sinergi membuat kata sandi acak yang ditampilkan sekali.")))
    field_order = ["nama_pengguna", "nama", "peran", "wilayah", "instansi", "sandi"]


class UserEditForm(_UserFields):
    aktif = forms.BooleanField(label=_("Aktif (dapat masuk)"), required=False)
    versi = forms.CharField(widget=forms.HiddenInput, required=False)


class PasswordResetForm(ProblemsForm):
    sandi = forms.CharField(label=_("Kata sandi baru"), required=False, strip=False,
                            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                            help_text=password_help(_("Kosongkan agar Sinergi membuat kata sandi acak yang ditampilkan sekali.")))


class OwnPasswordForm(ProblemsForm):
    sandi_lama = forms.CharField(label=_("Kata sandi saat ini"), required=False, strip=False,
                                 widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    sandi_baru = forms.CharField(label=_("Kata sandi baru"), required=False, strip=False,
                                 widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), help_text=password_help(""))
    sandi_baru_lagi = forms.CharField(label=_("Ulangi kata sandi baru"), required=False, strip=False,
                                      widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

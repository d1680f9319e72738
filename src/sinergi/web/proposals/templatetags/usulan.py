"""Filters of the proposal pages: Indonesian numbers, rupiah and finding badges."""
from __future__ import annotations

from django import template
from django.utils.translation import gettext

from sinergi.core.numbers import format_id
from sinergi.core.sync import FINDING_CODES

register = template.Library()


@register.filter
def rupiah(value):
    """``1.500.000.000`` (no decimals unless there are cents); missing → "tidak ada data"."""
    if value is None or value == "":
        return "tidak ada data"
    f = float(value)
    return format_id(f, 0 if f.is_integer() else 2)


@register.filter
def angka(value, decimals=None):
    """A number the Indonesian way; whole numbers without decimals."""
    if value is None or value == "":
        return "tidak ada data"
    f = float(value)
    if decimals in (None, ""):
        decimals = 0 if f.is_integer() else 2
    return format_id(f, int(decimals))


@register.filter
def skor(value):
    if value is None:
        return ""
    return format_id(float(value), 2)


@register.filter
def finding_title(code):
    return gettext(FINDING_CODES[code]["title"]) if code in FINDING_CODES else code


@register.filter
def finding_explanation(code):
    return gettext(FINDING_CODES[code]["explanation"]) if code in FINDING_CODES else ""


@register.filter
def lookup(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def status_label(value):
    """The Indonesian label of a stored proposal status (``perlu_perbaikan`` → "perlu perbaikan")."""
    from sinergi.web.proposals.models import Status

    try:
        return Status(value).label
    except ValueError:
        return value

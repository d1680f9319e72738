"""Filters of the proposal pages: Indonesian numbers, rupiah and finding badges."""
from __future__ import annotations

from django import template
from django.utils.translation import gettext

from sinergi.core.sync import FINDING_CODES
from sinergi.web.formatting import decimals_for, number

register = template.Library()


@register.filter
def rupiah(value):
    """``1.500.000.000``: rupiah without decimals (the number policy); missing → "tidak ada data"."""
    return number(value, 0, gettext("tidak ada data"))


@register.filter
def angka(value, decimals=None):
    """A number in the page language's notation; whole numbers without decimals, others with up
    to two (:func:`sinergi.web.formatting.decimals_for`)."""
    return number(value, decimals_for(decimals, value), gettext("tidak ada data"))


@register.filter
def skor(value):
    if value is None:
        return ""
    return number(value, 2, "")


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

"""Number formatting for the RTK pages: the page language's separators (``2.083.469`` and
``5,14`` on Indonesian pages), and missing values said in words, never 0 or NaN."""
from django import template
from django.utils import formats
from django.utils.translation import gettext

from sinergi.web.formatting import finite, number

register = template.Library()


_finite = finite


@register.filter
def angka(value, decimals=0):
    """``{{ x|angka:2 }}`` → ``1.234,57``; missing → "tidak ada data"."""
    return number(value, decimals, gettext("tidak ada data"))


@register.filter
def bertanda(value, decimals=0):
    """Like :func:`angka` with an explicit sign (``+1.234`` / ``−1.234``) for errors and changes."""
    f = _finite(value)
    if f is None:
        return gettext("tidak ada data")
    d = int(decimals or 0)
    text = angka(abs(f), d)
    if round(f, d) == 0:
        return text
    return ("+" if f > 0 else "−") + text


@register.filter
def persen_dari(value):
    """A proportion shown in percent (``0.27`` → ``27``)."""
    f = _finite(value)
    return angka(None if f is None else 100 * f, 1 if f is not None and (100 * f) % 1 else 0)


@register.filter
def nilai(value):
    """A parameter value as a planner reads it: numbers the page's way, ``—`` for nothing,
    yes/no for switches, lists joined."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return gettext("ya") if value else gettext("tidak")
    if isinstance(value, (int, float)):
        f = float(value)
        decimals = 0 if f.is_integer() else min(4, len(repr(f).split(".")[1]))
        return formats.number_format(f, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {nilai(v)}" for k, v in value.items())
    return str(value)

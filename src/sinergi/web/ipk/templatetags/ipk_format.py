"""Number formatting of the IPK pages: the page language's separators, and missing values said
in words ("data belum tersedia"), never 0 or NaN."""
from django import template
from django.utils import formats
from django.utils.translation import gettext

from sinergi.web.formatting import decimals_for, finite, number

register = template.Library()


_finite = finite


@register.filter
def ipk_angka(value, decimals=2):
    """``{{ x|ipk_angka:2 }}`` → ``50,53``; missing → "data belum tersedia"."""
    return number(value, decimals, gettext("data belum tersedia"))


@register.filter
def ipk_nilai(value, unit=None):
    """An input value by the number policy (:func:`sinergi.web.formatting.decimals_for`): with
    its unit's precision when ``unit`` is given, else as many decimals as needed up to two
    (``0,5``, ``4,72``, ``272,51``) — never six raw decimals."""
    return number(value, decimals_for(unit, value), gettext("data belum tersedia"))


@register.filter
def ipk_selisih(value, decimals=2):
    """A change with its sign (``+1,25`` / ``−0,40``)."""
    f = _finite(value)
    if f is None:
        return gettext("data belum tersedia")
    d = int(decimals)
    if round(f, d) == 0:
        return formats.number_format(0.0, decimal_pos=d, use_l10n=True)
    text = formats.number_format(abs(round(f, d)), decimal_pos=d, use_l10n=True, force_grouping=True)
    return ("+" if f > 0 else "−") + text


@register.filter
def ipk_persen(value):
    """A probability 0–1 as a percentage with one decimal (``67,1 %``)."""
    f = _finite(value)
    if f is None:
        return gettext("data belum tersedia")
    return formats.number_format(round(100 * f, 1), decimal_pos=1, use_l10n=True) + " %"


@register.filter
def ipk_bobot(value):
    """A weight 0–1 as a percentage without needless decimals (``25 %``, ``33,3 %``)."""
    f = _finite(value)
    if f is None:
        return gettext("data belum tersedia")
    text = f"{100 * f:.4f}".rstrip("0").rstrip(".")
    d = len(text.split(".")[1]) if "." in text else 0
    return formats.number_format(round(100 * f, d), decimal_pos=d, use_l10n=True) + " %"


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None

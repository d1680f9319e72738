"""Template filters on every page (a builtin library, see settings.TEMPLATES): the one number,
unit and time policy of :mod:`sinergi.web.formatting`.

``{{ o.value|angka:o.unit }}`` a figure with its unit's precision; ``{{ x|angka:2 }}`` two
decimals; ``{{ x|angka }}`` whole numbers plain, others two decimals. ``{{ o.unit|satuan }}`` the
unit in the page's language. ``{{ event.at|waktu }}`` local time with the zone (WITA).
"""
from django import template
from django.utils.translation import get_language, gettext

from sinergi.core.notes import note_for
from sinergi.core.references import without_file_references
from sinergi.core.units import unit_label
from sinergi.web.formatting import decimals_for, local_time, number

register = template.Library()


@register.filter
def angka(value, spec=None):
    return number(value, decimals_for(spec, value), gettext("tidak ada data"))


@register.filter
def satuan(unit):
    return unit_label(unit, "en" if (get_language() or "id").startswith("en") else "id")


@register.filter
def waktu(value, pattern="d-m-Y H:i"):
    return local_time(value, pattern)


@register.inclusion_tag("_catatan_sumber.html", takes_context=True)
def catatan_sumber(context, note):
    """A curator's note in a "catatan sumber" fold: translated when it is a common note, else
    marked as English (``lang="en"``) on Indonesian pages."""
    language = "en" if (get_language() or "id").startswith("en") else "id"
    text, text_language = note_for(note, language)
    return {"text": text, "foreign": text_language != language, "text_language": text_language}


@register.filter
def tanpa_rujukan(text):
    """Text from the embedded data without file paths and doc section numbers (``METHOD.md §5``)."""
    return without_file_references(str(text)) if text else text

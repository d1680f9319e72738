"""Numbers on pages: the page language's separators (``2.083.469`` and ``5,14`` on Indonesian
pages) and missing values said in words, never 0 or NaN. The apps' template filters use these."""
from __future__ import annotations

import math

from django.utils import formats


def finite(value) -> float | None:
    """``value`` as a float, or None when it is missing, not a number, NaN or infinite."""
    if value is None or value == "":
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def number(value, decimals: int, missing: str) -> str:
    f = finite(value)
    if f is None:
        return missing
    d = int(decimals or 0)
    if round(f, d) == 0:
        f = 0.0  # no "-0"
    return formats.number_format(round(f, d), decimal_pos=d, use_l10n=True, force_grouping=True)


def decimals_for(spec, value=None) -> int:
    """The decimals a figure shows: ``spec`` is a count of decimals, a unit (its precision by
    :mod:`sinergi.core.units`), or None (as many as needed, at most two)."""
    from sinergi.core.units import unit_decimals

    if spec is None or spec == "":  # up to two decimals, no padding: 4, 4,5, 4,72
        f = finite(value)
        if f is None or round(f, 2).is_integer():
            return 0
        return 1 if round(f, 1) == round(f, 2) else 2
    if isinstance(spec, int) or (isinstance(spec, str) and spec.isdigit()):
        return int(spec)
    return unit_decimals(str(spec), finite(value))


# Indonesia's three time zones by the names people use; elsewhere the zone's own abbreviation.
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def zone_name() -> str:
    """The name of the site's local time zone (``WITA`` for Asia/Makassar)."""
    from django.conf import settings

    return ZONE_NAMES.get(settings.TIME_ZONE, settings.TIME_ZONE)


def local_time(value, pattern: str = "d-m-Y H:i") -> str:
    """A moment in the site's local time with its zone: ``04-12-2026 17:05 WITA``; empty → ``—``."""
    from django.utils import timezone
    from django.utils.dateformat import format as date_format

    if not value:
        return "—"
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{date_format(value, pattern)} {zone_name()}"

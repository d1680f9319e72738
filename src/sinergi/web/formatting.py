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

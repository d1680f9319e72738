"""Reading and writing numbers the way Indonesian spreadsheets write them.

``parse_number`` accepts machine numbers (``1234.5``), Indonesian notation with thousand dots
and a decimal comma (``1.234,5``), English notation (``1,234.5``) and a lone decimal comma
(``4,72``). Several dots are thousand separators (``1.234.567``). A single dot is read as a
decimal point (``4.72``, ``177.370`` trillion in the BPS-derived data) — except where the value
is a count or an amount of rupiah typed by a person (targets, pagu, head counts): there
``thousands_dot=True`` reads ``1.250`` as 1250, as an Indonesian reader means it. Currency
prefixes (``Rp``), spaces and a trailing ``%`` are ignored.
"""
from __future__ import annotations

import math
import re

_THOUSANDS_DOTS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_THOUSANDS_COMMAS = re.compile(r"^[+-]?\d{1,3}(,\d{3}){2,}(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


class NotANumber(ValueError):
    """The text cannot be read as a number."""


def is_blank(value) -> bool:
    """None, NaN, or text of only white space (an empty spreadsheet cell). Called for every cell
    of every import, so the common types are tested first by exact type."""
    kind = type(value)
    if kind is str:
        return not value.strip()
    if value is None:
        return True
    if kind is float:
        return value != value
    if isinstance(value, float):  # numpy.float64 and other float subclasses
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


_ONE_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


def parse_number(value, *, thousands_dot: bool = False) -> float:
    """Return ``value`` as a float or raise :class:`NotANumber`.

    Blank values raise too; check :func:`is_blank` first where blank is allowed.
    ``thousands_dot``: read ``1.250`` as 1250 (counts and rupiah typed by people).
    """
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, (int, float)):
        f = float(value)
        if math.isnan(f) or math.isinf(f):
            raise NotANumber(str(value))
        return f
    if value is None:
        raise NotANumber("")
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text.lower().startswith("rp"):
        text = text[2:].lstrip(".")
    if text.endswith("%"):
        text = text[:-1]
    if not text:
        raise NotANumber(str(value))
    neg = text.startswith("(") and text.endswith(")")
    if neg:
        text = text[1:-1]
    if thousands_dot and _ONE_THOUSANDS_DOT.match(text):
        out = float(text.replace(".", ""))
    elif _PLAIN.match(text):
        out = float(text)
    elif _THOUSANDS_DOTS.match(text):
        out = float(text.replace(".", "").replace(",", "."))
    elif _THOUSANDS_COMMAS.match(text):
        out = float(text.replace(",", ""))
    elif "," in text and "." in text:
        # both present: the later one is the decimal mark
        if text.rfind(",") > text.rfind("."):
            cleaned = text.replace(".", "").replace(",", ".")
        else:
            cleaned = text.replace(",", "")
        if not _PLAIN.match(cleaned):
            raise NotANumber(str(value))
        out = float(cleaned)
    elif text.count(",") == 1:
        cleaned = text.replace(",", ".")
        if not _PLAIN.match(cleaned):
            raise NotANumber(str(value))
        out = float(cleaned)
    else:
        raise NotANumber(str(value))
    if math.isnan(out) or math.isinf(out):
        raise NotANumber(str(value))
    return -out if neg else out


def parse_int(value) -> int:
    """A whole number (years, counts); ``2023.0`` from a spreadsheet cell is accepted."""
    f = parse_number(value)
    if not f.is_integer():
        raise NotANumber(str(value))
    return int(f)


def format_id(value: float | None, decimals: int = 2, missing: str = "data belum tersedia") -> str:
    """Indonesian notation: ``1.234.567,89``. Missing values are said, never shown as 0 or NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")

"""Indonesian wording for numbers in the RTKD narrative.

Every helper accepts ``None``/NaN and then says "data belum tersedia" (or returns an empty
phrase where a sentence should simply be left out), so generated text never shows ``nan``.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

from sinergi.core.numbers import format_id

MISSING = "data belum tersedia"


def ok(v) -> bool:
    """True when ``v`` is a usable number."""
    if v is None or isinstance(v, bool):
        return False
    try:
        f = float(v)
    except (TypeError, ValueError):
        return False
    return not (math.isnan(f) or math.isinf(f))


def num(v, decimals: int = 0) -> str:
    return format_id(float(v), decimals) if ok(v) else MISSING


def orang(v) -> str:
    return f"{num(v)} orang" if ok(v) else MISSING


def persen(v, decimals: int = 2) -> str:
    return f"{num(v, decimals)} persen" if ok(v) else MISSING


def poin(v, decimals: int = 2) -> str:
    return f"{num(abs(v), decimals)} poin persen" if ok(v) else MISSING


def rupiah(v, decimals: int = 0) -> str:
    return f"Rp{num(v, decimals)}" if ok(v) else MISSING


def triliun(v, decimals: int = 2) -> str:
    return f"Rp{num(v, decimals)} triliun" if ok(v) else MISSING


def growth(a, b) -> float | None:
    """Percent change from ``a`` to ``b``."""
    if not (ok(a) and ok(b)) or float(a) == 0:
        return None
    return (float(b) / float(a) - 1.0) * 100.0


def change_phrase(a, b, unit: str = "orang", decimals: int = 0) -> str:
    """'naik 129.152 orang (6,99 persen)' / 'turun …' / 'tidak berubah'."""
    if not (ok(a) and ok(b)):
        return ""
    d = float(b) - float(a)
    if round(d, decimals) == 0:
        return "tidak berubah"
    word = "naik" if d > 0 else "turun"
    g = growth(a, b)
    rel = f" ({persen(abs(g))})" if ok(g) else ""
    u = f" {unit}" if unit else ""
    return f"{word} {num(abs(d), decimals)}{u}{rel}"


def rate_change_phrase(a, b) -> str:
    """For rates: 'turun 0,17 poin persen' / 'naik …' / 'tetap'."""
    if not (ok(a) and ok(b)):
        return ""
    d = float(b) - float(a)
    if round(d, 2) == 0:
        return "tetap"
    return f"{'naik' if d > 0 else 'turun'} {poin(d)}"


def join_id(items: Iterable[str], last: str = "dan") -> str:
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} {last} {items[1]}"
    return ", ".join(items[:-1]) + f", {last} {items[-1]}"


def cagr(a, b, n: int) -> float | None:
    if not (ok(a) and ok(b)) or float(a) <= 0 or n <= 0:
        return None
    return ((float(b) / float(a)) ** (1.0 / n) - 1.0) * 100.0


def sentence(*parts: str) -> str:
    """Join non-empty parts into one sentence-ending text."""
    text = " ".join(p.strip() for p in parts if p and p.strip())
    if text and not text.endswith((".", ":", "?", "!")):
        text += "."
    return text


def clean(text: str) -> str:
    """Last guard: a generated paragraph must never carry a Python missing-value spelling."""
    for bad in ("nan persen", "NaN", " nan ", "None", "inf persen"):
        if bad in text:
            text = text.replace(bad, MISSING)
    return text

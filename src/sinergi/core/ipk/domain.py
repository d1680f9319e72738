"""The values a sub-indicator can take at all (its domain), read from the method's own words.

The goalposts (``min``/``max``) are where the score saturates, not what is possible: a TPT of
1 % lies below the goalpost of 2 % and is a real value. The domain is wider and says what
cannot be: a score of 9.5 on a 0–1 scale, a share of 130 %, a negative count. It is read from
the method's ``unit`` (and ``sub_name``), so an imported method with its own units gets its own
domains:

- ``skor a–b`` (e.g. ``skor 0–1 (0 tidak ada, …)``) → ``[a, b]``;
- a ratio (``rasio`` in the unit or name) → ``[0, ∞)``;
- a growth (``pertumbuhan`` in the name, or ``per tahun`` with ``persen``) → ``(−100, ∞)`` for
  percentages, else unbounded;
- a percentage (``persen`` or ``%``) → ``[0, 100]``;
- anything else with a lower goalpost ≥ 0 (counts, rupiah, per 1.000 …) → ``[0, ∞)``;
  otherwise unbounded.
"""
from __future__ import annotations

import math
import re

from sinergi.core.numbers import format_id

from .method import Method

_SCORE = re.compile(r"skor\s*(-?\d+(?:[.,]\d+)?)\s*(?:–|-|—|sampai|s/d)\s*(-?\d+(?:[.,]\d+)?)", re.I)


def value_domain(unit: str, sub_name: str = "", lo: float = 0.0) -> tuple[float, float]:
    """``(lowest, highest)`` possible value of a sub-indicator (``±inf`` where unbounded)."""
    u = str(unit or "").lower()
    n = str(sub_name or "").lower()
    m = _SCORE.search(u)
    if m:
        return float(m.group(1).replace(",", ".")), float(m.group(2).replace(",", "."))
    percent = "persen" in u or "%" in u
    if "rasio" in u or "rasio" in n:
        return 0.0, math.inf
    if "pertumbuhan" in n or (percent and "per tahun" in u):
        return (-100.0, math.inf) if percent else (-math.inf, math.inf)
    if percent:
        return 0.0, 100.0
    if lo >= 0:
        return 0.0, math.inf
    return -math.inf, math.inf


def domains(method: Method) -> dict[str, tuple[float, float]]:
    """The domain of every sub-indicator of ``method``."""
    t = method.table
    return {r.sub_code: value_domain(r.unit, r.sub_name, float(r.min)) for r in t.itertuples(index=False)}


def domain_text(lo: float, hi: float) -> str:
    if math.isinf(hi) and math.isinf(lo):
        return "berapa saja"
    if math.isinf(hi):
        return f"sedikitnya {format_id(lo, _dec(lo))}" if lo == 0 else f"lebih dari {format_id(lo, _dec(lo))}"
    return f"{format_id(lo, _dec(lo))} sampai {format_id(hi, _dec(hi))}"


def _dec(v: float) -> int:
    return 0 if float(v).is_integer() else 2


def out_of_domain(method: Method, values: dict[str, float | None]) -> dict[str, str]:
    """``{sub_code: message}`` for every value outside its sub-indicator's domain (missing
    values are fine: missing is allowed and never zero)."""
    doms = domains(method)
    out = {}
    for code, v in values.items():
        if v is None or code not in doms or (isinstance(v, float) and math.isnan(v)):
            continue
        lo, hi = doms[code]
        growth = lo == -100.0 and math.isinf(hi)
        bad = (v <= lo) if growth else (v < lo)
        if bad or v > hi:
            unit = method.sub(code).get("unit", "")
            out[code] = (f"nilai {format_id(v, 6 if abs(v) < 1 else 2).rstrip('0').rstrip(',')} di luar kisaran yang mungkin untuk "
                         f"{code} ({domain_text(lo, hi)}{'; ' + unit if unit else ''})")
    return out

"""The IPK sub-indicators that measure inclusion — who the labour market leaves out — found in a
method by what they measure (the method is data; codes may change between versions):

========================  ===========  =========================================================
theme                     group        how it is recognised in ``sub_name`` (folded)
========================  ===========  =========================================================
``upah_gender``           perempuan    "upah" and "perempuan" (gender wage ratio, SDG 8.5.1)
``layanan_disabilitas``   disabilitas  "disabilitas" (services for persons with disabilities)
``neet_pemuda``           pemuda       "neet", or "pemuda"/"muda" with "tidak sekolah"/"tidak bekerja" (SDG 8.6.1)
========================  ===========  =========================================================

The group codes are those of :mod:`sinergi.core.stats.groups`. A theme the method has no
sub-indicator for is returned with ``sub_code`` ``None`` — "belum ada data", never a value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

THEMES = (
    ("upah_gender", "perempuan", "Kesetaraan upah: rasio upah perempuan terhadap laki-laki"),
    ("layanan_disabilitas", "disabilitas", "Layanan bagi penyandang disabilitas"),
    ("neet_pemuda", "pemuda", "Pemuda tidak sekolah, tidak bekerja, tidak pelatihan (NEET)"),
)


@dataclass(frozen=True)
class InclusionSub:
    theme: str
    group: str
    title: str
    sub_code: str | None  # None: the method has no sub-indicator for this theme
    sub_name: str = ""
    direction: str = ""
    unit: str = ""


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).split())


def _matches(theme: str, name: str) -> bool:
    n = f" {_fold(name)} "
    if theme == "upah_gender":
        return " upah " in n and " perempuan " in n
    if theme == "layanan_disabilitas":
        return " disabilitas " in n
    if theme == "neet_pemuda":
        return " neet " in n or ((" pemuda " in n or " muda " in n) and (" tidak sekolah " in n or " tidak bekerja " in n))
    return False


def inclusion_subs(table) -> list[InclusionSub]:
    """One entry per theme (in :data:`THEMES` order) for a method table (a DataFrame with
    ``sub_code, sub_name`` and optionally ``direction, unit``, e.g. ``Method.table``)."""
    rows = table.to_dict("records") if hasattr(table, "to_dict") else list(table)
    out = []
    for theme, group, title in THEMES:
        hit = next((r for r in rows if _matches(theme, str(r.get("sub_name", "")))), None)
        out.append(InclusionSub(theme, group, title, str(hit["sub_code"]) if hit else None,
                                str(hit.get("sub_name", "")) if hit else "", str(hit.get("direction", "") or "") if hit else "",
                                str(hit.get("unit", "") or "") if hit else ""))
    return out

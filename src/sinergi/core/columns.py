"""One vocabulary for the region and year columns of the files Sinergi reads.

The IPK, RTK and statistics files name them ``region_code`` and ``year``; the synchronisation
files (proposals, ceilings, weak IPK indicators, RTK needs, follow-ups) ``wilayah_kode`` and
``tahun``. Every reader accepts every spelling of :data:`REGION_SPELLINGS` and
:data:`YEAR_SPELLINGS` and renames it to its own; what a command *writes* keeps its documented
column names (scripts depend on them).
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

REGION_SPELLINGS = ("region_code", "wilayah_kode", "kode_wilayah")
YEAR_SPELLINGS = ("year", "tahun")


def spellings(region: str, year: str | None = None) -> dict[str, str]:
    """The other spellings of the region (and year) column → the reader's own name."""
    out = {name: region for name in REGION_SPELLINGS if name != region}
    if year:
        out.update({name: year for name in YEAR_SPELLINGS if name != year})
    return out


def renames(columns, aliases: Mapping[str, str]) -> dict[str, str]:
    """Column → own name for the columns written in another spelling (matched after trimming and
    lower-casing). A column already under its own name wins, and of several spellings of one
    column only the first is renamed (the others stay as they are)."""
    present = {str(c).strip().lower() for c in columns}
    out: dict[str, str] = {}
    for c in columns:
        target = aliases.get(str(c).strip().lower())
        if target and target not in present and target not in out.values():
            out[c] = target
    return out


def with_spellings(frame: pd.DataFrame, aliases: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` with the other spellings of its columns renamed to the reader's own."""
    mapping = renames(frame.columns, aliases)
    return frame.rename(columns=mapping) if mapping else frame

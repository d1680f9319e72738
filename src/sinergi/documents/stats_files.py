"""The embedded Kalimantan Timur statistics as one DataFrame, with the preferred value of
every figure marked by the single rule in :mod:`sinergi.core.stats` (and the curated choices
in ``data/kaltim/preferences.csv``). Documents and the CLI read the embedded data through this
module; the web app stores the same marks in its database."""
from __future__ import annotations

import csv
from functools import lru_cache

import pandas as pd

from sinergi.core.stats import mark_preferred
from sinergi.data import EMBEDDED_STATISTICS, data_path


def curated_preferences() -> dict[tuple, float]:
    out = {}
    with open(data_path("kaltim", "preferences.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            key = (r["region_code"], int(r["year"]) if r["year"] else None, int(r["month"]) if r["month"] else None, r["indicator"])
            out[key] = float(r["preferred_value"])
    return out


def read_embedded() -> pd.DataFrame:
    """The embedded statistics CSVs, as printed (strings kept for codes), in load order."""
    frames = [pd.read_csv(data_path(*parts), dtype={"region_code": str, "year": "string", "month": "string"}, keep_default_na=False, na_values={"value": [""]}) for parts in EMBEDDED_STATISTICS]
    return pd.concat(frames, ignore_index=True)


@lru_cache(maxsize=1)
def _embedded_marked() -> pd.DataFrame:
    return mark_preferred(read_embedded(), curated_preferences())


def embedded_observations() -> pd.DataFrame:
    """Embedded observations with ``preferred`` and ``quality`` columns (a copy)."""
    return _embedded_marked().copy()


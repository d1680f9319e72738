"""Units of measure: how each is said in Bahasa Indonesia and in English, and how many decimals
its figures show — one policy for pages, spreadsheets and documents.

Persons, counts and rupiah are shown without decimals; percentages, indices and other rates with
two. A unit not in the vocabulary keeps its own text and gets two decimals (whole numbers none).
The indicator catalogue (``data/kaltim/indicators.csv``) carries the same labels per indicator
(``satuan``, ``satuan_en``, ``desimal``); a test keeps the two in step.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    id: str  # Bahasa Indonesia
    en: str
    decimals: int


# key: the unit as written in the embedded data and in imports (lower case)
UNITS: dict[str, Unit] = {
    "persons": Unit("jiwa", "persons", 0),
    "thousand persons": Unit("ribu jiwa", "thousand persons", 2),
    "million persons": Unit("juta jiwa", "million persons", 2),
    "persons per km2": Unit("jiwa per km²", "persons per km²", 0),
    "percent": Unit("persen", "percent", 2),
    "percent of employed": Unit("persen dari penduduk bekerja", "percent of employed", 2),
    "percent of pdrb": Unit("persen dari PDRB", "percent of GRDP", 2),
    "percent of population": Unit("persen dari penduduk", "percent of population", 2),
    "percent per year": Unit("persen per tahun", "percent per year", 2),
    "percent of province": Unit("persen dari provinsi", "percent of province", 2),
    "percentage points vs feb 2021": Unit("poin persen dibanding Feb 2021", "percentage points vs Feb 2021", 2),
    "idr": Unit("rupiah", "IDR", 0),
    "idr per month": Unit("rupiah per bulan", "IDR per month", 0),
    "million idr": Unit("juta rupiah", "million IDR", 2),
    "million idr per month": Unit("juta rupiah per bulan", "million IDR per month", 2),
    "billion idr": Unit("miliar rupiah", "billion IDR", 2),
    "trillion idr": Unit("triliun rupiah", "trillion IDR", 2),
    "companies": Unit("perusahaan", "companies", 0),
    "cases": Unit("kasus", "cases", 0),
    "males per 100 females": Unit("laki-laki per 100 perempuan", "males per 100 females", 2),
    "index": Unit("indeks", "index", 2),
    "points": Unit("poin", "points", 2),
    # Indonesian spellings people write in imports
    "jiwa": Unit("jiwa", "persons", 0),
    "orang": Unit("orang", "persons", 0),
    "persen": Unit("persen", "percent", 2),
    "%": Unit("%", "%", 2),
    "rupiah": Unit("rupiah", "IDR", 0),
    "rp": Unit("rupiah", "IDR", 0),
    "indeks": Unit("indeks", "index", 2),
    "poin": Unit("poin", "points", 2),
}

DEFAULT_DECIMALS = 2


def find_unit(unit: str | None) -> Unit | None:
    return UNITS.get((unit or "").strip().lower())


def unit_label(unit: str | None, language: str = "id") -> str:
    """``persons`` → ``jiwa`` (Indonesian) or ``persons`` (English); unknown text as written."""
    known = find_unit(unit)
    if known is None:
        return (unit or "").strip()
    return known.en if language == "en" else known.id


def unit_decimals(unit: str | None, value: float | None = None) -> int:
    """Decimals a figure in ``unit`` shows: the unit's own; for an unknown unit two, or none
    when ``value`` is a whole number."""
    known = find_unit(unit)
    if known is not None:
        return known.decimals
    if value is not None and float(value).is_integer():
        return 0
    return DEFAULT_DECIMALS

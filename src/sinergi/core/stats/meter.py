"""The real-data meter: how much of what a result used is sourced, derived or illustrative.

Every pillar marks its inputs with a quality word — the statistics' flags
(``ilustratif``/``illustrative``, ``turunan``/``derived``, ``keyakinan_rendah``, ``bertentangan``;
several may be joined by commas), the IPK inputs' ``real``/``derived``/``illustrative``. This
module puts every input in exactly one class:

- ``ilustratif`` — any illustrative flag (an example value, not data): it wins over the rest;
- ``turunan`` — arithmetic on published figures (a derived flag);
- ``bersumber`` — a figure as published (no flag, ``real``/``nyata``/``resmi``, or only
  ``keyakinan_rendah``/``bertentangan``, which say how sure the source is, not whether there is one);
- ``kosong`` — no value at all (missing; never counted as data);
- ``tidak_dinyatakan`` — a value whose quality word is not stated where the caller says that
  stating it is required (``unstated_is_sourced=False``; the IPK inputs), so that a value
  typed without a mark is not passed off as sourced.

Use::

    from sinergi.core.stats.meter import count_quality, meter_table

    m = count_quality(qualities, values=values, subject="IPK Samarinda 2024")
    m.text()      # "IPK Samarinda 2024: 6 dari 25 masukan bersumber, 3 turunan, 16 ilustratif"
    m.to_dict()   # for JSON/exports: subject, noun, total, bersumber, turunan, ilustratif, …

    meter_table(frame, by=["region_code", "year"])  # one row of counts per group

Pure functions; no Django, no files.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

SOURCED = "bersumber"
DERIVED = "turunan"
ILLUSTRATIVE = "ilustratif"
MISSING = "kosong"
UNSTATED = "tidak_dinyatakan"
CLASSES = (SOURCED, DERIVED, ILLUSTRATIVE, UNSTATED, MISSING)

_ILLUSTRATIVE_WORDS = {"illustrative", "ilustratif", "ilustrasi", "contoh"}
_DERIVED_WORDS = {"derived", "turunan"}
_SOURCED_WORDS = {"real", "nyata", "resmi", "sourced", "bersumber", "low_confidence", "keyakinan_rendah",
                  "keyakinan", "rendah", "conflicting", "bertentangan", "konflik"}


def _words(quality) -> list[str]:
    if quality is None:
        return []
    if isinstance(quality, float) and math.isnan(quality):
        return []
    if isinstance(quality, (list, tuple, set, frozenset)):
        out: list[str] = []
        for q in quality:
            out.extend(_words(q))
        return out
    return [w for w in re.split(r"[;,\s]+", str(quality).strip().lower()) if w]


def _is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return str(value).strip() == ""


def quality_class(quality, value=0.0, *, unstated_is_sourced: bool = True) -> str:
    """The meter class of one input: ``bersumber``, ``turunan``, ``ilustratif``, ``kosong`` or
    ``tidak_dinyatakan`` (see the module text). ``value`` is only looked at for missing-ness
    (pass the input's value; the default counts it as present)."""
    if _is_missing(value):
        return MISSING
    words = set(_words(quality))
    if words & _ILLUSTRATIVE_WORDS:
        return ILLUSTRATIVE
    if words & _DERIVED_WORDS:
        return DERIVED
    if words & _SOURCED_WORDS:
        return SOURCED
    return SOURCED if unstated_is_sourced else UNSTATED


@dataclass(frozen=True)
class DataMeter:
    """Counts of the inputs one result used, by class. ``total`` counts every input slot
    (missing ones too); ``used`` the ones with a value."""

    subject: str = ""
    noun: str = "masukan"
    sourced: int = 0
    derived: int = 0
    illustrative: int = 0
    unstated: int = 0
    missing: int = 0

    @property
    def used(self) -> int:
        return self.sourced + self.derived + self.illustrative + self.unstated

    @property
    def total(self) -> int:
        return self.used + self.missing

    @property
    def complete(self) -> bool:
        """True when every input is sourced or derived (nothing illustrative, unstated or missing)."""
        return self.total > 0 and self.sourced + self.derived == self.total

    def __add__(self, other: DataMeter) -> DataMeter:
        return DataMeter(
            subject=self.subject or other.subject,
            noun=self.noun,
            sourced=self.sourced + other.sourced,
            derived=self.derived + other.derived,
            illustrative=self.illustrative + other.illustrative,
            unstated=self.unstated + other.unstated,
            missing=self.missing + other.missing,
        )

    def with_subject(self, subject: str) -> DataMeter:
        return DataMeter(subject, self.noun, self.sourced, self.derived, self.illustrative, self.unstated, self.missing)

    def parts(self) -> list[tuple[str, int]]:
        """``[(class, count), …]`` of the non-zero classes after ``bersumber`` (always first)."""
        out = [(SOURCED, self.sourced)]
        for cls, n in ((DERIVED, self.derived), (ILLUSTRATIVE, self.illustrative), (UNSTATED, self.unstated), (MISSING, self.missing)):
            if n:
                out.append((cls, n))
        return out

    def text(self) -> str:
        """``"IPK Samarinda 2024: 6 dari 25 masukan bersumber, 3 turunan, 16 ilustratif"``."""
        words = {DERIVED: "turunan", ILLUSTRATIVE: "ilustratif", UNSTATED: "tanpa tanda kualitas", MISSING: "kosong"}
        head = f"{self.sourced} dari {self.total} {self.noun} bersumber"
        rest = [f"{n} {words[c]}" for c, n in self.parts()[1:]]
        body = ", ".join([head, *rest])
        return f"{self.subject}: {body}" if self.subject else body

    def to_dict(self) -> dict:
        d = asdict(self)
        d.update({"total": self.total, "used": self.used, "text": self.text()})
        return d


def count_quality(
    qualities: Iterable,
    values: Iterable | None = None,
    *,
    subject: str = "",
    noun: str = "masukan",
    unstated_is_sourced: bool = True,
) -> DataMeter:
    """Count inputs by class. ``qualities``: one quality word (or list of flags) per input;
    ``values``: the inputs' values in the same order (missing ones count as ``kosong``); without
    it every input counts as present."""
    qs = list(qualities)
    vs = list(values) if values is not None else [0.0] * len(qs)
    if len(vs) != len(qs):
        raise ValueError("qualities dan values harus sama panjang.")
    counts = dict.fromkeys(CLASSES, 0)
    for q, v in zip(qs, vs, strict=False):
        counts[quality_class(q, v, unstated_is_sourced=unstated_is_sourced)] += 1
    return DataMeter(subject=subject, noun=noun, sourced=counts[SOURCED], derived=counts[DERIVED],
                     illustrative=counts[ILLUSTRATIVE], unstated=counts[UNSTATED], missing=counts[MISSING])


METER_COLUMNS = ["bersumber", "turunan", "ilustratif", "tidak_dinyatakan", "kosong", "total"]


def classes_of(qualities, values=None, *, unstated_is_sourced: bool = True) -> np.ndarray:
    """:func:`quality_class` of every row, vectorised: each distinct quality word is classified
    once (lists of flags row by row), then missing values become ``kosong``."""
    q = pd.Series(qualities).reset_index(drop=True)
    try:
        codes, uniq = pd.factorize(q, use_na_sentinel=False)
        table = np.array([quality_class(u, 0.0, unstated_is_sourced=unstated_is_sourced) for u in uniq], dtype=object)
        out = table[codes] if len(q) else np.array([], dtype=object)
    except TypeError:  # unhashable quality lists
        out = np.array([quality_class(x, 0.0, unstated_is_sourced=unstated_is_sourced) for x in q], dtype=object)
    if values is not None:
        v = pd.to_numeric(pd.Series(values).reset_index(drop=True), errors="coerce")
        out = np.where(v.isna().to_numpy(), MISSING, out)
    return out


def meter_texts(subjects, sourced, derived, illustrative, unstated, missing, noun: str = "masukan") -> list[str]:
    """:meth:`DataMeter.text` for many meters at once (columns of counts)."""
    out = []
    for subj, s, d, i, u, m in zip(subjects, sourced, derived, illustrative, unstated, missing, strict=False):
        total = s + d + i + u + m
        parts = [f"{s} dari {total} {noun} bersumber"]
        if d:
            parts.append(f"{d} turunan")
        if i:
            parts.append(f"{i} ilustratif")
        if u:
            parts.append(f"{u} tanpa tanda kualitas")
        if m:
            parts.append(f"{m} kosong")
        body = ", ".join(parts)
        out.append(f"{subj}: {body}" if subj else body)
    return out


def meter_table(
    frame: pd.DataFrame,
    by: Sequence[str],
    *,
    quality: str = "quality",
    value: str | None = "value",
    unstated_is_sourced: bool = True,
) -> pd.DataFrame:
    """One row per group of ``by`` with the counts of :data:`METER_COLUMNS` (vectorised; for
    pages and exports that show a meter per region, year or pillar)."""
    vals = frame[value] if value and value in frame.columns else None
    classes = classes_of(frame[quality], vals, unstated_is_sourced=unstated_is_sourced)
    keys = frame[list(by)].reset_index(drop=True)
    counts = keys.assign(_c=classes).groupby(list(by) + ["_c"], sort=True, observed=True).size()
    out = counts.unstack("_c", fill_value=0).reindex(columns=list(CLASSES), fill_value=0)
    out.columns.name = None
    out["total"] = out.sum(axis=1)
    return out.reset_index()[list(by) + METER_COLUMNS]


def meter_of_row(row, *, subject: str = "", noun: str = "masukan") -> DataMeter:
    """The :class:`DataMeter` of a row of :func:`meter_table` (a dict or a pandas row)."""
    g = row.get if hasattr(row, "get") else row.__getitem__
    return DataMeter(subject=subject, noun=noun, sourced=int(g("bersumber")), derived=int(g("turunan")),
                     illustrative=int(g("ilustratif")), unstated=int(g("tidak_dinyatakan")), missing=int(g("kosong")))


#: The base-year inputs of an RTK projection in the statistics: (indicator, month), month None =
#: the annual figure. One list for the home page, the RTK pages and the RTKD.
RTK_BASE_INPUTS = (
    ("penduduk_usia_kerja", 8),
    ("angkatan_kerja", 8),
    ("bekerja", 8),
    ("pengangguran", 8),
    ("tpak", 8),
    ("pdrb_adhk2010", None),
)


def rtk_base_meter(frame: pd.DataFrame, region_code: str, year: int, subject: str = "") -> DataMeter:
    """The meter of an RTK projection's base year: the primary value of each of
    :data:`RTK_BASE_INPUTS` for ``region_code`` in ``year``, counted by its quality flags (a
    missing input counts as ``kosong`` — a regency whose base year the method had to estimate
    shows it). ``frame``: long-form observations with ``region_code, year, month, indicator,
    value, quality`` and ``preferred`` (year and month as numbers or text)."""
    f = frame
    if "preferred" in f.columns:
        f = f[f["preferred"].astype(bool)]
    f = f[(f["region_code"].astype(str) == str(region_code))]
    years = pd.to_numeric(f["year"], errors="coerce")
    months = pd.to_numeric(f["month"], errors="coerce")
    f = f[years == int(year)].assign(_month=months[years == int(year)])
    qualities, values = [], []
    for indicator, month in RTK_BASE_INPUTS:
        rows = f[f["indicator"] == indicator]
        rows = rows[rows["_month"] == month] if month is not None else rows.sort_values("_month", na_position="first")
        if len(rows):
            qualities.append(rows["quality"].iloc[0] if "quality" in rows.columns else "")
            values.append(rows["value"].iloc[0])
        else:
            qualities.append("")
            values.append(None)
    return count_quality(qualities, values, subject=subject or f"RTK {region_code} {year}", noun="masukan tahun dasar")

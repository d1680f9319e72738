"""Validation of observation rows and the preferred-value rule.

Columns of the long form (CSV/XLSX, header names): ``region_code, region, year, month,
indicator, value, unit, source_url, note`` and optionally ``quality``. Required columns:
region_code, year, indicator, value, source_url; every cell of them must be filled except
``year``, which may be blank where the source does not state the reference year.
``source_url`` must be an http(s) address (:mod:`sinergi.core.links`); ``unit`` and
``source_url`` may not be longer than their stored columns (:data:`MAX_CHARS`).

Preferred value where several observations share region, year, month and indicator
(sources or vintages disagree) — all are kept; one is marked preferred:

1. an observation flagged ``illustrative`` never wins over one that is not;
   then an observation with a higher ``priority`` wins (a user's own imported data over the
   embedded data, in documents built from both);
2. a curated choice (``data/kaltim/preferences.csv``) wins where one exists;
3. otherwise the lowest penalty wins: a note that flags a conflict ("CONFLICT", "conflicts
   with") costs 4; a figure only "rounded"/"reported as" a rounded number costs 3; an early
   or original (pre-revision) vintage costs 2; a low-confidence source costs 1; a note that
   starts "revised" earns 1;
4. ties go to the observation loaded first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sinergi.core.links import MAX_URL_CHARS, is_web_url
from sinergi.core.numbers import NotANumber, is_blank, parse_int, parse_number
from sinergi.core.problems import ProblemList

QUALITY_FLAGS = {
    "conflicting": ("bertentangan", "conflicting"),
    "low_confidence": ("keyakinan rendah", "low confidence"),
    "derived": ("turunan", "derived"),
    "illustrative": ("ilustratif", "illustrative"),
}
QUALITY_ALIASES = {
    "": "",
    "real": "",
    "nyata": "",
    "resmi": "",
    "conflicting": "conflicting",
    "bertentangan": "conflicting",
    "low_confidence": "low_confidence",
    "low-confidence": "low_confidence",
    "keyakinan_rendah": "low_confidence",
    "derived": "derived",
    "turunan": "derived",
    "illustrative": "illustrative",
    "ilustratif": "illustrative",
}
REQUIRED = ("region_code", "year", "indicator", "value", "source_url")  # columns the file must have
REQUIRED_VALUES = ("region_code", "indicator", "value", "source_url")  # cells that must be filled; a blank year means "year not stated by the source"
MAX_CHARS = {"unit": 60, "source_url": MAX_URL_CHARS}  # the longest text each stored column holds
LOW_CONFIDENCE_SOURCES = ("newlifepills.com",)
_LOW_CONFIDENCE_NOTE = re.compile(r"chart|verify|year order inferred|probably|looks odd|low confidence", re.I)


@dataclass
class ObservationRecord:
    region_code: str
    year: int | None
    month: int | None
    indicator: str
    value: float
    unit: str
    source_url: str
    note: str = ""
    quality: list[str] = field(default_factory=list)
    row: int | None = None
    preferred: bool = True
    priority: int = 0  # higher wins before any other rule (e.g. a user's own imported data)

    @property
    def key(self) -> tuple:
        return (self.region_code, self.year, self.month, self.indicator)

    @property
    def identity(self) -> tuple:
        """Two observations with the same identity are the same figure from the same source."""
        return (*self.key, round(self.value, 9), self.source_url.strip())


def quality_from_note(note: str, source_url: str) -> list[str]:
    """Quality flags that the reference data state in words."""
    flags = []
    if any(s in (source_url or "") for s in LOW_CONFIDENCE_SOURCES) or _LOW_CONFIDENCE_NOTE.search(note or ""):
        flags.append("low_confidence")
    if re.search(r"\bCONFLICT\b|conflicts with", note or ""):
        flags.append("conflicting")
    return flags


def _penalty(rec: ObservationRecord) -> int:
    note = (rec.note or "").strip().lower()
    p = 0
    if "conflict" in note:
        p += 4
    if note.startswith("rounded") or note.startswith("reported as") or "rounded as reported" in note:
        p += 3
    if note.startswith("early vintage") or note.startswith("original") or "pre-revision" in note:
        p += 2
    if "low_confidence" in rec.quality:
        p += 1
    if note.startswith("revised") and not note.startswith("revised to"):
        p -= 1
    return p


def choose_preferred(records: list[ObservationRecord], curated: dict[tuple, float] | None = None) -> list[ObservationRecord]:
    """Mark exactly one preferred observation per key (see module docstring). Observations
    in a group with more than one distinct value are flagged ``conflicting``."""
    curated = curated or {}
    groups: dict[tuple, list[ObservationRecord]] = {}
    for rec in records:
        groups.setdefault(rec.key, []).append(rec)
    for key, group in groups.items():
        distinct = {round(r.value, 9) for r in group}
        if len(distinct) > 1:
            for r in group:
                if "conflicting" not in r.quality:
                    r.quality.append("conflicting")
        want = curated.get(key)

        def rank(item):
            i, r = item
            return (
                "illustrative" in r.quality,
                -r.priority,
                0 if want is not None and abs(r.value - want) < 1e-9 else 1,
                _penalty(r),
                i,
            )

        best = min(enumerate(group), key=rank)[1]
        for r in group:
            r.preferred = r is best
    return records


def validate_observations(
    rows: list[tuple[int, dict]],
    regions: set[str],
    indicators: dict[str, str],
    where: dict | None = None,
) -> tuple[list[ObservationRecord], ProblemList]:
    """Check every row; return the records and every problem found.

    ``rows``: ``(spreadsheet_row_number, {normalised_column: cell})``;
    ``indicators``: catalogue code → default unit; ``where``: ``file``/``sheet`` for problems.
    """
    where = where or {}
    problems = ProblemList()
    records: list[ObservationRecord] = []
    seen: dict[tuple, int] = {}
    for rownum, row in rows:
        loc = dict(where, row=rownum)
        ok = True
        for col in REQUIRED_VALUES:
            if is_blank(row.get(col)):
                problems.add(
                    "WAJIB_KOSONG",
                    f"Kolom '{col}' wajib diisi tetapi kosong.",
                    _FIX_EMPTY[col],
                    column=col,
                    **loc,
                )
                ok = False
        region = _code_text(row.get("region_code"))
        if region and region not in regions:
            problems.add(
                "WILAYAH_TIDAK_DIKENAL",
                f"Kode wilayah '{region}' tidak dikenal.",
                "Gunakan kode BPS: 64 untuk provinsi, atau 6401, 6402, 6403, 6404, 6405, 6409, 6411, 6471, 6472, 6474.",
                column="region_code",
                value=region,
                **loc,
            )
            ok = False
        year = month = None
        if not is_blank(row.get("year")):
            try:
                year = parse_int(row.get("year"))
                if not 1990 <= year <= 2100:
                    raise NotANumber(str(year))
            except NotANumber:
                problems.add(
                    "TAHUN_TIDAK_VALID",
                    f"Tahun '{row.get('year')}' bukan tahun yang sah.",
                    "Tulis tahun empat angka, misalnya 2023.",
                    column="year",
                    value=str(row.get("year")),
                    **loc,
                )
                ok = False
        if not is_blank(row.get("month")):
            try:
                month = parse_int(row.get("month"))
                if not 1 <= month <= 12:
                    raise NotANumber(str(month))
            except NotANumber:
                problems.add(
                    "BULAN_TIDAK_VALID",
                    f"Bulan '{row.get('month')}' bukan bulan yang sah.",
                    "Tulis angka 1–12 (8 = Sakernas Agustus), atau kosongkan untuk angka tahunan.",
                    column="month",
                    value=str(row.get("month")),
                    **loc,
                )
                ok = False
        indicator = "" if is_blank(row.get("indicator")) else str(row.get("indicator")).strip()
        if indicator and indicator not in indicators:
            hint = _closest(indicator, indicators)
            problems.add(
                "INDIKATOR_TIDAK_DIKENAL",
                f"Indikator '{indicator}' tidak ada di katalog indikator.",
                (f"Mungkin maksudnya '{hint}'? " if hint else "")
                + "Gunakan kode dari katalog (menu Statistik › Katalog indikator) atau minta admin menambahkannya.",
                column="indicator",
                value=indicator,
                **loc,
            )
            ok = False
        value = None
        if not is_blank(row.get("value")):
            try:
                value = parse_number(row.get("value"))
            except NotANumber:
                problems.add(
                    "NILAI_BUKAN_ANGKA",
                    f"Nilai '{row.get('value')}' bukan angka.",
                    "Tulis angka saja, misalnya 4,72 atau 1.234.567 (tanpa satuan atau teks).",
                    column="value",
                    value=str(row.get("value")),
                    **loc,
                )
                ok = False
        quality_text = "" if is_blank(row.get("quality")) else str(row.get("quality")).strip().lower()
        flags = []
        for part in filter(None, re.split(r"[;,\s]+", quality_text)):
            if part not in QUALITY_ALIASES:
                problems.add(
                    "KUALITAS_TIDAK_DIKENAL",
                    f"Tanda kualitas '{part}' tidak dikenal.",
                    "Gunakan salah satu: bertentangan, keyakinan_rendah, turunan, ilustratif (atau kosongkan).",
                    column="quality",
                    value=part,
                    **loc,
                )
                ok = False
            elif QUALITY_ALIASES[part]:
                flags.append(QUALITY_ALIASES[part])
        for col, most in MAX_CHARS.items():
            text = "" if is_blank(row.get(col)) else str(row.get(col)).strip()
            if len(text) > most:
                problems.add(
                    "TEKS_TERLALU_PANJANG",
                    f"Isi kolom '{col}' sepanjang {len(text)} karakter, melebihi batas {most} karakter.",
                    _FIX_LONG[col],
                    column=col,
                    value=text[:40] + "…",
                    **loc,
                )
                ok = False
        source_text = "" if is_blank(row.get("source_url")) else str(row.get("source_url")).strip()
        if source_text and len(source_text) <= MAX_URL_CHARS and not is_web_url(source_text):
            problems.add(
                "SUMBER_BUKAN_ALAMAT_WEB",
                f"Sumber '{source_text[:60]}' bukan alamat web http(s).",
                "Isi alamat publikasi yang diawali https:// atau http:// (mis. https://kaltim.bps.go.id/…); "
                "alamat lain (javascript:, data:, file:, teks biasa) tidak diterima.",
                column="source_url",
                value=source_text[:60],
                **loc,
            )
            ok = False
        if not ok:
            continue
        note = "" if is_blank(row.get("note")) else str(row.get("note")).strip()
        source = str(row.get("source_url")).strip()
        unit = "" if is_blank(row.get("unit")) else str(row.get("unit")).strip()
        rec = ObservationRecord(
            region_code=region,
            year=year,
            month=month,
            indicator=indicator,
            value=value,
            unit=unit or indicators.get(indicator, ""),
            source_url=source,
            note=note,
            quality=sorted(set(flags) | set(quality_from_note(note, source))),
            row=rownum,
        )
        if rec.identity in seen:
            problems.add(
                "BARIS_GANDA",
                f"Baris ini sama persis dengan baris {seen[rec.identity]} (wilayah, tahun, bulan, indikator, nilai dan sumber).",
                "Hapus salah satu baris ganda.",
                **loc,
            )
            continue
        seen[rec.identity] = rownum
        records.append(rec)
    return records, problems


_FIX_EMPTY = {
    "region_code": "Isi kode wilayah BPS (64 atau 64xx).",
    "indicator": "Isi kode indikator dari katalog, misalnya tpt.",
    "value": "Isi nilai angka; jika data memang belum ada, hapus barisnya (data kosong tidak boleh ditulis 0).",
    "source_url": "Isi alamat sumber (URL publikasi BPS atau dokumen resmi) agar angka dapat ditelusuri.",
}


_FIX_LONG = {
    "unit": "Tulis satuan singkat (mis. persen, orang, juta rupiah); keterangan panjang masuk kolom note.",
    "source_url": "Gunakan alamat halaman publikasi yang lebih pendek (tanpa parameter pelacakan); keterangan masuk kolom note.",
}


def _code_text(value) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _closest(code: str, choices) -> str:
    try:
        from rapidfuzz import process

        hit = process.extractOne(code, list(choices), score_cutoff=75)
        return hit[0] if hit else ""
    except Exception:  # pragma: no cover - rapidfuzz is a dependency; hint is optional
        return ""


def mark_preferred(frame, curated: dict[tuple, float] | None = None, priority_column: str | None = None):
    """Long-form observations (a DataFrame with region_code, year, month, indicator, value,
    source_url, note) with two columns added: ``preferred`` (exactly one True per region, year,
    month and indicator, by :func:`choose_preferred`) and ``quality`` (comma-separated flags).
    Rows whose value is not a number are dropped."""
    import pandas as pd

    out = frame.copy().reset_index(drop=True)
    for col in ("note", "source_url", "unit"):
        if col not in out:
            out[col] = ""
        out[col] = out[col].fillna("").astype(str)
    out["region_code"] = out["region_code"].astype(str).str.replace(r"\.0$", "", regex=True)
    out["value"] = pd.to_numeric(out["value"], errors="coerce")
    out = out[out["value"].notna()].reset_index(drop=True)
    years = pd.to_numeric(out["year"], errors="coerce")
    months = pd.to_numeric(out["month"], errors="coerce")
    priorities = out[priority_column].fillna(0).astype(int).tolist() if priority_column else [0] * len(out)
    records = []
    for i, r in enumerate(out.itertuples(index=False)):
        rec = ObservationRecord(
            region_code=r.region_code,
            year=None if pd.isna(years[i]) else int(years[i]),
            month=None if pd.isna(months[i]) else int(months[i]),
            indicator=str(r.indicator),
            value=float(r.value),
            unit=str(r.unit),
            source_url=str(r.source_url),
            note=str(r.note),
            quality=quality_from_note(str(r.note), str(r.source_url)),
            priority=priorities[i],
        )
        records.append(rec)
    choose_preferred(records, curated)
    out["preferred"] = [r.preferred for r in records]
    out["quality"] = [",".join(sorted(set(r.quality))) for r in records]
    return out

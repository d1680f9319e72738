"""Validation of observation rows and the preferred-value rule.

Columns of the long form (CSV/XLSX, header names): ``region_code, region, year, month,
indicator, value, unit, source_url, note`` and optionally ``quality``, ``source_kind`` and
``kelompok`` (the population group, :mod:`sinergi.core.stats.groups`; blank or ``semua`` is
everyone; a sex-specific code such as ``tpak_female`` carries its group itself).
Required columns: region_code, year, indicator, value, source_url; every cell of them must be
filled except ``year``, which may be blank where the source does not state the reference year.
``source_url`` must be an http(s) address (:mod:`sinergi.core.links`); ``unit`` and
``source_url`` may not be longer than their stored columns (:data:`MAX_CHARS`).

One observation per region, year, month, indicator, group and source (``source_url``): the same
source giving another value for the same figure is a correction of the stored one, not a
second figure.

**Source class** (:func:`source_kind`), ranked best first:

1. ``bps`` — a BPS publication or BPS file: the source address is on ``bps.go.id`` or one of
   its sub-domains (``kaltim.bps.go.id``, ``ppukab.bps.go.id`` …), or the row says so in the
   ``source_kind`` column (a BPS table import);
2. ``pemerintah`` — another government office: any other ``*.go.id`` address (Pemprov,
   Disnakertrans, Bappeda, a Pemkab);
3. ``berita`` — news quoting an office, and every other address (mirrors, document-sharing
   sites, encyclopaedias);
4. ``ilustratif`` — a value flagged ``illustrative`` (whatever its address).

The class comes from the address only, never from the note: a news item's note names the office
it quotes ("Kepala BPS Paser …"), which is exactly what makes it "news quoting an office". A
file may state the class explicitly in the optional ``source_kind`` column (bps, pemerintah,
berita, ilustratif), which wins over the address, except that an illustrative value stays
illustrative.

**Preferred value** where several observations share region, year, month, indicator and group
(sources or vintages disagree) — all are kept; exactly one is marked preferred, by the first
rule that separates them:

1. a planner's pick (``pinned``) wins; it stays until a planner changes it, whatever is
   imported later;
2. an observation flagged ``illustrative`` never wins over one that is not;
3. a higher ``priority`` wins (a user's own imported data over the embedded data, in documents
   built from both);
4. a curated choice (``data/kaltim/preferences.csv``) wins where one exists;
5. the better source class wins (BPS > other government office > news);
6. the lowest penalty wins: a note that flags a conflict ("CONFLICT", "conflicts with") costs
   4; a figure only "rounded"/"reported as" a rounded number costs 3; an early or original
   (pre-revision) vintage costs 2; a low-confidence source costs 1; a note that starts
   "revised" earns 1;
7. ties go to the observation loaded first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sinergi.core.links import MAX_URL_CHARS, is_web_url
from sinergi.core.numbers import NotANumber, format_id, is_blank, parse_int, parse_number
from sinergi.core.problems import ProblemList
from sinergi.core.stats.groups import GROUPS, GroupConflict, group_code, normalise

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
# source class → (rank: lower is better, label in Indonesian, label in English)
SOURCE_KINDS = {
    "bps": (1, "BPS", "BPS"),
    "pemerintah": (2, "instansi pemerintah", "government office"),
    "berita": (3, "berita / sumber lain", "news / other source"),
    "ilustratif": (4, "ilustratif", "illustrative"),
}
SOURCE_KIND_ALIASES = {
    "": "",
    "bps": "bps",
    "pemerintah": "pemerintah",
    "instansi": "pemerintah",
    "government": "pemerintah",
    "berita": "berita",
    "news": "berita",
    "lainnya": "berita",
    "other": "berita",
    "ilustratif": "ilustratif",
    "illustrative": "ilustratif",
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
    priority: int = 0  # higher wins before the source class (e.g. a user's own imported data)
    source_kind: str = ""  # explicit class (bps, pemerintah, berita, ilustratif); blank: from the address
    pinned: bool = False  # a planner's pick: wins before any other rule
    kelompok: str = ""  # population group code (core.stats.groups); blank: everyone

    @property
    def key(self) -> tuple:
        return (self.region_code, self.year, self.month, self.indicator, self.kelompok)

    @property
    def identity(self) -> tuple:
        """One observation per identity: the same figure (key) from the same source."""
        return (*self.key, self.source_url.strip())

    @property
    def kind(self) -> str:
        return source_kind(self.source_url, self.quality, self.source_kind)

    @property
    def rank(self) -> int:
        return SOURCE_KINDS[self.kind][0]


def source_kind(source_url: str, quality=(), explicit: str = "") -> str:
    """The class of a source (see the module docstring): ``bps``, ``pemerintah``, ``berita`` or
    ``ilustratif``."""
    if "illustrative" in (quality or ()):
        return "ilustratif"
    explicit = SOURCE_KIND_ALIASES.get((explicit or "").strip().lower(), "")
    if explicit:
        return explicit
    try:
        host = (urlsplit((source_url or "").strip()).hostname or "").rstrip(".").lower()
    except ValueError:
        host = ""
    if host == "bps.go.id" or host.endswith(".bps.go.id"):
        return "bps"
    if host.endswith(".go.id"):
        return "pemerintah"
    return "berita"


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
        want = curated.get(key[:4]) if not key[4] else curated.get(key)

        def rank(item):
            i, r = item
            return (
                not r.pinned,
                "illustrative" in r.quality,
                -r.priority,
                0 if want is not None and abs(r.value - want) < 1e-9 else 1,
                r.rank,
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
    hints: dict[str, str] = {}
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
            if indicator not in hints:  # one fuzzy search per distinct code, not per row
                hints[indicator] = _closest(indicator, indicators)
            hint = hints[indicator]
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
        kind_text = "" if is_blank(row.get("source_kind")) else str(row.get("source_kind")).strip().lower()
        if kind_text not in SOURCE_KIND_ALIASES:
            problems.add(
                "JENIS_SUMBER_TIDAK_DIKENAL",
                f"Jenis sumber '{kind_text}' tidak dikenal.",
                "Gunakan salah satu: bps, pemerintah, berita, ilustratif (atau kosongkan: jenis sumber dibaca dari alamat source_url).",
                column="source_kind",
                value=kind_text,
                **loc,
            )
            ok = False
        group = group_code("" if is_blank(row.get("kelompok")) else row.get("kelompok"))
        if group is None:
            problems.add(
                "KELOMPOK_TIDAK_DIKENAL",
                f"Kelompok '{str(row.get('kelompok')).strip()}' tidak dikenal.",
                "Gunakan salah satu: " + ", ".join(GROUPS) + " (atau kosongkan untuk semua penduduk).",
                column="kelompok",
                value=str(row.get("kelompok")).strip(),
                **loc,
            )
            ok = False
        elif indicator:
            try:
                indicator, group = normalise(indicator, group)
            except GroupConflict as exc:
                problems.add(
                    "KELOMPOK_BERTENTANGAN",
                    f"Indikator '{indicator}' sudah khusus kelompok '{exc}', tetapi kolom kelompok berisi '{group}'.",
                    f"Kosongkan kolom kelompok atau isi '{exc}'; untuk kelompok lain pakai kode dasar indikatornya.",
                    column="kelompok",
                    value=str(row.get("kelompok")).strip(),
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
            source_kind=SOURCE_KIND_ALIASES.get(kind_text, ""),
            kelompok=group,
        )
        if rec.identity in seen:
            first, first_value = seen[rec.identity]
            if abs(first_value - rec.value) < 1e-9:
                message = f"Baris ini sama persis dengan baris {first} (wilayah, tahun, bulan, indikator, kelompok, nilai dan sumber)."
                fix = "Hapus salah satu baris ganda."
            else:
                message = (f"Baris ini memberi nilai lain ({format_id(rec.value)}) untuk wilayah, tahun, bulan, indikator, kelompok dan sumber "
                           f"yang sama dengan baris {first} ({format_id(first_value)}); satu sumber hanya memberi satu nilai per angka.")
                fix = "Hapus baris yang salah, atau bila keduanya benar isi source_url dengan alamat sumber masing-masing."
            problems.add("BARIS_GANDA", message, fix, **loc)
            continue
        seen[rec.identity] = (rownum, rec.value)
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
    source_url, note; optionally source_kind) with three columns added or set: ``preferred``
    (exactly one True per region, year, month, indicator and group, by :func:`choose_preferred`),
    ``quality`` (comma-separated flags) and ``source_kind`` (the source class).
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
    kinds = out["source_kind"].fillna("").astype(str).tolist() if "source_kind" in out else [""] * len(out)
    groups = out["kelompok"].fillna("").astype(str).tolist() if "kelompok" in out else [""] * len(out)
    records = []
    for i, r in enumerate(out.itertuples(index=False)):
        indicator, group = normalise(str(r.indicator), group_code(groups[i]) or groups[i])
        rec = ObservationRecord(
            region_code=r.region_code,
            year=None if pd.isna(years[i]) else int(years[i]),
            month=None if pd.isna(months[i]) else int(months[i]),
            indicator=indicator,
            value=float(r.value),
            unit=str(r.unit),
            source_url=str(r.source_url),
            note=str(r.note),
            quality=quality_from_note(str(r.note), str(r.source_url)),
            priority=priorities[i],
            source_kind=kinds[i],
            kelompok=group,
        )
        records.append(rec)
    choose_preferred(records, curated)
    out["preferred"] = [r.preferred for r in records]
    out["quality"] = [",".join(sorted(set(r.quality))) for r in records]
    out["source_kind"] = [r.kind for r in records]
    out["indicator"] = [r.indicator for r in records]
    out["kelompok"] = [r.kelompok for r in records]
    return out

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

import pandas as pd

from sinergi.core.links import MAX_URL_CHARS, is_web_url
from sinergi.core.numbers import NotANumber, format_id, parse_int
from sinergi.core.problems import ProblemList
from sinergi.core.rules import (
    Column,
    Refusal,
    apply_rules,
    cell_code,
    cell_text,
    in_row_order,
    number_parser,
    year_parser,
)
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

        def rank(item, want=want):
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


def observation_rules(regions: set[str], indicators: dict[str, str]) -> tuple[Column, ...]:
    """The rules of the observation columns, in the order their problems are reported on a row.

    ``regions``: the known region codes; ``indicators``: catalogue code → default unit."""
    hints: dict[str, str] = {}  # one fuzzy search per distinct unknown code, not per row

    def region(cell) -> str:
        code = cell_code(cell)
        if code not in regions:
            raise Refusal(
                "WILAYAH_TIDAK_DIKENAL",
                f"Kode wilayah '{code}' tidak dikenal.",
                "Gunakan kode BPS: 64 untuk provinsi, atau 6401, 6402, 6403, 6404, 6405, 6409, 6411, 6471, 6472, 6474.",
                value=code,
            )
        return code

    def indicator(cell) -> str:
        code = cell_text(cell)
        if code not in indicators:
            if code not in hints:
                hints[code] = _closest(code, indicators)
            hint = hints[code]
            raise Refusal(
                "INDIKATOR_TIDAK_DIKENAL",
                f"Indikator '{code}' tidak ada di katalog indikator.",
                (f"Mungkin maksudnya '{hint}'? " if hint else "")
                + "Gunakan kode dari katalog (menu Statistik › Katalog indikator) atau minta admin menambahkannya.",
                value=code,
            )
        return code

    return (
        Column("region_code", region, required=True, blank="", blank_refusal=_required("region_code")),
        Column("year", year_parser("TAHUN_TIDAK_VALID", low=1990, high=2100)),
        Column("month", _month),
        Column("indicator", indicator, required=True, blank="", blank_refusal=_required("indicator")),
        Column("value", number_parser("NILAI_BUKAN_ANGKA", "Tulis angka saja, misalnya 4,72 atau 1.234.567 (tanpa satuan atau teks)."),
               required=True, blank_refusal=_required("value")),
        Column("quality", _quality, blank=()),
        Column("unit", _short_text("unit"), blank=""),
        Column("source_url", _source_url, required=True, blank="", blank_refusal=_required("source_url")),
        Column("source_kind", _source_kind, blank=""),
        Column("kelompok", _group, blank=group_code("")),
        Column("note", cell_text, blank=""),
    )


def validate_observations(
    rows: list[tuple[int, dict]],
    regions: set[str],
    indicators: dict[str, str],
    where: dict | None = None,
) -> tuple[list[ObservationRecord], ProblemList]:
    """Check every row; return the records and every problem found, row by row.

    ``rows``: ``(spreadsheet_row_number, {normalised_column: cell})``;
    ``indicators``: catalogue code → default unit; ``where``: ``file``/``sheet`` for problems.
    The cell rules are :func:`observation_rules`; this function adds the rules across columns (an
    indicator code that carries another group than the ``kelompok`` column) and across rows (one
    observation per identity)."""
    where = where or {}
    rules = observation_rules(regions, indicators)
    frame = pd.DataFrame({rule.name: [row.get(rule.name) for _, row in rows] for rule in rules}, dtype=object, columns=[r.name for r in rules])
    # problems are first located by the row's position in ``rows``, then by its spreadsheet row
    cell_problems = ProblemList()
    read = apply_rules(frame, rules, cell_problems, rows=range(len(rows)), file=where.get("file", ""), sheet=where.get("sheet", ""))
    row_problems = ProblemList()
    records = _observation_records(rows, read, indicators, where, row_problems)
    # per row the blank required cells first, then the other cells in column order, then the rest
    rank = {"WAJIB_KOSONG": 0, "KELOMPOK_BERTENTANGAN": 2, "BARIS_GANDA": 2}
    return records, in_row_order([cell_problems, row_problems], [rownum for rownum, _ in rows], lambda p: rank.get(p.code, 1))


def _observation_records(rows, read, indicators: dict[str, str], where: dict, problems: ProblemList) -> list[ObservationRecord]:
    """The records of the rows whose cells were all read, with the checks across columns and rows."""
    v = read.values
    records: list[ObservationRecord] = []
    seen: dict[tuple, tuple[int, float]] = {}
    for i, (rownum, row) in enumerate(rows):
        loc = dict(where, row=i)
        indicator, group = cell_text(row.get("indicator")), v["kelompok"][i]
        if indicator:  # a refused kelompok reads as everyone, which never conflicts
            try:
                indicator, group = normalise(indicator, group)
            except GroupConflict as exc:
                problems.add(
                    "KELOMPOK_BERTENTANGAN",
                    f"Indikator '{indicator}' sudah khusus kelompok '{exc}', tetapi kolom kelompok berisi '{group}'.",
                    f"Kosongkan kolom kelompok atau isi '{exc}'; untuk kelompok lain pakai kode dasar indikatornya.",
                    column="kelompok",
                    value=cell_text(row.get("kelompok")),
                    **loc,
                )
                continue
        if not read.ok[i]:
            continue
        note, source = v["note"][i], v["source_url"][i]
        rec = ObservationRecord(
            region_code=v["region_code"][i],
            year=v["year"][i],
            month=v["month"][i],
            indicator=indicator,
            value=v["value"][i],
            unit=v["unit"][i] or indicators.get(indicator, ""),
            source_url=source,
            note=note,
            quality=sorted(set(v["quality"][i]) | set(quality_from_note(note, source))),
            row=rownum,
            source_kind=v["source_kind"][i],
            kelompok=group,
        )
        if rec.identity in seen:
            _report_duplicate(rec, *seen[rec.identity], problems, loc)
            continue
        seen[rec.identity] = (rownum, rec.value)
        records.append(rec)
    return records


def _report_duplicate(rec: ObservationRecord, first: int, first_value: float, problems: ProblemList, loc: dict) -> None:
    if abs(first_value - rec.value) < 1e-9:
        message = f"Baris ini sama persis dengan baris {first} (wilayah, tahun, bulan, indikator, kelompok, nilai dan sumber)."
        fix = "Hapus salah satu baris ganda."
    else:
        message = (f"Baris ini memberi nilai lain ({format_id(rec.value)}) untuk wilayah, tahun, bulan, indikator, kelompok dan sumber "
                   f"yang sama dengan baris {first} ({format_id(first_value)}); satu sumber hanya memberi satu nilai per angka.")
        fix = "Hapus baris yang salah, atau bila keduanya benar isi source_url dengan alamat sumber masing-masing."
    problems.add("BARIS_GANDA", message, fix, **loc)


def _required(column: str) -> tuple[str, str, str]:
    return ("WAJIB_KOSONG", f"Kolom '{column}' wajib diisi tetapi kosong.", _FIX_EMPTY[column])


def _month(cell) -> int:
    try:
        month = parse_int(cell)
        if not 1 <= month <= 12:
            raise NotANumber(str(month))
    except NotANumber:
        raise Refusal(
            "BULAN_TIDAK_VALID",
            f"Bulan '{cell}' bukan bulan yang sah.",
            "Tulis angka 1–12 (8 = Sakernas Agustus), atau kosongkan untuk angka tahunan.",
            value=str(cell),
        ) from None
    return month


def _quality(cell) -> tuple[str, ...]:
    """Quality flags, separated by commas, semicolons or spaces; every unknown word is refused."""
    flags, unknown = [], []
    for part in filter(None, re.split(r"[;,\s]+", cell_text(cell).lower())):
        if part not in QUALITY_ALIASES:
            unknown.append(Refusal(
                "KUALITAS_TIDAK_DIKENAL",
                f"Tanda kualitas '{part}' tidak dikenal.",
                "Gunakan salah satu: bertentangan, keyakinan_rendah, turunan, ilustratif (atau kosongkan).",
                value=part,
            ))
        elif QUALITY_ALIASES[part]:
            flags.append(QUALITY_ALIASES[part])
    if unknown:
        raise Refusal(unknown[0].code, unknown[0].message, unknown[0].fix, unknown[0].value, also=unknown[1:])
    return tuple(flags)


def _short_text(column: str):
    """Text no longer than its stored column (:data:`MAX_CHARS`)."""
    most = MAX_CHARS[column]

    def parse(cell) -> str:
        text = cell_text(cell)
        if len(text) > most:
            raise Refusal(
                "TEKS_TERLALU_PANJANG",
                f"Isi kolom '{column}' sepanjang {len(text)} karakter, melebihi batas {most} karakter.",
                _FIX_LONG[column],
                value=text[:40] + "…",
            )
        return text

    return parse


def _source_url(cell) -> str:
    text = _short_text("source_url")(cell)
    if not is_web_url(text):
        raise Refusal(
            "SUMBER_BUKAN_ALAMAT_WEB",
            f"Sumber '{text[:60]}' bukan alamat web http(s).",
            "Isi alamat publikasi yang diawali https:// atau http:// (mis. https://kaltim.bps.go.id/…); "
            "alamat lain (javascript:, data:, file:, teks biasa) tidak diterima.",
            value=text[:60],
        )
    return text


def _source_kind(cell) -> str:
    word = cell_text(cell).lower()
    if word not in SOURCE_KIND_ALIASES:
        raise Refusal(
            "JENIS_SUMBER_TIDAK_DIKENAL",
            f"Jenis sumber '{word}' tidak dikenal.",
            "Gunakan salah satu: bps, pemerintah, berita, ilustratif (atau kosongkan: jenis sumber dibaca dari alamat source_url).",
            value=word,
        )
    return SOURCE_KIND_ALIASES[word]


def _group(cell) -> str:
    group = group_code(cell)
    if group is None:
        raise Refusal(
            "KELOMPOK_TIDAK_DIKENAL",
            f"Kelompok '{cell_text(cell)}' tidak dikenal.",
            "Gunakan salah satu: " + ", ".join(GROUPS) + " (atau kosongkan untuk semua penduduk).",
            value=cell_text(cell),
        )
    return group


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

"""The planning nomenclature as a versioned object built from rows and serialisable back.

A :class:`Nomenclature` is one version of the official list (urusan 2.07 and 3.32 plus the
generic program 01 rows ``X.XX.01``): every row with its code, level, name, authority, official
indicator and unit, and source. A proposal round uses one version. Versions are built from
rows — the embedded default, a user's CSV in the same columns, or the official SIPD export —
with :func:`nomenclature_from_rows`, which validates every row, reports all problems at once
and says which codes it normalised.

The embedded default is incomplete at province level (indicators and units of province rows
are blank and some province sub-kegiatan are missing); :meth:`Nomenclature.is_incomplete`
says so, and the checks turn that into advice to import the official nomenclature.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

import pandas as pd
from rapidfuzz import fuzz

from sinergi.core.problems import Problem, ProblemList
from sinergi.core.rules import Column, Refusal, apply_rules

from .codes import (
    DIGIT_LEVEL,
    GENERIC_PREFIX,
    KABKOTA,
    LEVEL_DIGIT,
    LEVELS,
    PROVINSI,
    SUPPORTED_BIDANG,
    CodeInfo,
    lookup_key,
    parse_code,
    split_code_and_name,
)
from .text import fold

COLUMNS = ("code", "level", "name", "authority", "indicator", "unit", "source", "predecessor")
AUTHORITIES = (PROVINSI, KABKOTA, "both")

_AUTHORITY_WORDS = {
    "provinsi": PROVINSI,
    "prov": PROVINSI,
    "pemprov": PROVINSI,
    "1": PROVINSI,
    "kabkota": KABKOTA,
    "kabkot": KABKOTA,
    "kab kota": KABKOTA,
    "kabupaten kota": KABKOTA,
    "kabupaten": KABKOTA,
    "kota": KABKOTA,
    "2": KABKOTA,
    "both": "both",
    "semua": "both",
    "keduanya": "both",
    "provinsi dan kabupaten kota": "both",
}
_LEVEL_WORDS = {
    "urusan": "urusan",
    "bidang": "bidang",
    "bidang urusan": "bidang",
    "program": "program",
    "kegiatan": "kegiatan",
    "sub kegiatan": "sub_kegiatan",
    "subkegiatan": "sub_kegiatan",
    "sub_kegiatan": "sub_kegiatan",
}
# words that differ between the province and regency wording of the same service
_LEVEL_NAME_WORDS = frozenset("provinsi kabupaten kota daerah lintas dalam 1 satu lebih dari".split())


#: kegiatan of the generic support program X.XX.01 a labour office runs (KEWENANGAN.md §3):
#: 01 perencanaan, 02 keuangan, 03 barang milik daerah, 04 pendapatan (retribusi), 05
#: kepegawaian, 06 administrasi umum, 07 pengadaan, 08 jasa penunjang, 09 pemeliharaan, 10 BLUD
#: (e.g. a BLK run as BLUD). 11–16 belong to the regional head, the secretariat and the DPRD.
OFFICE_SUPPORT_KEGIATAN = frozenset(f"{i:02d}" for i in range(1, 11))


@dataclass(frozen=True)
class Entry:
    """One row of the nomenclature."""

    code: str
    level: str
    name: str
    authority: str
    indicator: str = ""
    unit: str = ""
    source: str = ""
    predecessor: str = ""

    @property
    def l_digit(self) -> str:
        parts = self.code.split(".")
        return parts[3] if len(parts) >= 4 else ""

    @property
    def special(self) -> bool:
        """L = 3…8: special-autonomy variants, not for Kalimantan Timur."""
        return self.l_digit not in ("", "1", "2")

    def as_row(self) -> dict:
        return asdict(self)


@dataclass
class NomenclatureImport:
    """The result of building a version: the version itself, notes on what was normalised or
    skipped (as :class:`Problem` records, which locate them), and how many rows of other urusan
    were left out."""

    nomenclature: Nomenclature
    notes: list[Problem] = field(default_factory=list)
    skipped_other_urusan: int = 0


class Nomenclature:
    """One version of the nomenclature; immutable once built."""

    def __init__(
        self,
        entries: Iterable[Entry],
        version: str,
        source: str = "",
        embedded: bool = False,
        incomplete_levels: Iterable[str] | None = None,
    ) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.version = version
        self.source = source
        self.embedded = embedded
        self._by_code: dict[str, list[Entry]] = defaultdict(list)
        for e in self.entries:
            self._by_code[e.code].append(e)
        self._successors: dict[str, list[Entry]] = defaultdict(list)
        for e in self.entries:
            if e.predecessor:
                self._successors[e.predecessor].append(e)
        self.incomplete_levels = frozenset(
            incomplete_levels if incomplete_levels is not None else self._infer_incomplete()
        )
        self._mirrors: dict[str, tuple[str, ...]] | None = None

    # ------------------------------------------------------------------ identity
    def __repr__(self) -> str:
        return f"<Nomenclature {self.version!r}: {len(self.entries)} baris>"

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def fingerprint(self) -> str:
        """A hash of the content: two imports of the same list have the same fingerprint."""
        h = hashlib.sha256()
        for e in sorted(self.entries, key=lambda x: (x.code, x.authority)):
            h.update("\x1f".join([e.code, e.level, e.name, e.authority, e.indicator, e.unit, e.predecessor]).encode())
            h.update(b"\x1e")
        return h.hexdigest()[:16]

    # ------------------------------------------------------------------ lookup
    def find(self, code: str, authority: str | None = None) -> Entry | None:
        """The entry for ``code`` (program 01 codes are found under ``X.XX.01``). With several
        rows for one code (special-autonomy variants), the one of ``authority`` is preferred."""
        rows = self._by_code.get(code) or self._by_code.get(lookup_key(code)) or []
        if not rows:
            return None
        if authority:
            for e in rows:
                if e.authority == authority:
                    return e
            for e in rows:
                if e.authority == "both":
                    return e
        return rows[0]

    def find_all(self, code: str) -> list[Entry]:
        """Every entry published under ``code`` (one per authority for generic and
        special-autonomy rows)."""
        return list(self._by_code.get(code) or self._by_code.get(lookup_key(code)) or [])

    def province_only(self, program_code: str) -> bool:
        """Whether a program exists only for the province (e.g. 2.07.06 pengawasan)."""
        rows = self.find_all(program_code)
        return bool(rows) and all(e.authority == PROVINSI for e in rows)

    def __contains__(self, code: str) -> bool:
        return self.find(code) is not None

    def successors(self, code: str) -> list[Entry]:
        """Entries that replaced ``code`` in this version (from the predecessor column)."""
        return list(self._successors.get(code, []))

    def program_of(self, code: str) -> Entry | None:
        parts = code.split(".")
        return self.find(".".join(parts[:3])) if len(parts) >= 3 else None

    def kegiatan_of(self, code: str, authority: str | None = None) -> Entry | None:
        parts = code.split(".")
        return self.find(".".join(parts[:5]), authority) if len(parts) >= 5 else None

    def children(self, prefix: str, level: str = "sub_kegiatan") -> list[Entry]:
        key = lookup_key(prefix)
        return [e for e in self.entries if e.level == level and e.code.startswith(key + ".")]

    def sub_kegiatan(self, authority: str | None = None) -> list[Entry]:
        """Sub-kegiatan an office of ``authority`` may use: L digit 1 (provinsi) or 2
        (kab/kota), in 2.07, 3.32 or the generic program 01. ``None`` gives both levels."""
        digits = {LEVEL_DIGIT[authority]} if authority else {"1", "2"}
        out = []
        for e in self.entries:
            if e.level != "sub_kegiatan" or e.l_digit not in digits:
                continue
            out.append(e)
        return sorted(out, key=lambda e: _code_sort_key(e.code))

    def offered(self, authority: str | None) -> list[Entry]:
        """The codes a labour/transmigration office is offered in its template and form: its
        level's sub-kegiatan of 2.07 and 3.32, and of the generic support program 01 only the
        kegiatan such an office actually runs (:data:`OFFICE_SUPPORT_KEGIATAN`: planning,
        finance, assets, revenue, staff, general administration, procurement, services,
        maintenance, BLUD) — not the items of the regional head, the regional secretariat or
        the DPRD (kegiatan 11–16). Other codes are still checked, not offered."""
        out = []
        for e in self.sub_kegiatan(authority):
            parts = e.code.split(".")
            if e.code.startswith("X.XX.01.") and (len(parts) < 5 or parts[4] not in OFFICE_SUPPORT_KEGIATAN):
                continue
            out.append(e)
        return out

    def usable_codes(self, authority: str) -> list[str]:
        return [e.code for e in self.sub_kegiatan(authority)]

    # ------------------------------------------------------------------ completeness
    def _infer_incomplete(self) -> set[str]:
        out = set()
        for authority, digit in LEVEL_DIGIT.items():
            rows = [
                e
                for e in self.entries
                if e.level == "sub_kegiatan" and e.l_digit == digit and not e.code.startswith(GENERIC_PREFIX)
            ]
            if not rows:
                out.add(authority)
                continue
            blank = sum(1 for e in rows if not e.indicator or not e.unit)
            if blank / len(rows) > 0.2:
                out.add(authority)
        return out

    def is_incomplete(self, authority: str | None) -> bool:
        return authority in self.incomplete_levels

    # ------------------------------------------------------------------ mirrors
    def mirrors(self, code: str) -> tuple[str, ...]:
        """Sub-kegiatan of the other level that provide the same service (e.g. job fair
        2.07.04.1.03.0003 ↔ 2.07.04.2.03.0003): same program, and either the same name once
        the level words are removed, or the same code with L swapped and a very similar name."""
        if self._mirrors is None:
            self._mirrors = self._compute_mirrors()
        return self._mirrors.get(lookup_key(code), ())

    def _compute_mirrors(self) -> dict[str, tuple[str, ...]]:
        subs = [
            e
            for e in self.entries
            if e.level == "sub_kegiatan" and e.l_digit in ("1", "2") and not e.code.startswith(GENERIC_PREFIX)
        ]
        by_program: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        for e in subs:
            by_program[(".".join(e.code.split(".")[:3]), e.l_digit)].append(e)
        pairs: dict[str, set[str]] = defaultdict(set)
        for (program, digit), provs in by_program.items():
            if digit != "1":
                continue
            kabs = by_program.get((program, "2"), [])
            kab_names = [(k, _level_free_name(k.name)) for k in kabs]
            for p in provs:
                pname = _level_free_name(p.name)
                swapped = p.code.split(".")
                swapped[3] = "2"
                swapped_code = ".".join(swapped)
                for k, kname in kab_names:
                    same_name = pname == kname
                    same_slot = k.code == swapped_code and fuzz.token_sort_ratio(pname, kname) >= 85
                    if same_name or same_slot:
                        pairs[p.code].add(k.code)
                        pairs[k.code].add(p.code)
        return {k: tuple(sorted(v)) for k, v in pairs.items()}

    # ------------------------------------------------------------------ serialisation
    def to_rows(self) -> list[dict]:
        return [e.as_row() for e in self.entries]

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.to_rows(), columns=list(COLUMNS))

    def summary(self) -> dict:
        """Counts per level and authority, for messages and the version list."""
        out: dict = {"versi": self.version, "baris": len(self.entries), "sidik": self.fingerprint}
        for level in LEVELS:
            out[level] = sum(1 for e in self.entries if e.level == level)
        for authority, digit in LEVEL_DIGIT.items():
            out[f"sub_kegiatan_{authority}"] = sum(
                1 for e in self.entries if e.level == "sub_kegiatan" and e.l_digit == digit
            )
        out["belum_lengkap"] = sorted(self.incomplete_levels)
        return out

    def metadata(self) -> dict:
        return {
            "version": self.version,
            "source": self.source,
            "embedded": self.embedded,
            "incomplete_levels": sorted(self.incomplete_levels),
            "fingerprint": self.fingerprint,
        }


def _level_free_name(name: str) -> str:
    return " ".join(w for w in fold(name).split() if w not in _LEVEL_NAME_WORDS)


def _code_sort_key(code: str):
    return [(0, int(p)) if p.isdigit() else (1, p) for p in code.split(".")]


def _clean(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    return " ".join(str(value).split())


# ---------------------------------------------------------------------- building versions
_BLANK_CODE = ("KODE_KOSONG", "Kode kosong.", "Isi kode dengan bentuk U.BB.PP.L.KK.SSSS (mis. 2.07.04.2.01.0002) atau hapus baris ini.")


def _code_cell(cell) -> CodeInfo:
    info = parse_code(cell)
    if not info.code and info.problem == "kode kosong":
        raise Refusal(*_BLANK_CODE)
    if not info.valid:
        raise Refusal("KODE_TIDAK_SAH", f"Kode '{info.raw}' tidak sah: {info.problem}.",
                      "Tulis kode dengan bentuk U.BB.PP.L.KK.SSSS, mis. 2.07.04.2.01.0002.", value=info.raw)
    return info


def _level_cell(cell) -> str | None:
    """The level written in words; ``None`` when there is none (read from the code's shape)."""
    text = fold(cell).replace("_", " ")
    if not text:
        return None
    if text not in _LEVEL_WORDS:
        raise Refusal("TINGKAT_TIDAK_DIKENAL", f"Tingkat '{cell}' tidak dikenal.",
                      "Gunakan urusan, bidang, program, kegiatan atau sub_kegiatan (atau kosongkan: tingkat dibaca dari bentuk kode).",
                      value=str(cell))
    return _LEVEL_WORDS[text]


def _authority_cell(cell) -> str | None:
    """The authority written in words; ``None`` when there is none (read from the code)."""
    text = fold(cell)
    if not text:
        return None
    if text not in _AUTHORITY_WORDS:
        raise Refusal("KEWENANGAN_TIDAK_DIKENAL", f"Kewenangan '{cell}' tidak dikenal.", "Gunakan provinsi, kabkota atau both.", value=str(cell))
    return _AUTHORITY_WORDS[text]


#: how the cells of a nomenclature row are read; what depends on several cells (the level the
#: code's shape gives, the authority its L digit gives) is checked row by row after them
NOMENCLATURE_RULES = (
    Column("code", _code_cell, required=True, blank_refusal=_BLANK_CODE, key=True),
    Column("level", _level_cell),
    Column("authority", _authority_cell),
    Column("name", _clean, blank=""),
)


class _RefusalsByRow:
    """Receives :func:`~sinergi.core.rules.apply_rules`' refusals (rows are positions) by row and
    column: a nomenclature row reports only its first problem, in the order of the checks."""

    def __init__(self) -> None:
        self.of: dict[int, dict[str, dict]] = defaultdict(dict)

    def add(self, code: str, message: str, fix: str = "", *, row: int, column: str, value: str = "", **_where) -> None:
        self.of[row].setdefault(column, {"code": code, "message": message, "fix": fix, "value": value, "column": column})


def nomenclature_from_rows(
    rows: Iterable[Mapping],
    version: str,
    source: str = "",
    embedded: bool = False,
    incomplete_levels: Iterable[str] | None = None,
    file: str = "",
    sheet: str = "",
    row_numbers: list[int] | None = None,
) -> NomenclatureImport:
    """Validate rows (columns :data:`COLUMNS`; ``level``/``authority`` may be blank and are then
    inferred from the code) and build a version.

    Rows of other urusan than 2.07, 3.32 and the generic X.XX.01 are skipped and counted.
    Every problem is collected; if there is any, :class:`ValidationFailed` is raised with all
    of them and nothing is built. Normalised codes are reported as notes.
    """
    problems = ProblemList()
    notes: list[Problem] = []
    entries: dict[tuple[str, str], Entry] = {}
    order: list[tuple[str, str]] = []
    skipped = 0
    rows = list(rows)
    cells = pd.DataFrame(rows, columns=[c.name for c in NOMENCLATURE_RULES], dtype=object)
    refused = _RefusalsByRow()
    parsed = apply_rules(cells, NOMENCLATURE_RULES, refused, rows=range(len(rows))).values
    for i, raw in enumerate(rows):
        where = {"file": file, "sheet": sheet, "row": row_numbers[i] if row_numbers else i + 2}
        refusals = refused.of.get(i, {})
        if "code" in refusals:
            problems.add(**refusals["code"], **where)
            continue
        info = parsed["code"][i]
        if _outside_scope(info):
            skipped += 1
            continue
        if info.normalised:
            notes.append(Problem(code="KODE_DINORMALKAN", message=f"Kode '{info.raw}' dinormalkan menjadi '{info.code}': {'; '.join(info.notes)}.",
                                 column="code", value=info.raw, **where))
        problem = refusals.get("level") or _level_problem(info, parsed["level"][i], raw.get("level"))
        if not problem:
            authority = parsed["authority"][i]
            inferred = DIGIT_LEVEL.get(info.l_digit) if info.kind in ("kegiatan", "sub_kegiatan") else "both"
            authority = authority or inferred or ""
            problem = refusals.get("authority") or _authority_problem(info, authority, raw.get("authority"))
        if not problem and not parsed["name"][i]:
            problem = {"code": "NAMA_KOSONG", "message": f"Nama untuk kode '{info.code}' kosong.",
                       "fix": "Isi nama resmi program/kegiatan/sub-kegiatan.", "column": "name"}
        if problem:
            problems.add(**problem, **where)
            continue
        predecessor = ""
        if _clean(raw.get("predecessor")):
            pinfo = parse_code(raw.get("predecessor"))
            predecessor = pinfo.code if pinfo.valid else ""
        entry = Entry(
            code=info.code,
            level=parsed["level"][i] or info.kind,
            name=parsed["name"][i],
            authority=authority,
            indicator=_clean(raw.get("indicator")),
            unit=_clean(raw.get("unit")),
            source=_clean(raw.get("source")) or source,
            predecessor=predecessor,
        )
        key = (entry.code, entry.authority)
        if key in entries:
            old = entries[key]
            if fold(old.name) != fold(entry.name):
                problems.add(
                    "KODE_GANDA",
                    f"Kode '{entry.code}' ({entry.authority}) muncul lebih dari sekali dengan nama berbeda ('{old.name}' dan '{entry.name}').",
                    "Hapus salah satu baris atau perbaiki kodenya.",
                    column="code",
                    value=entry.code,
                    **where,
                )
            elif not old.indicator and entry.indicator:
                entries[key] = entry
            continue
        entries[key] = entry
        order.append(key)
    built = [entries[k] for k in order]
    if not problems and not any(e.level == "sub_kegiatan" for e in built):
        problems.add(
            "TIDAK_ADA_SUB_KEGIATAN",
            "Berkas tidak memuat satu pun sub-kegiatan urusan 2.07 (tenaga kerja) atau 3.32 (transmigrasi).",
            "Periksa bahwa berkas ini nomenklatur sub-kegiatan, bukan daftar lain.",
            file=file,
            sheet=sheet,
        )
    problems.raise_if_any()
    notes += _missing_parents(built, file, sheet)
    nom = Nomenclature(built, version=version, source=source, embedded=embedded, incomplete_levels=incomplete_levels)
    return NomenclatureImport(nom, notes, skipped)


def _outside_scope(info: CodeInfo) -> bool:
    """Rows of other urusan than 2.07, 3.32 and the generic X.XX.01 (skipped and counted)."""
    segs = info.segments
    bidang = ".".join(segs[:2])
    if info.kind != "urusan" and bidang not in SUPPORTED_BIDANG and bidang != GENERIC_PREFIX:
        return True
    return info.kind == "urusan" and segs[0] not in ("2", "3")


def _level_problem(info: CodeInfo, level: str | None, written) -> dict | None:
    if (level or info.kind) != info.kind:
        return {"code": "TINGKAT_TIDAK_COCOK",
                "message": f"Kode '{info.code}' berbentuk {info.kind.replace('_', '-')}, tetapi tingkatnya ditulis '{written}'.",
                "fix": "Perbaiki kode atau kolom level agar sesuai.", "column": "level", "value": str(written)}
    return None


def _authority_problem(info: CodeInfo, authority: str, written) -> dict | None:
    if not authority:
        return {"code": "KEWENANGAN_KOSONG",
                "message": f"Kewenangan kode '{info.code}' kosong dan tidak dapat dibaca dari kode (L = {info.l_digit}).",
                "fix": "Isi kolom authority dengan provinsi atau kabkota.", "column": "authority"}
    if info.kind in ("kegiatan", "sub_kegiatan") and info.l_digit in ("1", "2") and authority != DIGIT_LEVEL[info.l_digit]:
        return {"code": "KEWENANGAN_TIDAK_COCOK",
                "message": f"Kode '{info.code}' memakai L = {info.l_digit} ({DIGIT_LEVEL[info.l_digit]}), tetapi kewenangannya ditulis '{written}'.",
                "fix": f"Pada nomenklatur resmi L = 1 untuk provinsi dan L = 2 untuk kabupaten/kota; isi '{DIGIT_LEVEL[info.l_digit]}'.",
                "column": "authority", "value": str(written)}
    return None


def _missing_parents(built: list[Entry], file: str, sheet: str) -> list[Problem]:
    """Notes on sub-kegiatan whose kegiatan row is not in the file."""
    codes = {e.code for e in built}
    notes = []
    for e in built:
        if e.level == "sub_kegiatan":
            parent = ".".join(e.code.split(".")[:5])
            if parent not in codes:
                notes.append(Problem(code="INDUK_TIDAK_ADA",
                                     message=f"Sub-kegiatan '{e.code}' tidak memiliki baris kegiatan induk '{parent}' dalam berkas.",
                                     file=file, sheet=sheet))
    return notes


# ---------------------------------------------------------------------- the SIPD layout
SIPD_COLUMNS = ("jenis_pemda", "bidang", "program", "kegiatan", "subkegiatan", "indikator", "satuan")


def is_sipd_layout(columns: Iterable[str]) -> bool:
    cols = {c.replace(" ", "_") for c in columns}
    return {"program", "kegiatan"} <= cols and bool({"subkegiatan", "sub_kegiatan"} & cols)


def rows_from_sipd(records: Iterable[Mapping], source: str = "") -> tuple[list[dict], list[int]]:
    """Turn rows of the official SIPD export (one row per sub-kegiatan, with columns JENIS
    PEMDA, BIDANG, PROGRAM, KEGIATAN, SUBKEGIATAN, KINERJA, INDIKATOR, SATUAN, …, SUBKEGIATAN
    SEBELUMNYA; header names normalised to lower case with underscores) into nomenclature rows.

    Each code cell may hold the code and the name together ("2.07.04.2.01 Pelayanan …") or the
    name may sit in a separate column (``nama_program``, ``nama_kegiatan``,
    ``nama_subkegiatan``). Program, kegiatan and bidang rows are emitted once. Returns the rows
    and, for each, the index of the source record it came from.
    """
    out: list[dict] = []
    origin: list[int] = []
    seen: set[tuple[str, str]] = set()
    for idx, rec in enumerate(records):
        rec = {k.replace(" ", "_"): v for k, v in rec.items()}
        jenis = fold(rec.get("jenis_pemda"))
        authority = PROVINSI if jenis.startswith("prov") else KABKOTA if jenis.startswith("kab") else ""
        sub_cell = rec.get("subkegiatan", rec.get("sub_kegiatan"))
        parts = [
            ("bidang", rec.get("bidang"), rec.get("nama_bidang")),
            ("program", rec.get("program"), rec.get("nama_program")),
            ("kegiatan", rec.get("kegiatan"), rec.get("nama_kegiatan")),
            ("sub_kegiatan", sub_cell, rec.get("nama_subkegiatan", rec.get("nama_sub_kegiatan"))),
        ]
        for level, cell, name_cell in parts:
            code, name = split_code_and_name(cell)
            if name_cell is not None and _clean(name_cell):
                name = _clean(name_cell)
            if not code and level == "sub_kegiatan":
                code = _clean(cell)  # a bare, unusual value: let validation report it
            if not code:
                continue
            info = parse_code(code)
            auth = authority
            if level in ("bidang", "program"):
                auth = "both"
            elif info.valid and info.l_digit in ("1", "2"):
                auth = DIGIT_LEVEL[info.l_digit]
            key = (info.code or code, auth)
            if level != "sub_kegiatan":
                if key in seen:
                    continue
                seen.add(key)
            row = {"code": code, "level": level, "name": name, "authority": auth, "source": source}
            if level == "sub_kegiatan":
                row["indicator"] = rec.get("indikator", "")
                row["unit"] = rec.get("satuan", "")
                prev = _clean(rec.get("subkegiatan_sebelumnya", rec.get("sub_kegiatan_sebelumnya")))
                row["predecessor"] = split_code_and_name(prev)[0] if prev else ""
            out.append(row)
            origin.append(idx)
    return out, origin


__all__ = [
    "COLUMNS",
    "Entry",
    "Nomenclature",
    "NomenclatureImport",
    "is_sipd_layout",
    "nomenclature_from_rows",
    "rows_from_sipd",
]

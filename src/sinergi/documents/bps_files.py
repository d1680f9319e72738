"""BPS files as offices download them, turned into the long form of observations.

Two shapes besides Sinergi's own long form (``region_code, year, month, indicator, value,
source_url …``), told apart by :func:`detect_format`:

* ``tabel_bps`` — a BPS dynamic table saved as XLSX or CSV: a title row, a header of one to
  three (merged) rows with variables, years and rounds across, regions (or variables) down the
  first column, footnotes below; several such blocks may follow each other on one sheet;
* ``api_bps`` — a saved response of the BPS Web API "dynamic data" call (JSON with ``var``,
  ``vervar``, ``turvar``, ``tahun``, ``turtahun`` and ``datacontent``).

A breakdown by population group — a column header "Laki-laki"/"Perempuan", "Perkotaan"/"Perdesaan",
"15-24", an education level, or the API's ``turvar`` — is read as the row's ``kelompok``
(:mod:`sinergi.core.stats.groups`), not as part of the variable: "TPT › Perempuan" is the variable
TPT for the group ``perempuan`` (stored under ``tpt_female``, the catalogue's own code for it). A
header that names everyone ("Perkotaan+Perdesaan", "Jumlah", "L+P") is no group.

Both become a :class:`~sinergi.documents.tables.Table` in the long form whose ``rows`` are the
rows of the BPS file, so the one statistics import (``web/statistics/actions.py``) validates,
previews and writes them like any long-form file. BPS variables map to catalogue indicators
through ``data/bps/variabel.csv`` (editable) and, failing that, through the catalogue names;
when neither is sure the reader raises :class:`VariableUndecided` with the candidates.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sinergi.core.columns import spellings, with_spellings
from sinergi.core.numbers import NotANumber, is_blank, parse_number
from sinergi.core.problems import Problem, ProblemList, ValidationFailed
from sinergi.core.stats.groups import group_code
from sinergi.core.stats.observations import REQUIRED
from sinergi.core.sync.text import fold
from sinergi.data import data_path
from sinergi.documents.tables import Table, normalise_header, read_tables

LONG_FORM = "panjang"
BPS_TABLE = "tabel_bps"
BPS_API = "api_bps"
COLUMNS = ["region_code", "region", "year", "month", "indicator", "value", "unit", "source_url", "note", "source_kind", "kelompok"]

MONTHS = {
    "januari": 1, "februari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "december": 12,
}
ANNUAL = {"tahunan", "tahun", "annual", "setahun"}
MISSING = {"-", "–", "—", "...", "…", "na", "n/a", "x", "", "tidak ada data"}
LABEL_HEADERS = {"provinsi", "kabupaten kota", "kabupaten", "kota", "wilayah", "jenis kegiatan", "uraian", "rincian",
                 "no", "nomor", "variabel", "indikator", "kegiatan", "karakteristik"}
NATIONAL = {"indonesia", "total", "jumlah", "nasional", "total nasional"}
SCALES = {"ribu": "thousand", "juta": "million", "miliar": "billion", "milyar": "billion", "triliun": "trillion"}
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_URL = re.compile(r"https?://[^\s\"'<>]+")
_PARENS = re.compile(r"\([^)]*\)")
_CODED = re.compile(r"^\[?(\d{2}(?:\.?\d{2})?)\]?\s+\D")
_ENUM = re.compile(r"^\s*(?:[a-z]|\d{1,2}|[ivx]{1,4})[.)]\s+", re.I)


# ---------------------------------------------------------------------- reference
@dataclass(frozen=True)
class MapRow:
    pattern: tuple[str, ...]
    indicator: str  # "-" = known BPS variable that is not imported (derivable, or not in the catalogue)
    month: int | None
    decimals: int | None
    note: str


def load_variable_map() -> list[MapRow]:
    """``data/bps/variabel.csv``: folded label path (``a > b``) → indicator, default month, decimals."""
    out = []
    with open(data_path("bps", "variabel.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            pattern = tuple(p for p in (fold(x) for x in r["variabel"].split(">")) if p)
            if not pattern:
                continue
            out.append(MapRow(pattern, r["indikator"].strip(), int(r["bulan"]) if (r.get("bulan") or "").strip() else None,
                              int(r["desimal"]) if (r.get("desimal") or "").strip() else None, (r.get("catatan") or "").strip()))
    return out


def load_catalogue() -> dict[str, tuple[str, str]]:
    """The embedded indicator catalogue: code → (Indonesian name, unit)."""
    with open(data_path("kaltim", "indicators.csv"), newline="", encoding="utf-8") as f:
        return {r["code"]: (r["name_id"], r.get("unit", "")) for r in csv.DictReader(f)}


def load_regions():
    from sinergi.documents.sync_files import load_regions as regions

    return regions()


# ---------------------------------------------------------------------- results
@dataclass
class Variable:
    """One BPS variable of a file and the indicator it maps to."""

    label: str  # as written in the file, path joined by " › "
    indicator: str = ""  # '' while undecided, '-' when skipped on purpose
    how: str = ""  # "tabel pemetaan", "nama katalog", "pilihan pengguna"
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    month: int | None = None
    decimals: int | None = None
    note: str = ""
    where: dict = field(default_factory=dict)


@dataclass
class BpsFile:
    """A BPS file read into the long form (``table``), with what was skipped and why."""

    kind: str
    title: str
    table: Table
    variables: list[Variable]
    notes: list[str]
    source_url: str


class VariableUndecided(ValidationFailed):
    """Some variables could not be matched to one catalogue indicator; ``variables`` lists them
    with candidates. Choose with ``indicators={label: code}`` (or ``{"": code}`` for the only one)."""

    def __init__(self, problems, variables):
        self.variables = variables
        super().__init__(problems)


# ---------------------------------------------------------------------- detection
def detect_format(path: str | Path, display_name: str | None = None, tables: list[Table] | None = None) -> str:
    """``panjang`` (Sinergi long form), ``tabel_bps`` or ``api_bps``, from the file itself
    (``tables``: the file's tables when already read)."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        return BPS_API
    tables = tables if tables is not None else read_tables(path, display_name)
    long_cols = {normalise_header(c) for c in REQUIRED} | {"indicator", "region_code"}
    region_year = spellings("region_code", "year")  # wilayah_kode, tahun: the synchronisation files' names
    for t in tables:
        if len(long_cols & set(with_spellings(t.frame, region_year).columns)) >= 3:
            return LONG_FORM
    return BPS_TABLE


def read_bps(path: str | Path, display_name: str | None = None, *, source_url: str = "", month: int | None = None,
             indicators: dict[str, str] | None = None, catalogue: dict[str, tuple[str, str]] | None = None,
             regions=None, tables: list[Table] | None = None) -> BpsFile:
    """Read a BPS table (XLSX/CSV) or a saved BPS Web API response (JSON) into the long form.

    ``source_url`` — the table's address (otherwise a URL written in the file); ``month`` — the
    month for values whose file states no round (otherwise the mapping's default);
    ``indicators`` — choices for undecided variables; ``tables`` — the file's tables when
    already read (:func:`~sinergi.documents.tables.read_tables`). Raises :class:`ValidationFailed`
    (or :class:`VariableUndecided`) with every problem; nothing is guessed silently.
    """
    path = Path(path)
    name = display_name or path.name
    ctx = _Context(
        name=name,
        catalogue=catalogue if catalogue is not None else load_catalogue(),
        regions=regions if regions is not None else load_regions(),
        mapping=load_variable_map(),
        choices={fold(k) if k else "": v.strip() for k, v in (indicators or {}).items() if v and v.strip()},
        month=month,
    )
    if path.suffix.lower() == ".json":
        return _read_api(path, ctx, source_url)
    return _read_table(tables if tables is not None else read_tables(path, name), ctx, source_url)


@dataclass
class _Context:
    name: str
    catalogue: dict
    regions: object
    mapping: list
    choices: dict
    month: int | None
    variables: dict = field(default_factory=dict)  # label → Variable

    def region(self, text) -> str:
        """Our region code for a name/code in any BPS spelling ("KOTA SAMARINDA", "Kab. Paser",
        "[6472] Samarinda", "Kaltim"), or ''."""
        code, problem = self.regions.normalise_office(text)
        if code:
            return code
        m = _CODED.match(_text(text))
        if m:  # the name decides (a dotted code may be Kemendagri's numbering, see core/geo.py)
            name = _text(text)[m.end(1):].lstrip("] ")
            code = self.region(name) or (self.regions.normalise_office(m.group(1))[0] if "." not in m.group(1) else "")
            if code:
                return code
        folded = fold(text)
        for prefix in ("provinsi ", "prov ", "kabupaten ", "kab ", "kota "):
            if folded.startswith(prefix):
                code, _ = self.regions.normalise_office(folded[len(prefix):])
                if code:
                    return code
        return ""


# ---------------------------------------------------------------------- cell helpers
def _text(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return " ".join(str(v).split())


def _missing(v) -> bool:
    return is_blank(v) or (isinstance(v, str) and v.strip().lower() in MISSING)


def _number(v) -> float | None:
    """The cell as a number, None for '-' and blanks; raises NotANumber for text."""
    if _missing(v):
        return None
    if isinstance(v, bool):
        raise NotANumber(str(v))
    if isinstance(v, (int, float)):
        return float(v)
    return parse_number(str(v).strip())


def _numeric_or_missing(v) -> bool:
    try:
        _number(v)
        return True
    except NotANumber:
        return False


def _clean_label(text: str) -> str:
    """A header or row label folded for matching: enumeration ('a.'), parentheses, '*)' removed."""
    t = _ENUM.sub("", str(text))
    t = _PARENS.sub(" ", t.replace("*)", " "))
    return fold(t)


def _period(text: str) -> tuple[int | None, int | None, bool, str]:
    """Year, month, annual flag and the rest of a header text without the period words."""
    t = fold(_PARENS.sub(" ", str(text)))
    years = _YEAR.findall(t)
    year = int(years[0]) if len(years) == 1 else None
    month, annual, rest = None, False, []
    for w in t.split():
        if w in MONTHS:
            month = MONTHS[w]
        elif w in ANNUAL:
            annual = True
        elif _YEAR.fullmatch(w):
            continue
        else:
            rest.append(w)
    if len(years) > 1:  # "2019 - 2022": a range says nothing about one column
        year = None
    return year, month, annual, " ".join(rest)


def _unit_scale(text: str) -> str:
    for w in fold(text).split():
        if w in SCALES:
            return SCALES[w]
    return ""


def _scaled_unit(indicator_unit: str, scale: str) -> str:
    if not scale:
        return indicator_unit
    base = indicator_unit
    for s in ("thousand ", "million ", "billion ", "trillion "):
        if base.startswith(s):
            base = base[len(s):]
    return f"{scale} {base}".strip()


def _round(value: float, decimals: int | None) -> float:
    if decimals is not None:
        value = round(value, decimals)
    value = round(value, 6)  # float noise such as 64004.00000000001
    return float(int(value)) if value.is_integer() else value


def _col_letter(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


# ---------------------------------------------------------------------- variables
def _split_group(label_path: list[str], drop_everyone: bool = False) -> tuple[str, list[str]]:
    """The population group named by a header element of the path (``"Perempuan"``), and the
    path without it; ``("", path)`` when no element names a group other than everyone. With
    ``drop_everyone`` (the table breaks its columns down by group) an element naming everyone
    ("Jumlah", "L+P") is dropped too: it is the total of that breakdown, not a variable."""
    group, rest = "", []
    for t in label_path:
        g = group_code(_PARENS.sub("", t))
        if g and g != "semua" and not group:
            group = g
            continue
        if g == "semua" and drop_everyone:
            continue
        rest.append(t)
    return group, rest


def _match(path: list[str], mapping: list[MapRow]) -> list[tuple[int, MapRow]]:
    """Mapping rows that match a folded label path, best first. A pattern matches when its
    elements appear, in order, as whole phrases in the path elements, the last one in the
    path's last element (the leaf); an exact leaf counts most, then the longer pattern."""
    scored = []
    for row in mapping:
        pat = row.pattern
        if not path:
            continue
        leaf = path[-1]
        if not _phrase(pat[-1], leaf):
            continue
        j, ok = 0, True
        for p in pat[:-1]:
            while j < len(path) - 1 and not _phrase(p, path[j]):
                j += 1
            if j >= len(path) - 1:
                ok = False
                break
            j += 1
        if not ok:
            continue
        score = sum(len(p) for p in pat) + (100 if pat[-1] == leaf else 0)
        scored.append((score, row))
    scored.sort(key=lambda x: -x[0])
    return scored


def _phrase(p: str, text: str) -> bool:
    return f" {p} " in f" {text} "


def _resolve(ctx: _Context, label: str, path: list[str], where: dict) -> Variable:
    """The catalogue indicator of one BPS variable (label path as written; ``path`` folded)."""
    if label in ctx.variables:
        return ctx.variables[label]
    var = Variable(label=label, where=where)
    chosen = ctx.choices.get(fold(label))
    scored = _match(path, ctx.mapping)
    if scored:
        best = scored[0]
        var.month, var.decimals, var.note = best[1].month, best[1].decimals, best[1].note
    if chosen:
        _choose(ctx, var, chosen)
    elif scored and (len(scored) == 1 or scored[1][0] < scored[0][0] or scored[1][1].indicator == scored[0][1].indicator):
        var.indicator, var.how = scored[0][1].indicator, "tabel pemetaan"
    else:
        leaf = path[-1] if path else ""
        by_name = [code for code, (nm, _) in ctx.catalogue.items() if leaf and (_clean_label(nm) == leaf or fold(code) == leaf)]
        if len(by_name) == 1:
            var.indicator, var.how = by_name[0], "nama katalog"
        else:
            var.candidates = _candidates(ctx, path, scored)
    ctx.variables[label] = var
    return var


_GENERIC = {"persentase", "menurut", "provinsi", "kabupaten", "kota", "tingkat", "jumlah", "di", "dan", "yang", "ke",
            "atas", "pangsa", "terhadap", "share"}


def _content(text: str) -> str:
    return " ".join(w for w in text.split() if w not in _GENERIC)


_RATE_WORDS = ("tingkat", "persentase", "rasio", "persen", "%", "laju", "rate")


def _is_rate_label(text: str) -> bool:
    words = text.lower().replace("(", " ").replace(")", " ").split()
    return any(w in _RATE_WORDS for w in words) and "jumlah" not in words


def _is_rate_unit(unit: str) -> bool:
    u = (unit or "").lower()
    return u.startswith("percent") or u.startswith("persen") or u == "%" or " per 100 " in f" {u} "


def _candidates(ctx: _Context, path: list[str], scored) -> list[tuple[str, str]]:
    """Likely indicators for an undecided variable: the mapping's near misses, then the
    catalogue names (and codes) closest to the variable's own words."""
    codes = [row.indicator for _, row in scored if row.indicator not in ("-", "")]
    try:
        from rapidfuzz import fuzz, process

        names = {code: _content(_clean_label(nm) + " " + code.replace("_", " ")) for code, (nm, _) in ctx.catalogue.items()}
        query = _content(path[-1]) if path else ""
        if query:
            # a rate ("tingkat", "persentase", "%") ranks rates first, a count ("jumlah") counts:
            # "Tingkat Pengangguran Terbuka" is tpt (percent), not pengangguran (persons)
            wants_rate = _is_rate_label(path[-1])
            found = process.extract(query, names, scorer=fuzz.token_set_ratio, limit=10)
            found.sort(key=lambda f: -(f[1] + (15 if _is_rate_unit(ctx.catalogue[f[2]][1]) == wants_rate else 0)))
            codes += [code for _name, _score, code in found[:6]]
    except ImportError:  # pragma: no cover - rapidfuzz is a dependency
        pass
    out, seen = [], set()
    for c in codes:
        if c in ctx.catalogue and c not in seen:
            seen.add(c)
            out.append((c, ctx.catalogue[c][0]))
    return out[:6]


def _apply_single_choice(ctx: _Context) -> None:
    """``--indikator KODE`` without a label decides the one variable that is undecided (or,
    when the file has one variable only, overrides the mapping)."""
    code = ctx.choices.get("")
    if not code:
        return
    undecided = [v for v in ctx.variables.values() if not v.indicator]
    targets = undecided if undecided else list(ctx.variables.values())
    if len(targets) == 1:
        _choose(ctx, targets[0], code)


def _choose(ctx: _Context, var: Variable, code: str) -> None:
    """The user's choice; the month and decimals the mapping gives that indicator elsewhere."""
    var.indicator, var.how = code, "pilihan pengguna"
    row = next((r for r in ctx.mapping if r.indicator == code), None)
    if row is not None:
        var.month, var.decimals = row.month, row.decimals


def _check_variables(ctx: _Context) -> None:
    problems = ProblemList()
    for v in ctx.variables.values():
        if v.indicator and v.indicator != "-" and v.indicator not in ctx.catalogue:
            problems.add("INDIKATOR_TIDAK_DIKENAL", f"Indikator '{v.indicator}' yang dipilih untuk variabel '{v.label}' tidak ada di katalog.",
                         "Pilih kode dari katalog indikator (menu Statistik › Katalog indikator).", **v.where, value=v.indicator)
    problems.raise_if_any()
    undecided = [v for v in ctx.variables.values() if not v.indicator]
    if not undecided:
        return
    many = len(undecided) > 1
    out = []
    for v in undecided:
        cands = ", ".join(f"{c} ({n})" for c, n in v.candidates) or "tidak ada yang mirip"
        fix = (f"Pilih indikatornya: --indikator \"{v.label}=KODE\"" if many else "Pilih indikatornya: --indikator KODE") + \
              " (di halaman impor: pilih pada daftar), atau tambahkan baris untuk variabel ini di data/bps/variabel.csv."
        out.append(Problem("VARIABEL_BELUM_PASTI", f"Variabel BPS '{v.label}' tidak dapat dipastikan indikatornya di katalog. Calon: {cands}.",
                           fix, **v.where, value=v.label))
    raise VariableUndecided(out, undecided)


# ---------------------------------------------------------------------- source
def _source(ctx: _Context, given: str, found: str, where: dict) -> str:
    url = (given or "").strip() or found
    if not url:
        raise ValidationFailed([Problem(
            "SUMBER_TIDAK_ADA",
            "Berkas BPS ini tidak menyebut alamat sumbernya, padahal setiap angka di Sinergi harus dapat ditelusuri.",
            "Beri alamat tabel atau permintaan API BPS-nya: --sumber URL (di halaman impor: isian 'Alamat sumber').",
            **where)])
    if not re.match(r"https?://", url):
        raise ValidationFailed([Problem(
            "SUMBER_BUKAN_URL", f"Alamat sumber '{url}' bukan alamat web (http/https).",
            "Tulis alamat lengkap, misalnya https://kaltim.bps.go.id/id/statistics-table/…", **where, value=url)])
    return url


# ---------------------------------------------------------------------- BPS tables
@dataclass
class _Block:
    header: list[int]  # row indexes (0-based) of the header rows
    data: list[int]


def _filled(grid: Table) -> list[list]:
    """The sheet's raw cells, rectangular, every cell of a merged range holding its text."""
    width = max((len(r) for r in grid.grid), default=0)
    cells = [list(r) + [None] * (width - len(r)) for r in grid.grid]
    for r0, c0, r1, c1 in grid.ranges:
        if r0 - 1 >= len(cells) or c0 - 1 >= width:
            continue
        v = cells[r0 - 1][c0 - 1]
        for r in range(r0 - 1, min(r1, len(cells))):
            for c in range(c0 - 1, min(c1, width)):
                cells[r][c] = v
    return cells


def _label_column(cells: list[list]) -> int:
    """0, or 1 when the first column numbers the rows ('No' header, or 1, 2, 3 …)."""
    firsts = [r[0] for r in cells if r and not is_blank(r[0])]
    if any(fold(v) in ("no", "nomor") for v in firsts):
        return 1
    return 0


def _is_data(row: list, label_col: int) -> bool:
    """A row with a label (a region or a variable) and at least one number after it; text in a
    value cell does not hide the row (it is reported), a row of years is a header."""
    label = _text(row[label_col]) if label_col < len(row) else ""
    if not label or _numeric_or_missing(label) or _clean_label(label) in LABEL_HEADERS:
        return False
    values = [v for v in row[label_col + 1:] if not is_blank(v)]
    numbers = [v for v in values if not _missing(v) and _numeric_or_missing(v)]
    if not numbers:
        return False
    if len(numbers) == len(values) >= 2 and all(_YEAR.fullmatch(_text(v)) for v in numbers):
        return False
    return True


def _blocks(cells: list[list], label_col: int) -> tuple[str, int | None, list[_Block], list[int]]:
    """Title (text, row), header+data blocks and footer rows of a sheet."""
    title, title_row = "", None
    blocks: list[_Block] = []
    pending: list[int] = []
    data: list[int] = []
    for i, row in enumerate(cells):
        texts = [_text(v) for v in row]
        if not any(texts):
            continue
        if _is_data(row, label_col):
            if pending or not blocks:
                blocks.append(_Block(header=pending, data=[]))
                pending = []
            blocks[-1].data.append(i)
            data.append(i)
            continue
        distinct = {t for t in texts if t}
        if not blocks and not pending and title_row is None and len(distinct) == 1:
            title, title_row = next(iter(distinct)), i
            continue
        pending.append(i)
    return title, title_row, blocks, pending


def _column_paths(cells: list[list], header: list[int], label_col: int, csv_like: bool) -> dict[int, list[str]]:
    """Header texts above each value column, top to bottom, repeated merged texts once."""
    width = len(cells[0]) if cells else 0
    rows = [list(cells[h]) for h in header]
    if csv_like:  # a CSV keeps a merged text in its first cell only: carry it right within its parent
        for k, row in enumerate(rows[:-1]):
            for c in range(label_col + 2, width):
                parent_same = k == 0 or rows[k - 1][c] == rows[k - 1][c - 1]
                if is_blank(row[c]) and parent_same and not is_blank(row[c - 1]) and c - 1 > label_col:
                    row[c] = row[c - 1]
    paths = {}
    for c in range(label_col + 1, width):
        path = []
        for row in rows:
            t = _text(row[c]) if c < len(row) else ""
            if t and (not path or path[-1] != t):
                path.append(t)
        paths[c] = path
    return paths


def _read_table(grids: list[Table], ctx: _Context, source_url: str) -> BpsFile:
    problems = ProblemList()
    results = []
    for grid in grids:
        cells = _filled(grid)
        label_col = _label_column(cells)
        title, title_row, blocks, footer = _blocks(cells, label_col)
        if not blocks:
            continue
        results.append((grid, cells, label_col, title, title_row, blocks, footer))
    if not results:
        g = grids[0]
        cells = _filled(g)
        numeric_first = any(_numeric_or_missing(r[0]) and not is_blank(r[0]) for r in cells if r)
        if numeric_first:
            raise ValidationFailed([Problem(
                "KOLOM_WILAYAH_TIDAK_ADA",
                "Tabel ini tidak punya kolom nama wilayah (atau nama variabel): kolom pertamanya berisi angka.",
                "Unduh ulang tabel dari BPS dengan wilayah di kolom pertama (baris = provinsi atau kabupaten/kota), atau isi bentuk panjang Sinergi.",
                file=ctx.name, sheet=g.sheet, column="A")])
        raise ValidationFailed([Problem(
            "TABEL_BPS_TIDAK_DIKENALI",
            "Berkas ini bukan bentuk panjang Sinergi dan tidak tampak seperti tabel BPS: tidak ada baris berisi nama wilayah diikuti angka.",
            "Unggah tabel dinamis BPS apa adanya (judul, judul kolom, baris wilayah, angka), atau bentuk panjang dengan kolom region_code, year, indicator, value, source_url.",
            file=ctx.name, sheet=g.sheet)])

    notes: list[str] = []
    out_rows: list[dict] = []
    out_lines: list[int] = []
    found_url = ""
    titles = []
    sheet_name = results[0][0].sheet
    for grid, cells, label_col, title, title_row, blocks, footer in results:
        where_sheet = {"file": ctx.name, "sheet": grid.sheet}
        for row in cells:
            for v in row:
                m = _URL.search(_text(v))
                if m and not found_url:
                    found_url = m.group(0).rstrip(".,;)")
        titles.append(title)
        t_year, t_month, _, t_rest = _period(title) if title else (None, None, False, "")
        title_folded = _clean_label(t_rest)
        labels = [(_text(cells[i][label_col]), i) for b in blocks for i in b.data]
        ours = {i: ctx.region(lbl) for lbl, i in labels}
        region_rows = any(ours.values())
        title_region = ""
        if not region_rows:
            # variables down the rows: the region is named in the title (or the table is national)
            title_region = _region_in_text(ctx, title)
            if not title_region:
                found = sorted({lbl for lbl, _ in labels})
                problems.add(
                    "TIDAK_ADA_WILAYAH_KITA",
                    "Tabel ini tidak berisi angka untuk Kalimantan Timur atau kabupaten/kotanya: "
                    + ("judulnya tidak menyebut wilayah (angka nasional)" if all(_match([_clean_label(x)], ctx.mapping) for x in found[:3]) else
                       f"baris yang ada: {', '.join(found[:8])}{' …' if len(found) > 8 else ''}") + ".",
                    "Unduh tabel BPS untuk Kalimantan Timur (provinsi dan kabupaten/kota) dari kaltim.bps.go.id, lalu impor tabel itu.",
                    row=(title_row + 1) if title_row is not None else None, **where_sheet)
                continue
        skipped_regions: set[str] = set()
        no_year: set[int] = set()
        missing_cells = 0
        for b in blocks:
            paths = _column_paths(cells, b.header, label_col, csv_like=not grid.ranges)
            periods = {}
            last = (None, None, False)
            for c, pth in paths.items():
                year = month = None
                annual = False
                rest = []
                for t in pth:
                    y, m, a, r = _period(t)
                    year = y or year
                    month = m or month
                    annual = annual or a
                    if r:
                        rest.append(t)
                if year is None and last[0] is not None:
                    year, month, annual = last if month is None and not annual else (last[0], month, annual)
                elif year is not None:
                    last = (year, month, annual)
                periods[c] = (year or t_year, month or (None if annual else t_month), annual, rest)
            by_group = any(_split_group(p[3])[0] for p in periods.values())  # columns broken down by group
            header_row = (b.header[-1] + 1) if b.header else (b.data[0] + 1)
            parent = ""
            for i in b.data:
                row = cells[i]
                label = _text(row[label_col])
                if region_rows:
                    code = ours[i]
                    if not code:
                        skipped_regions.add(label)
                        continue
                    row_path: list[str] = []
                else:
                    code = title_region
                    if _ENUM.match(label) and parent:
                        row_path = [parent, label]
                    else:
                        parent = label
                        row_path = [label]
                for c, (year, month, annual, rest) in periods.items():
                    v = row[c] if c < len(row) else None
                    if is_blank(v) and not rest and year is None:
                        continue
                    label_path = rest + row_path if region_rows else row_path
                    group, label_path = _split_group(label_path, drop_everyone=by_group)
                    if not label_path:
                        label_path = [t_rest or title]
                    where = {**where_sheet, "row": header_row if region_rows else i + 1,
                             "column": f"{_col_letter(c)} ({' › '.join(paths[c]) or '—'})" if region_rows else _col_letter(label_col)}
                    folded = [title_folded] + [_clean_label(x) for x in label_path]
                    var = _resolve(ctx, " › ".join(label_path), [x for x in folded if x], where)
                    if _missing(v):
                        if not is_blank(v):
                            missing_cells += 1
                        continue
                    try:
                        value = _number(v)
                    except NotANumber:
                        problems.add("NILAI_BUKAN_ANGKA", f"Sel berisi '{_text(v)}', bukan angka.",
                                     "Tulis angka saja, atau '-' bila data tidak tersedia.", **where_sheet, row=i + 1,
                                     column=_col_letter(c), value=_text(v))
                        continue
                    if year is None:
                        if c in no_year:
                            continue
                        no_year.add(c)
                        problems.add("TAHUN_TIDAK_DITEMUKAN",
                                     f"Tahun untuk kolom {_col_letter(c)} ('{' › '.join(paths[c]) or '—'}') tidak tertulis di judul kolom maupun judul tabel.",
                                     "Pastikan baris judul kolom atau judul tabel memuat tahunnya (mis. '2023'), seperti tabel unduhan BPS.",
                                     **where_sheet, row=header_row, column=_col_letter(c))
                        continue
                    unit_text = " ".join(paths[c]) + " " + title
                    out_rows.append({
                        "_var": var, "_scale": _unit_scale(unit_text), "region_code": code, "region": label if region_rows else "",
                        "year": year, "month": month, "_annual": annual, "value": value, "kelompok": group,
                        "note": f"Tabel BPS: {title or grid.sheet} — {var.label}" + (f" — kelompok {group}" if group else ""),
                    })
                    out_lines.append(i + 1)
        if skipped_regions:
            notes.append(f"Dilewati (bukan wilayah Kalimantan Timur): {', '.join(sorted(skipped_regions))}.")
        if missing_cells:
            notes.append(f"{missing_cells} sel bertanda '-' (data tidak tersedia) dilewati.")
        footer_text = [" ".join(_text(v) for v in dict.fromkeys(cells[f]) if _text(v)) for f in footer]
        if footer_text:
            notes.append("Catatan kaki tabel: " + " | ".join(t[:200] for t in footer_text))
    problems.raise_if_any()
    _apply_single_choice(ctx)
    _check_variables(ctx)
    where_file = {"file": ctx.name, "sheet": sheet_name}
    url = _source(ctx, source_url, found_url, where_file)
    title = next((t for t in titles if t), "")
    return _finish(ctx, BPS_TABLE, title, out_rows, out_lines, notes, url, sheet_name)


def _region_in_text(ctx: _Context, text: str) -> str:
    """A region of ours named in a title, the regency/city before the province."""
    folded = f" {fold(text)} "
    best = ""
    for code, name in ctx.regions.names.items():
        if f" {fold(name)} " in folded:
            if not best or (best == ctx.regions.province and code != best):
                best = code
    return best


def _finish(ctx: _Context, kind: str, title: str, rows: list[dict], lines: list[int], notes: list[str], url: str, sheet: str) -> BpsFile:
    records, kept_lines = [], []
    skipped_vars: dict[str, int] = {}
    for r, line in zip(rows, lines, strict=False):
        var: Variable = r["_var"]
        if var.indicator == "-":
            skipped_vars[var.label] = skipped_vars.get(var.label, 0) + 1
            continue
        month = r["month"]
        if month is None and not r["_annual"]:  # the file states no round: --bulan, else the mapping's default
            month = ctx.month if ctx.month is not None else var.month
        name, unit = ctx.catalogue.get(var.indicator, ("", ""))
        note = r["note"] + (f" ({var.note})" if var.note else "")
        records.append({
            "region_code": r["region_code"], "region": r["region"], "year": r["year"], "month": month if month is not None else "",
            "indicator": var.indicator, "value": _round(r["value"], var.decimals), "unit": _scaled_unit(unit, r["_scale"]),
            "source_url": url, "note": note, "source_kind": "bps",  # a BPS file ranks as BPS whatever address it came from
            "kelompok": r.get("kelompok", ""),
        })
        kept_lines.append(line)
    for label, n in skipped_vars.items():
        v = ctx.variables[label]
        notes.append(f"Variabel '{label}' tidak diimpor ({n} angka): {v.note or 'ditandai dilewati di tabel pemetaan'}.")
    if not records:
        raise ValidationFailed([Problem(
            "TIDAK_ADA_ANGKA", "Berkas BPS ini tidak berisi satu pun angka untuk wilayah Kalimantan Timur yang dapat diimpor.",
            "Periksa bahwa tabelnya memuat Kalimantan Timur atau kabupaten/kotanya dan sel angkanya terisi.", file=ctx.name, sheet=sheet)])
    frame = pd.DataFrame(records, columns=COLUMNS, dtype=object)
    table = Table(file=ctx.name, sheet=sheet, frame=frame, rows=kept_lines, columns={c: c for c in COLUMNS})
    return BpsFile(kind, title, table, list(ctx.variables.values()), notes, url)


# ---------------------------------------------------------------------- BPS Web API
def _read_api(path: Path, ctx: _Context, source_url: str) -> BpsFile:
    where = {"file": ctx.name}
    if not path.exists():
        raise ValidationFailed([Problem("BERKAS_TIDAK_ADA", f"Berkas '{path}' tidak ditemukan.", "Periksa nama dan lokasi berkas.", **where)])
    raw = path.read_bytes()
    if not raw.strip():
        raise ValidationFailed([Problem("BERKAS_KOSONG", "Berkas JSON ini kosong.", "Simpan ulang jawaban API BPS lengkap (Ctrl+S di peramban).", **where)])
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValidationFailed([Problem("JSON_RUSAK", "Berkas ini bukan teks JSON (UTF-8).",
                                        "Simpan ulang jawaban API BPS sebagai berkas .json.", **where)]) from None
    except json.JSONDecodeError as exc:
        raise ValidationFailed([Problem(
            "JSON_RUSAK", f"Berkas JSON rusak atau terpotong di baris {exc.lineno}, kolom {exc.colno} ({exc.msg}).",
            "Unduh ulang jawaban API BPS secara utuh; jangan menyunting berkasnya dengan tangan.", **where, row=exc.lineno)]) from None
    except RecursionError:
        raise ValidationFailed([Problem(
            "JSON_RUSAK", "Berkas JSON bersarang terlalu dalam untuk sebuah jawaban API BPS.",
            "Unggah jawaban API BPS apa adanya.", **where)]) from None
    if not isinstance(doc, dict):
        raise ValidationFailed([Problem("JSON_BUKAN_API_BPS", "Berkas JSON ini bukan jawaban API data dinamis BPS (bukan objek).",
                                        "Simpan jawaban permintaan 'data' API BPS (berisi var, vervar, tahun, datacontent).", **where)])
    if "datacontent" not in doc or not isinstance(doc.get("datacontent"), dict):
        status = f" (status: {doc.get('status')}, {doc.get('data-availability')})" if doc.get("status") or doc.get("data-availability") else ""
        raise ValidationFailed([Problem(
            "DATACONTENT_TIDAK_ADA", f"Jawaban API BPS ini tidak berisi 'datacontent' (angka-angkanya){status}.",
            "Ulangi permintaan API BPS untuk variabel, wilayah dan tahun yang tersedia, lalu simpan jawabannya.", **where, column="datacontent")])
    problems = ProblemList()
    dims = {}
    for key, default in (("vervar", None), ("var", None), ("turvar", [{"val": 0, "label": "Tidak ada"}]), ("tahun", None),
                         ("turtahun", [{"val": 0, "label": "Tahun"}])):
        items = doc.get(key, default)
        if not isinstance(items, list) or not items or not all(isinstance(x, dict) and "val" in x for x in items):
            problems.add("DAFTAR_API_TIDAK_ADA", f"Daftar '{key}' tidak ada atau tidak berisi 'val' dan 'label'.",
                         "Simpan jawaban API BPS apa adanya; daftar var, vervar dan tahun diperlukan untuk membaca kunci datacontent.",
                         **where, column=key)
            continue
        dims[key] = [(str(x["val"]).strip(), _text(x.get("label"))) for x in items]
    problems.raise_if_any()
    order = ("vervar", "var", "turvar", "tahun", "turtahun")
    var_info = {str(x["val"]).strip(): x for x in doc["var"] if isinstance(x, dict)}
    rows, lines, notes = [], [], []
    skipped_regions, missing = set(), 0
    for n, (key, raw_value) in enumerate(doc["datacontent"].items(), start=1):
        parts = _split_key(str(key), [dims[d] for d in order])
        kwhere = {**where, "row": n, "column": f"datacontent['{key}']"}
        if parts is None:
            problems.add("KUNCI_API_TIDAK_TERBACA", f"Kunci '{key}' tidak dapat dipecah menjadi wilayah, variabel, turunan, tahun dan periode dari daftar di berkas.",
                         "Simpan ulang jawaban API BPS utuh; kunci datacontent harus cocok dengan daftar vervar, var, turvar, tahun dan turtahun.", **kwhere)
            continue
        (rv, rl), (vv, vl), (tv, tl), (yv, yl), (pv, pl) = parts
        code = rv if rv in ctx.regions.names else ctx.region(rl) or ctx.region(rv)
        if not code:
            skipped_regions.add(rl or rv)
            continue
        try:
            value = _number(raw_value)
        except NotANumber:
            problems.add("NILAI_BUKAN_ANGKA", f"Nilai '{raw_value}' bukan angka.", "Simpan ulang jawaban API BPS apa adanya.", **kwhere, value=str(raw_value))
            continue
        if value is None:
            missing += 1
            continue
        m = _YEAR.search(yl or "")
        year = int(m.group(1)) if m else (int(yv) + 1900 if yv.isdigit() else None)
        if year is None:
            problems.add("TAHUN_TIDAK_VALID", f"Tahun '{yl or yv}' tidak dapat dibaca.", "Simpan ulang jawaban API BPS apa adanya.", **kwhere)
            continue
        p_year, p_month, p_annual, p_rest = _period(pl)
        if pv != "0" and p_month is None and not p_annual:
            problems.add("PERIODE_TIDAK_DIKENAL", f"Periode '{pl}' (turtahun {pv}) bukan bulan atau tahunan; Sinergi menyimpan angka bulanan atau tahunan.",
                         "Minta data tahunan atau per bulan (mis. Februari/Agustus) dari API BPS.", **kwhere)
            continue
        label_parts = [vl] + ([tl] if tv != "0" and fold(tl) not in ("tidak ada", "total", "jumlah") else [])
        group, label_parts = _split_group(label_parts)
        label_parts = label_parts or [vl]
        label = " › ".join(label_parts)
        var = _resolve(ctx, label, [x for x in (_clean_label(p) for p in label_parts) if x], {**where, "column": f"var {vv}"})
        info = var_info.get(vv, {})
        if var.decimals is None and str(info.get("decimal", "")).isdigit():
            var.decimals = int(info["decimal"])
        rows.append({"_var": var, "_scale": _unit_scale(_text(info.get("unit")) + " " + vl), "region_code": code, "region": rl,
                     "year": year, "month": p_month, "_annual": pv == "0" or p_annual, "value": value, "kelompok": group,
                     "note": f"BPS Web API: {vl} ({pl or 'tahunan'})" + (f" — {tl}" if group else "")})
        lines.append(n)
    problems.raise_if_any()
    if skipped_regions:
        notes.append(f"Dilewati (bukan wilayah Kalimantan Timur): {', '.join(sorted(skipped_regions))}.")
    if missing:
        notes.append(f"{missing} nilai kosong dilewati.")
    _apply_single_choice(ctx)
    _check_variables(ctx)
    found = ""
    for k in ("source_url", "url", "sumber", "source", "link"):
        m = _URL.search(_text(doc.get(k)))
        if m:
            found = m.group(0)
            break
    url = _source(ctx, source_url, found, where)
    title = " / ".join(dict.fromkeys(lbl for _, lbl in dims["var"]))
    for r in rows:  # month for annual rows: the file's own or the mapping's default
        if r["_annual"]:
            r["month"] = None
            r["_annual"] = False
    return _finish(ctx, BPS_API, title, rows, lines, notes, url, "")


def _split_key(key: str, lists: list[list[tuple[str, str]]]) -> tuple | None:
    """Split a datacontent key by the known id lists, in order (never by fixed widths). Returns
    the ``(val, label)`` of each list, or None when no split (or more than one) fits."""
    found = []

    def walk(rest: str, k: int, acc: list):
        if len(found) > 1:
            return
        if k == len(lists):
            if rest == "":
                found.append(tuple(acc))
            return
        for val, label in lists[k]:
            if rest.startswith(val):
                walk(rest[len(val):], k + 1, acc + [(val, label)])

    walk(key, 0, [])
    return found[0] if len(found) == 1 else None

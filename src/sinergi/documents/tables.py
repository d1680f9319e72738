"""Read CSV and XLSX files into tables that remember where each row came from.

Every reader error is a :class:`~sinergi.core.problems.Problem` in Indonesian naming the file
and, where it applies, the sheet — a corrupt or password-protected workbook, an empty file, an
unknown format, a missing sheet or column — so importers report it like any other problem.

Cells are returned as they are in the file (numbers from .xlsx stay numbers, CSV cells stay
text); importers parse them with :mod:`sinergi.core.numbers`.

Hostile files are bounded before they are read (limits below, documented in docs/impor.md):
the file size; for a workbook the unpacked size of its parts and, from a streaming scan of
each sheet's XML, the number of filled cells and their real extent (the rectangle from A1 to
the farthest filled cell, which is what the spreadsheet library allocates — one stray cell at
XFD1048576 would be 17 billion cells). The declared ``<dimension ref>`` is recorded but not
trusted. A CSV is read as a stream and stops at the cell limit. Whatever exceeds a limit is
refused with a Problem; nothing of it is allocated.
"""
from __future__ import annotations

import csv
import os
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.parsers import expat

import pandas as pd

from sinergi.core.columns import renames, with_spellings
from sinergi.core.problems import Problem, ValidationFailed

ENCODINGS = ("utf-8-sig", "cp1252")
MIB = 1024 * 1024


def _limit(env: str, default: int) -> int:
    try:
        return int(os.environ.get(env, "") or default)
    except ValueError:
        return default


# Limits of every table upload (CSV and XLSX), for every importer, the web and the CLI.
MAX_FILE_BYTES = _limit("SINERGI_BATAS_BERKAS_MB", 50) * MIB  # a CSV or XLSX file as stored
MAX_UNPACKED_BYTES = _limit("SINERGI_BATAS_XLSX_TERURAI_MB", 128) * MIB  # all parts of a workbook, unpacked
MAX_CELLS = _limit("SINERGI_BATAS_SEL", 1_000_000)  # filled cells of a file, and the area A1..farthest filled cell of a sheet
MAX_CELL_CHARS = 100_000  # one CSV cell
_CHUNK = 1 * MIB


@dataclass
class Table:
    """One sheet (or one CSV file) with normalised column names.

    ``rows[i]`` is the spreadsheet row number of ``frame.iloc[i]`` (header = row 1).
    ``columns`` maps the normalised name back to the header as written in the file.
    """

    file: str
    sheet: str
    frame: pd.DataFrame
    rows: list[int]
    columns: dict[str, str] = field(default_factory=dict)
    encoding: str = ""
    uncomputed: list[tuple[int, str]] = field(default_factory=list)  # (row, column): formula with no stored result
    merged: list[tuple[str, int, list[str]]] = field(default_factory=list)  # (range, first data row, columns)
    width: int = 0  # cells in the header row
    misfits: list[tuple[int, int, list]] = field(default_factory=list)  # (row, cells in the row, cells beyond the header)
    grid: list[list] = field(default_factory=list, repr=False)  # the sheet's raw cells, row 1 first (for layouts that are not header + rows)
    ranges: list[tuple[int, int, int, int]] = field(default_factory=list, repr=False)  # merged ranges (first row, first col, last row, last col), 1-based

    def misfit_problems(self) -> list[Problem]:
        """Rows with more filled cells than the header has columns (or, in a CSV, fewer cells):
        their values have shifted to the wrong columns — typically an unquoted decimal comma
        (``…,5,72,persen,…``). Extra cells are reported, never cut off silently."""
        out = []
        for row, n, extra in self.misfits:
            if extra:
                filled = [(f"{_col_letters(self.width + k + 1)}{row}", v) for k, v in enumerate(extra) if not _blank(v)]
                shown = ", ".join(f"'{_cell_text(v)}' ({ref})" for ref, v in filled[:5]) + (" …" if len(filled) > 5 else "")
                out.append(Problem(
                    "BARIS_TIDAK_SESUAI_JUDUL",
                    f"Baris ini berisi {n} sel, padahal baris judul hanya {self.width} kolom; sel di luar judul: {shown}. "
                    "Isi baris bergeser ke kolom yang salah — koma desimal tanpa tanda kutip? (mis. 5,72 terbaca sebagai dua sel 5 dan 72)",
                    "Tulis angka desimal dengan titik (5.72) atau apit dengan tanda kutip (\"5,72\"), atau simpan ulang dari Excel "
                    "sebagai CSV dengan pemisah titik koma (;); hapus isi sel di kanan kolom terakhir yang berjudul.",
                    file=self.file, sheet=self.sheet, row=row, value=str(n)))
            else:
                out.append(Problem(
                    "BARIS_TIDAK_SESUAI_JUDUL",
                    f"Baris ini hanya berisi {n} sel, padahal baris judul {self.width} kolom; isi baris bisa bergeser ke kolom yang salah.",
                    "Pastikan setiap baris punya satu sel untuk setiap kolom judul (sel kosong tetap ditulis dengan pemisahnya, mis. ',,').",
                    file=self.file, sheet=self.sheet, row=row, value=str(n)))
        return out

    def layout_problems(self, columns, formulas: bool = True) -> list[Problem]:
        """Formulas without a stored result and merged cells, in the given (used) columns."""
        wanted = set(columns)
        out = []
        for row, col in self.uncomputed if formulas else ():
            if col in wanted:
                out.append(Problem(
                    "RUMUS_BELUM_DIHITUNG",
                    "Sel ini berisi rumus yang hasilnya belum tersimpan di berkas, sehingga nilainya tidak dapat dibaca.",
                    "Buka berkas di Excel atau LibreOffice lalu simpan ulang (hasil rumus ikut tersimpan), atau ganti rumus dengan nilainya.",
                    file=self.file, sheet=self.sheet, row=row, column=self.columns.get(col, col)))
        for ref, row, cols in self.merged:
            hit = [c for c in cols if c in wanted]
            if hit:
                out.append(Problem(
                    "SEL_DIGABUNG",
                    f"Sel {ref} digabung (merge) melintasi beberapa baris data; nilainya hanya tersimpan di baris pertama.",
                    "Pisahkan sel (Unmerge Cells) dan isi nilai di setiap baris.",
                    file=self.file, sheet=self.sheet, row=row, column=self.columns.get(hit[0], hit[0])))
        return out

    def where(self, i: int, column: str = "") -> dict:
        """Keyword arguments that locate data row ``i`` (0-based) for a Problem."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.rows[i],
            "column": self.columns.get(column, column),
        }

    def records(self):
        """Yield ``(index, row_dict)`` for every data row."""
        cols = list(self.frame.columns)
        for i, values in enumerate(self.frame.itertuples(index=False, name=None)):
            yield i, dict(zip(cols, values, strict=False))


def _cell_text(v) -> str:
    text = "" if v is None else str(v)
    return text if len(text) <= 40 else text[:37] + "…"


def normalise_header(name) -> str:
    text = "" if name is None else str(name)
    return " ".join(text.replace("\ufeff", "").strip().lower().split()).replace(" ", "_")


def _problem(code: str, message: str, fix: str, file: str, sheet: str = "") -> ValidationFailed:
    return ValidationFailed([Problem(code=code, message=message, fix=fix, file=file, sheet=sheet)])


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "") or (isinstance(v, float) and v != v)


def _make_table(file: str, sheet: str, grid: list[list], encoding: str = "", layout: SheetLayout | None = None, ragged: bool = False) -> Table:
    """``ragged``: rows may hold fewer cells than the header (a CSV); a workbook's rows are
    padded to the sheet's width, so only filled cells beyond the header count there."""
    # skip fully blank leading rows; the first non-blank row is the header
    start = 0
    while start < len(grid) and all(_blank(c) for c in grid[start]):
        start += 1
    if start >= len(grid):
        raise _problem(
            "BERKAS_KOSONG",
            "Berkas atau sheet ini kosong: tidak ada baris judul kolom maupun data.",
            "Isi baris pertama dengan judul kolom dan baris berikutnya dengan data.",
            file,
            sheet,
        )
    header = [normalise_header(c) for c in grid[start]]
    width = len(header)
    while width and header[width - 1] == "":
        width -= 1
    header = header[:width]
    original = {normalise_header(c): ("" if c is None else str(c).strip()) for c in grid[start][:width]}
    data, rows = [], []
    uncomputed: list[tuple[int, str]] = []
    merged: list[tuple[str, int, list[str]]] = []
    misfits: list[tuple[int, int, list]] = []
    for offset, raw in enumerate(grid[start + 1 :], start=start + 2):
        cells = list(raw[:width]) + [None] * max(0, width - len(raw))
        beyond = raw[width:]
        if all(_blank(c) for c in cells) and all(_blank(c) for c in beyond):
            continue
        filled_beyond = [c for c in beyond if not _blank(c)]
        if filled_beyond:
            last = max(k for k, c in enumerate(beyond) if not _blank(c))
            misfits.append((offset, width + last + 1 if not ragged else len(raw), list(beyond[: last + 1])))
        elif ragged and len(raw) < width:
            misfits.append((offset, len(raw), []))
        data.append(cells)
        rows.append(offset)
        if layout is not None:
            for j, c in enumerate(cells):
                if _blank(c) and (offset, j + 1) in layout.uncomputed:
                    uncomputed.append((offset, header[j]))
    if layout is not None:
        for ref, (r0, c0, r1, c1) in layout.merged:
            if r1 > r0 and r1 >= start + 2:
                cols = [header[k - 1] for k in range(c0, min(c1, width) + 1)]
                merged.append((ref, max(r0, start + 2), cols))
    frame = pd.DataFrame(data, columns=header, dtype=object) if data else pd.DataFrame(columns=header, dtype=object)
    return Table(file=file, sheet=sheet, frame=frame, rows=rows, columns=original, encoding=encoding, uncomputed=uncomputed, merged=merged,
                 width=width, misfits=misfits, grid=grid, ranges=[r for _, r in layout.merged] if layout is not None else [])


def _nul_problems(file: str, sheet: str, grid: list[list]) -> list[Problem]:
    """Cells holding a NUL character (databases refuse it; it is never meant as data)."""
    out = []
    for r, raw in enumerate(grid, start=1):
        for j, c in enumerate(raw):
            if isinstance(c, str) and "\x00" in c:
                out.append(Problem(
                    "KARAKTER_NUL",
                    f"Sel {_col_letters(j + 1)}{r} berisi karakter NUL (kode 0), yang tidak dapat disimpan.",
                    "Hapus karakter tak terlihat itu (salin ulang teksnya, atau simpan ulang berkas sebagai 'CSV UTF-8' dari Excel/LibreOffice).",
                    file=file, sheet=sheet, row=r, column=_col_letters(j + 1)))
    return out


def _col_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _too_big(path: Path, name: str) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _problem(
            "BERKAS_TERLALU_BESAR",
            f"Berkas berukuran {size / MIB:.1f} MB, melebihi batas {MAX_FILE_BYTES // MIB} MB untuk satu berkas tabel.",
            "Pecah berkas menjadi beberapa bagian (mis. per tahun atau per wilayah) dan impor satu per satu.",
            name,
        )


def _too_many_cells(name: str, sheet: str, what: str) -> ValidationFailed:
    return _problem(
        "TERLALU_BANYAK_SEL",
        f"{what} melebihi batas {_n(MAX_CELLS)} sel untuk satu berkas tabel.",
        "Pecah berkas menjadi beberapa bagian (mis. per tahun atau per wilayah), hapus kolom dan baris yang tidak dipakai, lalu impor satu per satu.",
        name,
        sheet,
    )


def _csv_grid(path: Path, name: str, encoding: str) -> list[list[str]]:
    """The CSV's rows, read as a stream (never the whole text at once); stops at the limits."""
    with open(path, encoding=encoding, newline="") as f:
        first = f.readline(20000)
        try:
            delimiter = csv.Sniffer().sniff(first or ",", delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
        f.seek(0)
        grid, cells = [], 0
        reader = csv.reader(f, delimiter=delimiter)
        try:
            for raw in reader:
                cells += len(raw)
                if cells > MAX_CELLS:
                    raise _too_many_cells(name, "", f"Berkas CSV ini (lebih dari {_n(len(grid))} baris)")
                grid.append(raw)
        except csv.Error as exc:
            raise _problem(
                "CSV_RUSAK",
                f"Baris {reader.line_num} berkas CSV tidak dapat dibaca ({exc}); mungkin ada tanda kutip yang tidak ditutup "
                f"atau sel yang sangat panjang (batas {_n(MAX_CELL_CHARS)} karakter per sel).",
                "Periksa tanda kutip (\") pada baris itu, atau simpan ulang sebagai 'CSV UTF-8' dari Excel atau LibreOffice.",
                name,
            ) from exc
    return grid


def _read_csv(path: Path, name: str) -> Table:
    _too_big(path, name)
    with open(path, "rb") as f:
        head = f.read(4096)
        blank = not head.strip() and not f.read(_CHUNK).strip()
    if blank:
        raise _problem("BERKAS_KOSONG", "Berkas CSV ini kosong.", "Unggah berkas yang berisi judul kolom dan data.", name)
    old_limit = csv.field_size_limit(MAX_CELL_CHARS)
    try:
        for enc in ENCODINGS:
            try:
                grid = _csv_grid(path, name, enc)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - cp1252 decodes almost anything
            raise _problem(
                "ENKODING_TIDAK_DIKENAL",
                "Teks berkas CSV tidak dapat dibaca (bukan UTF-8 maupun Windows-1252).",
                "Simpan ulang sebagai 'CSV UTF-8' dari Excel atau LibreOffice.",
                name,
            )
    finally:
        csv.field_size_limit(old_limit)
    nul = _nul_problems(name, "", grid)
    if nul:
        raise ValidationFailed(nul)
    return _make_table(name, "", grid, encoding=enc, ragged=True)


def _read_xlsx_sheets(path: Path, name: str) -> list[Table]:
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as f:
            head = f.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise _problem(
                "BUKU_KERJA_TERKUNCI",
                "Buku kerja ini terkunci dengan kata sandi atau berformat .xls lama, sehingga tidak dapat dibaca.",
                "Buka di Excel, hapus kata sandi (File › Info › Protect Workbook), lalu simpan sebagai .xlsx.",
                name,
            )
        raise _problem(
            "BERKAS_RUSAK",
            "Berkas ini bukan buku kerja .xlsx yang sah (rusak atau berformat lain meskipun berakhiran .xlsx).",
            "Buka berkas di Excel atau LibreOffice dan simpan ulang sebagai .xlsx, atau unggah sebagai CSV.",
            name,
        )
    _too_big(path, name)
    layouts = inspect_workbook(path, name)  # raises before anything is allocated
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        tables, nul = [], []
        for sheet in book.sheet_names:
            if sheet not in layouts:
                continue  # not a worksheet the scan measured (e.g. a chart sheet): never handed to the reader
            grid = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            nul += _nul_problems(name, sheet, grid)
            try:
                tables.append(_make_table(name, sheet, grid, layout=layouts.get(sheet)))
            except ValidationFailed:
                continue  # empty sheets are skipped; a workbook of only empty sheets is reported below
        if nul:
            raise ValidationFailed(nul)
        if not tables:
            raise _problem("BERKAS_KOSONG", "Semua sheet dalam buku kerja ini kosong.", "Isi sheet data dengan judul kolom dan data.", name)
        return tables
    except ValidationFailed:
        raise
    except Exception as exc:  # calamine raises its own error types for broken parts
        raise _problem(
            "BERKAS_RUSAK",
            f"Buku kerja tidak dapat dibaca ({type(exc).__name__}).",
            "Buka berkas di Excel atau LibreOffice dan simpan ulang sebagai .xlsx.",
            name,
        ) from exc


@dataclass
class SheetLayout:
    """What a streaming scan of a sheet's XML finds before any reader allocates the sheet:
    its size, and what the cell values alone do not show (merged ranges, formulas without a
    stored result)."""

    merged: list[tuple[str, tuple[int, int, int, int]]] = field(default_factory=list)
    uncomputed: set[tuple[int, int]] = field(default_factory=set)
    declared: str = ""  # <dimension ref>, as written (not trusted)
    cells: int = 0  # filled cells
    max_row: int = 0  # farthest filled row and column (1-based)
    max_col: int = 0
    farthest_row_ref: str = ""  # the filled cell with the largest row, and with the largest column
    farthest_col_ref: str = ""
    xml_bytes: int = 0

    @property
    def area(self) -> int:
        """Cells from A1 to the farthest filled row and column: what a reader allocates."""
        return self.max_row * self.max_col


_CELL_REF = re.compile(r"([A-Z]{1,4})(\d{1,9})")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _ref(text: str) -> tuple[int, int]:
    m = _CELL_REF.fullmatch(text)
    if m is None:
        raise ValueError(f"alamat sel tidak sah: {text[:20]!r}")
    return int(m.group(2)), _col_number(m.group(1))


class _Oversize(Exception):
    pass


class _SheetScan:
    """expat handlers measuring one worksheet's XML as it streams past."""

    def __init__(self, layout: SheetLayout):
        self.layout = layout
        self.row = 0
        self.col = 0
        self.cell: tuple[int, int] | None = None
        self.filled = self.formula = self.value = self.inline = self.in_v = False

    def start(self, name: str, attrs: dict) -> None:
        tag = name.rsplit(" ", 1)[-1]
        if self.cell is not None:
            self.filled = True
            if tag == "f":
                self.formula = True
            elif tag == "v":
                self.in_v = True
            elif tag == "is":
                self.inline = True
            return
        if tag == "row":
            r = attrs.get("r")
            self.row = int(r) if r and r.isdigit() else self.row + 1
            self.col = 0
        elif tag == "c":
            ref = attrs.get("r")
            if ref:
                self.row, self.col = _ref(ref)
            else:
                self.col += 1
            self.cell = (self.row, self.col)
            self.filled = self.formula = self.value = self.inline = self.in_v = False
        elif tag == "mergeCell":
            ref = attrs.get("ref", "")
            a, _, b = ref.partition(":")
            (r0, c0), (r1, c1) = _ref(a), _ref(b or a)
            self.layout.merged.append((ref, (r0, c0, r1, c1)))
        elif tag == "dimension":
            self.layout.declared = attrs.get("ref", "")[:40]

    def end(self, name: str) -> None:
        tag = name.rsplit(" ", 1)[-1]
        if tag == "v":
            self.in_v = False
        elif tag == "c" and self.cell is not None:
            lay, (r, c) = self.layout, self.cell
            self.cell = None
            if not self.filled:
                return  # a formatted but empty cell: readers skip it
            lay.cells += 1
            if lay.cells > MAX_CELLS:
                raise _Oversize
            if r > lay.max_row:
                lay.max_row, lay.farthest_row_ref = r, f"{_col_letters(c)}{r}"
            if c > lay.max_col:
                lay.max_col, lay.farthest_col_ref = c, f"{_col_letters(c)}{r}"
            if self.formula and not self.value and not self.inline:
                lay.uncomputed.add((r, c))

    def text(self, data: str) -> None:
        if self.in_v and data.strip():
            self.value = True


def _stream(z: zipfile.ZipFile, part: str, budget: list[int], feed=None) -> int:
    """Unpack one part in chunks (checking its CRC) and hand each chunk to ``feed``; the
    shared ``budget`` of unpacked bytes raises :class:`_Oversize` when spent."""
    n = 0
    with z.open(part) as f:
        while True:
            chunk = f.read(_CHUNK)
            if not chunk:
                return n
            n += len(chunk)
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise _Oversize
            if feed is not None:
                feed(chunk)


def _elements(xml: bytes, wanted: str, *attributes: str) -> list[tuple]:
    """``(tag, attribute values…)`` of every element named ``wanted`` (attributes matched by
    local name, whatever their namespace prefix)."""
    found = []

    def start(name, attrs):
        if name.rsplit(" ", 1)[-1] == wanted:
            local = {k.rsplit(" ", 1)[-1]: v for k, v in attrs.items()}
            found.append((wanted, *(local.get(a, "") for a in attributes)))

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.EntityDeclHandler = _no_doctype
    if xml:
        parser.Parse(xml, True)
    return found


def _no_doctype(*_args) -> None:
    raise ValueError("DOCTYPE tidak diizinkan dalam buku kerja")


def inspect_workbook(path: Path, name: str = "") -> dict[str, SheetLayout]:
    """Measure a workbook before reading it: the unpacked size of every part (declared and
    real), and per worksheet — by a streaming scan of its XML — the filled cells, their real
    extent, merged ranges and formulas without a stored result. Raises
    :class:`ValidationFailed` when a limit is exceeded or the package is broken."""
    name = name or path.name
    too_big = _problem(
        "BUKU_KERJA_TERLALU_BESAR",
        f"Isi buku kerja ini bila dibuka melebihi batas {MAX_UNPACKED_BYTES // MIB} MB (berkas .xlsx adalah arsip zip yang dimampatkan).",
        "Hapus sheet, baris dan kolom yang tidak dipakai (termasuk sel yang hanya berisi spasi), atau pecah berkas menjadi beberapa bagian.",
        name,
    )
    out: dict[str, SheetLayout] = {}
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise too_big
            names = {i.filename for i in infos}
            budget = [MAX_UNPACKED_BYTES]
            wb_bytes, rels_bytes = bytearray(), bytearray()
            _stream(z, "xl/workbook.xml", budget, wb_bytes.extend)
            if "xl/_rels/workbook.xml.rels" in names:
                _stream(z, "xl/_rels/workbook.xml.rels", budget, rels_bytes.extend)
            targets = {rid: target for tag, rid, target in _elements(bytes(rels_bytes), "Relationship", "Id", "Target")}
            scanned = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"}
            for _tag, sheet, rid in _elements(bytes(wb_bytes), "sheet", "name", "id"):
                target = targets.get(rid, "")
                part = target.lstrip("/") if target.startswith("/") else "xl/" + target
                if part not in names or part in scanned:
                    continue
                scanned.add(part)
                layout = SheetLayout()
                scan = _SheetScan(layout)
                parser = expat.ParserCreate(namespace_separator=" ")
                parser.StartElementHandler = scan.start
                parser.EndElementHandler = scan.end
                parser.CharacterDataHandler = scan.text
                parser.StartDoctypeDeclHandler = _no_doctype
                parser.EntityDeclHandler = _no_doctype
                parser.buffer_text = True
                try:
                    layout.xml_bytes = _stream(z, part, budget, lambda chunk, parser=parser: parser.Parse(chunk, False))
                    parser.Parse(b"", True)
                except _Oversize:
                    if layout.cells > MAX_CELLS:
                        raise _too_many_cells(name, sheet, "Sheet ini berisi") from None
                    raise
                if layout.area > MAX_CELLS:
                    raise ValidationFailed([_far_problem(name, sheet, layout)])
                out[sheet] = layout
                if sum(lay.area for lay in out.values()) > MAX_CELLS:  # every sheet is read: their areas add up
                    raise _too_many_cells(name, "", f"Buku kerja ini ({len(out)} sheet, dari A1 sampai sel terisi terjauh tiap sheet)")
            for i in infos:  # the other parts (shared strings, styles …): real size and checksum
                if i.filename not in scanned and not i.is_dir():
                    _stream(z, i.filename, budget)
    except _Oversize:
        raise too_big from None
    except ValidationFailed:
        raise
    except (KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, expat.ExpatError, ValueError, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise _problem(
            "BERKAS_RUSAK",
            f"Buku kerja tidak dapat dibaca ({type(exc).__name__}).",
            "Buka berkas di Excel atau LibreOffice dan simpan ulang sebagai .xlsx.",
            name,
        ) from exc
    return out


def _n(x: int) -> str:
    """An integer with Indonesian thousands dots."""
    return f"{x:,}".replace(",", ".")


def _far_problem(name: str, sheet: str, layout: SheetLayout) -> Problem:
    refs = " dan ".join(sorted({layout.farthest_row_ref, layout.farthest_col_ref}))
    return Problem(
        "SEL_TERLALU_JAUH",
        f"Sel terisi terjauh ({refs}) membuat sheet ini selebar {_n(layout.max_col)} kolom × {_n(layout.max_row)} baris "
        f"({_n(layout.area)} sel), melebihi batas {_n(MAX_CELLS)} sel.",
        f"Hapus isi sel {refs} yang jauh di luar tabel (di Excel, Ctrl+End menuju sel terakhir yang terpakai), lalu simpan ulang.",
        file=name,
        sheet=sheet,
        row=layout.max_row,
        column=_CELL_REF.fullmatch(layout.farthest_col_ref).group(1) if layout.farthest_col_ref else "",
    )


def read_tables(path: str | Path, display_name: str | None = None) -> list[Table]:
    """All non-empty tables in a file: one for a CSV, one per non-empty sheet for an XLSX."""
    path = Path(path)
    name = display_name or path.name
    if not path.exists():
        raise _problem("BERKAS_TIDAK_ADA", f"Berkas '{path}' tidak ditemukan.", "Periksa nama dan lokasi berkas.", name)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return [_read_csv(path, name)]
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx_sheets(path, name)
    raise _problem(
        "FORMAT_TIDAK_DIDUKUNG",
        f"Format berkas '{suffix or '(tanpa akhiran)'}' tidak didukung.",
        "Gunakan berkas .csv atau .xlsx.",
        name,
    )


def read_table(
    path: str | Path,
    required: list[str] | tuple[str, ...] = (),
    sheet: str | None = None,
    display_name: str | None = None,
    aliases: Mapping[str, str] | None = None,
) -> Table:
    """The one table that holds the ``required`` columns.

    With ``sheet`` given, that sheet must exist. Otherwise the first sheet that has every
    required column is used (so an instructions sheet in front of the data is fine).
    Missing columns are reported all at once, naming the sheet. ``aliases`` (other spelling →
    own name, e.g. :func:`sinergi.core.columns.spellings`) renames columns written another way.
    """
    tables = read_tables(path, display_name)
    name = tables[0].file
    if sheet is not None:
        match = [t for t in tables if t.sheet.strip().lower() == sheet.strip().lower()]
        if not match:
            raise _problem(
                "SHEET_TIDAK_ADA",
                f"Sheet '{sheet}' tidak ditemukan (yang ada: {', '.join(t.sheet for t in tables)}).",
                f"Gunakan templat resmi atau ganti nama sheet data menjadi '{sheet}'.",
                name,
            )
        tables = match
    if not aliases:
        return pick_table(tables, required)[0]
    table, frame = pick_table(tables, [normalise_header(c) for c in required], rename=lambda f: with_spellings(f, aliases))
    renamed = renames(table.frame.columns, aliases)
    return replace(table, frame=frame, columns={renamed.get(k, k): v for k, v in table.columns.items()})


def pick_table(tables: list[Table], required, *, rename=None, what: str = "", labels: dict | None = None, formulas: bool = True,
               whole_rows: bool = True) -> tuple[Table, pd.DataFrame]:
    """The first table that has every ``required`` column and its frame (with canonical column
    names when ``rename`` — a function from a DataFrame to a renamed DataFrame — is given).

    Missing columns are reported all at once for the table that comes closest, naming its
    sheet; in the chosen table, formulas without a stored result and merged cells in the
    required columns are reported too (``formulas=False`` skips the formula check, for
    templates whose prepared rows carry lookup formulas). Rows that do not fit the header
    (:meth:`Table.misfit_problems`: more filled cells than columns, or a CSV row with fewer
    cells) are refused too — values shifted by an unquoted decimal comma — unless
    ``whole_rows=False``. Raises :class:`ValidationFailed`.
    """
    req = [c if rename else normalise_header(c) for c in required]
    best = None
    for t in tables:
        frame = rename(t.frame) if rename else t.frame
        missing = [c for c in req if c not in frame.columns]
        if not missing:
            used = [old for old, new in zip(t.frame.columns, frame.columns, strict=False) if new in req]
            problems = t.layout_problems(used, formulas=formulas) + (t.misfit_problems() if whole_rows else [])
            if problems:
                raise ValidationFailed(problems)
            return t, frame
        if best is None or len(missing) < len(best[1]):
            best = (t, missing)
    t, missing = best
    where = f" pada {what}" if what else ""
    raise ValidationFailed(
        [
            Problem(
                code="KOLOM_HILANG",
                message=f"Kolom '{c}'" + (f" ({labels[c]})" if labels and c in labels else "") + f" tidak ada{where}.",
                fix=f"Tambahkan kolom '{c}' pada baris judul (kolom yang wajib: {', '.join(req)}).",
                file=t.file,
                sheet=t.sheet,
                row=1,
                column=c,
            )
            for c in missing
        ]
    )

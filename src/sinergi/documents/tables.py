"""Read CSV and XLSX files into tables that remember where each row came from.

Every reader error is a :class:`~sinergi.core.problems.Problem` in Indonesian naming the file
and, where it applies, the sheet — a corrupt or password-protected workbook, an empty file, an
unknown format, a missing sheet or column — so importers report it like any other problem.

Cells are returned as they are in the file (numbers from .xlsx stay numbers, CSV cells stay
text); importers parse them with :mod:`sinergi.core.numbers`.
"""
from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sinergi.core.problems import Problem, ValidationFailed

ENCODINGS = ("utf-8-sig", "cp1252")


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
    grid: list[list] = field(default_factory=list, repr=False)  # the sheet's raw cells, row 1 first (for layouts that are not header + rows)
    ranges: list[tuple[int, int, int, int]] = field(default_factory=list, repr=False)  # merged ranges (first row, first col, last row, last col), 1-based

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
            yield i, dict(zip(cols, values))


def normalise_header(name) -> str:
    text = "" if name is None else str(name)
    return " ".join(text.replace("\ufeff", "").strip().lower().split()).replace(" ", "_")


def _problem(code: str, message: str, fix: str, file: str, sheet: str = "") -> ValidationFailed:
    return ValidationFailed([Problem(code=code, message=message, fix=fix, file=file, sheet=sheet)])


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "") or (isinstance(v, float) and v != v)


def _make_table(file: str, sheet: str, grid: list[list], encoding: str = "", layout: "SheetLayout | None" = None) -> Table:
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
    for offset, raw in enumerate(grid[start + 1 :], start=start + 2):
        cells = list(raw[:width]) + [None] * max(0, width - len(raw))
        if all(_blank(c) for c in cells) and all(_blank(c) for c in raw[width:]):
            continue
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
                 grid=grid, ranges=[r for _, r in layout.merged] if layout is not None else [])


def _read_csv(path: Path, name: str) -> Table:
    raw = path.read_bytes()
    if not raw.strip():
        raise _problem("BERKAS_KOSONG", "Berkas CSV ini kosong.", "Unggah berkas yang berisi judul kolom dan data.", name)
    for enc in ENCODINGS:
        try:
            text = raw.decode(enc)
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
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample.splitlines()[0] if sample else ",", delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    grid = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return _make_table(name, "", grid, encoding=enc)


def _read_xlsx_sheets(path: Path, name: str) -> list[Table]:
    if not zipfile.is_zipfile(path):
        head = path.read_bytes()[:8]
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
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        layouts = sheet_layouts(path)
        tables = []
        for sheet in book.sheet_names:
            grid = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            try:
                tables.append(_make_table(name, sheet, grid, layout=layouts.get(sheet)))
            except ValidationFailed:
                continue  # empty sheets are skipped; a workbook of only empty sheets is reported below
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
    """What the cell values alone do not show: merged ranges and formulas without a stored result."""

    merged: list[tuple[str, tuple[int, int, int, int]]] = field(default_factory=list)
    uncomputed: set[tuple[int, int]] = field(default_factory=set)


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _ref(text: str) -> tuple[int, int]:
    m = _CELL_REF.fullmatch(text)
    return int(m.group(2)), _col_number(m.group(1))


def sheet_layouts(path: Path) -> dict[str, SheetLayout]:
    """Merged ranges and formula cells with no cached value, per sheet name, read from the
    workbook's XML (cheap; no full parse)."""
    out: dict[str, SheetLayout] = {}
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            wb = z.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace") if "xl/_rels/workbook.xml.rels" in names else ""
            targets = {m.group(1): m.group(2) for m in re.finditer(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels)}
            targets.update({m.group(2): m.group(1) for m in re.finditer(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
            for m in re.finditer(r'<sheet\b[^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
                sheet, rid = html.unescape(m.group(1)), m.group(2)
                target = targets.get(rid, "")
                part = target.lstrip("/") if target.startswith("/") else "xl/" + target
                if part not in names:
                    continue
                xml = z.read(part).decode("utf-8", "replace")
                layout = SheetLayout()
                for mm in re.finditer(r'<mergeCell ref="([A-Z]+\d+):([A-Z]+\d+)"', xml):
                    (r0, c0), (r1, c1) = _ref(mm.group(1)), _ref(mm.group(2))
                    layout.merged.append((f"{mm.group(1)}:{mm.group(2)}", (r0, c0, r1, c1)))
                for mm in re.finditer(r'<c r="([A-Z]+\d+)"[^>]*>(.*?)</c>', xml, re.S):
                    inner = mm.group(2)
                    if "<f" in inner and not re.search(r"<v>[^<]+</v>", inner) and "<is>" not in inner:
                        layout.uncomputed.add(_ref(mm.group(1)))
                out[sheet] = layout
    except (KeyError, zipfile.BadZipFile):
        return {}
    return out


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
) -> Table:
    """The one table that holds the ``required`` columns.

    With ``sheet`` given, that sheet must exist. Otherwise the first sheet that has every
    required column is used (so an instructions sheet in front of the data is fine).
    Missing columns are reported all at once, naming the sheet.
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
    return pick_table(tables, required)[0]


def pick_table(tables: list[Table], required, *, rename=None, what: str = "", labels: dict | None = None, formulas: bool = True) -> tuple[Table, pd.DataFrame]:
    """The first table that has every ``required`` column and its frame (with canonical column
    names when ``rename`` — a function from a DataFrame to a renamed DataFrame — is given).

    Missing columns are reported all at once for the table that comes closest, naming its
    sheet; in the chosen table, formulas without a stored result and merged cells in the
    required columns are reported too (``formulas=False`` skips the formula check, for
    templates whose prepared rows carry lookup formulas). Raises :class:`ValidationFailed`.
    """
    req = [c if rename else normalise_header(c) for c in required]
    best = None
    for t in tables:
        frame = rename(t.frame) if rename else t.frame
        missing = [c for c in req if c not in frame.columns]
        if not missing:
            used = [old for old, new in zip(t.frame.columns, frame.columns) if new in req]
            problems = t.layout_problems(used, formulas=formulas)
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

"""Generate the bad-input corpus: for every importer, a valid base file and the ways real
files go wrong (corrupt or password-protected workbooks, wrong sheets, missing/extra/renamed
columns, merged cells, formulas, formula-injection strings, 50,000 rows, Windows-1252 text,
Indonesian decimals, dates as text, an empty file, a 20 MB file) and hostile files (one cell at
XFD1048576, a sheet of 1 GiB whitespace that packs to a few MB, an unquoted decimal comma that
shifts a row's cells, javascript:/data: source addresses).

Usage: python scripts/make_bad_inputs.py [OUTPUT_DIR]   (default: tests/data/bad)
Each file is named IMPORTER__CASE.ext; ``CASES`` says which must parse and which must fail.
"""
from __future__ import annotations

import csv
import io
import shutil
import sys
import zipfile
from xml.sax.saxutils import escape
from pathlib import Path

from openpyxl import Workbook

SRC = "https://kaltim.bps.go.id/uji-korpus"

BASES = {
    "statistik": (
        ["region_code", "region", "year", "month", "indicator", "value", "unit", "source_url", "note"],
        [["6472", "Samarinda", "2031", "8", "tpt", "5.5", "percent", SRC, "baris uji"],
         ["6401", "Paser", "2031", "8", "tpt", "4.1", "percent", SRC, "baris uji"]],
        "value", "note", "year",
    ),
    "ipk_data": (
        ["region_code", "year", "sub_code", "value"],
        [["6401", "2031", "I2.1", "65.5"], ["6401", "2031", "I2.4", "4.2"]],
        "value", None, "year",
    ),
    "ipk_metode": None,  # filled from the shipped default method in make()
    "usulan": (
        ["wilayah_kode", "tahun", "kode_sub_kegiatan", "uraian", "lokasi_kode", "target", "satuan", "pagu", "sumber_dana"],
        [["6472", "2026", "2.07.04.2.03.0003", "Job fair Kota Samarinda", "6472", "500", "Orang", "150000000", "APBD kabupaten/kota"],
         ["6472", "2026", "2.07.03.2.01.0004", "Pelatihan las bagi pencari kerja", "6472", "40", "Orang", "300000000", "APBD kabupaten/kota"]],
        "target", "uraian", "tahun",
    ),
}

# case → "ok" (must parse correctly) or "error" (must give a clear Indonesian error)
CASES = {
    "valid.csv": "ok",
    "rusak.xlsx": "error",
    "terkunci.xlsx": "error",
    "sheet_salah.xlsx": "error",
    "kolom_hilang.csv": "error",
    "kolom_ekstra.csv": "ok",
    "kolom_diganti.csv": "error",
    "sel_gabung.xlsx": "error",
    "rumus.xlsx": "error",
    "injeksi.csv": "ok",
    "baris_50rb.csv": "any",
    "cp1252.csv": "ok",
    "desimal_indonesia.csv": "ok",
    "tanggal_teks.csv": "error",
    "kosong.csv": "error",
    "besar_20mb.csv": "any",
    "sel_jauh.xlsx": "error",
    "spasi_1gb.xlsx": "error",
    "koma_desimal.csv": "error",
    "url_javascript.csv": "error",
    "url_data.csv": "error",
}
# cases that only make sense for some importers (the others have no source address column)
ONLY = {"url_javascript.csv": ("statistik",), "url_data.csv": ("statistik",)}
HOSTILE_URLS = {"url_javascript.csv": "javascript:alert(document.cookie)", "url_data.csv": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="}
WHITESPACE_BYTES = 1024 * 1024 * 1024  # 1 GiB of spaces in the sheet XML (≈4.6 MB packed)


def cases_for(importer: str) -> list[str]:
    return [c for c in CASES if importer in ONLY.get(c, (importer,))]


def _csv_bytes(header, rows, encoding="utf-8", delimiter=","):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding, errors="replace")


def _xlsx(path, header, rows, sheet="Data", prepare=None):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for r in rows:
        ws.append(r)
    if prepare:
        prepare(ws)
    wb.save(path)


_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WBRELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def _col(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def raw_xlsx(path: Path, header, rows, *, far_cell: str | None = None, whitespace: int = 0, dimension: str | None = None) -> Path:
    """A workbook written as XML by hand, as a hostile file would be: the table at A1, plus
    optionally one filled cell far away (``far_cell``, e.g. ``XFD1048576``) and/or ``whitespace``
    bytes of spaces inside the sheet data (streamed, so a 1 GiB sheet never sits in memory)."""
    def cell(ref, v):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>'

    body = []
    for r, values in enumerate([header, *rows], start=1):
        body.append(f'<row r="{r}">' + "".join(cell(f"{_col(j)}{r}", v) for j, v in enumerate(values, start=1)) + "</row>")
    if far_cell:
        row = "".join(ch for ch in far_cell if ch.isdigit())
        body.append(f'<row r="{row}">{cell(far_cell, "x")}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WBRELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write((head + "".join(body)).encode())
            spaces = b" " * (1 << 20)
            left = whitespace
            while left > 0:
                f.write(spaces[: min(left, len(spaces))])
                left -= len(spaces)
            f.write(b"</sheetData></worksheet>")
    return path


def _method_base():
    from sinergi.documents.ipk_files import load_default_method

    frame = load_default_method().to_frame()
    header = list(frame.columns)
    rows = [["" if v is None else str(v) for v in r] for r in frame.itertuples(index=False, name=None)]
    return header, rows, "sub_weight", "rationale", "min"


def make(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    bases = dict(BASES, ipk_metode=_method_base())
    for name, (header, rows, numcol, textcol, yearcol) in bases.items():
        def p(case):
            path = out / f"{name}__{case}"
            made.append(path)
            return path

        ni, yi = header.index(numcol), header.index(yearcol)
        p("valid.csv").write_bytes(_csv_bytes(header, rows))
        p("rusak.xlsx").write_bytes(b"PK\x03\x04 ini bukan buku kerja yang utuh" * 10)
        plain = out / f".{name}_plain.xlsx"
        _xlsx(plain, header, rows)
        _encrypt(plain, p("terkunci.xlsx"), "rahasia")
        plain.unlink()
        _xlsx(p("sheet_salah.xlsx"), ["catatan", "isi"], [["ini", "bukan data"]], sheet="Catatan")
        p("kolom_hilang.csv").write_bytes(_csv_bytes([h for h in header if h != numcol], [[c for i, c in enumerate(r) if i != ni] for r in rows]))
        p("kolom_ekstra.csv").write_bytes(_csv_bytes(header + ["kolom_tambahan"], [r + ["abaikan saya"] for r in rows]))
        p("kolom_diganti.csv").write_bytes(_csv_bytes([("nilai_baru" if h == numcol else h) for h in header], rows))

        def merge(ws, ni=ni):
            col = chr(ord("A") + ni)
            ws.merge_cells(f"{col}2:{col}3")  # the second row's value is lost in the merge

        _xlsx(p("sel_gabung.xlsx"), header, rows, prepare=merge)

        def formula(ws, ni=ni):
            ws.cell(row=2, column=ni + 1, value="=1+1")  # a formula with no computed value stored

        _xlsx(p("rumus.xlsx"), header, rows, prepare=formula)
        inj = [list(r) for r in rows]
        if textcol:
            ti = header.index(textcol)
            inj[0][ti] = '=HYPERLINK("http://contoh.invalid","klik")'
            inj[1][ti] = "+cmd|' /C calc'!A0 @SUM(A1:A9)"
        p("injeksi.csv").write_bytes(_csv_bytes(header, inj))
        big = []
        for k in range(50_000):
            r = list(rows[k % len(rows)])
            r[yi] = str(2000 + k % 100 if name != "usulan" else 2026)
            r[ni] = str(1 + k % 97) if name != "ipk_data" else f"{(k % 1000) / 10:.1f}"
            big.append(r)
        p("baris_50rb.csv").write_bytes(_csv_bytes(header, big))
        cp = [list(r) for r in rows]
        if textcol:
            cp[0][header.index(textcol)] = "Pelatihan café – operator (Penajam)"
        p("cp1252.csv").write_bytes(_csv_bytes(header, cp, encoding="cp1252", delimiter=";"))
        dec = [list(r) for r in rows]
        dec[0][ni] = {"ipk_data": "65,5", "ipk_metode": str(dec[0][ni]).replace(".", ",")}.get(name, "1.234,5")
        p("desimal_indonesia.csv").write_bytes(_csv_bytes(header, dec))
        dt = [list(r) for r in rows]
        dt[0][yi] = "2023-08-17"
        p("tanggal_teks.csv").write_bytes(_csv_bytes(header, dt))
        p("kosong.csv").write_bytes(b"")
        filler = "x" * 2000
        n = 20 * 1024 * 1024 // 2100 + 1
        huge = []
        for k in range(n):
            r = list(rows[k % len(rows)])
            if textcol:
                r[header.index(textcol)] = filler
            else:
                r = r + [filler]
            huge.append(r)
        p("besar_20mb.csv").write_bytes(_csv_bytes(header if textcol else header + ["catatan"], huge))
        raw_xlsx(p("sel_jauh.xlsx"), header, rows, far_cell="XFD1048576")
        whitespace = out / ".spasi_1gb.xlsx"
        if not whitespace.exists():  # one 1 GiB sheet (packed: a few MB) copied for every importer
            raw_xlsx(whitespace, header, rows, whitespace=WHITESPACE_BYTES)
        shutil.copyfile(whitespace, p("spasi_1gb.xlsx"))
        shifted = [list(r) for r in rows]
        shifted[0][ni] = "@KOMA@"  # an unquoted decimal comma: 5,72 becomes two cells
        p("koma_desimal.csv").write_bytes(_csv_bytes(header, shifted).replace(b"@KOMA@", b"5,72"))
        if "source_url" in header:
            for case, url in HOSTILE_URLS.items():
                bad = [list(r) for r in rows]
                bad[0][header.index("source_url")] = url
                p(case).write_bytes(_csv_bytes(header, bad))
    (out / ".spasi_1gb.xlsx").unlink(missing_ok=True)
    return made


def _encrypt(src: Path, dst: Path, password: str) -> None:
    import msoffcrypto

    with open(src, "rb") as f:
        office = msoffcrypto.OfficeFile(f)
        with open(dst, "wb") as g:
            office.encrypt(password, g)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "tests" / "data" / "bad"
    files = make(target)
    print(f"{len(files)} berkas uji ditulis ke {target}")

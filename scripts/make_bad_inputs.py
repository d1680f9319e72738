"""Generate the bad-input corpus: for every importer, a valid base file and the ways real
files go wrong (corrupt or password-protected workbooks, wrong sheets, missing/extra/renamed
columns, merged cells, formulas, formula-injection strings, 50,000 rows, Windows-1252 text,
Indonesian decimals, dates as text, an empty file, a 20 MB file) and hostile files (one cell at
XFD1048576, a sheet of 1 GiB whitespace that packs to a few MB, an unquoted decimal comma that
shifts a row's cells, javascript:/data: source addresses).

Usage: python scripts/make_bad_inputs.py [OUTPUT_DIR]   (default: tests/data/bad)
Each file is named IMPORTER__CASE.ext; ``CASES`` says which must parse and which must fail.
BPS files (dynamic tables and saved Web API responses) go through the statistics importer:
``BPS_CASES`` gives each file's expected outcome and, for a broken one, the problem code.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

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


# BPS file → (expected outcome, problem code of a refused file); imported with --sumber SRC
BPS_CASES = {
    "bps__tabel_valid.xlsx": ("ok", ""),
    "bps__tabel_valid.csv": ("ok", ""),
    "bps__api_valid.json": ("ok", ""),
    "bps__json_terpotong.json": ("error", "JSON_RUSAK"),
    "bps__json_tanpa_datacontent.json": ("error", "DATACONTENT_TIDAK_ADA"),
    "bps__json_kunci_asing.json": ("error", "KUNCI_API_TIDAK_TERBACA"),
    "bps__json_bukan_objek.json": ("error", "JSON_BUKAN_API_BPS"),
    "bps__json_kosong.json": ("error", "BERKAS_KOSONG"),
    "bps__json_tanpa_vervar.json": ("error", "DAFTAR_API_TIDAK_ADA"),
    "bps__tabel_tanpa_kolom_wilayah.xlsx": ("error", "KOLOM_WILAYAH_TIDAK_ADA"),
    "bps__tabel_variabel_asing.xlsx": ("error", "VARIABEL_BELUM_PASTI"),
    "bps__tabel_provinsi_lain.xlsx": ("error", "TIDAK_ADA_WILAYAH_KITA"),
    "bps__tabel_tanpa_tahun.xlsx": ("error", "TAHUN_TIDAK_DITEMUKAN"),
    "bps__tabel_nilai_teks.csv": ("error", "NILAI_BUKAN_ANGKA"),
    "bps__tabel_rusak.xlsx": ("error", "BERKAS_RUSAK"),
}

_BPS_TITLE = "Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota di Provinsi Kalimantan Timur (Persen), 2031-2032"
_BPS_HEADER = [["Kabupaten/Kota", "Tingkat Pengangguran Terbuka (TPT) (Persen)", "", "", ""],
               ["", "2031", "", "2032", ""], ["", "Februari", "Agustus", "Februari", "Agustus"]]
_BPS_ROWS = [["Kab. Paser", "4.10", "4.72", "-", "-"], ["KOTA SAMARINDA", "5.85", "5.92", "-", "-"],
             ["Provinsi Kalimantan Timur", "5.31", "5.14", "-", "-"], ["Kabupaten Bulungan", "4.00", "3.90", "-", "-"]]
_BPS_FOOTER = [["Sumber: Survei Angkatan Kerja Nasional (Sakernas), BPS"], ["Catatan: - data belum tersedia"]]


def _bps_xlsx(path, title=_BPS_TITLE, header=_BPS_HEADER, rows=_BPS_ROWS, merges=True, drop_first_column=False):
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    grid = [[title], []] + header + rows + _BPS_FOOTER
    for r in grid:
        ws.append(r[1:] if drop_first_column and len(r) > 1 else r)
    if merges:
        ws.merge_cells("A1:E1")
        ws.merge_cells("A3:A5")
        ws.merge_cells("B3:E3")
        ws.merge_cells("B4:C4")
        ws.merge_cells("D4:E4")
    wb.save(path)


def _bps_csv(rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def _api(**change):
    doc = {
        "status": "OK", "data-availability": "available",
        "var": [{"val": 206, "label": "Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota", "unit": "Persen", "decimal": 2}],
        "turvar": [{"val": 0, "label": "Tidak ada"}],
        "vervar": [{"val": 6472, "label": "Samarinda"}, {"val": 6400, "label": "Kalimantan Timur"}],
        "tahun": [{"val": 131, "label": "2031"}],
        "turtahun": [{"val": 0, "label": "Tahun"}],
        "datacontent": {"647220601310": 5.92, "640020601310": 5.31},
    }
    doc.update(change)
    return {k: v for k, v in doc.items() if v is not None}


def make_bps(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = []

    def p(case):
        path = out / case
        made.append(path)
        return path

    _bps_xlsx(p("bps__tabel_valid.xlsx"))
    _bps_xlsx(p("bps__tabel_tanpa_kolom_wilayah.xlsx"), drop_first_column=True, merges=False)
    _bps_xlsx(p("bps__tabel_variabel_asing.xlsx"), title="Indeks Kebahagiaan Menurut Kabupaten/Kota, 2031-2032",
              header=[["Kabupaten/Kota", "Indeks Kebahagiaan", "", "", ""]] + _BPS_HEADER[1:])
    _bps_xlsx(p("bps__tabel_provinsi_lain.xlsx"), title="Tingkat Pengangguran Terbuka Menurut Provinsi (Persen), 2031-2032",
              rows=[["SULAWESI BARAT", "2.34", "2.40", "-", "-"], ["GORONTALO", "3.10", "3.00", "-", "-"]])
    _bps_xlsx(p("bps__tabel_tanpa_tahun.xlsx"), title="Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota (Persen)",
              header=[["Kabupaten/Kota", "Tingkat Pengangguran Terbuka (TPT) (Persen)", "", "", ""], ["", "Februari", "Agustus", "Februari", "Agustus"]],
              merges=False)
    flat = [[_BPS_TITLE], []] + [[c for c in r] for r in _BPS_HEADER] + _BPS_ROWS + _BPS_FOOTER
    for r in flat[2:5]:  # a CSV keeps a merged header text in its first cell only
        for i in range(2, len(r)):
            if r[i] == r[i - 1]:
                r[i] = ""
    p("bps__tabel_valid.csv").write_bytes(_bps_csv(flat))
    bad = [list(r) for r in flat]
    bad[6][2] = "lima koma sembilan"
    p("bps__tabel_nilai_teks.csv").write_bytes(_bps_csv(bad))
    p("bps__tabel_rusak.xlsx").write_bytes(b"PK\x03\x04 tabel BPS yang terpotong saat diunduh" * 10)
    p("bps__api_valid.json").write_text(json.dumps(_api(), indent=1), encoding="utf-8")
    text = json.dumps(_api(), indent=1)
    p("bps__json_terpotong.json").write_text(text[: len(text) // 2], encoding="utf-8")
    p("bps__json_tanpa_datacontent.json").write_text(json.dumps(_api(datacontent=None, **{"data-availability": "list-not-available"})), encoding="utf-8")
    p("bps__json_kunci_asing.json").write_text(json.dumps(_api(datacontent={"99999999": 1.0})), encoding="utf-8")
    p("bps__json_bukan_objek.json").write_text(json.dumps([1, 2, 3]), encoding="utf-8")
    p("bps__json_kosong.json").write_bytes(b"")
    p("bps__json_tanpa_vervar.json").write_text(json.dumps(_api(vervar=None)), encoding="utf-8")
    return made


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
        def p(case, name=name):
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
    made += make_bps(out)
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

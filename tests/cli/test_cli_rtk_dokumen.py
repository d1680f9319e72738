"""``sinergi rtk dokumen``: writes the DOCX and the companion XLSX and prints both paths."""
from __future__ import annotations

import openpyxl
from docx import Document

from sinergi.cli import build_parser, main


def test_dokumen_is_registered_under_rtk():
    parser = build_parser()
    args = parser.parse_args(["rtk", "dokumen", "--wilayah", "6472", "--tahun-dasar", "2024", "--keluaran", "x.docx",
                              "--skenario", "optimis", "--tanpa-ikn"])
    assert args.func.__name__ == "cmd_dokumen"
    assert args.ikn is False and args.skenario == "optimis" and args.wilayah == "6472"
    args = parser.parse_args(["rtk", "dokumen", "--tahun-dasar", "2024", "--keluaran", "x.docx", "--ikn"])
    assert args.ikn is True and args.wilayah == "64"
    args = parser.parse_args(["rtk", "dokumen", "--tahun-dasar", "2024", "--keluaran", "x.docx"])
    assert args.ikn is None


def test_writes_docx_and_xlsx_and_prints_both(tmp_path, capsys):
    out = tmp_path / "RTKD-6474.docx"
    code = main(["rtk", "dokumen", "--wilayah", "6474", "--tahun-dasar", "2024", "--tahun-akhir", "2029",
                 "--keluaran", str(out), "--sasaran-tpt", "6,0"])
    assert code == 0
    printed = capsys.readouterr()
    xlsx = out.with_suffix(".xlsx")
    assert str(out) in printed.out and str(xlsx) in printed.out
    doc = Document(str(out))
    assert any(p.text.startswith("BAB VII") for p in doc.paragraphs)
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert "2.A.1" in book.sheetnames and "5.C.2" in book.sheetnames and "5.D.1" not in book.sheetnames
    # Bontang's own data are sparse, but method v2 projects it down the ladder from the province
    assert "data yang perlu diimpor" not in printed.err


def test_bad_arguments_are_reported_together(tmp_path, capsys):
    code = main(["rtk", "dokumen", "--wilayah", "99", "--tahun-dasar", "2024", "--tahun-akhir", "2020",
                 "--keluaran", str(tmp_path / "x.doc")])
    assert code == 1
    err = capsys.readouterr().err
    assert "'99'" in err and "2020" in err and ".docx" in err
    assert not list(tmp_path.iterdir())


def test_imported_data_feed_the_projection_and_bab_ii(tmp_path, capsys):
    rows = ["region_code,year,variable,sector,value,source"]
    series = {"AK": (90000, 92000, 93500, 95000), "KK": (81000, 84500, 86200, 88400),
              "PDRB": (60000, 61500, 64000, 66500)}
    for var, values in series.items():
        for year, value in zip(range(2021, 2025), values, strict=False):
            rows.append(f"6474,{year},{var},,{value},https://example.org/bps-bontang")
    data = tmp_path / "bontang.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "RTKD-Bontang.docx"
    code = main(["rtk", "dokumen", "--wilayah", "6474", "--tahun-dasar", "2024", "--keluaran", str(out),
                 "--data", str(data), "--skenario", "pesimis"])
    assert code == 0
    printed = capsys.readouterr()
    assert "data yang perlu diimpor" not in printed.err
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "skenario Pesimis" in text
    cells = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    assert "88.400" in cells  # imported KK 2024 shown in BAB II and as the base of BAB IV
    assert any(p.text.startswith("Sumber: Hasil perkiraan") and "Pesimis" in p.text for p in doc.paragraphs)

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
    # Bontang's data are too sparse for a projection: the command says what to import
    assert "data yang perlu diimpor" in printed.err


def test_bad_arguments_are_reported_together(tmp_path, capsys):
    code = main(["rtk", "dokumen", "--wilayah", "99", "--tahun-dasar", "2024", "--tahun-akhir", "2020",
                 "--keluaran", str(tmp_path / "x.doc")])
    assert code == 1
    err = capsys.readouterr().err
    assert "'99'" in err and "2020" in err and ".docx" in err
    assert not list(tmp_path.iterdir())

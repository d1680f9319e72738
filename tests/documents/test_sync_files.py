"""Proposal uploads (atomic, idempotent), nomenclature files, template, matrix and summary."""
from __future__ import annotations

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from sinergi.core.problems import ValidationFailed
from sinergi.core.sync import build_matrix, check_proposals
from sinergi.documents.sync_files import (
    check_proposal_file,
    load_proposal_file,
    load_reference,
    read_nomenclature_file,
    read_proposal_file,
    write_matrix,
    write_summary_docx,
    write_template,
)

HEADER = "wilayah_kode,tahun,kode_sub_kegiatan,uraian,lokasi_kode,target,satuan,pagu,sumber_dana"
GOOD = [
    '6472,2025,2.07.04.2.03.0003,Job fair Samarinda,6472,500,Orang,"150.000.000",APBD kota',
    '6472,2025,2.07.03.2.01.0004,Pelatihan las,6472,20,Orang,"100.000.000",APBD kota',
]


@pytest.fixture(scope="module")
def ref():
    return load_reference()


def write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_good_file_lands_with_stable_fingerprints(tmp_path, ref):
    path = write(tmp_path / "usulan.csv", [HEADER, *GOOD])
    first = load_proposal_file(path, ref, round_year=2025, office="6472")
    again = load_proposal_file(path, ref, round_year=2025, office="6472")
    assert len(first.records()) == 2
    assert [r["sidik_unik"] for r in first.records()] == [r["sidik_unik"] for r in again.records()]
    assert first.records()[0]["pagu"] == 150_000_000


def test_one_bad_row_yields_problems_and_no_records(tmp_path, ref):
    bad = '6472,2025,2.07.06.1.01.0001,Pengawasan,6401,abc,Orang,0,APBD kota'
    path = write(tmp_path / "usulan.csv", [HEADER, GOOD[0], bad, GOOD[1]])
    with pytest.raises(ValidationFailed) as exc:
        load_proposal_file(path, ref, round_year=2025)
    problems = exc.value.problems
    assert {p.code for p in problems} == {"BUKAN_KEWENANGAN", "NILAI_TIDAK_VALID", "LOKASI_DI_LUAR_WILAYAH"}
    assert {p.row for p in problems} == {3}  # spreadsheet row of the bad line
    assert {p.column for p in problems if p.code == "NILAI_TIDAK_VALID"} == {"target", "pagu"}
    assert all(p.file == "usulan.csv" and p.fix for p in problems)
    assert "tidak ada data yang disimpan" in exc.value.summary()


def test_office_upload_rejects_rows_of_another_office(tmp_path, ref):
    other = '6401,2025,2.07.04.2.03.0003,Job fair Paser,6401,500,Orang,150000000,APBD kab'
    path = write(tmp_path / "usulan.csv", [HEADER, GOOD[0], other])
    with pytest.raises(ValidationFailed) as exc:
        load_proposal_file(path, ref, office="6472")
    assert [p.column for p in exc.value.problems] == ["wilayah_kode"]


def test_unseen_layout_column_order_extra_columns_blank_rows(tmp_path, ref):
    lines = [
        "catatan;pagu;sumber_dana;satuan;target;lokasi_kode;uraian;kode_sub_kegiatan;tahun;wilayah_kode;kolom_lain",
        ";Rp 1.500.000,00;APBD kota;orang;1.250,00;6472;Job fair;2.07.04.2.03.0003;2025;6472;x",
        "",
        ";;;;;;;;;;",
        ";2.000.000;APBD kota;Orang;abc;6472;Pelatihan las;2.07.03.2.01.0004;2025;6472;y",
    ]
    path = write(tmp_path / "aneh.csv", lines)
    table = read_proposal_file(path)
    assert table.data_rows == [1, 3]  # as pandas or csv.DictReader count: the empty line is skipped, the row of separators counts
    _, result = check_proposal_file(path, ref)
    assert [(f.row, f.code, f.field) for f in result.findings] == [(3, "NILAI_TIDAK_VALID", "target")]
    assert result.proposals["target"][0] == 1250 and result.proposals["pagu"][0] == 1_500_000


def test_missing_column_is_named_in_indonesian(tmp_path):
    path = write(tmp_path / "kurang.csv", ["wilayah_kode,tahun,uraian", "6472,2025,x"])
    with pytest.raises(ValidationFailed) as exc:
        read_proposal_file(path)
    missing = {p.column for p in exc.value.problems}
    assert missing == {"kode_sub_kegiatan", "lokasi_kode", "target", "satuan", "pagu", "sumber_dana"}
    assert all(p.code == "KOLOM_HILANG" and "tidak ada" in p.message for p in exc.value.problems)


def test_nomenclature_files(tmp_path, shared_reference):
    imp = read_nomenclature_file(shared_reference / "nomenklatur" / "nomenklatur_lengkap_uji.csv", version="SIPD 2027")
    assert imp.nomenclature.version == "SIPD 2027" and not imp.nomenclature.incomplete_levels
    # the official SIPD layout: code and name in one cell, one row per sub-kegiatan, other urusan mixed in
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["JENIS PEMDA", "BIDANG", "PROGRAM", "KEGIATAN", "SUBKEGIATAN", "KINERJA", "INDIKATOR", "SATUAN", "SUBKEGIATAN SEBELUMNYA"])
    ws.append(["KABKOT", "2.07 URUSAN PEMERINTAHAN BIDANG TENAGA KERJA", "2.07.04 PROGRAM PENEMPATAN TENAGA KERJA",
               "2.07.04.2.03 Pengelolaan Informasi Pasar Kerja", "2.07.04.2.03.0003 Job Fair/Bursa Kerja", "",
               "Jumlah Pencari Kerja yang Mendapatkan Pekerjaan Melalui Job Fair", "Orang", ""])
    ws.append(["PROV", "2.07 URUSAN PEMERINTAHAN BIDANG TENAGA KERJA", "2.07.04 PROGRAM PENEMPATAN TENAGA KERJA",
               "2.07.04.1.03 Pengelolaan Informasi Pasar Kerja", "2.07.04.1.03.03 Job Fair/Bursa Kerja", "",
               "Jumlah Pencari Kerja yang Mendapatkan Pekerjaan Melalui Job Fair", "Orang", ""])
    ws.append(["KABKOT", "2.20 URUSAN PEMERINTAHAN BIDANG STATISTIK", "2.20.02 PROGRAM PENYELENGGARAAN STATISTIK SEKTORAL",
               "2.20.02.2.01 Penyelenggaraan Statistik Sektoral", "2.20.02.2.01.0001 Koordinasi", "", "x", "Dokumen", ""])
    ws.append(["KABKOT", "2.07 URUSAN PEMERINTAHAN BIDANG TENAGA KERJA", "2.07.04 PROGRAM PENEMPATAN TENAGA KERJA",
               "2.07.04.2.03 Pengelolaan Informasi Pasar Kerja", "2.07.04.2.03.0004 Analisis Pasar Kerja", "", "Jumlah dokumen", "Dokumen",
               "2.07.04.2.03.0001"])
    path = tmp_path / "sipd.xlsx"
    book.save(path)
    sipd = read_nomenclature_file(path, version="SIPD uji")
    nom = sipd.nomenclature
    assert nom.find("2.07.04.1.03.0003").unit == "Orang"
    assert nom.mirrors("2.07.04.2.03.0003") == ("2.07.04.1.03.0003",)
    assert sipd.skipped_other_urusan >= 1
    assert [n.code for n in sipd.notes] == ["KODE_DINORMALKAN"] and sipd.notes[0].row == 3
    assert nom.successors("2.07.04.2.03.0001")[0].code == "2.07.04.2.03.0004"
    # a broken row is reported with its place, nothing is built
    ws.append(["KABKOT", "", "", "", "2.07.04.2.XX.0001 Rusak", "", "", "", ""])
    book.save(path)
    with pytest.raises(ValidationFailed) as exc:
        read_nomenclature_file(path)
    assert exc.value.problems[0].row == 6 and exc.value.problems[0].sheet


def test_template_for_a_regency(tmp_path, ref):
    path = write_template(tmp_path / "templat.xlsx", ref, "6472", 2025, rows=20)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["Petunjuk", "Usulan", "Kode"]
    codes = [r[0] for r in book["Kode"].iter_rows(min_row=2, values_only=True)]
    assert codes and all(c.split(".")[3] == "2" for c in codes)
    assert not any(c.startswith("2.07.06") for c in codes)
    sheet = book["Usulan"]
    header = [c.value for c in sheet[1]]
    for col in ("wilayah_kode", "tahun", "kode_sub_kegiatan", "uraian", "lokasi_kode", "target", "satuan", "pagu", "sumber_dana"):
        assert col in header
    rules = {str(dv.sqref).split(":")[0][:1]: dv for dv in sheet.data_validations.dataValidation}
    code_col = "ABCDEFGHIJKLMNO"[header.index("kode_sub_kegiatan")]
    assert rules[code_col].formula1 == f"=Kode!$A$2:$A${len(codes) + 1}"
    assert rules["ABCDEFGHIJKLMNO"[header.index("pagu")]].type == "decimal"
    assert "VLOOKUP" in sheet["E2"].value
    guide = " ".join(str(c.value) for c in book["Petunjuk"]["A"] if c.value)
    assert "Cara mengisi" in guide and "Samarinda" in guide
    # an untouched template is no proposal at all
    _, result = check_proposal_file(path, ref)
    assert len(result.proposals) == 0 and not result.findings


def test_province_template_warns_about_incomplete_nomenclature(tmp_path, ref):
    path = write_template(tmp_path / "prov.xlsx", ref, "64", 2025, rows=5)
    guide = " ".join(str(c.value) for c in openpyxl.load_workbook(path)["Petunjuk"]["A"] if c.value)
    assert "belum lengkap" in guide and "impor" in guide.lower()


def test_matrix_and_summary(tmp_path, ref):
    import pandas as pd

    frame = pd.DataFrame([
        {"wilayah_kode": "6472", "tahun": "2025", "kode_sub_kegiatan": "2.07.04.2.03.0003", "uraian": "=HYPERLINK(\"http://x\")",
         "lokasi_kode": "6472", "target": "500", "satuan": "Orang", "pagu": "150000000", "sumber_dana": "APBD kota"},
        {"wilayah_kode": "64", "tahun": "2025", "kode_sub_kegiatan": "2.07.06.1.01.0001", "uraian": "Pengawasan norma kerja",
         "lokasi_kode": "64", "target": "100", "satuan": "Perusahaan", "pagu": "250000000", "sumber_dana": "APBD provinsi"},
    ])
    result = check_proposals(frame, ref)
    matrix = build_matrix(result, ref)
    xlsx = write_matrix(tmp_path / "matriks.xlsx", matrix)
    book = CalamineWorkbook.from_path(str(xlsx))
    assert {"Matriks", "Per program", "Per pengusul", "Per sumber dana", "Temuan", "Keterangan", "Arti temuan"} <= set(book.sheet_names)
    grid = book.get_sheet_by_name("Matriks").to_python()
    header = grid[0]
    row1 = dict(zip(header, grid[1], strict=False))
    assert row1["Uraian usulan"].startswith("'=")  # neutralised, shown as text
    assert row1["Kode sub-kegiatan"] == "2.07.04.2.03.0003" and row1["Pagu (Rp)"] == 150000000
    funding = book.get_sheet_by_name("Per sumber dana").to_python()
    total = next(r for r in funding if r[0] == "JUMLAH")
    assert total[2] == 400000000
    docx_path = write_summary_docx(tmp_path / "ringkasan.docx", matrix)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(docx_path)).paragraphs)
    assert "Ringkasan Sinkronisasi" in text and "400.000.000" in text

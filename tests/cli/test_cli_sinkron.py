"""The ``sinergi sinkron`` contract on files it has never seen."""
from __future__ import annotations

import csv

import openpyxl
from python_calamine import CalamineWorkbook

from sinergi.cli import main

FULL = "nomenklatur/nomenklatur_lengkap_uji.csv"


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_periksa_contract_on_an_unseen_xlsx(tmp_path, capsys):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Data"
    # columns in another order, an extra column, a blank row, Indonesian numbers as text and as numbers
    ws.append(["uraian", "kode_sub_kegiatan", "keterangan_lain", "wilayah_kode", "tahun", "lokasi_kode", "target", "satuan", "pagu", "sumber_dana"])
    ws.append(["Job Fair Kota Samarinda", "2.07.04.2.03.0003", "x", 6472, 2025, 6472, "1.000", "Orang", "150.000.000", "APBD Kota"])
    ws.append([None] * 10)
    ws.append(["Pengawasan norma kerja", "2.07.06.1.01.0001", "", "6401", "2025", "6401", 10, "Perusahaan", 50000000, "APBD Kab"])
    ws.append(["Pengawasan dan pengendalian LPTKS", "2.07.04.2.02.0002", "", "6401", "2025", "6401", 5, "Lembaga", 25000000, "APBD Kab"])
    ws.append(["", "2.07.04.2.01.0002", "", "6402", "2025", "6402", "banyak", "Orang", "-1", "APBD"])
    path = tmp_path / "usulan_baru.xlsx"
    book.save(path)
    out = tmp_path / "temuan.csv"
    assert main(["sinkron", "periksa", str(path), "--tahun", "2025", "--keluaran", str(out)]) == 0
    rows = read_csv(out)
    with open(out, encoding="utf-8") as f:
        assert f.readline().strip() == "row,row_pair,wilayah_kode,kode,finding,detail"
    found = {(r["row"], r["finding"]) for r in rows}
    assert ("3", "BUKAN_KEWENANGAN") in found  # spreadsheet row 4 = data row 3 (the blank row counts in a sheet)
    assert not any(r["row"] == "4" for r in rows)  # LPTKS supervision is the regency's own authority
    assert {("5", "WAJIB_KOSONG"), ("5", "NILAI_TIDAK_VALID")} <= found
    assert all(r["detail"] for r in rows)
    summary = capsys.readouterr().out
    assert "usulan diperiksa" in summary and "BUKAN_KEWENANGAN: 1" in summary


def test_periksa_with_nomenclature_file_and_cross_level_duplicate(tmp_path, shared_reference):
    path = tmp_path / "u.csv"
    path.write_text(
        "wilayah_kode,tahun,kode_sub_kegiatan,uraian,lokasi_kode,target,satuan,pagu,sumber_dana\n"
        "64,2025,2.07.04.1.03.0003,Job Fair Kaltim di Samarinda,6472,1000,Orang,300000000,APBD Provinsi\n"
        "6472,2025,2.07.04.2.03.0003,Bursa kerja Kota Samarinda,6472,500,Orang,150000000,APBD Kota\n",
        encoding="utf-8",
    )
    embedded = tmp_path / "t1.csv"
    assert main(["sinkron", "periksa", str(path), "--keluaran", str(embedded)]) == 0
    rows = read_csv(embedded)
    unknown = [r for r in rows if r["finding"] == "KODE_TIDAK_DIKENAL"]
    assert len(unknown) == 1 and "impor nomenklatur resmi" in unknown[0]["detail"]
    full = tmp_path / "t2.csv"
    assert main(["sinkron", "periksa", str(path), "--nomenklatur", str(shared_reference / FULL), "--keluaran", str(full)]) == 0
    rows = read_csv(full)
    assert [(r["row"], r["row_pair"], r["finding"]) for r in rows] == [("1", "2", "KEMUNGKINAN_DUPLIKAT")]
    assert "kode cermin" in rows[0]["detail"]


def test_periksa_missing_column_is_a_hard_error(tmp_path, capsys):
    path = tmp_path / "u.csv"
    path.write_text("wilayah_kode,tahun,kode_sub_kegiatan,uraian,lokasi_kode,target,satuan,sumber_dana\n64,2025,x,y,64,1,Orang,APBD\n", encoding="utf-8")
    assert main(["sinkron", "periksa", str(path), "--keluaran", str(tmp_path / "t.csv")]) != 0
    err = capsys.readouterr().err
    assert "pagu" in err and "tidak ada" in err
    assert not (tmp_path / "t.csv").exists()


def test_periksa_unreadable_file(tmp_path, capsys):
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"bukan zip")
    assert main(["sinkron", "periksa", str(path), "--keluaran", str(tmp_path / "t.csv")]) != 0
    assert "rusak" in capsys.readouterr().err


def test_saran_kode_three_per_row(tmp_path):
    path = tmp_path / "uraian.csv"
    path.write_text("uraian,tingkat\nPembangunan gedung BLK,kabkota\nPembentukan kelompok TKM,kabkota\nPelatihan satpam,provinsi\n", encoding="utf-8")
    out = tmp_path / "saran.csv"
    assert main(["sinkron", "saran-kode", "--masukan", str(path), "--keluaran", str(out)]) == 0
    rows = read_csv(out)
    with open(out, encoding="utf-8") as f:
        assert f.readline().strip() == "row,rank,code,score,name,reason"
    assert [(r["row"], r["rank"]) for r in rows] == [(str(i), str(k)) for i in (1, 2, 3) for k in (1, 2, 3)]
    best = {r["row"]: r["code"] for r in rows if r["rank"] == "1"}
    assert best["2"] == "2.07.04.2.01.0005" and best["3"] == "2.07.03.1.01.0001"
    assert all(0 <= float(r["score"]) <= 1 and r["reason"] for r in rows)


def test_matriks_templat_and_nomenklatur(tmp_path, shared_reference):
    a = tmp_path / "kota.csv"
    a.write_text(
        "wilayah_kode,tahun,kode_sub_kegiatan,uraian,lokasi_kode,target,satuan,pagu,sumber_dana\n"
        "6472,2025,2.07.03.2.01.0004,Pelatihan juru las,6472,20,Orang,100000000,APBD Kota\n",
        encoding="utf-8",
    )
    b = tmp_path / "prov.csv"
    b.write_text(
        "wilayah_kode,tahun,kode_sub_kegiatan,uraian,lokasi_kode,target,satuan,pagu,sumber_dana\n"
        "64,2025,2.07.03.1.01.0001,Pelatihan las bagi pencari kerja,6472,30,Orang,200000000,APBN\n",
        encoding="utf-8",
    )
    out = tmp_path / "matriks.xlsx"
    docx = tmp_path / "ringkasan.docx"
    assert main(["sinkron", "matriks", str(a), str(b), "--keluaran", str(out), "--ringkasan", str(docx)]) == 0
    book = CalamineWorkbook.from_path(str(out))
    grid = book.get_sheet_by_name("Matriks").to_python()
    header = grid[0]
    files = [dict(zip(header, r))["Berkas"] for r in grid[1:3]]
    assert files == ["kota.csv", "prov.csv"]
    assert "TUMPANG_TINDIH" in dict(zip(header, grid[1]))["Kode temuan"]
    assert docx.exists() and docx.stat().st_size > 10_000

    tpl = tmp_path / "templat.xlsx"
    assert main(["sinkron", "templat", "--wilayah", "6401", "--tahun", "2026", "--keluaran", str(tpl)]) == 0
    assert "Usulan" in openpyxl.load_workbook(tpl).sheetnames

    nom = tmp_path / "nom.csv"
    assert main(["sinkron", "nomenklatur", "impor", str(shared_reference / FULL), "--versi", "SIPD 2027", "--keluaran", str(nom)]) == 0
    assert len(read_csv(nom)) == 459


def test_kesenjangan_does_not_judge_on_illustrative_needs(tmp_path, capsys):
    props = tmp_path / "u.csv"
    props.write_text(
        "wilayah_kode,tahun,kode_sub_kegiatan,uraian,lokasi_kode,target,satuan,pagu,sumber_dana\n"
        "6401,2025,2.07.04.2.03.0003,Job fair Paser,6401,1000,Orang,150000000,APBD Kab\n",
        encoding="utf-8",
    )
    weak = tmp_path / "lemah.csv"
    weak.write_text("wilayah_kode,indikator,nilai,kualitas_data\n6401,hubungan industrial,\"2,5\",ilustratif\n", encoding="utf-8")
    out, without = tmp_path / "keb.csv", tmp_path / "tanpa.csv"
    assert main(["sinkron", "kesenjangan", str(props), "--ipk-lemah", str(weak), "--keluaran", str(out), "--tanpa-kebutuhan", str(without)]) == 0
    text = capsys.readouterr().out
    assert "0 belum dijawab usulan; 0 usulan tanpa kebutuhan teridentifikasi" in text
    assert "1 usulan belum dapat dinilai — kebutuhan dari data ilustratif." in text
    assert "Kebutuhan yang dipakai: 0 dari 1 kebutuhan bersumber, 1 ilustratif." in text
    rows = read_csv(without)
    assert [r["penilaian"] for r in rows] == ["belum dapat dinilai — kebutuhan dari data ilustratif"]
    assert read_csv(out)[0]["kualitas_data"] == "ilustratif"
    # the same need on sourced data: the job fair answers no identified need
    weak.write_text("wilayah_kode,indikator,nilai\n6401,hubungan industrial,\"2,5\"\n", encoding="utf-8")
    assert main(["sinkron", "kesenjangan", str(props), "--ipk-lemah", str(weak), "--keluaran", str(out), "--tanpa-kebutuhan", str(without)]) == 0
    assert [r["penilaian"] for r in read_csv(without)] == ["tidak menjawab kebutuhan teridentifikasi"]

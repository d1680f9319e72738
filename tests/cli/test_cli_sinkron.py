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
    files = [dict(zip(header, r, strict=False))["Berkas"] for r in grid[1:3]]
    assert files == ["kota.csv", "prov.csv"]
    assert "TUMPANG_TINDIH" in dict(zip(header, grid[1], strict=False))["Kode temuan"]
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


def test_matriks_names_each_proposal_by_its_own_file_and_row(tmp_path):
    """Each office finds a proposal in its own spreadsheet (header = row 1, first proposal = row 2);
    a pair names the other side by office, file and row; counts agree between sheets; money and
    counts are numbers with a thousands format; no "<NA>"/"nan"/"None"; A4 landscape printing;
    the summary lists both sides of every pair and the proposals outside authority."""
    import re
    import zipfile

    import docx

    header = "wilayah_kode,tahun,kode_sub_kegiatan,uraian,lokasi_kode,target,satuan,pagu,sumber_dana\n"
    prov = tmp_path / "prov.csv"
    prov.write_text(header
        + "64,2026,2.07.03.1.01.0001,Pelatihan las bagi pencari kerja,6472,30,Orang,200000000,APBN\n"
        + "64,2026,2.07.06.1.01.0001,Pengawasan norma kerja perusahaan,64,100,Perusahaan,300000000,APBD Provinsi\n", encoding="utf-8")
    kota = tmp_path / "samarinda.csv"
    kota.write_text(header
        + "6472,2026,2.07.03.2.01.0004,Pelatihan juru las,6472,20,Orang,100000000,APBD Kota\n"
        + "6472,2026,2.07.06.1.01.0001,Pengawasan norma kerja,6472,10,Perusahaan,50000000,APBD Kota\n"
        + "6472,2026,2.07.03.2.01.0004,Pelatihan menjahit bagi perempuan,6472,25,Orang,,APBD Kota\n", encoding="utf-8")
    out, summary = tmp_path / "m.xlsx", tmp_path / "r.docx"
    assert main(["sinkron", "matriks", str(prov), str(kota), "--keluaran", str(out), "--ringkasan", str(summary)]) == 0
    book = CalamineWorkbook.from_path(str(out))
    grid = book.get_sheet_by_name("Matriks").to_python()
    rows = [dict(zip(grid[0], r, strict=False)) for r in grid[1:] if r[grid[0].index("Berkas")]]
    located = {(r["Berkas"], int(r["Baris"])): r for r in rows}
    assert set(located) == {("prov.csv", 2), ("prov.csv", 3), ("samarinda.csv", 2), ("samarinda.csv", 3), ("samarinda.csv", 4)}
    weld = located[("samarinda.csv", 2)]["Rincian temuan"]
    assert "TUMPANG_TINDIH" in weld and "Provinsi Kalimantan Timur (prov.csv, baris 2)" in weld
    assert "Samarinda (samarinda.csv, baris 3)" in located[("prov.csv", 3)]["Rincian temuan"]  # the other side, not itself

    findings = [dict(zip(book.get_sheet_by_name("Temuan").to_python()[0], r, strict=False)) for r in book.get_sheet_by_name("Temuan").to_python()[1:]]
    findings = [f for f in findings if f["Temuan"]]
    pair = next(f for f in findings if f["Temuan"] == "TUMPANG_TINDIH")
    assert (pair["Berkas"], pair["Baris"], pair["Berkas pasangan"], pair["Baris pasangan"]) == ("prov.csv", 2, "samarinda.csv", 2)
    assert "baris 301" not in pair["Pesan"] and "samarinda.csv, baris 2" in pair["Pesan"]
    for sheet in ("Per program", "Per pengusul", "Per sumber dana"):
        g = book.get_sheet_by_name(sheet).to_python()
        total = dict(zip(g[0], next(r for r in g if "JUMLAH" in r), strict=False))
        assert total["Jumlah temuan"] == len(findings), sheet  # every finding once in the total

    with zipfile.ZipFile(out) as z:
        xml = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}
    strings = xml["xl/sharedStrings.xml"]
    assert not re.search(r">(?:&lt;NA&gt;|nan|None|NaN)<", strings)
    sheet1 = xml["xl/worksheets/sheet1.xml"]
    assert 'paperSize="9"' in sheet1 and 'orientation="landscape"' in sheet1 and 'fitToPage="1"' in sheet1 and 'fitToHeight="0"' in sheet1  # one page wide
    assert "_xlnm.Print_Titles" in xml["xl/workbook.xml"]
    assert "#,##0" in xml["xl/styles.xml"]
    pagu_col = grid[0].index("Pagu (Rp)")
    assert isinstance(located[("prov.csv", 3)]["Pagu (Rp)"], float) and grid[0][pagu_col] == "Pagu (Rp)"

    d = docx.Document(str(summary))
    section = d.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    cells = "\n".join(c.text for t in d.tables for row in t.rows for c in row.cells)
    assert "Pelatihan las bagi pencari kerja" in cells and "Pelatihan juru las" in cells  # both sides of the overlap
    assert "samarinda.csv, baris 3" in cells and "hanya kewenangan provinsi" in cells  # outside authority, with why


# ---------------------------------------------------------------------- sinkron inklusi
WITH_COLUMN = (
    "wilayah_kode,tahun,kode_sub_kegiatan,uraian,lokasi_kode,target,satuan,pagu,sumber_dana,kelompok_sasaran,sasaran_perempuan\n"
    "64,2026,2.07.03.1.01.0001,Pelatihan menjahit,64,40,Orang,300000000,APBD Provinsi,perempuan,40\n"
    "64,2026,2.07.03.1.01.0001,Pelatihan las,6472,20,Orang,100000000,APBD Provinsi,pemuda;perempuan,5\n"
    "64,2026,2.07.04.1.03.0003,Job fair Kaltim,64,1000,Orang,100000000,APBD Provinsi,,\n"
    "6472,2026,2.07.04.2.03.0003,Job fair bagi penyandang disabilitas,6472,500,Orang,150000000,APBD Kota,umum,\n"
)
WITHOUT_COLUMN = (
    "wilayah_kode,tahun,kode_sub_kegiatan,uraian,lokasi_kode,target,satuan,pagu,sumber_dana\n"
    "6472,2026,2.07.03.2.01.0009,Pelatihan tata boga bagi perempuan pencari kerja,6472,20,Orang,50000000,APBD Kota\n"
    "6472,2026,2.07.04.2.01.0003,Penguatan Unit Layanan Disabilitas,6472,1,Unit,50000000,APBD Kota\n"
    "6401,2026,2.07.03.2.01.0009,Pelatihan otomotif bagi lulusan SMK,6401,20,Orang,80000000,APBD Kab\n"
    "6401,2026,2.07.04.2.03.0003,Job fair Paser,6401,300,Orang,20000000,APBD Kab\n"
)


def test_inklusi_counts_stated_and_suggested_groups(tmp_path, capsys):
    a = tmp_path / "dengan_kolom.csv"
    a.write_text(WITH_COLUMN, encoding="utf-8")
    b = tmp_path / "tanpa_kolom.xlsx"
    book = openpyxl.Workbook()
    for line in WITHOUT_COLUMN.strip().splitlines():
        book.active.append([int(x) if x.isdigit() else x for x in line.split(",")])
    book.save(b)
    out = tmp_path / "inklusi.csv"
    assert main(["sinkron", "inklusi", str(a), str(b), "--tahun", "2026", "--keluaran", str(out)]) == 0
    with open(out, encoding="utf-8") as f:
        assert f.readline().strip() == "wilayah_kode,kelompok,jumlah_usulan,pagu,porsi_pagu,sumber"
    rows = {(r["wilayah_kode"], r["kelompok"], r["sumber"]): r for r in read_csv(out)}
    assert {k: (int(r["jumlah_usulan"]), float(r["pagu"]), float(r["porsi_pagu"])) for k, r in rows.items()} == {
        ("64", "perempuan", "kolom"): (2, 400_000_000, 0.8),  # 400 of the province's 500 million
        ("64", "pemuda", "kolom"): (1, 100_000_000, 0.2),
        ("6472", "umum", "kolom"): (1, 150_000_000, 0.6),  # the column wins over the description ("disabilitas")
        ("6472", "perempuan", "saran"): (1, 50_000_000, 0.2),
        ("6472", "disabilitas", "saran"): (1, 50_000_000, 0.2),
        ("6401", "lulusan_baru", "saran"): (1, 80_000_000, 0.8),
        ("6401", "pemuda", "saran"): (1, 80_000_000, 0.8),
    }
    printed = capsys.readouterr().out
    assert "8 usulan: 3 dengan kelompok sasaran dari kolom, 3 disarankan dari uraian (saran), 2 tanpa kelompok sasaran" in printed
    # the province targets women: Kaltim's large participation gap is not flagged; Samarinda's women only by a suggestion
    assert "perempuan di 64 Kalimantan Timur" not in printed
    assert "celah besar, hanya saran: perempuan di 6472" in printed


def test_inklusi_unknown_code_names_file_row_column_and_the_allowed_codes(tmp_path, capsys):
    path = tmp_path / "u.csv"
    path.write_text(WITH_COLUMN.replace("pemuda;perempuan", "pemuda;ibu-ibu"), encoding="utf-8")
    out = tmp_path / "o.csv"
    assert main(["sinkron", "inklusi", str(path), "--keluaran", str(out)]) == 1
    err = capsys.readouterr().err
    assert "berkas 'u.csv', baris 3, kolom 'kelompok_sasaran'" in err and "'ibu-ibu'" in err
    assert "perempuan, disabilitas, pemuda, lulusan_baru, korban_phk, pmi, transmigran, masyarakat_lokal_ikn, umum" in err
    assert not out.exists()


def test_matriks_has_an_inclusion_sheet_with_numbers_and_the_summary_a_section(tmp_path):
    from docx import Document

    a, b = tmp_path / "u.csv", tmp_path / "v.csv"
    a.write_text(WITH_COLUMN, encoding="utf-8")
    b.write_text(WITHOUT_COLUMN, encoding="utf-8")
    xlsx, docx = tmp_path / "m.xlsx", tmp_path / "r.docx"
    assert main(["sinkron", "matriks", str(a), str(b), "--tahun", "2026", "--keluaran", str(xlsx), "--ringkasan", str(docx)]) == 0
    sheet = openpyxl.load_workbook(xlsx)["Inklusi"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=False)) for r in sheet.iter_rows(min_row=2, max_row=sheet.max_row)]
    kaltim = next(r for r in rows if r["Kode wilayah"].value == "64" and r["Kode kelompok"].value == "perempuan")
    assert kaltim["Celah (poin)"].value < -30 and kaltim["Usulan (kolom)"].value == 2
    assert kaltim["Porsi pagu"].value == 0.8 and kaltim["Porsi pagu"].number_format == "0.0%"
    assert kaltim["Pagu (Rp)"].value == 400_000_000 and kaltim["Pagu (Rp)"].number_format == "#,##0"
    assert kaltim["Sumber data"].value.startswith("http")
    matrix = openpyxl.load_workbook(xlsx)["Matriks"]
    head = [c.value for c in matrix[1]]
    groups = [(r[head.index("Kelompok sasaran")], r[head.index("Saran kelompok sasaran")]) for r in matrix.iter_rows(min_row=2, values_only=True)
              if r[head.index("Uraian usulan")]]
    assert groups == [("perempuan", ""), ("perempuan; pemuda", ""), ("", ""), ("umum", ""),
                      ("", "perempuan"), ("", "disabilitas"), ("", "pemuda; lulusan_baru"), ("", "")]
    text = "\n".join(p.text for p in Document(docx).paragraphs)
    assert "Jangkauan kelompok sasaran (inklusi)" in text and "Celah besar: kelompok tertinggal sedikitnya 20%" in text

"""``sinkron matriks … --plafon FILE --berita-acara BA.docx``: ceilings per office flagged in the
matrix and the summary, co-funded proposals with both offices' money, and the Berita Acara
(agreement per region, follow-ups, signature block, A4) — checked in the real files."""
from __future__ import annotations

import openpyxl
from docx import Document
from docx.shared import Cm

from sinergi.cli import main
from sinergi.documents.docx_utils import iter_text

HEADER = "wilayah_kode,tahun,kode_sub_kegiatan,uraian,lokasi_kode,target,satuan,pagu,sumber_dana,status,rincian_dana\n"


def _files(tmp_path):
    prov = tmp_path / "usulan_provinsi.csv"
    prov.write_text(
        HEADER
        # co-funded: the province's 1.2 bn and Samarinda's 450 m, each with its office
        + '64,2026,2.07.03.1.01.0001,Pelatihan las SMAW bagi pencari kerja Samarinda,6472,40,Orang,,,diterima,'
          '"APBD provinsi = 1.200.000.000; APBD kabupaten/kota (6472) = 450.000.000"\n'
        + "64,2026,2.07.04.1.01.0004,Pembinaan AKAD dan AKL,64,200,Orang,900000000,APBD provinsi,diterima,\n",
        encoding="utf-8",
    )
    kota = tmp_path / "usulan_samarinda.csv"
    kota.write_text(
        HEADER
        + "6472,2026,2.07.04.2.03.0003,Job fair Kota Samarinda,6472,500,Orang,300000000,APBD kabupaten/kota,diterima,\n"
        + "6472,2026,2.07.04.2.01.0002,Pelayanan antar kerja,6472,300,Orang,100000000,APBD kabupaten/kota,ditolak,\n",
        encoding="utf-8",
    )
    bontang = tmp_path / "usulan_bontang.csv"
    bontang.write_text(HEADER + "6474,2026,2.07.04.2.03.0003,Bursa kerja Bontang,6474,200,Orang,250000000,APBD kota,diterima,\n",
                       encoding="utf-8")
    plafon = tmp_path / "plafon.csv"
    plafon.write_text("wilayah_kode,plafon\n64,3.000.000.000\n6472,500000000\n6474,1000000000\n", encoding="utf-8")
    follow = tmp_path / "tindak_lanjut.csv"
    follow.write_text("uraian,wilayah_kode,tenggat\nMenyesuaikan pagu job fair dengan plafon,6472,2026-03-31\n", encoding="utf-8")
    return prov, kota, bontang, plafon, follow


def test_ceilings_cofunding_and_berita_acara(tmp_path, capsys):
    prov, kota, bontang, plafon, follow = _files(tmp_path)
    out, summary, ba = tmp_path / "matriks.xlsx", tmp_path / "ringkasan.docx", tmp_path / "BA.docx"
    assert main(["sinkron", "matriks", str(prov), str(kota), str(bontang), "--keluaran", str(out), "--ringkasan", str(summary),
                 "--plafon", str(plafon), "--berita-acara", str(ba), "--tindak-lanjut", str(follow),
                 "--tempat", "Balikpapan", "--tanggal-rapat", "2026-11-20"]) == 0
    printed = capsys.readouterr().out
    assert "1 melebihi plafon: 6472 Samarinda" in printed

    book = openpyxl.load_workbook(out)
    ws = book["Plafon"]
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    # Samarinda: its own 300 m (the rejected 100 m does not count) + its 450 m share of the co-funded training = 750 m > 500 m
    assert rows["6472"]["Pagu usulan (Rp)"] == 750_000_000 and rows["6472"]["Status plafon"] == "melebihi plafon"
    assert rows["6472"]["Selisih (Rp)"] == -250_000_000
    assert rows["64"]["Pagu usulan (Rp)"] == 2_100_000_000 and rows["64"]["Status plafon"] == "dalam plafon"
    assert rows["6474"]["Status plafon"] == "dalam plafon"
    money = header.index("Pagu usulan (Rp)") + 1
    cell = ws.cell(row=2, column=money)
    assert isinstance(cell.value, (int, float)) and cell.number_format == "#,##0"
    m = book["Matriks"]
    mh = [c.value for c in m[1]]
    training = next(r for r in m.iter_rows(min_row=2, values_only=True) if r[mh.index("Uraian usulan")].startswith("Pelatihan las"))
    assert training[mh.index("Didanai bersama")] == "ya" and training[mh.index("Pagu (Rp)")] == 1_650_000_000
    detail = training[mh.index("Rincian sumber dana")]
    assert "APBD provinsi (Provinsi Kalimantan Timur) Rp 1.200.000.000" in detail and "APBD kabupaten/kota (Samarinda) Rp 450.000.000" in detail

    text = "\n".join(iter_text(Document(summary)))
    assert "Pagu usulan terhadap plafon" in text and "1 pengusul melebihi plafon: Samarinda" in text

    doc = Document(ba)
    sec = doc.sections[0]
    assert abs(sec.page_width - Cm(21.0)) < Cm(0.05) and abs(sec.page_height - Cm(29.7)) < Cm(0.05)
    text = "\n".join(iter_text(doc))
    assert "BERITA ACARA" in text and "TAHUN ANGGARAN 2026" in text
    assert "pada tanggal 20 November 2026 bertempat di Balikpapan" in text
    for heading in ("Provinsi Kalimantan Timur", "Kota Samarinda", "Kota Bontang"):
        assert f"Usulan yang disepakati — {heading}" in text
    assert "Job fair Kota Samarinda" in text and "Bursa kerja Bontang" in text
    # the rejected proposal is not agreed; it is listed as such
    assert "Pelayanan antar kerja (usulan_samarinda.csv baris 3) — ditolak." in text
    # funding sources with each office's part
    assert "APBD kabupaten/kota (Samarinda) Rp 450.000.000" in text
    # follow-up with office and date; signature block for the heads of the three offices
    assert "Menyesuaikan pagu job fair dengan plafon" in text and "31 Maret 2026" in text
    assert "Kepala Dinas Tenaga Kerja dan Transmigrasi Provinsi Kalimantan Timur" in text
    assert "Kepala Perangkat Daerah yang membidangi urusan tenaga kerja Kota Samarinda" in text
    assert "Kepala Perangkat Daerah yang membidangi urusan tenaga kerja Kota Bontang" in text
    assert text.count("NIP. ") == 3 and "melebihi plafon" in text


def test_bad_ceiling_file_names_row_column_and_fix(tmp_path, capsys):
    prov, kota, bontang, _, _ = _files(tmp_path)
    bad = tmp_path / "plafon_salah.csv"
    bad.write_text("wilayah_kode,plafon\n64,tiga miliar\n9999,100\n64,5\n", encoding="utf-8")
    out = tmp_path / "m.xlsx"
    assert main(["sinkron", "matriks", str(prov), "--keluaran", str(out), "--plafon", str(bad)]) == 1
    err = capsys.readouterr()
    text = err.out + err.err
    assert "baris 2" in text and "kolom 'plafon'" in text and "bukan angka" in text
    assert "baris 3" in text and "kolom 'wilayah_kode'" in text and "6472" in text
    assert "baris 4" in text and "dua kali" in text
    assert not out.exists()
    wrong = tmp_path / "plafon_kolom.csv"
    wrong.write_text("kode,pagu\n64,100\n", encoding="utf-8")
    assert main(["sinkron", "matriks", str(prov), "--keluaran", str(out), "--plafon", str(wrong)]) == 1
    err = capsys.readouterr()
    assert "wilayah_kode,plafon" in err.out + err.err


def test_bad_meeting_date_stops_before_any_file(tmp_path, capsys):
    prov, *_ = _files(tmp_path)
    out, ba = tmp_path / "m.xlsx", tmp_path / "BA.docx"
    assert main(["sinkron", "matriks", str(prov), "--keluaran", str(out), "--berita-acara", str(ba),
                 "--tempat", "Balikpapan", "--tanggal-rapat", "20-11-2026"]) == 1
    err = capsys.readouterr()
    assert "Tanggal rapat '20-11-2026' bukan tanggal" in err.out + err.err and "--tanggal-rapat" in err.out + err.err
    assert not out.exists() and not ba.exists()


def test_breakdown_that_disagrees_with_pagu_is_an_error(tmp_path):
    path = tmp_path / "u.csv"
    path.write_text(HEADER + '64,2026,2.07.03.1.01.0001,Pelatihan las,6472,40,Orang,1000000000,,,'
                             '"APBD provinsi = 1.200.000.000; APBD kabupaten/kota (6472) = 450.000.000"\n', encoding="utf-8")
    out = tmp_path / "t.csv"
    assert main(["sinkron", "periksa", str(path), "--keluaran", str(out)]) == 0
    content = out.read_text(encoding="utf-8")
    assert "NILAI_TIDAK_VALID" in content and "berbeda dengan pagu" in content

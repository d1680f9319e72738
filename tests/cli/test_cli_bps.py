"""`sinergi data impor` with BPS files, as a user runs it: the preview is printed before
anything is written, --pratinjau writes nothing, an undecided variable stops the import and
lists candidates until --indikator decides, and the same file twice adds nothing."""
import os
import subprocess
import sys

import pytest
from openpyxl import Workbook

SRC = "https://kaltim.bps.go.id/id/statistics-table/uji-cli"


def run(home, *args):
    env = dict(os.environ, SINERGI_HOME=str(home))
    for key in ("DJANGO_SETTINGS_MODULE", "SINERGI_DATABASE_URL", "DATABASE_URL"):
        env.pop(key, None)
    return subprocess.run([sys.executable, "-m", "sinergi.cli", *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    h = tmp_path_factory.mktemp("sinergi-home-bps")
    r = run(h, "data", "muat")
    assert r.returncode == 0, r.stderr
    return h


def exported(home, tmp_path):
    out = tmp_path / "semua.csv"
    assert run(home, "data", "ekspor", "--keluaran", str(out)).returncode == 0
    return [ln for ln in out.read_text(encoding="utf-8").splitlines() if SRC in ln]


def test_api_preview_then_import_then_again(home, shared_reference, tmp_path):
    api = shared_reference / "bps" / "contoh_webapi_tpt_2023.json"
    r = run(home, "data", "impor", str(api), "--sumber", SRC, "--pratinjau")
    assert r.returncode == 0, r.stderr
    assert "jawaban API BPS" in r.stdout and "→ tpt" in r.stdout
    assert "Pratinjau: 11 angka — 11 baru, 0 tidak berubah, 0 berubah." in r.stdout
    assert "tidak ada yang ditulis" in r.stdout and exported(home, tmp_path) == []
    r = run(home, "data", "impor", str(api), "--sumber", SRC)
    assert r.returncode == 0, r.stderr
    assert r.stdout.index("Pratinjau:") < r.stdout.index("berhasil: 11 baris ditambah")
    assert "Nilai utama yang berubah (" in r.stdout, "BPS values become primary over the news values of the same figures"
    lines = exported(home, tmp_path)
    assert "6401,Paser,2023,8,tpt,4.72,percent," + SRC + ",BPS Web API: Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota (Tahun)" in lines
    r = run(home, "data", "impor", str(api), "--sumber", SRC)
    assert "0 baru, 11 tidak berubah" in r.stdout and "Pratinjau: tidak ada nilai utama yang akan berubah." in r.stdout
    assert "0 baris ditambah, 0 diubah, 11 sudah ada" in r.stdout and "Tidak ada nilai utama yang berubah." in r.stdout


def test_labour_table_preview_names_the_primary_values_that_change(home, shared_reference):
    (path,) = (shared_reference / "bps" / "contoh_tabel_bps").glob("Penduduk Berumur 15 Tahun Ke Atas Menurut Provinsi dan Jenis*.xlsx")
    r = run(home, "data", "impor", str(path), "--sumber", SRC, "--pratinjau")
    assert r.returncode == 0, r.stderr
    assert "Pratinjau: 72 angka — 72 baru" in r.stdout
    assert "Dilewati (bukan wilayah Kalimantan Timur)" in r.stdout and "→ bak_sekolah (tabel pemetaan)" in r.stdout
    assert "Pratinjau nilai utama yang akan berubah (" in r.stdout
    changes = [ln for ln in r.stdout.splitlines() if ln.startswith("  64 ") and f"(BPS: {SRC})" in ln]
    assert any(ln.startswith("  64 bekerja 2019 bulan 2: 1.773.371") and ln.endswith(f"→ 1.771.394 (BPS: {SRC})") for ln in changes), changes


def test_undecided_variable_stops_and_indikator_decides(home, tmp_path):
    wb = Workbook()
    for row in (["Persentase Pekerja Setengah Menganggur Menurut Kabupaten/Kota 2032"], [], ["Kabupaten/Kota", "Persentase Pekerja Setengah Menganggur"],
                ["", "2032"], ["Kota Samarinda", "7.25"]):
        wb.active.append(row)
    path = tmp_path / "setengah.xlsx"
    wb.save(path)
    r = run(home, "data", "impor", str(path), "--sumber", SRC)
    assert r.returncode == 1
    assert "tidak dapat dipastikan" in r.stderr and "setengah_penganggur_share" in r.stderr and "--indikator" in r.stderr
    assert "tidak ada data yang disimpan" in r.stderr
    r = run(home, "data", "impor", str(path), "--sumber", SRC, "--indikator", "setengah_penganggur_share")
    assert r.returncode == 0, r.stderr
    assert "→ setengah_penganggur_share (pilihan pengguna)" in r.stdout and "1 baris ditambah" in r.stdout


def test_bps_file_without_a_source_is_refused(home, shared_reference):
    (path,) = (shared_reference / "bps" / "contoh_tabel_bps").glob("Kepadatan*.xlsx")
    r = run(home, "data", "impor", str(path))
    assert r.returncode == 1 and "--sumber URL" in r.stderr

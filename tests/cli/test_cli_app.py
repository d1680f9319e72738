"""`sinergi data …` and `sinergi peta impor` in a fresh SINERGI_HOME, as a user runs them."""
import os
import subprocess
import sys

import pytest


def run(home, *args, **env):
    e = dict(os.environ, SINERGI_HOME=str(home), **env)
    e.pop("DJANGO_SETTINGS_MODULE", None)
    e.pop("SINERGI_DATABASE_URL", None)
    e.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "sinergi.cli", *args], capture_output=True, text=True, env=e, timeout=300)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    h = tmp_path_factory.mktemp("sinergi-home")
    r = run(h, "data", "muat")
    assert r.returncode == 0, r.stderr
    return h


def test_export_contains_paser_2023_tpt_with_source(home, tmp_path):
    out = tmp_path / "x.csv"
    r = run(home, "data", "ekspor", "--keluaran", str(out))
    assert r.returncode == 0, r.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "region_code,region,year,month,indicator,value,unit,source_url,note"
    assert any(ln.startswith("6401,Paser,2023,8,tpt,4.72,percent,https://") for ln in lines)
    assert (home / "sinergi.sqlite3").exists()


def test_invalid_import_exits_non_zero_with_every_problem(home, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("region_code,year,indicator,value,source_url\n6499,2024,tpt,5,https://x\n6401,2024,tpt,abc,https://x\n", encoding="utf-8")
    r = run(home, "data", "impor", str(bad))
    assert r.returncode == 1
    assert "baris 2" in r.stderr and "baris 3" in r.stderr and "tidak ada data yang disimpan" in r.stderr


def test_boundary_import_from_shared(home, shared_reference):
    r = run(home, "peta", "impor", str(shared_reference / "geo" / "kaltim_kabkota.geojson"))
    assert r.returncode == 0, r.stderr
    assert "10 kabupaten/kota" in r.stdout


def test_restore_refuses_newer_changes_and_foreign_backups_until_told(home, tmp_path, tmp_path_factory):
    backup = tmp_path / "cadangan.zip"
    r = run(home, "data", "cadangkan", "--keluaran", str(backup))
    assert r.returncode == 0, r.stderr
    new = tmp_path / "baru.csv"
    new.write_text("region_code,year,indicator,value,source_url\n6401,2032,tpt,4.5,https://bps.go.id\n", encoding="utf-8")
    assert run(home, "data", "impor", str(new)).returncode == 0
    r = run(home, "data", "pulihkan", str(backup))
    assert r.returncode == 1 and "lebih baru" in r.stderr and "--timpa" in r.stderr and "Impor baru.csv" in r.stderr
    r = run(home, "data", "pulihkan", str(backup), "--timpa")
    assert r.returncode == 0, r.stderr
    assert "tanda tangan sah" in r.stdout
    out = tmp_path / "x.csv"
    run(home, "data", "ekspor", "--keluaran", str(out))
    assert ",2032," not in out.read_text(encoding="utf-8")
    # another installation (its own secret key) restores it only with the key of this one
    other = tmp_path_factory.mktemp("instalasi-lain")
    r = run(other, "data", "pulihkan", str(backup))
    assert r.returncode == 1 and "--kunci" in r.stderr
    key = (home / "secret_key").read_text().strip()
    r = subprocess.run([sys.executable, "-m", "sinergi.cli", "data", "pulihkan", str(backup), "--kunci", "-"], input=key + "\n", capture_output=True, text=True, timeout=300,
                       env={k: v for k, v in dict(os.environ, SINERGI_HOME=str(other)).items() if k not in ("DJANGO_SETTINGS_MODULE", "SINERGI_DATABASE_URL", "DATABASE_URL")})
    assert r.returncode == 0, r.stderr


def test_import_lists_changed_primary_values_and_export_writes_one_primary_per_figure(home, tmp_path):
    bps = tmp_path / "bps.csv"
    bps.write_text("region_code,region,year,month,indicator,value,unit,source_url,note\n"
                   "6472,Kota Samarinda,2024,8,tpt,\"5,85\",percent,https://samarindakota.bps.go.id/tpt-2024,\n", encoding="utf-8")
    r = run(home, "data", "impor", str(bps))
    assert r.returncode == 0, r.stderr
    assert "1 baris ditambah, 0 diubah, 0 sudah ada" in r.stdout
    assert "Nilai utama yang berubah (1):" in r.stdout
    assert "6472 tpt 2024 bulan 8: 5,75 (berita / sumber lain: https://radarmedia.id/" in r.stdout
    assert "→ 5,85 (BPS: https://samarindakota.bps.go.id/tpt-2024)" in r.stdout
    again = run(home, "data", "impor", str(bps))
    assert "0 baris ditambah, 0 diubah, 1 sudah ada" in again.stdout and "Tidak ada nilai utama yang berubah." in again.stdout

    everything, primary = tmp_path / "semua.csv", tmp_path / "utama.csv"
    assert run(home, "data", "ekspor", "--keluaran", str(everything)).returncode == 0
    r = run(home, "data", "ekspor", "--hanya-utama", "--keluaran", str(primary))
    assert r.returncode == 0, r.stderr
    import csv

    all_rows = list(csv.DictReader(open(everything, encoding="utf-8")))
    rows = list(csv.DictReader(open(primary, encoding="utf-8")))
    assert open(primary, encoding="utf-8").readline() == open(everything, encoding="utf-8").readline()
    key = lambda r: (r["region_code"], r["year"], r["month"], r["indicator"])  # noqa: E731
    assert len(rows) == len({key(r) for r in rows}) == len({key(r) for r in all_rows}) < len(all_rows)
    assert f"{len(rows)} nilai utama ditulis" in r.stdout
    (tpt,) = [x for x in rows if key(x) == ("6472", "2024", "8", "tpt")]
    assert tpt["value"] == "5.85" and tpt["source_url"] == "https://samarindakota.bps.go.id/tpt-2024"

"""`sinergi data impor` on hostile files, in a subprocess as a user runs it: every one ends with
a problem report and an exit status below 128 (no abort, no kill), using less than 400 MB."""
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MAX_RSS_MB = 400


def _generator():
    spec = importlib.util.spec_from_file_location("make_bad_inputs", REPO / "scripts" / "make_bad_inputs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()
HEADER, ROWS = GEN.BASES["statistik"][0], GEN.BASES["statistik"][1]


# A small launcher measures the CLI: a child forked from the test process itself would start with
# that process's resident size (hundreds of MB late in a full test run) in its peak RSS.
_LAUNCHER = """
import os, subprocess, sys
out = sys.argv[1]
proc = subprocess.Popen([sys.executable, "-m", "sinergi.cli", *sys.argv[2:]], stdout=subprocess.DEVNULL, stderr=sys.stderr)
_, status, usage = os.wait4(proc.pid, 0)
with open(out, "w") as f:
    f.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def run_measured(home, *args):
    """Run the CLI; return (exit status, stderr, peak RSS in MB of that one process)."""
    env = dict(os.environ, SINERGI_HOME=str(home))
    for k in ("DJANGO_SETTINGS_MODULE", "SINERGI_DATABASE_URL", "DATABASE_URL"):
        env.pop(k, None)
    err, result = home / "stderr.txt", home / "peak.txt"
    with open(err, "w") as f:
        subprocess.run([sys.executable, "-c", _LAUNCHER, str(result), *args], stdout=subprocess.DEVNULL, stderr=f, env=env, check=True)
    status, maxrss_kb = result.read_text().split()
    return int(status), err.read_text(encoding="utf-8"), int(maxrss_kb) / 1024


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    h = tmp_path_factory.mktemp("sinergi-home")
    status, err, _ = run_measured(h, "data", "muat")
    assert status == 0, err
    return h


@pytest.mark.parametrize("case, says", [
    ("sel_jauh.xlsx", "Sel terisi terjauh (XFD1048576)"),
    ("spasi_1gb.xlsx", "Isi buku kerja ini bila dibuka melebihi batas"),
])
def test_hostile_workbook_gives_a_problem_report_within_memory(home, tmp_path, case, says):
    path = tmp_path / case
    if case == "sel_jauh.xlsx":
        GEN.raw_xlsx(path, HEADER, ROWS, far_cell="XFD1048576")
    else:
        GEN.raw_xlsx(path, HEADER, ROWS, whitespace=GEN.WHITESPACE_BYTES)
        assert path.stat().st_size < 8 * 1024 * 1024  # small on disk, 1 GiB unpacked
    status, err, rss = run_measured(home, "data", "impor", str(path))
    assert status == 1, (status, err[-2000:])  # not 134 (SIGABRT) nor 137 (killed)
    assert says in err and "tidak ada data yang disimpan" in err and f"berkas '{case}'" in err
    assert rss < MAX_RSS_MB, f"peak RSS {rss:.0f} MB"


def test_huge_refused_csv_lists_200_problems_and_counts_the_rest(home, tmp_path):
    """A big CSV of bad rows: the report stays short (first 200, then a count)."""
    path = tmp_path / "banyak_salah.csv"
    row = ["6499", "X", "2024", "8", "tpt", "5", "persen", "https://kaltim.bps.go.id/a", "catatan " * 25]
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(HEADER) + "\n")
        for _ in range(90_000):
            f.write(",".join(row) + "\n")
    assert path.stat().st_size > 20 * 1024 * 1024
    status, err, rss = run_measured(home, "data", "impor", str(path))
    assert status == 1
    assert "90000 masalah ditemukan" in err and "… dan 89800 masalah lain." in err
    assert err.count("Kode wilayah '6499' tidak dikenal") == 200
    assert len(err) < 200_000
    assert rss < MAX_RSS_MB, f"peak RSS {rss:.0f} MB"


def test_shifted_decimal_comma_is_refused_with_row_and_cell_count(home, tmp_path):
    path = tmp_path / "koma.csv"
    path.write_text(",".join(HEADER) + "\n6472,Samarinda,2031,8,tpt,5,72,persen,https://kaltim.bps.go.id/x,catatan\n", encoding="utf-8")
    status, err, _ = run_measured(home, "data", "impor", str(path))
    assert status == 1
    assert "baris 2" in err and "berisi 10 sel" in err and "9 kolom" in err and "koma desimal tanpa tanda kutip?" in err

"""One home for small rules: the installation's province code and the level of a region code."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sinergi.core.ipk import level_of as ipk_rank_group
from sinergi.core.regions import KABKOTA, PROVINCE_CODE, PROVINSI, region_level
from sinergi.core.sync.reference import Regions
from sinergi.core.sync.suggest import parse_level

SRC = Path(__file__).resolve().parents[2] / "src" / "sinergi"


@pytest.mark.parametrize("code, level", [
    ("64", PROVINSI), ("65", PROVINSI), ("6472", KABKOTA), ("6401", KABKOTA),
    ("647", None), ("6472010", None), ("", None), ("64.72", None), ("ab", None), (6472, KABKOTA),
])
def test_region_level_reads_the_shape_of_a_bps_code(code, level):
    assert region_level(code) == level


def test_every_user_of_the_rule_agrees_with_region_level():
    regions = Regions("64", {"64": "Kalimantan Timur", "6472": "Samarinda"})
    assert [regions.authority(c) for c in ("64", "6472", "6499")] == [PROVINSI, KABKOTA, None]  # unlisted: unknown
    assert [ipk_rank_group(c) for c in ("64", "6472", "6472010")] == ["provinsi", "kabupaten/kota", "lainnya"]
    assert parse_level(PROVINCE_CODE) == PROVINSI and parse_level("6472") == KABKOTA and parse_level("647") is None


def test_province_code_defaults_to_kaltim_and_matches_the_embedded_regions():
    from sinergi.documents import sync_files

    if not os.environ.get("SINERGI_PROVINSI"):
        assert PROVINCE_CODE == "64"
    assert sync_files.load_regions().province == PROVINCE_CODE


def _province_in_child(value: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SINERGI_PROVINSI": value}
    return subprocess.run([sys.executable, "-c", "from sinergi.core.regions import PROVINCE_CODE; print(PROVINCE_CODE)"],
                          env=env, capture_output=True, text=True, timeout=60)


def test_another_province_is_one_setting_away():
    done = _province_in_child(" 63 ")
    assert done.returncode == 0 and done.stdout.strip() == "63"
    bad = _province_in_child("6x")
    assert bad.returncode != 0 and "SINERGI_PROVINSI='6x' bukan kode BPS provinsi" in bad.stderr


# Lines that may keep the digits 64 as data: IKN lies in Kalimantan Timur whatever the installation serves,
# docstring examples, and the default itself.
ALLOWED = (
    ("core/regions.py", 'DEFAULT_PROVINCE = "64"'),
    ("core/rtk/runner.py", "IKN_DEFAULT_REGIONS"),
    ("documents/rtkd/context.py", "IKN_REGIONS"),
    ("core/rtk/__init__.py", "kaltim_series"),
    ("documents/rtkd/__init__.py", "_rtkd("),
)


def test_no_module_writes_the_province_code_as_a_literal():
    found = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if "/migrations/" in rel:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"""(["'])64\1""", line) and not any(rel == f and s in line for f, s in ALLOWED):
                found.append(f"{rel}:{n}: {line.strip()}")
    assert not found, "Gunakan sinergi.core.regions.PROVINCE_CODE, bukan '64':\n" + "\n".join(found)

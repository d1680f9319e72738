"""Shared test fixtures.

``shared_reference`` is ../shared/reference beside the repository: two files stay there and
are read only by tests (the boundary GeoJSON and the complete nomenclature sample).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from sinergi.core import problems as _problems
from sinergi.web.audit import labels as _audit_labels

# Every problem a test provokes must name a registered code (core/problem_codes.py).
_problems.STRICT_CODES = True
# ... and every audit action recorded is registered (web/audit/labels.py).
_audit_labels.STRICT_ACTIONS = True

REPO = Path(__file__).resolve().parents[1]
SHARED_REFERENCE = REPO.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def shared_reference() -> Path:
    if not SHARED_REFERENCE.exists():
        pytest.fail(f"../shared/reference not found beside the repository ({SHARED_REFERENCE})")
    return SHARED_REFERENCE


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts from the embedded Kaltim data (regions, catalogue, statistics)."""
    with django_db_blocker.unblock():
        from sinergi.web.statistics.actions import load_reference_data

        load_reference_data()


@pytest.fixture
def make_user(db):
    """Create a user with a role (and region for operators); password is 'rahasia-uji-123'."""
    from sinergi.web.accounts.models import User

    def make(username, role, region=None, **extra):
        user = User(username=username, role=role, region_id=region, **extra)
        user.set_password("rahasia-uji-123")
        user.save()
        return user

    return make


@pytest.fixture
def write_csv(tmp_path):
    """Write rows (first row = header) to a CSV file and return its path."""
    import csv

    def write(rows, name="data.csv", encoding="utf-8", delimiter=","):
        path = tmp_path / name
        with open(path, "w", newline="", encoding=encoding) as f:
            csv.writer(f, delimiter=delimiter).writerows(rows)
        return path

    return write


@pytest.fixture
def sex_split_table(tmp_path):
    """A dynamic table in BPS's layout (merged title, year over Laki-laki / Perempuan / Jumlah),
    holding Kaltim's published August 2023 TPAK (labour.csv: 82.82 men, 46.86 women, 65.57 all). The
    Kalimantan Barat row is a placeholder (not a published figure) that the import must leave out."""
    from openpyxl import Workbook

    path = tmp_path / "tpak_jenis_kelamin.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Tingkat Partisipasi Angkatan Kerja (TPAK) Menurut Provinsi dan Jenis Kelamin (Persen), 2023"])
    ws.merge_cells("A1:D1")
    ws.append([])
    ws.append(["Provinsi", "Tingkat Partisipasi Angkatan Kerja (TPAK) Menurut Jenis Kelamin (Persen)", None, None])
    ws.merge_cells("B3:D3")
    ws.append([None, "Agustus 2023", None, None])
    ws.merge_cells("B4:D4")
    ws.append([None, "Laki-laki", "Perempuan", "Jumlah"])
    ws.append(["KALIMANTAN BARAT", "80.01", "52.00", "66.20"])
    ws.append(["KALIMANTAN TIMUR", "82.82", "46.86", "65.57"])
    ws.append(["Sumber: Survei Angkatan Kerja Nasional (Sakernas)"])
    wb.save(path)
    return path


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test starts with an empty page cache: the cache is keyed by counts of change marks,
    and a rolled-back test database counts from the same numbers again."""
    from sinergi.web.caching import reset

    reset()
    yield

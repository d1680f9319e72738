"""Shared test fixtures.

``shared_reference`` is ../shared/reference beside the repository: two files stay there and
are read only by tests (the boundary GeoJSON and the complete nomenclature sample).
"""
from __future__ import annotations

from pathlib import Path

import pytest

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


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test starts with an empty page cache: the cache is keyed by counts of change marks,
    and a rolled-back test database counts from the same numbers again."""
    from sinergi.web.caching import reset

    reset()
    yield

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

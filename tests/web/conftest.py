"""Fixtures shared by the web tests: the proposal round's users and round, the complete
nomenclature version, and the embedded data for transactional tests (their database starts empty)."""
from __future__ import annotations

import pytest
from web_support import ROUND_YEAR

from sinergi.web.accounts.models import Role


@pytest.fixture
def users(make_user):
    """One user per role: planner, admin, viewer, the Samarinda and Balikpapan operators."""
    return {
        "perencana": make_user("perencana", Role.PLANNER, "64"),
        "admin": make_user("admin", Role.ADMIN, "64"),
        "pemantau": make_user("pemantau", Role.VIEWER),
        "op-samarinda": make_user("op-samarinda", Role.OPERATOR, "6472"),
        "op-balikpapan": make_user("op-balikpapan", Role.OPERATOR, "6471"),
    }


@pytest.fixture
def rnd(users):
    from sinergi.web.proposals.actions import ensure_defaults, open_round

    return open_round(users["perencana"], ROUND_YEAR, ensure_defaults())


@pytest.fixture
def full_version(users, shared_reference):
    """The complete nomenclature sample imported by the admin (a version with every province row)."""
    from sinergi.web.proposals.actions import ensure_defaults, import_nomenclature

    ensure_defaults()
    return import_nomenclature(users["admin"], shared_reference / "nomenklatur" / "nomenklatur_lengkap_uji.csv", "SIPD 2027 (uji)").version


@pytest.fixture
def reference_data():
    """Transactional tests start from an empty database: load the Kaltim data again."""
    from sinergi.web.statistics.actions import load_reference_data

    load_reference_data()

"""The round as a process: office states on the status board, the current stage and how near a
closing date is (pure functions, no database)."""
from datetime import date

import pytest

from sinergi.core.sync.process import (
    current_stage,
    deadline_state,
    last_closed_quarter,
    office_state,
)


@pytest.mark.parametrize("statuses,state", [
    ([], "belum_mulai"),
    (["digabung"], "belum_mulai"),  # a merged original is no longer the office's proposal
    (["draf", "draf"], "draf"),
    (["draf", "diajukan"], "draf"),
    (["diajukan", "ditinjau"], "diajukan"),
    (["diterima", "diajukan"], "diajukan"),
    (["diterima", "perlu_perbaikan", "draf"], "perlu_perbaikan"),
    (["diterima", "ditolak", "digabung"], "diterima"),
    (["ditolak"], "diajukan"),  # nothing agreed: not "diterima"
])
def test_office_state_is_derived_from_its_proposals(statuses, state):
    assert office_state(statuses) == state


def test_the_stage_is_the_first_whose_closing_date_has_not_passed():
    dates = {"pengajuan": date(2026, 3, 15), "verifikasi": date(2026, 4, 15), "kesepakatan": date(2026, 5, 1)}
    assert current_stage(date(2026, 3, 15), dates) == "pengajuan"  # the closing day itself still counts
    assert current_stage(date(2026, 3, 16), dates) == "verifikasi"
    assert current_stage(date(2026, 4, 20), dates) == "kesepakatan"
    assert current_stage(date(2026, 5, 2), dates) == "tindak_lanjut"
    assert current_stage(date(2026, 1, 1), dates, closed=True) == "tindak_lanjut"
    assert current_stage(date(2030, 1, 1), {}) == "pengajuan"  # no dates: offices may still submit


def test_deadline_states_and_quarters():
    d = date(2026, 3, 15)
    assert deadline_state(date(2026, 3, 20), d) == ("lewat", 5)
    assert deadline_state(date(2026, 3, 15), d) == ("segera", 0)
    assert deadline_state(date(2026, 3, 8), d) == ("segera", 7)
    assert deadline_state(date(2026, 3, 7), d) == ("nanti", 8)
    assert deadline_state(date(2026, 3, 7), None) is None
    assert last_closed_quarter(date(2026, 3, 31), 2026) == 0
    assert last_closed_quarter(date(2026, 4, 1), 2026) == 1
    assert last_closed_quarter(date(2027, 1, 5), 2026) == 4
    assert last_closed_quarter(date(2025, 12, 5), 2026) == 0

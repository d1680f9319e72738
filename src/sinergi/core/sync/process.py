"""The proposal round as a process: its stages with closing dates, the state of each office on
the status board, and how near a deadline is. Pure functions over statuses and dates (no
Django); the web layer (:mod:`sinergi.web.proposals.process`) feeds them the stored rows.

One vocabulary with the proposal statuses (``draf``, ``diajukan``, ``ditinjau``,
``perlu_perbaikan``, ``diterima``, ``ditolak``, ``digabung``):

Stages of a round, each closed by a date the province sets:

* ``pengajuan`` — offices enter and submit their proposals (until *batas pengajuan*);
* ``verifikasi`` — the province verifies, asks for fixes, the offices fix and resubmit
  (until *batas verifikasi/perbaikan*);
* ``kesepakatan`` — the Rakor agrees the programme (until *batas rakor/kesepakatan*);
* ``tindak_lanjut`` — after the agreement (or once the round is closed): quarterly follow-up.

The state of an office on the status board is derived from its proposals, never stored:

* ``belum_mulai`` — no proposal (merged originals do not count);
* ``perlu_perbaikan`` — at least one proposal was sent back for a fix;
* ``draf`` — otherwise, at least one proposal not yet submitted;
* ``diterima`` — otherwise, every proposal decided and at least one accepted;
* ``diajukan`` — otherwise: submitted, under review, or (rarely) all rejected.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .findings import gettext_noop

STAGES = ("pengajuan", "verifikasi", "kesepakatan")
STAGE_LABELS = {
    "pengajuan": gettext_noop("pengajuan usulan"),
    "verifikasi": gettext_noop("verifikasi/perbaikan"),
    "kesepakatan": gettext_noop("rakor/kesepakatan"),
    "tindak_lanjut": gettext_noop("tindak lanjut (realisasi triwulanan)"),
}
DEADLINE_LABELS = {
    "pengajuan": gettext_noop("batas pengajuan"),
    "verifikasi": gettext_noop("batas verifikasi/perbaikan"),
    "kesepakatan": gettext_noop("batas rakor/kesepakatan"),
}

OFFICE_STATES = ("belum_mulai", "draf", "diajukan", "perlu_perbaikan", "diterima")
OFFICE_STATE_LABELS = {
    "belum_mulai": gettext_noop("belum mulai"),
    "draf": gettext_noop("draf"),
    "diajukan": gettext_noop("diajukan"),
    "perlu_perbaikan": gettext_noop("perlu perbaikan"),
    "diterima": gettext_noop("diterima"),
}
#: days before a closing date from which it counts as approaching
SOON_DAYS = 7


def office_state(statuses: Iterable[str]) -> str:
    """The status-board state of an office from the statuses of its proposals in a round."""
    live = [s for s in statuses if s != "digabung"]
    if not live:
        return "belum_mulai"
    if "perlu_perbaikan" in live:
        return "perlu_perbaikan"
    if "draf" in live:
        return "draf"
    if all(s in ("diterima", "ditolak") for s in live) and "diterima" in live:
        return "diterima"
    return "diajukan"


def current_stage(today: date, deadlines: dict[str, date | None], closed: bool = False) -> str:
    """The stage a round is in on ``today``: the first stage whose closing date has not passed
    (a stage without a date has not passed); after the last one, or once the round is closed,
    ``tindak_lanjut``."""
    if closed:
        return "tindak_lanjut"
    for name in STAGES:
        d = deadlines.get(name)
        if d is None or today <= d:
            return name
    return "tindak_lanjut"


def deadline_state(today: date, deadline: date | None) -> tuple[str, int] | None:
    """``("lewat", days_past)``, ``("segera", days_left)`` (within :data:`SOON_DAYS`, today
    = 0) or ``("nanti", days_left)``; None without a date."""
    if deadline is None:
        return None
    days = (deadline - today).days
    if days < 0:
        return "lewat", -days
    if days <= SOON_DAYS:
        return "segera", days
    return "nanti", days


def quarter_of(day: date) -> int:
    """The quarter (1–4) a day falls in."""
    return (day.month - 1) // 3 + 1


def last_closed_quarter(today: date, year: int) -> int:
    """The last quarter of budget year ``year`` that has ended by ``today`` (0: none yet)."""
    if today.year < year:
        return 0
    if today.year > year:
        return 4
    return quarter_of(today) - 1

"""The permission matrix: every URL pattern of the URL configuration × every role × every HTTP
method its view accepts, against the explicit table :data:`TABLE` below (and the object-level
table :data:`OBJECTS`: the other office's proposals, region B's plan and IPK data, the
province's office).

Outcomes (what the response says):

* ``allow`` — 200 (a page, also a form re-rendered with its errors: "allowed but invalid"),
  409 (a stale-version page), a file download, or a 302 that stays in the same area;
* ``soft`` — the role reaches the view but the action is refused in the page: a 302 back into
  the same area with a message (never 200), and for a POST nothing stored;
* ``deny`` — 302 to the sign-in page (anonymous; the Django admin's own sign-in for non-staff),
  403, or 404 (objects of another office: ids do not leak). A denied POST leaves every table
  unchanged (:func:`sinergi.web.backup.table_fingerprints` minus the audit trail and the
  failed-login log).

POST bodies are *effective*: the body a permitted role would use to really change something
(a valid proposal, the next status, the version shown, a real template to upload), so a
refusal is a refusal and not a form error.

Every response is also searched for the ``uraian`` of proposals the role may not see (another
office's proposals for an operator, drafts for a viewer, all for anonymous): none may appear.

The table must list every URL name and exactly the methods its view accepts
(:func:`test_table_lists_every_url_and_method`), so a new URL cannot be added without
deciding who may use it. A hole found here is kept visible: its cell says ``deny`` with
:func:`hole` (``xfail(strict=True)`` for that case only) until the view is fixed.

The objects are built once for the module inside a transaction that is rolled back at the end;
each case runs in its own (rolled back) transaction on top of it.
"""
from __future__ import annotations

import inspect
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from web_support import CITY_ROW

ROLES = ("anon", "op_a", "op_b", "perencana", "admin", "pemantau")
A, D, S = "allow", "deny", "soft"
REGION = {"A": "6472", "B": "6401", "P": "64"}  # office A Samarinda, office B Paser, the province
ROUND_YEAR = 2026


@dataclass(frozen=True)
class Hole:
    """A cell that should be ``deny`` but is not (yet): the case is ``xfail(strict=True)``."""

    expected: str
    reason: str


def hole(reason: str) -> Hole:
    return Hole(D, reason)


# ======================================================================================= table
# URL name → method → role → expected outcome. The path parameters are those of DEFAULT_TARGET:
# region/office A (6472) for region URLs, office A's *draft* proposal for proposal URLs (the
# province for the backtest download).
TABLE = {
    # --- accounts, home
    "home": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "dashboard": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "statistics-groups": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    # --- notifications: everyone signed in reads and marks their own
    "notifications:list": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "notifications:read": {"POST": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "login": {  # the sign-in page: public; signed-in users are sent home
        "GET": {"anon": A, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A},
        "POST": {"anon": A, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A},
    },
    "logout": {"POST": {"anon": A, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    # --- user accounts: every signed-in user changes their own password; only admins manage users
    "accounts:password": {
        "GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A},
        "POST": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A},
    },
    "accounts:users": {"GET": {"anon": D, "op_a": D, "op_b": D, "perencana": D, "admin": A, "pemantau": D}},
    "accounts:user-new": {
        "GET": {"anon": D, "op_a": D, "op_b": D, "perencana": D, "admin": A, "pemantau": D},
        "POST": {"anon": D, "op_a": D, "op_b": D, "perencana": D, "admin": A, "pemantau": D},
    },
    "accounts:user": {  # office B's operator account
        "GET": {"anon": D, "op_a": D, "op_b": D, "perencana": D, "admin": A, "pemantau": D},
        "POST": {"anon": D, "op_a": D, "op_b": D, "perencana": D, "admin": A, "pemantau": D},
    },
    "accounts:user-password": {"POST": {"anon": D, "op_a": D, "op_b": D, "perencana": D, "admin": A, "pemantau": D}},
    "accounts:retire-demo": {"POST": {"anon": D, "op_a": D, "op_b": D, "perencana": D, "admin": A, "pemantau": D}},
    # --- statistics, maps, audit
    "statistics": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "statistics-download": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "statistics-import": {  # an operator may import its own region's rows (another region's rows are refused per row)
        "GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": D},
        "POST": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": D},
    },
    "statistics-import-result": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": D}},
    "statistics-figure": {  # every value of one figure; planners pick the primary value (with a reason)
        "GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A},
        "POST": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": D},
    },
    "indicator-catalogue": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "boundary-import": {
        "GET": {"anon": D, "op_a": D, "op_b": D, "perencana": D, "admin": A, "pemantau": D},
        "POST": {"anon": D, "op_a": D, "op_b": D, "perencana": D, "admin": A, "pemantau": D},
    },
    "audit": {"GET": {"anon": D, "op_a": D, "op_b": D, "perencana": D, "admin": A, "pemantau": D}},
    "audit-export": {"GET": {"anon": D, "op_a": D, "op_b": D, "perencana": D, "admin": A, "pemantau": D}},
    "admin:index": {"GET": {"anon": D, "op_a": D, "op_b": D, "perencana": D, "admin": A, "pemantau": D}},
    # --- IPK
    "ipk:overview": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "ipk:run": {"POST": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},
    "ipk:export": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "ipk:export-run": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "ipk:region": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "ipk:whatif": {"POST": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},  # computes, saves nothing
    "ipk:target": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "ipk:target-download": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "ipk:data": {
        "GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A},
        "POST": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D},
    },
    "ipk:template": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "ipk:template-upload": {"POST": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},
    "ipk:method": {
        "GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A},
        "POST": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": D},
    },
    "ipk:compare": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "ipk:compare-download": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "ipk:activate": {"POST": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},
    "ipk:method-download": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    # --- RTK
    "rtk:index": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "rtk:plan": {
        "GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A},
        "POST": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D},
    },
    "rtk:preview": {"POST": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},  # computes, saves nothing
    "rtk:backtest": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "rtk:backtest-download": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "rtk:data": {
        "GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A},
        "POST": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D},
    },
    "rtk:data-remove": {"POST": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},
    "rtk:template": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "rtk:download": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "rtk:history": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    # --- proposal round (office A; A's draft)
    "proposals:index": {
        "GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A},
        "POST": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": D},  # open a round
    },
    "proposals:nomenclature": {
        "GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A},
        "POST": {"anon": D, "op_a": D, "op_b": D, "perencana": D, "admin": A, "pemantau": D},
    },
    "proposals:nomenclature-detail": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "proposals:round": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "proposals:round-action": {"POST": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},
    "proposals:duplicates": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "proposals:resolve": {"POST": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},
    "proposals:gaps": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "proposals:inclusion": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "proposals:downloads": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "proposals:download": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "proposals:berita-acara": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    "proposals:ceilings": {
        "GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A},
        "POST": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": D},  # set the ceilings
    },
    "proposals:follow-up": {"POST": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},
    "proposals:office": {
        "GET": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": A},
        "POST": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D},  # upload
    },
    "proposals:template": {"GET": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},
    "proposals:submit-all": {"POST": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},
    "proposals:new": {
        "GET": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D},
        "POST": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D},
    },
    "proposals:code-field": {"GET": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": A}},
    "proposals:suggest": {"GET": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": A}},
    "proposals:detail": {"GET": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},
    "proposals:edit": {
        "GET": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D},
        "POST": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D},
    },
    "proposals:status": {"POST": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},  # draf → diajukan
    "proposals:comment": {"POST": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},
    # follow-up: every signed-in user sees progress; offices and the province import (rows of other offices are
    # refused in the page, row by row); the quarterly form of a proposal that is not agreed (A's draft) is refused to all
    "proposals:followup": {
        "GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A},
        "POST": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": D},
    },
    "proposals:followup-template": {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": D}},
    "proposals:followup-proposal": {
        "GET": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D},
        "POST": {"anon": D, "op_a": D, "op_b": D, "perencana": D, "admin": D, "pemantau": D},
    },
}

# (URL name, target) → method → role → expected. Targets: "A-diajukan", "B-draf", "B-diajukan"
# (proposals; A's draft is the main table's), "B" (region/office B), "P" (the province's office).
OBJECTS = {
    # office A's submitted proposal: viewers may read it; the office may no longer change its content
    ("proposals:detail", "A-diajukan"): {"GET": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": A}},
    ("proposals:edit", "A-diajukan"): {
        "GET": {"anon": D, "op_a": S, "op_b": D, "perencana": A, "admin": A, "pemantau": D},
        "POST": {"anon": D, "op_a": S, "op_b": D, "perencana": A, "admin": A, "pemantau": D},
    },
    ("proposals:status", "A-diajukan"): {"POST": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},  # → ditinjau
    ("proposals:comment", "A-diajukan"): {"POST": {"anon": D, "op_a": A, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},
    # office B's draft
    ("proposals:detail", "B-draf"): {"GET": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D}},
    ("proposals:edit", "B-draf"): {
        "GET": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D},
        "POST": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D},
    },
    ("proposals:status", "B-draf"): {"POST": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D}},
    ("proposals:comment", "B-draf"): {"POST": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D}},
    # office B's submitted proposal: operator A does not see other offices' proposals at all
    ("proposals:detail", "B-diajukan"): {"GET": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    ("proposals:edit", "B-diajukan"): {
        "GET": {"anon": D, "op_a": D, "op_b": S, "perencana": A, "admin": A, "pemantau": D},
        "POST": {"anon": D, "op_a": D, "op_b": S, "perencana": A, "admin": A, "pemantau": D},
    },
    ("proposals:status", "B-diajukan"): {"POST": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},
    ("proposals:comment", "B-diajukan"): {"POST": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D}},
    # the province's submitted proposal (overlaps A's draft): operators do not see it
    ("proposals:detail", "P-diajukan"): {"GET": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": A}},
    # the round overview filtered on drafts: everyone reaches it, nobody sees drafts they may not see
    ("proposals:round", "draf"): {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    ("proposals:round", "A-draf"): {"GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    # office B in the round
    ("proposals:office", "B"): {
        "GET": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": A},
        "POST": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D},
    },
    ("proposals:template", "B"): {"GET": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D}},
    ("proposals:submit-all", "B"): {"POST": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D}},
    ("proposals:new", "B"): {
        "GET": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D},
        "POST": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D},
    },
    ("proposals:code-field", "B"): {"GET": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    ("proposals:suggest", "B"): {"GET": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": A}},
    # the province's own office: province staff only
    ("proposals:office", "P"): {
        "GET": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": A},
        "POST": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": D},
    },
    ("proposals:new", "P"): {
        "GET": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": D},
        "POST": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": D},
    },
    # region B's RTK plan and data, IPK data
    ("rtk:plan", "B"): {
        "GET": {"anon": D, "op_a": A, "op_b": A, "perencana": A, "admin": A, "pemantau": A},
        "POST": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D},
    },
    ("rtk:plan", "P"): {"POST": {"anon": D, "op_a": D, "op_b": D, "perencana": A, "admin": A, "pemantau": D}},
    ("rtk:data", "B"): {"POST": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D}},
    ("rtk:data-remove", "B"): {"POST": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D}},
    ("ipk:data", "B"): {"POST": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D}},
    ("ipk:template-upload", "B"): {"POST": {"anon": D, "op_a": D, "op_b": A, "perencana": A, "admin": A, "pemantau": D}},
}

# which proposals each role may see (their uraian must appear nowhere else)
MAY_SEE = {
    "anon": set(),
    "op_a": {"A-draf", "A-diajukan"},
    "op_b": {"B-draf", "B-diajukan"},
    "perencana": {"A-draf", "A-diajukan", "B-draf", "B-diajukan", "P-diajukan"},
    "admin": {"A-draf", "A-diajukan", "B-draf", "B-diajukan", "P-diajukan"},
    "pemantau": {"A-diajukan", "B-diajukan", "P-diajukan"},
}

# ================================================================================ the objects
BASE_ROW = {**CITY_ROW, "uraian": ""}
PROPOSALS = {  # label → (office, fields); the uraian are unique words searched for in every response
    "A-draf": ("A", {"uraian": "Bimbingan jabatan bagi pencari kerja Samarinda angkatan kenari"}),
    "A-diajukan": ("A", {"kode_sub_kegiatan": "2.07.03.2.01.0004", "target": "20", "pagu": "120000000",
                         "uraian": "Pelatihan menjahit perempuan Samarinda gelombang merpati"}),
    "B-draf": ("B", {"uraian": "Bimbingan jabatan pencari kerja Paser angkatan rajawali"}),
    "B-diajukan": ("B", {"kode_sub_kegiatan": "2.07.03.2.01.0004", "target": "20", "pagu": "120000000",
                         "uraian": "Pelatihan menjahit perempuan Paser gelombang cendrawasih"}),
    # the province's own proposal in Samarinda: overlaps office A's draft (a pair across levels)
    "P-diajukan": ("P", {"uraian": "Penyuluhan dan bimbingan jabatan bagi pencari kerja di Samarinda angkatan kenari",
                         "target": "200", "pagu": "150000000"}),
}
OFFICE_ROW = {  # what differs per office: the place, and for the province its own level's code and funds
    "A": {"lokasi_kode": "6472"},
    "B": {"lokasi_kode": "6401"},
    "P": {"lokasi_kode": "6472", "kode_sub_kegiatan": "2.07.04.1.01.0003", "sumber_dana": "APBD provinsi"},
}


def row_for(label_or_office: str, **changes) -> dict:
    office, fields = PROPOSALS.get(label_or_office, (label_or_office, {}))
    return {**BASE_ROW, **OFFICE_ROW[office], **fields, **changes}


@dataclass
class World:
    users: dict
    rnd: object
    nomenclature: object
    proposals: dict
    ipk_year: int
    ipk_method: object
    ipk_other_method: object
    ipk_templates: dict = field(default_factory=dict)
    rtk_templates: dict = field(default_factory=dict)
    rtk_forms: dict = field(default_factory=dict)
    rtk_backtest: tuple = (2021, 2024)
    sessions: dict = field(default_factory=dict)
    proposal_uploads: dict = field(default_factory=dict)
    base: dict = field(default_factory=dict)


def _make_user(username, role, region=None):
    from sinergi.web.accounts.models import User

    user = User(username=username, role=role, region_id=region)
    user.set_password("rahasia-uji-123")
    user.save()
    return user


def _download(client, url) -> bytes:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return b"".join(r.streaming_content) if r.streaming else r.content


def _rtk_form(client, code) -> dict:
    from web_support import RtkEditorReader

    r = client.get(reverse("rtk:plan", args=[code]))
    assert r.status_code == 200
    reader = RtkEditorReader()
    reader.feed(r.content.decode())
    reader.fields.pop("csrfmiddlewaretoken", None)
    return reader.fields


def _build_world() -> World:
    from sinergi.documents import ipk_files, rtk_files
    from sinergi.web.accounts.models import Role
    from sinergi.web.ipk import actions as ipk_actions
    from sinergi.web.ipk import queries as ipk_queries
    from sinergi.web.proposals import actions as p_actions
    from sinergi.web.proposals.models import Status
    from sinergi.web.rtk import params as P
    from sinergi.web.rtk.actions import save_plan
    from sinergi.web.rtk.models import RtkRegionData

    users = {
        "op_a": _make_user("op-samarinda", Role.OPERATOR, REGION["A"]),
        "op_b": _make_user("op-paser", Role.OPERATOR, REGION["B"]),
        "perencana": _make_user("perencana", Role.PLANNER, "64"),
        "admin": _make_user("admin", Role.ADMIN, "64"),
        "pemantau": _make_user("pemantau", Role.VIEWER),
    }
    ipk_actions.ensure_defaults()
    nomenclature = p_actions.ensure_defaults()
    rnd = p_actions.open_round(users["perencana"], ROUND_YEAR, nomenclature)
    proposals = {}
    for label, (office, _) in PROPOSALS.items():
        op = users[{"A": "op_a", "B": "op_b", "P": "perencana"}[office]]
        p = p_actions.create_proposal(op, rnd, REGION[office], row_for(label))
        if label.endswith("diajukan"):
            p = p_actions.transition(op, p, Status.SUBMITTED, p.version)
        proposals[label] = p
    # RTK: a saved plan for both offices and the province; an uploaded data set for A and B
    base, end = P.default_period()
    for code in REGION.values():
        save_plan(users["perencana"], code, name=f"Rencana uji {code}", base_year=base, end_year=end,
                  parameters=P.default_parameters(code), expected_version=0)
    for key in ("A", "B"):
        last = rtk_files.kaltim_series(REGION[key]).data.iloc[-1]  # the embedded value again: the projection stays the same
        RtkRegionData.objects.create(region_id=REGION[key], file_name="uji.csv", sha256="0" * 64, uploaded_by=users["perencana"],
                                     rows=[{"year": int(last["year"]), "variable": last["variable"], "sector": last["sector"],
                                            "value": float(last["value"]), "source": "uji", "note": ""}])
    # IPK: the shipped method (active) and a second stored version of it
    active = ipk_queries.active_method()
    other = ipk_actions.import_method(users["perencana"], ipk_files.default_method_path(), name=active.name, version="uji-matriks").method
    year = ipk_queries.years_available()[0]
    world = World(users=users, rnd=rnd, nomenclature=nomenclature, proposals=proposals, ipk_year=year,
                  ipk_method=active, ipk_other_method=other, rtk_backtest=(base - 3, base))
    for role, user in users.items():  # one signed-in session per role, reused by every case (no login writes in a case)
        c = Client()
        c.force_login(user)
        world.sessions[role] = c.cookies[settings.SESSION_COOKIE_NAME].value
    client = Client()
    client.force_login(users["perencana"])
    for key, code in REGION.items():
        world.rtk_forms[key] = _rtk_form(client, code)
        if key != "P":
            world.ipk_templates[key] = _download(client, reverse("ipk:template", args=[code, year]))
            world.rtk_templates[key] = _download(client, reverse("rtk:template", args=[code]))
    world.base = fingerprint()  # the state every case starts from (each case is rolled back)
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield _build_world()
            transaction.set_rollback(True)


# ======================================================================= paths and POST bodies
def _office(target):
    return REGION[target]


def _proposal(w, target):
    """The proposal as stored now (its version moves when a case changes it)."""
    from sinergi.web.proposals.models import Proposal

    return Proposal.objects.get(pk=w.proposals[target].pk)


# URL name → (world, target) → (path kwargs, query string)
PATHS = {
    "accounts:user": lambda w, t: ({"pk": w.users["op_b"].pk}, ""),
    "accounts:user-password": lambda w, t: ({"pk": w.users["op_b"].pk}, ""),
    "statistics-download": lambda w, t: ({"fmt": "csv"}, ""),
    "statistics-import-result": lambda w, t: ({"pk": _last_batch().pk}, ""),
    "statistics-figure": lambda w, t: ({"pk": _conflicting_figure()[0].pk}, ""),
    "ipk:export": lambda w, t: ({"fmt": "csv"}, ""),
    "ipk:region": lambda w, t: ({"code": _office(t)}, ""),
    "ipk:whatif": lambda w, t: ({"code": _office(t), "year": w.ipk_year}, ""),
    "ipk:target": lambda w, t: ({"code": _office(t), "year": w.ipk_year}, "target=skor&skor=70"),
    "ipk:target-download": lambda w, t: ({"code": _office(t), "year": w.ipk_year}, "target=skor&skor=70"),
    "ipk:data": lambda w, t: ({"code": _office(t), "year": w.ipk_year}, ""),
    "ipk:template": lambda w, t: ({"code": _office(t), "year": w.ipk_year}, ""),
    "ipk:template-upload": lambda w, t: ({"code": _office(t), "year": w.ipk_year}, ""),
    "ipk:compare": lambda w, t: ({}, f"a={w.ipk_method.pk}&b={w.ipk_other_method.pk}"),
    "ipk:compare-download": lambda w, t: ({}, f"a={w.ipk_method.pk}&b={w.ipk_other_method.pk}"),
    "ipk:activate": lambda w, t: ({"pk": w.ipk_other_method.pk}, ""),
    "ipk:method-download": lambda w, t: ({"pk": w.ipk_method.pk}, ""),
    "rtk:plan": lambda w, t: ({"code": _office(t)}, ""),
    "rtk:preview": lambda w, t: ({"code": _office(t)}, ""),
    "rtk:backtest": lambda w, t: ({"code": _office(t)}, ""),
    "rtk:backtest-download": lambda w, t: ({"code": _office(t)}, "dasar={}&akhir={}".format(*w.rtk_backtest)),
    "rtk:data": lambda w, t: ({"code": _office(t)}, ""),
    "rtk:data-remove": lambda w, t: ({"code": _office(t)}, ""),
    "rtk:template": lambda w, t: ({"code": _office(t)}, ""),
    "rtk:download": lambda w, t: ({"code": _office(t), "kind": "rtkd.xlsx"}, ""),
    "rtk:history": lambda w, t: ({"code": _office(t)}, ""),
    "proposals:nomenclature-detail": lambda w, t: ({"pk": w.nomenclature.pk}, ""),
    "proposals:round": lambda w, t: ({"pk": w.rnd.pk}, {"A": "", "draf": "status=draf", "A-draf": "wilayah=6472&status=draf"}[t]),
    "proposals:round-action": lambda w, t: ({"pk": w.rnd.pk}, ""),
    "proposals:duplicates": lambda w, t: ({"pk": w.rnd.pk}, ""),
    "proposals:resolve": lambda w, t: ({"pk": w.rnd.pk}, ""),
    "proposals:gaps": lambda w, t: ({"pk": w.rnd.pk}, ""),
    "proposals:inclusion": lambda w, t: ({"pk": w.rnd.pk}, ""),
    "proposals:downloads": lambda w, t: ({"pk": w.rnd.pk}, ""),
    "proposals:download": lambda w, t: ({"pk": w.rnd.pk, "kind": "xlsx"}, "draf=1"),
    "proposals:berita-acara": lambda w, t: ({"pk": w.rnd.pk}, ""),
    "proposals:ceilings": lambda w, t: ({"pk": w.rnd.pk}, ""),
    "proposals:follow-up": lambda w, t: ({"pk": w.rnd.pk}, ""),
    "proposals:office": lambda w, t: ({"pk": w.rnd.pk, "code": _office(t)}, ""),
    "proposals:template": lambda w, t: ({"pk": w.rnd.pk, "code": _office(t)}, ""),
    "proposals:submit-all": lambda w, t: ({"pk": w.rnd.pk, "code": _office(t)}, ""),
    "proposals:new": lambda w, t: ({"pk": w.rnd.pk, "code": _office(t)}, ""),
    "proposals:code-field": lambda w, t: ({"pk": w.rnd.pk, "code": _office(t)}, "kode_sub_kegiatan=2.07.04.2.01.0003"),
    "proposals:suggest": lambda w, t: ({"pk": w.rnd.pk, "code": _office(t)}, "uraian=pelatihan+menjahit"),
    "proposals:detail": lambda w, t: ({"pk": _proposal(w, t).pk}, ""),
    "proposals:edit": lambda w, t: ({"pk": _proposal(w, t).pk}, ""),
    "proposals:status": lambda w, t: ({"pk": _proposal(w, t).pk}, ""),
    "proposals:comment": lambda w, t: ({"pk": _proposal(w, t).pk}, ""),
    "proposals:followup": lambda w, t: ({"pk": w.rnd.pk}, ""),
    "proposals:followup-template": lambda w, t: ({"pk": w.rnd.pk}, ""),
    "proposals:followup-proposal": lambda w, t: ({"pk": _proposal(w, t).pk}, ""),
}
DEFAULT_TARGET = {
    **{name: "A-draf" for name in ("proposals:detail", "proposals:edit", "proposals:status", "proposals:comment",
                                   "proposals:followup-proposal")},
    "rtk:backtest-download": "P",  # only the province has the series a backtest needs (the regencies' file is refused in the page)
}


def _file(name, content: bytes | str, content_type="application/octet-stream"):
    if isinstance(content, str):
        content = content.encode()
    return SimpleUploadedFile(name, content, content_type=content_type)


def _ipk_body(w, target):
    from sinergi.web.ipk.models import IpkInput

    i = IpkInput.objects.filter(region_id=_office(target), year=w.ipk_year).exclude(value=None).order_by("sub_code").first()
    new = (i.value or 0) + 1
    return {f"v-{i.sub_code}": f"{new:.4f}".replace(".", ","), f"ver-{i.sub_code}": str(i.version)}


def _proposal_template(w, target):
    """The office's template filled with one new valid proposal (made once per office)."""
    if target not in w.proposal_uploads:
        import tempfile

        from web_support import fill_template

        path = Path(tempfile.mkdtemp()) / "usulan.xlsx"
        code = {} if target == "P" else {"kode_sub_kegiatan": "2.07.03.2.01.0004"}
        fill_template(path, [row_for(target, uraian="Pelatihan barista bagi pencari kerja muda", target=15, pagu=90000000, **code)],
                      _office(target), ROUND_YEAR)
        w.proposal_uploads[target] = path.read_bytes()
    return _file("usulan.xlsx", w.proposal_uploads[target])


def _status_body(w, target):
    p = _proposal(w, target)
    return {"status": "diajukan" if p.status == "draf" else "ditinjau", "version": p.version}


def _resolve_body(w, target):
    from sinergi.web.proposals import checks

    pair = next(iter(checks.round_check(w.rnd).pairs), None)
    if pair is None:
        a, b = w.proposals["A-draf"], w.proposals["B-draf"]
        return {"a": a.pk, "b": b.pk, "versi_a": a.version, "versi_b": b.version, "keputusan": "bukan_duplikat"}
    from sinergi.web.proposals.models import Proposal

    a, b = Proposal.objects.get(pk=pair.first), Proposal.objects.get(pk=pair.second)
    return {"a": a.pk, "b": b.pk, "versi_a": a.version, "versi_b": b.version, "keputusan": "bukan_duplikat"}


def _last_batch():
    from sinergi.web.statistics.models import ImportBatch

    return ImportBatch.objects.order_by("-pk").first()


def _conflicting_figure():
    """(primary, alternative) of a figure with two stored values: Samarinda's 2022 UMK."""
    from sinergi.web.statistics.models import Observation

    group = Observation.objects.filter(region_id="6472", year=2022, month=None, indicator_id="umk").order_by("-preferred", "pk")
    return group[0], group[1]


def _account_body(user, **changes):
    from sinergi.web.accounts.actions import version_of

    user.refresh_from_db()
    body = {"nama": user.first_name, "peran": user.role, "wilayah": user.region_id or "", "instansi": user.office,
            "aktif": "on" if user.is_active else "", "versi": version_of(user)}
    return {**body, **changes}


# URL name → (world, target) → POST data (files as SimpleUploadedFile, made fresh for each request)
BODIES = {
    "login": lambda w, t: {"username": "pemantau", "password": "salah"},
    "accounts:password": lambda w, t: {"sandi_lama": "rahasia-uji-123", "sandi_baru": "kuda-laut-biru-42",
                                       "sandi_baru_lagi": "kuda-laut-biru-42"},
    "accounts:user-new": lambda w, t: {"nama_pengguna": "pemantau-matriks", "peran": "pemantau", "sandi": ""},
    "accounts:user": lambda w, t: _account_body(w.users["op_b"], instansi="Disnaker Kabupaten Paser (matriks)"),
    "accounts:user-password": lambda w, t: {"sandi": ""},
    "accounts:retire-demo": lambda w, t: {},
    "statistics-import": lambda w, t: {"berkas": _file("stat.csv", "region_code,year,month,indicator,value,source_url\n"
                                                                  "6472,2031,8,tpt,5,https://bps.go.id\n", "text/csv"),
                                    "aksi": "impor"},  # upload and confirm in one request (no preview step)
    "statistics-figure": lambda w, t: {"pilih": _conflicting_figure()[1].pk, "alasan": "SK Gubernur yang berlaku"},
    "boundary-import": lambda w, t: {"berkas": _file("batas.geojson", '{"type": "FeatureCollection", "features": []}')},
    "ipk:run": lambda w, t: {"n": "100", "seed": "7"},
    "ipk:data": lambda w, t: _ipk_body(w, t),
    "ipk:template-upload": lambda w, t: {"berkas": _file("isian.xlsx", w.ipk_templates[t])},
    "ipk:method": lambda w, t: {"berkas": _file("metode.csv", _default_method_bytes()), "nama": "Metode uji matriks", "versi": "9"},
    "ipk:activate": lambda w, t: {},
    "rtk:plan": lambda w, t: {**w.rtk_forms[t], "g-moderat-2026": "6,25", "aksi": "simpan"},
    "rtk:preview": lambda w, t: {**w.rtk_forms[t], "g-moderat-2026": "6,25"},
    "rtk:data": lambda w, t: {"berkas": _file("templat-rtk.xlsx", w.rtk_templates[t])},
    "rtk:data-remove": lambda w, t: {},
    "proposals:index": lambda w, t: {"tahun": "2027", "nomenklatur": w.nomenclature.pk, "nama": ""},
    "proposals:nomenclature": lambda w, t: {"berkas": _file("nomenklatur.csv", _nomenclature_bytes()), "versi": "SIPD uji matriks"},
    "proposals:round-action": lambda w, t: {"aksi": "tutup", "versi": w.rnd.version},
    "proposals:resolve": _resolve_body,
    "proposals:ceilings": lambda w, t: {"plafon_64": "1.000.000.000", "plafon_6472": "250.000.000"},
    "proposals:follow-up": lambda w, t: {"uraian": "Menyusun jadwal pelatihan bersama", "wilayah": "6472", "tenggat": "2026-03-31"},
    "proposals:office": lambda w, t: {"berkas": _proposal_template(w, t)},
    "proposals:submit-all": lambda w, t: {},
    "proposals:new": lambda w, t: row_for(t, uraian="Pelatihan barista bagi pencari kerja muda"),
    "proposals:edit": lambda w, t: {**row_for(t, target="150"), "version": _proposal(w, t).version},
    "proposals:status": _status_body,
    "proposals:comment": lambda w, t: {"komentar": "Mohon lengkapi rincian sasaran."},
    "proposals:followup": lambda w, t: {"berkas": _file("realisasi.csv", "usulan_id,triwulan,target_fisik,target_anggaran,realisasi_fisik,"
                                                                         f"realisasi_anggaran\n{_proposal(w, 'A-draf').pk},1,,,5,1000000\n", "text/csv")},
    "proposals:followup-proposal": lambda w, t: {"q1_versi": "0", "q1_realisasi_fisik": "5", "q1_realisasi_anggaran": "1000000"},
    "notifications:read": lambda w, t: {},
}


def _default_method_bytes() -> bytes:
    from sinergi.documents import ipk_files

    return Path(ipk_files.default_method_path()).read_bytes()


def _nomenclature_bytes() -> bytes:
    root = Path(__file__).resolve().parents[2]
    full = root.parent / "shared" / "reference" / "nomenklatur" / "nomenklatur_lengkap_uji.csv"
    return (full if full.exists() else root / "data" / "nomenklatur" / "nomenklatur.csv").read_bytes()


# ============================================================================ the URL patterns
SKIPPED_NAMES = {"set_language"}


def walk_patterns(patterns=None, prefix="", namespace=None):
    """(name, route, callback) of every URL pattern, recursively through includes. The Django
    admin's internal patterns are skipped except its index, and so are set_language and static."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x) or None
            yield from walk_patterns(p.url_patterns, prefix + str(p.pattern), ns)
            continue
        assert isinstance(p, URLPattern)
        name = f"{namespace}:{p.name}" if namespace else p.name
        module = getattr(p.callback, "__module__", "")
        if namespace == "admin" and name != "admin:index":
            continue
        if p.name in SKIPPED_NAMES or module.startswith("django.views.static") or "static" in (p.name or ""):
            continue
        yield name, prefix + str(p.pattern), p.callback


def accepted_methods(callback) -> set[str]:
    """The methods a view accepts (of GET and POST): a class-based view's handlers within
    ``http_method_names``; a ``require_http_methods`` list anywhere in the decorator chain;
    otherwise GET, and POST too when the function tests ``request.method == "POST"``."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in ("get", "post") if m in view_class.http_method_names and hasattr(view_class, m)}
    f = callback
    while f is not None:
        for cell in f.__closure__ or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, (list, tuple)) and value and all(isinstance(x, str) and x.isupper() for x in value):
                return set(value) & {"GET", "POST"}
        inner = getattr(f, "__wrapped__", None)
        if inner is None:
            break
        f = inner
    source = inspect.getsource(f)
    return {"GET", "POST"} if re.search(r"request\.method\s*[!=]=\s*[\"']POST[\"']", source) else {"GET"}


def test_table_lists_every_url_and_method():
    """Every URL of the URL configuration is in TABLE with exactly the methods its view
    accepts; TABLE names nothing else; every role has a cell; paths can be built."""
    found = {name: (route, accepted_methods(cb)) for name, route, cb in walk_patterns()}
    missing = sorted(set(found) - set(TABLE))
    assert not missing, f"URLs without an entry in the permission table: {missing}"
    assert not sorted(set(TABLE) - set(found)), f"table entries without a URL: {sorted(set(TABLE) - set(found))}"
    for name, (route, methods) in found.items():
        assert set(TABLE[name]) == methods, f"{name} ({route}) accepts {sorted(methods)}, table has {sorted(TABLE[name])}"
        for method, cells in TABLE[name].items():
            assert set(cells) == set(ROLES), f"{name} {method}: roles {sorted(cells)}"
        if "<" in route:
            assert name in PATHS, f"{name} ({route}) has path parameters: add it to PATHS"
        for method in TABLE[name]:
            if method == "POST" and name not in ("logout",):
                assert name in BODIES or name in ("ipk:whatif",), f"{name}: add an effective POST body to BODIES"
    for (name, target), methods in OBJECTS.items():
        assert name in found and set(methods) <= found[name][1], (name, target)
        for cells in methods.values():
            assert set(cells) == set(ROLES), (name, target)


# ================================================================================== the cases
def _cases():
    out = []

    def add(name, target, method, role, cell):
        marks = ()
        if isinstance(cell, Hole):
            marks = (pytest.mark.xfail(strict=True, reason=cell.reason),)
            cell = cell.expected
        out.append(pytest.param(name, target, method, role, cell, id=f"{name}[{target}]-{method}-{role}", marks=marks))

    for name, methods in TABLE.items():
        target = DEFAULT_TARGET.get(name, "A")
        for method, cells in methods.items():
            for role in ROLES:
                add(name, target, method, role, cells[role])
    for (name, target), methods in OBJECTS.items():
        for method, cells in methods.items():
            for role in ROLES:
                add(name, target, method, role, cells[role])
    return out


def _url(w, name, target):
    kwargs, query = PATHS[name](w, target) if name in PATHS else ({}, "")
    url = reverse(name, kwargs=kwargs)
    return url + ("?" + query if query else "")


def fingerprint() -> dict:
    from sinergi.web.backup import table_fingerprints

    fp = table_fingerprints()
    fp.pop("audit.auditevent", None)
    fp.pop("accounts.loginfailure", None)
    return fp


def _outcome(name, response) -> str:
    code = response.status_code
    if code in (403, 404):
        return "deny"
    if code == 302:
        location = response["Location"]
        if name == "logout":  # signing out ends on the sign-in page
            return "redirect"
        if location.startswith(reverse("login")) or location.startswith("/admin/login/"):
            return "deny"
        return "redirect"
    if code in (200, 409):
        return "allow"
    return f"status {code}"


def _same_area(name, url, location) -> bool:
    if name in ("login", "logout"):
        return True
    first = url.strip("/").split("/")[0]
    return location.startswith("/" + first + "/") or location.startswith("/" + first + "?")


def _text(response) -> str | None:
    if response.streaming or "attachment" in response.get("Content-Disposition", ""):
        return None
    kind = response.get("Content-Type", "")
    if kind.startswith(("text/", "application/json")):
        return response.content.decode("utf-8", errors="replace")
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("name,target,method,role,expected", _cases())
def test_matrix(world, client, name, target, method, role, expected):
    if role != "anon":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    url = _url(world, name, target)
    before = after = None
    if method == "GET":
        response = client.get(url)
    else:
        body = BODIES[name](world, target) if name in BODIES else {}
        response = client.post(url, body)
        if expected != A:
            before, after = world.base, fingerprint()
    got = _outcome(name, response)
    where = f"{method} {url} as {role}: {response.status_code} {response.get('Location', '')}"
    text = _text(response)
    if text is not None:
        for label in set(PROPOSALS) - MAY_SEE[role]:
            assert PROPOSALS[label][1]["uraian"] not in text, f"{where}: shows the uraian of {label}"
    if expected == D:
        assert got == "deny", f"unexpected allow — {where}"
    elif expected == S:
        assert got == "redirect" and _same_area(name, url, response["Location"]), f"expected a refusal in the page — {where}"
    else:
        assert got in ("allow", "redirect"), f"unexpected refusal — {where}"
        if got == "redirect":
            assert _same_area(name, url, response["Location"]), f"redirected out of the area — {where}"
    if before is not None:
        changed = sorted(k for k in before if before[k] != after.get(k))
        assert not changed, f"{where}: a refused POST changed {changed}"


# =========================================================================== object-level extras
def _workbook_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(c) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r if c is not None)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["op_a", "op_b", "perencana", "pemantau"])
def test_matrix_download_with_drafts_holds_only_what_the_role_may_see(world, client, role):
    """The consolidated matrix asked for with drafts (``?draf=1``) holds the proposals the
    role may see and no other: no other office's proposals, no drafts for a viewer."""
    client.force_login(world.users[role])
    r = client.get(reverse("proposals:download", args=[world.rnd.pk, "xlsx"]) + "?draf=1")
    assert r.status_code == 200
    text = _workbook_text(b"".join(r.streaming_content))
    for label, (_, fields) in PROPOSALS.items():
        assert (fields["uraian"] in text) == (label in MAY_SEE[role]), (role, label)


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["detail", "edit", "status", "comment"])
@pytest.mark.parametrize("label", ["B-draf", "B-diajukan"])
def test_operator_a_gets_nothing_of_office_b_proposals(world, client, view, label):
    """Operator A asking for B's proposal by id: 404, never B's data; B's proposal unchanged."""
    from sinergi.web.proposals.models import Proposal

    p = world.proposals[label]
    client.force_login(world.users["op_a"])
    url = reverse(f"proposals:{view}", args=[p.pk])
    if view in ("detail", "edit"):
        responses = [client.get(url)]
        if view == "edit":
            responses.append(client.post(url, {**row_for(label, target="999"), "version": p.version}))
    elif view == "status":
        responses = [client.post(url, _status_body(world, label))]
    else:
        responses = [client.post(url, {"komentar": "dari operator lain"})]
    for r in responses:
        assert r.status_code in (403, 404), (url, r.status_code)
        assert PROPOSALS[label][1]["uraian"].encode() not in r.content
    stored = Proposal.objects.get(pk=p.pk)
    assert (stored.version, stored.status, str(stored.target)) == (p.version, p.status, str(p.target))
    assert not stored.comments.exists()


@pytest.mark.django_db
def test_operator_a_cannot_save_b_plan_nor_b_ipk_data(world, client):
    from sinergi.web.ipk.models import IpkInput
    from sinergi.web.rtk.models import RtkPlan

    client.force_login(world.users["op_a"])
    page = client.get(reverse("rtk:plan", args=[REGION["B"]])).content.decode()
    assert "<fieldset disabled" in page or "fieldset disabled" in page, "B's plan editor is read-only for operator A"
    before_plan = RtkPlan.objects.get(region_id=REGION["B"]).snapshot()
    r = client.post(reverse("rtk:plan", args=[REGION["B"]]), BODIES["rtk:plan"](world, "B"))
    assert r.status_code == 403
    assert RtkPlan.objects.get(region_id=REGION["B"]).snapshot() == before_plan
    body = _ipk_body(world, "B")
    before = {(i.sub_code, i.value, i.version) for i in IpkInput.objects.filter(region_id=REGION["B"], year=world.ipk_year)}
    r = client.post(reverse("ipk:data", args=[REGION["B"], world.ipk_year]), body)
    assert r.status_code == 403
    assert {(i.sub_code, i.value, i.version) for i in IpkInput.objects.filter(region_id=REGION["B"], year=world.ipk_year)} == before


@pytest.mark.django_db
def test_operator_a_uploads_of_region_b_files_are_refused_and_store_nothing(world, client):
    """Operator A may upload into its own region's pages only what belongs to its region: B's
    IPK template and B's RTK template posted to A's pages are refused in the page."""
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions["op_a"]
    for url, data in (
        (reverse("ipk:template-upload", args=[REGION["A"], world.ipk_year]), world.ipk_templates["B"]),
        (reverse("rtk:data", args=[REGION["A"]]), world.rtk_templates["B"]),
    ):
        r = client.post(url, {"berkas": _file("isian.xlsx", data)})
        assert r.status_code == 200 and 'class="problems"' in r.content.decode(), (url, r.status_code)
        changed = sorted(k for k, v in fingerprint().items() if world.base.get(k) != v)
        assert not changed, f"{url}: {changed}"


@pytest.mark.django_db
def test_effective_bodies_really_change_something_for_a_permitted_role(world, client):
    """The bodies are meant to be effective: a sample of them, posted by a permitted role,
    store something (so a refusal of the same body is a real refusal)."""
    from sinergi.web.audit.models import AuditEvent

    client.force_login(world.users["perencana"])
    for name, target in (("proposals:status", "A-draf"), ("proposals:edit", "A-draf"), ("proposals:comment", "A-draf"),
                         ("proposals:new", "A"), ("proposals:office", "A"), ("proposals:submit-all", "B"), ("rtk:plan", "A"),
                         ("ipk:data", "A"), ("ipk:activate", "A"), ("ipk:run", "A"), ("proposals:resolve", "A"),
                         ("proposals:round-action", "A"), ("proposals:ceilings", "A"), ("proposals:follow-up", "A"),
                         ("proposals:index", "A"), ("statistics-import", "A"), ("rtk:data-remove", "A")):
        n = AuditEvent.objects.count()
        r = client.post(_url(world, name, target), BODIES[name](world, target))
        assert r.status_code == 302, (name, r.status_code)
        assert AuditEvent.objects.count() > n, f"{name}: the body changed nothing"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["op_a", "op_b", "perencana", "pemantau"])
def test_the_uraian_searched_for_are_shown_to_those_who_may_see_them(world, client, role):
    """Control for the leak search of :func:`test_matrix`: the round's pages do show the
    uraian of the proposals the role may see (so their absence elsewhere means something)."""
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    html = client.get(reverse("proposals:round", args=[world.rnd.pk])).content.decode()
    for label in PROPOSALS:
        assert (PROPOSALS[label][1]["uraian"] in html) == (label in MAY_SEE[role]), (role, label)


@pytest.mark.django_db
def test_account_bodies_really_change_something_for_a_permitted_role(world, client):
    """The user-account bodies are effective too: posted by an admin (own password: by a
    viewer) each writes and audits a change."""
    from sinergi.web.audit.models import AuditEvent

    for role, name, status in (("admin", "accounts:user-new", 200), ("admin", "accounts:user", 302),
                               ("admin", "accounts:user-password", 200), ("pemantau", "accounts:password", 302)):
        client.force_login(world.users[role])
        n = AuditEvent.objects.count()
        r = client.post(_url(world, name, "A"), BODIES[name](world, "A"))
        assert r.status_code == status, (name, r.status_code)
        assert AuditEvent.objects.count() == n + 1, f"{name}: the body changed nothing"

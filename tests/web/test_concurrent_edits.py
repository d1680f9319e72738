"""Concurrent edits: optimistic locking holds when two people save the same object at once.

On PostgreSQL (``SINERGI_TEST_DATABASE_URL``) two users, each with its own browser session and
its own database connection (one thread each), open the same proposal / RTK plan / IPK value at
version N and press Save at the same moment (a :class:`threading.Barrier`). Exactly one save
succeeds; the other is refused with the Indonesian stale-version message; nothing is lost (the
stored row is the winner's, at version N+1, with one audit event for the save).

To make a missing lock visible, the action is slowed down between reading the stored version
and writing (``DELAY`` seconds): without ``SELECT … FOR UPDATE`` both saves would pass the
version check inside that window. The test also checks that the two saves really overlapped
in time (the loser entered the action before the winner left it).

The last tests run everywhere (SQLite too): a save from a stale form is refused and the page
leads to the other person's change.
"""
from __future__ import annotations

import re
import threading
import time

import pytest
from django.test import Client
from django.urls import reverse
from web_support import CITY_ROW, postgres_only, save_together

from sinergi.web.accounts.models import Role
from sinergi.web.audit.models import AuditEvent

DELAY = 0.4  # seconds an action waits between its version check and its write
ROW = CITY_ROW


# ================================================================================ helpers


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


class Timeline:
    """When each user entered and left an action (to prove the two saves overlapped)."""

    def __init__(self):
        self.spans: dict[str, list[float]] = {}
        self.lock = threading.Lock()

    def wrap(self, func):
        def timed(actor, *args, **kwargs):
            with self.lock:
                self.spans[actor.get_username()] = [time.monotonic(), None]
            try:
                return func(actor, *args, **kwargs)
            finally:
                with self.lock:
                    self.spans[actor.get_username()][1] = time.monotonic()

        return timed

    def overlapped(self, winner: str, loser: str) -> bool:
        return self.spans[loser][0] < self.spans[winner][1] and self.spans[winner][0] < self.spans[loser][1]


def _slowed(func):
    def slow(*args, **kwargs):
        time.sleep(DELAY)
        return func(*args, **kwargs)

    return slow


def _split(results: dict, success_status: int, refused_status: int) -> tuple[str, str]:
    """(winner, loser) by the responses; fails with what happened otherwise."""
    shown = {k: (v if isinstance(v, BaseException) else (v.status_code, v.get("Location", ""))) for k, v in results.items()}
    errors = {k: v for k, v in results.items() if isinstance(v, BaseException)}
    assert not errors, f"a save raised instead of being refused: {shown}"
    statuses = {k: v.status_code for k, v in results.items()}
    winners = [k for k, s in statuses.items() if s == success_status]
    losers = [k for k, s in statuses.items() if s == refused_status and k not in winners]
    assert len(winners) == 1 and len(losers) == 1, f"expected one save and one refusal: {shown}"
    return winners[0], losers[0]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ================================================================================ proposals
def _proposal_setup(make_user):
    from sinergi.web.proposals import actions

    users = {"op-samarinda": make_user("op-samarinda", Role.OPERATOR, "6472"),
             "perencana": make_user("perencana", Role.PLANNER, "64")}
    rnd = actions.open_round(users["perencana"], 2026, actions.ensure_defaults())
    p = actions.create_proposal(users["op-samarinda"], rnd, "6472", ROW)
    p, _ = actions.update_proposal(users["perencana"], p, {**ROW, "sasaran": "pencari kerja muda"}, p.version)  # version N = 2
    return users, p


def _form_version(client, url) -> int:
    html = client.get(url).content.decode()
    return int(re.search(r'name="version" value="(\d+)"', html).group(1))


@postgres_only
def test_two_users_save_the_same_proposal_at_once(reference_data, make_user, monkeypatch):
    from sinergi.web.proposals import actions
    from sinergi.web.proposals.models import Proposal, ProposalRevision

    users, p = _proposal_setup(make_user)
    n = p.version
    url = reverse("proposals:edit", args=[p.pk])
    clients = {name: _client(u) for name, u in users.items()}
    assert {name: _form_version(c, url) for name, c in clients.items()} == {"op-samarinda": n, "perencana": n}  # both read N
    data = {
        "op-samarinda": {**ROW, "sasaran": "pencari kerja muda", "target": "150", "version": n},
        "perencana": {**ROW, "sasaran": "pencari kerja muda", "pagu": "95000000", "version": n},
    }
    timeline = Timeline()
    monkeypatch.setattr(actions, "validate_proposal", _slowed(actions.validate_proposal))  # between check and write
    monkeypatch.setattr(actions, "update_proposal", timeline.wrap(actions.update_proposal))
    events = AuditEvent.objects.filter(action="ubah_usulan").count()

    results = save_together({name: (lambda c=c, name=name: c.post(url, data[name])) for name, c in clients.items()})

    winner, loser = _split(results, 302, 409)
    assert timeline.overlapped(winner, loser), f"the saves did not overlap: {timeline.spans}"
    refused = _text(results[loser].content.decode())
    assert f"Usulan #{p.pk} sudah diubah oleh {winner} (versi {n + 1}) sesudah Anda membukanya (versi {n})" in refused
    assert "Perubahan Anda belum disimpan" in refused
    stored = Proposal.objects.get(pk=p.pk)
    won = data[winner]
    assert stored.version == n + 1
    assert (float(stored.target), float(stored.budget)) == (float(won["target"]), float(won["pagu"])), "the winner's data are stored"
    assert stored.updated_by.get_username() == winner
    assert list(ProposalRevision.objects.filter(proposal=stored, version__gt=n).values_list("version", "by_username")) == [(n + 1, winner)]
    new = list(AuditEvent.objects.filter(action="ubah_usulan").order_by("id")[events:])
    assert [(e.actor_username, e.after["versi"]) for e in new] == [(winner, n + 1)]


# ================================================================================ RTK plans
def _rtk_form(client, code) -> dict:
    from web_support import RtkEditorReader

    r = client.get(reverse("rtk:plan", args=[code]))
    assert r.status_code == 200
    reader = RtkEditorReader()
    reader.feed(r.content.decode())
    reader.fields.pop("csrfmiddlewaretoken", None)
    return reader.fields


def _rtk_users(make_user):
    return {"op-samarinda": make_user("op-samarinda", Role.OPERATOR, "6472"), "perencana": make_user("perencana", Role.PLANNER, "64")}


def _saved_plan(users, code="6472", times=2):
    from sinergi.web.rtk import params as P
    from sinergi.web.rtk.actions import save_plan

    base, end = P.default_period()
    plan = None
    for i in range(times):  # version N = times
        params = P.default_parameters(code)
        params["target_tpt"] = 4.0 + i / 10
        plan = save_plan(users["perencana"], code, name="Rencana Samarinda", base_year=base, end_year=end, parameters=params,
                         expected_version=plan.version if plan else 0)
    return plan


def _growth(plan, scenario="moderat", year=2026):
    from sinergi.web.rtk import params as P

    s = next(s for s in P.scenarios(plan.parameters) if s.name == scenario)
    return s.growth[year]


def _run_rtk_race(make_user, monkeypatch, code, saved_times):
    from sinergi.web.rtk import views as rtk_views
    from sinergi.web.rtk.models import RtkPlan

    users = _rtk_users(make_user)
    if saved_times:
        _saved_plan(users, code, saved_times)
    n = saved_times
    clients = {name: _client(u) for name, u in users.items()}
    forms = {name: _rtk_form(c, code) for name, c in clients.items()}
    assert {name: f["version"] for name, f in forms.items()} == {"op-samarinda": str(n), "perencana": str(n)}  # both read N
    values = {"op-samarinda": "6,5", "perencana": "7,25"}
    data = {name: {**forms[name], "g-moderat-2026": values[name], "aksi": "simpan"} for name in clients}
    timeline = Timeline()
    real_snapshot = RtkPlan.snapshot
    monkeypatch.setattr(RtkPlan, "snapshot", _slowed(real_snapshot))  # 'before' is taken between check and write
    monkeypatch.setattr(rtk_views, "save_plan", timeline.wrap(rtk_views.save_plan))
    events = AuditEvent.objects.filter(action="simpan_rencana_rtk").count()
    url = reverse("rtk:plan", args=[code])

    results = save_together({name: (lambda c=c, name=name: c.post(url, data[name])) for name, c in clients.items()})

    monkeypatch.setattr(RtkPlan, "snapshot", real_snapshot)
    winner, loser = _split(results, 302, 200)
    assert timeline.overlapped(winner, loser), f"the saves did not overlap: {timeline.spans}"
    refused = results[loser].content.decode()
    assert 'data-testid="konflik"' in refused
    assert (f"Rencana ini sudah diubah oleh {winner} (versi {n + 1}) sesudah Anda membuka formulir (versi {n}). "
            "Perubahan Anda belum disimpan.") in _text(refused)
    assert reverse("rtk:history", args=[code]) + f"#versi-{n + 1}" in refused
    return users, winner, loser, values, n, events


@postgres_only
def test_two_users_save_the_same_rtk_plan_at_once(reference_data, make_user, monkeypatch):
    from sinergi.web.rtk.models import RtkPlan, RtkPlanRevision

    users, winner, loser, values, n, events = _run_rtk_race(make_user, monkeypatch, "6472", saved_times=2)
    plan = RtkPlan.objects.get(region_id="6472")
    assert plan.version == n + 1 and plan.updated_by.get_username() == winner
    assert _growth(plan) == float(values[winner].replace(",", ".")), "the winner's growth is stored"
    assert list(RtkPlanRevision.objects.filter(plan=plan, version__gt=n).values_list("version", "by_username")) == [(n + 1, winner)]
    new = list(AuditEvent.objects.filter(action="simpan_rencana_rtk").order_by("id")[events:])
    assert [(e.actor_username, e.after["versi"]) for e in new] == [(winner, n + 1)]


@postgres_only
def test_two_users_save_a_plan_nobody_saved_before_at_once(reference_data, make_user, monkeypatch):
    """Both open the shipped defaults (version 0) and save: one plan is created, the other
    save is refused like any stale save."""
    from sinergi.web.rtk.models import RtkPlan

    users, winner, loser, values, n, events = _run_rtk_race(make_user, monkeypatch, "6472", saved_times=0)
    plan = RtkPlan.objects.get(region_id="6472")
    assert plan.version == 1 and _growth(plan) == float(values[winner].replace(",", "."))
    assert AuditEvent.objects.filter(action="simpan_rencana_rtk").count() == events + 1


# ================================================================================ IPK inputs
def _ipk_form(client, url) -> dict:
    from web_support import ipk_data_form

    return ipk_data_form(client, url)


def _run_ipk_race(make_user, monkeypatch, year_offset: int):
    from sinergi.web.ipk import actions as ipk_actions
    from sinergi.web.ipk import queries

    ipk_actions.ensure_defaults()
    users = _rtk_users(make_user)
    year = queries.years_available()[0] + year_offset
    url = reverse("ipk:data", args=["6472", year])
    clients = {name: _client(u) for name, u in users.items()}
    forms = {name: _ipk_form(c, url) for name, c in clients.items()}
    code = "I1.1"
    n = int(forms["perencana"][f"ver-{code}"])
    assert {name: int(f[f"ver-{code}"]) for name, f in forms.items()} == {"op-samarinda": n, "perencana": n}  # both read N
    values = {"op-samarinda": "0,75", "perencana": "1"}
    data = {name: {**forms[name], f"v-{code}": values[name], f"q-{code}": "real"} for name in clients}
    timeline = Timeline()
    monkeypatch.setattr(ipk_actions.IpkInput, "snapshot", _slowed(ipk_actions.IpkInput.snapshot))  # 'before' between check and write
    monkeypatch.setattr(ipk_actions, "save_inputs", timeline.wrap(ipk_actions.save_inputs))
    events = AuditEvent.objects.filter(action="ubah_masukan_ipk").count()

    results = save_together({name: (lambda c=c, name=name: c.post(url, data[name])) for name, c in clients.items()})
    return users, results, timeline, values, n, events, year, code


@postgres_only
def test_two_users_save_the_same_ipk_value_at_once(reference_data, make_user, monkeypatch):
    from sinergi.web.ipk.models import IpkInput

    users, results, timeline, values, n, events, year, code = _run_ipk_race(make_user, monkeypatch, 0)
    winner, loser = _split(results, 302, 200)
    if n:  # an existing value: the saves overlap on the locked row
        assert timeline.overlapped(winner, loser), f"the saves did not overlap: {timeline.spans}"
    refused = _text(results[loser].content.decode())
    assert f"Nilai berikut sudah diubah orang lain sesudah Anda membuka formulir: {code} (versi {n + 1}, oleh {winner})" in refused
    assert "Perubahan Anda belum disimpan" in refused
    stored = IpkInput.objects.get(region_id="6472", year=year, sub_code=code)
    assert (stored.value, stored.version, stored.updated_by.get_username()) == (float(values[winner].replace(",", ".")), n + 1, winner)
    new = list(AuditEvent.objects.filter(action="ubah_masukan_ipk").order_by("id")[events:])
    assert [e.actor_username for e in new] == [winner] and new[0].after[code]["versi"] == n + 1


@postgres_only
def test_two_users_enter_the_first_ipk_value_of_a_new_year_at_once(reference_data, make_user, monkeypatch):
    """A year without data (the data page's 'next year'): both forms show the value as not
    stored yet (version 0). One value is stored; the other save is refused like a stale one."""
    from sinergi.web.ipk.models import IpkInput

    users, results, timeline, values, n, events, year, code = _run_ipk_race(make_user, monkeypatch, 1)
    assert n == 0
    winner, loser = _split(results, 302, 200)
    refused = _text(results[loser].content.decode())
    assert "sudah diubah orang lain" in refused and "Perubahan Anda belum disimpan" in refused
    stored = IpkInput.objects.get(region_id="6472", year=year, sub_code=code)
    assert (stored.value, stored.version) == (float(values[winner].replace(",", ".")), 1)


# ============================================================ a stale form, one user after another


@pytest.mark.django_db
def test_stale_proposal_form_is_refused_and_leads_to_the_other_change(make_user):
    from sinergi.web.proposals.models import Proposal

    users, p = _proposal_setup(make_user)
    n = p.version
    url = reverse("proposals:edit", args=[p.pk])
    mine, theirs = _client(users["op-samarinda"]), _client(users["perencana"])
    assert _form_version(mine, url) == _form_version(theirs, url) == n
    assert theirs.post(url, {**ROW, "sasaran": "pencari kerja muda", "pagu": "95000000", "version": n}).status_code == 302
    r = mine.post(url, {**ROW, "sasaran": "pencari kerja muda", "target": "150", "version": n})
    assert r.status_code == 409
    html = r.content.decode()
    assert f"sudah diubah oleh perencana (versi {n + 1})" in _text(html) and "Perubahan Anda belum disimpan" in _text(html)
    assert 'data-testid="konflik"' in html and "95000000" in html  # the other change, field by field
    link = reverse("proposals:detail", args=[p.pk]) + "#riwayat"
    assert f'href="{link}"' in html
    history = mine.get(link.split("#")[0]).content.decode()
    assert 'id="riwayat"' in history and "95000000" in history and "perencana" in history
    stored = Proposal.objects.get(pk=p.pk)
    assert (stored.version, float(stored.target), float(stored.budget)) == (n + 1, 100, 95_000_000)


@pytest.mark.django_db
def test_stale_rtk_plan_form_is_refused_and_leads_to_the_other_change(make_user):
    from sinergi.web.rtk.models import RtkPlan

    users = _rtk_users(make_user)
    n = _saved_plan(users, "6472", 1).version
    mine, theirs = _client(users["op-samarinda"]), _client(users["perencana"])
    my_form, their_form = _rtk_form(mine, "6472"), _rtk_form(theirs, "6472")
    url = reverse("rtk:plan", args=["6472"])
    assert theirs.post(url, {**their_form, "g-moderat-2026": "7,25", "aksi": "simpan"}).status_code == 302
    r = mine.post(url, {**my_form, "g-moderat-2026": "6,5", "aksi": "simpan"})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-testid="konflik"' in html
    assert f"Rencana ini sudah diubah oleh perencana (versi {n + 1}) sesudah Anda membuka formulir (versi {n})" in _text(html)
    link = reverse("rtk:history", args=["6472"]) + f"#versi-{n + 1}"
    assert f'href="{link}"' in html
    history = mine.get(link.split("#")[0]).content.decode()
    assert f'id="versi-{n + 1}"' in history and "perencana" in history and "7,25" in history
    plan = RtkPlan.objects.get(region_id="6472")
    assert plan.version == n + 1 and _growth(plan) == 7.25
    assert f'name="version" value="{n + 1}"' in html  # saving again overwrites, knowingly


@pytest.mark.django_db
def test_stale_ipk_form_is_refused_and_shows_the_stored_value(make_user):
    from sinergi.web.ipk import actions as ipk_actions
    from sinergi.web.ipk import queries
    from sinergi.web.ipk.models import IpkInput

    ipk_actions.ensure_defaults()
    users = _rtk_users(make_user)
    year = queries.years_available()[0]
    url = reverse("ipk:data", args=["6472", year])
    mine, theirs = _client(users["op-samarinda"]), _client(users["perencana"])
    my_form, their_form = _ipk_form(mine, url), _ipk_form(theirs, url)
    n = int(my_form["ver-I1.1"])
    assert theirs.post(url, {**their_form, "v-I1.1": "1", "q-I1.1": "real"}).status_code == 302
    r = mine.post(url, {**my_form, "v-I1.1": "0,75"})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-testid="konflik"' in html
    assert f"I1.1 (versi {n + 1}, oleh perencana)" in _text(html) and "tersimpan sekarang" in html
    stored = IpkInput.objects.get(region_id="6472", year=year, sub_code="I1.1")
    assert (stored.value, stored.version) == (1.0, n + 1)

"""Malformed form values answer with a problem on the page (never a 500), and a new-proposal
form sent twice creates one proposal."""
from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from web_support import CITY_ROW, client_for

from sinergi.web.proposals import actions
from sinergi.web.proposals.models import Proposal, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(users, rnd):
    return actions.create_proposal(users["op-samarinda"], rnd, "6472", CITY_ROW)


@pytest.mark.parametrize("version", ["abc", "-1", "1e3", "9" * 5000])
def test_a_malformed_version_on_the_edit_form_is_a_problem_on_the_page(users, draft, client, version):
    client_for(client, users["op-samarinda"])
    r = client.post(reverse("proposals:edit", args=[draft.pk]), {**CITY_ROW, "uraian": "diubah", "version": version})
    assert r.status_code == 200
    assert "Nomor versi formulir tidak sah" in r.content.decode() and "Muat ulang halaman" in r.content.decode()
    draft.refresh_from_db()
    assert draft.description != "diubah" and draft.version == 1


def test_a_malformed_version_on_the_status_form_is_a_problem_on_the_page(users, draft, client):
    client_for(client, users["op-samarinda"])
    r = client.post(reverse("proposals:status", args=[draft.pk]), {"status": Status.SUBMITTED, "version": "abc"}, follow=True)
    assert r.status_code == 200 and "Nomor versi formulir tidak sah" in r.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_malformed_round_version_and_nomenclature_id_are_problems_on_the_page(users, rnd, client):
    client_for(client, users["perencana"])
    r = client.post(reverse("proposals:round-action", args=[rnd.pk]), {"aksi": "tutup", "versi": "abc"}, follow=True)
    assert r.status_code == 200 and "Nomor versi formulir tidak sah" in r.content.decode()
    rnd.refresh_from_db()
    assert rnd.is_open
    r = client.post(reverse("proposals:round-action", args=[rnd.pk]), {"aksi": "nomenklatur", "nomenklatur": "abc", "versi": rnd.version})
    assert r.status_code == 404
    r = client.post(reverse("proposals:index"), {"nomenklatur": "abc", "tahun": "2031"}, follow=True)
    assert r.status_code == 200 and "Pilih versi nomenklatur" in r.content.decode()


def _token(page: str) -> str:
    return re.search(r'name="token" value="([0-9a-f-]{36})"', page).group(1)


def test_a_new_proposal_form_sent_twice_creates_one_proposal(users, rnd, client):
    client_for(client, users["op-samarinda"])
    url = reverse("proposals:new", args=[rnd.pk, "6472"])
    token = _token(client.get(url).content.decode())
    first = client.post(url, {**CITY_ROW, "token": token})
    second = client.post(url, {**CITY_ROW, "token": token}, follow=True)
    p = Proposal.objects.get()
    assert first["Location"] == reverse("proposals:detail", args=[p.pk])
    assert second.redirect_chain[-1][0] == reverse("proposals:detail", args=[p.pk])
    assert f"usulan #{p.pk} sudah tersimpan, tidak dibuat dua kali" in second.content.decode()
    # a fresh form is a new proposal
    client.post(url, {**CITY_ROW, "token": _token(client.get(url).content.decode())})
    assert Proposal.objects.count() == 2


def test_a_corrected_form_keeps_its_token(users, rnd, client):
    client_for(client, users["op-samarinda"])
    url = reverse("proposals:new", args=[rnd.pk, "6472"])
    token = _token(client.get(url).content.decode())
    r = client.post(url, {**CITY_ROW, "target": "banyak", "token": token})
    assert r.status_code == 200 and _token(r.content.decode()) == token
    client.post(url, {**CITY_ROW, "token": token})
    client.post(url, {**CITY_ROW, "token": token})
    assert Proposal.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="simultaneous writers need PostgreSQL (SQLite serialises them)")
def test_the_same_form_arriving_twice_at_once_creates_one_proposal(reference_data, users, rnd):
    url = reverse("proposals:new", args=[rnd.pk, "6472"])
    c = client_for(Client(), users["op-samarinda"])
    token = _token(c.get(url).content.decode())
    barrier = threading.Barrier(4)
    codes = []

    def send():
        from django.db import connections

        client = client_for(Client(), users["op-samarinda"])
        barrier.wait()
        codes.append(client.post(url, {**CITY_ROW, "token": token}).status_code)
        connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [302] * 4
    assert Proposal.objects.filter(form_token=token).count() == 1

"""Issue 16: the main pages are the same for everyone with the same role and office, so their
body is rendered once per state of what it shows and then served as kept HTML
(``web/caching.render_shared``, ``{% shared %}``). What a person sees must be exactly what a fresh
render gives, follow every change at once, differ where role or office make it differ, and its
forms must post with the reader's own CSRF token. No timings here (bench/ measures speed)."""
from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from web_support import CITY_ROW

from sinergi.web import caching
from sinergi.web.accounts.models import Role

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
PAGES = ["/", "/dasbor/", "/ipk/?tahun=2024", "/ipk/wilayah/6472/?tahun=2024", "/statistik/katalog/", "putaran", "nomenklatur"]
# a page served from the kept HTML: session, user with region, the generations, unread
# notifications, and the page's own object (round, IPK method) — not the page's data
HIT_QUERIES = 7


def body(html: str) -> str:
    """The page below the header (the header carries the person's name), CSRF values blanked."""
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', html.split('<main class="content"', 1)[1])


def get(client, path):
    with CaptureQueriesContext(connection) as q:
        r = client.get(path)
    assert r.status_code == 200, (path, r.status_code)
    return r.content.decode(), len(q)


@pytest.fixture
def planners(make_user):
    from sinergi.web.proposals.actions import ensure_defaults, open_round

    a, b = make_user("perencana-a", Role.PLANNER, "64"), make_user("perencana-b", Role.PLANNER, "64")
    rnd = open_round(a, 2027, ensure_defaults(), name="Putaran uji bersama")
    ca, cb = Client(), Client(enforce_csrf_checks=True)
    ca.force_login(a)
    cb.force_login(b)
    for c in (ca, cb):
        c.get("/notifikasi/")  # the first request after signing in renews the new session (a write)
    return ca, cb, rnd


@pytest.mark.parametrize("path", PAGES)
def test_a_kept_page_is_the_page_a_fresh_render_gives(planners, path):
    ca, cb, rnd = planners
    path = {"putaran": f"/sinkronisasi/putaran/{rnd.pk}/",
            "nomenklatur": f"/sinkronisasi/nomenklatur/{rnd.nomenclature_id}/?q=pelatihan&sub=1"}.get(path, path)
    ca.get("/ipk/")  # the first IPK visit loads the shipped method and inputs once
    fresh, fresh_queries = get(ca, path)
    kept, kept_queries = get(ca, path)
    assert body(kept) == body(fresh)
    assert kept_queries <= HIT_QUERIES and kept_queries < fresh_queries, (kept_queries, fresh_queries)
    other, other_queries = get(cb, path)  # another planner: the same body, from the kept HTML
    assert body(other) == body(fresh) and other_queries <= HIT_QUERIES
    caching.reset()
    again, _ = get(ca, path)
    assert body(again) == body(fresh)  # rendering anew gives what was kept


def test_a_form_on_a_kept_page_posts_with_the_readers_own_token(planners):
    ca, cb, rnd = planners
    path = f"/sinkronisasi/putaran/{rnd.pk}/"
    first, _ = get(ca, path)
    page, queries = get(cb, path)
    assert queries <= HIT_QUERIES  # B reads the HTML rendered for A …
    tokens_a, tokens_b = set(TOKEN.findall(first)), set(TOKEN.findall(page))
    assert tokens_b and not tokens_a & tokens_b  # … with B's own token in every form
    r = cb.post(f"/sinkronisasi/putaran/{rnd.pk}/aksi/", {"csrfmiddlewaretoken": tokens_b.pop(), "aksi": "tutup", "versi": rnd.version})
    assert r.status_code == 302
    rnd.refresh_from_db()
    assert not rnd.is_open
    after = cb.get(r["Location"]).content.decode()
    assert 'value="buka"' in after and 'data-testid="tutup-putaran"' not in after  # the page follows the change at once
    assert 'class="flash' in after  # messages are filled in outside the kept part


def test_offices_see_their_own_page_and_share_it_within_the_office(make_user):
    sam1, sam2 = make_user("op-sam-1", Role.OPERATOR, "6472"), make_user("op-sam-2", Role.OPERATOR, "6472")
    bpp = make_user("op-bpp", Role.OPERATOR, "6471")
    clients = {}
    for u in (sam1, sam2, bpp):
        clients[u.username] = Client()
        clients[u.username].force_login(u)
        clients[u.username].get("/notifikasi/")
    first, _ = get(clients["op-sam-1"], "/")
    second, queries = get(clients["op-sam-2"], "/")
    assert body(second) == body(first) and queries <= HIT_QUERIES
    assert 'data-testid="meter-6472"' in first and 'data-testid="meter-6471"' not in first
    other, _ = get(clients["op-bpp"], "/")
    assert 'data-testid="meter-6471"' in other and 'data-testid="meter-6472"' not in other


def test_a_new_proposal_shows_at_once_on_the_round_page_and_home(make_user):
    from sinergi.web.proposals.actions import create_proposal, ensure_defaults, open_round

    planner = make_user("perencana-c", Role.PLANNER, "64")
    op = make_user("op-sam-3", Role.OPERATOR, "6472")
    rnd = open_round(planner, 2027, ensure_defaults(), name="Putaran uji baru")
    c = Client()
    c.force_login(op)
    path = f"/sinkronisasi/putaran/{rnd.pk}/"
    before_list, before_home = get(c, path)[0], get(c, "/")[0]
    get(c, path), get(c, "/")  # now kept
    create_proposal(op, rnd, "6472", dict(CITY_ROW))
    after_list, after_home = get(c, path)[0], get(c, "/")[0]
    assert CITY_ROW["uraian"] not in before_list and CITY_ROW["uraian"] in after_list
    assert "draf usulan belum diajukan" not in before_home and "draf usulan belum diajukan" in after_home


def test_the_kept_page_follows_the_language(planners):
    ca, _, _ = planners
    get(ca, "/dasbor/")
    ca.cookies["django_language"] = "en"
    english, _ = get(ca, "/dasbor/")
    assert 'lang="en"' in english and "Ketenagakerjaan Kalimantan Timur</h1>" not in body(english)

"""Issue 16: cached pages follow every change (generation marks written with the audit
event), the main pages need a bounded number of queries whatever the number of rows, and
passwords are hashed with Argon2id at the OWASP minimum. No timings are asserted here; speed
is measured in bench/."""
from __future__ import annotations

import pickle

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.web import caching
from sinergi.web.accounts.models import Role

pytestmark = pytest.mark.django_db

TPT_CSV = [["region_code", "year", "month", "indicator", "value", "source_url", "note"]]


@pytest.fixture
def planner(client, make_user):
    user = make_user("perencana-cache", Role.PLANNER, "64")
    client.login(username="perencana-cache", password="rahasia-uji-123")
    return client, user


def queries_of(client, path) -> int:
    with CaptureQueriesContext(connection) as q:
        r = client.get(path)
    assert r.status_code == 200, path
    return len(q)


# ------------------------------------------------------------------ invalidation


def test_audited_changes_mark_only_the_domains_they_touch(make_user, monkeypatch):
    from sinergi.web.audit import labels
    from sinergi.web.audit.actions import record

    actor = make_user("penanda", Role.PLANNER, "64")
    before = dict(zip(caching.DOMAINS, caching.generation(*caching.DOMAINS), strict=True))
    record(actor, "masuk", "akun", actor.pk)  # a login changes no cached page
    assert dict(zip(caching.DOMAINS, caching.generation(*caching.DOMAINS), strict=True)) == before
    record(actor, "ubah_masukan_ipk", "masukan_ipk", "6472-2024")
    after = dict(zip(caching.DOMAINS, caching.generation(*caching.DOMAINS), strict=True))
    assert after[caching.IPK] == before[caching.IPK] + 1 and after[caching.STATISTICS] == before[caching.STATISTICS]
    monkeypatch.setattr(labels, "STRICT_ACTIONS", False)  # as in production: an unregistered action is still recorded
    record(actor, "sesuatu_baru", "jenis_baru")  # an unknown kind of change renews every domain
    last = caching.generation(*caching.DOMAINS)
    assert all(n == after[d] + 1 for d, n in zip(caching.DOMAINS, last, strict=True))


def test_dashboard_shows_a_new_statistic_at_once(planner, write_csv):
    from sinergi.web.statistics.actions import import_statistics

    client, user = planner
    path = "/dasbor/?indikator=tpt&tahun=2031"
    first = client.get(path).content.decode()
    assert "12,34" not in first
    assert "12,34" not in client.get(path).content.decode()  # now served from the cache
    rows = TPT_CSV + [["6472", "2031", "8", "tpt", "12.34", "https://contoh.go.id/tpt-2031", "uji cache"],
                      ["6474", "2031", "8", "tpt", "5.5", "https://contoh.go.id/tpt-2031", "uji cache"]]
    import_statistics(user, write_csv(rows, "tpt2031.csv"))
    page = client.get(path).content.decode()
    assert "12,34" in page


def test_ipk_pages_show_a_changed_input_at_once(planner):
    from sinergi.web.ipk import actions
    from sinergi.web.ipk.models import IpkInput

    client, user = planner
    path = "/ipk/wilayah/6472/?tahun=2024"
    before = client.get(path).context["info"]
    overview_before = client.get("/ipk/?tahun=2024").content.decode()
    inp = IpkInput.objects.filter(region_id="6472", year=2024).exclude(value=None).order_by("sub_code").first()
    new_value = float(inp.value) * 0.5 + 1.0
    actions.save_inputs(user, "6472", 2024, [{"sub_code": inp.sub_code, "value": str(new_value).replace(".", ","),
                                              "quality": inp.quality or "real", "source_url": inp.source_url, "note": inp.note}],
                        {inp.sub_code: inp.version})
    after = client.get(path).context["info"]
    from sinergi.web.ipk import queries

    fresh = queries.result(queries.active_method()).units.set_index(["region_code", "year"]).loc[("6472", 2024), "score"]
    assert after["score"] != before["score"]
    assert after["score"] == pytest.approx(fresh)  # the page shows the engine's result on the new input
    shown = {s["code"]: s["value"] for s in after["subs"]}
    assert shown[inp.sub_code] == pytest.approx(new_value)
    assert pickle.loads(pickle.dumps(after)).keys() == after.keys()  # what the page shows can be kept in the cache (pickled)
    assert client.get("/ipk/?tahun=2024").content.decode() != overview_before


# ------------------------------------------------------------------ query counts


MAIN_PAGES = {
    "/": 30,
    "/ipk/?tahun=2024": 25,
    "/ipk/wilayah/6472/?tahun=2024": 25,
    "/statistik/katalog/": 12,
}


@pytest.mark.parametrize("path", list(MAIN_PAGES))
def test_main_pages_need_a_bounded_number_of_queries(planner, path):
    client, _ = planner
    client.get("/ipk/")  # the first IPK visit loads the shipped method and inputs once
    cold = queries_of(client, path)
    warm = queries_of(client, path)
    assert cold <= MAIN_PAGES[path], (path, cold)
    assert warm <= cold


def test_proposal_list_queries_do_not_grow_with_the_proposals(planner, make_user):
    from sinergi.web.proposals import actions as A

    client, user = planner
    nom = A.ensure_defaults()
    rnd = A.open_round(user, 2027, nom, name="Uji kueri")
    ops = [make_user(f"op-kueri-{r}", Role.OPERATOR, r) for r in ("6401", "6402", "6472")]

    def add(k):
        for op in ops:
            A.create_proposal(op, rnd, op.region_id, {"kode_sub_kegiatan": "2.07.04.2.03.0003", "uraian": f"Job fair {k} {op.region_id}",
                                                      "lokasi_kode": op.region_id, "target": "500", "satuan": "Orang",
                                                      "pagu": "150.000.000", "sumber_dana": "APBD kabupaten/kota"})

    for k in range(4):
        add(k)
    path = f"/sinkronisasi/putaran/{rnd.pk}/"
    queries_of(client, path)
    few = queries_of(client, path)
    for k in range(4, 8):
        add(k)
    queries_of(client, path)
    many = queries_of(client, path)
    assert many == few, (few, many)  # 12 or 24 proposals: the same queries (no query per row)


# ------------------------------------------------------------------ passwords


def test_production_hasher_is_argon2id_at_the_owasp_minimum():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    import sinergi.web.settings as prod
    from sinergi.web.accounts.hashers import SinergiArgon2PasswordHasher

    assert prod.PASSWORD_HASHERS[0] == "sinergi.web.accounts.hashers.SinergiArgon2PasswordHasher"
    h = SinergiArgon2PasswordHasher()
    assert (h.memory_cost, h.time_cost, h.parallelism) == (19 * 1024, 2, 1)
    encoded = h.encode("rahasia-uji-123", h.salt())
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert h.verify("rahasia-uji-123", encoded) and not h.verify("salah", encoded)
    # a hash of Django's default parameters still verifies and is upgraded on the next login
    old = Argon2PasswordHasher().encode("rahasia-uji-123", h.salt())
    assert h.verify("rahasia-uji-123", old) and h.must_update(old) and not h.must_update(encoded)

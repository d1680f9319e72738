"""The list pages of a round are paged and their query counts do not grow with the number of
proposals: the same page of a round with 20 and with 120 proposals (with duplicate pairs, some
decided) runs the same number of queries. Timings are measured in bench/bench_round_pages.py,
never here."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from web_support import client_for

from sinergi.web.proposals import checks
from sinergi.web.proposals.models import PairDecision, Proposal, Status

pytestmark = pytest.mark.django_db

DETAIL = re.compile(r'href="[^"]*/usulan/(\d+)/"')
TRADES = ["las", "menjahit", "tata boga", "barista", "otomotif", "satpam"]


def seed(round_, people, n: int, decide_every: int = 4) -> None:
    """``n`` proposals of Samarinda and Balikpapan (submitted, some drafts), trades repeating so
    that duplicate pairs appear; every ``decide_every``-th open pair decided by the reviewer."""
    offices = ["6472", "6471"]
    Proposal.objects.bulk_create([
        Proposal(round=round_, office_id=offices[i % 2], code="2.07.03.2.01.0004", location_code=offices[i % 2],
                 description=f"Pelatihan {TRADES[i % len(TRADES)]} angkatan {i}", target=Decimal(20 + i % 3),
                 unit="Orang", budget=Decimal(100_000_000), funding="APBD kabupaten/kota",
                 status=Status.DRAFT if i % 7 == 0 else Status.SUBMITTED)
        for i in range(n)
    ])
    rc = checks.round_check(round_)
    PairDecision.objects.bulk_create([
        PairDecision(round=round_, first_id=p.first, second_id=p.second, finding=p.finding.code, score=p.finding.score,
                     decision=PairDecision.Decision.NOT_DUPLICATE, by=people["perencana"], note="rakor")
        for p in [x for x in rc.pairs if x.open][::decide_every]
    ])


def pages(round_) -> dict[str, str]:
    return {
        "index": reverse("proposals:index"),
        "round": reverse("proposals:round", args=[round_.pk]),
        "round-temuan": reverse("proposals:round", args=[round_.pk]) + "?temuan=KEMUNGKINAN_DUPLIKAT",
        "office": reverse("proposals:office", args=[round_.pk, "6472"]),
        "duplicates": reverse("proposals:duplicates", args=[round_.pk]),
    }


def query_counts(client, round_) -> dict[str, int]:
    out = {}
    for name, url in pages(round_).items():
        client.get(url)  # the round's checks are computed once and cached; count a warm page
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, name
        out[name] = len(ctx.captured_queries)
    return out


@pytest.mark.parametrize("who", ["perencana", "op-samarinda", "pemantau"])
def test_query_counts_do_not_grow_with_the_proposals(users, rnd, client, who):
    client_for(client, users[who])
    seed(rnd, users, 20)
    small = query_counts(client, rnd)
    seed(rnd, users, 100)
    assert Proposal.objects.filter(round=rnd).count() == 120
    assert PairDecision.objects.filter(round=rnd).count() >= 4
    large = query_counts(client, rnd)
    assert large == small
    assert max(large.values()) <= 24  # a handful per page (round, checks, ceilings, notifications, session), none per row


def test_round_list_is_paged_and_keeps_the_filters(users, rnd, client):
    client_for(client, users["perencana"])
    seed(rnd, users, 130)
    url = reverse("proposals:round", args=[rnd.pk])
    html = client.get(url, {"status": Status.SUBMITTED}).content.decode()
    submitted = Proposal.objects.filter(round=rnd, status=Status.SUBMITTED).count()
    assert 100 < submitted <= 130
    table = html.split('data-testid="daftar-usulan"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 50  # header + one page
    assert 'data-testid="pager-hal"' in html and f"dari {submitted}" in html
    assert _link_params(html.split('data-testid="pager-hal"')[1], "berikutnya") == {"hal": ["2"], "status": ["diajukan"]}  # the filter stays
    second = client.get(url, {"status": Status.SUBMITTED, "hal": 2}).content.decode()
    table2 = second.split('data-testid="daftar-usulan"')[1].split("</table>")[0]
    first_ids, second_ids = set(DETAIL.findall(table)), set(DETAIL.findall(table2))
    assert len(first_ids) == 50 and len(second_ids) == 50 and not first_ids & second_ids
    # a page number past the end shows the last page, text the first
    assert client.get(url, {"hal": 999}).status_code == 200
    assert client.get(url, {"hal": "abc"}).status_code == 200


def test_office_and_duplicate_lists_are_paged(users, rnd, client):
    client_for(client, users["perencana"])
    seed(rnd, users, 130, decide_every=2)
    office = client.get(reverse("proposals:office", args=[rnd.pk, "6472"])).content.decode()
    rows = office.split('data-testid="usulan-wilayah"')[1].split("</table>")[0]
    assert rows.count('data-testid="usulan-') == 50 and 'data-testid="pager-hal"' in office
    dup_url = reverse("proposals:duplicates", args=[rnd.pk])
    dup = client.get(dup_url).content.decode()
    rc = checks.round_check(rnd)
    assert len(rc.open_pairs) > 20 and dup.count('<article class="card" data-testid="pasangan-') == 20
    assert f"{len(rc.open_pairs)} saran menunggu keputusan" in dup
    assert len([p for p in rc.pairs if not p.open]) > 50 and 'data-testid="pager-hal_putus"' in dup
    # each list's pager keeps the other list's page
    dup2 = client.get(dup_url, {"hal": 2}).content.decode()
    assert _link_params(dup2.split('data-testid="pager-hal_putus"')[1], "berikutnya") == {"hal": ["2"], "hal_putus": ["2"]}
    dup3 = client.get(dup_url, {"hal_putus": 2}).content.decode()
    assert _link_params(dup3.split('data-testid="pager-hal"')[1], "berikutnya") == {"hal": ["2"], "hal_putus": ["2"]}


def _link_params(html: str, text: str) -> dict:
    """The query parameters of the first pager link whose text contains ``text``."""
    import html as htmllib
    import re
    from urllib.parse import parse_qs, urlsplit

    href = re.search(r'<a href="([^"]*)"[^>]*>[^<]*' + text, html).group(1)
    return parse_qs(urlsplit(htmllib.unescape(href)).query)

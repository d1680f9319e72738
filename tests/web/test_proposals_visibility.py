"""Who sees what: operators their own office only (another office's proposal by id is 404,
never the data), the province everything, viewers submitted proposals only."""
from __future__ import annotations

import pytest
from django.urls import reverse
from web_support import CITY_ROW, client_for

from sinergi.web.proposals import actions
from sinergi.web.proposals.models import Status

pytestmark = pytest.mark.django_db

BALIKPAPAN_ROW = {**CITY_ROW, "uraian": "Bimbingan jabatan rahasia Balikpapan", "lokasi_kode": "6471"}


@pytest.fixture
def proposals(users, rnd):
    smd_draft = actions.create_proposal(users["op-samarinda"], rnd, "6472", {**CITY_ROW, "uraian": "Draf Samarinda yang belum diajukan"})
    smd_sent = actions.create_proposal(users["op-samarinda"], rnd, "6472", {**CITY_ROW, "uraian": "Bursa kerja Samarinda diajukan", "kode_sub_kegiatan": "2.07.04.2.03.0003"})
    smd_sent = actions.transition(users["op-samarinda"], smd_sent, Status.SUBMITTED, smd_sent.version)
    bpp_draft = actions.create_proposal(users["op-balikpapan"], rnd, "6471", BALIKPAPAN_ROW)
    return {"smd_draft": smd_draft, "smd_sent": smd_sent, "bpp_draft": bpp_draft}


def test_operator_sees_only_its_own_office(users, rnd, proposals, client):
    client_for(client, users["op-balikpapan"])
    smd = proposals["smd_draft"]
    for name, args in (("detail", [smd.pk]), ("edit", [smd.pk])):
        response = client.get(reverse(f"proposals:{name}", args=args))
        assert response.status_code == 404 and b"Draf Samarinda" not in response.content
    for name in ("status", "comment"):
        assert client.post(reverse(f"proposals:{name}", args=[smd.pk]), {"status": "diajukan", "version": 1, "komentar": "x"}).status_code == 404
    # the submitted one of another office is not shown either
    assert client.get(reverse("proposals:detail", args=[proposals["smd_sent"].pk])).status_code == 404
    for name in ("office", "new", "template"):
        assert client.get(reverse(f"proposals:{name}", args=[rnd.pk, "6472"])).status_code == 404
    overview = client.get(reverse("proposals:round", args=[rnd.pk])).content.decode()
    assert "rahasia Balikpapan" in overview and "Samarinda" not in overview.split('data-testid="per-pengusul"')[1]
    for page in ("duplicates", "gaps"):
        html = client.get(reverse(f"proposals:{page}", args=[rnd.pk])).content.decode()
        assert "Draf Samarinda" not in html
    own = client.get(reverse("proposals:office", args=[rnd.pk, "6471"])).content.decode()
    assert "rahasia Balikpapan" in own and 'data-testid="unggah-usulan"' in own


def test_province_sees_everything(users, rnd, proposals, client):
    client_for(client, users["perencana"])
    html = client.get(reverse("proposals:round", args=[rnd.pk])).content.decode()
    for text in ("Draf Samarinda", "Bursa kerja Samarinda", "rahasia Balikpapan"):
        assert text in html
    assert client.get(reverse("proposals:detail", args=[proposals["bpp_draft"].pk])).status_code == 200
    assert client.get(reverse("proposals:office", args=[rnd.pk, "6472"])).status_code == 200


def test_viewer_reads_submitted_proposals_only(users, rnd, proposals, client):
    from sinergi.web.proposals.checks import round_check

    assert round_check(rnd).pair(proposals["smd_draft"].pk, proposals["smd_sent"].pk) is not None  # the draft overlaps the submitted one
    client_for(client, users["pemantau"])
    html = client.get(reverse("proposals:round", args=[rnd.pk])).content.decode()
    assert "Bursa kerja Samarinda" in html and "Draf Samarinda" not in html and "rahasia Balikpapan" not in html
    assert "TUMPANG_TINDIH" not in html.split('data-testid="daftar-usulan"')[1]  # not even a hint of the hidden draft
    detail = client.get(reverse("proposals:detail", args=[proposals["smd_sent"].pk])).content.decode()
    assert "TUMPANG_TINDIH" not in detail
    assert client.get(reverse("proposals:detail", args=[proposals["smd_sent"].pk])).status_code == 200
    assert client.get(reverse("proposals:detail", args=[proposals["smd_draft"].pk])).status_code == 404
    office = client.get(reverse("proposals:office", args=[rnd.pk, "6472"])).content.decode()
    assert "Bursa kerja Samarinda" in office and "Draf Samarinda" not in office and 'data-testid="unggah-usulan"' not in office
    assert client.get(reverse("proposals:new", args=[rnd.pk, "6472"])).status_code == 403
    assert client.post(reverse("proposals:status", args=[proposals["smd_sent"].pk]), {"status": "diterima", "version": 2}).status_code == 403
    assert client.post(reverse("proposals:index"), {"tahun": 2030}).status_code == 403


def test_every_page_answers(users, rnd, proposals, client):
    """Each page renders for each role (no template errors), and the menu has the entry."""
    for who in users:
        client_for(client, users[who])
        home = client.get(reverse("proposals:index")).content.decode()
        assert reverse("proposals:index") in home and "Sinkronisasi" in home
        for name in ("round", "duplicates", "gaps", "downloads"):
            assert client.get(reverse(f"proposals:{name}", args=[rnd.pk])).status_code == 200, (who, name)
        assert client.get(reverse("proposals:nomenclature")).status_code == 200

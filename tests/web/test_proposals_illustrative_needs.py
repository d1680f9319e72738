"""No verdict on illustrative needs: a proposal whose place's needs rest on illustrative IPK
inputs reads "belum dapat dinilai — kebutuhan dari data ilustratif" on the gap page, in the
matrix's "Tanpa kebutuhan" sheet and in the summary, never "tidak menjawab kebutuhan"; and the
needs carry the real-data meter."""
from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document
from web_support import CITY_ROW, client_for

from sinergi.core.sync import VERDICT_NO_NEED, VERDICT_UNJUDGED
from sinergi.web.proposals import actions
from sinergi.web.proposals.models import Status
from sinergi.web.proposals.needs import identified_needs

pytestmark = pytest.mark.django_db


@pytest.fixture
def guidance(users, rnd):
    """Samarinda proposes job guidance; Samarinda's identified needs are all weak IPK indicators
    computed from illustrative inputs, and the one it would serve is illustrative there too."""
    p = actions.create_proposal(users["op-samarinda"], rnd, "6472", CITY_ROW)
    return actions.transition(users["op-samarinda"], p, Status.SUBMITTED, p.version)


def test_the_needs_of_samarinda_are_illustrative_and_labelled():
    needs = identified_needs()
    sam = needs.weak_ipk[needs.weak_ipk["wilayah_kode"] == "6472"]
    assert len(sam) and set(sam["kualitas_data"]) == {"ilustratif"}


def test_gap_page_matrix_and_summary_never_judge_on_illustrative_needs(users, rnd, guidance, client):
    client_for(client, users["perencana"])
    html = client.get(reverse("proposals:gaps", args=[rnd.pk])).content.decode()
    region = html[html.index('data-testid="kesenjangan-6472"'):]
    region = region[:region.index("</details>")]
    assert 'data-testid="kebutuhan-ilustratif"' in region and "belum dapat dinilai (ilustratif)" in region
    assert 'data-testid="belum-dinilai"' in region and f"#{guidance.pk}" in region and VERDICT_UNJUDGED in region
    assert "Usulan yang tidak menjawab kebutuhan teridentifikasi" not in region
    # the meter of the needs used
    assert 'data-testid="meter-data"' in html and "kebutuhan bersumber" in html and "ilustratif" in html
    # the matrix: the proposal is listed with its reading, never "tidak menjawab"
    response = client.get(reverse("proposals:download", args=[rnd.pk, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["Tanpa kebutuhan"]
    head = [c.value for c in sheet[1]]
    rows = [dict(zip(head, [c.value for c in r], strict=False)) for r in sheet.iter_rows(min_row=2) if r[0].value is not None]
    mine = [r for r in rows if r["No. usulan"] == guidance.pk]
    assert mine and mine[0]["penilaian"] == VERDICT_UNJUDGED
    assert all(r["penilaian"] != VERDICT_NO_NEED for r in rows)
    info = {r[0].value: r[1].value for r in book["Keterangan"].iter_rows(min_row=2)}
    assert "kebutuhan bersumber" in info["Data nyata kebutuhan"]
    assert info["Usulan tanpa kebutuhan teridentifikasi"] == 0
    assert info["Usulan belum dapat dinilai (kebutuhan dari data ilustratif)"] >= 1
    kebutuhan = [c.value for c in book["Kebutuhan"][1]]
    quality = {r[kebutuhan.index("kualitas_data")].value for r in book["Kebutuhan"].iter_rows(min_row=2)} - {None}
    assert "ilustratif" in quality
    # the summary for the ministry
    response = client.get(reverse("proposals:download", args=[rnd.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs)
    assert "Usulan yang tidak menjawab kebutuhan teridentifikasi: 0." in text
    assert f"Usulan yang {VERDICT_UNJUDGED}: 1." in text
    assert "kebutuhan bersumber" in text and "berasal dari data ilustratif" in text


def test_round_page_says_how_real_the_needs_are(users, rnd, client):
    client_for(client, users["perencana"])
    html = client.get(reverse("proposals:round", args=[rnd.pk])).content.decode()
    box = html[html.index('data-testid="meter-kebutuhan"'):][:2000]
    m = identified_needs().meter()
    assert m.text() in box and m.illustrative > 0
    assert reverse("proposals:gaps", args=[rnd.pk]) in box

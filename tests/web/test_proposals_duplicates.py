"""Duplicates between offices and levels are pointed out, never merged by the software; a
reviewer decides ("bukan duplikat" or a merge that keeps links to both originals). The matrix
and the summary download open; the gap page shows needs with their provisional labels."""
from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from docx import Document
from web_support import CITY_ROW, PROVINCE_ROW, TRAINING_ROW, client_for

from sinergi.web.audit.models import AuditEvent
from sinergi.web.proposals import actions, checks
from sinergi.web.proposals.models import PairDecision, Proposal, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(users, rnd):
    """The province and Samarinda both propose job guidance for Samarinda, under mirrored codes."""
    prov = actions.create_proposal(users["perencana"], rnd, "64", PROVINCE_ROW)
    city = actions.create_proposal(users["op-samarinda"], rnd, "6472", CITY_ROW)
    prov = actions.transition(users["perencana"], prov, Status.SUBMITTED, prov.version)
    city = actions.transition(users["op-samarinda"], city, Status.SUBMITTED, city.version)
    return prov, city


def test_cross_level_duplicate_is_found_and_nothing_is_merged(users, rnd, pair, client):
    prov, city = pair
    rc = checks.round_check(rnd)
    found = rc.pair(prov.pk, city.pk)
    assert found is not None and found.finding.code == "KEMUNGKINAN_DUPLIKAT" and found.open
    assert any("kode cermin" in r for r in found.finding.reasons) and found.finding.score >= 0.75
    assert set(Proposal.objects.values_list("status", flat=True)) == {Status.SUBMITTED}  # checks change nothing
    client_for(client, users["perencana"])
    html = client.get(reverse("proposals:detail", args=[city.pk])).content.decode()
    assert f'href="{reverse("proposals:detail", args=[prov.pk])}"' in html and "kode cermin provinsi/kab-kota" in html
    assert f"usulan #{prov.pk}" in html and "baris" not in html.split('data-testid="temuan"')[1]  # proposals, not file rows
    page = client.get(reverse("proposals:duplicates", args=[rnd.pk])).content.decode()
    assert f'data-testid="pasangan-{prov.pk}-{city.pk}"' in page and "antartingkat" in page
    # the Samarinda operator sees that a similar province proposal exists, not its content
    client_for(client, users["op-samarinda"])
    html = client.get(reverse("proposals:detail", args=[city.pk])).content.decode()
    assert "Dengan satu usulan Provinsi Kalimantan Timur" in html and PROVINCE_ROW["uraian"] not in html
    assert client.get(reverse("proposals:detail", args=[prov.pk])).status_code == 404


def test_reviewer_merges_keeping_links_to_both_originals(users, rnd, pair, client):
    prov, city = pair
    with pytest.raises(PermissionDenied):
        actions.resolve_pair(users["op-samarinda"], rnd, prov.pk, city.pk, "gabung", keep_id=prov.pk)
    client_for(client, users["op-samarinda"])
    assert client.post(reverse("proposals:resolve", args=[rnd.pk]), {"a": prov.pk, "b": city.pk}).status_code == 403
    client_for(client, users["perencana"])
    response = client.post(reverse("proposals:resolve", args=[rnd.pk]), {
        "a": prov.pk, "b": city.pk, "versi_a": prov.version, "versi_b": city.version,
        "keputusan": "gabung", "isi_dari": prov.pk, "catatan": "Rakor: provinsi melaksanakan bersama kota"}, follow=True)
    assert "digabung menjadi usulan" in response.content.decode()
    decision = PairDecision.objects.get()
    merged = decision.merged
    assert decision.decision == "gabung" and (decision.first_id, decision.second_id) == (prov.pk, city.pk)
    assert sorted(merged.merged_from.values_list("id", flat=True)) == [prov.pk, city.pk]
    assert merged.office_id == "64" and merged.code == prov.code and merged.status == Status.IN_REVIEW
    assert f"#{prov.pk}" in merged.note and f"#{city.pk}" in merged.note
    for original in (prov, city):
        original.refresh_from_db()
        assert original.status == Status.MERGED and original.merged_into == merged
        assert "Digabung ke usulan" in original.comments.last().text
    assert Proposal.objects.count() == 3  # nothing deleted
    event = AuditEvent.objects.get(action="gabung_usulan")
    assert event.after["usulan_asal"] == [prov.pk, city.pk] and set(event.before) == {str(prov.pk), str(city.pk)}
    # the merged record takes part in the checks; the originals no longer do
    rc = checks.round_check(rnd)
    assert merged.pk in rc.ids and prov.pk not in rc.ids and not rc.open_pairs
    html = client.get(reverse("proposals:detail", args=[merged.pk])).content.decode()
    assert 'data-testid="asal-gabungan"' in html and reverse("proposals:detail", args=[city.pk]) in html
    html = client.get(reverse("proposals:detail", args=[city.pk])).content.decode()
    assert 'data-testid="digabung-ke"' in html
    # the operator still sees its original, linked to a merged record of the province it cannot open
    client_for(client, users["op-samarinda"])
    assert client.get(reverse("proposals:detail", args=[city.pk])).status_code == 200
    assert client.get(reverse("proposals:detail", args=[merged.pk])).status_code == 404
    # a second decision on the same pair is refused
    with pytest.raises(actions.ActionRefused):
        actions.resolve_pair(users["perencana"], rnd, prov.pk, city.pk, "bukan_duplikat")


def test_not_a_duplicate_closes_the_suggestion(users, rnd, pair):
    prov, city = pair
    d = actions.resolve_pair(users["perencana"], rnd, city.pk, prov.pk, "bukan_duplikat", note="lokasi berbeda kecamatan",
                             versions={prov.pk: prov.version, city.pk: city.version})
    assert (d.first_id, d.second_id) == (min(prov.pk, city.pk), max(prov.pk, city.pk)) and d.merged is None
    rc = checks.round_check(rnd)
    assert not rc.open_pairs and rc.pair(prov.pk, city.pk).decision == d
    assert rc.counts()["KEMUNGKINAN_DUPLIKAT"] == 0
    assert AuditEvent.objects.filter(action="putuskan_bukan_duplikat", object_id=str(d.pk)).exists()
    assert set(Proposal.objects.values_list("status", flat=True)) == {Status.SUBMITTED}


def test_stale_pair_decision_is_refused(users, rnd, pair):
    prov, city = pair
    shown = prov.version
    actions.add_comment(users["perencana"], prov, "cek lokasi")  # a comment is not a new version
    prov = actions.transition(users["perencana"], prov, Status.IN_REVIEW, prov.version)
    with pytest.raises(actions.StaleVersion):
        actions.resolve_pair(users["perencana"], rnd, prov.pk, city.pk, "gabung", keep_id=city.pk,
                             versions={prov.pk: shown, city.pk: city.version})
    assert not PairDecision.objects.exists()


def test_matrix_and_summary_download_open(users, rnd, pair, client):
    prov, city = pair
    actions.create_proposal(users["op-samarinda"], rnd, "6472", TRAINING_ROW)  # a draft: left out by default
    client_for(client, users["perencana"])
    response = client.get(reverse("proposals:download", args=[rnd.pk, "xlsx"]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('"matriks-sinkronisasi-2026.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {"Matriks", "Per program", "Per pengusul", "Per sumber dana", "Temuan", "Kebutuhan", "Keterangan", "Arti temuan"} <= set(book.sheetnames)
    sheet = book["Matriks"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=False)) for r in sheet.iter_rows(min_row=2) if r[0].value is not None]
    rows = [r for r in rows if isinstance(r.get("No."), (int, float)) or isinstance(r.get("No"), (int, float))]
    assert sorted(int(r["No. usulan"]) for r in rows) == sorted([prov.pk, city.pk])
    by_id = {int(r["No. usulan"]): r for r in rows}
    assert by_id[city.pk]["Indikator resmi"] == "Jumlah Pencari Kerja yang Mendapatkan Penyuluhan dan Bimbingan Jabatan"
    assert "KEMUNGKINAN_DUPLIKAT" in by_id[city.pk]["Kode temuan"] and f"usulan #{prov.pk}" in by_id[city.pk]["Rincian temuan"]
    assert by_id[city.pk]["Status"] == "diajukan" and by_id[city.pk]["Berkas"] == "formulir Sinergi"
    kebutuhan = [c.value for c in book["Kebutuhan"][1]]
    assert "sumber" in kebutuhan
    sources = {r[kebutuhan.index("sumber")].value for r in book["Kebutuhan"].iter_rows(min_row=2)} - {None}
    assert any("perkiraan — metode sementara" in s for s in sources)
    # with drafts: three proposals
    response = client.get(reverse("proposals:download", args=[rnd.pk, "xlsx"]), {"draf": "1"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ids = [r[1].value for r in book["Matriks"].iter_rows(min_row=2) if isinstance(r[0].value, int)]
    assert len(ids) == 3
    response = client.get(reverse("proposals:download", args=[rnd.pk, "docx"]))
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Ringkasan Sinkronisasi" in text and "2 usulan" in text and "KEMUNGKINAN_DUPLIKAT" in text
    assert "IPK: perkiraan — metode sementara; sebagian data masukan ilustratif" in text  # the needs carry their labels


def test_operator_matrix_holds_its_own_office_only(users, rnd, pair, client):
    client_for(client, users["op-samarinda"])
    response = client.get(reverse("proposals:download", args=[rnd.pk, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    offices = {r[3].value for r in book["Matriks"].iter_rows(min_row=2) if isinstance(r[0].value, int)}
    assert offices == {"6472"}


def test_gap_page_shows_needs_with_their_labels(users, rnd, pair, client):
    client_for(client, users["perencana"])
    html = client.get(reverse("proposals:gaps", args=[rnd.pk])).content.decode()
    assert 'data-testid="label-ipk"' in html and "perkiraan — metode sementara" in html and "ilustratif" in html
    assert "proyeksi (perkiraan)" in html
    assert 'data-testid="kesenjangan-6472"' in html and "Indikator IPK lemah: pelatihan dan kompetensi kerja" in html and "celah" in html
    assert "Proyeksi RTK belum dapat dihitung" not in html  # every kab/kota projects now (down the ladder where its own data are thin)
    client_for(client, users["op-balikpapan"])
    html = client.get(reverse("proposals:gaps", args=[rnd.pk])).content.decode()
    assert 'data-testid="kesenjangan-6471"' in html and 'data-testid="kesenjangan-6472"' not in html

"""Per-office Excel template and upload: all rows or none (every problem with sheet, row,
column and fix), audited, and re-uploading the same file adds nothing."""
from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from web_support import CITY_ROW, TRAINING_ROW, client_for, fill_template

from sinergi.core.problems import ValidationFailed
from sinergi.web.audit.models import AuditEvent
from sinergi.web.proposals import actions
from sinergi.web.proposals.models import Proposal, ProposalImport, Status

pytestmark = pytest.mark.django_db


def rows(*extra):
    base = {**CITY_ROW, "target": 100, "pagu": 80000000}
    training = {**TRAINING_ROW, "target": 20, "pagu": 120000000}
    return [base, training, *extra]


def test_template_of_the_office_lists_its_level_codes(users, rnd, client):
    client_for(client, users["op-samarinda"])
    response = client.get(reverse("proposals:template", args=[rnd.pk, "6472"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('"templat-usulan-6472-2026.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames[:3] == ["Petunjuk", "Usulan", "Kode"]
    codes = [r[0].value for r in book["Kode"].iter_rows(min_row=2)]
    assert "2.07.04.2.01.0003" in codes and all(c.split(".")[3] == "2" for c in codes)
    assert book["Usulan"]["A2"].value == "6472" and book["Usulan"]["B2"].value == 2026
    # another office's template: not found for an operator; viewers may not fill templates
    assert client.get(reverse("proposals:template", args=[rnd.pk, "6471"])).status_code == 404
    client_for(client, users["pemantau"])
    assert client.get(reverse("proposals:template", args=[rnd.pk, "6472"])).status_code == 403


def test_one_bad_row_stores_nothing_and_names_row_and_column(users, rnd, client, tmp_path):
    bad = {**TRAINING_ROW, "uraian": "Pelatihan las", "target": "dua puluh", "pagu": 60000000}
    path = fill_template(tmp_path / "usulan.xlsx", rows(bad), "6472")
    client_for(client, users["op-samarinda"])
    with open(path, "rb") as f:
        response = client.post(reverse("proposals:office", args=[rnd.pk, "6472"]), {"berkas": f})
    assert response.status_code == 200
    problems = response.context["problems"]
    assert [(p.sheet, p.row, p.column, p.code) for p in problems] == [("Usulan", 4, "target", "NILAI_TIDAK_VALID")]
    html = response.content.decode()
    assert "tidak ada data yang disimpan" in html and "dua puluh" in html
    assert Proposal.objects.count() == 0 and ProposalImport.objects.count() == 0
    assert not AuditEvent.objects.filter(action="impor_usulan").exists()


def test_upload_is_audited_and_reuploading_the_same_file_adds_nothing(users, rnd, client, tmp_path):
    path = fill_template(tmp_path / "usulan.xlsx", rows(), "6472")
    client_for(client, users["op-samarinda"])
    with open(path, "rb") as f:
        response = client.post(reverse("proposals:office", args=[rnd.pk, "6472"]), {"berkas": f}, follow=True)
    assert "2 usulan ditambah sebagai draf" in response.content.decode()
    stored = list(Proposal.objects.order_by("id"))
    assert [(p.office_id, p.status, p.code, p.source_row) for p in stored] == [
        ("6472", Status.DRAFT, "2.07.04.2.01.0003", 2), ("6472", Status.DRAFT, "2.07.03.2.01.0004", 3)]
    assert float(stored[0].budget) == 80000000 and stored[0].funding == "APBD kabupaten/kota" and stored[0].import_key
    event = AuditEvent.objects.get(action="impor_usulan")
    assert event.actor == users["op-samarinda"] and event.region_code == "6472" and event.after["usulan_ditambah"] == [p.pk for p in stored]
    # again: nothing new
    with open(path, "rb") as f:
        response = client.post(reverse("proposals:office", args=[rnd.pk, "6472"]), {"berkas": f}, follow=True)
    assert "0 usulan ditambah" in response.content.decode() and "2 sudah ada" in response.content.decode()
    assert Proposal.objects.count() == 2
    # the same file with one more row: only that row is added
    more = fill_template(tmp_path / "usulan2.xlsx", rows({**CITY_ROW, "uraian": "Pameran bursa kerja kecamatan", "kode_sub_kegiatan": "2.07.04.2.03.0003",
                                                           "target": 300, "satuan": "Orang", "pagu": 50000000}), "6472")
    out = actions.import_proposals(users["op-samarinda"], rnd, "6472", more)
    assert len(out.added) == 1 and out.skipped == 2 and Proposal.objects.count() == 3


def test_an_operator_uploads_only_for_its_own_office(users, rnd, tmp_path, client):
    path = fill_template(tmp_path / "usulan.xlsx", rows(), "6472")
    with pytest.raises(PermissionDenied):
        actions.import_proposals(users["op-balikpapan"], rnd, "6472", path)
    client_for(client, users["op-balikpapan"])
    with open(path, "rb") as f:
        assert client.post(reverse("proposals:office", args=[rnd.pk, "6472"]), {"berkas": f}).status_code == 404
    # Samarinda's rows uploaded on Balikpapan's page: every row is named
    with pytest.raises(ValidationFailed) as exc:
        actions.import_proposals(users["op-balikpapan"], rnd, "6471", path)
    assert {(p.row, p.column) for p in exc.value.problems} >= {(2, "wilayah_kode"), (3, "wilayah_kode")}
    assert Proposal.objects.count() == 0


def test_closed_round_refuses_uploads(users, rnd, tmp_path):
    actions.close_round(users["perencana"], rnd)
    rnd.refresh_from_db()
    path = fill_template(tmp_path / "usulan.xlsx", rows(), "6472")
    with pytest.raises(actions.ActionRefused, match="sudah ditutup"):
        actions.import_proposals(users["op-samarinda"], rnd, "6472", path)

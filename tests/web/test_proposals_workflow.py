"""Entry form with code suggestions, the review workflow by role, comments, optimistic
locking (a stale save is refused and shows the other change) and the audit trail."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from web_support import CITY_ROW, TRAINING_ROW, client_for

from sinergi.web.audit.models import AuditEvent
from sinergi.web.proposals import actions
from sinergi.web.proposals.models import Comment, Proposal, ProposalRevision, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(users, rnd):
    return actions.create_proposal(users["op-samarinda"], rnd, "6472", CITY_ROW)


def test_form_creates_a_checked_draft_and_shows_field_problems(users, rnd, client):
    client_for(client, users["op-samarinda"])
    page = client.get(reverse("proposals:new", args=[rnd.pk, "6472"])).content.decode()
    assert "2.07.04.2.01.0003" in page and "2.07.04.1.01.0003" not in page  # only the office's level
    assert 'value="6472"' in page and 'value="6471"' not in page  # its own place only
    bad = {**CITY_ROW, "target": "banyak", "pagu": "0", "satuan": ""}
    response = client.post(reverse("proposals:new", args=[rnd.pk, "6472"]), bad)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"target", "pagu", "satuan"}
    assert "bukan angka" in form.errors["target"][0]
    assert Proposal.objects.count() == 0
    response = client.post(reverse("proposals:new", args=[rnd.pk, "6472"]), {**CITY_ROW, "pagu": "80.000.000"})
    p = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("proposals:detail", args=[p.pk])
    assert p.status == Status.DRAFT and float(p.budget) == 80_000_000 and p.version == 1
    event = AuditEvent.objects.get(action="buat_usulan")
    assert event.object_id == str(p.pk) and event.after["kode_sub_kegiatan"] == "2.07.04.2.01.0003" and event.before is None
    detail = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert "Jumlah Pencari Kerja yang Mendapatkan Penyuluhan dan Bimbingan Jabatan" in detail  # official indicator from the code


def test_code_suggestions_and_the_code_field_fill_indicator_and_unit(users, rnd, client):
    client_for(client, users["op-samarinda"])
    html = client.get(reverse("proposals:suggest", args=[rnd.pk, "6472"]), {"uraian": "Pelatihan las bagi pencari kerja"},
                      HTTP_HX_REQUEST="true").content.decode()
    suggestions = [x for x in html.split('data-code="')[1:]]
    assert len(suggestions) == 3
    assert "2.07.03.2.01" in html and "frasa" in html  # a reason from the reviewed alias table
    code = suggestions[0].split('"')[0]
    fragment = client.get(reverse("proposals:code-field", args=[rnd.pk, "6472"]),
                          {"kode_sub_kegiatan": code, "satuan": "", "satuan_otomatis": ""}).content.decode()
    assert 'id="kode-field"' in fragment and f'value="{code}" selected' in fragment
    assert 'hx-swap-oob="true"' in fragment and 'name="satuan" id="id_satuan" value="Orang"' in fragment
    # a unit the user typed is kept
    fragment = client.get(reverse("proposals:code-field", args=[rnd.pk, "6472"]),
                          {"kode_sub_kegiatan": code, "satuan": "Paket", "satuan_otomatis": "Orang"}).content.decode()
    assert 'value="Paket"' in fragment


def test_workflow_transitions_by_role(users, rnd, draft):
    op, planner, viewer, other = users["op-samarinda"], users["perencana"], users["pemantau"], users["op-balikpapan"]
    with pytest.raises(PermissionDenied):
        actions.transition(other, draft, Status.SUBMITTED, draft.version)
    with pytest.raises(PermissionDenied):
        actions.transition(viewer, draft, Status.SUBMITTED, draft.version)
    with pytest.raises(actions.ActionRefused, match="tidak dapat menjadi"):
        actions.transition(planner, draft, Status.ACCEPTED, draft.version)  # a draft is not accepted before it is submitted
    p = actions.transition(op, draft, Status.SUBMITTED, draft.version)
    assert p.status == Status.SUBMITTED and p.version == 2
    with pytest.raises(PermissionDenied):
        actions.transition(op, p, Status.ACCEPTED, p.version)  # operators do not review
    with pytest.raises(actions.ActionRefused, match="alasannya"):
        actions.transition(planner, p, Status.NEEDS_FIX, p.version)  # a fix request says what to fix
    p = actions.transition(planner, p, Status.IN_REVIEW, p.version)
    p = actions.transition(planner, p, Status.NEEDS_FIX, p.version, "Target terlalu kecil untuk pagu ini.")
    assert Comment.objects.get(proposal=p).kind == Comment.Kind.FIX_REQUEST
    # the operator answers, fixes and resubmits
    actions.add_comment(op, p, "Baik, target kami naikkan.")
    p, changed = actions.update_proposal(op, p, {**CITY_ROW, "target": "150"}, p.version)
    assert changed and float(p.target) == 150 and p.status == Status.NEEDS_FIX
    p = actions.transition(op, p, Status.SUBMITTED, p.version, "Sudah diperbaiki.")
    with pytest.raises(actions.ActionRefused):
        actions.update_proposal(op, p, {**CITY_ROW, "target": "160"}, p.version)  # submitted: the office waits
    p = actions.transition(planner, p, Status.ACCEPTED, p.version, "Sesuai prioritas RTK.")
    with pytest.raises(PermissionDenied):
        actions.add_comment(viewer, p, "komentar")
    assert [c.kind for c in p.comments.all()] == ["perbaikan", "jawaban", "jawaban", "keputusan"]
    actions_done = list(AuditEvent.objects.filter(object_type="usulan", object_id=str(p.pk)).order_by("id").values_list("action", flat=True))
    assert actions_done == ["buat_usulan", "ajukan_usulan", "tinjau_usulan", "minta_perbaikan_usulan", "komentari_usulan",
                            "ubah_usulan", "ajukan_usulan", "terima_usulan"]
    accepted = AuditEvent.objects.get(action="terima_usulan")
    assert accepted.before["status"] == "diajukan" and accepted.after["status"] == "diterima" and accepted.after["komentar"]
    assert list(ProposalRevision.objects.filter(proposal=p).values_list("version", flat=True)) == list(range(p.version, 0, -1))


def test_workflow_through_the_pages(users, rnd, draft, client):
    client_for(client, users["op-samarinda"])
    page = client.get(reverse("proposals:detail", args=[draft.pk])).content.decode()
    assert 'data-testid="ke-diajukan"' in page and 'data-testid="ke-diterima"' not in page
    client.post(reverse("proposals:status", args=[draft.pk]), {"status": "diajukan", "version": draft.version})
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    # submitted: the office's edit form sends it back to the proposal, saying why
    response = client.get(reverse("proposals:edit", args=[draft.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("proposals:detail", args=[draft.pk])
    assert "tidak dapat diubah sekarang" in response.content.decode()
    # the operator posting a reviewer's transition is refused, nothing changes
    response = client.post(reverse("proposals:status", args=[draft.pk]), {"status": "diterima", "version": draft.version})
    assert response.status_code == 403
    client_for(client, users["perencana"])
    page = client.get(reverse("proposals:detail", args=[draft.pk])).content.decode()
    assert 'data-testid="ke-diterima"' in page and 'data-testid="ke-perlu_perbaikan"' in page
    response = client.post(reverse("proposals:status", args=[draft.pk]), {"status": "ditolak", "version": draft.version}, follow=True)
    assert "alasan penolakan" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_submitting_all_drafts_of_an_office(users, rnd, client):
    op = users["op-samarinda"]
    a = actions.create_proposal(op, rnd, "6472", CITY_ROW)
    b = actions.create_proposal(op, rnd, "6472", TRAINING_ROW)
    client_for(client, op)
    response = client.post(reverse("proposals:submit-all", args=[rnd.pk, "6472"]), follow=True)
    assert "2 usulan diajukan ke provinsi" in response.content.decode()
    assert set(Proposal.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)) == {Status.SUBMITTED}
    assert AuditEvent.objects.filter(action="ajukan_usulan").count() == 2


def test_a_stale_save_is_refused_and_shows_the_other_change(users, rnd, draft, client):
    planner, op = users["perencana"], users["op-samarinda"]
    shown = draft.version
    actions.update_proposal(planner, draft, {**CITY_ROW, "pagu": "90000000"}, shown)  # the province saves first
    with pytest.raises(actions.StaleVersion) as exc:
        actions.update_proposal(op, draft, {**CITY_ROW, "target": "120"}, shown)
    assert ("Pagu (Rp)", 80000000, 90000000) in exc.value.changes and "perencana" in str(exc.value)
    draft.refresh_from_db()
    assert float(draft.target) == 100 and float(draft.budget) == 90_000_000 and draft.version == 2
    # through the page: 409, the message, the other change, a link to the history, the entries kept
    client_for(client, op)
    response = client.post(reverse("proposals:edit", args=[draft.pk]), {**CITY_ROW, "target": "120", "version": shown})
    assert response.status_code == 409
    html = response.content.decode()
    assert "sudah diubah oleh perencana" in html and 'data-testid="konflik"' in html and "90000000" in html
    assert reverse("proposals:detail", args=[draft.pk]) + "#riwayat" in html
    assert 'name="target" value="120"' in html and 'name="version" value="2"' in html
    # saving again from the conflict page overwrites, knowingly
    response = client.post(reverse("proposals:edit", args=[draft.pk]), {**CITY_ROW, "target": "120", "version": 2})
    draft.refresh_from_db()
    assert response.status_code == 302 and float(draft.target) == 120 and draft.version == 3
    # a status change from a stale page is refused as well
    with pytest.raises(actions.StaleVersion):
        actions.transition(op, draft, Status.SUBMITTED, 2)


def test_closed_round_is_read_only(users, rnd, draft, client):
    actions.close_round(users["perencana"], rnd)
    draft.refresh_from_db()
    with pytest.raises(actions.ActionRefused, match="ditutup"):
        actions.transition(users["op-samarinda"], draft, Status.SUBMITTED, draft.version)
    with pytest.raises(actions.ActionRefused, match="ditutup"):
        actions.create_proposal(users["op-samarinda"], draft.round, "6472", TRAINING_ROW)
    client_for(client, users["op-samarinda"])
    page = client.get(reverse("proposals:detail", args=[draft.pk])).content.decode()
    assert 'data-testid="ke-diajukan"' not in page and 'data-testid="ubah"' not in page
    assert AuditEvent.objects.filter(action="tutup_putaran").exists()
    actions.reopen_round(users["perencana"], draft.round)
    assert AuditEvent.objects.filter(action="buka_kembali_putaran").exists()

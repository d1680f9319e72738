"""The round as a process: closing dates per stage, the status board per office, each person's
to-dos, notifications on status changes (in the app and by e-mail when configured), and the
home page that shows the year's cycle per role."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from web_support import CITY_ROW, PROVINCE_ROW, client_for

from sinergi.web.audit.models import AuditEvent
from sinergi.web.notifications.models import Notification
from sinergi.web.proposals import actions, process
from sinergi.web.proposals.models import Status

pytestmark = pytest.mark.django_db

BALIKPAPAN_ROW = {**CITY_ROW, "uraian": "Bimbingan jabatan bagi pencari kerja Balikpapan", "lokasi_kode": "6471"}


def _submit(user, p):
    return actions.transition(user, p, Status.SUBMITTED, p.version)


def test_board_shows_each_office_state_derived_from_its_proposals(users, rnd, client):
    op, bpp, planner = users["op-samarinda"], users["op-balikpapan"], users["perencana"]
    a = _submit(op, actions.create_proposal(op, rnd, "6472", CITY_ROW))
    actions.transition(planner, a, Status.NEEDS_FIX, a.version, "Target terlalu kecil.")
    actions.create_proposal(bpp, rnd, "6471", BALIKPAPAN_ROW)  # a draft
    prov = _submit(planner, actions.create_proposal(planner, rnd, "64", PROVINCE_ROW))
    actions.transition(planner, prov, Status.ACCEPTED, prov.version)
    states = {b["code"]: b["state"] for b in process.board(rnd)}
    assert states["6472"] == "perlu_perbaikan" and states["6471"] == "draf" and states["64"] == "diterima"
    assert states["6401"] == "belum_mulai" and len(states) == 11  # the province and the ten regencies/cities
    page = client_for(client, users["pemantau"]).get(reverse("proposals:round", args=[rnd.pk])).content.decode()
    board = page[page.index('data-testid="papan-status"'):]
    assert 'data-testid="papan-6472" data-state="perlu_perbaikan"' in board and "perlu perbaikan" in board
    assert 'data-testid="papan-6401" data-state="belum_mulai"' in board and "belum mulai" in board
    # the fix is made and resubmitted: the office is "diajukan"
    a.refresh_from_db()
    _submit(op, a)
    assert {b["code"]: b["state"] for b in process.board(rnd)}["6472"] == "diajukan"


def test_closing_dates_are_set_in_order_audited_and_shown(users, rnd, client):
    planner = users["perencana"]
    with pytest.raises(actions.ActionRefused, match="tidak boleh sebelum"):
        actions.set_deadlines(planner, rnd, {"pengajuan": "2026-04-01", "verifikasi": "2026-03-01"})
    with pytest.raises(actions.ActionRefused, match="tidak dapat dibaca"):
        actions.set_deadlines(planner, rnd, {"pengajuan": "15/03/2026"})
    with pytest.raises(PermissionDenied):
        actions.set_deadlines(users["op-samarinda"], rnd, {"pengajuan": "2026-03-15"})
    client_for(client, planner).post(reverse("proposals:round-action", args=[rnd.pk]), {
        "aksi": "tenggat", "versi": rnd.version, "batas_pengajuan": "2026-03-15", "batas_verifikasi": "2026-04-15",
        "batas_kesepakatan": "2026-05-01"})
    rnd.refresh_from_db()
    assert rnd.submission_deadline == date(2026, 3, 15) and rnd.agreement_deadline == date(2026, 5, 1)
    event = AuditEvent.objects.get(action="ubah_tenggat_putaran")
    assert event.before["batas_pengajuan"] is None and event.after["batas_pengajuan"] == "2026-03-15"
    assert process.stage_of(rnd, date(2026, 4, 1)) == "verifikasi"
    page = client.get(reverse("proposals:round", args=[rnd.pk])).content.decode()
    assert 'data-testid="tenggat-pengajuan"' in page and "15 Maret 2026" in page


def test_to_dos_differ_per_role(users, rnd):
    op, bpp, planner = users["op-samarinda"], users["op-balikpapan"], users["perencana"]
    actions.set_deadlines(planner, rnd, {"pengajuan": "2026-03-15", "verifikasi": "2026-04-15"})
    rnd.refresh_from_db()
    ps = [actions.create_proposal(op, rnd, "6472", {**CITY_ROW, "target": str(100 + i)}) for i in range(3)]
    for p in ps:
        p = _submit(op, p)
        actions.transition(planner, p, Status.NEEDS_FIX, p.version, "Lengkapi sasaran.")
    day = date(2026, 3, 12)  # three days before the submission deadline
    mine = [t["text"] for t in process.todos(op, day)]
    assert "3 usulan perlu diperbaiki" in mine
    assert "Batas pengajuan putaran 2026: 3 hari lagi (15-03-2026)" in mine
    theirs = [t["text"] for t in process.todos(bpp, day)]
    assert "Balikpapan belum mengajukan usulan untuk putaran 2026" in theirs
    assert not any("perlu diperbaiki" in t for t in theirs)  # another office's fixes are not Balikpapan's to-do
    reviewer = [t["text"] for t in process.todos(planner, date(2026, 3, 20))]
    assert "Balikpapan belum mengajukan" in reviewer and "Samarinda belum mengajukan" not in reviewer
    assert "Batas pengajuan putaran 2026 (15-03-2026) sudah lewat 5 hari" in reviewer
    late = [t["text"] for t in process.todos(bpp, date(2026, 3, 20))]
    assert "Batas pengajuan putaran 2026 (15-03-2026) sudah lewat 5 hari" in late  # Balikpapan has not submitted
    assert not any("lewat" in t["text"] for t in process.todos(op, date(2026, 3, 20)))  # Samarinda submitted; its fixes are due 15-04
    assert "Batas verifikasi/perbaikan putaran 2026: 2 hari lagi (15-04-2026)" in [t["text"] for t in process.todos(op, date(2026, 4, 13))]
    assert process.todos(users["pemantau"], day) == []
    # the operator's to-dos link to the office page
    todo = next(t for t in process.todos(op, day) if t["text"] == "3 usulan perlu diperbaiki")
    assert todo["href"].startswith(reverse("proposals:office", args=[rnd.pk, "6472"]))


def test_status_changes_notify_the_other_side_in_the_app(users, rnd, client):
    op, planner, admin = users["op-samarinda"], users["perencana"], users["admin"]
    p = _submit(op, actions.create_proposal(op, rnd, "6472", CITY_ROW))
    assert set(Notification.objects.filter(event="ajukan_usulan").values_list("user__username", flat=True)) == {"perencana", "admin"}
    Notification.objects.all().delete()
    actions.transition(planner, p, Status.NEEDS_FIX, p.version, "Target terlalu kecil untuk pagu ini.")
    n = Notification.objects.get()
    assert n.user == op and n.url == reverse("proposals:detail", args=[p.pk])
    assert "dikembalikan untuk perbaikan oleh perencana: Target terlalu kecil" in n.text
    assert not Notification.objects.filter(user=planner).exists()  # never to the one who acted
    page = client_for(client, op).get(reverse("home")).content.decode()
    assert 'data-testid="notifikasi-belum-dibaca"' in page and '>1</span>' in page
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "dikembalikan untuk perbaikan" in listing
    r = client.post(reverse("notifications:read"), {"id": n.pk, "next": n.url})
    assert r.status_code == 302 and r["Location"] == n.url
    n.refresh_from_db()
    assert n.read_at is not None
    assert AuditEvent.objects.filter(action="baca_notifikasi", actor=op).exists()
    assert 'data-testid="notifikasi-belum-dibaca"' not in client.get(reverse("home")).content.decode()
    # someone else's notification cannot be marked read
    other = Notification.objects.create(user=admin, text="x", event="uji")
    client.post(reverse("notifications:read"), {"id": other.pk})
    other.refresh_from_db()
    assert other.read_at is None
    del admin


def test_e_mail_only_when_configured(users, rnd, settings, django_capture_on_commit_callbacks):
    op, planner = users["op-samarinda"], users["perencana"]
    op.email = "operator@samarinda.go.id"
    op.save()
    p = _submit(op, actions.create_proposal(op, rnd, "6472", CITY_ROW))
    settings.SINERGI_EMAIL = False
    with django_capture_on_commit_callbacks(execute=True):
        p = actions.transition(planner, p, Status.NEEDS_FIX, p.version, "Lengkapi sasaran.")
    assert mail.outbox == [] and not Notification.objects.get(user=op).emailed
    settings.SINERGI_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    p = _submit(op, p)
    with django_capture_on_commit_callbacks(execute=True):
        actions.transition(planner, p, Status.ACCEPTED, p.version)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["operator@samarinda.go.id"] and "diterima" in message.subject
    assert f"/sinkronisasi/usulan/{p.pk}/" in message.body
    # people without an address get the notification in the app only
    assert Notification.objects.filter(user=op, event="status_diterima", emailed=True).exists()
    assert not Notification.objects.filter(user=users["admin"], emailed=True).exists()


def test_submitting_all_sends_one_notification_per_reviewer(users, rnd):
    op = users["op-samarinda"]
    for i in range(3):
        actions.create_proposal(op, rnd, "6472", {**CITY_ROW, "target": str(10 + i)})
    done, left = actions.submit_all(op, rnd, "6472")
    assert len(done) == 3 and not left
    n = Notification.objects.filter(user=users["perencana"])
    assert n.count() == 1 and "Samarinda mengajukan 3 usulan putaran 2026" in n.get().text


def test_home_page_shows_the_cycle_per_role_and_the_dashboard_stays_one_click_away(users, rnd, client):
    op, planner = users["op-samarinda"], users["perencana"]
    today = timezone.localdate()
    actions.set_deadlines(planner, rnd, {"pengajuan": (today + timedelta(days=2)).isoformat()})
    page = client_for(client, op).get(reverse("home")).content.decode()
    assert 'data-testid="tugas-saya"' in page and "Samarinda belum mengajukan usulan untuk putaran 2026" in page
    assert 'data-testid="status-wilayah-saya">belum mulai' in page
    assert 'data-testid="siklus-ipk"' in page and 'data-testid="siklus-rtk"' in page and 'data-testid="meter-beranda"' in page
    assert 'data-testid="rtk-6472"' in page and 'data-testid="rtk-6471"' not in page  # an operator's own region
    assert f'href="{reverse("dashboard")}"' in page
    assert client.get(reverse("dashboard")).status_code == 200
    page = client_for(client, planner).get(reverse("home")).content.decode()
    assert "Samarinda belum mengajukan" in page and 'data-testid="papan-beranda"' in page
    assert 'data-testid="rtk-6471"' in page
    assert "pengajuan usulan" in page  # the round's stage

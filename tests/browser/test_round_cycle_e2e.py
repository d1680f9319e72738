"""A round run by the province and two regencies, in the browser: the province opens the round
with closing dates; Samarinda and Balikpapan submit; the reviewer asks Samarinda for a fix;
Samarinda sees the to-do and the notification, fixes and resubmits; the reviewer accepts both;
Samarinda enters one quarter's realisation; the province starts next year's round from the agreed
programmes and their realisation; in between, the Berita Acara of the agreement is downloaded and read."""
from datetime import timedelta

import pytest
from django.utils import timezone

from sinergi.web.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROW = {"kode_sub_kegiatan": "2.07.04.2.01.0003", "uraian": "Bimbingan jabatan bagi pencari kerja Samarinda", "lokasi_kode": "6472",
       "lokasi_kecamatan": "", "sasaran": "pencari kerja terdaftar", "target": "100", "satuan": "Orang", "pagu": "80000000",
       "sumber_dana": "APBD kabupaten/kota", "catatan": ""}


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


def _todos(page) -> str:
    page.goto(page.base + "/")
    return page.locator("[data-testid=tugas-saya]").inner_text()


def test_a_round_from_opening_to_follow_up_and_the_next_round(page, login, make_user):
    from sinergi.web.proposals import actions
    from sinergi.web.proposals.models import Proposal, ProposalRound

    make_user("perencana", Role.PLANNER, "64")
    smd = make_user("op-samarinda", Role.OPERATOR, "6472")
    bpp = make_user("op-balikpapan", Role.OPERATOR, "6471")
    year = timezone.localdate().year
    close = timezone.localdate() + timedelta(days=3)

    # --- the province opens the round with its closing dates
    login("perencana")
    page.click("nav.mainnav >> text=Sinkronisasi")
    form = page.locator("[data-testid=buka-putaran]")
    form.locator("input[name=tahun]").fill(str(year))
    form.locator("input[name=batas_pengajuan]").fill(close.isoformat())
    form.locator("input[name=batas_verifikasi]").fill((close + timedelta(days=14)).isoformat())
    form.locator("input[name=batas_kesepakatan]").fill((close + timedelta(days=21)).isoformat())
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    rnd = ProposalRound.objects.get(year=year)
    assert page.locator("[data-testid=tahap-sekarang]").inner_text() == "pengajuan usulan"
    assert "3 hari lagi" in page.locator("[data-testid=tenggat-pengajuan]").inner_text()
    assert page.locator("[data-testid=papan-6472]").get_attribute("data-state") == "belum_mulai"
    todos = _todos(page)
    assert "Samarinda belum mengajukan" in todos and "Balikpapan belum mengajukan" in todos

    # --- two regencies enter (as drafts) and submit
    a = actions.create_proposal(smd, rnd, "6472", ROW)
    b = actions.create_proposal(bpp, rnd, "6471", {**ROW, "uraian": "Bimbingan jabatan bagi pencari kerja Balikpapan", "lokasi_kode": "6471"})
    for user, proposal in (("op-samarinda", a), ("op-balikpapan", b)):
        _switch(page, login, user)
        todos = _todos(page)
        assert "1 draf usulan belum diajukan" in todos and "3 hari lagi" in todos
        page.click("[data-testid=tugas] >> text=draf usulan belum diajukan")
        page.click("[data-testid=ajukan-semua]")
        page.wait_for_load_state("networkidle")
        assert "1 usulan diajukan ke provinsi" in page.locator(".flash-success").inner_text()
        assert f"usulan-{proposal.pk}" in page.locator("[data-testid=usulan-wilayah]").inner_html()

    # --- the reviewer is notified and asks Samarinda for a fix
    _switch(page, login, "perencana")
    assert page.locator("[data-testid=notifikasi-belum-dibaca]").inner_text() == "2"
    assert "2 usulan menunggu keputusan peninjau" in _todos(page)
    page.goto(page.base + f"/sinkronisasi/usulan/{a.pk}/")
    page.fill("#komentar-status", "Target 100 orang terlalu kecil untuk pagu Rp 80 juta; naikkan targetnya.")
    page.click("[data-testid=ke-perlu_perbaikan]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=status-usulan]").inner_text() == "perlu perbaikan"
    page.goto(page.base + f"/sinkronisasi/putaran/{rnd.pk}/")
    assert page.locator("[data-testid=papan-6472]").get_attribute("data-state") == "perlu_perbaikan"
    assert page.locator("[data-testid=papan-6471]").get_attribute("data-state") == "diajukan"

    # --- Samarinda sees the to-do and the notification, fixes and resubmits
    _switch(page, login, "op-samarinda")
    assert page.locator("[data-testid=notifikasi-belum-dibaca]").inner_text() == "1"
    assert "1 usulan perlu diperbaiki" in _todos(page)
    page.click("[data-testid=notifikasi-header]")
    item = page.locator("[data-testid=notifikasi]").first
    assert "dikembalikan untuk perbaikan" in item.inner_text() and "naikkan targetnya" in item.inner_text()
    item.locator("button >> text=buka").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/sinkronisasi/usulan/{a.pk}/")
    assert page.locator("[data-testid=notifikasi-belum-dibaca]").count() == 0  # read
    page.click("[data-testid=ubah]")
    page.wait_for_load_state("networkidle")  # the form's code lookups (htmx) are done before saving
    page.fill("#id_target", "160")
    page.wait_for_load_state("networkidle")
    page.click("[data-testid=simpan]")
    page.wait_for_load_state("networkidle")
    page.click("[data-testid=ke-diajukan]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=status-usulan]").inner_text() == "diajukan"
    assert "perlu diperbaiki" not in _todos(page)

    # --- the reviewer accepts both
    _switch(page, login, "perencana")
    for p in (a, b):
        page.goto(page.base + f"/sinkronisasi/usulan/{p.pk}/")
        page.click("[data-testid=ke-diterima]")
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-testid=status-usulan]").inner_text() == "diterima"
    page.goto(page.base + f"/sinkronisasi/putaran/{rnd.pk}/")
    assert page.locator("[data-testid=papan-6472]").get_attribute("data-state") == "diterima"
    assert page.locator("[data-testid=papan-6471]").get_attribute("data-state") == "diterima"

    # --- the meeting's outcome: the Berita Acara lists each region's agreed proposals and the signatures
    with page.expect_download() as got:
        page.click("[data-testid=unduh-berita-acara]")
    path = got.value.path()
    from docx import Document

    doc = Document(path)
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells])
    assert "BERITA ACARA" in text.upper()
    for office in ("Samarinda", "Balikpapan"):
        assert office in text
    assert "2.07.04.2.01.0003" in text and "Bimbingan jabatan bagi pencari kerja Samarinda" in text
    assert f"Usulan #{a.pk} (2.07.04.2.01.0003): Target 100 → 160" in text  # what changed in review
    assert abs(doc.sections[0].page_width.mm - 210) < 1  # A4

    # --- Samarinda is told, and enters one quarter's realisation
    _switch(page, login, "op-samarinda")
    page.click("[data-testid=notifikasi-header]")
    assert "diterima oleh perencana" in page.locator("[data-testid=daftar-notifikasi]").inner_text()
    page.goto(page.base + f"/sinkronisasi/putaran/{rnd.pk}/tindak-lanjut/")
    page.click(f"[data-testid=realisasi-{a.pk}] >> text=Isi realisasi")
    page.fill("input[name=q1_target_fisik]", "40")
    page.fill("input[name=q1_realisasi_fisik]", "48")
    page.fill("input[name=q1_realisasi_anggaran]", "20.000.000")
    page.click("[data-testid=simpan-realisasi]")
    page.wait_for_load_state("networkidle")
    assert "tersimpan" in page.locator(".flash-success").inner_text()
    assert "48 Orang (30,0 %)" in page.locator("[data-testid=ringkasan-realisasi]").inner_text()
    page.goto(page.base + f"/sinkronisasi/putaran/{rnd.pk}/tindak-lanjut/")
    assert "20.000.000" in page.locator("[data-testid=kemajuan-6472]").inner_text()

    # --- the province starts next year's round from the agreed programmes and their realisation
    _switch(page, login, "perencana")
    page.click("nav.mainnav >> text=Sinkronisasi")
    form = page.locator("[data-testid=buka-putaran]")
    assert form.locator("input[name=tahun]").input_value() == str(year + 1)
    form.locator("[data-testid=lanjutkan-dari]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "2 program yang disepakati pada putaran" in page.locator(".flash-success").inner_text()
    nxt = ProposalRound.objects.get(year=year + 1)
    copy = Proposal.objects.get(round=nxt, origin=a)
    assert copy.status == "draf" and int(copy.target) == 160
    page.goto(page.base + f"/sinkronisasi/usulan/{copy.pk}/")
    assert f"Realisasi {year} s.d. TW I: fisik 48 dari 160 Orang (30 %)" in page.locator("main").inner_text()
    assert page.console_errors == [], "the pages work under their Content-Security-Policy"

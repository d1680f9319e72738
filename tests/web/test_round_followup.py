"""Follow-up through the year: quarterly targets and realisation of agreed proposals (form with
concurrent-edit detection, spreadsheet import that is all-or-nothing with Indonesian errors),
the progress page, and the next round starting from last year's agreed programmes."""
from __future__ import annotations

import csv

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from web_support import CITY_ROW, TRAINING_ROW, client_for

from sinergi.core.problems import ValidationFailed
from sinergi.web.audit.models import AuditEvent
from sinergi.web.proposals import actions, followup
from sinergi.web.proposals.models import (
    Proposal,
    ProposalRound,
    QuarterProgress,
    Status,
)

pytestmark = pytest.mark.django_db


def _accept(users, rnd, office, row):
    creator = users["op-samarinda"] if office == "6472" else users["op-balikpapan"]
    p = actions.create_proposal(creator, rnd, office, row)
    p = actions.transition(creator, p, Status.SUBMITTED, p.version)
    return actions.transition(users["perencana"], p, Status.ACCEPTED, p.version)


@pytest.fixture
def agreed(users, rnd):
    return {
        "smd": _accept(users, rnd, "6472", CITY_ROW),
        "smd_training": _accept(users, rnd, "6472", TRAINING_ROW),
        "bpp": _accept(users, rnd, "6471", {**CITY_ROW, "lokasi_kode": "6471", "uraian": "Bimbingan jabatan Balikpapan"}),
    }


def _q1(**values):
    row = {"target_fisik": "", "target_anggaran": "", "realisasi_fisik": "", "realisasi_anggaran": "", "catatan": ""}
    row.update(values)
    return row


def test_operator_enters_a_quarter_audited_and_a_concurrent_edit_is_refused(users, agreed, client):
    op, p = users["op-samarinda"], agreed["smd"]
    saved = followup.save_quarters(op, p, {1: _q1(target_fisik="25", realisasi_fisik="30", realisasi_anggaran="20.000.000")}, {})
    assert [(r.quarter, float(r.real_physical), float(r.real_budget), r.version) for r in saved] == [(1, 30.0, 20_000_000.0, 1)]
    event = AuditEvent.objects.get(action="ubah_realisasi")
    assert event.object_id == str(p.pk) and event.after["TW1"]["realisasi_anggaran"] == 20_000_000 and event.before["TW1"] is None
    # a second person opened the form at version 1 and saved; the first one's later save (also at 1) is refused
    followup.save_quarters(users["perencana"], p, {1: _q1(realisasi_fisik="31", realisasi_anggaran="20000000")}, {1: 1})
    with pytest.raises(followup.StaleQuarter, match="sudah diubah oleh perencana"):
        followup.save_quarters(op, p, {1: _q1(realisasi_fisik="40")}, {1: 1})
    assert float(QuarterProgress.objects.get(proposal=p, quarter=1).real_physical) == 31
    # other offices and proposals not agreed are refused
    with pytest.raises(PermissionDenied):
        followup.save_quarters(users["op-balikpapan"], p, {2: _q1(realisasi_fisik="1")}, {1: 2})
    draft = actions.create_proposal(op, p.round, "6472", {**CITY_ROW, "target": "7"})
    with pytest.raises(ValidationFailed, match="diterima"):
        followup.save_quarters(op, draft, {1: _q1(realisasi_fisik="1")}, {})
    # the form shows problems per field and never stores a realised budget above the pagu
    page = client_for(client, op).post(reverse("proposals:followup-proposal", args=[p.pk]), {
        "q1_versi": "2", "q1_realisasi_fisik": "banyak", "q2_realisasi_anggaran": "90000000"})
    html = page.content.decode()
    assert page.status_code == 200 and "bukan angka" in html and "melebihi pagunya Rp 80.000.000" in html
    assert float(QuarterProgress.objects.get(proposal=p, quarter=1).real_physical) == 31


def _sheet(path, rows, header=followup.IMPORT_COLUMNS + ("catatan",)):
    book = openpyxl.Workbook()
    sh = book.active
    sh.title = "Realisasi"
    sh.append(list(header))
    for r in rows:
        sh.append(list(r))
    book.save(path)
    return path


def test_import_reports_every_problem_with_sheet_row_column_and_stores_nothing(users, agreed, tmp_path):
    op, p, t, other = users["op-samarinda"], agreed["smd"], agreed["smd_training"], agreed["bpp"]
    draft = actions.create_proposal(op, p.round, "6472", {**CITY_ROW, "target": "9"})
    path = _sheet(tmp_path / "realisasi.xlsx", [
        (p.pk, "I", 25, 20_000_000, 30, 20_000_000, "ok"),
        (t.pk, "V", 5, None, 5, None, ""),                  # row 3: no such quarter
        (other.pk, 1, 1, None, 1, None, ""),                # row 4: Balikpapan's proposal
        (draft.pk, 1, 1, None, 1, None, ""),                # row 5: not agreed
        (p.pk, "II", "dua", None, None, 70_000_000, ""),     # row 6: not a number; and the pagu is exceeded
        (999999, 1, 1, None, 1, None, ""),                  # row 7: unknown proposal
        (p.pk, 1, 1, None, 1, None, ""),                    # row 8: TW I twice
    ])
    with pytest.raises(ValidationFailed) as exc:
        followup.import_followup(op, p.round, path)
    found = {(x.row, x.column, x.code) for x in exc.value.problems}
    assert {(3, "triwulan", "TRIWULAN_TIDAK_VALID"), (4, "usulan_id", "BUKAN_WILAYAH_ANDA"),
            (5, "usulan_id", "BUKAN_USULAN_DISEPAKATI"), (6, "target_fisik", "NILAI_TIDAK_VALID"),
            (6, "realisasi_anggaran", "REALISASI_MELEBIHI_PAGU"), (7, "usulan_id", "USULAN_TIDAK_DIKENAL"),
            (8, "triwulan", "BARIS_GANDA")} <= found
    assert all(x.sheet == "Realisasi" and x.file == "realisasi.xlsx" and x.fix for x in exc.value.problems)
    assert QuarterProgress.objects.count() == 0  # all or nothing
    assert not AuditEvent.objects.filter(action__startswith="impor_realisasi").exists()


def test_import_from_the_downloaded_template_stores_and_the_progress_page_shows_it(users, agreed, client, tmp_path):
    op, p, t = users["op-samarinda"], agreed["smd"], agreed["smd_training"]
    client_for(client, op)
    r = client.get(reverse("proposals:followup-template", args=[p.round.pk]))
    path = tmp_path / "realisasi-2026.xlsx"
    path.write_bytes(b"".join(r.streaming_content))
    book = openpyxl.load_workbook(path)
    sh = book["Realisasi"]
    header = [c.value for c in sh[1]]
    ids = {sh.cell(row=i, column=1).value for i in range(2, sh.max_row + 1)}
    assert ids == {p.pk, t.pk}  # the operator's own agreed proposals, four quarters each
    for i in range(2, sh.max_row + 1):
        if sh.cell(row=i, column=header.index("triwulan") + 1).value == 1:
            sh.cell(row=i, column=header.index("realisasi_fisik") + 1, value=50 if sh.cell(row=i, column=1).value == p.pk else 10)
            sh.cell(row=i, column=header.index("realisasi_anggaran") + 1, value=40_000_000)
    book.save(path)
    with path.open("rb") as f:
        r = client.post(reverse("proposals:followup", args=[p.round.pk]), {"berkas": f})
    assert r.status_code == 302
    assert float(QuarterProgress.objects.get(proposal=p, quarter=1).real_physical) == 50
    assert AuditEvent.objects.filter(action="impor_realisasi", object_id=str(p.pk)).exists()
    assert AuditEvent.objects.get(action="impor_realisasi_berkas").after["baris"] == 8
    page = client.get(reverse("proposals:followup", args=[p.round.pk])).content.decode()
    office = page[page.index('data-testid="kemajuan-6472"'):]
    office = office[:office.index("</tr>")]
    assert "80.000.000" in office and "50,0" in office  # Rp 80 m realised of Rp 200 m (two proposals): 40 %
    assert "40,0" in office
    assert 'data-testid="kemajuan-6471"' not in page  # operators see their own office
    assert "2.07.04 " in page or "2.07.03 " in page  # per programme


def test_csv_import_with_roman_quarters(users, agreed, tmp_path):
    p = agreed["bpp"]
    path = tmp_path / "bpp.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(followup.IMPORT_COLUMNS)
        w.writerow([p.pk, "TW II", "", "", "12", "5000000"])
    out = followup.import_followup(users["op-balikpapan"], p.round, path)
    assert out.rows == 1 and QuarterProgress.objects.get(proposal=p).quarter == 2


def test_next_round_starts_from_last_years_agreed_programmes(users, agreed, rnd, client):
    planner, p = users["perencana"], agreed["smd"]
    followup.save_quarters(users["op-samarinda"], p, {1: _q1(realisasi_fisik="50", realisasi_anggaran="40000000")}, {})
    rejected = actions.create_proposal(users["op-samarinda"], rnd, "6472", {**CITY_ROW, "target": "3"})  # a draft: not carried
    r = client_for(client, planner).post(reverse("proposals:index"), {
        "tahun": "2027", "nomenklatur": rnd.nomenclature_id, "lanjutkan_dari": rnd.pk, "batas_pengajuan": "2027-03-15"})
    nxt = ProposalRound.objects.get(year=2027)
    assert r.status_code == 302 and nxt.carried_from == rnd and nxt.submission_deadline.isoformat() == "2027-03-15"
    copies = list(Proposal.objects.filter(round=nxt).order_by("origin_id"))
    assert {c.origin_id for c in copies} == {a.pk for a in agreed.values()} and rejected.pk not in {c.origin_id for c in copies}
    copy = next(c for c in copies if c.origin_id == p.pk)
    assert copy.status == Status.DRAFT and copy.office_id == "6472" and copy.code == p.code and copy.budget == p.budget
    assert "Realisasi 2026 s.d. TW I: fisik 50 dari 100 Orang (50 %), anggaran Rp 40.000.000 dari Rp 80.000.000 (50 %)" in copy.note
    assert AuditEvent.objects.get(action="lanjutkan_program").after["asal"] == [c.origin_id for c in Proposal.objects.filter(round=nxt).order_by("office_id", "id")]
    # carrying over again adds nothing
    assert actions.carry_over(planner, nxt, rnd) == []
    with pytest.raises(PermissionDenied):
        actions.carry_over(users["op-samarinda"], nxt, rnd)
    page = client.get(reverse("proposals:round", args=[nxt.pk])).content.decode()
    assert "dimulai dari program yang disepakati pada putaran 2026" in page
    detail = client.get(reverse("proposals:detail", args=[copy.pk])).content.decode()
    assert 'data-testid="asal-putaran-lalu"' in detail and f"Dilanjutkan dari usulan #{p.pk} yang disepakati pada putaran 2026" in detail


def test_realised_training_participants_become_a_statistic_ranked_below_bps(users, agreed, client):
    from sinergi.web.statistics.models import Observation

    op, t, planner = users["op-samarinda"], agreed["smd_training"], users["perencana"]
    with pytest.raises(ValidationFailed, match="Belum ada realisasi fisik usulan pelatihan"):
        followup.record_training_participants(planner, t.round, "https://sinergi.example/x/")
    followup.save_quarters(op, t, {1: _q1(realisasi_fisik="12"), 2: _q1(realisasi_fisik="6")}, {})
    followup.save_quarters(op, agreed["smd"], {1: _q1(realisasi_fisik="99")}, {})  # not a training code: not counted
    with pytest.raises(PermissionDenied):
        followup.record_training_participants(op, t.round, "https://sinergi.example/x/")
    r = client_for(client, planner).post(reverse("proposals:followup", args=[t.round.pk]), {"aksi": "statistik"})
    assert r.status_code == 302
    o = Observation.objects.get(indicator_id=followup.TRAINING_INDICATOR, region_id="6472", year=2026)
    assert o.value == 18 and o.source_kind == "pemerintah" and o.preferred
    assert o.source_url.endswith(reverse("proposals:followup", args=[t.round.pk]))
    assert "realisasi program Sinkronisasi usulan program tahun anggaran 2026" in o.note and "s.d. TW II" in o.note
    assert AuditEvent.objects.filter(action="impor_statistik").exists()
    # an official BPS figure for the same figure stays the preferred value
    import pandas as pd

    from sinergi.web.statistics.actions import import_frame

    import_frame(planner, pd.DataFrame([{"region_code": "6472", "year": 2026, "month": None, "indicator": followup.TRAINING_INDICATOR,
                                         "value": 20, "unit": "", "source_url": "https://samarindakota.bps.go.id/uji", "note": ""}]), "bps.csv")
    followup.record_training_participants(planner, t.round, o.source_url)
    preferred = Observation.objects.get(indicator_id=followup.TRAINING_INDICATOR, region_id="6472", year=2026, preferred=True)
    assert preferred.source_kind == "bps" and preferred.value == 20

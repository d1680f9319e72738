"""Ceilings per office (page, audit, flags), co-funding kept on a merge, duplicate badges cleared
by a decision for every viewer, the office's code list, follow-ups and the Berita Acara."""
from __future__ import annotations

import html as htmllib
import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document
from docx.shared import Cm
from web_support import CITY_ROW, PROVINCE_ROW, client_for

from sinergi.documents.docx_utils import iter_text
from sinergi.web.audit.models import AuditEvent
from sinergi.web.proposals import actions, checks
from sinergi.web.proposals.models import FollowUp, Proposal, RoundCeiling, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(users, rnd):
    prov = actions.create_proposal(users["perencana"], rnd, "64", PROVINCE_ROW)
    city = actions.create_proposal(users["op-samarinda"], rnd, "6472", CITY_ROW)
    prov = actions.transition(users["perencana"], prov, Status.SUBMITTED, prov.version)
    city = actions.transition(users["op-samarinda"], city, Status.SUBMITTED, city.version)
    return prov, city


def test_ceiling_page_sets_audits_and_flags(users, rnd, pair, client):
    url = reverse("proposals:ceilings", args=[rnd.pk])
    client_for(client, users["op-samarinda"])
    assert client.post(url, {"plafon_6472": "1"}).status_code == 403
    assert not RoundCeiling.objects.exists()
    client_for(client, users["perencana"])
    # a bad value: nothing saved, the office and the fix are named
    response = client.post(url, {"plafon_64": "1.000.000.000", "plafon_6472": "lima puluh juta"})
    assert response.status_code == 400
    html = htmllib.unescape(response.content.decode())
    assert "Plafon Samarinda 'lima puluh juta' bukan angka rupiah yang sah" in html and "2.500.000.000" in html
    assert not RoundCeiling.objects.exists()
    response = client.post(url, {"plafon_64": "1.000.000.000", "plafon_6472": "50.000.000"}, follow=True)
    assert "Plafon 2 pengusul disimpan" in response.content.decode()
    assert {c.office_id: int(c.amount) for c in RoundCeiling.objects.all()} == {"64": 1_000_000_000, "6472": 50_000_000}
    event = AuditEvent.objects.get(action="ubah_plafon")
    assert event.after == {"64": 1_000_000_000, "6472": 50_000_000} and event.before == {"64": None, "6472": None}
    page = client.get(url).content.decode()
    row = page.split('data-testid="plafon-6472"')[1].split("</tr>")[0]
    assert "melebihi plafon" in row and "80.000.000" in row and "-30.000.000" in row
    assert "melebihi plafon" not in page.split('data-testid="plafon-64"')[1].split("</tr>")[0]
    rnd_page = client.get(reverse("proposals:round", args=[rnd.pk])).content.decode()
    assert "melebihi plafon" in rnd_page.split('data-testid="plafon-6472"')[1].split("</td>")[0]
    # blank removes a ceiling (audited too)
    client.post(url, {"plafon_64": "1.000.000.000", "plafon_6472": ""})
    assert list(RoundCeiling.objects.values_list("office_id", flat=True)) == ["64"]
    assert AuditEvent.objects.filter(action="ubah_plafon").count() == 2


def test_merge_keeps_both_offices_funding(users, rnd, pair, client):
    prov, city = pair
    actions.set_ceilings(users["perencana"], rnd, {"6472": "60000000"})
    d = actions.resolve_pair(users["perencana"], rnd, prov.pk, city.pk, "gabung", keep_id=prov.pk,
                             versions={prov.pk: prov.version, city.pk: city.version})
    merged = d.merged
    lines = actions.funding_lines(merged)
    assert {(ln.office, ln.source, ln.amount) for ln in lines} == {("64", "apbd_provinsi", 150_000_000.0),
                                                                  ("6472", "apbd_kabkota", 80_000_000.0)}
    assert int(merged.budget) == 230_000_000 and merged.funding == "APBD provinsi + APBD kabupaten/kota"
    assert "Pendanaan kedua pihak dipertahankan" in merged.note
    # the city's share still counts against the city's ceiling
    rc = checks.round_check(rnd)
    assert not [f for f in rc.findings_of(merged.pk) if f.code == "NILAI_TIDAK_VALID"]
    client_for(client, users["perencana"])
    body = b"".join(client.get(reverse("proposals:download", args=[rnd.pk, "xlsx"])).streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(body))
    ws = book["Matriks"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[header.index("No. usulan")] == merged.pk)
    assert row[header.index("Didanai bersama")] == "ya" and row[header.index("Pagu (Rp)")] == 230_000_000
    assert "APBD kabupaten/kota (Samarinda) Rp 80.000.000" in row[header.index("Rincian sumber dana")]
    plafon = {r[0]: r for r in book["Plafon"].iter_rows(min_row=2, values_only=True)}
    ph = [c.value for c in book["Plafon"][1]]
    assert plafon["6472"][ph.index("Pagu usulan (Rp)")] == 80_000_000 and plafon["6472"][ph.index("Status plafon")] == "melebihi plafon"
    body = b"".join(client.get(reverse("proposals:download", args=[rnd.pk, "docx"])).streaming_content)
    summary = "\n".join(iter_text(Document(io.BytesIO(body))))
    assert "1 pengusul melebihi plafon: Samarinda (pagu usulan Rp 80.000.000, plafon Rp 60.000.000, lebih Rp 20.000.000)" in summary
        # the merged proposal can be edited without losing the breakdown
    form = client.get(reverse("proposals:edit", args=[merged.pk])).content.decode()
    assert "APBD kabupaten/kota (6472) = 80.000.000" in form
    # agreed: the Berita Acara shows it as co-funded, under the province, with the merge
    merged = actions.transition(users["perencana"], merged, Status.ACCEPTED, merged.version)
    body = b"".join(client.get(reverse("proposals:berita-acara", args=[rnd.pk])).streaming_content)
    text = "\n".join(iter_text(Document(io.BytesIO(body))))
    assert "APBD provinsi (Provinsi Kalimantan Timur) Rp 150.000.000\nAPBD kabupaten/kota (Samarinda) Rp 80.000.000" in text
    assert f"adalah gabungan usulan #{prov.pk} dan #{city.pk}" in text and f"digabung menjadi usulan #{merged.pk}" in text


def test_not_duplicate_clears_the_badge_for_every_viewer(users, rnd, pair, client):
    prov, city = pair
    client_for(client, users["op-samarinda"])
    office = reverse("proposals:office", args=[rnd.pk, "6472"])
    assert "KEMUNGKINAN_DUPLIKAT" in client.get(office).content.decode().split(f'data-testid="lencana-{city.pk}"')[1].split("</td>")[0]
    actions.resolve_pair(users["perencana"], rnd, prov.pk, city.pk, "bukan_duplikat", note="sasaran berbeda")
    for user in ("op-samarinda", "perencana", "pemantau"):
        client_for(client, users[user])
        page = client.get(reverse("proposals:round", args=[rnd.pk])).content.decode()
        table = page.split('data-testid="daftar-usulan"')[1].split("</table>")[0]
        assert "KEMUNGKINAN_DUPLIKAT" not in table, user
    client_for(client, users["op-samarinda"])
    html = client.get(office).content.decode()
    assert "KEMUNGKINAN_DUPLIKAT" not in html.split(f'data-testid="lencana-{city.pk}"')[1].split("</td>")[0]
    detail = client.get(reverse("proposals:detail", args=[city.pk])).content.decode()
    assert 'data-resolved="1"' in detail and "diputuskan: bukan duplikat" in detail


def test_template_offers_only_a_labour_offices_codes(users, rnd, client):
    client_for(client, users["perencana"])
    body = b"".join(client.get(reverse("proposals:template", args=[rnd.pk, "64"])).streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(body))
    codes = [r[0] for r in book["Kode"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert all(c.split(".")[3] == "1" for c in codes)
    assert any(c.startswith("X.XX.01.1.01.") for c in codes) and any(c.startswith("2.07.") for c in codes)
    assert not [c for c in codes if c.split(".")[4] in ("11", "12", "13", "14", "15", "16") and c.startswith("X.XX")]  # DPRD, kepala daerah
    assert all(c.startswith(("2.07.", "3.32.", "X.XX.01.")) for c in codes) and len(codes) < 90  # 106 before: the 20 DPRD/kepala daerah items are gone
    formula = book["Usulan"]["D2"].value if book["Usulan"]["D1"].value == "nama_sub_kegiatan" else None
    lookups = [c.value for c in book["Usulan"][2] if isinstance(c.value, str) and "VLOOKUP" in c.value]
    assert lookups and all('&""' in f for f in lookups), formula  # an empty indicator/unit reads as empty, never 0
    # the form offers the same list
    form = client.get(reverse("proposals:new", args=[rnd.pk, "64"])).content.decode()
    assert "X.XX.01.1.15.0001" not in form and "X.XX.01.1.01.0001" in form


def test_form_accepts_the_offices_unit_where_the_nomenclature_has_none(users, rnd, client):
    client_for(client, users["perencana"])
    code = "2.07.04.1.01.0003"  # embedded version: province rows carry no unit
    url = reverse("proposals:code-field", args=[rnd.pk, "64"])
    html = client.get(url, {"kode_sub_kegiatan": code, "satuan": "", "satuan_otomatis": ""}).content.decode()
    assert 'data-testid="satuan-kantor"' in html and "Terisi satuan resmi dari kode" not in html
    response = client.post(reverse("proposals:new", args=[rnd.pk, "64"]), {**PROVINCE_ROW, "satuan": ""})
    text = htmllib.unescape(response.content.decode())
    assert "tulis satuan yang dipakai kantor Anda" in text and "Wajib diisi." not in text
    response = client.post(reverse("proposals:new", args=[rnd.pk, "64"]), {**PROVINCE_ROW, "satuan": "Orang"}, follow=True)
    p = Proposal.objects.get()
    assert p.unit == "Orang"
    assert "satuan pengusul dipakai: Orang" in response.content.decode()


def test_follow_ups_and_berita_acara(users, rnd, pair, client):
    prov, city = pair
    actions.resolve_pair(users["perencana"], rnd, prov.pk, city.pk, "bukan_duplikat", note="sasaran berbeda")
    prov.refresh_from_db()
    city.refresh_from_db()
    # a change in review: the city's pagu lowered after a fix request
    city = actions.transition(users["perencana"], city, Status.NEEDS_FIX, city.version, "Turunkan pagu")
    city, _ = actions.update_proposal(users["op-samarinda"], city, {**CITY_ROW, "pagu": "70000000"}, city.version)
    city = actions.transition(users["op-samarinda"], city, Status.SUBMITTED, city.version)
    for p in (prov, city):
        actions.transition(users["perencana"], p, Status.ACCEPTED, p.version)
    client_for(client, users["op-samarinda"])
    assert client.post(reverse("proposals:follow-up", args=[rnd.pk]), {"uraian": "x", "wilayah": "6472", "tenggat": "2026-03-31"}).status_code == 403
    client_for(client, users["perencana"])
    client.post(reverse("proposals:follow-up", args=[rnd.pk]), {"uraian": "Menyusun jadwal bimbingan jabatan bersama",
                                                                "wilayah": "6472", "tenggat": "2026-03-31"})
    response = client.post(reverse("proposals:follow-up", args=[rnd.pk]), {"uraian": "", "wilayah": "6472", "tenggat": "kapan"}, follow=True)
    assert "Uraian tindak lanjut kosong" in response.content.decode() and FollowUp.objects.count() == 1
    assert AuditEvent.objects.filter(action="catat_tindak_lanjut").count() == 1
    page = client.get(reverse("proposals:round", args=[rnd.pk])).content.decode()
    assert "Menyusun jadwal bimbingan jabatan bersama" in page and "31 Maret 2026" in page
    body = b"".join(client.get(reverse("proposals:berita-acara", args=[rnd.pk])).streaming_content)
    doc = Document(io.BytesIO(body))
    sec = doc.sections[0]
    assert abs(sec.page_width - Cm(21.0)) < Cm(0.05) and abs(sec.page_height - Cm(29.7)) < Cm(0.05)
    text = "\n".join(iter_text(doc))
    assert "Usulan yang disepakati — Provinsi Kalimantan Timur" in text and "Usulan yang disepakati — Kota Samarinda" in text
    assert PROVINCE_ROW["uraian"] in text and CITY_ROW["uraian"] in text and "2.07.04.2.01.0003" in text
    assert f"Usulan #{city.pk} (2.07.04.2.01.0003): Pagu (Rp) 80.000.000 → 70.000.000." in text
    assert f"usulan #{prov.pk} (Provinsi Kalimantan Timur) dan #{city.pk} (Samarinda) — diputuskan bukan duplikat" in text
    assert "Menyusun jadwal bimbingan jabatan bersama" in text and "31 Maret 2026" in text
    assert "Kepala Dinas Tenaga Kerja dan Transmigrasi Provinsi Kalimantan Timur" in text and text.count("NIP. ") == 2


def test_template_upload_with_a_funding_breakdown(users, rnd, tmp_path):
    from web_support import fill_template

    row = {**{k: v for k, v in PROVINCE_ROW.items() if k not in ("pagu", "sumber_dana")}, "satuan": "Orang",
           "rincian_dana": "APBD provinsi = 150.000.000; APBD kabupaten/kota (6472) = 50.000.000"}
    path = fill_template(tmp_path / "templat.xlsx", [row], "64")
    out = actions.import_proposals(users["perencana"], rnd, "64", path)
    p = out.added[0]
    assert int(p.budget) == 200_000_000 and p.funding == "APBD provinsi + APBD kabupaten/kota"
    assert p.funding_detail == "APBD provinsi (64) = 150.000.000; APBD kabupaten/kota (6472) = 50.000.000"
    # the same file again adds nothing (the fingerprint includes the breakdown)
    assert not actions.import_proposals(users["perencana"], rnd, "64", path).added


def test_berita_acara_meeting_place_and_date_from_the_form(users, rnd, pair, client):
    from sinergi.documents.sync_berita_acara import PLACE_MAX

    url = reverse("proposals:berita-acara", args=[rnd.pk])
    round_url = reverse("proposals:round", args=[rnd.pk])
    client_for(client, users["perencana"])
    for page_url in (round_url, reverse("proposals:downloads", args=[rnd.pk])):
        page = client.get(page_url).content.decode()
        # a GET form to the download, every field inside its label, the plain link still there
        assert f'<form method="get" action="{url}"' in page and f'href="{url}"' in page
        assert f'<label>Tempat rapat<input type="text" name="tempat" maxlength="{PLACE_MAX}"' in page
        assert '<label>Tanggal rapat<input type="date" name="tanggal"' in page

    def text_of(response):
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
        return "\n".join(iter_text(Document(io.BytesIO(b"".join(response.streaming_content)))))

    text = text_of(client.get(url, {"tempat": "Aula Disnakertrans, Samarinda", "tanggal": "2026-11-20"}))
    assert "yang dilaksanakan pada tanggal 20 November 2026 bertempat di Aula Disnakertrans, Samarinda," in text
    dotted = "yang dilaksanakan pada hari ........ tanggal ........................ bertempat di ........................,"
    assert dotted in text_of(client.get(url))  # the plain link
    assert dotted in text_of(client.get(url, {"tempat": " ", "tanggal": ""}))  # the form left empty

    # a wrong date or an over-long place: nothing downloaded, the reason and the fix on the page of the form
    for params, back, said in (
        ({"tempat": "Balikpapan", "tanggal": "20-11-2026"}, round_url, "Tanggal rapat '20-11-2026' bukan tanggal. Tulis kolom Tanggal rapat dengan bentuk TTTT-BB-HH"),
        ({"tanggal": "2026-02-30"}, round_url, "Tanggal rapat '2026-02-30' bukan tanggal."),
        ({"tempat": "x" * (PLACE_MAX + 1), "dari": "unduhan"}, reverse("proposals:downloads", args=[rnd.pk]),
         f"Tempat rapat terlalu panjang: {PLACE_MAX + 1} karakter (paling banyak {PLACE_MAX}). Ringkas kolom Tempat rapat"),
    ):
        response = client.get(url, params)
        assert response.status_code == 302 and response["Location"] == back + "#berita-acara"
        page = htmllib.unescape(client.get(back).content.decode())
        assert said in page, params

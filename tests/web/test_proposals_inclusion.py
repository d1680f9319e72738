"""Target groups on proposals in the web app (form, upload, proposal page: stated groups and
suggestions that are never stored) and the round's inclusion tab, matrix sheet and summary."""
from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document
from web_support import CITY_ROW, PROVINCE_ROW, TRAINING_ROW, client_for, fill_template

from sinergi.core.problems import ValidationFailed
from sinergi.documents.stats_files import embedded_observations
from sinergi.web.audit.models import AuditEvent
from sinergi.web.proposals import actions
from sinergi.web.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def kaltim_participation_gap():
    """Women's minus men's TPAK of the province in the latest August round where both exist (≤ 2026),
    other rounds only without one — read from the embedded statistics the test database was loaded from."""
    obs = embedded_observations()
    obs = obs[obs["preferred"] & (obs["region_code"] == "64") & obs["indicator"].isin(["tpak_female", "tpak_male"])]
    by_period = {}
    for r in obs.itertuples(index=False):
        month = int(r.month) if r.month else None
        by_period.setdefault((int(r.year), month), {})[r.indicator] = float(r.value)
    both = [k for k, v in by_period.items() if len(v) == 2 and k[0] <= 2026]
    year, month = max(both, key=lambda k: (k[1] == 8, k[0], 0 if k[1] == 8 else -(2 + 12 - (k[1] or 0))))
    pair = by_period[(year, month)]
    return round(pair["tpak_female"] - pair["tpak_male"], 2), f"{year}-{month:02d}"


def test_form_stores_ticked_groups_and_targets_by_sex_and_audits_them(users, rnd, client):
    client_for(client, users["op-samarinda"])
    url = reverse("proposals:new", args=[rnd.pk, "6472"])
    page = client.get(url).content.decode()
    assert 'name="kelompok_sasaran"' in page and 'value="masyarakat_lokal_ikn"' in page
    data = {**TRAINING_ROW, "kelompok_sasaran": ["perempuan", "disabilitas"], "sasaran_laki_laki": "0", "sasaran_perempuan": "20"}
    r = client.post(url, data)
    p = Proposal.objects.get()
    assert r["Location"] == reverse("proposals:detail", args=[p.pk])
    assert (p.target_groups, p.target_male, p.target_female) == ("perempuan;disabilitas", 0, 20)
    event = AuditEvent.objects.get(action="buat_usulan")
    assert event.after["kelompok_sasaran"] == "perempuan;disabilitas" and event.after["sasaran_perempuan"] == 20
    detail = client.get(r["Location"]).content.decode()
    assert 'data-group="perempuan"' in detail and "penyandang disabilitas" in detail and "saran dari uraian" not in detail
    # the edit form shows the stored ticks
    edit = client.get(reverse("proposals:edit", args=[p.pk])).content.decode()
    assert 'value="perempuan" id="id_kelompok_sasaran_0" checked>' in edit
    assert 'value="disabilitas" id="id_kelompok_sasaran_1" checked>' in edit
    assert 'value="pemuda" id="id_kelompok_sasaran_2">' in edit
    assert 'name="sasaran_perempuan" value="20"' in edit


def test_a_bad_target_number_is_a_problem_on_the_field(users, rnd, client):
    client_for(client, users["op-samarinda"])
    r = client.post(reverse("proposals:new", args=[rnd.pk, "6472"]), {**TRAINING_ROW, "sasaran_perempuan": "dua puluh"})
    assert r.status_code == 200 and Proposal.objects.count() == 0
    assert "Sasaran perempuan &#x27;dua puluh&#x27; bukan jumlah orang yang sah" in r.content.decode()
    assert "bukan jumlah orang yang sah" in r.context["form"].errors["sasaran_perempuan"][0]


def test_suggestions_are_shown_in_the_form_and_on_the_page_but_never_stored(users, rnd, client):
    client_for(client, users["op-samarinda"])
    hx = client.get(reverse("proposals:suggest", args=[rnd.pk, "6472"]), {"uraian": "Pelatihan tata boga bagi perempuan pencari kerja"})
    html = hx.content.decode()
    assert 'id="saran-kelompok"' in html and 'hx-swap-oob="true"' in html and 'data-group="perempuan"' in html
    assert 'for="id_kelompok_sasaran_0"' in html  # the label ticks the box when the user clicks it
    # with a group ticked, nothing is suggested
    ticked = client.get(reverse("proposals:suggest", args=[rnd.pk, "6472"]),
                        {"uraian": "Pelatihan tata boga bagi perempuan pencari kerja", "kelompok_sasaran": "pemuda"}).content.decode()
    assert 'data-group="perempuan"' not in ticked
    p = actions.create_proposal(users["op-samarinda"], rnd, "6472", {**CITY_ROW, "uraian": "Penguatan Unit Layanan Disabilitas"})
    assert p.target_groups == ""
    detail = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert "saran dari uraian" in detail and 'data-group="disabilitas"' in detail
    office = client.get(reverse("proposals:office", args=[rnd.pk, "6472"])).content.decode()
    assert "penyandang disabilitas (saran)" in office
    p.refresh_from_db()
    assert p.target_groups == ""


def test_upload_reads_the_column_and_an_unknown_code_names_row_column_and_codes(users, rnd, tmp_path):
    good = fill_template(tmp_path / "baik.xlsx", [
        {**TRAINING_ROW, "kelompok_sasaran": "perempuan; pemuda", "sasaran_perempuan": 20},
        {**CITY_ROW},
    ], "6472")
    out = actions.import_proposals(users["op-samarinda"], rnd, "6472", good)
    stored = {p.description: p for p in out.added}
    assert stored[TRAINING_ROW["uraian"]].target_groups == "perempuan;pemuda"
    assert stored[TRAINING_ROW["uraian"]].target_female == 20
    assert stored[CITY_ROW["uraian"]].target_groups == ""
    bad = fill_template(tmp_path / "buruk.xlsx", [{**CITY_ROW, "uraian": "Job fair lain", "kelompok_sasaran": "wanita"}], "6472")
    with pytest.raises(ValidationFailed) as exc:
        actions.import_proposals(users["op-samarinda"], rnd, "6472", bad)
    (problem,) = exc.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("Usulan", 2, "kelompok_sasaran")
    assert "'wanita'" in problem.message and "perempuan, disabilitas, pemuda, lulusan_baru" in problem.fix
    assert Proposal.objects.count() == 2


def test_inclusion_tab_shows_kaltims_participation_gap_beside_the_proposals_for_women(users, rnd, client):
    women = actions.create_proposal(users["perencana"], rnd, "64", {**PROVINCE_ROW, "uraian": "Pelatihan wirausaha",
                                                                     "kelompok_sasaran": "perempuan"})
    suggested = actions.create_proposal(users["perencana"], rnd, "64", {**PROVINCE_ROW, "lokasi_kode": "6471",
                                                                         "uraian": "Pelatihan digital bagi perempuan pencari kerja"})
    other = actions.create_proposal(users["perencana"], rnd, "64", {**PROVINCE_ROW, "uraian": "Penyuluhan bursa kerja"})
    client_for(client, users["perencana"])
    r = client.get(reverse("proposals:inclusion", args=[rnd.pk]))
    assert r.status_code == 200
    view = r.context["incl"]
    (kaltim,) = [g for g in view.regions if g["code"] == "64"]
    (row,) = [x for x in kaltim["rows"] if x["kelompok"] == "perempuan"]
    gap, period = kaltim_participation_gap()
    assert round(row["celah"], 2) == gap and row["periode"] == period and gap < -30
    assert [x["id"] for x in row["stated"]] == [women.pk] and [x["id"] for x in row["suggested"]] == [suggested.pk]
    total = float(women.budget + suggested.budget + other.budget)
    assert row["pagu"] == float(women.budget + suggested.budget)
    assert row["porsi_pagu"] == round(float(women.budget + suggested.budget) / total, 4)
    assert row["tanda"] == ""
    html = r.content.decode()
    section = html.split('data-testid="inklusi-64"')[1].split("</details>")[0]
    women_row = section.split('data-group="perempuan"')[1].split("</tr>")[0]
    assert f"{gap:.2f}".replace(".", ",") in women_row and f"#{women.pk}" in women_row and f"#{suggested.pk}" in women_row
    # youth and disability: no statistics yet, shown as missing (no empty value, no reference)
    (disability,) = [x for x in kaltim["rows"] if x["kelompok"] == "disabilitas"]
    assert disability["nilai"] is None and disability["celah"] is None
    disability_row = section.split('data-group="disabilitas"')[1].split("</tr>")[0]
    assert "belum ada data" in disability_row and "pembanding" not in disability_row and "tersedia" not in disability_row
    # the large gap of Samarinda's women, with no proposal there, is flagged
    samarinda = next(g for g in view.regions if g["code"] == "6472")
    (w,) = [x for x in samarinda["rows"] if x["kelompok"] == "perempuan"]
    assert w["celah"] is not None and w["tanda"] == "celah besar tanpa usulan"
    assert 'data-testid="tanda"' in html.split('data-testid="inklusi-6472"')[1].split("</details>")[0]


def test_operator_sees_only_their_region_and_the_matrix_and_summary_carry_inclusion(users, rnd, client):
    actions.create_proposal(users["op-samarinda"], rnd, "6472", {**TRAINING_ROW, "kelompok_sasaran": "perempuan"})
    client_for(client, users["op-samarinda"])
    view = client.get(reverse("proposals:inclusion", args=[rnd.pk])).context["incl"]
    assert [g["code"] for g in view.regions] == ["6472"]
    client_for(client, users["perencana"])
    xlsx = client.get(reverse("proposals:download", args=[rnd.pk, "xlsx"]) + "?draf=1")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    sheet = book["Inklusi"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c for c in r), strict=False)) for r in sheet.iter_rows(min_row=2)]
    (women,) = [r for r in rows if r["Kode wilayah"].value == "6472" and r["Kode kelompok"].value == "perempuan"]
    assert women["Usulan (kolom)"].value == 1 and women["Porsi pagu"].value == 1.0
    assert women["Porsi pagu"].number_format == "0.0%" and isinstance(women["Celah (poin)"].value, float)
    docx = client.get(reverse("proposals:download", args=[rnd.pk, "docx"]) + "?draf=1")
    doc = Document(io.BytesIO(b"".join(docx.streaming_content)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Jangkauan kelompok sasaran (inklusi)" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any("perempuan" == c for c in cells)

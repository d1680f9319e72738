"""RTK region data: what is missing said plainly (the engine's text), the BPS import template,
uploads validated all-or-nothing with located problems, audited, and merged into the
series the pages project (uploaded values replace embedded ones, key by key)."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sinergi.core.problems import ValidationFailed
from sinergi.documents import rtk_files
from sinergi.web.accounts.models import Role
from sinergi.web.audit.models import AuditEvent
from sinergi.web.rtk import params as P
from sinergi.web.rtk import queries
from sinergi.web.rtk.actions import import_region_data
from sinergi.web.rtk.models import RtkPlan, RtkRegionData

pytestmark = pytest.mark.django_db


def fill_template(path, code="6401", years=range(2019, 2025), bad=()):
    """A filled import template with made-up but consistent figures (totals and 17 sectors)."""
    rtk_files.write_template(path, code, years=years)
    book = load_workbook(path)
    cats = list(rtk_files.load_sector_scheme().categories)
    ys = list(years)
    kk, pdrb = {}, {}
    total = book["Total"]
    col = {str(c.value): c.column for c in total[1]}
    row = {total.cell(row=r, column=1).value: r for r in range(2, total.max_row + 1)}
    for i, y in enumerate(ys):
        puk = round(200000 * 1.015 ** i)
        ak = round(puk * (0.66 + 0.002 * i))
        kk[y] = round(ak * (0.94 + 0.004 * i))
        pdrb[y] = 45000 * 1.04 ** i
        for var, v in (("PUK", puk), ("AK", ak), ("KK", kk[y]), ("PENGANGGUR", ak - kk[y]), ("PDRB", round(pdrb[y], 2))):
            total.cell(row=row[var], column=col[str(y)], value=v)
    for sheet, totals, decimals in (("KK_Sektor", kk, 0), ("PDRB_Sektor", pdrb, 2)):
        ws = book[sheet]
        col = {str(c.value): c.column for c in ws[1]}
        row = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
        for i, y in enumerate(ys):
            weights = [(j + 1) * (1 + 0.01 * (j % 5) * i) for j in range(len(cats))]
            for c, w in zip(cats, weights, strict=False):
                v = totals[y] * w / sum(weights)
                ws.cell(row=row[c], column=col[str(y)], value=round(v, decimals) if decimals else round(v))
    for sheet, cell, value in bad:
        book[sheet][cell] = value
    book.save(path)
    return path


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@pytest.fixture
def users(make_user):
    return {
        "planner": make_user("perencana", Role.PLANNER, "64"),
        "op_paser": make_user("op-paser", Role.OPERATOR, "6401"),
        "op_berau": make_user("op-berau", Role.OPERATOR, "6405"),
        "viewer": make_user("pemantau", Role.VIEWER),
    }


def test_regency_without_own_data_projects_from_the_province(client, users):
    client.force_login(users["op_paser"])
    html = client.get(reverse("rtk:plan", args=["6401"])).content.decode()
    # method v2's ladder: no "data kurang" stop any more (issue 9 item 2)
    assert 'data-testid="data-kurang"' not in html and 'id="spec-tpt"' in html
    page = client.get(reverse("rtk:data", args=["6401"])).content.decode()
    assert 'data-testid="ketersediaan"' in page
    assert "tidak ada" in page.split('data-testid="ketersediaan"')[1]  # the data page still shows what Paser lacks


def test_template_download_is_for_the_region(client, users):
    client.force_login(users["viewer"])
    r = client.get(reverse("rtk:template", args=["6401"]))
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert book.sheetnames == ["Petunjuk", "Wilayah", "Total", "KK_Sektor", "PDRB_Sektor"]
    assert book["Wilayah"]["A2"].value == "6401"
    assert [c.value for c in book["Total"][1]][-1] == "2024"


def test_upload_makes_the_projection_possible_and_is_audited(client, users, tmp_path):
    client.force_login(users["op_paser"])
    path = fill_template(tmp_path / "paser.xlsx")
    r = client.post(reverse("rtk:data", args=["6401"]), {"berkas": upload(path)})
    assert r.status_code == 302
    data = RtkRegionData.objects.get(region_id="6401", active=True)
    assert data.uploaded_by == users["op_paser"] and len(data.rows) == 6 * 5 + 2 * 17 * 6
    event = AuditEvent.objects.get(action="impor_data_rtk")
    assert event.before is None and event.after["berkas"] == "paser.xlsx" and event.region_code == "6401"
    html = client.get(reverse("rtk:plan", args=["6401"])).content.decode()
    assert 'data-testid="data-kurang"' not in html and 'id="spec-tpt"' in html
    assert "17 kategori" in html, "the uploaded sector tables switch the projection to 17 categories"
    assert 'data-testid="pertumbuhan-sektor"' in html and 'name="sg-moderat-M-N-2025"' in html  # growth per sector offered
    assert 'data-testid="grafik-kekurangan"' in html, "the made-up data run into a shortage, which gets its chart"
    assert "paser.xlsx" in html  # provenance names the file


def test_sector_growth_is_saved_and_used(client, users, tmp_path):
    from web_support import editor_fields

    client.force_login(users["op_paser"])
    client.post(reverse("rtk:data", args=["6401"]), {"berkas": upload(fill_template(tmp_path / "paser.xlsx"))})
    fields, _ = editor_fields(client, "6401")
    assert fields["sg-moderat-F-2025"] == ""  # empty: the sector follows the total growth
    fields.update({"sg-moderat-F-2025": "12", "sg-moderat-F-2026": "11"})
    assert client.post(reverse("rtk:plan", args=["6401"]), {**fields, "aksi": "simpan"}).status_code == 302
    plan = RtkPlan.objects.get(region_id="6401")
    # the blanks of a filled row take the scenario's total growth, so the engine's nearest-year rule cannot surprise
    assert plan.parameters["scenarios"][0]["sector_growth_pct"] == {"F": {"2025": 12.0, "2026": 11.0, "2027": 5.62, "2028": 5.62, "2029": 5.62}}
    page = client.get(reverse("rtk:plan", args=["6401"])).content.decode()
    assert "2025: 12 %; 2026: 11 %; 2027–2029: 5,62 %" in page  # the method panel states the path the engine used
    series = queries.region_series("6401", queries.active_upload("6401"))
    result = queries.project(series, 2024, 2029, plan.parameters).result
    assert result["moderat"].value("PDRB_TUMBUH", 2025, "sektor:F") == pytest.approx(12.0)


def test_problems_are_located_and_nothing_is_stored(client, users, tmp_path):
    client.force_login(users["op_paser"])
    path = fill_template(tmp_path / "rusak.xlsx", bad=[("Total", "D3", "banyak"), ("KK_Sektor", "E4", -5), ("PDRB_Sektor", "A5", "ZZ")])
    r = client.post(reverse("rtk:data", args=["6401"]), {"berkas": upload(path)})
    html = r.content.decode()
    assert r.status_code == 200
    assert "3 masalah ditemukan" in html and "tidak ada data yang disimpan" in html
    for code in ("BUKAN_ANGKA", "NILAI_TIDAK_SAH", "SEKTOR_TIDAK_DIKENAL"):
        assert code in html
    assert "<td>Total</td><td>3</td><td>2020</td>" in html  # sheet, row and column of the bad cell
    assert not RtkRegionData.objects.exists() and not AuditEvent.objects.filter(action="impor_data_rtk").exists()


def test_template_of_another_region_is_refused(users, tmp_path):
    path = fill_template(tmp_path / "paser.xlsx", code="6401")
    with pytest.raises(ValidationFailed) as exc:
        import_region_data(users["planner"], "6405", path)
    (p,) = exc.value.problems
    assert p.code == "WILAYAH_BERBEDA" and "6401 Paser" in p.message and p.sheet == "Wilayah"
    assert not RtkRegionData.objects.exists()


def test_operator_cannot_upload_for_another_region_and_viewer_not_at_all(client, users, tmp_path):
    path = fill_template(tmp_path / "berau.xlsx", code="6405")
    client.force_login(users["op_paser"])
    assert client.post(reverse("rtk:data", args=["6405"]), {"berkas": upload(path)}).status_code == 403
    client.force_login(users["viewer"])
    assert client.post(reverse("rtk:data", args=["6405"]), {"berkas": upload(path)}).status_code == 403
    page = client.get(reverse("rtk:data", args=["6405"])).content.decode()
    assert 'type="file"' not in page
    assert not RtkRegionData.objects.exists()


def test_uploaded_values_replace_embedded_ones_key_by_key(users, tmp_path):
    embedded = rtk_files.kaltim_series("6405")
    path = tmp_path / "berau.csv"
    path.write_text("region_code,year,variable,sector,value,source\n6405,2024,AK,,150000,BPS Berau 2025\n", encoding="utf-8")
    import_region_data(users["op_berau"], "6405", path)
    merged = queries.region_series("6405", queries.active_upload("6405"))
    assert merged.total("AK")[2024] == 150000
    assert merged.total("KK").equals(embedded.total("KK")), "values the upload does not give stay embedded"
    outcome = queries.project(merged, 2024, 2029, P.default_parameters("6405"))
    assert outcome.ok and outcome.result["moderat"].value("AK", 2024) == 150000


def test_second_upload_replaces_the_first_and_removal_returns_to_embedded(client, users, tmp_path):
    client.force_login(users["planner"])
    first = fill_template(tmp_path / "paser-1.xlsx")
    second = fill_template(tmp_path / "paser-2.xlsx", years=range(2018, 2025))
    client.post(reverse("rtk:data", args=["6401"]), {"berkas": upload(first)})
    client.post(reverse("rtk:data", args=["6401"]), {"berkas": upload(second)})
    assert RtkRegionData.objects.filter(region_id="6401").count() == 2
    active = RtkRegionData.objects.get(region_id="6401", active=True)
    assert active.file_name == "paser-2.xlsx"
    assert AuditEvent.objects.filter(action="impor_data_rtk").order_by("-id").first().before["berkas"] == "paser-1.xlsx"
    assert client.post(reverse("rtk:data-remove", args=["6401"])).status_code == 302
    assert not RtkRegionData.objects.filter(active=True).exists()
    event = AuditEvent.objects.get(action="lepas_data_rtk")
    assert event.before["berkas"] == "paser-2.xlsx" and event.after is None
    back = client.get(reverse("rtk:plan", args=["6401"])).content.decode()
    assert "kembali memakai data tertanam" in back and 'id="spec-tpt"' in back  # the embedded data (and the ladder) again
    assert 'data-testid="data-kurang"' not in back


def test_the_plan_reads_the_primary_values_of_the_database(write_csv):
    """A BPS figure imported into the statistics (or a planner's choice of the primary value)
    is what the RTK series uses — not the embedded files: Samarinda's 2024 unemployed count
    was 25,000 from a news site; a BPS value for the same figure replaces it in the series."""
    from sinergi.web.statistics.actions import import_statistics

    def unemployed_2024():
        series = queries.region_series("6472")
        rows = series.data[(series.data["variable"] == "PENGANGGUR") & (series.data["year"] == 2024) & (series.data["sector"] == "")]
        return float(rows["value"].iloc[0]), rows["source"].iloc[0]

    assert unemployed_2024()[0] == 25000
    bps = "https://samarindakota.bps.go.id/id/pressrelease/2024/pengangguran"
    path = write_csv([["region_code", "year", "month", "indicator", "value", "unit", "source_url"],
                      ["6472", "2024", "8", "pengangguran", "27430", "persons", bps]])
    result = import_statistics(None, path)
    assert len(result.primary_changes) == 1
    assert unemployed_2024() == (27430.0, bps)

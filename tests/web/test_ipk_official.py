"""The official IPK beside the estimate, the real-data meter, the what-if's domain check and the
target solver over a horizon — as a planner sees them on the IPK pages, the export and the CLI."""
from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from sinergi.cli import main
from sinergi.core.ipk import compute, solve_target, yearly_change_bounds
from sinergi.documents.ipk_files import load_default_data, load_default_method, load_published
from sinergi.web.accounts.models import Role
from sinergi.web.ipk import queries
from sinergi.web.ipk.models import IpkInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client, make_user):
    make_user("pemantau", Role.VIEWER)
    client.login(username="pemantau", password="rahasia-uji-123")
    client.get("/ipk/")
    return client


def _id(v: float) -> str:
    return f"{v:.2f}".replace(".", ",")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def _stored():
    return queries.result(queries.active_method())


def test_province_card_and_region_page_show_the_official_ipk_with_difference_and_why(viewer):
    res = _stored()
    est = res.unit("64", 2024)["score"]
    page = viewer.get("/ipk/?tahun=2024").content.decode()
    card = page[page.index('data-testid="skor-provinsi"'):][:4000]
    # the latest official value (data year 2021, 67.73, menengah atas) beside the estimate of 2024
    assert "IPK resmi terakhir (2021)" in card and "67,73" in card and "menengah atas" in card
    diff = est - 67.73
    assert re.search(r'data-testid="selisih-resmi">[^<]*' + re.escape(_id(abs(diff))), card)
    why = _text(card)
    assert "metode sementara" in why and "ilustratif" in why and "tahun berbeda" in why
    # the region page says the same and draws the trend: official by data year, estimates 2023–2024
    page = viewer.get("/ipk/wilayah/64/?tahun=2024").content.decode()
    assert 'data-testid="ipk-resmi"' in page and "67,73" in page
    trend = page[page.index('data-testid="tren-ipk"'):]
    values = re.search(r'<script id="trend-spec" type="application/json">(.*?)</script>', page, re.S).group(1)
    assert '"resmi"' in values and '"perkiraan Sinergi"' in values
    for year, value in ((2019, "77,21"), (2020, "61,61"), (2021, "67,73"), (2024, _id(est))):
        assert re.search(rf"<td>{year}</td>\s*<td>[^<]+</td>\s*<td class=\"num\">{value}</td>", trend), year
    # a regency with no published IPK says so, without inventing one
    page = viewer.get("/ipk/wilayah/6472/?tahun=2024").content.decode()
    assert 'data-testid="ipk-resmi"' not in page and "Belum ada IPK resmi yang dipublikasikan untuk wilayah ini" in page


def test_export_and_cli_carry_the_official_value_and_the_meter(viewer, tmp_path, capsys):
    r = viewer.get("/ipk/unduh/hasil.xlsx")
    book = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    rows = list(book["IPK"].values)
    ipk = pd.DataFrame(rows[1:], columns=rows[0]).dropna(subset=["region_code"])
    prov = ipk[(ipk["region_code"] == "64") & (ipk["year"] == 2024)].iloc[0]
    assert prov["ipk_resmi"] == pytest.approx(67.73) and prov["tahun_data_resmi"] == 2021
    assert prov["selisih_perkiraan_resmi"] == pytest.approx(prov["ipk"] - 67.73)
    assert "metode sementara" in prov["sebab_selisih"]
    # the meter columns count exactly the quality marks of the stored inputs
    q = list(IpkInput.objects.filter(region_id="6472", year=2024).values_list("quality", flat=True))
    sam = ipk[(ipk["region_code"] == "6472") & (ipk["year"] == 2024)].iloc[0]
    assert (sam["bersumber"], sam["turunan"], sam["ilustratif"]) == (q.count("real"), q.count("derived"), q.count("illustrative"))
    assert sam["meter_data"] == f"IPK Kota Samarinda 2024: {q.count('real')} dari 25 masukan bersumber" + (
        f", {q.count('derived')} turunan" if q.count("derived") else "") + f", {q.count('illustrative')} ilustratif"
    # CSV long form: the IPK row's note has the meter and the official comparison
    csv = b"".join(viewer.get("/ipk/unduh/hasil.csv").streaming_content).decode()
    prov_line = next(line for line in csv.splitlines() if line.startswith("64,2024,ipk"))
    assert "masukan bersumber" in prov_line and "IPK resmi 2021: 67,73" in prov_line
    # the CLI says the same
    assert main(["ipk", "hitung", "--keluaran", str(tmp_path / "h.csv")]) == 0
    out = capsys.readouterr().out
    assert "IPK resmi di samping perkiraan:" in out and "64 2024: IPK resmi 2021: 67,73" in out
    data = load_default_data()
    n = {k: int((data["quality"] == k).sum()) for k in ("real", "derived", "illustrative")}
    assert f"Seluruhnya: {n['real']} dari {len(data)} masukan bersumber, {n['derived']} turunan, {n['illustrative']} ilustratif" in out


def test_region_page_meter_matches_quality_marks_and_links_to_the_data_page(viewer):
    IpkInput.objects.filter(region_id="6472", year=2024, sub_code="I1.1").update(quality="real", value=1)
    page = viewer.get("/ipk/wilayah/6472/?tahun=2024").content.decode()
    q = list(IpkInput.objects.filter(region_id="6472", year=2024).values_list("quality", flat=True))
    meter = page[page.index('data-testid="meter-data"'):][:1500]
    assert f"IPK Kota Samarinda 2024: {q.count('real')} dari 25 masukan bersumber" in meter
    assert f"{q.count('illustrative')} ilustratif" in meter
    assert 'href="/ipk/wilayah/6472/2024/data/"' in meter


def test_whatif_refuses_a_value_outside_the_sub_indicator_domain(viewer):
    url = "/ipk/wilayah/6401/2023/bagaimana-jika/"
    stored = _stored().unit("6401", 2023)["score"]
    html = viewer.post(url, {"v-I1.1": "9,5"}).content.decode()
    assert "I1.1: nilai 9,5 di luar kisaran yang mungkin untuk I1.1 (0 sampai 1" in html.replace("&#x27;", "'")
    # the stored value is used: the score does not move
    assert f'data-testid="skor-ipk">{_id(stored)}' in html and "Belum ada nilai yang diubah" in html
    html = viewer.post(url, {"v-I2.4": "130"}).content.decode()
    assert "nilai 130 di luar kisaran yang mungkin untuk I2.4 (0 sampai 100" in html
    # a value inside the domain but past the goalpost is fine (TPT 1 % is real)
    html = viewer.post(url, {"v-I2.4": "1"}).content.decode()
    assert "di luar kisaran" not in html and "I2.4 (" in html


def test_target_over_a_horizon_says_when_a_category_is_out_of_reach(viewer):
    url = "/ipk/wilayah/64/2024/target/"
    res = _stored()
    html = viewer.get(url, {"target": "tinggi", "jangka": "1"}).content.decode()
    assert 'data-testid="di-luar-jangkauan"' in html and "Di luar jangkauan dalam 1 tahun." in html
    inputs, _ = queries.current(queries.active_method())
    plan = solve_target(res, "64", 2024, target="tinggi", decimals=2, horizon=1, yearly_change=yearly_change_bounds(inputs, res.method))
    assert not plan.reachable and plan.years_needed and f"Perlu sekitar {plan.years_needed} tahun" in html
    # the bounds used are shown with their basis
    assert 'data-testid="batas-tahunan"' in html and "riwayat data" in html and "bawaan: 10 % rentang" in html
    # a long enough horizon reaches it, and the same target without a horizon is reachable at once
    html = viewer.get(url, {"target": "tinggi", "jangka": str(plan.years_needed)}).content.decode()
    assert "Target dapat dicapai." in html and f"dalam {plan.years_needed} tahun" in html
    assert "Jangka waktu 'nol' tidak sah" in viewer.get(url, {"target": "tinggi", "jangka": "nol"}).content.decode().replace("&#x27;", "'")


def test_cli_target_horizon(capsys):
    assert main(["ipk", "target", "--wilayah", "64", "--tahun", "2024", "--kategori", "tinggi", "--horizon", "1"]) == 0
    out = capsys.readouterr().out
    assert "di luar jangkauan dalam 1 tahun" in out and "baru terjangkau dalam sekitar" in out
    assert "Laju tahunan dari riwayat data: " in out


def test_yearly_bounds_come_from_sourced_history_not_illustrative_values():
    method = load_default_method()
    data = load_default_data(method)
    res = compute(method, data)
    b = yearly_change_bounds(res.inputs, method).set_index("sub_code")
    # TPT: the largest yearly move of a sourced value in any region
    tpt = res.inputs[(res.inputs["sub_code"] == "I2.4") & (res.inputs["quality"] != "illustrative")]
    moves = [abs(g.sort_values("year")["value"].diff().dropna()).max() for _, g in tpt.groupby("region_code") if len(g) > 1]
    assert b.loc["I2.4", "basis"] == "riwayat" and b.loc["I2.4", "per_year"] == pytest.approx(max(moves))
    # NEET is illustrative everywhere: the documented default, 10 % of the goalpost range (5–40)
    assert b.loc["I2.2", "basis"] == "bawaan" and b.loc["I2.2", "per_year"] == pytest.approx(3.5)


def test_published_values_follow_the_data_year():
    pub = load_published()
    kaltim = pub[pub["key"] == "kalimantan timur"].set_index("data_year")["ipk"].dropna()
    assert kaltim.loc[2021] == pytest.approx(67.73) and kaltim.loc[2019] == pytest.approx(77.21) and kaltim.loc[2020] == pytest.approx(61.61)


def test_home_shows_the_meter_per_region_and_pillar_with_the_link_that_fills_the_rest(viewer):
    from sinergi.web.statistics.meters import RTK_INPUTS
    from sinergi.web.statistics.models import Observation

    page = viewer.get("/").content.decode()
    assert 'data-testid="meter-beranda"' in page
    row = page[page.index('data-testid="meter-6472"'):]
    row = row[:row.index("</tr>")]
    q = list(IpkInput.objects.filter(region_id="6472", year=2024).values_list("quality", flat=True))
    assert f"IPK Kota Samarinda 2024: {q.count('real')} dari 25 masukan bersumber" in row
    assert 'href="/ipk/wilayah/6472/2024/data/"' in row
    # RTK: the base-year inputs of the projection in the statistics, counted by their quality flags, in
    # Samarinda's own latest August round (2024; only the province has 2025)
    year = Observation.objects.filter(preferred=True, region_id="6472", indicator_id__in=["angkatan_kerja", "bekerja", "pengangguran"],
                                      month=8).order_by("-year").values_list("year", flat=True)[0]
    assert year == 2024
    present = 0
    for ind, month in RTK_INPUTS:
        qs = Observation.objects.filter(preferred=True, region_id="6472", year=year, indicator_id=ind)
        qs = qs.filter(month=month) if month else qs
        present += qs.exists()
    assert f"RTK Kota Samarinda {year}: " in row and "dari 6 masukan bersumber" in row
    assert present < 6 and f"{6 - present} kosong" in row  # Samarinda's base year is not complete in the embedded data
    assert 'href="/statistik/impor/"' in row


def test_plan_download_over_a_horizon_names_the_years_and_the_bounds(viewer):
    r = viewer.get("/ipk/wilayah/64/2024/target.xlsx", {"target": "tinggi", "jangka": "1"})
    book = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert set(book.sheetnames) == {"Rencana", "Ringkasan", "Batas per tahun"}
    summary = {row[0]: row[1] for row in book["Ringkasan"].values if row[0]}
    assert summary["jangka waktu (tahun)"] == 1 and summary["tercapai"] == "tidak" and summary["tahun yang diperlukan"] >= 2


@pytest.mark.parametrize("url", ["/ipk/", "/ipk/wilayah/6401/?tahun=2024", "/ipk/wilayah/6401/2024/data/", "/ipk/metode/banding/?a={m}&b={m}&tahun=2024"])
def test_every_ipk_result_page_carries_the_meter(viewer, url):
    from sinergi.web.ipk.models import IpkMethod

    # the seeded method's id (PostgreSQL does not restart ids between tests)
    page = viewer.get(url.format(m=IpkMethod.objects.order_by("pk").first().pk)).content.decode()
    assert 'data-testid="meter-data"' in page and "masukan bersumber" in page

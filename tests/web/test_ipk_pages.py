"""IPK pages: the overview (category map, ranking with intervals from the stored run, province
score, method version and label), the region page (waterfall, what-if recomputed by the
engine, target solver, robustness), Monte Carlo reruns and the XLSX exports."""
from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from sinergi.core.ipk import ILLUSTRATIVE_LABEL, PROVISIONAL_LABEL, compute, solve_target
from sinergi.web.accounts.models import Role
from sinergi.web.audit.models import AuditEvent
from sinergi.web.ipk import queries
from sinergi.web.ipk.models import IpkInput, IpkMethod, IpkRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client, make_user):
    make_user("pemantau", Role.VIEWER)
    client.login(username="pemantau", password="rahasia-uji-123")
    client.get("/ipk/")
    return client


@pytest.fixture
def planner(client, make_user):
    make_user("perencana", Role.PLANNER, "64")
    client.login(username="perencana", password="rahasia-uji-123")
    client.get("/ipk/")
    return client


def spec(page: str, element_id: str) -> dict:
    m = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', page, re.S)
    assert m, element_id
    return json.loads(m.group(1))


def stored_result():
    return queries.result(queries.active_method())


def test_overview_map_ranking_intervals_and_province(viewer):
    page = viewer.get("/ipk/?tahun=2023").content.decode()
    res = stored_result()
    run = IpkRun.objects.get()
    # the map: one tile per kab/kota, coloured by category on an ordinal scale
    m = spec(page, "map-spec")
    tiles = m["data"]["values"]
    assert len(tiles) == 10 and {t["code"] for t in tiles} == set(res.units.query("year == 2023 and region_code != '64'")["region_code"])
    colour = m["layer"][1]["encoding"]["color"]
    assert colour["type"] == "ordinal" and colour["scale"]["domain"] == ["rendah", "menengah bawah", "menengah atas", "tinggi"]
    paser = next(t for t in tiles if t["code"] == "6401")
    u = res.unit("6401", 2023)
    assert paser["category"] == u["category"] and paser["label"] == f"{u['score']:.2f}".replace(".", ",")
    assert paser["href"] == "/ipk/wilayah/6401/?tahun=2023"
    # the ranking with the stored run's intervals
    row = next(r for r in run.summary["summary"] if r["region_code"] == "6401" and r["year"] == 2023)
    table = page[page.index('data-testid="peringkat"'):page.index("</table>", page.index('data-testid="peringkat"'))]
    assert f"{row['p05']:.2f}".replace(".", ",") + "–" + f"{row['p95']:.2f}".replace(".", ",") in table
    assert f"{row['rank_p05']}–{row['rank_p95']}" in table
    assert table.count(ILLUSTRATIVE_LABEL) >= 10
    first = res.units.query("year == 2023 and rank_group == 'kabupaten/kota'").sort_values("rank").iloc[0]
    assert table.index(first["region_name"]) < table.index("Kutai Barat") or first["region_name"] == "Kutai Barat"
    # the province's own score, the method version and label, the run's settings
    prov = res.unit("64", 2023)
    card = page[page.index('data-testid="skor-provinsi"'):]
    assert f"{prov['score']:.2f}".replace(".", ",") in card[:800]
    assert "sementara-1" in page and PROVISIONAL_LABEL in page
    assert "2000 undian" in page and "benih 1" in page
    assert spec(page, "interval-spec")["layer"][2]["mark"]["type"] == "rule"
    # year selector
    assert '<option value="2024">' in page and '<option value="2023" selected>' in page


def test_a_region_not_scored_is_grey_with_its_reason(viewer):
    IpkInput.objects.filter(region_id="6402", year=2023, sub_code="I5.1").update(value=None)
    page = viewer.get("/ipk/?tahun=2023").content.decode()
    kubar = next(t for t in spec(page, "map-spec")["data"]["values"] if t["code"] == "6402")
    assert kubar["category"] is None and kubar["label"] == "tidak dinilai"
    assert "belum ada nilai untuk I5.1" in kubar["reason"]
    assert "tidak dinilai: data belum lengkap, belum ada nilai untuk I5.1" in page
    # the run is now older than the data: said so
    assert 'data-testid="simulasi-usang"' in page


def test_region_page_waterfall_explanation_and_robustness(viewer):
    page = viewer.get("/ipk/wilayah/6472/?tahun=2024").content.decode()
    res = stored_result()
    u = res.unit("6472", 2024)
    assert f"{u['score']:.2f}".replace(".", ",") in page
    wf = spec(page, "wf-ind-spec")
    bars = wf["layer"][1]["data"]["values"]
    assert [b["code"] for b in bars] == res.method.indicator_codes + ["IPK"]
    assert bars[-1]["end"] == pytest.approx(u["score"]) and bars[-2]["end"] == pytest.approx(u["score"])
    assert sum(b["points"] for b in bars[:-1]) == pytest.approx(u["score"])
    assert [t["min"] for t in wf["layer"][3]["data"]["values"]] == [50.0, 66.0, 80.0]
    assert len(spec(page, "wf-sub-spec")["layer"][1]["data"]["values"]) == 26
    # gap to the next category
    gap = 50.0 - u["score"] if u["score"] < 50 else 66.0 - u["score"]
    assert f"{gap:.2f}".replace(".", ",") in page[page.index('data-testid="jarak-kategori"'):][:400]
    # robustness from the stored run
    row = next(r for r in IpkRun.objects.get().summary["summary"] if r["region_code"] == "6472" and r["year"] == 2024)
    robust = page[page.index('data-testid="ketahanan"'):]
    assert f"p05–p95 {row['p05']:.2f}–{row['p95']:.2f}".replace(".", ",") in robust
    probs = spec(page, "prob-spec")["data"]["values"]
    assert sum(p["p"] for p in probs) == pytest.approx(1.0)
    assert PROVISIONAL_LABEL in page and 'data-testid="label-ilustratif"' in page


def test_whatif_returns_the_score_recomputed_by_the_engine(viewer):
    url = "/ipk/wilayah/6401/2023/bagaimana-jika/"
    r = viewer.post(url, {"v-I1.1": "1", "v-I3.3": "45,5", "v-I2.4": "4,72"})
    assert r.status_code == 200
    html = r.content.decode()
    method = queries.method_of(queries.active_method())
    frame = queries.stored_frame()
    mask = (frame["region_code"] == "6401") & (frame["year"] == 2023)
    frame.loc[mask & (frame["sub_code"] == "I1.1"), "value"] = 1.0
    frame.loc[mask & (frame["sub_code"] == "I3.3"), "value"] = 45.5
    expected = compute(method, queries.inputs_for(method, frame)).unit("6401", 2023)
    assert f'data-testid="skor-ipk">{expected["score"]:.2f}'.replace(".", ",") in html
    before = stored_result().unit("6401", 2023)["score"]
    assert f"{expected['score'] - before:.2f}".replace(".", ",") in html
    assert "I1.1 (0,5 → 1)" in html and "I3.3 (20 → 45,5)" in html and "I2.4" not in html.split("Nilai yang diubah")[1].split(".")[0]
    # the waterfall and the detail table come back too (the table out of band)
    assert 'id="wf-ind-spec"' in html and 'id="rincian" hx-swap-oob="true"' in html
    # nothing was saved
    assert IpkInput.objects.get(region_id="6401", year=2023, sub_code="I1.1").value == 0.5
    # text that is not a number is said, the stored value is used; a blank is missing, not zero
    html = viewer.post(url, {"v-I1.1": "satu"}).content.decode()
    assert "&#x27;satu&#x27; bukan angka" in html
    html = viewer.post(url, {"v-I1.1": ""}).content.decode()
    assert 'data-testid="skor-ipk">tidak dinilai' in html and "belum ada nilai untuk I1.1" in html


def test_target_solver_plan_in_units_or_how_close_it_gets(viewer):
    url = "/ipk/wilayah/6401/2023/target/"
    html = viewer.get(url, {"target": "menengah atas"}).content.decode()
    plan = solve_target(stored_result(), "6401", 2023, target="menengah atas", decimals=2)
    assert plan.reachable and "Target dapat dicapai." in html and plan.message in html.replace("&#x27;", "'")
    for step in plan.steps.itertuples():
        assert step.sub_code in html and step.unit in html
    assert f"{plan.steps.iloc[0].proposed:.2f}".rstrip("0").rstrip(".").replace(".", ",") in html
    # with a realistic cap per sub-indicator and locked ones the plan changes
    html = viewer.get(url, {"target": "menengah atas", "maks-I3.3": "5", "tetap-I1.1": "1"}).content.decode()
    capped = solve_target(stored_result(), "6401", 2023, target="menengah atas", max_change={"I3.3": 5}, locked=["I1.1"], decimals=2)
    assert capped.steps.iloc[0].sub_code in html and "I1.1 " not in html.split("rencana-langkah")[1]
    # unreachable: said clearly, with the best reachable score
    html = viewer.get(url, {"target": "skor", "skor": "99", **{f"tetap-{c}": "1" for c in ["I1.1", "I3.1", "I3.3", "I5.1"]}}).content.decode()
    assert "Target tidak dapat dicapai." in html and "Paling dekat: skor" in html
    assert "Unduh rencana (Excel)" in html
    bad = viewer.get(url, {"target": "skor", "skor": "seratus"}).content.decode()
    assert "Isi skor target sebagai angka" in bad
    # the plan as a workbook
    r = viewer.get("/ipk/wilayah/6401/2023/target.xlsx", {"target": "menengah atas"})
    book = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert set(book.sheetnames) == {"Rencana", "Ringkasan"}


def test_planner_reruns_the_simulation_with_a_recorded_seed(planner, client, make_user):
    r = planner.post("/ipk/simulasi/", {"n": "1000", "seed": "42"}, follow=True)
    assert "1000 undian, benih 42" in r.content.decode()
    run = IpkRun.objects.first()
    assert run.settings["seed"] == 42 and run.settings["n"] == 1000 and run.method == IpkMethod.objects.get(is_active=True)
    assert run.inputs_fingerprint and run.summary["method_fingerprint"] == run.method.fingerprint
    assert AuditEvent.objects.get(action="jalankan_simulasi_ipk", actor_username="perencana").after["pengaturan"]["seed"] == 42
    page = planner.get("/ipk/").content.decode()
    assert "benih 42" in page and "1000 undian" in page
    # without a seed a new one is drawn and recorded
    planner.post("/ipk/simulasi/", {"n": "1000", "seed": ""})
    assert IpkRun.objects.first().settings["seed"] not in (None, 42)
    # absurd sizes are refused
    r = planner.post("/ipk/simulasi/", {"n": "50000"}, follow=True)
    assert "Simulasi tidak dijalankan" in r.content.decode()


def test_export_workbook_rederives_every_number(viewer):
    r = viewer.get("/ipk/unduh/hasil.xlsx")
    assert r.status_code == 200 and "ipk-hasil-sementara-1.xlsx" in r["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert book.sheetnames == ["Hasil", "IPK", "Indikator", "Sub-indikator", "Metode", "Kategori", "Data masukan", "Info", "IPK resmi"]
    text = "\n".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value is not None)
    assert PROVISIONAL_LABEL.upper() in text and "sementara-1" in text
    assert "DATA ILUSTRATIF" in text
    subs = pd.DataFrame(list(book["Sub-indikator"].values)[1:], columns=list(book["Sub-indikator"].values)[0]).dropna(subset=["sub_code"])
    subs = subs[subs["region_code"].isin(["6401"]) & (subs["year"] == 2023)]
    for r_ in subs.itertuples():
        s = (r_.value - r_.min) / (r_.max - r_.min) if r_.direction == "positive" else (r_.max - r_.value) / (r_.max - r_.min)
        assert r_.points == pytest.approx(100 * r_.indicator_weight * r_.sub_weight * min(1, max(0, s)))
    inputs = list(book["Data masukan"].values)
    header = inputs[0]
    assert {"quality", "source_url"} <= set(header) and len([x for x in inputs[1:] if x[0] is not None]) >= 550
    ipk = pd.DataFrame(list(book["IPK"].values)[1:], columns=list(book["IPK"].values)[0])
    assert ipk.loc[(ipk["region_code"] == "6401") & (ipk["year"] == 2023), "ipk"].iloc[0] == pytest.approx(stored_result().unit("6401", 2023)["score"])
    # the stored run, with its settings and seed
    r = viewer.get("/ipk/unduh/ketidakpastian.xlsx")
    book = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert set(book.sheetnames) == {"Ketidakpastian", "Pengaturan", "Info"}
    settings = {row[0]: row[1] for row in book["Pengaturan"].values if row[0]}
    assert settings["seed"] == 1 and settings["n"] == 2000
    # the long form as CSV, exactly the engine's columns
    r = viewer.get("/ipk/unduh/hasil.csv")
    csv = b"".join(r.streaming_content).decode()
    assert csv.splitlines()[0] == "region_code,year,level,code,value,category,note" and PROVISIONAL_LABEL in csv


@pytest.mark.parametrize("url", ["/ipk/", "/ipk/wilayah/6401/?tahun=2023", "/ipk/wilayah/64/?tahun=2024", "/ipk/wilayah/6401/2023/data/", "/ipk/metode/", "/ipk/metode/banding/?a=1&b=1"])
def test_every_page_carries_the_provisional_label(viewer, url):
    if "banding" in url:
        pk = IpkMethod.objects.get().pk
        url = f"/ipk/metode/banding/?a={pk}&b={pk}"
    r = viewer.get(url)
    assert r.status_code == 200
    assert PROVISIONAL_LABEL in r.content.decode()


def test_ipk_is_in_the_menu(viewer):
    page = viewer.get("/").content.decode()
    assert '<a href="/ipk/">IPK</a>' in page


def test_rerun_redirects_only_within_the_site(planner):
    r = planner.post("/ipk/simulasi/", {"n": "1000", "seed": "3", "next": "//example.org/ipk/"})
    assert r.status_code == 302 and r["Location"] == "/ipk/"
    r = planner.post("/ipk/simulasi/", {"n": "1000", "seed": "3", "next": "/ipk/?tahun=2023"})
    assert r["Location"] == "/ipk/?tahun=2023"

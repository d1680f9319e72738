"""RTK plan page: scenario editor, saving with permission + audit + optimistic locking, the
htmx preview, and the results (charts, tables, method panel) computed by the engine."""
from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from web_support import RtkEditorReader, editor_fields

from sinergi.core.rtk import METHOD_V2_VERSION as METHOD_VERSION
from sinergi.core.rtk import project
from sinergi.documents import rtk_files
from sinergi.web.accounts.models import Role
from sinergi.web.audit.models import AuditEvent
from sinergi.web.rtk import params as P
from sinergi.web.rtk.actions import save_plan
from sinergi.web.rtk.models import RtkPlan, RtkPlanRevision

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(make_user):
    return {
        "planner": make_user("perencana", Role.PLANNER, "64"),
        "planner2": make_user("perencana2", Role.PLANNER, "64"),
        "op_berau": make_user("op-berau", Role.OPERATOR, "6405"),
        "op_paser": make_user("op-paser", Role.OPERATOR, "6401"),
        "viewer": make_user("pemantau", Role.VIEWER),
    }


def test_parameters_round_trip_into_the_engine_objects():
    for s in rtk_files.load_scenarios().values():
        assert P.scenario_from_dict(P.jsonable(s.to_dict())) == s
    ikn = rtk_files.load_ikn()
    assert P.ikn_from_dict(P.jsonable(ikn.to_dict())) == ikn
    params = P.default_parameters("64")
    assert [s.name for s in P.scenarios(params)] == ["moderat", "optimis", "pesimis"]
    assert P.ikn(params) == ikn and P.main_name(params) == "moderat+ikn"
    # a regency starts with its own empty IKN set, switched off (the province-wide set is refused there)
    berau = P.default_parameters("6405")
    assert P.ikn(berau) is None and berau["ikn"]["regions"] == ["6405"] and berau["ikn"]["workers"] == {}


def test_page_shows_defaults_charts_table_and_method(client, users):
    client.force_login(users["planner"])
    r = client.get(reverse("rtk:plan", args=["64"]))
    html = r.content.decode()
    assert r.status_code == 200
    assert "belum pernah disimpan" in html
    for spec in ("spec-ak-kk", "spec-tpt"):
        assert f'id="{spec}"' in html and f'data-spec="{spec}"' in html
    assert "<script>" not in html.replace('<script src=', '')  # no inline script (CSP)
    assert METHOD_VERSION in html
    # Indonesian number format: base-year AK 2.083.469 and TPT 5,14
    assert "2.083.469" in html and "5,14" in html
    # fallback notes shown plainly, with the window and supply method
    # method v2: elasticity window 2018–2024, PUK from the BPS population projection
    assert "Data kesempatan kerja menurut sektor tidak tersedia" in html and "2018–2024" in html and "proyeksi_penduduk" in html
    # every scenario with and without IKN, a row per year
    for label in ("Moderat + IKN", "Optimis", "Pesimis + IKN"):
        assert label in html
    assert 'data-testid="kebutuhan-pendidikan"' in html and "SMA/SMK" in html  # training needs by education
    spec = json.loads(html.split('id="spec-tpt" type="application/json">')[1].split("</script>")[0])
    lines = spec["layer"][-1] if "layer" in spec else spec  # the band, when there is one, is the first layer
    assert {p["seri"] for p in lines["data"]["values"]} == {"Moderat", "Moderat + IKN", "Optimis", "Optimis + IKN", "Pesimis", "Pesimis + IKN"}


def test_planner_saves_a_changed_growth_with_audit_and_revision(client, users):
    client.force_login(users["planner"])
    data, disabled = editor_fields(client)
    assert not disabled and data["version"] == "0" and data["g-moderat-2025"] == "5,62"
    data["g-moderat-2025"] = "7,5"
    r = client.post(reverse("rtk:plan", args=["64"]), {**data, "aksi": "simpan"})
    assert r.status_code == 302
    plan = RtkPlan.objects.get(region_id="64")
    assert plan.version == 1 and plan.updated_by == users["planner"]
    moderat = P.scenarios(plan.parameters)[0]
    assert moderat.growth[2025] == 7.5 and moderat.growth[2026] == 5.62
    event = AuditEvent.objects.get(action="simpan_rencana_rtk")
    assert event.before is None and event.after["versi"] == 1 and event.region_code == "64"
    assert event.actor_username == "perencana" and "pertumbuhan PDRB" in event.summary
    rev = RtkPlanRevision.objects.get(plan=plan, version=1)
    assert ["moderat.growth_pct.2025", 5.62, 7.5] in rev.changes
    # the page now shows the saved version and the engine's result for it
    page = client.get(reverse("rtk:plan", args=["64"])).content.decode()
    assert "Versi 1" in page and "tersimpan (versi 1)" in page
    expected = project(rtk_files.kaltim_series("64"), 2024, 2029, P.scenarios(plan.parameters), ikn=P.ikn(plan.parameters))
    kk = expected["moderat+ikn"].value("KK", 2029)
    assert f"{kk:,.0f}".replace(",", ".") in page
    # a second save records before and after
    data, _ = editor_fields(client)
    data["ikn_on"] = ""
    data.pop("ikn_on")
    assert client.post(reverse("rtk:plan", args=["64"]), {**data, "aksi": "simpan"}).status_code == 302
    plan.refresh_from_db()
    assert plan.version == 2 and P.ikn(plan.parameters) is None and plan.parameters["ikn"]["workers"]  # kept while off
    second = AuditEvent.objects.filter(action="simpan_rencana_rtk").order_by("-id").first()
    assert second.before["versi"] == 1 and second.after["versi"] == 2 and second.after["parameter"]["ikn_on"] is False


def test_operator_of_another_region_cannot_save(client, users):
    client.force_login(users["op_paser"])
    data, disabled = editor_fields(client, "64")
    assert disabled, "the editor is read-only for someone who may not edit the region"
    r = client.post(reverse("rtk:plan", args=["64"]), {**data, "aksi": "simpan"})
    assert r.status_code == 403
    assert not RtkPlan.objects.exists() and not AuditEvent.objects.filter(action="simpan_rencana_rtk").exists()
    with pytest.raises(PermissionDenied):
        save_plan(users["op_paser"], "6405", name="x", base_year=2024, end_year=2029,
                  parameters=P.default_parameters("6405"), expected_version=0)


def test_operator_saves_own_region(client, users):
    client.force_login(users["op_berau"])
    data, disabled = editor_fields(client, "6405")
    assert not disabled
    data["g-pesimis-2027"] = "3"
    assert client.post(reverse("rtk:plan", args=["6405"]), {**data, "aksi": "simpan"}).status_code == 302
    assert RtkPlan.objects.get(region_id="6405").parameters["scenarios"][2]["growth_pct"]["2027"] == 3.0


def test_viewer_reads_only(client, users):
    client.force_login(users["viewer"])
    data, disabled = editor_fields(client, "64")
    assert disabled
    page = client.get(reverse("rtk:plan", args=["64"])).content.decode()
    assert 'data-testid="hanya-baca"' in page and 'data-testid="simpan"' not in page
    assert client.post(reverse("rtk:plan", args=["64"]), {**data, "aksi": "simpan"}).status_code == 403
    assert not RtkPlan.objects.exists()
    # reading the results and downloading the projection workbook is allowed
    assert client.get(reverse("rtk:backtest", args=["64"])).status_code == 200


def test_stale_version_is_refused_with_the_other_change(client, users):
    client.force_login(users["planner"])
    stale, _ = editor_fields(client)  # the second planner opened the form at version 0
    mine = dict(stale, **{"g-optimis-2026": "8"})
    assert client.post(reverse("rtk:plan", args=["64"]), {**mine, "aksi": "simpan"}).status_code == 302
    client.force_login(users["planner2"])
    theirs = dict(stale, **{"target_tpt": "4,5"})
    r = client.post(reverse("rtk:plan", args=["64"]), {**theirs, "aksi": "simpan"})
    html = r.content.decode()
    assert r.status_code == 200 and 'data-testid="konflik"' in html
    assert "sudah diubah oleh perencana (versi 1)" in html and "Perubahan Anda belum disimpan" in html
    box = html.split('data-testid="konflik"')[1].split("</section>")[0]
    # what the other person changed since the version this form showed (the defaults), and nothing else
    assert "<td>Optimis · pertumbuhan PDRB (%) · 2026</td><td>6,62</td><td>8</td>" in box
    assert box.count("<tr><td>") == 1
    assert reverse("rtk:history", args=["64"]) + "#versi-1" in html
    plan = RtkPlan.objects.get(region_id="64")
    assert plan.version == 1 and plan.parameters["target_tpt"] is None, "the stale save wrote nothing"
    assert AuditEvent.objects.filter(action="simpan_rencana_rtk").count() == 1
    # the refused form keeps the user's values and now carries the current version: saving again overwrites knowingly
    reader = RtkEditorReader()
    reader.feed(html)
    assert reader.fields["target_tpt"] == "4,5" and reader.fields["version"] == "1"
    reader.fields.pop("csrfmiddlewaretoken", None)
    assert client.post(reverse("rtk:plan", args=["64"]), {**reader.fields, "aksi": "simpan"}).status_code == 302
    plan.refresh_from_db()
    assert plan.version == 2 and plan.parameters["target_tpt"] == 4.5


def test_htmx_preview_recomputes_without_saving(client, users):
    client.force_login(users["planner"])
    data, _ = editor_fields(client)
    before = client.post(reverse("rtk:preview", args=["64"]), data).content.decode()
    data["g-moderat-2025"] = "9"
    r = client.post(reverse("rtk:preview", args=["64"]), data, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200 and "<html" not in html and 'data-testid="pratinjau"' in html
    tpt = lambda h: h.split('data-testid="tpt-akhir"')[1].split("</p>")[0]  # noqa: E731
    assert tpt(before) != tpt(html)
    assert 'id="spec-tpt"' in html and not RtkPlan.objects.exists()


def test_plain_preview_button_and_invalid_input(client, users):
    client.force_login(users["planner"])
    data, _ = editor_fields(client)
    r = client.post(reverse("rtk:plan", args=["64"]), {**data, "g-moderat-2025": "8", "aksi": "pratinjau"})
    assert r.status_code == 200 and 'data-testid="pratinjau"' in r.content.decode() and not RtkPlan.objects.exists()
    bad = {**data, "g-moderat-2025": "lima", "ikn-local": "150", "window-optimis": "2024-2020", "aksi": "simpan"}
    r = client.post(reverse("rtk:plan", args=["64"]), bad)
    html = r.content.decode()
    assert r.status_code == 200 and 'data-testid="isian-salah"' in html
    assert "&#x27;lima&#x27; bukan angka" in html and "Di luar rentang" in html and "tahun awal harus sebelum tahun akhir" in html
    assert 'aria-invalid="true"' in html and not RtkPlan.objects.exists()
    assert "Pertumbuhan Moderat 2025</label>" in html and "Porsi lokal</label>" in html  # the summary names the fields


def test_counts_with_thousand_dots_and_percent_shares(client, users):
    client.force_login(users["planner"])
    data, _ = editor_fields(client)
    assert data["ikn-w-2025"] == "17.780" and data["ikn-local"] == "27"
    data.update({"ikn-w-2025": "20.000", "ikn-local": "30", "ikn-split-code-3": "H", "ikn-split-share-3": "10"})
    assert client.post(reverse("rtk:plan", args=["64"]), {**data, "aksi": "simpan"}).status_code == 302
    ikn = P.ikn(RtkPlan.objects.get().parameters)
    assert ikn.workers[2025] == 20000 and ikn.local_share == pytest.approx(0.30)
    assert ikn.sector_split == {"F": 0.8, "G": 0.1, "I": 0.1, "H": 0.1}


def test_period_change_and_defaults_button(client, users):
    client.force_login(users["planner"])
    r = client.get(reverse("rtk:plan", args=["64"]) + "?dasar=2023&akhir=2028")
    html = r.content.decode()
    assert "tahun dasar 2023 sampai 2028; periode ini belum disimpan. Tekan Simpan" in html and 'name="g-moderat-2024"' in html
    r = client.get(reverse("rtk:plan", args=["64"]) + "?bawaan=1")
    assert "diisi dengan parameter bawaan" in r.content.decode()


def test_index_lists_every_region_with_its_status(client, users):
    client.force_login(users["op_berau"])
    r = client.get(reverse("rtk:index"))
    html = r.content.decode()
    assert r.status_code == 200
    assert html.count("<tr") == 12  # header + province + 10 regencies/cities
    table = html.split('data-testid="daftar-wilayah"')[1]
    assert table.index("Berau") < table.index("Kalimantan Timur"), "an operator sees their own region first"
    berau = table.split("Berau")[1].split("</tr>")[0]
    assert "dapat dihitung" in berau and "Susun" in berau
    paser = table.split(">Paser<")[1].split("</tr>")[0]
    # Paser has no AK/KK of its own: method v2 derives it from the province (issue 9 item 2)
    assert "dapat dihitung" in paser and "Lihat" in paser
    assert f'href="{reverse("rtk:index")}"' in client.get(reverse("home")).content.decode(), "RTK is in the main menu"


def test_plan_page_says_how_much_of_its_base_year_is_sourced(client, users):
    """The real-data meter of the plan: the six base-year inputs of the region in the statistics.
    The province's 2024 August round is published (five labour figures and PDRB); Samarinda's
    2025 base year the method estimates down the ladder has none of its own."""
    from sinergi.core.stats.meter import rtk_base_meter
    from sinergi.web.statistics.queries import primary_frame

    client.force_login(users["planner"])
    html = client.get(reverse("rtk:plan", args=["6472"])).content.decode()
    meter = html[html.index('data-testid="meter-rtk"'):]
    meter = meter[:meter.index("</div>\n</div>") if "</div>\n</div>" in meter else 2000]
    state_base = int(re.search(r"RTK Kota Samarinda (\d{4}): ", meter).group(1))
    m = rtk_base_meter(primary_frame(), "6472", state_base)
    assert f"{m.sourced} dari 6 masukan tahun dasar bersumber" in meter and 'href="/statistik/impor/"' in meter
    kaltim = rtk_base_meter(primary_frame(), "64", 2024)
    assert kaltim.sourced >= 5 and kaltim.missing <= 1

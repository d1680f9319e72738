"""What the RTK pages show of method v2's honesty (issue 9 items 2, 4, 5): the method of every
projected figure, its uncertainty band (as a fan behind the scenarios in the charts and as
numbers in the tables), a warning beside a headline figure the method forecasts worse than
'no change', and the rolling backtest errors by variable × horizon."""
from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from sinergi.core import rtk
from sinergi.documents import rtk_files
from sinergi.web.accounts.models import Role
from sinergi.web.rtk import params as P

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner(make_user):
    return make_user("perencana-pita", Role.PLANNER, "64")


@pytest.fixture(scope="module")
def province_run():
    """The province plan with its default parameters, run through the same core runner the page uses."""
    params = P.default_parameters("64")
    base, end = P.default_period()
    return rtk.run_plan(rtk_files.kaltim_series("64"), P.scenarios(params), base_year=base, end_year=end,
                        ikn=P.ikn(params), main="moderat")


def _spec(html: str, name: str) -> dict:
    m = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    assert m, name
    return json.loads(m.group(1))


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_headline_figures_carry_method_band_and_warning(client, planner, province_run):
    client.force_login(planner)
    html = client.get(reverse("rtk:plan", args=["64"])).content.decode()
    run = province_run
    end = run.result.end_year
    lo, hi = run.band("TPT", end)
    # the TPT card: its 80 % band in Indonesian numbers and the method that produced it
    card = html[html.index('data-var="TPT"'):]
    card = card[:card.index("</div>\n    </div>") if "</div>\n    </div>" in card else 2000]
    assert f"{lo:.2f}".replace(".", ",") in card and f"{hi:.2f}".replace(".", ",") in card
    assert 'data-testid="metode-TPT"' in html and "neraca" in _plain(html[html.index('data-testid="metode-TPT"'):][:200])
    # every variable the rolling backtest finds worse than 'no change' is flagged beside its headline figure
    assert run.warnings, "the province's backtest flags at least one variable (PENGANGGUR, TPAK)"
    for var in run.warnings:
        if f'data-var="{var}"' in html:
            assert f'data-testid="peringatan-{var}"' in html
    assert 'data-testid="peringatan"' in html
    for var in ("AK", "KK"):
        if var not in run.warnings:
            assert f'data-testid="peringatan-{var}"' not in html


def test_tables_name_the_method_and_give_the_band(client, planner, province_run):
    client.force_login(planner)
    html = client.get(reverse("rtk:plan", args=["64"])).content.decode()
    main = html[html.index(f'data-scenario="{province_run.main}"'):]
    main = main[:main.index("</details>")]
    assert 'data-testid="metode-kolom"' in main
    methods = _plain(main[main.index('data-testid="metode-kolom"'):main.index("</thead>")])
    assert "proyeksi penduduk BPS" in methods and "neraca" in methods
    # a band under each projected value of a banded variable, none on the base-year row
    assert main.count('data-testid="pita-sel"') >= 6 * len(province_run.result.years) - 6
    base_row = main[main.index('class="base-row"'):]
    base_row = base_row[:base_row.index("</tr>")]
    assert 'data-testid="pita-sel"' not in base_row


def test_projection_charts_draw_the_band_as_a_fan_behind_the_scenarios(client, planner, province_run):
    client.force_login(planner)
    html = client.get(reverse("rtk:plan", args=["64"])).content.decode()
    tpt = _spec(html, "spec-tpt")
    area, lines = tpt["layer"]
    assert area["mark"]["type"] == "area" and lines["mark"]["type"] == "line"  # the fan first: drawn behind
    band = area["data"]["values"]
    assert {b["tahun"] for b in band} >= set(province_run.result.years)
    lo, hi = province_run.band("TPT", province_run.result.end_year)
    last = next(b for b in band if b["tahun"] == province_run.result.end_year)
    assert (round(last["bawah"], 6), round(last["atas"], 6)) == (round(lo, 6), round(hi, 6))
    assert lines["encoding"]["y"]["scale"]["zero"] is True  # a rate axis from zero
    # no expression strings the CSP-safe interpreter would have to evaluate in the new layers
    assert area["transform"] == [{"filter": {"field": "atas", "valid": True}}]
    akkk = _spec(html, "spec-ak-kk")
    kinds = [layer["mark"]["type"] for layer in akkk["spec"]["layer"]]
    assert kinds == ["area", "line"]
    assert any("atas" in row for row in akkk["data"]["values"])


def test_backtest_page_shows_errors_by_variable_and_horizon(client, planner, province_run):
    client.force_login(planner)
    html = client.get(reverse("rtk:backtest", args=["64"])).content.decode()
    assert 'data-testid="galat-horizon"' in html
    table = html[html.index('data-testid="galat-horizon"'):]
    table = table[:table.index("</table>")]
    summary = province_run.rolling.summary(by_horizon=True)
    tpt1 = summary[(summary["variable"] == "TPT") & (summary["method"] == "metode") & (summary["horizon"] == 1)]
    row = table[table.index('data-variable="TPT" data-method="metode"'):]
    row = row[:row.index("</tr>")]
    assert f"{float(tpt1['mae'].iloc[0]):.2f}".replace(".", ",") in row
    assert table.count("<th class=\"num\">") >= 5  # horizons 1 … 5
    for var in province_run.warnings:
        assert f'data-testid="peringatan-{var}"' in table

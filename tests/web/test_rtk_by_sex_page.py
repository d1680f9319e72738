"""RTK plan page: TPAK by sex and the participation gap beside the plan, observed years with their
sources; where the series are too short, the page says so instead of a figure."""
import pytest
from django.urls import reverse

from sinergi.web.rtk.presenters import by_sex

pytestmark = pytest.mark.django_db


def test_kaltim_plan_shows_observed_gender_participation_with_sources_and_why_no_projection(client, make_user):
    client.force_login(make_user("pemantau-rtk", "pemantau"))
    html = client.get(reverse("rtk:plan", args=["64"])).content.decode()
    section = html[html.index('data-testid="persediaan-jenis-kelamin"'):]
    section = section[:section.index("</section>")]
    row = section[section.index('data-testid="jk-2023-data"'):]
    row = row[:row.index("</tr>")]
    assert "82,82" in row and "46,86" in row and "-35,96" in row
    assert "https://kalimantan.bisnis.com/read/20231108/407/1712147/angkatan-kerja-kaltim-naik-pengangguran-turun" in row
    assert "kurang dari tiga tahun data TPAK laki-laki dan perempuan" in section
    assert "hanya ada untuk 2023" in section


def test_presenter_projects_and_backtests_where_both_series_are_long_enough():
    import pandas as pd

    from sinergi.core.rtk.model import RegionSeries

    rows = [{"dimension": "jenis_kelamin", "group": g, "year": 2015 + i, "variable": "TPAK", "value": v(i),
             "source": "https://kaltim.bps.go.id/uji", "note": ""}
            for g, v in (("laki_laki", lambda i: 84 - 0.2 * i), ("perempuan", lambda i: 44 + 0.6 * i)) for i in range(8)]
    out = by_sex(RegionSeries(region_code="9901", groups=pd.DataFrame(rows)), 2022, 2025)
    assert out["why"] == "" and [r["year"] for r in out["rows"] if r["basis"] == "proyeksi"] == [2023, 2024, 2025]
    assert out["rows"][0]["men_link"] == "https://kaltim.bps.go.id/uji"
    assert {b["variable"] for b in out["backtest"]} == {"TPAK_LAKI_LAKI", "TPAK_PEREMPUAN", "SELISIH_TPAK"}

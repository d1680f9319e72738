"""RTK backtest page: errors per year and variable beside the two naive benchmarks, what
could not be tested and why, and the workbook download."""
from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sinergi.core.rtk import backtest
from sinergi.documents import rtk_files
from sinergi.web.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client, make_user):
    client.force_login(make_user("pemantau", Role.VIEWER))
    return client


def test_province_backtest_shows_method_beside_both_benchmarks(viewer):
    r = viewer.get(reverse("rtk:backtest", args=["64"]) + "?dasar=2019&akhir=2024")
    html = r.content.decode()
    assert r.status_code == 200
    summary = html.split('data-testid="ringkasan-galat"')[1].split("</table>")[0]
    # the first method and "last growth": AK, KK, PENGANGGUR, TPT; "no change" also PUK and TPAK (August 2019
    # arrived with the December 2026 data; 2018 did not, so there is no last growth)
    assert summary.count('data-method="metode"') == summary.count('data-method="naif_laju"') == 4
    assert summary.count('data-method="naif_tetap"') == 6
    assert "Naif: tidak berubah" in summary and "Naif: laju terakhir" in summary and "Metode Sinergi" in summary
    # numbers are the engine's: KK mean absolute error of the method, Indonesian format
    bt = backtest(rtk_files.kaltim_series("64"), 2019, 2024, method="sederhana")
    mae = bt.summary[(bt.summary.variable == "KK") & (bt.summary.method == "metode")]["mae"].iloc[0]
    assert f"{mae:,.0f}".replace(",", ".") in summary
    # a row per year for each variable, with actual, prediction and error
    kk = html.split('data-testid="galat-KK"')[1].split("</table>")[0]
    assert kk.count("<tr>") == 2 + 5 and "1.976.447" in kk
    untested = html.split('data-testid="tidak-diuji"')[1].split("</section>")[0]
    assert "PUK" in untested and "TPAK" in untested and "tidak diisi dengan angka karangan" in untested
    spec = json.loads(html.split('id="spec-uji" type="application/json">')[1].split("</script>")[0])
    assert {p["seri"] for p in spec["data"]["values"]} == {"Aktual (data BPS)", "Metode Sinergi", "Naif: tidak berubah", "Naif: laju terakhir"}
    assert "Uji balik bersyarat" in html


def test_default_backtest_is_the_three_years_up_to_the_base_year(viewer):
    html = viewer.get(reverse("rtk:backtest", args=["64"])).content.decode()
    assert "Ringkasan galat 2021 → 2024" in html


def test_regency_backtest_says_what_is_missing(viewer):
    html = viewer.get(reverse("rtk:backtest", args=["6405"])).content.decode()
    assert 'data-testid="uji-balik-gagal"' in html
    assert "Uji balik butuh PDRB ADHK aktual" in html and "2020, 2024" in html


def test_backtest_workbook_download(viewer):
    r = viewer.get(reverse("rtk:backtest-download", args=["64"]) + "?dasar=2019&akhir=2024&bentuk=majemuk")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('uji-balik-RTK-64-2019-2024.xlsx"')
    book = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert {"Galat", "Ringkasan", "Tidak_diuji"} <= set(book.sheetnames)
    r = viewer.get(reverse("rtk:backtest-download", args=["6405"]) + "?dasar=2021&akhir=2024&bentuk=majemuk")
    assert r.status_code == 302  # nothing to download: back to the page, which explains why

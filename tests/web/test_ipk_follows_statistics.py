"""IPK inputs follow the statistics: after a BPS import (or a planner's pick) changes the
primary value of a statistic that an IPK sub-indicator reads (TPT → I2.4, TPAK → I2.1, …), the
stored IPK input of that region and year takes the new value and source, the IPK pages and
results use it, and an audit event says so — unless a person typed the input from another source."""
import re

import pytest

from sinergi.core.ipk.statistics_link import STATISTICS_LINKS
from sinergi.web.accounts.models import Role
from sinergi.web.audit.models import AuditEvent
from sinergi.web.ipk import queries
from sinergi.web.ipk.actions import save_inputs
from sinergi.web.ipk.models import IpkInput
from sinergi.web.statistics.actions import choose_primary, import_statistics, release_primary
from sinergi.web.statistics.models import Observation

pytestmark = pytest.mark.django_db

HEADER = ["region_code", "region", "year", "month", "indicator", "value", "unit", "source_url", "note"]
BPS = "https://samarindakota.bps.go.id/id/pressrelease/2024/11/tpt-agustus-2024"
NEWS = "https://radarmedia.id/tingkat-pengangguran-terbuka-kota-bontang-menurun-068-persen"  # the embedded 5.75
REGION_PAGE = "/ipk/wilayah/6472/?tahun=2024"
DATA_PAGE = "/ipk/wilayah/6472/2024/data/"


@pytest.fixture
def planner(client, make_user):
    user = make_user("perencana", Role.PLANNER, "64")
    client.login(username="perencana", password="rahasia-uji-123")
    client.get("/ipk/")  # seeds the shipped method and inputs
    client.user = user
    return client


def tpt_input() -> IpkInput:
    return IpkInput.objects.get(region_id="6472", year=2024, sub_code="I2.4")


def sub_row(page: str, code: str) -> str:
    """The row of one sub-indicator in the region page's detail table."""
    table = page[page.index('data-testid="rincian-sub"'):]
    return re.search(rf"<tr[^>]*>\s*<td><strong>{re.escape(code)}</strong>.*?</tr>", table, re.S).group(0)


def score_6472_2024() -> float:
    return queries.current(queries.active_method())[1].unit("6472", 2024)["score"]


def bps_tpt(write_csv, value="5,85"):
    return write_csv([HEADER, ["6472", "Kota Samarinda", "2024", "8", "tpt", value, "percent", BPS, ""]])


def test_a_bps_import_moves_the_ipk_input_the_pages_and_the_result(planner, write_csv):
    before = tpt_input()
    assert (before.value, before.source_url, before.quality) == (pytest.approx(5.75), NEWS, "real")
    assert ">5,75<" in sub_row(planner.get(REGION_PAGE).content.decode(), "I2.4")
    score_before = score_6472_2024()

    result = import_statistics(None, bps_tpt(write_csv))

    assert result.ipk_followed == ["6472 2024 I2.4: 5.75 → 5.85"]
    after = tpt_input()
    assert (after.value, after.source_url, after.quality, after.version) == (pytest.approx(5.85), BPS, "real", before.version + 1)
    assert "mengikuti nilai utama statistik tpt" in after.note
    assert ">5,85<" in sub_row(planner.get(REGION_PAGE).content.decode(), "I2.4")
    data = planner.get(DATA_PAGE).content.decode()
    assert 'name="v-I2.4" value="5,85"' in data and f'name="s-I2.4" value="{BPS}"' in data
    # a higher unemployment rate lowers the index (I2.4 is negative)
    assert score_6472_2024() < score_before
    event = AuditEvent.objects.get(action="ikuti_statistik_ipk")
    assert (event.object_id, event.region_code) == ("6472-2024-I2.4", "6472")
    assert (event.before["nilai"], event.before["sumber"]) == (pytest.approx(5.75), NEWS)
    assert (event.after["nilai"], event.after["sumber"]) == (pytest.approx(5.85), BPS)
    assert "5.75 → 5.85" in event.summary and "Kota Samarinda" in event.summary

    # the same file again changes nothing more
    assert import_statistics(None, bps_tpt(write_csv)).ipk_followed == []
    assert AuditEvent.objects.filter(action="ikuti_statistik_ipk").count() == 1


def test_a_value_a_person_typed_from_another_source_is_not_overwritten(planner, write_csv):
    typed = "https://disnaker.samarindakota.go.id/laporan-tahunan-2024"
    inp = tpt_input()
    save_inputs(planner.user, "6472", 2024, [{"sub_code": "I2.4", "value": "5,7", "quality": "real", "source_url": typed, "note": "laporan dinas"}],
                {"I2.4": inp.version})

    result = import_statistics(None, bps_tpt(write_csv))

    assert [c["after"]["value"] for c in result.primary_changes] == [pytest.approx(5.85)]  # the statistic did change
    assert result.ipk_followed == []
    kept = tpt_input()
    assert (kept.value, kept.source_url, kept.note) == (pytest.approx(5.7), typed, "laporan dinas")
    assert not AuditEvent.objects.filter(action="ikuti_statistik_ipk").exists()
    assert ">5,70<" in sub_row(planner.get(REGION_PAGE).content.decode(), "I2.4")  # percentages show two decimals (the number policy)


def test_an_illustrative_input_takes_a_statistic_that_is_new(planner, write_csv):
    tpak = IpkInput.objects.get(region_id="6472", year=2024, sub_code="I2.1")
    assert tpak.quality == "illustrative"
    bps_tpak = "https://samarindakota.bps.go.id/id/pressrelease/2024/11/tpak-agustus-2024"
    result = import_statistics(None, write_csv([HEADER, ["6472", "Kota Samarinda", "2024", "8", "tpak", "63,41", "percent", bps_tpak, ""]]))
    assert result.primary_changes == []  # no value before: nothing "changed", but the figure is new
    tpak.refresh_from_db()
    assert (tpak.value, tpak.quality, tpak.source_url) == (pytest.approx(63.41), "real", bps_tpak)
    row = sub_row(planner.get(REGION_PAGE).content.decode(), "I2.1")
    assert ">63,41" in row and "badge-illustrative" not in row


def test_the_planners_pick_and_its_release_move_the_input_too(planner, write_csv):
    import_statistics(None, bps_tpt(write_csv))
    news = Observation.objects.get(region_id="6472", year=2024, month=8, indicator_id="tpt", source_url=NEWS)
    choose_primary(planner.user, news.pk, "angka berita dikutip pejabat BPS, dipakai sementara")
    assert (tpt_input().value, tpt_input().source_url) == (pytest.approx(5.75), NEWS)
    release_primary(planner.user, news.pk, "kembali ke aturan: angka BPS")
    assert (tpt_input().value, tpt_input().source_url) == (pytest.approx(5.85), BPS)
    assert AuditEvent.objects.filter(action="ikuti_statistik_ipk", object_id="6472-2024-I2.4").count() == 3


def test_the_one_mapping_is_used_by_the_script():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "scripts" / "ipk_ganti_ilustratif.py"
    spec = importlib.util.spec_from_file_location("ipk_ganti_ilustratif", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.DIRECT is STATISTICS_LINKS
    assert {k: (v.indicator, v.month) for k, v in STATISTICS_LINKS.items()} == {
        "I2.1": ("tpak", 8), "I2.4": ("tpt", 8), "I3.1": ("formal_share", 8), "I3.2": ("setengah_penganggur_share", 8)}

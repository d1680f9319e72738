"""The statistics browser pages instead of cutting: following its "next" links from the first
page reaches every observation once, and the filters (region, indicator, year, quality) keep
across pages and into the downloads."""
from __future__ import annotations

import html
import re

import pytest

from sinergi.web.accounts.models import Role
from sinergi.web.statistics.models import Observation

ROW = re.compile(r'<a href="/statistik/angka/(\d+)/">')


@pytest.fixture
def planner(client, make_user):
    make_user("perencana", Role.PLANNER, "64")
    client.login(username="perencana", password="rahasia-uji-123")
    return client


def _walk(client, url):
    """Every figure id listed on the pages, following rel=next from ``url``."""
    seen, pages = [], 0
    while url:
        r = client.get(url)
        assert r.status_code == 200
        page = r.content.decode()
        seen += [int(x) for x in ROW.findall(page)]
        pages += 1
        m = re.search(r'<a href="([^"]+)" rel="next">', page)
        url = "/statistik/" + html.unescape(m.group(1)) if m else None
    return seen, pages


@pytest.mark.django_db
def test_every_observation_is_reachable_through_the_pages(planner):
    total = Observation.objects.count()
    assert total > 500  # more than the old cut-off
    seen, pages = _walk(planner, "/statistik/?semua=1")
    assert len(seen) == total
    assert set(seen) == set(Observation.objects.values_list("pk", flat=True))
    assert pages > 1


@pytest.mark.django_db
def test_all_regions_appear_when_all_primary_values_are_paged(planner):
    seen, _ = _walk(planner, "/statistik/")
    assert len(seen) == Observation.objects.filter(preferred=True).count()
    regions = set(Observation.objects.filter(pk__in=seen).values_list("region_id", flat=True))
    assert regions == set(Observation.objects.values_list("region_id", flat=True))


@pytest.mark.django_db
def test_filters_keep_across_pages(planner):
    expected = Observation.objects.filter(preferred=True, region_id="6472")
    seen, _ = _walk(planner, "/statistik/?wilayah=6472")
    assert sorted(seen) == sorted(expected.values_list("pk", flat=True))
    year = expected.exclude(year=None).values_list("year", flat=True).first()
    seen, _ = _walk(planner, f"/statistik/?wilayah=6472&tahun={year}&indikator=tpt")
    assert sorted(seen) == sorted(expected.filter(year=year, indicator_id="tpt").values_list("pk", flat=True))


@pytest.mark.django_db
def test_quality_filter(planner):
    flagged = Observation.objects.filter(quality__contains="conflicting")
    assert flagged.exists()
    seen, _ = _walk(planner, "/statistik/?semua=1&kualitas=conflicting")
    assert sorted(seen) == sorted(flagged.values_list("pk", flat=True))
    seen, _ = _walk(planner, "/statistik/?semua=1&kualitas=bersih")
    assert sorted(seen) == sorted(Observation.objects.filter(quality="").values_list("pk", flat=True))


@pytest.mark.django_db
def test_download_follows_the_filters_not_the_page(planner):
    r = planner.get("/statistik/?wilayah=6472&hal=2")
    assert "hal=" not in re.search(r'href="(/statistik/unduh.csv[^"]*)"', r.content.decode()).group(1)


@pytest.mark.django_db
def test_xlsx_download_keeps_numbers_numeric_with_the_units_format(planner):
    import io

    import openpyxl

    r = planner.get("/statistik/unduh.xlsx?wilayah=64")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    header = [c.value for c in sheet[1]]
    value_col, unit_col = header.index("value"), header.index("unit")
    formats = {}
    for row in sheet.iter_rows(min_row=2):
        if row[value_col].value is None:
            continue
        assert isinstance(row[value_col].value, (int, float))
        formats.setdefault(row[unit_col].value, set()).add(row[value_col].number_format)
    assert formats["persons"] == {"#,##0"}
    assert formats["percent"] == {"#,##0.00"}
    assert "General" not in set().union(*formats.values())

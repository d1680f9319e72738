"""A regency operator logs in, sees the dashboard map with real figures, cannot reach admin."""
import pytest

from sinergi.web.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_sees_map_and_cannot_reach_admin(page, login, make_user, shared_reference):
    make_user("op-samarinda", Role.OPERATOR, "6472")
    page.goto(page.base + "/")
    assert "/masuk/" in page.url
    # Indonesian even though the browser asks for English
    assert page.locator("h1").inner_text() == "Masuk ke Sinergi"
    login("op-samarinda")
    assert page.locator("h1").inner_text() == "Siklus tahun ini"  # the year's cycle; the dashboard is one click away
    page.click("[data-testid=ke-dasbor]")
    assert page.locator("h1").inner_text() == "Ketenagakerjaan Kalimantan Timur"
    page.wait_for_selector("#map[data-rendered='1'] svg")
    # schematic tile map: one labelled tile per regency/city with the 2023 TPT
    svg = page.locator("#map svg").inner_html()
    assert "Paser" in svg and "4,72" in svg and "Bontang" in svg
    assert page.console_errors == [], "the page works under its Content-Security-Policy"
    ranking = page.locator("[data-testid=peringkat]").inner_text()
    assert "Kota Bontang" in ranking and "7,74" in ranking
    assert page.locator("[data-testid=peringkat] a[href^='https://']").count() >= 10  # every figure links to its source
    page.goto(page.base + "/admin/")
    assert "/admin/login/" in page.url
    page.goto(page.base + "/audit/")
    assert "Tidak berwenang" in page.locator("h1").inner_text()


def test_imported_boundaries_turn_the_map_into_a_choropleth(page, login, make_user, shared_reference):
    from sinergi.web.regions.actions import import_boundaries

    make_user("perencana", Role.PLANNER, "64")
    import_boundaries(None, shared_reference / "geo" / "kaltim_kabkota.geojson")
    login("perencana")
    page.goto(page.base + "/dasbor/")
    page.wait_for_selector("#map[data-rendered='1'] svg")
    assert page.locator("#map svg path").count() >= 10
    assert "Batas wilayah dari berkas batas" in page.locator("body").inner_text()


def test_language_switch_to_english(page, login, make_user):
    make_user("pemantau", Role.VIEWER)
    login("pemantau")
    page.goto(page.base + "/dasbor/")
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("nav.mainnav").inner_text().startswith("Home")
    assert page.locator("h1").inner_text() == "East Kalimantan labour market"

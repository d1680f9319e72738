"""Indonesian pages speak Indonesian: units in Indonesian (no "percent", "persons", "IDR"),
curators' English notes marked as English, an unknown address answers an Indonesian 404 in the
site's layout, and the province trend names the regency it plots."""
from __future__ import annotations

import re

import pytest
from web_support import visible_text

from sinergi.web.accounts.models import Role
from sinergi.web.statistics.models import Observation

ENGLISH_UNITS = re.compile(r"\b(percent|persons|IDR)\b", re.I)

MAIN_PAGES = [
    "/",
    "/?indikator=population_midyear",
    "/?indikator=ump",
    "/statistik/",
    "/statistik/?hal=2",
    "/statistik/?wilayah=64",
    "/statistik/?wilayah=6472",
    "/statistik/katalog/",
    "/ipk/",
    "/ipk/metode/",
    "/ipk/wilayah/6472/",
    "/rtk/",
    "/rtk/64/",
    "/rtk/6472/",
    "/rtk/64/data/",
    "/rtk/64/uji-balik/",
    "/sinkronisasi/",
    "/sinkronisasi/nomenklatur/",
]


@pytest.fixture
def planner(client, make_user):
    make_user("perencana", Role.PLANNER, "64")
    client.login(username="perencana", password="rahasia-uji-123")
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("path", MAIN_PAGES)
def test_indonesian_pages_show_no_english_units(planner, path):
    r = planner.get(path)
    assert r.status_code == 200
    found = sorted({m.group(0) for m in ENGLISH_UNITS.finditer(visible_text(r.content.decode()))})
    assert found == [], f"{path}: {found}"


@pytest.mark.django_db
def test_figure_page_units_in_indonesian_and_english_notes_marked(planner):
    o = Observation.objects.filter(unit="persons").exclude(note="").first()
    page = planner.get(f"/statistik/angka/{o.pk}/").content.decode()
    assert ENGLISH_UNITS.findall(visible_text(page)) == []
    assert "jiwa" in visible_text(page)
    assert "catatan sumber" in page


@pytest.mark.django_db
def test_english_pages_keep_english_units(planner):
    planner.cookies["django_language"] = "en"
    page = planner.get("/statistik/?wilayah=64&indikator=population_midyear").content.decode()
    assert "persons" in re.sub(r"<[^>]+>", " ", page)


@pytest.mark.django_db
def test_persons_without_decimals_and_rates_with_two(planner):
    person = Observation.objects.filter(unit="persons", preferred=True, value__gt=10000).first()
    page = planner.get(f"/statistik/angka/{person.pk}/").content.decode()
    whole = f"{round(person.value):,}".replace(",", ".")
    assert whole in page and whole + ",0" not in page
    rate = Observation.objects.filter(indicator_id="tpt", preferred=True).first()
    page = planner.get(f"/statistik/angka/{rate.pk}/").content.decode()
    assert f"{rate.value:.2f}".replace(".", ",") in page


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_unknown_address_answers_an_indonesian_404_in_the_sites_layout(client, make_user, settings, signed_in):
    settings.DEBUG = False
    if signed_in:
        make_user("perencana", Role.PLANNER, "64")
        client.login(username="perencana", password="rahasia-uji-123")
    r = client.get("/tidak-ada-halaman-ini/")
    assert r.status_code == 404
    page = r.content.decode()
    assert "Halaman tidak ditemukan" in page and "Kembali ke beranda" in page
    assert 'class="topbar"' in page and 'lang="id"' in page  # the site's header
    assert ('class="mainnav"' in page) == signed_in  # the menu, for those signed in
    assert "Not Found" not in page


@pytest.mark.django_db
def test_province_user_trend_names_and_plots_the_chosen_regency(planner):
    r = planner.get("/dasbor/?indikator=tpt&wilayah=6401")
    heading = visible_text(re.search(r'<h2 id="trend-title".*?</h2>', r.content.decode(), re.S).group(0))
    assert "Paser" in heading and "Kalimantan Timur" in heading
    assert "Provinsi & Kalimantan Timur" not in heading
    regions = {p["region"] for p in r.context["trend_points"]}
    assert any("Paser" in name for name in regions) and len(regions) == 2
    default = planner.get("/dasbor/?indikator=tpt")
    assert not default.context["focus"].is_province


@pytest.mark.django_db
def test_server_error_page_is_indonesian_in_the_sites_layout(rf, make_user):
    from sinergi.web.errors import server_error

    request = rf.get("/apa-saja/")
    request.user = make_user("perencana", Role.PLANNER, "64")
    r = server_error(request)
    page = r.content.decode()
    assert r.status_code == 500 and "Terjadi kesalahan pada server" in page and 'class="topbar"' in page


def test_server_error_page_survives_a_failing_layout(rf, monkeypatch):
    """When the layout itself fails (e.g. the database is down), a plain Indonesian page."""
    from sinergi.web import errors

    def broken(*args, **kwargs):
        raise RuntimeError("basis data mati")

    monkeypatch.setattr(errors, "render", broken)
    r = errors.server_error(rf.get("/"))
    assert r.status_code == 500 and "Terjadi kesalahan pada server" in r.content.decode()


@pytest.mark.django_db
def test_a_form_without_csrf_token_gets_an_indonesian_page(make_user):
    from django.test import Client

    make_user("perencana", Role.PLANNER, "64")
    client = Client(enforce_csrf_checks=True)
    client.login(username="perencana", password="rahasia-uji-123")
    r = client.post("/statistik/impor/", {})
    assert r.status_code == 403
    page = r.content.decode()
    assert "Formulir kedaluwarsa" in page and 'class="topbar"' in page and "CSRF verification failed" not in page

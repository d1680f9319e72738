"""English interface: the English catalogue translates every message (and the compiled .mo
matches the .po), and the language cookie set by the header switch turns the main pages into
English while pages without it stay in Bahasa Indonesia."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import sinergi.web
from sinergi.web.accounts.models import Role

LOCALE = Path(sinergi.web.__file__).resolve().parent / "locale" / "en" / "LC_MESSAGES"

# (path, Indonesian heading, English heading)
PAGES = [
    ("/dasbor/", "Ketenagakerjaan Kalimantan Timur", "East Kalimantan labour market"),  # the statistics dashboard (home is the year's cycle)
    ("/statistik/", "Statistik", "Statistics"),
    ("/ipk/", "Indeks Pembangunan Ketenagakerjaan (IPK)", "Employment Development Index (IPK)"),
    ("/rtk/", "Rencana Tenaga Kerja (RTK)", "Manpower Plan (RTK)"),
    ("/sinkronisasi/", "Sinkronisasi usulan program", "Programme proposal synchronisation"),
]


def _catalog():
    with open(LOCALE / "django.po", "rb") as f:
        return read_po(f)


def _translated(message) -> bool:
    if isinstance(message.string, (tuple, list)):
        return bool(message.string) and all(message.string)
    return bool(message.string)


def _strings(message) -> tuple:
    s = message.string
    return tuple(s) if isinstance(s, (tuple, list)) else (s,)


def test_english_catalogue_has_no_untranslated_or_fuzzy_entries():
    catalog = _catalog()
    messages = [m for m in catalog if m.id]
    assert len(messages) > 500
    assert [m.id for m in messages if not _translated(m)] == []
    assert [m.id for m in messages if m.fuzzy] == []


def test_compiled_catalogue_matches_the_po():
    """The .mo Django reads holds every translation of the .po (run scripts/compile_messages.py)."""
    with open(LOCALE / "django.mo", "rb") as f:
        compiled = read_mo(f)
    stale = []
    for m in _catalog():
        if not m.id:
            continue
        c = compiled.get(m.id, context=m.context)
        if c is None or _strings(c) != _strings(m):
            stale.append(m.id)
    assert stale == []


def _h1(page: str) -> str:
    m = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert m, "no <h1>"
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip()


@pytest.fixture
def planner(client, make_user):
    make_user("perencana", Role.PLANNER, "64")
    client.login(username="perencana", password="rahasia-uji-123")
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("path, heading_id, heading_en", PAGES)
def test_pages_in_english_with_the_language_cookie(planner, path, heading_id, heading_en):
    planner.cookies["django_language"] = "en"
    response = planner.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert _h1(page).startswith(heading_en)
    assert '<html lang="en">' in page
    assert ">Synchronisation</a>" in page and ">Home</a>" in page  # menu, incl. the apps' nav labels
    assert heading_id not in _h1(page)


@pytest.mark.django_db
@pytest.mark.parametrize("path, heading_id, heading_en", PAGES)
def test_pages_in_indonesian_without_the_cookie(planner, path, heading_id, heading_en):
    response = planner.get(path, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    page = response.content.decode()
    assert _h1(page).startswith(heading_id)
    assert '<html lang="id">' in page
    assert ">Sinkronisasi</a>" in page and ">Beranda</a>" in page
    assert heading_en not in page


@pytest.mark.django_db
def test_language_switch_in_the_header_sets_the_cookie(planner):
    response = planner.post("/i18n/setlang/", {"language": "en", "next": "/rtk/"})
    assert response.status_code == 302 and response["Location"] == "/rtk/"
    assert response.cookies["django_language"].value == "en"
    assert _h1(planner.get("/rtk/").content.decode()) == "Manpower Plan (RTK)"
    planner.post("/i18n/setlang/", {"language": "id", "next": "/rtk/"})
    assert _h1(planner.get("/rtk/").content.decode()) == "Rencana Tenaga Kerja (RTK)"

"""Helpers shared by the web tests (a support module, not a test module): the proposal rows and
files of the round tests, PostgreSQL-only races, and readers of the forms a page would post.
Fixtures live in ``tests/web/conftest.py``."""
from __future__ import annotations

import csv
import html
import os
import threading
from html.parser import HTMLParser

import openpyxl
import pytest
from django.db import connection, connections
from django.urls import reverse

ROUND_YEAR = 2026

CITY_ROW = {
    "kode_sub_kegiatan": "2.07.04.2.01.0003",
    "uraian": "Bimbingan jabatan bagi pencari kerja Samarinda",
    "lokasi_kode": "6472",
    "lokasi_kecamatan": "",
    "sasaran": "pencari kerja terdaftar",
    "target": "100",
    "satuan": "Orang",
    "pagu": "80000000",
    "sumber_dana": "APBD kabupaten/kota",
    "catatan": "",
}
PROVINCE_ROW = {
    **CITY_ROW,
    "kode_sub_kegiatan": "2.07.04.1.01.0003",
    "uraian": "Penyuluhan dan bimbingan jabatan bagi pencari kerja di Samarinda",
    "target": "200",
    "pagu": "150000000",
    "sumber_dana": "APBD provinsi",
}
TRAINING_ROW = {
    **CITY_ROW,
    "kode_sub_kegiatan": "2.07.03.2.01.0004",
    "uraian": "Pelatihan menjahit bagi pencari kerja perempuan",
    "target": "20",
    "pagu": "120000000",
}


def client_for(client, user):
    client.force_login(user)
    return client


def fill_template(path, rows: list[dict], office: str, year: int = ROUND_YEAR, version=None):
    """The office's Excel template (Sinergi's own writer) filled with ``rows`` by openpyxl.
    The unit is written explicitly: openpyxl does not compute the template's formula."""
    from sinergi.documents.sync_files import load_reference, write_template

    ref = load_reference()
    if version is not None:
        from sinergi.web.proposals.checks import reference_for

        ref = reference_for(version)
    write_template(path, ref, office, year)
    book = openpyxl.load_workbook(path)
    sheet = book["Usulan"]
    header = [c.value for c in sheet[1]]
    for i, row in enumerate(rows, start=2):
        for key, value in row.items():
            sheet.cell(row=i, column=header.index(key) + 1, value=value)
    book.save(path)
    return path


def write_nomenclature_csv(path, rows: list[dict]):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["code", "level", "name", "authority", "indicator", "unit", "source"])
        w.writeheader()
        for r in rows:
            w.writerow(r)
    return path


def _on_postgres() -> bool:
    return bool(os.environ.get("SINERGI_TEST_DATABASE_URL")) and connection.vendor == "postgresql"


def postgres_only(test):
    """Two real connections saving at once: PostgreSQL, committed data (transaction=True)."""
    for mark in (
        pytest.mark.django_db(transaction=True),
        pytest.mark.skipif(
            not _on_postgres(),
            reason="needs PostgreSQL: set SINERGI_TEST_DATABASE_URL=postgresql://… (two connections saving at once; "
                   "SQLite serialises every writer, so this race cannot be played there)",
        ),
        pytest.mark.postgres,
    ):
        test = mark(test)
    return test


def save_together(jobs: dict) -> dict:
    """Run ``{name: callable}`` in one thread each, released together by a barrier; every thread
    has its own Django database connection (connections are per thread) and closes it."""
    barrier = threading.Barrier(len(jobs))
    results: dict = {}

    def worker(name, job):
        try:
            barrier.wait(timeout=20)
            results[name] = job()
        except BaseException as exc:  # noqa: BLE001 — reported by the test
            results[name] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=item, name=f"simpan-{item[0]}") for item in jobs.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a save did not finish (deadlock?)"
    return results


class RtkEditorReader(HTMLParser):
    """The fields a browser would submit from ``form#rtk-editor`` (plain submit, no JS)."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.fields: dict[str, str] = {}
        self._select = None
        self._textarea = None
        self.disabled = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "rtk-editor":
            self.inside = True
        if not self.inside:
            return
        if tag == "fieldset" and "disabled" in a:
            self.disabled = True
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.fields[a["name"]] = a.get("value", "on")
            elif a.get("type") != "submit":
                self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
            self.fields.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def editor_fields(client, code="64") -> tuple[dict, bool]:
    r = client.get(reverse("rtk:plan", args=[code]))
    assert r.status_code == 200
    reader = RtkEditorReader()
    reader.feed(r.content.decode())
    reader.fields.pop("csrfmiddlewaretoken", None)
    return reader.fields, reader.disabled


def ipk_data_form(client, url):
    """The fields the data page's form would post, as shown."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__()
            self.fields, self._select = {}, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("name") and a.get("type") != "file":
                self.fields[a["name"]] = a.get("value", "")
            elif tag == "select":
                self._select = a.get("name")
            elif tag == "option" and self._select and "selected" in a:
                self.fields[self._select] = a.get("value", "")

        def handle_endtag(self, tag):
            if tag == "select":
                self._select = None

    r = Reader()
    r.feed(client.get(url).content.decode())
    return {k: v for k, v in r.fields.items() if k[:2] in ("v-", "q-", "s-", "n-") or k.startswith(("ver-", "h-")) or k == "csrfmiddlewaretoken"}


class _VisibleText(HTMLParser):
    """The text a reader sees, without scripts, styles and parts marked lang="en"."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def _hidden(self) -> bool:
        return any(h for _, h in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = dict(attrs)
        self.stack.append((tag, tag in ("script", "style") or a.get("lang") == "en"))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _VisibleText()
    parser.feed(page)
    return html.unescape(" ".join(parser.parts))

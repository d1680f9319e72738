"""Shared fixtures and helpers of the proposal-round web tests (imported by the other
``test_proposals_*`` modules; holds no tests itself)."""
from __future__ import annotations

import csv

import openpyxl
import pytest

from sinergi.web.accounts.models import Role

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


@pytest.fixture
def users(make_user):
    """One user per role: planner, admin, viewer, the Samarinda and Balikpapan operators."""
    return {
        "perencana": make_user("perencana", Role.PLANNER, "64"),
        "admin": make_user("admin", Role.ADMIN, "64"),
        "pemantau": make_user("pemantau", Role.VIEWER),
        "op-samarinda": make_user("op-samarinda", Role.OPERATOR, "6472"),
        "op-balikpapan": make_user("op-balikpapan", Role.OPERATOR, "6471"),
    }


@pytest.fixture
def rnd(users):
    from sinergi.web.proposals.actions import ensure_defaults, open_round

    return open_round(users["perencana"], ROUND_YEAR, ensure_defaults())


@pytest.fixture
def full_version(users, shared_reference):
    """The complete nomenclature sample imported by the admin (a version with every province row)."""
    from sinergi.web.proposals.actions import ensure_defaults, import_nomenclature

    ensure_defaults()
    return import_nomenclature(users["admin"], shared_reference / "nomenklatur" / "nomenklatur_lengkap_uji.csv", "SIPD 2027 (uji)").version


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

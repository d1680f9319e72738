"""RTK downloads: the RTKD (Word) and its companion workbook built from the stored plan, the
projection workbook, and what a regency without data gets."""
from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from sinergi.web.accounts.models import Role
from sinergi.web.rtk import params as P
from sinergi.web.rtk.actions import save_plan

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def text_of(docx_bytes: bytes) -> str:
    doc = Document(io.BytesIO(docx_bytes))
    return "\n".join(p.text for p in doc.paragraphs)


@pytest.fixture
def planner(client, make_user):
    user = make_user("perencana", Role.PLANNER, "64")
    client.force_login(user)
    return user


def test_rtkd_document_uses_the_stored_plan(client, planner):
    params = P.default_parameters("64")
    params["scenarios"][0]["growth_pct"] = {str(y): 7.5 for y in range(2025, 2030)}
    save_plan(planner, "64", name="RTK Kaltim uji", base_year=2024, end_year=2029, parameters=params, expected_version=0)
    r = client.get(reverse("rtk:download", args=["64", "rtkd.docx"]))
    assert r.status_code == 200 and r["Content-Disposition"].endswith('RTKD-64-2025-2029-v1.docx"')
    text = text_of(body(r))
    assert "BAB I" in text and "PENDAHULUAN" in text
    assert "Moderat rata-rata 7,50 persen per tahun" in text, "the document projects with the plan's own growth path"
    r = client.get(reverse("rtk:download", args=["64", "rtkd.xlsx"]))
    assert r.status_code == 200 and r["Content-Disposition"].endswith('RTKD-tabel-64-2025-2029-v1.xlsx"')
    book = load_workbook(io.BytesIO(body(r)))
    assert len(book.sheetnames) > 20  # a sheet per table code


def test_projection_workbook_carries_the_parameters(client, planner):
    params = P.default_parameters("64")
    params["scenarios"][1]["growth_pct"] = {"2025": 6.9}
    save_plan(planner, "64", name="RTK", base_year=2024, end_year=2029, parameters=params, expected_version=0)
    r = client.get(reverse("rtk:download", args=["64", "proyeksi.xlsx"]))
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(body(r)))
    assert {"HASIL", "moderat", "optimis+ikn", "Parameter", "Sumber", "Catatan"} <= set(book.sheetnames)
    rows = [[c.value for c in row] for row in book["Parameter"].iter_rows()]
    assert ["optimis", "growth_pct.2025", 6.9] in rows


def test_regency_without_own_data_gets_a_document_and_a_projection_workbook(client, make_user):
    client.force_login(make_user("op-paser", Role.OPERATOR, "6401"))
    r = client.get(reverse("rtk:download", args=["6401", "rtkd.docx"]))
    assert r.status_code == 200
    text = text_of(body(r))
    assert "BAB I" in text and "Paser" in text
    # method v2 projects Paser down the ladder: the workbook names the method of every value
    r = client.get(reverse("rtk:download", args=["6401", "proyeksi.xlsx"]))
    assert r.status_code == 200
    hasil = [[c.value for c in row] for row in load_workbook(io.BytesIO(body(r)))["HASIL"].iter_rows()]
    assert hasil[0][-1] == "method" and {"turunan_provinsi", "laju_provinsi"} & {row[-1] for row in hasil[1:]}
    assert client.get(reverse("rtk:download", args=["6401", "lain.pdf"])).status_code == 404

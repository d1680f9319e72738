"""IPK input data on the web: the per-region-year Excel template (download, fill, upload all or
nothing), web edits with optimistic locking, and who may change which region's values."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook
from web_support import ipk_data_form

from sinergi.core.ipk import compute
from sinergi.web.accounts.models import Role
from sinergi.web.audit.models import AuditEvent
from sinergi.web.ipk import actions, queries
from sinergi.web.ipk.models import IpkInput

pytestmark = pytest.mark.django_db

DATA = "/ipk/wilayah/6401/2023/data/"


def download_template(client, tmp_path, code="6401", year=2023, name="isian.xlsx"):
    r = client.get(f"/ipk/wilayah/{code}/{year}/templat.xlsx")
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment") and f"ipk-isian-{code}-{year}.xlsx" in r["Content-Disposition"]
    path = tmp_path / name
    path.write_bytes(b"".join(r.streaming_content))
    return path


def set_cells(path, changes: dict[str, dict]):
    """Change cells of the template's Isian sheet: ``{sub_code: {column: value}}``."""
    book = load_workbook(path)
    ws = book["Isian"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        code = row[header.index("sub_code")].value
        for col, value in changes.get(code, {}).items():
            row[header.index(col)].value = value
    book.save(path)


def test_template_round_trip_by_the_regions_operator(client, make_user, tmp_path):
    make_user("op-paser", Role.OPERATOR, "6401")
    client.login(username="op-paser", password="rahasia-uji-123")
    client.get("/ipk/")
    before = queries.result(queries.active_method()).unit("6401", 2023)["score"]
    path = download_template(client, tmp_path)
    book = load_workbook(path)
    ws = book["Isian"]
    header = [c.value for c in ws[1]]
    rows = {r[header.index("sub_code")]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == 25 and rows["I2.4"][header.index("value")] == pytest.approx(IpkInput.objects.get(region_id="6401", year=2023, sub_code="I2.4").value)
    assert rows["I1.1"][header.index("quality")] == "illustrative"  # pre-filled with what is stored
    assert "perkiraan — metode sementara".upper() in " ".join(str(c.value) for c in book["Petunjuk"]["A"])
    set_cells(path, {"I1.1": {"value": 1, "quality": "real", "source_url": "https://paserkab.go.id/rtkd", "note": "RTKD ditetapkan"},
                     "I3.3": {"value": "35,5"}})
    with open(path, "rb") as f:
        r = client.post("/ipk/wilayah/6401/2023/templat/", {"berkas": f}, follow=True)
    assert r.status_code == 200
    page = r.content.decode()
    assert "2 nilai tersimpan: I1.1, I3.3" in page
    assert "masih bertanda ilustratif" in page and "I3.3" in page  # a new value still marked illustrative is pointed out
    i = IpkInput.objects.get(region_id="6401", year=2023, sub_code="I1.1")
    assert (i.value, i.quality, i.source_url, i.note, i.version) == (1.0, "real", "https://paserkab.go.id/rtkd", "RTKD ditetapkan", 2)
    assert i.updated_by.username == "op-paser"
    assert IpkInput.objects.get(region_id="6401", year=2023, sub_code="I3.3").value == 35.5
    ev = AuditEvent.objects.get(action="impor_templat_ipk")
    assert ev.region_code == "6401" and ev.before["I1.1"]["nilai"] == 0.5 and ev.after["I1.1"]["nilai"] == 1.0
    # the result uses the new values
    after = queries.result(queries.active_method()).unit("6401", 2023)["score"]
    assert after == pytest.approx(before + 100 * 0.1 * 1.0 * (1 - 0.5) + 100 * 0.2 * 0.3 * (35.5 - 20) / 60, abs=1e-9)
    # the downloaded template now carries the stored values: a round trip changes nothing
    path2 = download_template(client, tmp_path, name="lagi.xlsx")
    with open(path2, "rb") as f:
        r = client.post("/ipk/wilayah/6401/2023/templat/", {"berkas": f}, follow=True)
    assert "Tidak ada nilai yang berubah" in r.content.decode()
    assert AuditEvent.objects.filter(action="impor_templat_ipk").count() == 1


def test_template_with_problems_shows_them_all_and_writes_nothing(client, make_user, tmp_path):
    make_user("perencana", Role.PLANNER, "64")
    client.login(username="perencana", password="rahasia-uji-123")
    client.get("/ipk/")
    path = download_template(client, tmp_path)
    set_cells(path, {"I2.1": {"value": "tinggi"}, "I2.2": {"value": "-"}, "I3.1": {"quality": "resmi sekali"}, "I4.1": {"value": 12}})
    stored = {(i.sub_code): (i.value, i.version) for i in IpkInput.objects.filter(region_id="6401", year=2023)}
    events = AuditEvent.objects.count()
    with open(path, "rb") as f:
        r = client.post("/ipk/wilayah/6401/2023/templat/", {"berkas": f})
    assert r.status_code == 200  # refusals are answered in the page
    page = r.content.decode()
    for code in ("IPK_NILAI_BUKAN_ANGKA", "IPK_NILAI_STRIP", "IPK_KUALITAS_TIDAK_DIKENAL"):
        assert code in page, code
    assert "Isian" in page and "isian.xlsx" in page
    assert {(i.sub_code): (i.value, i.version) for i in IpkInput.objects.filter(region_id="6401", year=2023)} == stored
    assert AuditEvent.objects.count() == events
    # a template of another region-year is refused as a whole
    other = download_template(client, tmp_path, code="6402", name="kubar.xlsx")
    with open(other, "rb") as f:
        r = client.post("/ipk/wilayah/6401/2023/templat/", {"berkas": f})
    assert r.status_code == 200 and "IPK_TEMPLAT_LAIN" in r.content.decode()


def test_operator_edits_only_its_own_region_and_viewer_reads_only(client, make_user, tmp_path):
    make_user("op-bontang", Role.OPERATOR, "6474")
    client.login(username="op-bontang", password="rahasia-uji-123")
    client.get("/ipk/")
    path = download_template(client, tmp_path)  # reading another region's template is allowed
    page = client.get(DATA).content.decode()
    assert 'data-testid="hanya-baca"' in page and "<fieldset disabled" in page
    with open(path, "rb") as f:
        assert client.post("/ipk/wilayah/6401/2023/templat/", {"berkas": f}).status_code == 403
    assert client.post(DATA, {"v-I1.1": "1", "ver-I1.1": "1"}).status_code == 403
    own = client.get("/ipk/wilayah/6474/2023/data/").content.decode()
    assert 'data-testid="hanya-baca"' not in own and 'data-testid="simpan-data"' in own
    client.logout()
    make_user("pemantau", Role.VIEWER)
    client.login(username="pemantau", password="rahasia-uji-123")
    assert 'data-testid="hanya-baca"' in client.get("/ipk/wilayah/6474/2023/data/").content.decode()
    assert client.post("/ipk/wilayah/6474/2023/data/", {"v-I1.1": "1"}).status_code == 403
    assert IpkInput.objects.get(region_id="6401", year=2023, sub_code="I1.1").version == 1
    operator = make_user("op-paser", Role.OPERATOR, "6401")
    with pytest.raises(PermissionDenied):
        actions.save_inputs(operator, "6474", 2023, [{"sub_code": "I1.1", "value": "1"}], {"I1.1": 1})
    with pytest.raises(PermissionDenied):
        actions.import_input_template(operator, "6474", 2023, path)


def test_web_edit_with_optimistic_locking(client, make_user):
    from django.test import Client

    make_user("op-paser", Role.OPERATOR, "6401")
    make_user("perencana", Role.PLANNER, "64")
    client.login(username="op-paser", password="rahasia-uji-123")
    other = Client()
    other.login(username="perencana", password="rahasia-uji-123")
    mine = ipk_data_form(client, DATA)
    theirs = ipk_data_form(other, DATA)
    assert mine["v-I1.1"] == "0,5" and mine["ver-I1.1"] == "1" and mine["q-I1.1"] == "illustrative"
    # the planner saves first
    theirs.update({"v-I1.1": "1", "q-I1.1": "real"})
    r = other.post(DATA, theirs, follow=True)
    assert "1 nilai tersimpan: I1.1" in r.content.decode()
    # the operator's form still shows version 1 of I1.1: refused, nothing saved, the stored value shown
    mine.update({"v-I1.1": "0,75", "v-I2.2": "18,5"})
    r = client.post(DATA, mine)
    assert r.status_code == 200  # refused in the page, nothing saved
    page = r.content.decode()
    assert 'data-testid="konflik"' in page and "I1.1 (versi 2, oleh perencana)" in page and "tersimpan sekarang" in page
    assert IpkInput.objects.get(region_id="6401", year=2023, sub_code="I1.1").value == 1.0
    assert IpkInput.objects.get(region_id="6401", year=2023, sub_code="I2.2").value == 20.0
    # saving again from the refreshed form (it now carries version 2) overwrites knowingly
    again = _form_from_html(page)
    assert again["v-I1.1"] == "0,75" and again["ver-I1.1"] == "2"
    r = client.post(DATA, again, follow=True)
    assert "2 nilai tersimpan" in r.content.decode()
    i = IpkInput.objects.get(region_id="6401", year=2023, sub_code="I1.1")
    assert (i.value, i.version) == (0.75, 3)
    # an edit that touches other values only is not blocked by a change elsewhere
    fresh = ipk_data_form(client, DATA)
    theirs = ipk_data_form(other, DATA)
    theirs["v-I4.1"] = "11"
    other.post(DATA, theirs)
    fresh["v-I4.2"] = "6"
    assert client.post(DATA, fresh).status_code == 302
    assert AuditEvent.objects.filter(action="ubah_masukan_ipk").count() == 4


def _form_from_html(html):
    from html.parser import HTMLParser

    fields = {}

    class Reader(HTMLParser):
        sel = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("name") and a.get("type") != "file":
                fields[a["name"]] = a.get("value", "")
            elif tag == "select":
                Reader.sel = a.get("name")
            elif tag == "option" and Reader.sel and "selected" in a:
                fields[Reader.sel] = a.get("value", "")

    Reader().feed(html)
    return fields


def test_web_edit_reports_bad_values_at_their_field(client, make_user):
    make_user("op-paser", Role.OPERATOR, "6401")
    client.login(username="op-paser", password="rahasia-uji-123")
    form = ipk_data_form(client, DATA)
    form.update({"v-I2.1": "enam puluh", "v-I2.3": ""})
    r = client.post(DATA, form)
    assert r.status_code == 200  # refusals are answered in the page
    page = r.content.decode()
    assert "Nilai &#x27;enam puluh&#x27; bukan angka." in page
    assert 'class="val has-error"' in page
    assert IpkInput.objects.get(region_id="6401", year=2023, sub_code="I2.3").value == 2.0
    # a blank value is saved as missing (never zero) and the region-year is then not scored, with the reason
    form = ipk_data_form(client, DATA)
    form["v-I2.3"] = ""
    client.post(DATA, form)
    assert IpkInput.objects.get(region_id="6401", year=2023, sub_code="I2.3").value is None
    page = client.get("/ipk/?tahun=2023").content.decode()
    assert "tidak dinilai: data belum lengkap, belum ada nilai untuk I2.3" in page
    region = client.get("/ipk/wilayah/6401/?tahun=2023").content.decode()
    assert 'data-testid="alasan"' in region and "I2.3" in region


def test_stored_inputs_are_what_the_engine_gets(client, make_user):
    make_user("pemantau", Role.VIEWER)
    client.login(username="pemantau", password="rahasia-uji-123")
    client.get("/ipk/")
    from sinergi.documents import ipk_files

    method = ipk_files.load_default_method()
    shipped = compute(method, ipk_files.load_default_data(method)).units.set_index(["region_code", "year"])["score"]
    stored = queries.result(queries.active_method()).units.set_index(["region_code", "year"])["score"]
    assert (shipped.sort_index() == stored.sort_index()).all()


def test_a_new_year_starts_from_the_data_page(client, make_user):
    make_user("perencana", Role.PLANNER, "64")
    client.login(username="perencana", password="rahasia-uji-123")
    page = client.get(DATA).content.decode()
    assert "/ipk/wilayah/6401/2025/data/" in page and "Isi data 2025 (tahun baru)" in page
    form = ipk_data_form(client, "/ipk/wilayah/6401/2025/data/")
    assert form["v-I1.1"] == "" and form["ver-I1.1"] == "0"
    form["v-I1.1"] = "1"
    form["q-I1.1"] = "real"
    assert client.post("/ipk/wilayah/6401/2025/data/", form).status_code == 302
    assert IpkInput.objects.get(region_id="6401", year=2025, sub_code="I1.1").value == 1.0
    assert IpkInput.objects.filter(year=2025).count() == 1  # blanks are not stored as anything
    overview = client.get("/ipk/?tahun=2025").content.decode()
    assert "belum ada data masukan untuk tahun ini" in overview and "belum ada nilai untuk I2.1" in overview
    assert client.get("/ipk/wilayah/6401/1850/data/").status_code == 404

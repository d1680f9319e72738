"""Uploads bounded and checked before anything is written (issue 15): rows that do not fit the
header, source addresses that are not http(s), NUL bytes and values longer than their column
become problems; the size limits of the reader; links from data only for http(s); problem
pages list the first 200. Runs on SQLite and on PostgreSQL (where a NUL or a too-long value
used to be an HTTP 500)."""
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook

from sinergi.core.problems import SHOWN, ValidationFailed
from sinergi.documents import tables
from sinergi.web.accounts.models import Role
from sinergi.web.statistics.actions import import_statistics
from sinergi.web.statistics.models import Observation

pytestmark = pytest.mark.django_db

HEADER = ["region_code", "region", "year", "month", "indicator", "value", "unit", "source_url", "note"]
SRC = "https://kaltim.bps.go.id/batas-uji"


def row(value="5.5", unit="persen", source=SRC, note="", region="6472"):
    return [region, "", "2031", "8", "tpt", value, unit, source, note]


def refused(path):
    before = Observation.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        import_statistics(None, path)
    assert Observation.objects.count() == before, "nothing may be written when a file has problems"
    return exc.value.problems


# ---------------------------------------------------------------- rows that do not fit the header

def test_unquoted_decimal_comma_is_refused_with_row_cell_count_and_cause(tmp_path):
    path = tmp_path / "geser.csv"
    path.write_text(",".join(HEADER) + f"\n6472,Samarinda,2031,8,tpt,5.5,persen,{SRC},baik\n"
                    f"6401,Paser,2031,8,tpt,5,72,persen,{SRC},catatan\n", encoding="utf-8")
    (p,) = refused(path)
    assert (p.code, p.row, p.value) == ("BARIS_TIDAK_SESUAI_JUDUL", 3, "10")
    assert "berisi 10 sel" in p.message and "9 kolom" in p.message and "koma desimal tanpa tanda kutip?" in p.message
    assert "'catatan'" in p.message  # the extra cell is reported, not cut off
    assert "titik" in p.fix and "tanda kutip" in p.fix


def test_short_csv_row_is_refused(tmp_path):
    path = tmp_path / "pendek.csv"
    path.write_text(",".join(HEADER) + f"\n6472,Samarinda,2031,tpt,5.5,persen,{SRC},baik\n", encoding="utf-8")
    ps = refused(path)
    assert ("BARIS_TIDAK_SESUAI_JUDUL", 2, "8") in [(p.code, p.row, p.value) for p in ps]


def test_filled_cell_right_of_the_header_in_a_workbook_is_refused(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(HEADER)
    ws.append(row() + ["", "lupa dihapus"])
    path = tmp_path / "lebih.xlsx"
    wb.save(path)
    (p,) = refused(path)
    assert (p.code, p.sheet, p.row) == ("BARIS_TIDAK_SESUAI_JUDUL", "Data", 2)
    assert "'lupa dihapus'" in p.message


def test_stray_cell_far_right_of_the_header_is_named_not_the_blanks_before_it(tmp_path):
    """A leftover value in Z2 must be shown with its cell; the blank cells between the header's last
    column and Z are not "cells beyond the header" the user could look for."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(HEADER)
    ws.append(row())
    ws["Z2"] = "sisa lama"
    path = tmp_path / "sisa.xlsx"
    wb.save(path)
    (p,) = refused(path)
    assert (p.code, p.sheet, p.row) == ("BARIS_TIDAK_SESUAI_JUDUL", "Data", 2)
    assert "'sisa lama' (Z2)" in p.message
    assert "''" not in p.message


def test_rtk_long_form_refuses_a_shifted_row(tmp_path):
    from sinergi.documents.rtk_files import read_data

    path = tmp_path / "rtk.csv"
    path.write_text("region_code,year,variable,sector,value\n6472,2023,TPAK,,67,07\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        read_data(path, "6472")
    (p,) = exc.value.problems
    assert (p.code, p.row) == ("BARIS_TIDAK_SESUAI_JUDUL", 2) and "berisi 6 sel" in p.message


# ---------------------------------------------------------------- cells: addresses, NUL, lengths

@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>x</script>",
                                 "file:///etc/passwd", "kaltim.bps.go.id/tabel", "https:/kaltim.bps.go.id", "http://"])
def test_source_must_be_a_web_address(write_csv, url):
    (p,) = refused(write_csv([HEADER, row(source=url)]))
    assert (p.code, p.row, p.column) == ("SUMBER_BUKAN_ALAMAT_WEB", 2, "source_url")
    assert "https://" in p.fix


def test_nul_byte_in_a_cell_is_a_problem_not_a_server_error(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes((",".join(HEADER) + f"\n6472,,2031,8,tpt,5.5,persen,{SRC},ada\x00nul\n").encode())
    (p,) = refused(path)
    assert (p.code, p.row, p.column) == ("KARAKTER_NUL", 2, "I")


def test_values_longer_than_their_column_are_problems_and_the_longest_allowed_are_stored(write_csv):
    long_url = SRC + "/" + "a" * (499 - len(SRC))
    ps = refused(write_csv([HEADER, row(unit="u" * 61), row(value="6", source=long_url + "b")]))
    assert [(p.code, p.row, p.column) for p in ps] == [("TEKS_TERLALU_PANJANG", 2, "unit"), ("TEKS_TERLALU_PANJANG", 3, "source_url")]
    assert "61 karakter" in ps[0].message and "batas 60" in ps[0].message
    import_statistics(None, write_csv([HEADER, row(unit="u" * 60, source=long_url)], name="pas.csv"))
    o = Observation.objects.get(source_url=long_url)
    assert len(o.source_url) == 500 and o.unit == "u" * 60


# ---------------------------------------------------------------- reader limits

def test_csv_beyond_the_cell_limit_is_refused(write_csv, monkeypatch):
    monkeypatch.setattr(tables, "MAX_CELLS", 100)
    (p,) = refused(write_csv([HEADER] + [row(value=str(i)) for i in range(20)]))
    assert p.code == "TERLALU_BANYAK_SEL" and "100" in p.message and p.fix


def test_file_beyond_the_size_limit_is_refused_unread(write_csv, monkeypatch):
    monkeypatch.setattr(tables, "MAX_FILE_BYTES", 100)
    (p,) = refused(write_csv([HEADER] + [row(value=str(i)) for i in range(5)]))
    assert p.code == "BERKAS_TERLALU_BESAR"


def test_a_cell_longer_than_the_csv_field_limit_is_a_problem(write_csv):
    (p,) = refused(write_csv([HEADER, row(note="x" * (tables.MAX_CELL_CHARS + 1))]))
    assert p.code == "CSV_RUSAK" and "sangat panjang" in p.message


def _gen():
    """The corpus generator (scripts/make_bad_inputs.py), which writes hostile workbooks."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("make_bad_inputs", Path(__file__).resolve().parents[2] / "scripts" / "make_bad_inputs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_far_cell_is_refused_naming_it(tmp_path):
    path = _gen().raw_xlsx(tmp_path / "jauh.xlsx", HEADER, [row()], far_cell="XFD1048576")
    (p,) = refused(path)
    assert (p.code, p.sheet, p.row, p.column) == ("SEL_TERLALU_JAUH", "Data", 1048576, "XFD")
    assert "XFD1048576" in p.message and "Ctrl+End" in p.fix


def test_sheets_of_a_workbook_add_up_to_the_cell_limit(tmp_path, monkeypatch):
    wb = Workbook()
    for name in ("Data", "Salinan"):
        ws = wb.create_sheet(name)
        ws.append(HEADER)
        for i in range(5):
            ws.append(row(value=str(i)))
    wb.remove(wb["Sheet"])
    path = tmp_path / "dua.xlsx"
    wb.save(path)
    monkeypatch.setattr(tables, "MAX_CELLS", 80)  # each sheet is 9 × 6 = 54 cells; both are 108
    (p,) = refused(path)
    assert p.code == "TERLALU_BANYAK_SEL" and "2 sheet" in p.message


def test_declared_dimension_is_not_trusted_when_the_cells_are_few(tmp_path):
    """Excel may declare A1:XFD1048576 for a formatted sheet: the real cells decide."""
    path = _gen().raw_xlsx(tmp_path / "dimensi.xlsx", HEADER, [row()], dimension="A1:XFD1048576")
    assert tables.inspect_workbook(path)["Data"].declared == "A1:XFD1048576"
    assert import_statistics(None, path).added == 1


def test_workbook_beyond_the_unpacked_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = _gen().raw_xlsx(tmp_path / "spasi.xlsx", HEADER, [row()], whitespace=3 * 1024 * 1024)
    monkeypatch.setattr(tables, "MAX_UNPACKED_BYTES", 2 * 1024 * 1024)
    (p,) = refused(path)
    assert p.code == "BUKU_KERJA_TERLALU_BESAR" and "2 MB" in p.message


def test_workbook_whose_header_understates_its_size_is_refused(tmp_path, monkeypatch):
    """The unpacked size is counted as it streams, not taken from the zip header."""
    path = _gen().raw_xlsx(tmp_path / "bohong.xlsx", HEADER, [row()], whitespace=3 * 1024 * 1024)
    real = zipfile.ZipFile.infolist

    def lying(self):
        infos = real(self)
        for i in infos:
            i.file_size = min(i.file_size, 1000)
        return infos

    monkeypatch.setattr(zipfile.ZipFile, "infolist", lying)
    monkeypatch.setattr(tables, "MAX_UNPACKED_BYTES", 2 * 1024 * 1024)
    with pytest.raises(ValidationFailed) as exc:
        tables.inspect_workbook(path)
    assert exc.value.problems[0].code in ("BUKU_KERJA_TERLALU_BESAR", "BERKAS_RUSAK")


# ---------------------------------------------------------------- pages

def test_problem_page_lists_the_first_200_and_counts_the_rest(client, make_user, write_csv):
    client.force_login(make_user("p", Role.PLANNER, "64"))
    path = write_csv([HEADER] + [row(region="6499", value=str(i)) for i in range(SHOWN + 50)])
    with open(path, "rb") as f:
        page = client.post(reverse("statistics-import"), {"berkas": f}).content.decode()
    assert f"{SHOWN + 50} masalah ditemukan" in page
    assert page.count("WILAYAH_TIDAK_DIKENAL") == SHOWN
    assert "… dan 50 masalah lain" in page


def test_sources_that_are_not_web_addresses_never_become_links(client, make_user):
    """Data stored before the importer checked addresses (or by the admin) is shown, not linked."""
    client.force_login(make_user("v", Role.VIEWER))
    for o in Observation.objects.filter(region_id__in=["6472", "64"], indicator_id="tpt"):  # one source per figure (unique)
        bad = f"javascript:alert({o.pk})" if o.region_id == "6472" else f"data:text/html,{o.pk}"
        Observation.objects.filter(pk=o.pk).update(source_url=bad)
    pages = [client.get(reverse("statistics"), {"wilayah": "6472", "indikator": "tpt", "semua": "1"}).content.decode(),
             client.get(reverse("dashboard"), {"indikator": "tpt", "wilayah": "6472"}).content.decode()]
    for page in pages:
        assert "javascript:alert(" in page  # the row is there, its source shown as text
        assert 'href="javascript' not in page and 'href="data:' not in page
        assert '"link": "javascript' not in page and '"link": "data:' not in page
    assert re.search(r'"source": "javascript:alert\(\d+\)", "link": ""', pages[1])  # the trend chart's point is not clickable
    kept = client.get(reverse("statistics"), {"wilayah": "6401", "indikator": "tpt"}).content.decode()
    assert 'href="https://' in kept  # real sources still link


@pytest.mark.parametrize("source, code", [("https://kaltim.bps.go.id/" + "a" * 480, "TEKS_TERLALU_PANJANG"),
                                          ("javascript:alert(1)", "SUMBER_BUKAN_ALAMAT_WEB")])
def test_ipk_values_with_a_bad_source_are_problems_not_a_server_error(make_user, source, code):
    """The IPK source column holds 500 characters (a longer one was an HTTP 500 on PostgreSQL)."""
    from sinergi.web.ipk import actions as ipk_actions
    from sinergi.web.ipk.models import IpkInput

    ipk_actions.ensure_defaults()
    planner = make_user("perencana-ipk", Role.PLANNER, "64")
    before = list(IpkInput.objects.order_by("id").values_list("id", "version", "source_url"))
    with pytest.raises(ValidationFailed) as exc:
        ipk_actions.save_inputs(planner, "6401", 2023, [{"sub_code": "I1.1", "value": "1", "source_url": source}], {"I1.1": 0})
    (p,) = exc.value.problems
    assert (p.code, p.row, p.column) == (code, 1, "source_url") and p.fix
    assert list(IpkInput.objects.order_by("id").values_list("id", "version", "source_url")) == before


def test_problems_beyond_those_kept_are_counted_not_stored(client, make_user, write_csv, monkeypatch):
    """A hostile file can hold millions of problems: the first KEPT are kept, the rest counted."""
    from sinergi.core import problems as problems_module

    monkeypatch.setattr(problems_module, "KEPT", 10)
    path = write_csv([HEADER] + [row(region="6499", value=str(i)) for i in range(30)])
    with pytest.raises(ValidationFailed) as exc:
        import_statistics(None, path)
    assert len(exc.value.problems) == 10 and exc.value.total == 30
    assert exc.value.summary().startswith("30 masalah ditemukan")
    client.force_login(make_user("p", Role.PLANNER, "64"))
    with open(path, "rb") as f:
        page = client.post(reverse("statistics-import"), {"berkas": f}).content.decode()
    assert "30 masalah ditemukan" in page and page.count("WILAYAH_TIDAK_DIKENAL") == 10

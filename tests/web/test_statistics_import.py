"""Importing statistics: every problem reported at once, with place and fix, in Indonesian;
nothing written unless the whole file is valid; the same file twice adds nothing."""
import pytest

from sinergi.core.problems import ValidationFailed
from sinergi.web.audit.models import AuditEvent
from sinergi.web.statistics.actions import export_observations, import_statistics
from sinergi.web.statistics.models import Observation

pytestmark = pytest.mark.django_db

HEADER = ["region_code", "region", "year", "month", "indicator", "value", "unit", "source_url", "note"]
SRC = "https://kaltim.bps.go.id/contoh"


def good_row(value="5,5", region="6472", indicator="tpt", year="2031"):
    return [region, "", year, "8", indicator, value, "percent", SRC, ""]


def problems_of(path):
    before = Observation.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        import_statistics(None, path)
    assert Observation.objects.count() == before, "nothing may be written when a file has problems"
    return exc.value.problems


def test_indonesian_decimal_commas_and_thousand_dots_are_understood(write_csv):
    path = write_csv([HEADER, good_row("5,25"), good_row("1.234.567", indicator="bekerja")])
    result = import_statistics(None, path)
    assert result.added == 2
    assert Observation.objects.get(region_id="6472", year=2031, indicator_id="tpt").value == pytest.approx(5.25)
    assert Observation.objects.get(region_id="6472", year=2031, indicator_id="bekerja").value == 1234567


def test_unknown_region_names_row_and_column(write_csv):
    (p,) = problems_of(write_csv([HEADER, good_row(), good_row(region="6499")]))
    assert (p.code, p.row, p.column) == ("WILAYAH_TIDAK_DIKENAL", 3, "region_code")
    assert "6401" in p.fix and p.file == "data.csv"


def test_unknown_indicator_suggests_the_closest_code(write_csv):
    ps = problems_of(write_csv([HEADER, good_row(indicator="tpak_femal")], name="b.csv"))
    assert ps[0].code == "INDIKATOR_TIDAK_DIKENAL" and ps[0].row == 2
    assert "tpak_female" in ps[0].fix


def test_non_numeric_value(write_csv):
    (p,) = problems_of(write_csv([HEADER, good_row("lima persen")]))
    assert (p.code, p.row, p.column) == ("NILAI_BUKAN_ANGKA", 2, "value")
    assert "angka" in p.message


def test_missing_value_is_not_taken_as_zero(write_csv):
    (p,) = problems_of(write_csv([HEADER, good_row("")]))
    assert (p.code, p.column) == ("WAJIB_KOSONG", "value")
    assert "0" in p.fix  # the fix tells the user not to write 0 for missing data


def test_missing_source(write_csv):
    row = good_row()
    row[7] = ""
    (p,) = problems_of(write_csv([HEADER, row]))
    assert (p.code, p.column) == ("WAJIB_KOSONG", "source_url")


def test_duplicate_rows_in_one_file(write_csv):
    (p,) = problems_of(write_csv([HEADER, good_row(), good_row()]))
    assert p.code == "BARIS_GANDA" and p.row == 3 and "baris 2" in p.message


def test_missing_column_is_named(write_csv):
    ps = problems_of(write_csv([[c for c in HEADER if c != "source_url"], good_row()[:7] + [""]]))
    assert [(p.code, p.column) for p in ps] == [("KOLOM_HILANG", "source_url")]


def test_invalid_year_and_month(write_csv):
    row = good_row(year="20x3")
    row[3] = "13"
    ps = problems_of(write_csv([HEADER, row]))
    assert {p.code for p in ps} == {"TAHUN_TIDAK_VALID", "BULAN_TIDAK_VALID"}


def test_every_problem_of_a_file_is_reported_at_once(write_csv):
    rows = [HEADER, good_row(), good_row(region="9999"), good_row("abc", year="2032"), good_row(indicator="tidak_ada", year="2033")]
    ps = problems_of(write_csv(rows))
    assert [(p.row, p.code) for p in ps] == [(3, "WILAYAH_TIDAK_DIKENAL"), (4, "NILAI_BUKAN_ANGKA"), (5, "INDIKATOR_TIDAK_DIKENAL")]
    text = str(ps[0])
    assert "baris 3" in text and "kolom 'region_code'" in text and "Perbaikan:" in text


def test_semicolon_csv_from_indonesian_excel_in_windows_1252(write_csv):
    row = good_row("6,1")
    row[8] = "catatan: Penajam Paser Utara – revisi"
    path = write_csv([HEADER, row], encoding="cp1252", delimiter=";")
    assert import_statistics(None, path).added == 1
    assert Observation.objects.get(region_id="6472", year=2031).note.endswith("– revisi")


def test_same_file_twice_adds_nothing_and_each_import_is_audited(write_csv):
    path = write_csv([HEADER, good_row()])
    n_events = AuditEvent.objects.filter(action="impor_statistik").count()
    assert import_statistics(None, path).added == 1
    second = import_statistics(None, path)
    assert (second.added, second.skipped) == (0, 1)
    assert Observation.objects.filter(region_id="6472", year=2031).count() == 1
    assert AuditEvent.objects.filter(action="impor_statistik").count() == n_events + 2


def test_xlsx_import_names_the_sheet(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Petunjuk"
    wb.active["A1"] = "Isi sheet Data"
    ws = wb.create_sheet("Data")
    ws.append(HEADER)
    ws.append(["6401", "Paser", 2031, 8, "tpt", "x", "percent", SRC, ""])
    path = tmp_path / "stat.xlsx"
    wb.save(path)
    (p,) = problems_of(path)
    assert (p.sheet, p.row, p.column, p.code) == ("Data", 2, "value", "NILAI_BUKAN_ANGKA")


def test_corrupt_xlsx_gets_a_clear_message(tmp_path):
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"ini bukan buku kerja")
    (p,) = problems_of(path)
    assert p.code == "BERKAS_RUSAK" and "simpan ulang" in p.fix


def test_export_has_the_contract_columns(tmp_path):
    out = tmp_path / "x.csv"
    export_observations(out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "region_code,region,year,month,indicator,value,unit,source_url,note"
    paser = [ln for ln in lines if ln.startswith("6401,Paser,2023,8,tpt,4.72,percent,https://")]
    assert len(paser) == 1


def test_export_xlsx_opens_and_neutralises_formulas(tmp_path, write_csv):
    row = good_row()
    row[8] = "=HYPERLINK(\"http://x\")"
    import_statistics(None, write_csv([HEADER, row]))
    out = tmp_path / "x.xlsx"
    export_observations(out, Observation.objects.filter(source_url=SRC))
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == HEADER
    assert ws["I2"].value.startswith("'=")
    assert ws["I2"].data_type == "s"


def test_the_synchronisation_names_of_region_and_year_are_accepted(write_csv):
    header = ["wilayah_kode" if c == "region_code" else "tahun" if c == "year" else c for c in HEADER]
    result = import_statistics(None, write_csv([header, good_row("6,5")]))
    assert result.added == 1
    assert Observation.objects.get(region_id="6472", year=2031, indicator_id="tpt").value == pytest.approx(6.5)

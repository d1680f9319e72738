"""BPS files as downloaded — the six real dynamic tables, the Web API example, and each shape
(regions down / variables down, years or rounds across, XLSX with merges or CSV without) —
read into Sinergi's long form without retyping."""
import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from sinergi.core.problems import ValidationFailed
from sinergi.data import data_path
from sinergi.documents.bps_files import (
    BPS_API,
    BPS_TABLE,
    LONG_FORM,
    VariableUndecided,
    _split_key,
    detect_format,
    read_bps,
)
from sinergi.documents.tables import read_tables

SRC = "https://kaltim.bps.go.id/id/statistics-table/uji"


@pytest.fixture(scope="module")
def bps(shared_reference) -> Path:
    return shared_reference / "bps"


def table(bps, stem):
    (path,) = (bps / "contoh_tabel_bps").glob(f"{stem}*.xlsx")
    return path


def values(result, **where):
    """{(region, year, month, indicator): value} of the long-form rows matching ``where``."""
    out = {}
    for r in result.table.frame.to_dict("records"):
        if all(r[k] == v for k, v in where.items()):
            out[(r["region_code"], r["year"], r["month"], r["indicator"])] = r["value"]
    return out


def test_population_table_with_numbering_column_keeps_the_published_unit(bps):
    r = read_bps(table(bps, "Jumlah Penduduk"), source_url=SRC)
    rows = r.table.frame.to_dict("records")
    assert len(rows) == 1, "only Kalimantan Timur of the 15 provinces"
    row = rows[0]
    assert (row["region_code"], row["year"], row["month"], row["indicator"], row["value"], row["unit"]) == (
        "64", 2022, 6, "population_midyear", 3859.8, "thousand persons")
    assert r.table.rows == [7], "the row points at the line of the BPS sheet"
    assert any("Kalimantan Barat" in n and "Dilewati" in n for n in r.notes)
    assert any(n.startswith("Catatan kaki") and "Proyeksi Penduduk Interim" in n for n in r.notes)
    assert "Jumlah Penduduk di Provinsi Kasulampua" in row["note"]


def test_density_years_across_numbers_as_text(bps):
    r = read_bps(table(bps, "Kepadatan"), source_url=SRC)
    assert values(r) == {("64", 2019, "", "pop_density"): 29, ("64", 2020, "", "pop_density"): 29, ("64", 2021, "", "pop_density"): 30}
    assert r.title.startswith("Kepadatan Penduduk menurut Provinsi")
    assert any("INDONESIA" in n for n in r.notes), "the national row is skipped with a note"


def test_labour_table_blocks_rounds_and_the_mislabelled_header(bps):
    r = read_bps(table(bps, "Penduduk Berumur 15 Tahun Ke Atas Menurut Provinsi dan Jenis"), source_url=SRC)
    v = values(r)
    assert len(v) == 72, "4 years × 2 rounds × 9 variables for Kalimantan Timur"
    assert v[("64", 2019, 2, "bekerja")] == 1771394
    assert v[("64", 2022, 8, "penduduk_usia_kerja")] == 2862393
    assert v[("64", 2022, 8, "tpak")] == 64.73, "rounded to the 2 decimals BPS shows, no float noise"
    # "Bukan Angkatan Kerja (AK)" carries the AK sub-headers by mistake: matched by meaning
    assert v[("64", 2019, 2, "bak_sekolah")] == 226015
    assert v[("64", 2019, 2, "bukan_angkatan_kerja")] == 808539 == v[("64", 2019, 2, "penduduk_usia_kerja")] - v[("64", 2019, 2, "angkatan_kerja")]
    skipped = [n for n in r.notes if "% Bekerja / AK" in n]
    assert skipped and "tidak diimpor" in skipped[0]
    assert any("TOTAL" in n for n in r.notes)


def test_status_table_columns_without_a_period_take_the_round_on_their_left(bps):
    r = read_bps(table(bps, "Penduduk Berumur 15 Tahun Ke Atas yang Bekerja"), source_url=SRC)
    v = values(r)
    assert v[("64", 2022, 2, "bekerja")] == 1782435 and v[("64", 2022, 8, "bekerja")] == 1746920
    assert v[("64", 2022, 2, "status_pekerja_bebas_nonpertanian")] == 49786
    assert v[("64", 2022, 8, "status_berusaha_dibantu_buruh_tidak_tetap")] == 147138
    assert v[("64", 2022, 8, "status_berusaha_dibantu_buruh_tetap")] == 58511
    assert len(v) == 16


def test_formal_share_defaults_to_the_august_round(bps):
    r = read_bps(table(bps, "Persentase Tenaga Kerja Formal"), source_url=SRC)
    assert values(r) == {("64", 2020, 8, "formal_share"): 52.86, ("64", 2021, 8, "formal_share"): 53.51, ("64", 2022, 8, "formal_share"): 55.74}
    assert read_bps(table(bps, "Persentase Tenaga Kerja Formal"), source_url=SRC, month=2).table.frame["month"].tolist() == [2, 2, 2]


def test_national_table_is_refused_with_the_reason(bps):
    with pytest.raises(ValidationFailed) as exc:
        read_bps(table(bps, "Penduduk Berumur 15 tahun ke atas menurut jenis kegiatan"), source_url=SRC)
    (p,) = exc.value.problems
    assert p.code == "TIDAK_ADA_WILAYAH_KITA" and "nasional" in p.message and p.sheet == "Sheet1" and p.fix


def test_variables_down_the_rows_with_the_region_in_the_title(bps, tmp_path):
    wb = load_workbook(table(bps, "Penduduk Berumur 15 tahun ke atas menurut jenis kegiatan"))
    wb.active["A1"] = "Penduduk Berumur 15 tahun ke atas menurut jenis kegiatan di Kabupaten Paser, Provinsi Kalimantan Timur 2021-2022"
    path = tmp_path / "paser.xlsx"
    wb.save(path)
    r = read_bps(path, source_url=SRC)
    v = values(r)
    assert set(k[0] for k in v) == {"6401"}, "the regency named in the title, not the province"
    assert v[("6401", 2021, 8, "tpt")] == 6.49 and v[("6401", 2022, 2, "bak_sekolah")] == 16255396
    assert v[("6401", 2022, 8, "pengangguran")] == 8425931, "'c. Pengangguran Terbuka *)' read as a child of 'Angkatan Kerja'"
    assert not any(k[2] == "" for k in v), "the 'Tahunan' columns hold only '-' and give no value"
    assert any("sel bertanda '-'" in n for n in r.notes)


def _csv_from_grid(path, out, footer=None):
    """The sheet as BPS's CSV download has it: every cell's text, merged cells empty but the first."""
    (table,) = read_tables(path)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        for row in table.grid:
            w.writerow(["" if c is None else (str(int(c)) if isinstance(c, float) and c.is_integer() else str(c)) for c in row])
        for line in footer or []:
            w.writerow([line])
    return out


def test_csv_without_merges_gives_the_same_values_as_the_xlsx(bps, tmp_path):
    for stem in ("Penduduk Berumur 15 Tahun Ke Atas yang Bekerja", "Penduduk Berumur 15 Tahun Ke Atas Menurut Provinsi dan Jenis", "Kepadatan"):
        xlsx = table(bps, stem)
        csv_path = _csv_from_grid(xlsx, tmp_path / "t.csv")
        assert read_tables(csv_path)[0].ranges == [] and read_tables(xlsx)[0].ranges
        assert detect_format(csv_path) == BPS_TABLE
        assert values(read_bps(csv_path, source_url=SRC)) == values(read_bps(xlsx, source_url=SRC)), stem


def test_source_url_written_in_the_footer_is_used(bps, tmp_path):
    csv_path = _csv_from_grid(table(bps, "Persentase Tenaga Kerja Formal"), tmp_path / "formal.csv",
                              footer=["Sumber: https://www.bps.go.id/id/statistics-table/2/MTE3MyMy/persentase-tenaga-kerja-formal.html"])
    r = read_bps(csv_path)
    assert set(r.table.frame["source_url"]) == {"https://www.bps.go.id/id/statistics-table/2/MTE3MyMy/persentase-tenaga-kerja-formal.html"}
    with pytest.raises(ValidationFailed) as exc:
        read_bps(table(bps, "Persentase Tenaga Kerja Formal"))
    assert exc.value.problems[0].code == "SUMBER_TIDAK_ADA" and "--sumber" in exc.value.problems[0].fix


def _small_table(path, title, header, rows):
    wb = Workbook()
    ws = wb.active
    ws.append([title])
    ws.append([])
    for h in header:
        ws.append(h)
    for r in rows:
        ws.append(r)
    ws.append(["Sumber: Badan Pusat Statistik"])
    wb.save(path)
    return path


def test_region_names_in_any_bps_spelling(tmp_path):
    path = _small_table(tmp_path / "tpt.xlsx", "Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota (Persen), 2024",
                        [["Kabupaten/Kota", "Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota (Persen)"], ["", "2024"]],
                        [["Kab. Paser", "4,1"], ["Kabupaten Kutai Kartanegara", "4.62"], ["KOTA SAMARINDA", "5.85"], ["Kota Bontang", "-"],
                         ["Kubar", "5.0"], ["[6411] Mahakam Ulu", "1.9"], ["Provinsi Kalimantan Timur", "5.14"], ["Kabupaten Bulungan", "4.0"]])
    r = read_bps(path, source_url=SRC)
    v = values(r, year=2024)
    assert v[("6401", 2024, 8, "tpt")] == 4.1 and v[("6472", 2024, 8, "tpt")] == 5.85 and v[("64", 2024, 8, "tpt")] == 5.14
    assert v[("6403", 2024, 8, "tpt")] == 4.62 and v[("6402", 2024, 8, "tpt")] == 5.0 and v[("6411", 2024, 8, "tpt")] == 1.9
    assert ("6474", 2024, 8, "tpt") not in v, "'-' is missing, never 0"
    assert any("Kabupaten Bulungan" in n for n in r.notes)


def test_unknown_variable_lists_candidates_and_indikator_decides(tmp_path):
    path = _small_table(tmp_path / "x.xlsx", "Persentase Pekerja Setengah Menganggur Menurut Provinsi 2023",
                        [["Provinsi", "Persentase Pekerja Setengah Menganggur"], ["", "2023"]], [["Kalimantan Timur", "4.51"]])
    with pytest.raises(VariableUndecided) as exc:
        read_bps(path, source_url=SRC)
    (p,) = exc.value.problems
    assert p.code == "VARIABEL_BELUM_PASTI" and "--indikator" in p.fix and p.sheet and p.row == 4
    codes = [c for c, _ in exc.value.variables[0].candidates]
    assert "setengah_penganggur_share" in codes
    r = read_bps(path, source_url=SRC, indicators={"": "setengah_penganggur_share"})
    assert values(r) == {("64", 2023, 8, "setengah_penganggur_share"): 4.51}
    by_label = read_bps(path, source_url=SRC, indicators={"Persentase Pekerja Setengah Menganggur": "setengah_penganggur_share"})
    assert values(by_label) == values(r)
    with pytest.raises(ValidationFailed) as bad:
        read_bps(path, source_url=SRC, indicators={"": "tidak_ada"})
    assert bad.value.problems[0].code == "INDIKATOR_TIDAK_DIKENAL"


def test_api_example_agrees_with_the_embedded_labour_data(bps):
    r = read_bps(bps / "contoh_webapi_tpt_2023.json", source_url=SRC)
    assert detect_format(bps / "contoh_webapi_tpt_2023.json") == BPS_API
    with open(data_path("kaltim", "labour.csv"), encoding="utf-8") as f:
        labour = {(row["region_code"], int(row["year"]), int(row["month"] or 0), row["indicator"]): set() for row in csv.DictReader(f)}
    with open(data_path("kaltim", "labour.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            labour[(row["region_code"], int(row["year"]), int(row["month"] or 0), row["indicator"])].add(float(row["value"]))
    got = values(r)
    assert len(got) == 11 and ("64", 2023, 8, "tpt") in got, "the province under id 6400 is region 64"
    for key, value in got.items():
        assert value in labour[key], (key, value, labour.get(key))


def test_api_province_under_another_id_and_keys_split_by_the_id_lists(bps, tmp_path):
    doc = json.loads((bps / "contoh_webapi_tpt_2023.json").read_text(encoding="utf-8"))
    doc["vervar"] = [{"val": 9999, "label": "Provinsi Kalimantan Timur"}, {"val": 6472, "label": "Kota Samarinda"}, {"val": 6501, "label": "Bulungan"}]
    doc["datacontent"] = {"999920601230": 5.31, "647220601230": 5.92, "650120601230": 3.9}
    path = tmp_path / "api.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    r = read_bps(path, source_url=SRC)
    assert values(r) == {("64", 2023, 8, "tpt"): 5.31, ("6472", 2023, 8, "tpt"): 5.92}
    assert any("Bulungan" in n for n in r.notes)
    ids = [[("6400", "a"), ("6401", "b")], [("1", "v1"), ("12", "v12")], [("0", "")], [("123", "2023")], [("0", "")]]
    assert [p[0] for p in _split_key("64011201230", ids)] == ["6401", "12", "0", "123", "0"]
    assert [p[0] for p in _split_key("6400101230", ids)] == ["6400", "1", "0", "123", "0"]
    assert _split_key("64011", ids) is None


def test_format_detection_keeps_the_long_form(tmp_path, bps):
    long = tmp_path / "long.csv"
    long.write_text("region_code,year,indicator,value,source_url\n6472,2024,tpt,5.1,https://x\n", encoding="utf-8")
    assert detect_format(long) == LONG_FORM
    assert detect_format(table(bps, "Kepadatan")) == BPS_TABLE


def test_candidates_rank_a_rate_first_for_a_rate_label():
    """The import hint for "Tingkat Pengangguran Terbuka" puts the rate tpt (percent) first, not
    the count pengangguran (persons); "Jumlah pengangguran" the other way round."""
    from types import SimpleNamespace

    from sinergi.documents.bps_files import _candidates, load_catalogue

    ctx = SimpleNamespace(catalogue=load_catalogue())
    rate = [c for c, _ in _candidates(ctx, ["tingkat pengangguran terbuka"], [])]
    assert rate[0] == "tpt" and "pengangguran" in rate
    count = [c for c, _ in _candidates(ctx, ["jumlah pengangguran terbuka"], [])]
    assert count[0] == "pengangguran"

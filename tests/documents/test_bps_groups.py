"""A BPS breakdown by population group (sex, area, age, education) arrives as the row's
``kelompok``, not as a new variable; a header naming everyone ("Perkotaan+Perdesaan") is no group."""
import json

from sinergi.documents.bps_files import read_bps

SRC = "https://kaltim.bps.go.id/id/statistics-table/uji-kelompok"


def _rows(result):
    return {(r["region_code"], r["year"], r["month"], r["indicator"], r["kelompok"]): r["value"]
            for r in result.table.frame.to_dict("records")}


def test_real_status_table_says_perkotaan_perdesaan_which_is_everyone(shared_reference):
    (path,) = (shared_reference / "bps" / "contoh_tabel_bps").glob("Penduduk Berumur 15 Tahun Ke Atas yang Bekerja*.xlsx")
    rows = read_bps(path, source_url=SRC).table.frame.to_dict("records")
    assert rows and {r["kelompok"] for r in rows} == {""}, "urban+rural is the whole population, not urban"
    assert any(r["indicator"] == "status_buruh_karyawan" and r["value"] == 890731 for r in rows)


def test_sex_split_table_imports_as_groups(sex_split_table):
    r = read_bps(sex_split_table, source_url=SRC)
    assert _rows(r) == {("64", 2023, 8, "tpak", "laki_laki"): 82.82, ("64", 2023, 8, "tpak", "perempuan"): 46.86,
                        ("64", 2023, 8, "tpak", ""): 65.57}
    assert [v.indicator for v in r.variables] == ["tpak"], "one variable, three groups"


def test_api_breakdown_turvar_is_the_group(tmp_path):
    doc = {
        "status": "OK", "data-availability": "available",
        "var": [{"val": 543, "label": "Tingkat Pengangguran Terbuka Menurut Jenis Kelamin", "unit": "Persen", "decimal": 2}],
        "turvar": [{"val": 1, "label": "Laki-laki"}, {"val": 2, "label": "Perempuan"}, {"val": 3, "label": "Jumlah"}],
        "vervar": [{"val": 6400, "label": "Kalimantan Timur"}],
        "tahun": [{"val": 123, "label": "2023"}], "turtahun": [{"val": 2, "label": "Agustus"}],
        # Kaltim August 2023 as published (labour.csv: tpt_male 4.79, tpt_female 6.31, tpt 5.31)
        "datacontent": {"640054311232": 4.79, "640054321232": 6.31, "640054331232": 5.31},
    }
    path = tmp_path / "tpt_jk.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    r = read_bps(path, source_url=SRC)
    assert _rows(r) == {("64", 2023, 8, "tpt", "laki_laki"): 4.79, ("64", 2023, 8, "tpt", "perempuan"): 6.31,
                        ("64", 2023, 8, "tpt", ""): 5.31}

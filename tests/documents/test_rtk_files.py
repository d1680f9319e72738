"""Embedded Kaltim data, stored parameter sets, --data files, the import template and HASIL files."""
import pandas as pd
import pytest
from openpyxl import load_workbook

from sinergi.core.problems import ValidationFailed
from sinergi.core.rtk import project
from sinergi.documents import rtk_files as rf
from sinergi.documents.tables import read_tables


@pytest.fixture(scope="module")
def kaltim():
    return rf.kaltim_series("64")


def obs(series, year, var, sector=""):
    return series.observation(year, var, sector)


def test_kaltim_loader_prefers_revised_vintages_and_exact_counts(kaltim):
    assert obs(kaltim, 2019, "AK")["value"] == 1_800_441
    assert obs(kaltim, 2019, "KK")["value"] == 1_693_481
    assert obs(kaltim, 2018, "KK")["value"] == 1_620_969
    assert obs(kaltim, 2021, "KK")["value"] == 1_720_361
    assert obs(kaltim, 2023, "PENGANGGUR")["value"] == 103_565
    assert obs(kaltim, 2020, "PDRB")["value"] == pytest.approx(472_390)  # trillion → miliar, revised vintage
    assert obs(kaltim, 2024, "PUK")["value"] == 3_106_306
    # only-original vintages carry a caveat
    assert "pra-revisi" in obs(kaltim, 2018, "AK")["caveat"]
    assert obs(kaltim, 2024, "PDRB")["caveat"] == "angka sementara"
    # PDRB before the first level is chained back from published growth, and says so
    p18 = obs(kaltim, 2018, "PDRB")
    assert p18["value"] == pytest.approx(486_710 / 1.0477) and "diturunkan" in p18["note"]
    # August rounds only (February 2022 is 2,887,430)
    assert obs(kaltim, 2022, "PUK")["value"] == 2_862_393
    # published TPT and the SP2020-based population projection (persons, one vintage)
    assert obs(kaltim, 2024, "TPT")["value"] == 5.14
    pop = kaltim.total("PENDUDUK").to_dict()
    assert pop == {2020: 3_757_220, 2025: 4_267_600, 2030: 5_197_920, 2035: 5_741_830}
    assert kaltim.parent is None


def test_regency_series_carry_the_province_and_skip_a_printed_typo():
    kukar = rf.kaltim_series("6403")
    assert kukar.parent is not None and kukar.parent.region_code == "64"
    # SP2020 "792,382" is a digit transposition (NOTES_penduduk C4); 729,382 is used
    assert kukar.total("PENDUDUK")[2020] == 729_382
    assert kukar.total("PENDUDUK")[2035] == 1_193_810
    # quarterly PDRB (Balikpapan Q1-2025) is not an annual level
    assert 2025 not in rf.kaltim_series("6471").total("PDRB").index


def test_kaltim_groups_education_and_status(kaltim):
    g = kaltim.groups
    edu = g[(g["dimension"] == "pendidikan") & (g["year"] == 2022)]
    assert set(edu["group"]) == {"sd_kebawah", "smp", "sma_smk", "diploma", "universitas"}
    st = g[(g["dimension"] == "status") & (g["year"] == 2024)].set_index("group")["value"]
    assert st["formal"] + st["informal"] == pytest.approx(1_976_447)


def test_stored_scenarios_and_ikn_defaults():
    sc = rf.load_scenarios()
    assert list(sc) == ["moderat", "optimis", "pesimis"]
    assert sc["moderat"].growth_for(2025) == pytest.approx(5.62)
    assert sc["optimis"].growth_for(2027) > sc["moderat"].growth_for(2027) > sc["pesimis"].growth_for(2027)
    assert "BUKAN target resmi RPJMD" in sc["moderat"].note
    ikn = rf.load_ikn()
    assert ikn.jobs_per_trillion == 14000
    assert 0.23 <= ikn.local_share <= 0.30
    assert ikn.sector_split["F"] > 0 and ikn.asn_sector == "O"
    assert any("republika" in s for s in ikn.sources)
    assert "ASUMSI" in ikn.note


def test_sector_scheme_from_data():
    s = rf.load_sector_scheme()
    assert len(s.categories) == 17 and len(s.sections) == 21 and len(s.nine) == 9
    assert s.normalise("n") == "M-N" and s.normalise("R,S,T,U") == "R-U" and s.normalise("T") == "R-U"
    assert s.normalise("konstruksi") == "KONSTRUKSI" and s.normalise("ZZ") is None
    assert set(s.to_nine) == set(s.categories)


def test_kaltim_projection_runs_for_every_scenario_with_and_without_ikn(kaltim):
    r = project(kaltim, 2024, 2029, rf.load_scenarios(), ikn=rf.load_ikn())
    assert set(r.scenarios) == {"moderat", "optimis", "pesimis", "moderat+ikn", "optimis+ikn", "pesimis+ikn"}
    assert r.method == "v2" and r.sector_detail == "total"
    m = r["moderat"]
    e = m.elasticities[0].value
    assert m.value("KK_PERMINTAAN", 2025) == pytest.approx(1_976_447 * (1 + e * 0.0562))
    for name in ("moderat", "optimis", "pesimis"):
        assert r[name + "+ikn"].value("KK_PERMINTAAN", 2029) > r[name].value("KK_PERMINTAAN", 2029)
    # PUK follows the BPS SP2020-based projection, and the notes say so
    assert r.method_of("moderat", "PUK", 2027) == "proyeksi_penduduk"
    assert any("proyeksi penduduk BPS" in n for n in m.notes)
    assert r.provenance["source"].str.startswith("http").any()
    # the years 2025 already has are shown beside the projection
    a = r.actuals
    assert a[(a["year"] == 2025) & (a["variable"] == "AK")]["value"].iloc[0] == 2_077_413


def test_sparse_regency_projects_down_the_ladder_but_not_with_the_first_method():
    r = project(rf.kaltim_series("6401"), None, 2029, rf.load_scenarios())
    assert r.base_year == 2025
    # Paser has its own TPT (2024: 4.53 %) but no AK: AK from its population share, TPT from its own level
    assert r.method_of("moderat", "AK", 2029) == "turunan_provinsi"
    assert r.method_of("moderat", "TPT", 2029) == "laju_provinsi"
    with pytest.raises(ValidationFailed) as exc:
        project(rf.kaltim_series("6401"), 2024, 2029, rf.load_scenarios(), method="sederhana")
    text = exc.value.summary()
    assert "6401 Paser" in text and "AK" in text and "--data" in text and "templat" in text


def test_unknown_region_without_data():
    with pytest.raises(ValidationFailed) as exc:
        rf.kaltim_series("9999")
    assert exc.value.problems[0].code == "WILAYAH_TIDAK_DIKENAL"


def test_read_long_data_file(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text(
        "region_code,year,variable,sector,value\n"
        "7101,2021,KK,,\"1.000.000\"\n7101,2024,kk,,1100000\n7101,2024,PDRB,,\"120,5\"\n"
        "7101,2024,KK,M,10\n7101,2024,KK,N,5\n9999,2024,KK,,1\n",
        encoding="utf-8")
    s = rf.read_data(p, "7101")
    assert s.observation(2021, "KK")["value"] == 1_000_000
    assert s.observation(2024, "PDRB")["value"] == 120.5
    assert s.observation(2024, "KK", "M-N")["value"] == 15
    assert "d.csv" in s.observation(2024, "KK")["source"]


def test_read_data_reports_every_problem_at_once(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text(
        "region_code,year,variable,sector,value\n"
        "7101,20x4,KK,,1\n7101,2024,BEKERJA,,1\n7101,2024,KK,ZZ,1\n7101,2024,AK,,abc\n"
        "7101,2024,AK,F,1\n7101,2023,KK,,1\n7101,2023,KK,,2\n7101,2022,KK,,574.000\n",
        encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        rf.read_data(p, "7101")
    probs = exc.value.problems
    assert {p.code for p in probs} == {"TAHUN_TIDAK_SAH", "VARIABEL_TIDAK_DIKENAL", "SEKTOR_TIDAK_DIKENAL", "BUKAN_ANGKA",
                                       "SEKTOR_TIDAK_BERLAKU", "BARIS_GANDA", "ANGKA_RAGU"}
    assert {p.row for p in probs} == {2, 3, 4, 5, 6, 8, 9}
    assert all(p.file == "bad.csv" for p in probs)


def test_template_roundtrip(tmp_path):
    path = rf.write_template(tmp_path / "t.xlsx", "6401", range(2021, 2025))
    names = {t.sheet for t in read_tables(path)}
    assert {"Petunjuk", "Wilayah", "Total", "KK_Sektor", "PDRB_Sektor"} <= names
    wb = load_workbook(path)
    ws = wb["KK_Sektor"]
    assert [c.value for c in ws[1]] == ["kode", "lapangan_usaha", "2021", "2022", "2023", "2024"]
    assert ws.max_row == 18  # 17 categories
    ws["C2"] = 100000
    ws["F2"] = 110000
    wb["PDRB_Sektor"]["C2"] = "1.234,5"
    tot = wb["Total"]
    tot["C4"] = 500000  # KK 2021
    wb.save(path)
    long = rf.read_template(path)
    got = {(r.year, r.variable, r.sector): r.value for r in long.itertuples()}
    assert got[(2021, "KK", "A")] == 100000 and got[(2024, "KK", "A")] == 110000
    assert got[(2021, "PDRB", "A")] == 1234.5 and got[(2021, "KK", "")] == 500000
    assert set(long["region_code"]) == {"6401"}
    s = rf.read_data(path, "6401")
    assert s.observation(2024, "KK", "A")["value"] == 110000


def test_template_problems_name_sheet_row_column(tmp_path):
    path = rf.write_template(tmp_path / "t.xlsx", "", range(2023, 2025))
    wb = load_workbook(path)
    wb["KK_Sektor"]["C3"] = "banyak"
    wb["KK_Sektor"]["A4"] = "ZZ"
    wb["KK_Sektor"]["C4"] = 5
    wb.save(path)
    with pytest.raises(ValidationFailed) as exc:
        rf.read_template(path)
    probs = {(p.code, p.sheet, p.row) for p in exc.value.problems}
    assert ("WILAYAH_KOSONG", "Wilayah", 2) in probs
    assert ("BUKAN_ANGKA", "KK_Sektor", 3) in probs
    assert ("SEKTOR_TIDAK_DIKENAL", "KK_Sektor", 4) in probs


def test_write_result_csv_and_xlsx(tmp_path, kaltim):
    r = project(kaltim, 2024, 2026, rf.load_scenarios()["moderat"], ikn=rf.load_ikn())
    csv = rf.write_result(r, tmp_path / "h.csv")
    df = pd.read_csv(csv, dtype={"group": str}, keep_default_na=False)
    assert list(df.columns) == ["region_code", "year", "scenario", "variable", "group", "value", "method"]
    # 2025 is observed: its values stand beside the projection as 'aktual'
    assert set(df["scenario"]) == {"moderat", "moderat+ikn", "aktual"}
    assert set(df[df["scenario"] == "aktual"]["year"]) == {2025} and set(df[df["scenario"] == "aktual"]["method"]) == {"aktual"}
    assert df["method"].ne("").all()
    xlsx = rf.write_result(r, tmp_path / "h.xlsx")
    sheets = {t.sheet for t in read_tables(xlsx)}
    assert {"HASIL", "moderat", "moderat+ikn", "Elastisitas", "Parameter", "Sumber", "Catatan"} <= sheets
    par = next(t for t in read_tables(xlsx) if t.sheet == "Parameter").frame
    assert "jendela_elastisitas" in set(par["parameter"])
    assert par["parameter"].str.startswith("ikn.local_share").any()


def test_default_ikn_set_is_for_the_province_only():
    assert rf.load_ikn().regions == ["64"]

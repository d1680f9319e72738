"""`sinergi rtk proyeksi|uji-balik|templat` — the CLI contract."""
import subprocess
import sys

import pandas as pd
import pytest

from sinergi.cli import main

UNSEEN = """region_code,year,variable,sector,value
7301,2019,PUK,,900000
7301,2020,PUK,,1000000
7301,2020,AK,,600000
7301,2020,KK,,500000
7301,2020,PENGANGGUR,,100000
7301,2020,PDRB,,100000
7301,2021,KK,,530000
7301,2021,PDRB,,118000
7301,2023,PUK,,1331000
7301,2023,AK,,"864.536,1"
7301,2023,KK,,574000
7301,2023,PDRB,,"127.776,3"
"""


def read(path):
    return pd.read_csv(path, dtype={"group": str, "region_code": str}, keep_default_na=False)


def val(df, year, var, scenario="moderat", group=""):
    hit = df[(df["year"] == year) & (df["variable"] == var) & (df["scenario"] == scenario) & (df["group"] == group)]
    assert len(hit) == 1, (year, var, scenario, group)
    return float(hit["value"].iloc[0])


def test_contract_on_unseen_data_hand_computed(tmp_path, capsys):
    data = tmp_path / "data.csv"
    data.write_text(UNSEEN, encoding="utf-8")
    out = tmp_path / "hasil.csv"
    rc = main(["rtk", "proyeksi", "--wilayah", "7301", "--tahun-dasar", "2023", "--tahun-akhir", "2026",
               "--skenario", "moderat", "--pertumbuhan-pdrb", "6,5", "--data", str(data), "--keluaran", str(out),
               "--metode", "sederhana"])
    assert rc == 0, capsys.readouterr().err
    df = read(out)
    assert list(df.columns) == ["region_code", "year", "scenario", "variable", "group", "value", "method"]
    assert set(df["method"]) == {"sederhana"}
    assert set(df["region_code"]) == {"7301"}
    # window: the default 2020–2023 (KK and PDRB at both ends)
    n = 3
    r_puk = (1331000 / 1000000) ** (1 / n) - 1
    tpak_a, tpak_b = 100 * 600000 / 1000000, 100 * 864536.1 / 1331000
    r_tpak = (tpak_b / tpak_a) ** (1 / n) - 1
    e = ((574000 / 500000) ** (1 / n) - 1) / ((127776.3 / 100000) ** (1 / n) - 1)
    kk, g = 574000.0, 0.065
    for k, year in enumerate(range(2024, 2027), start=1):
        kk = kk * (1 + e * g)
        puk = 1331000 * (1 + r_puk) ** k
        tpak = tpak_b * (1 + r_tpak) ** k
        ak = puk * tpak / 100
        assert val(df, year, "KK") == pytest.approx(kk, rel=1e-9)
        assert val(df, year, "PUK") == pytest.approx(puk, rel=1e-9)
        assert val(df, year, "TPAK") == pytest.approx(tpak, rel=1e-9)
        assert val(df, year, "AK") == pytest.approx(ak, rel=1e-9)
        assert val(df, year, "PENGANGGUR") == pytest.approx(max(0.0, ak - kk), rel=1e-9, abs=1e-6)
        assert val(df, year, "KEKURANGAN") == pytest.approx(max(0.0, kk - ak), rel=1e-9, abs=1e-6)
        assert val(df, year, "TPT") == pytest.approx(100 * max(0.0, ak - kk) / ak, rel=1e-9, abs=1e-9)
    assert "E = " in capsys.readouterr().out


def test_window_flag_and_all_scenarios(tmp_path):
    data = tmp_path / "data.csv"
    data.write_text(UNSEEN, encoding="utf-8")
    out = tmp_path / "hasil.csv"
    rc = main(["rtk", "proyeksi", "--wilayah", "7301", "--tahun-dasar", "2023", "--tahun-akhir", "2025",
               "--jendela-elastisitas", "2021-2023", "--data", str(data), "--keluaran", str(out), "--metode", "sederhana"])
    assert rc == 0
    df = read(out)
    assert set(df["scenario"]) == {"moderat", "optimis", "pesimis"}
    e = ((574000 / 530000) ** 0.5 - 1) / ((127776.3 / 118000) ** 0.5 - 1)
    assert val(df, 2024, "KK", "pesimis") == pytest.approx(574000 * (1 + e * 0.0462))
    for y in (2024, 2025):
        assert val(df, y, "KK", "optimis") >= val(df, y, "KK", "moderat") >= val(df, y, "KK", "pesimis")


def test_kaltim_projection_with_ikn_to_xlsx(tmp_path, capsys):
    out = tmp_path / "hasil.xlsx"
    rc = main(["rtk", "proyeksi", "--wilayah", "64", "--tahun-dasar", "2024", "--tahun-akhir", "2029",
               "--skenario", "semua", "--ikn", "--keluaran", str(out)])
    assert rc == 0
    from sinergi.documents.tables import read_tables

    sheets = {t.sheet: t.frame for t in read_tables(out)}
    assert {"HASIL", "moderat", "moderat+ikn", "pesimis+ikn", "Parameter", "Sumber", "Catatan"} <= set(sheets)
    hasil = sheets["HASIL"]
    # 2025 is already observed: shown beside the projection as 'aktual'
    assert set(hasil["scenario"]) == {"moderat", "optimis", "pesimis", "moderat+ikn", "optimis+ikn", "pesimis+ikn", "aktual"}
    assert set(hasil[hasil["scenario"] == "aktual"]["year"]) == {2025}
    text = capsys.readouterr().out
    assert "metode v2" in text and "moderat+ikn" in text and "proyeksi_penduduk" in text
    # bands from the rolling backtest, per scenario, variable and year, and the guardrail warnings
    pita = sheets["Pita"]
    tpt = pita[(pita["scenario"] == "moderat") & (pita["variable"] == "TPT")]
    assert set(tpt["year"]) == set(range(2025, 2030))
    assert (tpt["lower"].astype(float) <= tpt["value"].astype(float)).all()
    assert (tpt["value"].astype(float) <= tpt["upper"].astype(float)).all()
    assert "Peringatan:" in text and set(sheets["Peringatan"]["variable"]) == {"TPAK", "PENGANGGUR"}


def test_sederhana_reproduces_the_first_method(tmp_path):
    """--metode sederhana gives the numbers of the first method (issue 9: TPT 1.91 % in 2029
    for moderat+ikn and 0 % for optimis), unchanged."""
    out = tmp_path / "h.csv"
    assert main(["rtk", "proyeksi", "--wilayah", "64", "--tahun-dasar", "2024", "--tahun-akhir", "2029", "--skenario", "semua",
                 "--ikn", "--metode", "sederhana", "--keluaran", str(out)]) == 0
    df = read(out)
    assert set(df["method"]) == {"sederhana"}
    assert val(df, 2029, "AK") == pytest.approx(2_547_790, abs=1)
    assert val(df, 2029, "KK") == pytest.approx(2_490_496, abs=1)
    assert val(df, 2029, "PUK") == pytest.approx(3_650_462, abs=1)
    assert val(df, 2029, "TPT", "moderat+ikn") == pytest.approx(1.9138, abs=1e-4)
    assert val(df, 2029, "TPT", "optimis") == 0.0 and val(df, 2029, "KEKURANGAN", "optimis") == pytest.approx(44_444, abs=1)
    assert val(df, 2029, "TPT", "pesimis") == pytest.approx(6.1156, abs=1e-4)


def test_done_when_province_default_base_every_scenario(tmp_path, capsys):
    out = tmp_path / "H.csv"
    assert main(["rtk", "proyeksi", "--wilayah", "64", "--tahun-akhir", "2030", "--skenario", "semua", "--keluaran", str(out)]) == 0
    df = read(out)
    assert list(df.columns)[-1] == "method" and (df["method"] != "").all()
    tot = df[(df["group"] == "") & (df["scenario"] != "aktual")]
    assert set(tot["year"]) == set(range(2025, 2031))  # base year: the latest with AK and KK (2025)
    tpt = tot[tot["variable"] == "TPT"]
    # IKN is on by default for the province: each scenario with and without it
    assert set(tot["scenario"]) == {"moderat", "optimis", "pesimis", "moderat+ikn", "optimis+ikn", "pesimis+ikn"}
    assert len(tpt) == 36 and (tpt["value"] >= 2).all()
    for sc in ("moderat", "optimis", "pesimis", "moderat+ikn", "optimis+ikn", "pesimis+ikn"):
        puk = tot[(tot["variable"] == "PUK") & (tot["scenario"] == sc)].set_index("year")["value"].sort_index()
        growth = 100 * (puk / puk.shift(1) - 1).dropna()
        assert ((growth >= 0) & (growth <= 5)).all(), growth
    assert set(tot[(tot["variable"] == "PUK") & (tot["year"] > 2025)]["method"]) == {"proyeksi_penduduk"}
    assert set(tot[(tot["variable"] == "KK_PERMINTAAN") & (tot["year"] > 2025)]["method"]) == {"elastisitas"}


@pytest.mark.parametrize("code", ["6401", "6402", "6403", "6404", "6405", "6409", "6411", "6471", "6472", "6474"])
def test_every_regency_projects_to_2029_with_a_named_method(tmp_path, code):
    out = tmp_path / "k.csv"
    assert main(["rtk", "proyeksi", "--wilayah", code, "--tahun-akhir", "2029", "--skenario", "moderat", "--keluaran", str(out)]) == 0
    df = read(out)
    tot = df[(df["group"] == "") & (df["year"] == 2029) & df["scenario"].str.startswith("moderat")]
    for var in ("PUK", "AK", "KK", "PENGANGGUR", "TPT"):
        rows = tot[tot["variable"] == var]
        assert len(rows) >= 1 and rows["value"].notna().all()
        assert set(rows["method"]) <= {"proyeksi_penduduk", "tren_teredam", "laju_provinsi", "turunan_provinsi",
                                       "identitas", "neraca"}, (var, set(rows["method"]))
    # IKN on by default only where IKN lies (and for the province that contains it)
    assert ("moderat+ikn" in set(df["scenario"])) == (code in ("6409", "6403"))


def test_parameters_giving_impossible_paths_are_refused(tmp_path, capsys):
    rc = main(["rtk", "proyeksi", "--wilayah", "64", "--lantai-tpt", "40", "--elastisitas", "3",
               "--keluaran", str(tmp_path / "x.csv")])
    assert rc == 1
    err = capsys.readouterr().err
    assert "lantai pengangguran friksional" in err and "elastisitas kesempatan kerja" in err
    assert not (tmp_path / "x.csv").exists()


def test_sparse_regency_exits_non_zero_with_the_first_method(tmp_path, capsys):
    out = tmp_path / "x.csv"
    rc = main(["rtk", "proyeksi", "--wilayah", "6401", "--tahun-dasar", "2024", "--tahun-akhir", "2029", "--keluaran", str(out),
               "--metode", "sederhana"])
    assert rc == 1
    err = capsys.readouterr().err
    assert "angkatan kerja (AK) tahun dasar 2024" in err and "--data" in err and "templat" in err
    assert not out.exists()


def test_bad_arguments_are_reported_together(tmp_path, capsys):
    rc = main(["rtk", "proyeksi", "--wilayah", "64", "--tahun-dasar", "2024", "--tahun-akhir", "2020",
               "--jendela-elastisitas", "2024-2021", "--keluaran", str(tmp_path / "x.txt")])
    assert rc == 1
    err = capsys.readouterr().err
    assert "3 masalah" in err and "--jendela-elastisitas" in err and ".csv atau .xlsx" in err


def test_uji_balik_kaltim(tmp_path, capsys):
    out = tmp_path / "galat.csv"
    rc = main(["rtk", "uji-balik", "--wilayah", "64", "--tahun-dasar", "2019", "--tahun-akhir", "2024", "--keluaran", str(out),
               "--metode", "sederhana"])
    assert rc == 0
    df = pd.read_csv(out)
    assert set(df["method"]) == {"metode", "naif_tetap", "naif_laju"}
    assert set(df["year"]) == set(range(2020, 2025))
    assert {"KK", "AK", "TPT"} <= set(df["variable"])
    text = capsys.readouterr().out
    assert "naif_tetap" in text
    assert main(["rtk", "uji-balik", "--wilayah", "64", "--tahun-dasar", "2019", "--tahun-akhir", "2024",
                 "--metode", "sederhana", "--keluaran", str(tmp_path / "galat.xlsx")]) == 0
    # the default method from 2021 (it needs two years of PUK growth or a population projection)
    assert main(["rtk", "uji-balik", "--wilayah", "64", "--tahun-dasar", "2021", "--tahun-akhir", "2024",
                 "--keluaran", str(out)]) == 0
    assert set(pd.read_csv(out)["year"]) == {2022, 2023, 2024}


def test_uji_balik_bergulir_meets_the_target_on_kaltim(tmp_path, capsys):
    out = tmp_path / "U.csv"
    assert main(["rtk", "uji-balik", "--wilayah", "64", "--bergulir", "--keluaran", str(out)]) == 0
    df = pd.read_csv(out)
    assert list(df.columns) == ["region_code", "base_year", "year", "horizon", "variable", "method", "actual", "predicted", "error"]
    assert set(df["method"]) == {"metode", "naif_tetap", "naif_laju"}
    assert set(df["horizon"]) == {1, 2, 3, 4, 5}
    assert df["base_year"].max() == 2024 and df["year"].max() == 2025  # latest − 1 → latest
    assert (df["error"] - (df["predicted"] - df["actual"])).abs().max() < 1e-6

    def mae(var, method):
        d = df[(df["variable"] == var) & (df["method"] == method)]
        return d["error"].abs().mean()

    assert mae("TPT", "metode") <= mae("TPT", "naif_tetap") + 0.5
    assert mae("KK", "metode") < mae("KK", "naif_tetap")
    # the first method fails that target (why v2 exists)
    old = tmp_path / "old.csv"
    assert main(["rtk", "uji-balik", "--wilayah", "64", "--bergulir", "--metode", "sederhana", "--keluaran", str(old)]) == 0
    o = pd.read_csv(old)
    o_mae = lambda var, m: o[(o["variable"] == var) & (o["method"] == m)]["error"].abs().mean()  # noqa: E731
    assert o_mae("TPT", "metode") > o_mae("TPT", "naif_tetap") + 0.5
    assert "Uji balik bergulir RTK 64" in capsys.readouterr().out


def test_templat_then_proyeksi_from_filled_template(tmp_path):
    from openpyxl import load_workbook

    t = tmp_path / "templat.xlsx"
    assert main(["rtk", "templat", "--keluaran", str(t), "--wilayah", "6401", "--tahun-awal", "2021", "--tahun-akhir", "2024"]) == 0
    wb = load_workbook(t)
    ws = wb["Total"]
    values = {"PUK": (190000, None, None, 200000), "AK": (130000, None, None, 140000), "KK": (125000, None, None, 133000),
              "PDRB": (36580, None, None, 38900)}
    for row in ws.iter_rows(min_row=2):
        if row[0].value in values:
            for cell, v in zip(row[2:6], values[row[0].value], strict=False):
                cell.value = v
    wb.save(t)
    out = tmp_path / "h.csv"
    assert main(["rtk", "proyeksi", "--wilayah", "6401", "--tahun-dasar", "2024", "--data", str(t), "--keluaran", str(out)]) == 0
    df = read(out)
    assert set(df["year"]) == set(range(2024, 2030))
    assert val(df, 2025, "KK_PERMINTAAN") > 133000
    # 2021 → 2024 crosses the 2022→2023 Sakernas re-weighting, the only span there is: used, and said so
    assert val(df, 2025, "PUK") > 200000


def test_rtk_group_is_on_the_command_line():
    r = subprocess.run([sys.executable, "-m", "sinergi.cli", "rtk", "proyeksi", "--help"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0
    for flag in ("--wilayah", "--tahun-dasar", "--tahun-akhir", "--skenario", "--pertumbuhan-pdrb",
                 "--jendela-elastisitas", "--data", "--keluaran"):
        assert flag in r.stdout

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
               "--skenario", "moderat", "--pertumbuhan-pdrb", "6,5", "--data", str(data), "--keluaran", str(out)])
    assert rc == 0, capsys.readouterr().err
    df = read(out)
    assert list(df.columns) == ["region_code", "year", "scenario", "variable", "group", "value"]
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
               "--jendela-elastisitas", "2021-2023", "--data", str(data), "--keluaran", str(out)])
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
    assert set(hasil["scenario"]) == {"moderat", "optimis", "pesimis", "moderat+ikn", "optimis+ikn", "pesimis+ikn"}
    text = capsys.readouterr().out
    assert "Jendela elastisitas 2021–2024" in text and "moderat+ikn" in text


def test_sparse_regency_exits_non_zero_with_indonesian_message(tmp_path, capsys):
    out = tmp_path / "x.csv"
    rc = main(["rtk", "proyeksi", "--wilayah", "6401", "--tahun-dasar", "2024", "--tahun-akhir", "2029", "--keluaran", str(out)])
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
    rc = main(["rtk", "uji-balik", "--wilayah", "64", "--tahun-dasar", "2019", "--tahun-akhir", "2024", "--keluaran", str(out)])
    assert rc == 0
    df = pd.read_csv(out)
    assert set(df["method"]) == {"metode", "naif_tetap", "naif_laju"}
    assert set(df["year"]) == set(range(2020, 2025))
    assert {"KK", "AK", "TPT"} <= set(df["variable"])
    text = capsys.readouterr().out
    assert "Tidak diuji: PUK" in text and "naif_tetap" in text
    assert main(["rtk", "uji-balik", "--wilayah", "64", "--tahun-dasar", "2019", "--tahun-akhir", "2024",
                 "--keluaran", str(tmp_path / "galat.xlsx")]) == 0


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
            for cell, v in zip(row[2:6], values[row[0].value]):
                cell.value = v
    wb.save(t)
    out = tmp_path / "h.csv"
    assert main(["rtk", "proyeksi", "--wilayah", "6401", "--tahun-dasar", "2024", "--data", str(t), "--keluaran", str(out)]) == 0
    df = read(out)
    assert set(df["year"]) == set(range(2024, 2030))
    assert val(df, 2025, "KK") > 133000


def test_rtk_group_is_on_the_command_line():
    r = subprocess.run([sys.executable, "-m", "sinergi.cli", "rtk", "proyeksi", "--help"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0
    for flag in ("--wilayah", "--tahun-dasar", "--tahun-akhir", "--skenario", "--pertumbuhan-pdrb",
                 "--jendela-elastisitas", "--data", "--keluaran"):
        assert flag in r.stdout

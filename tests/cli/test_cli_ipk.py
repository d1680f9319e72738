"""The ``sinergi ipk`` command-line contract, on a method the engine has never seen."""
import csv
from pathlib import Path

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from sinergi.cli import main
from sinergi.core.ipk import PROVISIONAL_LABEL

# four indicators, mixed directions, percent and fraction weights, Indonesian decimals
METHOD = """indicator_code;indicator_name;indicator_weight;sub_code;sub_name;sub_weight;min;max;direction;unit;data_source;status;rationale
K;Kerja;35%;K.a;formal;0,5;20;80;positive;persen;uji;verified;uji
K;Kerja;35%;K.b;pengangguran;0,5;2;12;negative;persen;uji;verified;uji
U;Upah;25%;U.a;rasio upah;1;0,5;2;positive;rasio;uji;verified;uji
S;Sosial;25%;S.a;bpjs;60%;0;100;positive;persen;uji;verified;uji
S;Sosial;25%;S.b;kecelakaan;40%;0;1000;negative;kasus;uji;verified;uji
P;Rencana;15%;P.a;rtk;1;0;1;positive;skor;uji;verified;uji
"""

DATA = """region_code,year,sub_code,value
64,2023,K.a,"55,5"
64,2023,K.b,"5,31"
64,2023,U.a,"1,3"
64,2023,S.a,52
64,2023,S.b,571
64,2023,P.a,1
6401,2023,K.a,95
6401,2023,K.b,1
6401,2023,U.a,"2,4"
6401,2023,S.a,100
6401,2023,S.b,0
6401,2023,P.a,1
6402,2023,K.a,10
6402,2023,K.b,15
6402,2023,U.a,"0,3"
6402,2023,S.a,0
6402,2023,S.b,1500
6402,2023,P.a,0
6403,2023,K.a,40
6403,2023,K.b,6
6403,2023,S.a,30
6403,2023,S.b,
6401,2024,K.a,60
6401,2024,K.b,4
6401,2024,U.a,1
6401,2024,S.a,40
6401,2024,S.b,300
6401,2024,P.a,0.5
"""


@pytest.fixture
def files(tmp_path: Path):
    m = tmp_path / "METODE.csv"
    d = tmp_path / "DATA.csv"
    m.write_text(METHOD, encoding="utf-8")
    d.write_text(DATA, encoding="utf-8")
    return m, d


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_hitung_contract_csv(files, tmp_path, capsys):
    m, d = files
    out = tmp_path / "HASIL.csv"
    assert main(["ipk", "hitung", "--metode", str(m), "--data", str(d), "--keluaran", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "6401" in printed and "tidak dinilai" in printed
    with open(out, encoding="utf-8") as fh:
        assert fh.readline().strip() == "region_code,year,level,code,value,category,note"
    rows = read_csv(out)
    ipk = {(r["region_code"], r["year"]): r for r in rows if r["level"] == "ipk"}
    assert set(ipk) == {("64", "2023"), ("6401", "2023"), ("6402", "2023"), ("6403", "2023"), ("6401", "2024")}
    assert {r["code"] for r in rows if r["level"] == "ipk"} == {"IPK"}
    # values beyond the goalposts are capped: best and worst possible
    assert float(ipk[("6401", "2023")]["value"]) == pytest.approx(100) and ipk[("6401", "2023")]["category"] == "tinggi"
    assert float(ipk[("6402", "2023")]["value"]) == pytest.approx(0) and ipk[("6402", "2023")]["category"] == "rendah"
    # hand-computed: K.a (55.5-20)/60, K.b (12-5.31)/10, U.a (1.3-.5)/1.5, S.a .52, S.b (1000-571)/1000, P.a 1
    want = 35 * 0.5 * 35.5 / 60 + 35 * 0.5 * 0.669 + 25 * 0.8 / 1.5 + 25 * 0.6 * 0.52 + 25 * 0.4 * 0.429 + 15
    assert float(ipk[("64", "2023")]["value"]) == pytest.approx(want)
    # the incomplete region-year is not scored, and the note names what is missing
    bad = ipk[("6403", "2023")]
    assert bad["value"] == "" and bad["category"] == ""
    assert "U.a" in bad["note"] and "S.b" in bad["note"] and "P.a" in bad["note"]
    # sub and indicator rows: codes from the method, category only on ipk rows
    sub_rows = [r for r in rows if r["level"] == "sub" and r["region_code"] == "64"]
    assert [r["code"] for r in sub_rows] == ["K.a", "K.b", "U.a", "S.a", "S.b", "P.a"]
    assert all(r["category"] == "" for r in rows if r["level"] != "ipk")
    ind = {r["code"]: float(r["value"]) for r in rows if r["level"] == "indicator" and r["region_code"] == "64"}
    assert sum(ind.values()) == pytest.approx(float(ipk[("64", "2023")]["value"]))
    # region codes stay text
    assert all(not r["region_code"].endswith(".0") for r in rows)


def test_hitung_contract_xlsx(files, tmp_path):
    m, d = files
    out = tmp_path / "HASIL.xlsx"
    assert main(["ipk", "hitung", "--metode", str(m), "--data", str(d), "--keluaran", str(out)]) == 0
    book = CalamineWorkbook.from_path(str(out))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    assert rows[0] == ["region_code", "year", "level", "code", "value", "category", "note"]
    assert {"IPK", "Indikator", "Sub-indikator", "Metode", "Data masukan"} <= set(book.sheet_names)


def test_hitung_with_defaults_is_labelled(tmp_path, capsys):
    out = tmp_path / "h.csv"
    assert main(["ipk", "hitung", "--keluaran", str(out)]) == 0
    printed = capsys.readouterr().out
    assert PROVISIONAL_LABEL.upper() in printed and "ILUSTRATIF" in printed
    rows = read_csv(out)
    assert len({(r["region_code"], r["year"]) for r in rows}) == 22
    assert all(PROVISIONAL_LABEL in r["note"] for r in rows)
    assert main(["ipk", "hitung", "--metode", "bawaan", "--data", "bawaan"]) == 0


def test_ketidakpastian_contract(files, tmp_path, capsys):
    m, d = files
    out = tmp_path / "U.csv"
    assert main(["ipk", "ketidakpastian", "--metode", str(m), "--data", str(d), "--n", "2000", "--seed", "1", "--keluaran", str(out)]) == 0
    frame = pd.read_csv(out, dtype={"region_code": str})
    for col in ("region_code", "year", "mean", "p05", "p95", "rank_p05", "rank_p95", "prob_rendah", "prob_menengah_bawah", "prob_menengah_atas", "prob_tinggi", "seed", "n"):
        assert col in frame.columns
    ok = frame[frame["region_code"] != "6403"]
    assert (ok["p05"] <= ok["p95"]).all() and (ok["seed"] == 1).all() and (ok["n"] == 2000).all()
    # the same seed gives the same numbers
    out2 = tmp_path / "U2.csv"
    assert main(["ipk", "ketidakpastian", "--metode", str(m), "--data", str(d), "--n", "2000", "--seed", "1", "--keluaran", str(out2)]) == 0
    pd.testing.assert_frame_equal(frame, pd.read_csv(out2, dtype={"region_code": str}))
    # zero perturbation: mean equals the deterministic score
    out3 = tmp_path / "U3.csv"
    main(["ipk", "ketidakpastian", "--metode", str(m), "--data", str(d), "--n", "50", "--bobot", "0", "--batas", "0", "--galat-data", "0", "--keluaran", str(out3)])
    z = pd.read_csv(out3, dtype={"region_code": str}).dropna(subset=["mean"])
    assert (z["mean"] == z["score"]).all()


def test_target_contract(files, capsys):
    m, d = files
    assert main(["ipk", "target", "--metode", str(m), "--data", str(d), "--wilayah", "64", "--tahun", "2023", "--kategori", "menengah atas"]) == 0
    printed = capsys.readouterr().out
    assert "menengah atas" in printed and "Sekarang" in printed and "Usulan" in printed
    # unreachable with tight limits: says so, and how close it gets
    assert main([
        "ipk", "target", "--metode", str(m), "--data", str(d), "--wilayah", "6402", "--tahun", "2023", "--kategori", "tinggi",
        "--maks-perubahan", "K.a=5", "--tetap", "K.b", "--tetap", "U.a", "--tetap", "S.a", "--tetap", "S.b", "--tetap", "P.a",
    ]) == 0
    printed = capsys.readouterr().out
    assert "tidak dapat dicapai" in printed


def test_target_plan_file_reaches_the_target(files, tmp_path):
    m, d = files
    out = tmp_path / "plan.csv"
    assert main(["ipk", "target", "--metode", str(m), "--data", str(d), "--wilayah", "6401", "--tahun", "2024", "--skor", "75", "--keluaran", str(out)]) == 0
    plan = pd.read_csv(out)
    data = pd.read_csv(d, dtype=str)
    sel = data[(data.region_code == "6401") & (data.year == "2024")].copy()
    new = dict(zip(plan["sub_code"], plan["proposed"], strict=False))
    sel["value"] = [str(new.get(c, v)).replace(",", ".") if c in new else v for c, v in zip(sel.sub_code, sel.value, strict=False)]
    applied = tmp_path / "applied.csv"
    sel.to_csv(applied, index=False)
    out2 = tmp_path / "h.csv"
    main(["ipk", "hitung", "--metode", str(m), "--data", str(applied), "--keluaran", str(out2)])
    ipk = [r for r in read_csv(out2) if r["level"] == "ipk"][0]
    assert float(ipk["value"]) >= 75


def test_input_problems_exit_1_and_are_listed(files, tmp_path, capsys):
    m, _ = files
    bad = tmp_path / "bad.csv"
    bad.write_text("region_code,year,sub_code,value\n64,2023,K.a,abc\n64,2023,X.z,1\n64,2023,K.a,2\n", encoding="utf-8")
    assert main(["ipk", "hitung", "--metode", str(m), "--data", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "baris 2" in err and "baris 3" in err and "baris 4" in err
    assert "masalah ditemukan" in err
    bad_method = tmp_path / "bad_m.csv"
    bad_method.write_text(METHOD.replace("35%;K.a", "45%;K.a"), encoding="utf-8")
    assert main(["ipk", "hitung", "--metode", str(bad_method), "--data", str(files[1])]) == 1
    assert "bobot" in capsys.readouterr().err.lower()


def test_wrong_options_exit_2(files, capsys):
    m, d = files
    assert main(["ipk", "target", "--metode", str(m), "--data", str(d), "--wilayah", "64", "--tahun", "2023", "--kategori", "super"]) == 2
    assert "Kategori" in capsys.readouterr().err
    assert main(["ipk", "ketidakpastian", "--metode", str(m), "--data", str(d), "--n", "10", "--batas", "0.7"]) == 2


def test_metode_impor_and_ekspor(files, tmp_path, capsys):
    m, _ = files
    out = tmp_path / "norm.xlsx"
    assert main(["ipk", "metode", "impor", str(m), "--nama", "Resmi", "--versi", "2017", "--keluaran", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "valid" in printed and "terverifikasi" in printed
    assert main(["ipk", "hitung", "--metode", str(out), "--data", str(files[1])]) == 0
    assert main(["ipk", "metode", "ekspor", "--keluaran", str(tmp_path / "bawaan.xlsx")]) == 0
    assert main(["ipk", "metode", "tampil"]) == 0


def test_templat_buat_and_impor(tmp_path, capsys):
    t = tmp_path / "t.xlsx"
    assert main(["ipk", "templat", "buat", "--wilayah", "6472", "--tahun", "2023", "--isi-dari", "bawaan", "--keluaran", str(t)]) == 0
    out = tmp_path / "data.csv"
    assert main(["ipk", "templat", "impor", str(t), "--keluaran", str(out)]) == 0
    assert main(["ipk", "hitung", "--data", str(out)]) == 0
    assert "6472" in capsys.readouterr().out


def test_sensitivitas_and_banding(files, tmp_path, capsys):
    m, d = files
    assert main(["ipk", "sensitivitas", "--metode", str(m), "--data", str(d), "--n", "64", "--keluaran", str(tmp_path / "s.xlsx")]) == 0
    assert "galat data" in capsys.readouterr().out
    assert main(["ipk", "banding", "--metode", str(m), "--metode", str(m), "--data", str(d), "--keluaran", str(tmp_path / "b.csv")]) == 0
    assert "M1" in capsys.readouterr().out

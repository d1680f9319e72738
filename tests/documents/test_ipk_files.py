"""IPK files: method and data import, exports, the input template, and the shipped defaults."""
import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from sinergi.core.ipk import LONG_COLUMNS, PROVISIONAL_LABEL, compute, simulate, solve_target
from sinergi.core.problems import ValidationFailed
from sinergi.data import data_path
from sinergi.documents import ipk_files as f

METHOD_CSV = """indicator_code,indicator_name,indicator_weight,sub_code,sub_name,sub_weight,min,max,direction,unit,data_source,status,rationale
A,Alpha,60%,A1,satu,50%,0,100,positive,persen,x,verified,r
A,Alpha,60%,A2,dua,50%,"2,5",10,negative,persen,x,verified,r
B,Beta,40%,B1,tiga,1,0,1,positive,skor,x,verified,r
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def sheet(path, name):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


@pytest.fixture(scope="module")
def default_method():
    return f.load_default_method()


@pytest.fixture(scope="module")
def default_data(default_method):
    return f.load_default_data(default_method)


def test_method_csv_is_read_with_indonesian_decimals(tmp_path):
    m = f.read_method_file(write(tmp_path, "resmi.csv", METHOD_CSV))
    assert m.name == "resmi" and not m.provisional
    assert m.table.loc[1, "min"] == 2.5
    assert m.sub_codes == ["A1", "A2", "B1"]


def test_method_problems_name_file_row_and_column(tmp_path):
    bad = METHOD_CSV.replace("B,Beta,40%,B1,tiga,1,0,1,positive", "B,Beta,50%,B1,tiga,1,1,1,naik-turun")
    with pytest.raises(ValidationFailed) as exc:
        f.read_method_file(write(tmp_path, "m.csv", bad))
    by_code = {p.code: p for p in exc.value.problems}
    assert by_code["IPK_MIN_SAMA_MAX"].row == 4 and by_code["IPK_MIN_SAMA_MAX"].file == "m.csv"
    assert by_code["IPK_ARAH_TIDAK_DIKENAL"].column == "direction"
    assert "IPK_BOBOT_INDIKATOR_TIDAK_1" in by_code
    assert "baris 4" in str(by_code["IPK_MIN_SAMA_MAX"])


def test_method_workbook_round_trip_with_categories_and_info(tmp_path, default_method):
    out = f.write_method(default_method, tmp_path / "metode.xlsx")
    back = f.read_method_file(out)
    assert back.fingerprint == default_method.fingerprint
    assert back.name == default_method.name and back.version == default_method.version
    assert back.provisional
    # an edited official sheet: all rows verified, other categories
    frame = default_method.to_frame()
    frame["status"] = "verified"
    frame = frame.drop(columns=[c for c in frame.columns if c.endswith("_status")])
    from sinergi.documents.xlsx import write_sheets

    p = write_sheets(
        tmp_path / "resmi.xlsx",
        {"petunjuk": pd.DataFrame({"teks": ["baca dulu"]}), "metode": frame, "kategori": pd.DataFrame({"kategori": ["kurang", "baik"], "batas_bawah": [0, 70]}), "info": pd.DataFrame({"key": ["nama", "versi"], "value": ["Lampiran resmi", "2017"]})},
    )
    official = f.read_method_file(p)
    assert not official.provisional and official.name == "Lampiran resmi" and official.version == "2017"
    assert [c.name for c in official.categories] == ["kurang", "baik"]


def test_data_file_problems_are_all_reported(tmp_path):
    m = f.read_method_file(write(tmp_path, "m.csv", METHOD_CSV))
    text = "region_code;year;sub_code;value\n6401;2023;A1;4,5\n6401;2023;A9;1\n6401;2023;A2;x\n6401;2023;A1;5\n"
    with pytest.raises(ValidationFailed) as exc:
        f.read_data_file(write(tmp_path, "d.csv", text), m)
    got = {(p.code, p.row) for p in exc.value.problems}
    assert got == {("IPK_SUB_TIDAK_DIKENAL", 3), ("IPK_NILAI_BUKAN_ANGKA", 4), ("IPK_DATA_GANDA", 5)}
    assert all(p.file == "d.csv" for p in exc.value.problems)


def test_result_csv_is_the_contract_long_form(tmp_path):
    m = f.read_method_file(write(tmp_path, "m.csv", METHOD_CSV))
    d = f.read_data_file(write(tmp_path, "d.csv", "region_code,year,sub_code,value\n6401,2023,A1,50\n6401,2023,A2,5\n6401,2023,B1,1\n6402,2023,A1,50\n"), m)
    out = f.write_result(compute(m, d), tmp_path / "hasil.csv")
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == LONG_COLUMNS
    assert rows[1][:4] == ["6401", "2023", "ipk", "IPK"] and rows[1][5] == "menengah atas"
    assert float(rows[1][4]) == pytest.approx(0.6 * 0.5 * 50 + 0.6 * 0.5 * 100 * 5 / 7.5 + 40)  # 15 + 20 + 40
    unscored = [r for r in rows if r[0] == "6402" and r[2] == "ipk"][0]
    assert unscored[4] == "" and "A2" in unscored[6] and "B1" in unscored[6]


def test_result_workbook_has_every_ingredient(tmp_path, default_method, default_data):
    res = compute(default_method, default_data)
    out = f.write_result(res, tmp_path / "hasil.xlsx")
    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == ["Hasil", "IPK", "Indikator", "Sub-indikator", "Metode", "Kategori", "Data masukan", "Info"]
    subs = sheet(out, "Sub-indikator")
    head = subs[0]
    for col in ("value", "min", "max", "direction", "indicator_weight", "sub_weight", "s", "points"):
        assert col in head
    # re-derive one number from the sheet itself
    r = dict(zip(head, subs[1], strict=False))
    s = (r["value"] - r["min"]) / (r["max"] - r["min"]) if r["direction"] == "positive" else (r["max"] - r["value"]) / (r["max"] - r["min"])
    assert 100 * r["indicator_weight"] * r["sub_weight"] * min(1, max(0, s)) == pytest.approx(r["points"])
    text = " ".join(str(c) for row in sheet(out, "IPK") for c in row)
    assert PROVISIONAL_LABEL in text and "ilustratif" in text


def test_uncertainty_and_plan_exports_carry_settings_and_label(tmp_path, default_method, default_data):
    res = compute(default_method, default_data)
    unc = simulate(default_method, res, n=200, seed=9)
    csv_out = pd.read_csv(f.write_uncertainty(unc, tmp_path / "u.csv"), dtype={"region_code": str})
    assert {"mean", "p05", "p95", "rank_p05", "rank_p95", "prob_menengah_atas", "seed", "settings"} <= set(csv_out.columns)
    assert (csv_out["seed"] == 9).all() and csv_out["note"].str.contains(PROVISIONAL_LABEL).all()
    x = f.write_uncertainty(unc, tmp_path / "u.xlsx")
    assert any(row[0] == "seed" and row[1] == 9 for row in sheet(x, "Pengaturan"))
    plan = solve_target(res, "6401", 2023, target="menengah atas")
    p = pd.read_csv(f.write_target_plan(plan, tmp_path / "p.csv"))
    assert {"current", "proposed", "change", "points_gained"} <= set(p.columns)
    assert f.write_target_plan(plan, tmp_path / "p.xlsx").exists()
    with pytest.raises(ValidationFailed):
        f.write_result(res, tmp_path / "hasil.ods")


def test_template_round_trip_is_all_or_nothing(tmp_path, default_method, default_data):
    path = f.write_input_template(default_method, "6401", 2023, tmp_path / "t.xlsx", region_name="Paser", values=default_data)
    rows = sheet(path, "Isian")
    assert rows[0][:3] == ["region_code", "region_name", "year"] and len(rows) == 1 + 25
    back = f.read_input_template(path, default_method, region_code="6401", year=2023)
    want = default_data[(default_data.region_code == "6401") & (default_data.year == 2023)]
    assert dict(zip(back.sub_code, back.value, strict=False)) == pytest.approx(dict(zip(want.sub_code, want.value, strict=False)))
    # a filled template with one bad cell is refused whole, with the cell located
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["Isian"]
    ws.cell(row=3, column=12, value="lima")
    ws.cell(row=5, column=3, value=2024)
    wb.save(tmp_path / "t_bad.xlsx")
    with pytest.raises(ValidationFailed) as exc:
        f.read_input_template(tmp_path / "t_bad.xlsx", default_method)
    codes = {(p.code, p.row) for p in exc.value.problems}
    assert ("IPK_NILAI_BUKAN_ANGKA", 3) in codes
    assert any(c == "IPK_TEMPLAT_CAMPUR" for c, _ in codes)
    # an empty template is valid but unscored: missing is never zero
    empty = f.write_input_template(default_method, "6402", 2025, tmp_path / "e.xlsx")
    data = f.read_input_template(empty, default_method)
    assert data["value"].isna().all()
    assert not compute(default_method, data).units.loc[0, "scored"]


def test_default_method_is_the_verified_structure(default_method):
    m = default_method
    assert m.name == "Sinergi sementara (struktur Kepmenaker 206/2017)"
    assert len(m.indicator_codes) == 9 and m.n_subs == 25
    names = set(m.indicators()["indicator_name"])
    assert names == {
        "Perencanaan Tenaga Kerja", "Penduduk dan Tenaga Kerja", "Kesempatan Kerja", "Pelatihan dan Kompetensi Kerja",
        "Produktivitas Tenaga Kerja", "Hubungan Industrial", "Kondisi Lingkungan Kerja",
        "Pengupahan dan Kesejahteraan Pekerja", "Jaminan Sosial Tenaga Kerja",
    }
    hi = m.table[m.table["indicator_name"] == "Hubungan Industrial"]
    assert len(hi) == 4 and (hi["name_status"] == "verified").all() and (hi["weight_status"] == "provisional").all()
    assert m.provisional and (m.table["status"] != "verified").all()
    assert (m.table["rationale"].str.len() > 20).all()
    i2 = m.table[m.table["indicator_name"] == "Penduduk dan Tenaga Kerja"]
    assert (i2["indicator_weight"] == 0.1).all() and (i2["sub_weight"] == 0.25).all() and (i2["weight_status"] == "inferred").all()


def test_default_data_scores_province_and_all_kabkota_for_two_years(default_method, default_data):
    res = compute(default_method, default_data)
    u = res.units
    regions = set(pd.read_csv(data_path("kaltim", "regions.csv"), dtype=str)["code"])
    for year in (2023, 2024):
        assert set(u.loc[u["year"] == year, "region_code"]) == regions
    assert u["scored"].all()
    assert u["note"].str.contains(PROVISIONAL_LABEL).all()


def _kaltim():
    """Every embedded statistics file, named as the ``basis`` column names it (path under data/kaltim)."""
    from sinergi.data import EMBEDDED_STATISTICS

    return pd.concat([pd.read_csv(data_path(*parts), dtype=str, keep_default_na=False).assign(file="/".join(parts[1:]))
                      for parts in EMBEDDED_STATISTICS])


def _lookup(k, part):
    file, ind, when = part.split(":")
    year, _, month = when.partition("/")
    sel = k[(k.file == file) & (k.indicator == ind) & (k.year == year) & (k.month == month)]
    return sel


def test_every_default_value_is_traceable(default_data):
    raw = pd.read_csv(data_path("ipk", "data_bawaan.csv"), dtype=str, keep_default_na=False)
    assert {"source_url", "quality", "note", "basis"} <= set(raw.columns)
    assert set(raw["quality"]) <= {"real", "derived", "illustrative"}
    assert (raw["note"] != "").all()
    k = _kaltim()
    real = raw[raw.quality == "real"]
    assert len(real) >= 20
    for r in real.itertuples(index=False):
        sel = _lookup(k[k.region_code == r.region_code], r.basis)
        assert len(sel), r
        assert float(r.value) in [float(v) for v in sel.value], r
        assert r.source_url in set(sel.source_url), r
    # derived values: recompute the ones whose formula is a plain ratio of two published figures
    derived = raw[raw.quality == "derived"]
    assert len(derived) >= 5
    prov = k[k.region_code == "64"]
    pdrb = float(_lookup(prov, "economy.csv:pdrb_adhk2010:2023").value.iloc[0])
    workers = float(_lookup(prov, "labour.csv:bekerja:2023/8").value.iloc[0])
    got = float(derived[(derived.region_code == "64") & (derived.year == "2023") & (derived.sub_code == "I5.1")].value.iloc[0])
    assert got == pytest.approx(pdrb * 1e6 / workers, rel=1e-6)
    bpjs = float(_lookup(prov, "economy.csv:bpjstk_active_participants:2023/3").value.iloc[0])
    got = float(derived[(derived.region_code == "64") & (derived.year == "2023") & (derived.sub_code == "I9.1")].value.iloc[0])
    assert got == pytest.approx(bpjs / workers * 100, rel=1e-6)
    # illustrative rows say so in their note
    ill = raw[raw.quality == "illustrative"]
    assert ill["note"].str.startswith("ilustratif").all()


def test_resolve_defaults_by_name(default_method):
    assert f.resolve_method("bawaan").fingerprint == default_method.fingerprint
    assert f.resolve_method(None).fingerprint == default_method.fingerprint
    assert len(f.resolve_data("bawaan", default_method)) == 2 * 11 * 25
    assert not np.isnan(f.resolve_data(None, default_method)["value"]).any()

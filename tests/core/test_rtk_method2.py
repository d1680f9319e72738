"""Method v2, the rolling backtest, bands, guardrails and the one runner — on hand-computed cases."""

import pandas as pd
import pytest

from sinergi.core.problems import ValidationFailed
from sinergi.core.rtk import (
    ROLLING_COLUMNS,
    MethodParams,
    RegionSeries,
    Scenario,
    ikn_default_on,
    project,
    rolling_backtest,
    run_plan,
    uncertainty_bands,
    validate_parameters,
)

YEARS = range(2019, 2025)


def base_rows(pop=None, kk_jump=1.0):
    """PUK +2 %/yr (a 2022→2023 re-weighting jump of 3.655 %), TPAK 60, TPT 5, PDRB +5 %/yr."""
    puk = {2019: 1000.0}
    for y in range(2020, 2025):
        puk[y] = puk[y - 1] * (1.02 if y != 2023 else 1100 / 1061.208)
    rows = []
    for y in YEARS:
        ak = 0.6 * puk[y]
        rows += [(y, "PUK", "", puk[y]), (y, "AK", "", ak), (y, "KK", "", 0.95 * ak * (kk_jump if y >= 2023 else 1)),
                 (y, "PDRB", "", 100 * 1.05 ** (y - 2019))]
    for y, v in (pop or {}).items():
        rows.append((y, "PENDUDUK", "", v))
    return rows, puk


def series(rows, code="99", parent=None):
    df = pd.DataFrame(rows, columns=["year", "variable", "sector", "value"])
    df["source"] = "uji"
    return RegionSeries(code, "Wilayah Uji", data=df, parent=parent)


def test_v2_hand_computed_supply_demand_and_anchored_balance():
    rows, puk = base_rows()
    r = project(series(rows), None, 2026, [Scenario.constant("moderat", 5)])
    assert r.method == "v2" and r.base_year == 2024  # latest year with AK and KK
    m = r["moderat"]
    # PUK: damped trend of the 2 %/yr spans, the 2022→2023 jump skipped
    p25 = puk[2024] * (1 + 0.02 * 0.8)
    p26 = p25 * (1 + 0.02 * 0.8 ** 2)
    assert m.value("PUK", 2025) == pytest.approx(p25) and m.value("PUK", 2026) == pytest.approx(p26)
    assert m.value("TPAK", 2026) == pytest.approx(60)
    # elasticity: Ê = 0.02/0.05 = 0.4 from 4 one-year pairs (the re-weighting pair skipped), shrunk to 0.5 with w = 4/7
    e = 4 / 7 * 0.4 + 3 / 7 * 0.5
    assert m.elasticities[0].value == pytest.approx(e)
    ak0 = 0.6 * puk[2024]
    d25 = 0.95 * ak0 * (1 + e * 0.05)
    assert m.value("KK_PERMINTAAN", 2025) == pytest.approx(d25)
    ak25 = 0.6 * p25
    tpt = 5 + 0.25 * (100 * (1 - d25 / ak25) - 5)
    assert m.value("TPT", 2025) == pytest.approx(tpt)
    assert m.value("PENGANGGUR", 2025) == pytest.approx(ak25 * tpt / 100)
    assert m.value("KK", 2025) + m.value("PENGANGGUR", 2025) == pytest.approx(m.value("AK", 2025))
    assert r.method_of("moderat", "PUK", 2025) == "tren_teredam" and r.method_of("moderat", "TPT", 2025) == "neraca"
    assert r.method_of("moderat", "KK_PERMINTAAN", 2025) == "elastisitas" and r.method_of("moderat", "AK", 2024) == "data"
    assert r.params["frictional_floor"] == 3.0  # 0.6 × the lowest TPT (5 %)


def test_population_projection_drives_puk_with_the_ratio_held():
    rows, puk = base_rows(pop={2020: 2000.0, 2030: 2000.0 * 1.03 ** 10})
    r = project(series(rows), 2024, 2027, [Scenario.constant("moderat", 5)])
    for k, y in enumerate((2025, 2026, 2027), start=1):
        assert r["moderat"].value("PUK", y) == pytest.approx(puk[2024] * 1.03 ** k)
    assert r.method_of("moderat", "PUK", 2027) == "proyeksi_penduduk"
    assert any("rasio PUK/penduduk" in n for n in r["moderat"].notes)


def test_demand_beyond_the_floor_is_shortage_never_zero_unemployment():
    rows, _ = base_rows()
    r = project(series(rows), 2024, 2029, [Scenario.constant("cepat", 15)], params=MethodParams(pass_through=1.0))
    m = r["cepat"]
    for y in range(2025, 2030):
        assert m.value("TPT", y) >= 3.0 - 1e-12
    assert m.value("TPT", 2029) == pytest.approx(3.0)
    ak, d = m.value("AK", 2029), m.value("KK_PERMINTAAN", 2029)
    assert m.value("KEKURANGAN", 2029) == pytest.approx(d - ak * (1 - 0.03)) and m.value("KEKURANGAN", 2029) > 0
    # an editable floor
    r2 = project(series(rows), 2024, 2029, [Scenario.constant("cepat", 15)], params=MethodParams(pass_through=1.0, frictional_floor=4.5))
    assert r2["cepat"].value("TPT", 2029) == pytest.approx(4.5)


def test_regency_ladder_shares_and_tpt_moved_with_the_province():
    prow, _ = base_rows(pop={2020: 2000.0, 2030: 2000.0 * 1.03 ** 10})
    prov = series(prow, "64")
    child = series([(2023, "TPT", "", 8.0), (2020, "PENDUDUK", "", 200.0)], "6499", parent=prov)
    r = project(child, None, 2027, [Scenario.constant("moderat", 5)])
    assert r.base_year == 2024
    p = project(prov, 2024, 2027, [Scenario.constant("moderat", 5)])["moderat"]
    m = r["moderat"]
    for y in (2025, 2027):
        assert m.value("AK", y) == pytest.approx(0.1 * p.value("AK", y))  # population share 200 / 2000
        assert m.value("TPT", y) == pytest.approx(8.0 / 5.0 * p.value("TPT", y))  # own 2023 level × province's movement
        assert m.value("KK", y) == pytest.approx(m.value("AK", y) * (1 - m.value("TPT", y) / 100))
    assert r.method_of("moderat", "AK", 2027) == "turunan_provinsi"
    assert r.method_of("moderat", "TPT", 2027) == "laju_provinsi"


def test_tpak_by_sex_when_both_series_exist():
    rows, puk = base_rows()
    s = series(rows)
    s.groups = pd.DataFrame(
        [("jenis_kelamin", "laki_laki", y, "TPAK", 80 + 0.5 * (y - 2021), "uji", "") for y in (2021, 2022, 2023, 2024)]
        + [("jenis_kelamin", "perempuan", y, "TPAK", 40.0, "uji", "") for y in (2021, 2022, 2023, 2024)],
        columns=["dimension", "group", "year", "variable", "value", "source", "note"])
    r = project(s, 2024, 2025, [Scenario.constant("moderat", 5)])
    w = (60 - 40) / (81.5 - 40)
    # men's trend is bounded by their historical maximum (81.5), women's is flat
    assert r["moderat"].value("TPAK", 2025) == pytest.approx(w * 81.5 + (1 - w) * 40)
    assert any("jenis kelamin" in n for n in r["moderat"].notes)


def test_impossible_parameters_are_refused_with_their_field():
    probs = validate_parameters([Scenario("x", growth={0: 40.0}, tpak_growth=4.0)], MethodParams(elasticity=3.0),
                               base_tpak=90.0, years=5)
    fields = {p.column for p in probs}
    assert {"growth_pct", "elasticity", "tpak_growth_pct"} <= fields
    assert any(p.code == "TPAK_MELEBIHI_100" for p in probs)
    rows, _ = base_rows()
    with pytest.raises(ValidationFailed) as exc:
        project(series(rows), 2024, 2026, [Scenario.constant("x", 5)], params=MethodParams(frictional_floor=30))
    assert exc.value.problems[0].column == "frictional_floor"
    assert validate_parameters([Scenario.constant("ok", 5)], MethodParams()) == []


def test_rolling_backtest_columns_like_for_like_and_exact_when_the_world_follows():
    rows, _ = base_rows()
    rb = rolling_backtest(series(rows))
    e = rb.errors
    assert list(e.columns) == ROLLING_COLUMNS
    assert e["base_year"].max() == 2023 and e["year"].max() == 2024
    assert set(e["method"]) == {"metode", "naif_tetap", "naif_laju"}
    # benchmarks only where the method also predicts
    keys = lambda m: set(map(tuple, e[e["method"] == m][["base_year", "year", "variable"]].to_numpy()))  # noqa: E731
    assert keys("naif_tetap") <= keys("metode") and keys("naif_laju") <= keys("metode")
    # no change is exact for TPT (always 5 %); the method, anchored on it, is too when demand and supply balance
    assert rb.mae("TPT", "naif_tetap") == pytest.approx(0)
    assert (e["horizon"] == e["year"] - e["base_year"]).all()
    nt = e[(e["method"] == "naif_tetap") & (e["variable"] == "AK")].iloc[0]
    a = series(rows).data
    base_ak = a[(a["year"] == nt["base_year"]) & (a["variable"] == "AK")]["value"].iloc[0]
    assert nt["predicted"] == pytest.approx(base_ak)


def test_bands_widen_with_horizon_and_warnings_name_variables_worse_than_no_change():
    rows, _ = base_rows(kk_jump=1.0)
    s = series(rows)
    run = run_plan(s, [Scenario.constant("moderat", 5)], base_year=2024, end_year=2029)
    assert run.ok and not run.problems
    b = run.bands[(run.bands["variable"] == "AK") & (run.bands["scenario"] == "moderat")].sort_values("horizon")
    width = (b["upper"] - b["lower"]) / b["value"]
    assert (width.diff().dropna() >= -1e-12).all()
    assert ((b["lower"] <= b["value"]) & (b["value"] <= b["upper"])).all()
    lo, hi = run.band("AK", 2026)
    assert lo <= run.result["moderat"].value("AK", 2026) <= hi
    # TPT is exactly 5 % every year: "no change" is perfect, so anything else is flagged
    assert "TPT" in run.warnings and "lebih buruk" in run.warning("TPT")
    assert run.warning("PUK") == ""  # the damped PUK trend beats no change on steady 2 % growth
    for var, text in run.warnings.items():
        assert run.rolling.mae(var) > run.rolling.mae(var, "naif_tetap") and var in text
    assert set(uncertainty_bands(run.result, run.rolling).columns) >= {"lower", "upper", "level", "n", "basis"}


def test_runner_returns_problems_as_data_and_default_target():
    bad = series([(2024, "KK", "", 100.0)])
    run = run_plan(bad, [Scenario.constant("moderat", 5)])
    assert not run.ok and run.problems and run.result is None
    rows, _ = base_rows()
    run = run_plan(series(rows), [Scenario.constant("moderat", 5)], with_backtest=False)
    assert run.target_tpt == pytest.approx(4.0)  # 5 % − 1 point, above the 3 % floor
    assert run.target is not None and not run.target_given
    assert run.rolling is None


def test_ikn_on_by_default_only_where_ikn_lies():
    assert ikn_default_on("6409") and ikn_default_on("6403") and ikn_default_on("64")
    assert not ikn_default_on("6471") and not ikn_default_on("6401")


def test_sectors_where_they_exist_are_reconciled_to_the_total():
    from sinergi.core.rtk import SectorScheme

    scheme = SectorScheme(categories={"A": "Pertanian", "F": "Konstruksi"}, sections={"A": "A", "F": "F"},
                          nine={"PERTANIAN": "Pertanian", "KONSTRUKSI": "Konstruksi"}, to_nine={"A": "PERTANIAN", "F": "KONSTRUKSI"})
    rows, _ = base_rows()
    tot = {y: v for y, var, sec, v in rows if var == "KK"}
    for y in YEARS:
        rows += [(y, "KK", "A", 0.6 * tot[y]), (y, "KK", "F", 0.4 * tot[y] * 1.01 ** (y - 2019)),
                 (y, "PDRB", "A", 40 * 1.02 ** (y - 2019)), (y, "PDRB", "F", 60 * 1.07 ** (y - 2019))]
    s = series(rows)
    s.sectors = scheme
    r = project(s, 2024, 2027, [Scenario("moderat", growth={0: 5.0}, sector_growth={"F": {0: 9.0}})])
    m = r["moderat"]
    assert r.sector_detail == "17 kategori"
    for y in (2025, 2027):
        assert m.value("KK", y, "sektor:A") + m.value("KK", y, "sektor:F") == pytest.approx(m.value("KK", y))
        assert m.value("PDRB_TUMBUH", y, "sektor:F") == 9.0
    assert {e.sector for e in m.elasticities} == {"", "A", "F"}
    assert r.method_of("moderat", "KK", 2026, "sektor:F") == "elastisitas"

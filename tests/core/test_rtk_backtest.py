"""Backtest and targets on hand-computed series."""
import pandas as pd
import pytest

from sinergi.core.problems import ValidationFailed
from sinergi.core.rtk import RegionSeries, Scenario, explain, required_employment, required_growth_for_tpt
from sinergi.core.rtk import backtest as _backtest
from sinergi.core.rtk import project as _project


def project(*args, **kw):
    """The single-origin backtest cases pin the first method (``sederhana``), unchanged."""
    kw.setdefault("method", "sederhana")
    return _project(*args, **kw)


def backtest(*args, **kw):
    kw.setdefault("method", "sederhana")
    return _backtest(*args, **kw)


def series(rows):
    df = pd.DataFrame(rows, columns=["year", "variable", "sector", "value"])
    return RegionSeries("99", "Uji", data=df)


def rows_for(years, puk, ak, kk, pdrb):
    out = []
    for y in years:
        out += [(y, "PUK", "", puk(y)), (y, "AK", "", ak(y)), (y, "KK", "", kk(y)), (y, "PDRB", "", pdrb(y))]
    return out


# KK grows exactly 0.5 × PDRB growth every year; PDRB grows 6 % a year up to 2019 (the
# window), then alternates 4 % / 8 %
PDRB = {2016: 100.0}
for _y in range(2017, 2025):
    PDRB[_y] = PDRB[_y - 1] * (1.06 if _y <= 2019 else 1.04 if _y % 2 else 1.08)
KK = {2016: 1000.0}
for _y in range(2017, 2025):
    KK[_y] = KK[_y - 1] * (1 + 0.5 * (PDRB[_y] / PDRB[_y - 1] - 1))
EXACT = rows_for(range(2016, 2025), lambda y: 2000 * 1.02 ** (y - 2016), lambda y: 1200 * 1.03 ** (y - 2016),
                 KK.__getitem__, PDRB.__getitem__)


def test_method_is_exact_when_the_world_follows_it_and_naive_benchmarks_are_computed():
    bt = backtest(series(EXACT), 2019, 2024)
    e = bt.errors
    kk = e[(e["variable"] == "KK") & (e["method"] == "metode")]
    assert len(kk) == 5 and kk["error"].abs().max() < 1e-6
    ak = e[(e["variable"] == "AK") & (e["method"] == "metode")]
    assert ak["error"].abs().max() < 1e-6  # PUK and TPAK grow at constant rates
    still = e[(e["variable"] == "KK") & (e["method"] == "naif_tetap")].set_index("year")
    assert still.loc[2022, "predicted"] == pytest.approx(KK[2019])
    last = e[(e["variable"] == "KK") & (e["method"] == "naif_laju")].set_index("year")
    assert last.loc[2021, "predicted"] == pytest.approx(KK[2019] * (KK[2019] / KK[2018]) ** 2)
    s = bt.summary.set_index(["variable", "method"])
    assert s.loc[("KK", "metode"), "mae"] < s.loc[("KK", "naif_tetap"), "mae"]
    assert set(bt.summary["method"]) == {"metode", "naif_tetap", "naif_laju"}
    tpt = e[e["variable"] == "TPT"]
    assert (tpt["unit"] == "poin persen").all() and tpt["pct_error"].isna().all()
    assert explain(bt)["base_year"] == 2019


def test_method_sees_only_data_up_to_the_base_year():
    changed = [(y, v, s, x * (1.5 if y > 2019 and v in ("PUK", "AK") else 1)) for y, v, s, x in EXACT]
    a = backtest(series(EXACT), 2019, 2024).projection["aktual"].value("AK", 2022)
    b = backtest(series(changed), 2019, 2024).projection["aktual"].value("AK", 2022)
    assert a == pytest.approx(b)


def test_variables_the_method_cannot_produce_are_listed_not_invented():
    rows = [r for r in EXACT if not (r[1] == "PUK" and r[0] <= 2019)]
    bt = backtest(series(rows), 2019, 2024)
    assert "PUK" in bt.not_tested and "TPAK" in bt.not_tested
    assert not ((bt.errors["variable"] == "PUK") & (bt.errors["method"] == "metode")).any()
    assert ((bt.errors["variable"] == "AK") & (bt.errors["method"] == "metode")).any()


def test_backtest_needs_actual_pdrb_growth():
    rows = [r for r in EXACT if not (r[1] == "PDRB" and r[0] == 2022)]
    with pytest.raises(ValidationFailed) as exc:
        backtest(series(rows), 2019, 2024)
    assert "2022, 2023" in exc.value.problems[0].message


def test_required_growth_for_target_tpt():
    r = project(series(EXACT), 2024, 2029, Scenario.constant("moderat", 5.0))
    t = required_growth_for_tpt(r, 4.0, scenario="moderat")
    assert t.target_year == 2029
    row = t.table.set_index("year").loc[2025]
    assert row["kk_required"] == pytest.approx(required_employment(r["moderat"].value("AK", 2025), 4.0))
    e = t.elasticity
    assert row["growth_required_pct"] == pytest.approx(100 * (row["kk_required"] / KK[2024] - 1) / e)
    # running the projection at the uniform rate reaches the target TPT in the target year
    again = project(series(EXACT), 2024, 2029, Scenario.constant("moderat", t.uniform_growth_pct))
    assert again["moderat"].value("TPT", 2029) == pytest.approx(4.0, abs=1e-6)


def test_sector_backtest_uses_actual_sector_growth():
    from sinergi.core.rtk import SectorScheme

    scheme = SectorScheme(categories={"A": "A", "M-N": "MN"}, sections={"A": "A", "M": "M-N", "N": "M-N"},
                          nine={"PERTANIAN": "P", "KEUANGAN": "K"}, to_nine={"A": "PERTANIAN", "M-N": "KEUANGAN"})
    rows = []
    for y in range(2016, 2023):
        ya, ym = 100 * 1.02 ** (y - 2016), 50 * 1.10 ** (y - 2016)
        la, lm = 400 * 1.01 ** (y - 2016), 100 * 1.05 ** (y - 2016)  # E_A = E_MN = 0.5 exactly
        rows += [(y, "PDRB", "A", ya), (y, "PDRB", "M", ym), (y, "KK", "A", la), (y, "KK", "M", lm),
                 (y, "PDRB", "", ya + ym), (y, "KK", "", la + lm), (y, "AK", "", (la + lm) * 1.1), (y, "PUK", "", 900 + y)]
    df = pd.DataFrame(rows, columns=["year", "variable", "sector", "value"])
    bt = backtest(RegionSeries("99", data=df, sectors=scheme), 2019, 2022)
    assert bt.projection.sector_detail == "17 kategori"
    kk = bt.errors[(bt.errors["variable"] == "KK") & (bt.errors["method"] == "metode")]
    assert kk["error"].abs().max() < 1e-6

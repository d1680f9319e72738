"""The first RTK method (``sederhana``, sinergi-rtk 1.0) on hand-computed cases (no files, no Django)."""
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.core.problems import ValidationFailed
from sinergi.core.rtk import (
    IknParams,
    RegionSeries,
    Scenario,
    SectorScheme,
    estimate_elasticity,
    explain,
)
from sinergi.core.rtk import project as _project


def project(*args, **kw):
    """These hand-computed cases pin the first method, which stays unchanged as ``sederhana``."""
    kw.setdefault("method", "sederhana")
    return _project(*args, **kw)

SCHEME = SectorScheme(
    categories={"A": "Pertanian", "F": "Konstruksi", "O": "Administrasi Pemerintahan", "M-N": "Jasa Perusahaan"},
    sections={"A": "A", "F": "F", "O": "O", "M": "M-N", "N": "M-N"},
    nine={"PERTANIAN": "Pertanian", "KONSTRUKSI": "Konstruksi", "JASA": "Jasa-jasa", "KEUANGAN": "Keuangan"},
    to_nine={"A": "PERTANIAN", "F": "KONSTRUKSI", "O": "JASA", "M-N": "KEUANGAN"},
)


def series(rows, code="99", groups=None, sectors=None):
    df = pd.DataFrame(rows, columns=["year", "variable", "sector", "value"])
    df["source"] = "uji"
    return RegionSeries(code, "Wilayah Uji", data=df, groups=groups if groups is not None else pd.DataFrame(), sectors=sectors)


def totals(**by_var):
    """totals(PUK={2020: 1000, ...}, AK=...) → rows."""
    return [(y, var, "", v) for var, d in by_var.items() for y, v in d.items()]


# A hand-computed total-only case: window 2020–2022 (the default one), base 2022.
# PUK +10 %/yr, TPAK 60 → 66.15 (+5 %/yr), KK +10 %/yr, PDRB +20 %/yr ⇒ E = 0.5.
HAND = totals(
    PUK={2020: 1_000_000, 2021: 1_111_111, 2022: 1_210_000},
    AK={2020: 600_000, 2021: 650_000, 2022: 800_415},
    KK={2020: 500_000, 2021: 530_000, 2022: 605_000},
    PDRB={2020: 100_000, 2021: 125_000, 2022: 144_000},
)


def test_total_only_contract_hand_computed():
    r = project(series(HAND), 2022, 2024, Scenario.constant("moderat", 10.0))
    m = r["moderat"]
    assert r.window == (2020, 2022)
    assert r.sector_detail == "total"
    assert r.supply_method == "PUK × TPAK"
    e = m.elasticities[0]
    assert e.value == pytest.approx(0.5)
    assert (e.kk_growth, e.pdrb_growth) == (pytest.approx(0.10), pytest.approx(0.20))
    # KK_t = KK_{t-1} (1 + E g)
    assert m.value("KK", 2023) == pytest.approx(605_000 * 1.05)
    assert m.value("KK", 2024) == pytest.approx(605_000 * 1.05 ** 2)
    # PUK and TPAK at their compound rates; AK = PUK × TPAK / 100
    assert m.value("PUK", 2023) == pytest.approx(1_331_000)
    assert m.value("TPAK", 2023) == pytest.approx(66.15 * 1.05)
    assert m.value("AK", 2024) == pytest.approx(1_464_100 * 66.15 * 1.05 ** 2 / 100)
    u = m.value("AK", 2023) - m.value("KK", 2023)
    assert m.value("PENGANGGUR", 2023) == pytest.approx(u)
    assert m.value("TPT", 2023) == pytest.approx(100 * u / m.value("AK", 2023))
    assert m.value("KEKURANGAN", 2023) == 0
    assert m.value("PDRB", 2024) == pytest.approx(144_000 * 1.21)
    assert m.value("TAMBAHAN_KK", 2024) == pytest.approx(605_000 * 1.05 * 0.05)
    # the base year is in the table, consistent with the data
    assert m.value("AK", 2022) == 800_415 and m.value("KK", 2022) == 605_000


def test_long_form_has_every_contract_variable_for_every_year():
    r = project(series(HAND), 2022, 2026, [Scenario.constant("moderat", 5), Scenario.constant("pesimis", 3)])
    long = r.to_long()
    # the method column comes after the columns scripts already read
    assert list(long.columns) == ["region_code", "year", "scenario", "variable", "group", "value", "method"]
    assert set(long["method"]) == {"sederhana"}
    tot = long[long["group"] == ""]
    for sc in ("moderat", "pesimis"):
        for y in range(2023, 2027):
            got = set(tot[(tot["scenario"] == sc) & (tot["year"] == y)]["variable"])
            assert {"PUK", "TPAK", "AK", "KK", "PENGANGGUR", "TPT", "KEKURANGAN"} <= got


def test_demand_above_supply_gives_shortage_not_negative_unemployment():
    rows = totals(
        PUK={2020: 1000, 2023: 1000}, AK={2020: 600, 2023: 600},
        KK={2020: 500, 2023: 590}, PDRB={2020: 100, 2023: 110},
    )
    r = project(series(rows), 2023, 2028, Scenario.constant("optimis", 12.0))
    m = r["optimis"]
    short = [y for y in r.years if m.value("KEKURANGAN", y) > 0]
    assert short, "demand should overtake supply"
    for y in short:
        assert m.value("PENGANGGUR", y) == 0
        assert m.value("TPT", y) == 0
        assert m.value("KEKURANGAN", y) == pytest.approx(m.value("KK", y) - m.value("AK", y))


@settings(max_examples=40, deadline=None)
@given(
    kk0=st.floats(200, 900), kk_g=st.floats(-0.03, 0.08), y_g=st.floats(0.01, 0.09),
    ak_g=st.floats(-0.02, 0.06), growth=st.floats(-5, 15),
)
def test_identities_hold(kk0, kk_g, y_g, ak_g, growth):
    rows = totals(
        PUK={2019: 1500, 2022: 1500 * 1.02 ** 3},
        AK={2019: 1000, 2022: 1000 * (1 + ak_g) ** 3},
        KK={2019: kk0, 2022: kk0 * (1 + kk_g) ** 3},
        PDRB={2019: 100, 2022: 100 * (1 + y_g) ** 3},
    )
    try:
        r = project(series(rows), 2022, 2027, Scenario.constant("s", growth))
    except ValidationFailed as exc:  # negative elasticity: refused, never projected
        assert kk_g < 0 and any(p.code == "ELASTISITAS_TIDAK_BERMAKNA" for p in exc.problems)
        return
    w = r["s"].wide()
    assert ((w["AK"] - (w["KK"] + w["PENGANGGUR"] - w["KEKURANGAN"])).abs() < 1e-6).all()
    assert ((w["TPT"] - 100 * w["PENGANGGUR"] / w["AK"]).abs() < 1e-9).all()
    assert (w["PENGANGGUR"] >= 0).all() and (w["KEKURANGAN"] >= 0).all()
    assert ((w["PENGANGGUR"] == 0) | (w["KEKURANGAN"] == 0)).all()
    assert ((w["TPAK"] >= 0) & (w["TPAK"] <= 100)).all()


def test_scenario_ordering_with_positive_elasticity():
    r = project(series(HAND), 2022, 2027, [
        Scenario.constant("pesimis", 3.0), Scenario.constant("moderat", 5.0), Scenario.constant("optimis", 7.0)])
    for y in r.years:
        assert r["optimis"].value("KK", y) >= r["moderat"].value("KK", y) >= r["pesimis"].value("KK", y)
        assert r["optimis"].value("TPT", y) <= r["moderat"].value("TPT", y) <= r["pesimis"].value("TPT", y)


def test_growth_path_per_year_and_note_for_years_not_stored():
    s = Scenario(name="jalur", growth={2023: 4.0, 2024: 6.0})
    r = project(series(HAND), 2022, 2026, s)
    m = r["jalur"]
    assert m.value("KK", 2023) == pytest.approx(605_000 * (1 + 0.5 * 0.04))
    assert m.value("KK", 2024) == pytest.approx(m.value("KK", 2023) * (1 + 0.5 * 0.06))
    assert m.value("KK", 2026) == pytest.approx(m.value("KK", 2025) * 1.03)
    assert any("2025, 2026" in n for n in m.notes)


# ---- two sectors, hand computed ---------------------------------------------------------
TWO = totals(
    PUK={2020: 1000, 2022: 1000}, AK={2020: 560, 2022: 580},
    KK={2020: 500, 2022: 537.16}, PDRB={2020: 150, 2022: 163.285},
) + [
    (2020, "KK", "A", 400), (2022, "KK", "A", 416.16), (2020, "PDRB", "A", 100), (2022, "PDRB", "A", 108.16),
    (2020, "KK", "F", 100), (2022, "KK", "F", 121), (2020, "PDRB", "F", 50), (2022, "PDRB", "F", 55.125),
]


def test_two_sector_example_hand_computed():
    s = Scenario(name="dua", growth={0: 5.0}, sector_growth={"A": {2023: 3.0}, "F": {2023: 10.0}})
    r = project(series(TWO, sectors=SCHEME), 2022, 2023, s)
    m = r["dua"]
    assert r.sector_detail == "17 kategori"
    el = {e.sector: e.value for e in m.elasticities}
    assert el["A"] == pytest.approx(0.5) and el["F"] == pytest.approx(2.0)
    la, lf = 416.16 * (1 + 0.5 * 0.03), 121 * (1 + 2.0 * 0.10)
    assert m.value("KK", 2023, "sektor:A") == pytest.approx(la)
    assert m.value("KK", 2023, "sektor:F") == pytest.approx(lf)
    assert m.value("KK", 2023) == pytest.approx(la + lf)
    ya, yf = 108.16 * 1.03, 55.125 * 1.10
    assert m.value("PDRB", 2023) == pytest.approx(ya + yf)
    assert m.value("PRODUKTIVITAS", 2023, "sektor:A") == pytest.approx(1000 * ya / la)
    assert m.value("PRODUKTIVITAS", 2023) == pytest.approx(1000 * (ya + yf) / (la + lf))
    assert m.value("TAMBAHAN_KK", 2023, "sektor:F") == pytest.approx(lf - 121)
    # balance on the totals
    assert m.value("PENGANGGUR", 2023) == pytest.approx(max(0, m.value("AK", 2023) - (la + lf)))


def test_sector_guard_rails_fall_back_to_aggregate_and_say_so():
    rows = [r for r in TWO if r[2] != "F"] + [
        (2020, "KK", "F", 100), (2022, "KK", "F", 121), (2020, "PDRB", "F", 50), (2022, "PDRB", "F", 50.05),  # ~0 growth
    ]
    rows = [r for r in rows if not (r[1] == "PDRB" and r[2] == "")] + [(2020, "PDRB", "", 150), (2022, "PDRB", "", 158.21)]
    r = project(series(rows, sectors=SCHEME), 2022, 2024, Scenario.constant("m", 5.0))
    m = r["m"]
    f = next(e for e in m.elasticities if e.sector == "F")
    agg = next(e for e in m.elasticities if e.sector == "")
    assert f.value == agg.value and "mendekati nol" in f.fallback
    assert any(n.startswith("Sektor F") for n in m.notes)
    # conflicting signs
    rows2 = [r for r in TWO if r[2] != "F"] + [
        (2020, "KK", "F", 100), (2022, "KK", "F", 90), (2020, "PDRB", "F", 50), (2022, "PDRB", "F", 55.125)]
    m2 = project(series(rows2, sectors=SCHEME), 2022, 2024, Scenario.constant("m", 5.0))["m"]
    f2 = next(e for e in m2.elasticities if e.sector == "F")
    assert "bertentangan" in f2.fallback


def test_kbli_sections_are_summed_into_categories_and_nine_sector_data_work():
    rows = [r for r in TWO if r[2] != "F"]
    # F given as 9-sector KONSTRUKSI → the whole run goes to 9 sectors
    rows += [(2020, "KK", "KONSTRUKSI", 100), (2022, "KK", "KONSTRUKSI", 121),
             (2020, "PDRB", "KONSTRUKSI", 50), (2022, "PDRB", "KONSTRUKSI", 55.125)]
    r = project(series(rows, sectors=SCHEME), 2022, 2023, Scenario.constant("m", 5.0))
    assert r.sector_detail == "9 sektor"
    assert set(r["m"].groups("sektor")) == {"PERTANIAN", "KONSTRUKSI"}
    # KBLI sections M and N are one PDRB category M-N
    rows = [r for r in TWO if r[2] != "F"] + [
        (2020, "KK", "M", 60), (2020, "KK", "N", 40), (2022, "KK", "M", 70), (2022, "KK", "N", 51),
        (2020, "PDRB", "M-N", 50), (2022, "PDRB", "M-N", 55.125)]
    r = project(series(rows, sectors=SCHEME), 2022, 2023, Scenario.constant("m", 5.0))
    assert r.sector_detail == "17 kategori"
    assert set(r["m"].groups("sektor")) == {"A", "M-N"}
    assert next(e for e in r["m"].elasticities if e.sector == "M-N").value == pytest.approx(2.0)


def test_incomplete_sector_data_fall_back_to_total_with_note():
    rows = [r for r in TWO if not (r[2] == "F" and r[1] == "PDRB")]
    r = project(series(rows, sectors=SCHEME), 2022, 2024, Scenario.constant("m", 5.0))
    assert r.sector_detail == "total"
    assert any("PDRB sektor F" in n and "templat" in n.lower() for n in r.notes)


def test_regression_form_recovers_a_log_linear_slope():
    ys = {2019: 100.0, 2020: 104.0, 2021: 111.0, 2022: 118.0}
    kk = {y: 50 * v ** 0.7 for y, v in ys.items()}
    e = estimate_elasticity(kk, ys, (2019, 2022), "regresi")
    assert e.form == "regresi" and e.value == pytest.approx(0.7)
    short = estimate_elasticity({2021: 1.0, 2022: 1.1}, {2021: 1.0, 2022: 1.2}, (2021, 2022), "regresi")
    assert short.form == "majemuk" and "regresi butuh" in short.fallback


def test_window_flag_and_fallback_are_recorded():
    r = project(series(HAND), 2022, 2024, Scenario.constant("m", 5), window=(2021, 2022))
    assert r.window == (2021, 2022)
    assert any("dipilih pengguna" in n for n in r.notes)
    bad = project(series(HAND), 2022, 2024, Scenario.constant("m", 5), window=(2015, 2022))
    assert bad.window == (2020, 2022)
    assert any("2015–2022 tidak dapat dipakai" in n for n in bad.notes)


def test_supply_falls_back_to_labour_force_when_puk_lacks_window_ends():
    rows = [r for r in HAND if not (r[1] == "PUK" and r[0] == 2020)]
    r = project(series(rows), 2022, 2023, Scenario.constant("m", 10.0))
    m = r["m"]
    assert r.supply_method == "AK langsung"
    assert m.value("AK", 2023) == pytest.approx(800_415 * (800_415 / 600_000) ** 0.5)
    # PUK from the years it has (2021–2022), TPAK derived
    assert m.value("TPAK", 2023) == pytest.approx(100 * m.value("AK", 2023) / m.value("PUK", 2023))
    assert any("AK diproyeksikan dengan laju majemuknya sendiri" in n for n in m.notes)


def test_population_projection_replaces_compound_puk():
    rows = HAND + [(2023, "PUK_PROYEKSI", "", 1_300_000), (2024, "PUK_PROYEKSI", "", 1_400_000)]
    m = project(series(rows), 2022, 2024, Scenario.constant("m", 5))["m"]
    assert m.value("PUK", 2024) == 1_400_000
    assert m.value("AK", 2024) == pytest.approx(1_400_000 * 66.15 * 1.05 ** 2 / 100)


def test_breakdowns_by_education_use_base_year_shares_rescaled_to_total():
    groups = pd.DataFrame([
        ("pendidikan", "smp", 2021, "KK", 100.0), ("pendidikan", "sma_smk", 2021, "KK", 300.0),
    ], columns=["dimension", "group", "year", "variable", "value"])
    m = project(series(HAND, groups=groups), 2022, 2024, Scenario.constant("m", 5))["m"]
    for y in (2023, 2024):
        assert m.value("KK", y, "pendidikan:smp") == pytest.approx(0.25 * m.value("KK", y))
        assert m.value("KK", y, "pendidikan:smp") + m.value("KK", y, "pendidikan:sma_smk") == pytest.approx(m.value("KK", y))
    assert m.value("TAMBAHAN_KK", 2024, "pendidikan:sma_smk") == pytest.approx(0.75 * m.value("TAMBAHAN_KK", 2024))
    assert any("pangsa tahun 2021" in n for n in m.notes)


def test_supply_breakdown_by_sex_is_rescaled_to_totals():
    groups = pd.DataFrame([
        ("jenis_kelamin", "l", 2020, "PUK", 500.0), ("jenis_kelamin", "l", 2022, "PUK", 600.0),
        ("jenis_kelamin", "l", 2020, "AK", 400.0), ("jenis_kelamin", "l", 2022, "AK", 500.0),
        ("jenis_kelamin", "p", 2020, "PUK", 500.0), ("jenis_kelamin", "p", 2022, "PUK", 610.0),
        ("jenis_kelamin", "p", 2020, "AK", 200.0), ("jenis_kelamin", "p", 2022, "AK", 300.0),
    ], columns=["dimension", "group", "year", "variable", "value"])
    m = project(series(HAND, groups=groups), 2022, 2024, Scenario.constant("m", 5))["m"]
    for y in (2023, 2024):
        assert m.value("PUK", y, "jenis_kelamin:l") + m.value("PUK", y, "jenis_kelamin:p") == pytest.approx(m.value("PUK", y))
        assert m.value("AK", y, "jenis_kelamin:l") + m.value("AK", y, "jenis_kelamin:p") == pytest.approx(m.value("AK", y))


def test_ikn_shock_adds_local_jobs_and_migrants():
    ikn = IknParams(workers={2022: 1000, 2023: 3000}, asn={2023: 500}, local_share=0.25, settle_share=0.8,
                    sector_split={"F": 1.0})
    r = project(series(HAND), 2022, 2023, Scenario.constant("m", 5.0), ikn=ikn)
    assert set(r.scenarios) == {"m", "m+ikn"}
    base, shock = r["m"], r["m+ikn"]
    jobs = 2000  # increase over the base-year level
    kk_add = jobs * 0.25 + jobs * 0.75 * 0.8 + 500
    ak_add = jobs * 0.75 * 0.8 + 500
    assert shock.value("IKN_KK", 2023) == pytest.approx(kk_add)
    assert shock.value("KK", 2023) - base.value("KK", 2023) == pytest.approx(kk_add)
    assert shock.value("AK", 2023) - base.value("AK", 2023) == pytest.approx(ak_add)
    assert shock.value("PUK", 2023) - base.value("PUK", 2023) == pytest.approx(ak_add)
    assert shock.scenario.to_dict()["ikn"]["local_share"] == 0.25


def test_ikn_spending_uses_jobs_per_trillion_and_goes_to_sector():
    ikn = IknParams(spending={2022: 0.0, 2023: 0.5}, jobs_per_trillion=14000, local_share=1.0, sector_split={"F": 1.0})
    eff = ikn.effects(2022, [2023])
    assert eff["jobs"].sum() == pytest.approx(7000)
    m = project(series(TWO, sectors=SCHEME), 2022, 2023, Scenario.constant("m", 5.0, ikn=ikn))["m"]
    without = project(series(TWO, sectors=SCHEME), 2022, 2023, Scenario.constant("m", 5.0))["m"]
    assert m.value("KK", 2023, "sektor:F") - without.value("KK", 2023, "sektor:F") == pytest.approx(7000)


def test_explain_carries_method_parameters_window_elasticities_provenance_notes():
    r = project(series(HAND), 2022, 2024, Scenario.constant("moderat", 5.0))
    x = explain(r)
    for key in ("method_version", "window", "sector_detail", "scenarios", "provenance", "notes", "supply_method"):
        assert key in x
    sc = x["scenarios"]["moderat"]
    assert sc["parameters"]["growth_pct"] == {0: 5.0}
    assert sc["elasticities"][0]["form"] == "majemuk"
    used = {(p["year"], p["variable"]) for p in x["provenance"]}
    assert {(2020, "KK"), (2022, "KK"), (2020, "PDRB"), (2022, "PDRB"), (2020, "PUK")} <= used
    assert not r.parameters().empty


def test_method_fingerprint_hashes_every_parameter_and_is_recorded_with_the_result():
    def run(growth=5.0, form=None):
        return project(series(HAND), 2022, 2024, Scenario.constant("moderat", growth), form=form)

    r = run()
    assert len(r.method_fingerprint) == 16
    assert r.method_fingerprint == run().method_fingerprint  # the same parameters, the same fingerprint
    assert r.method_fingerprint != run(growth=5.5).method_fingerprint  # a scenario parameter
    assert explain(r)["method_fingerprint"] == r.method_fingerprint


def test_missing_data_are_reported_together_in_indonesian():
    rows = totals(KK={2024: 100}, PDRB={2020: 1, 2024: 2})
    with pytest.raises(ValidationFailed) as exc:
        project(series(rows), 2024, 2029, Scenario.constant("m", 5))
    codes = {p.code for p in exc.value.problems}
    assert codes == {"DATA_DASAR_KURANG", "JENDELA_TIDAK_ADA"}
    text = exc.value.summary()
    assert "angkatan kerja (AK) tahun dasar 2024" in text and "--data" in text


def test_negative_aggregate_elasticity_is_refused():
    rows = totals(PUK={2020: 10, 2022: 10}, AK={2020: 6, 2022: 6}, KK={2020: 5, 2022: 4.5}, PDRB={2020: 100, 2022: 110})
    with pytest.raises(ValidationFailed) as exc:
        project(series(rows), 2022, 2024, Scenario.constant("m", 5))
    assert exc.value.problems[0].code == "ELASTISITAS_TIDAK_BERMAKNA"


def test_caveats_of_used_observations_reach_the_notes():
    df = pd.DataFrame(HAND, columns=["year", "variable", "sector", "value"])
    df["caveat"] = ["angka sementara" if (y, v) == (2022, "PDRB") else "" for y, v in zip(df["year"], df["variable"], strict=False)]
    r = project(RegionSeries("99", data=df), 2022, 2023, Scenario.constant("m", 5))
    assert any("PDRB 2022: angka sementara" in n for n in r.notes)
    assert math.isclose(r["m"].value("KK", 2023), 605_000 * 1.025)


def test_supply_problem_is_reported_before_anything_is_projected():
    rows = totals(AK={2022: 800}, KK={2020: 500, 2022: 605}, PDRB={2020: 100, 2022: 144})
    with pytest.raises(ValidationFailed) as exc:
        project(series(rows), 2022, 2024, Scenario.constant("m", 5))
    assert [p.code for p in exc.value.problems] == ["DATA_PERSEDIAAN_KURANG"]
    assert "Wilayah 99 Wilayah Uji" in exc.value.problems[0].message


def test_ikn_set_for_another_region_is_refused():
    ikn = IknParams(workers={2023: 1000}, regions=["64"])
    with pytest.raises(ValidationFailed) as exc:
        project(series(HAND), 2022, 2024, Scenario.constant("m", 5), ikn=ikn)
    assert exc.value.problems[0].code == "IKN_TIDAK_BERLAKU"

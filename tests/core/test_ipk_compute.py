"""Hand-computed IPK examples, missing data, ranks, input validation and the long form."""
import numpy as np
import pandas as pd
import pytest

from sinergi.core.ipk import (
    LONG_COLUMNS,
    PROVISIONAL_LABEL,
    Method,
    compute,
    inputs_from_arrays,
    rank_rows,
    score_values,
)
from sinergi.core.problems import ValidationFailed


def sub(ind, iw, code, sw, lo, hi, direction="positive", status="verified"):
    return dict(
        indicator_code=ind, indicator_name=ind, indicator_weight=iw, sub_code=code, sub_name=code,
        sub_weight=sw, min=lo, max=hi, direction=direction, status=status,
    )


def data(rows):
    return pd.DataFrame(rows, columns=["region_code", "year", "sub_code", "value"])


@pytest.fixture
def three_indicators():
    # 3 indicators, percent weights, mixed directions
    return Method.from_rows(
        [
            sub("K", "50%", "K1", "40%", 0, 100),
            sub("K", "50%", "K2", "60%", 2, 12, "negative"),
            sub("P", "30%", "P1", "100%", 20, 80),
            sub("J", "20%", "J1", "50%", 0, 1),
            sub("J", "20%", "J2", "50%", 100, 1000, "negative"),
        ]
    )


def test_hand_computed_example(three_indicators):
    d = data(
        [
            ("6401", 2023, "K1", "55"),  # positive: (55-0)/100 = 0.55 -> 100*.5*.4*.55 = 11
            ("6401", 2023, "K2", "4,5"),  # negative: (12-4.5)/10 = 0.75 -> 100*.5*.6*.75 = 22.5
            ("6401", 2023, "P1", 95),  # above max: capped at 1 -> 30
            ("6401", 2023, "J1", -0.2),  # below min: capped at 0 -> 0
            ("6401", 2023, "J2", 1450),  # negative beyond max: capped at 0 -> 0
        ]
    )
    r = compute(three_indicators, d)
    pts = dict(zip(r.subs["sub_code"], r.subs["points"], strict=False))
    assert pts == pytest.approx({"K1": 11.0, "K2": 22.5, "P1": 30.0, "J1": 0.0, "J2": 0.0})
    s = dict(zip(r.subs["sub_code"], r.subs["s"], strict=False))
    assert s == pytest.approx({"K1": 0.55, "K2": 0.75, "P1": 1.0, "J1": 0.0, "J2": 0.0})
    ind = dict(zip(r.indicators["indicator_code"], r.indicators["points"], strict=False))
    assert ind == pytest.approx({"K": 33.5, "P": 30.0, "J": 0.0})
    u = r.unit("6401", 2023)
    assert u["score"] == pytest.approx(63.5)
    assert u["category"] == "menengah bawah"
    lost = dict(zip(r.subs["sub_code"], r.subs["points_lost"], strict=False))
    assert lost == pytest.approx({"K1": 9.0, "K2": 7.5, "P1": 0.0, "J1": 10.0, "J2": 10.0})


def test_negative_direction_capped_at_both_ends(three_indicators):
    d = data(
        [("1", 2020, c, v) for c, v in [("K1", 100), ("K2", 0), ("P1", 80), ("J1", 1), ("J2", 50)]]
        + [("2", 2020, c, v) for c, v in [("K1", 0), ("K2", 99), ("P1", 20), ("J1", 0), ("J2", 1000)]]
    )
    r = compute(three_indicators, d)
    assert r.unit("1", 2020)["score"] == pytest.approx(100.0)
    assert r.unit("2", 2020)["score"] == pytest.approx(0.0)
    assert r.unit("1", 2020)["category"] == "tinggi"
    assert r.unit("2", 2020)["category"] == "rendah"


def test_missing_input_is_never_zero(three_indicators):
    d = data(
        [("6402", 2023, c, v) for c, v in [("K1", 50), ("K2", ""), ("P1", 50), ("J1", 0.5)]]  # K2 blank, J2 absent
    )
    r = compute(three_indicators, d)
    u = r.unit("6402", 2023)
    assert not u["scored"]
    assert np.isnan(u["score"]) and u["category"] == "" and u["rank"] == 0
    assert "K2" in u["note"] and "J2" in u["note"] and "tidak dinilai" in u["note"]
    long = r.to_long()
    ipk = long[long["level"] == "ipk"].iloc[0]
    assert np.isnan(ipk["value"]) and "K2, J2" in ipk["note"]
    # indicators with all inputs still have their points; incomplete ones do not
    ind = long[long["level"] == "indicator"].set_index("code")["value"]
    assert ind["P"] == pytest.approx(15.0) and np.isnan(ind["K"]) and np.isnan(ind["J"])


def test_ranks_per_year_and_level_with_ties(three_indicators):
    rows = []
    for region, k1 in [("64", 10), ("6401", 50), ("6402", 50), ("6403", 90), ("63", 70)]:
        for year in (2023, 2024):
            v = k1 if year == 2023 else 100 - k1
            rows += [(region, year, "K1", v), (region, year, "K2", 5), (region, year, "P1", 50), (region, year, "J1", 0.5), (region, year, "J2", 500)]
    r = compute(three_indicators, data(rows))
    u = r.units.set_index(["region_code", "year"])
    assert u.loc[("6403", 2023), "rank"] == 1
    assert u.loc[("6401", 2023), "rank"] == 2 and u.loc[("6402", 2023), "rank"] == 2  # tie shares the best rank
    assert u.loc[("6401", 2023), "n_ranked"] == 3
    assert u.loc[("63", 2023), "rank"] == 1 and u.loc[("64", 2023), "rank"] == 2  # provinces ranked apart
    assert u.loc[("6403", 2024), "rank"] == 3
    both = compute(three_indicators, data(rows), rank_by="all").units.set_index(["region_code", "year"])
    assert both.loc[("6403", 2023), "rank"] == 1 and both.loc[("63", 2023), "rank"] == 2 and both.loc[("64", 2023), "n_ranked"] == 5


def test_rank_rows_matches_competition_ranking():
    from scipy.stats import rankdata

    rng = np.random.default_rng(5)
    s = np.round(rng.uniform(0, 10, (50, 17)))
    assert (rank_rows(s) == rankdata(-s, method="min", axis=1)).all()
    assert rank_rows(np.array([3.0, 1.0, 3.0])).tolist() == [1, 3, 1]


def test_region_codes_stay_text_and_long_form_columns(three_indicators):
    d = data([(6401.0, "2023", c, "1") for c in ["K1", "K2", "P1", "J1", "J2"]] + [("0064", 2023, c, "1") for c in ["K1", "K2", "P1", "J1", "J2"]])
    r = compute(three_indicators, d)
    assert set(r.units["region_code"]) == {"6401", "0064"}
    long = r.to_long()
    assert list(long.columns) == LONG_COLUMNS
    assert len(long) == 2 * (1 + 3 + 5)
    first = long[long["region_code"] == "0064"]
    assert first["level"].tolist() == ["ipk", "indicator", "sub", "sub", "indicator", "sub", "indicator", "sub", "sub"]
    assert first["code"].tolist() == ["IPK", "K", "K1", "K2", "P", "P1", "J", "J1", "J2"]
    assert (long.loc[long["level"] != "ipk", "category"] == "").all()


def test_provisional_label_on_every_long_row():
    m = Method.from_rows([sub("A", 1, "A1", 1, 0, 10, status="provisional")])
    r = compute(m, data([("64", 2023, "A1", 5)]))
    assert r.provisional and r.label == PROVISIONAL_LABEL
    assert r.to_long()["note"].str.contains(PROVISIONAL_LABEL).all()
    assert PROVISIONAL_LABEL in r.units.loc[0, "note"]


def test_illustrative_inputs_are_flagged():
    m = Method.from_rows([sub("A", 1, "A1", 0.5, 0, 10), sub("A", 1, "A2", 0.5, 0, 10)])
    d = data([("64", 2023, "A1", 5), ("64", 2023, "A2", 5)])
    d["quality"] = ["real", "ilustratif"]
    r = compute(m, d)
    assert r.illustrative and r.units.loc[0, "illustrative"] == "A2"
    long = r.to_long()
    assert long.set_index("code").loc["A2", "note"] == "ilustratif"


def test_data_problems_are_reported_together_with_rows():
    m = Method.from_rows([sub("A", 1, "A1", 0.5, 0, 10), sub("A", 1, "A2", 0.5, 0, 10)])
    d = data(
        [
            ("64", 2023, "A1", "5"),
            ("64", 2023, "A3", "5"),  # unknown sub
            ("64", 2023, "A2", "lima"),  # not a number
            ("64", 2023, "A1", "6"),  # duplicate
            ("", "20x", "A2", "-"),  # blank region, bad year, ambiguous dash
        ]
    )
    with pytest.raises(ValidationFailed) as exc:
        compute(m, d)
    got = {(p.code, p.row, p.column) for p in exc.value.problems}
    assert ("IPK_SUB_TIDAK_DIKENAL", 3, "sub_code") in got
    assert ("IPK_NILAI_BUKAN_ANGKA", 4, "value") in got
    assert ("IPK_DATA_GANDA", 5, "sub_code") in got
    assert ("IPK_WILAYAH_KOSONG", 6, "region_code") in got
    assert ("IPK_TAHUN_TIDAK_SAH", 6, "year") in got
    assert ("IPK_NILAI_STRIP", 6, "value") in got
    unknown = next(p for p in exc.value.problems if p.code == "IPK_SUB_TIDAK_DIKENAL")
    assert "A1" in unknown.fix


def test_indonesian_numbers_and_missing_markers():
    m = Method.from_rows([sub("A", 1, "A1", 0.5, 0, 2000), sub("A", 1, "A2", 0.5, 0, 10)])
    r = compute(m, data([("64", 2023, "A1", "1.234,5"), ("64", 2023, "A2", "4,72%"), ("65", 2023, "A1", "NA"), ("65", 2023, "A2", "...")]))
    v = dict(zip(zip(r.subs["region_code"], r.subs["sub_code"], strict=False), r.subs["value"], strict=False))
    assert v[("64", "A1")] == pytest.approx(1234.5) and v[("64", "A2")] == pytest.approx(4.72)
    assert np.isnan(v[("65", "A1")]) and np.isnan(v[("65", "A2")])


def test_score_values_uses_the_same_arithmetic(three_indicators):
    d = data([("1", 2020, c, v) for c, v in [("K1", 33.3), ("K2", 7.1), ("P1", 41), ("J1", 0.3), ("J2", 222)]])
    r = compute(three_indicators, d)
    assert score_values(three_indicators, r.values_of("1", 2020)) == r.unit("1", 2020)["score"]


def test_fast_inputs_from_arrays(three_indicators):
    X = np.array([[50, 5, 50, 0.5, 500], [np.nan, 5, 50, 0.5, 500]])
    r = compute(three_indicators, inputs_from_arrays(["1", "2"], [2020, 2020], three_indicators.sub_codes, X))
    assert r.units["scored"].tolist() == [True, False]


def test_result_serialises_for_storage(three_indicators):
    import json

    d = data([("1", 2020, c, v) for c, v in [("K1", 33.3), ("K2", 7.1), ("P1", 41), ("J1", 0.3)]])
    r = compute(three_indicators, d)
    back = json.loads(json.dumps(r.to_dict()))
    assert back["method"]["fingerprint"] == three_indicators.fingerprint
    assert back["units"][0]["score"] is None and "J2" in back["units"][0]["note"]
    assert len(back["subs"]) == 5

"""Explanations and the target solver."""
import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sinergi.core.ipk import Method, compute, explain, score_values, solve_target


def sub(ind, iw, code, sw, lo, hi, direction="positive"):
    return dict(
        indicator_code=ind, indicator_name=f"Ind {ind}", indicator_weight=iw, sub_code=code, sub_name=f"Sub {code}",
        sub_weight=sw, min=lo, max=hi, direction=direction, unit="u", status="verified",
    )


@pytest.fixture
def method():
    return Method.from_rows(
        [
            sub("A", 0.5, "A1", 0.5, 0, 100),
            sub("A", 0.5, "A2", 0.5, 0, 10, "negative"),
            sub("B", 0.3, "B1", 1.0, 10, 20),
            sub("C", 0.2, "C1", 1.0, 0, 1),
        ]
    )


def result_for(method, values, region="6401", year=2023):
    d = pd.DataFrame({"region_code": region, "year": year, "sub_code": list(values), "value": list(values.values())})
    return compute(method, d)


def test_explanation_contributions_points_lost_and_gap(method):
    r = result_for(method, {"A1": 40, "A2": 5, "B1": 15, "C1": 1})
    ex = explain(r, "6401", 2023)
    # A1: 25*.4=10, A2: 25*.5=12.5, B1: 30*.5=15, C1: 20
    assert ex.score == pytest.approx(57.5)
    assert ex.category == "menengah bawah"
    assert ex.next_category == "menengah atas" and ex.gap_to_next == pytest.approx(8.5)
    assert set(ex.subs["sub_code"].tolist()[:2]) == {"B1", "A1"}  # largest losses first
    assert ex.subs["points_lost"].is_monotonic_decreasing
    lost = dict(zip(ex.subs["sub_code"], ex.subs["points_lost"], strict=False))
    assert lost == pytest.approx({"A1": 15, "A2": 12.5, "B1": 15, "C1": 0})
    assert ex.subs["share_of_lost"].sum() == pytest.approx(1.0)
    text = ex.text()
    assert "57,50" in text and "menengah atas" in text and "8,50" in text


def test_plan_reaches_the_target_category_with_the_cheapest_changes(method):
    r = result_for(method, {"A1": 40, "A2": 5, "B1": 15, "C1": 1})
    plan = solve_target(r, "6401", 2023, target="menengah atas")
    assert plan.reachable
    assert score_values(method, plan.proposed_values()) >= 66
    # points per share of range: A1 and A2 give 25, B1 30, C1 is at max → B1 first (15 − 12 … needs 8.5 points)
    assert plan.steps["sub_code"].tolist() == ["B1"]
    step = plan.steps.iloc[0]
    assert step["current"] == 15 and step["proposed"] == pytest.approx(15 + 8.5 / 30 * 10, abs=1e-6)
    assert step["points_gained"] == pytest.approx(8.5, abs=1e-6)


def test_plan_respects_feasible_changes_locks_and_units(method):
    r = result_for(method, {"A1": 40, "A2": 5, "B1": 15, "C1": 1})
    plan = solve_target(r, "6401", 2023, target=80, max_change={"B1": 2, "A2": 1}, locked=["A1"])
    ch = dict(zip(plan.steps["sub_code"], plan.steps["change"], strict=False))
    assert abs(ch.get("B1", 0)) <= 2 + 1e-9 and abs(ch.get("A2", 0)) <= 1 + 1e-9 and "A1" not in ch
    assert ch["A2"] < 0  # a negative sub-indicator improves by going down
    assert not plan.reachable  # 57.5 + 6 + 2.5 < 80
    assert plan.achieved_score == pytest.approx(57.5 + 6 + 2.5)
    assert plan.gap == pytest.approx(80 - 66)
    assert "tidak dapat dicapai" in plan.message


def test_values_below_the_lower_goalpost_need_a_dead_zone_first():
    m = Method.from_rows([sub("A", 0.5, "A1", 1, 50, 100), sub("B", 0.5, "B1", 1, 0, 100)])
    # A1 at 0: the first 50 units gain nothing. B1 at 90: can only gain 5 points.
    r = result_for(m, {"A1": 0, "B1": 90})
    plan = solve_target(r, "6401", 2023, target=55)  # needs 10 points
    assert plan.reachable and score_values(m, plan.proposed_values()) >= 55
    ch = dict(zip(plan.steps["sub_code"], plan.steps["change"], strict=False))
    # cheapest: B1 +10 (share 0.1) gives 5; then A1 must cross 50 units of dead zone (share 1.0) + 0.1
    assert ch["B1"] == pytest.approx(10, abs=1e-6) and ch["A1"] == pytest.approx(55, abs=1e-6)


def _brute_force(m, x, target, caps):
    """Minimum Σ share-of-range over a grid of changes (tiny problems only), vectorised."""
    from sinergi.core.ipk.engine import base_params, score_kernel

    t = m.table
    r = (t["max"] - t["min"]).to_numpy()
    sign = np.where(t["direction"] == "positive", 1, -1)
    grids = np.array(list(itertools.product(*[np.linspace(0, c, 41) for c in caps])))
    y = x + sign * grids
    a, d, f = base_params(m)
    scores = score_kernel(np.ascontiguousarray(y.T), m._arrays["groups"], a, d, f)[0]
    ok = scores >= target - 1e-9
    return float((grids[ok] / r).sum(axis=1).min()) if ok.any() else np.inf


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(1, 5), min_size=2, max_size=3),
    st.lists(st.floats(-20, 120), min_size=3, max_size=3),
    st.floats(1, 40),
)
def test_plan_applied_reaches_the_target_and_is_no_worse_than_a_grid_search(weights, raw, extra):
    n = len(weights)
    rows = [sub(f"I{i}", w / sum(weights), f"S{i}", 1.0, 0, 100, "negative" if i == 1 else "positive") for i, w in enumerate(weights)]
    m = Method.from_rows(rows)
    x = np.array(raw[:n])
    current = score_values(m, x)
    target = min(100.0, current + extra)
    plan = solve_target(m, values=dict(zip(m.sub_codes, x, strict=False)), target=target)
    if plan.reachable:
        assert score_values(m, plan.proposed_values()) >= target - 1e-9
        cost = plan.steps["share_of_range"].sum() if len(plan.steps) else 0.0
        caps = [140.0] * n
        assert cost <= _brute_force(m, x, target, caps) + 1e-6
    else:
        assert plan.achieved_score < target


def test_rounded_plan_still_reaches_the_target(method):
    r = result_for(method, {"A1": 40, "A2": 5, "B1": 15, "C1": 1})
    plan = solve_target(r, "6401", 2023, target=66, decimals=1)
    proposed = plan.steps["proposed"].tolist()
    assert all(abs(p * 10 - round(p * 10)) < 1e-9 for p in proposed)
    assert score_values(method, plan.proposed_values()) >= 66


def test_already_at_target_and_unscored_region(method):
    r = result_for(method, {"A1": 100, "A2": 0, "B1": 20, "C1": 1})
    plan = solve_target(r, "6401", 2023, target="menengah atas")
    assert plan.reachable and plan.steps.empty and "sudah" in plan.message
    r2 = result_for(method, {"A1": 100, "A2": np.nan, "B1": 20, "C1": 1})
    plan2 = solve_target(r2, "6401", 2023, target="tinggi")
    assert not plan2.reachable and "A2" in plan2.message
    with pytest.raises(ValueError):
        solve_target(r, "6401", 2023, target="luar biasa")

"""Properties that must hold for any method and any data."""
import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sinergi.core.ipk import Method, compute, score_values
from sinergi.core.problems import ValidationFailed

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def methods(draw):
    n_ind = draw(st.integers(1, 4))
    ind_w = draw(st.lists(st.integers(1, 9), min_size=n_ind, max_size=n_ind))
    rows = []
    for i, iw in enumerate(ind_w):
        n_sub = draw(st.integers(1, 3))
        sub_w = draw(st.lists(st.integers(1, 9), min_size=n_sub, max_size=n_sub))
        for j, sw in enumerate(sub_w):
            lo = draw(st.floats(-100, 100, allow_nan=False))
            width = draw(st.floats(0.01, 500, allow_nan=False))
            rows.append(
                dict(
                    indicator_code=f"I{i}",
                    indicator_name=f"I{i}",
                    indicator_weight=iw / sum(ind_w),
                    sub_code=f"I{i}.{j}",
                    sub_name="s",
                    sub_weight=sw / sum(sub_w),
                    min=lo,
                    max=lo + width,
                    direction=draw(st.sampled_from(["positive", "negative"])),
                    status="verified",
                )
            )
    return Method.from_rows(rows)


values = st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)


@SETTINGS
@given(methods(), st.data())
def test_ipk_is_between_0_and_100(method, data):
    x = data.draw(st.lists(values, min_size=method.n_subs, max_size=method.n_subs))
    d = pd.DataFrame({"region_code": "64", "year": 2023, "sub_code": method.sub_codes, "value": x})
    score = compute(method, d).units.loc[0, "score"]
    assert -1e-9 <= score <= 100 + 1e-9


@SETTINGS
@given(methods(), st.data())
def test_raising_a_positive_sub_indicator_never_lowers_the_ipk(method, data):
    x = np.array(data.draw(st.lists(values, min_size=method.n_subs, max_size=method.n_subs)))
    j = data.draw(st.integers(0, method.n_subs - 1))
    step = data.draw(st.floats(0, 1e3, allow_nan=False))
    y = x.copy()
    if method.table.loc[j, "direction"] == "positive":
        y[j] += step
    else:
        y[j] -= step  # improving a negative sub-indicator means lowering it
    assert score_values(method, y) >= score_values(method, x) - 1e-12
    # and worsening it never raises the IPK
    z = x.copy()
    z[j] += -step if method.table.loc[j, "direction"] == "positive" else step
    assert score_values(method, z) <= score_values(method, x) + 1e-12


@SETTINGS
@given(st.lists(st.integers(1, 50), min_size=2, max_size=5), st.floats(0.002, 0.5), st.booleans())
def test_weights_not_summing_to_one_are_rejected(parts, off, at_sub_level):
    w = [p / sum(parts) for p in parts]
    w[0] += off  # now sums to 1 + off (beyond the 0.001 tolerance)
    rows = []
    for i, wi in enumerate(w):
        rows.append(
            dict(
                indicator_code="A" if at_sub_level else f"I{i}",
                indicator_name="x",
                indicator_weight=1.0 if at_sub_level else wi,
                sub_code=f"S{i}",
                sub_name="x",
                sub_weight=wi if at_sub_level else 1.0,
                min=0,
                max=1,
                direction="positive",
                status="verified",
            )
        )
    try:
        Method.from_rows(rows)
    except ValidationFailed as exc:
        codes = {p.code for p in exc.problems}
        assert codes == {"IPK_BOBOT_SUB_TIDAK_1" if at_sub_level else "IPK_BOBOT_INDIKATOR_TIDAK_1"}
    else:  # pragma: no cover - the property failed
        raise AssertionError(f"weights summing to {sum(w):.4f} were accepted")


@SETTINGS
@given(methods(), st.data())
def test_best_values_score_100_and_worst_score_0(method, data):
    t = method.table
    best = np.where(t["direction"] == "positive", t["max"], t["min"])
    worst = np.where(t["direction"] == "positive", t["min"], t["max"])
    assert abs(score_values(method, best) - 100) < 1e-9
    assert abs(score_values(method, worst)) < 1e-9

"""Monte Carlo and Sobol sensitivity."""
import numpy as np
import pandas as pd
import pytest

from sinergi.core.ipk import Method, UncertaintySettings, compute, simulate, simulate_scores, sobol_indices
from sinergi.core.ipk.uncertainty import prob_column


def sub(ind, iw, code, sw, lo, hi, direction="positive"):
    return dict(
        indicator_code=ind, indicator_name=ind, indicator_weight=iw, sub_code=code, sub_name=code,
        sub_weight=sw, min=lo, max=hi, direction=direction, status="provisional",
    )


@pytest.fixture(scope="module")
def case():
    m = Method.from_rows(
        [
            sub("A", 0.4, "A1", 0.5, 0, 100),
            sub("A", 0.4, "A2", 0.5, 2, 12, "negative"),
            sub("B", 0.35, "B1", 0.3, 0, 1),
            sub("B", 0.35, "B2", 0.7, 20, 80),
            sub("C", 0.25, "C1", 1.0, -5, 8),
        ]
    )
    rng = np.random.default_rng(7)
    rows = []
    regions = ["63", "64", "6401", "6402", "6403", "6404", "6405"]
    for year in (2023, 2024):
        for r in regions:
            vals = [rng.uniform(-10, 110), rng.uniform(1, 14), rng.uniform(0, 1), rng.uniform(10, 90), rng.uniform(-6, 9)]
            rows += [(r, year, c, v) for c, v in zip(m.sub_codes, vals, strict=False)]
    # two regions with identical values (a tie) and one incomplete region-year
    rows += [("6406", 2023, c, v) for (_, y, c, v) in rows if _ == "6405" and y == 2023]
    rows += [("6407", 2023, "A1", 50.0)]
    d = pd.DataFrame(rows, columns=["region_code", "year", "sub_code", "value"])
    return m, compute(m, d)


def test_zero_perturbation_reproduces_the_deterministic_result_exactly(case):
    m, det = case
    unc = simulate(m, det, n=300, seed=11, weight_share=0, goalpost_share=0, data_error=0, keep_draws=True)
    s = unc.summary.set_index(["region_code", "year"])
    u = det.units.set_index(["region_code", "year"])
    ok = u["scored"]
    for col in ("mean", "p05", "p95"):
        assert (s.loc[ok, col].to_numpy() == u.loc[ok, "score"].to_numpy()).all(), col
    assert (s.loc[ok, "rank_p05"] == u.loc[ok, "rank"]).all() and (s.loc[ok, "rank_p95"] == u.loc[ok, "rank"]).all()
    assert (unc.draws == u.loc[ok, "score"].to_numpy()[None, :]).all()
    # category probability is 1 for the deterministic category
    for (reg, year), row in s[ok].iterrows():
        assert row[prob_column(u.loc[(reg, year), "category"])] == 1.0
    assert np.isnan(s.loc[("6407", 2023), "mean"]) and "tidak dinilai" in s.loc[("6407", 2023), "note"]


def test_zero_perturbation_exact_with_normal_errors_and_per_sub_zero(case):
    m, det = case
    unc = simulate(m, det, n=50, seed=2, weight_share=0, goalpost_share=0, data_error=0.0, data_error_by_sub={"A1": 0.0}, data_distribution="normal")
    ok = det.units["scored"].to_numpy()
    assert (unc.summary["mean"].to_numpy()[ok] == det.units["score"].to_numpy()[ok]).all()


def test_seeded_runs_repeat_and_store_their_settings(case):
    m, det = case
    a = simulate(m, det, n=500, seed=3)
    b = simulate(m, det, n=500, seed=3)
    c = simulate(m, det, n=500, seed=4)
    pd.testing.assert_frame_equal(a.summary, b.summary)
    assert not a.summary["p95"].equals(c.summary["p95"])
    assert a.seed == 3 and a.settings.n == 500 and a.settings_dict()["seed"] == 3
    # the stored settings name the draw scheme: a seed repeats a run only under the same scheme
    from sinergi.core.ipk.uncertainty import DRAW_SCHEME

    assert a.settings_dict()["skema_undian"] == DRAW_SCHEME == 2
    assert a.method_fingerprint == m.fingerprint and a.provisional
    fresh = simulate(m, det, n=20, seed=None)
    assert isinstance(fresh.seed, int) and fresh.settings.seed == fresh.seed


def test_summary_is_coherent(case):
    m, det = case
    unc = simulate(m, det, n=2000, seed=5, weight_share=0.3, goalpost_share=0.2, data_error=0.1)
    s = unc.summary[det.units["scored"].to_numpy()]
    assert (s["p05"] <= s["mean"]).all() and (s["mean"] <= s["p95"]).all()
    assert (s["p05"] >= 0).all() and (s["p95"] <= 100).all()
    assert (s["rank_p05"] <= s["rank_p95"]).all() and (s["rank_p95"] <= s["n_ranked"]).all()
    probs = s[[prob_column(c) for c in unc.categories]].sum(axis=1)
    assert np.allclose(probs, 1.0)
    assert (s["p95"] - s["p05"] > 0).all()  # perturbation does something


def test_perturbed_weights_stay_centred_and_sum_like_the_method(case):
    m, det = case
    from sinergi.core.ipk.uncertainty import _Perturber

    X = det._units.X[det.units["scored"].to_numpy()]
    p = _Perturber(m, np.ascontiguousarray(X.T), UncertaintySettings(weight_share=0.4, goalpost_share=0, data_error=0), np.random.default_rng(0))
    a, d, f = p.params(4000)
    assert np.allclose(f.sum(axis=0), 100.0)  # weights renormalised at both levels
    assert np.allclose(f.mean(axis=1), m.max_points(), rtol=0.03)


def test_uncertainty_settings_are_checked(case):
    m, det = case
    with pytest.raises(ValueError, match="goalpost_share"):
        simulate(m, det, n=10, goalpost_share=0.6)
    with pytest.raises(ValueError, match="tidak ada dalam metode"):
        simulate(m, det, n=10, data_error_by_sub={"Z9": 0.1})


def test_simulate_scores_kernel_shape(case):
    m, det = case
    X = det._units.X[det.units["scored"].to_numpy()]
    out = simulate_scores(m, X, UncertaintySettings(n=130, seed=1, block=64))
    assert out.shape == (130, X.shape[0]) and np.isfinite(out).all()


def test_sobol_indices_by_type(case):
    m, det = case
    sob = sobol_indices(m, det, n=128, seed=1, num_resamples=20)
    groups = set(sob.indices["group"])
    assert groups == {"bobot indikator", "bobot sub-indikator", "batas minimum/maksimum", "galat data"}
    assert len(sob.indices) == 4 * int(det.units["scored"].sum())
    st = sob.indices["ST"]
    assert (st > -0.2).all() and (st < 1.5).all()
    wide = sob.wide()
    assert {"region_code", "year", "galat data"} <= set(wide.columns)
    assert sob.settings["n"] == 128 and sob.provisional


def test_sobol_with_only_data_error_puts_everything_on_data(case):
    m, det = case
    sob = sobol_indices(m, det, n=128, seed=1, weight_share=0, goalpost_share=0, data_error=0.1, grouping="sub", num_resamples=10)
    # each region's variance is explained by its own data errors, split across sub-indicators
    total = sob.indices.groupby(["region_code", "year"])["ST"].sum()
    assert (total > 0.8).all()
    assert set(sob.indices["group"]) <= set(m.sub_codes)


@pytest.mark.parametrize("dist, sd", [("uniform", 5 / np.sqrt(3)), ("normal", 5.0)])
def test_data_error_distribution(dist, sd):
    # one sub-indicator, range 0–200, value 100: the score is 50 and a ±10 % data error moves it ±5
    m = Method.from_rows([sub("A", 1, "A1", 1, 0, 200)])
    s = simulate_scores(m, np.array([[100.0]]), UncertaintySettings(n=20000, seed=3, weight_share=0, goalpost_share=0, data_error=0.1, data_distribution=dist))[:, 0]
    assert s.mean() == pytest.approx(50, abs=0.1)
    assert s.std() == pytest.approx(sd, rel=0.03)
    if dist == "uniform":
        assert 45 < s.min() < 45.01 and 54.99 < s.max() < 55


@pytest.mark.parametrize("dist", ["uniform", "normal"])
def test_block_size_does_not_change_the_results(case, dist):
    # random numbers are drawn draw by draw; 15 regions (not a multiple of 4 values per draw),
    # one sub-indicator without data noise, blocks that do not divide n
    m, det = case
    kw = dict(n=203, seed=8, data_error=0.1, data_error_by_sub={"B1": 0.0}, data_distribution=dist, keep_draws=True)
    a = simulate(m, det, block=64, **kw)
    b = simulate(m, det, block=5, **kw)
    pd.testing.assert_frame_equal(a.summary, b.summary)
    assert (a.draws == b.draws).all()


def test_rank_percentiles_of_float32_draws_match_the_float64_ranking():
    # the float32 path sorts 64-bit keys (score bits | histogram cell); ties and −0 included
    from sinergi.core.ipk.uncertainty import _rank_percentiles

    rng = np.random.default_rng(3)
    draws = np.round(rng.random((3000, 40)) * 8).astype(np.float32)
    draws[::2, 5] = -0.0
    cuts = np.r_[0, 7, 40]
    got = _rank_percentiles(draws, cuts, [5, 50, 95])
    assert (got == _rank_percentiles(draws.astype(np.float64), cuts, [5, 50, 95])).all()

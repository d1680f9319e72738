"""Uncertainty (Monte Carlo) and variance-based sensitivity (Sobol) of IPK results.

Each Monte Carlo draw perturbs three groups of parameters at once:

- **weights**: every indicator weight and every sub-indicator weight is multiplied by an
  independent factor uniform in ``[1 − weight_share, 1 + weight_share]``; the weights are
  then renormalised at each level to the method's own sums (so they stay centred on the
  method's weights);
- **goalposts**: each ``min`` and ``max`` moves independently by a uniform share in
  ``± goalpost_share`` of its range ``max − min`` (``goalpost_share < 0.5`` keeps min < max);
- **data**: each value of each region-year is multiplied by ``1 + ε`` with ``ε`` uniform in
  ``± data_error`` (65,536 equally spaced levels from 16 random bits) or normal with standard
  deviation ``data_error`` when ``data_distribution="normal"``; ``data_error_by_sub`` sets the
  share per sub-indicator.

Weights and goalposts are drawn once per draw and shared by all regions (they are properties
of the method); data errors are drawn per region-year and sub-indicator. Draws are computed
in blocks with the same arithmetic as :func:`~sinergi.core.ipk.engine.compute`, so with all
shares at zero every draw — and hence the mean, the percentiles and the ranks — equals the
deterministic result exactly. Results depend only on the settings, the seed and the inputs;
the random numbers are drawn draw by draw, so ``block`` changes the speed, not the results.

Sobol indices (:func:`sobol_indices`) use SALib's Saltelli/Sobol' sampling and estimators
over the same perturbations, with parameters grouped by type (``"type"``: indicator weights,
sub-indicator weights, goalposts, data), by indicator or by sub-indicator. For the score of a
region-year only its own data errors matter, so in the sensitivity model the data error of a
sub-indicator is one factor shared by all regions; the indices of each region's score are
unchanged by that (each score depends on its own errors only).
"""
from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from .engine import IPKResult, base_params, compute, rank_positions, score_kernel, tied_ranks
from .labels import PROVISIONAL_LABEL
from .method import Method

DISTRIBUTIONS = ("uniform", "normal")
BLOCK_BYTES = 512 * 1024  # the values of one block of draws with data noise (float32), at most


# The way random numbers become draws: the same seed gives the same draws only under the same
# scheme. Stored with every run as ``skema_undian`` (runs stored without it used scheme 1, before
# December 2026, when the random numbers were drawn per block of draws instead of per draw).
DRAW_SCHEME = 2


@dataclass(frozen=True)
class UncertaintySettings:
    """Settings of a Monte Carlo run; stored with its result."""

    n: int = 1000
    seed: int | None = 1
    weight_share: float = 0.2
    goalpost_share: float = 0.1
    data_error: float = 0.05
    data_error_by_sub: Mapping[str, float] = field(default_factory=dict)
    data_distribution: str = "uniform"
    block: int = 64

    def check(self, method: Method) -> None:
        problems = []
        if self.n < 1:
            problems.append("n (jumlah undian) harus 1 atau lebih")
        if not 0 <= self.weight_share < 1:
            problems.append("weight_share (gangguan bobot) harus di antara 0 dan 1")
        if not 0 <= self.goalpost_share < 0.5:
            problems.append("goalpost_share (gangguan batas) harus di antara 0 dan 0,5 agar min tetap < max")
        if self.data_error < 0 or any(v < 0 for v in self.data_error_by_sub.values()):
            problems.append("data_error (galat data) tidak boleh negatif")
        if self.data_distribution not in DISTRIBUTIONS:
            problems.append("data_distribution harus 'uniform' atau 'normal'")
        unknown = set(self.data_error_by_sub) - set(method.sub_codes)
        if unknown:
            problems.append("sub-indikator galat data tidak ada dalam metode: " + ", ".join(sorted(unknown)))
        if self.block < 1:
            problems.append("block harus 1 atau lebih")
        if problems:
            raise ValueError("Pengaturan ketidakpastian tidak sah: " + "; ".join(problems) + ".")

    def to_dict(self) -> dict:
        d = asdict(self)
        d["data_error_by_sub"] = dict(self.data_error_by_sub)
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    def data_errors(self, method: Method) -> np.ndarray:
        return np.array([float(self.data_error_by_sub.get(c, self.data_error)) for c in method.sub_codes])


class _Perturber:
    """Draws method parameters and data noise for blocks of draws."""

    def __init__(self, method: Method, Xt: np.ndarray, settings: UncertaintySettings, rng: np.random.Generator):
        self.m = method
        self.A = method._arrays
        self.s = settings
        self.rng = rng
        self.Xt = Xt
        self.a0, self.d0, self.f0 = base_params(method)
        self.err = settings.data_errors(method)
        self.noisy = np.flatnonzero(self.err > 0)

    def params(self, b: int):
        """``(a, d, f)`` of shape (J, b) for the next b draws."""
        A, s, rng = self.A, self.s, self.rng
        J = self.m.n_subs
        if s.weight_share > 0:
            W, w, ind_of_sub = A["W"], A["w"], A["ind_of_sub"]
            gW = 1.0 + s.weight_share * (2.0 * rng.random((b, len(W))) - 1.0)
            gw = 1.0 + s.weight_share * (2.0 * rng.random((b, J)) - 1.0)
            Wp = W * gW
            Wp *= (W.sum() / Wp.sum(axis=1))[:, None]
            wp = w * gw
            sums = np.zeros((b, len(W)))
            np.add.at(sums.T, ind_of_sub, wp.T)
            base = np.zeros(len(W))
            np.add.at(base, ind_of_sub, w)
            with np.errstate(invalid="ignore", divide="ignore"):
                scale = np.where(sums > 0, base / sums, 0.0)
            wp *= scale[:, ind_of_sub]
            f = (100.0 * Wp[:, ind_of_sub] * wp).T
        else:
            f = np.repeat(self.f0, b, axis=1)
        if s.goalpost_share > 0:
            lo, hi, neg = A["lo"], A["hi"], A["negative"]
            r = hi - lo
            lo_p = lo + r * s.goalpost_share * (2.0 * rng.random((b, J)) - 1.0)
            hi_p = hi + r * s.goalpost_share * (2.0 * rng.random((b, J)) - 1.0)
            a = np.where(neg, hi_p, lo_p).T
            d = np.where(neg, lo_p - hi_p, hi_p - lo_p).T
        else:
            a = np.repeat(self.a0, b, axis=1)
            d = np.repeat(self.d0, b, axis=1)
        return np.ascontiguousarray(a), np.ascontiguousarray(d), np.ascontiguousarray(f)


def _noisy_scores(pert: _Perturber, a: np.ndarray, d: np.ndarray, f: np.ndarray, out: np.ndarray) -> None:
    """Scores of draws with data noise, written into the float32 ``out`` (n × U) block by block.

    Per sub-indicator the points are ``f·clip((x' − a)/d, 0, 1)``, rewritten without the
    division as ``g·(clip(x' − c, lo, hi) − (a − c))`` with ``g = f/d``, ``lo, hi`` the
    interval between ``a − c`` and ``a − c + d``, and ``c`` the method's own ``a`` (values
    are centred on it so the float32 arithmetic works on numbers of the size of the
    goalpost range, not of the raw values). The ``g·(a − c)`` terms are the same for every
    region of a draw and are subtracted once per draw. Uniform noise uses 16 random bits per
    value (``x' = L + K·r``, ε in 65,536 equally spaced levels across ±e); normal noise
    float32 standard normals. float32 rounding moves a score by about 1e-5 points, far below
    what a percentile or category probability over thousands of draws can show; the score is
    clipped to ``[0, Σf]`` of its draw so the rounding never leaves the scale.

    A block of ``b`` draws holds the clipped values of all sub-indicators (``J × b × U``,
    noisy sub-indicators first; ``b`` at most ``block`` and small enough that the block fits in
    :data:`BLOCK_BYTES`), so every step is one numpy call per block and the weighted sum over
    sub-indicators is one matrix product per draw. The random numbers are drawn draw by draw
    (for each draw the noisy sub-indicators in turn, ``U`` values each), so ``b`` does not
    change the results.
    """
    s, rng, Xt = pert.s, pert.rng, pert.Xt
    J, U = Xt.shape
    n = out.shape[0]
    e = pert.err
    c = pert.a0[:, 0]
    nn = len(pert.noisy)
    order = np.r_[pert.noisy, np.flatnonzero(e <= 0)]
    with np.errstate(divide="ignore", invalid="ignore"):
        g = f / d
    shift = a - c[:, None]
    lo = (shift + np.minimum(0.0, d)).astype(np.float32)[order, :, None]
    hi = (shift + np.maximum(0.0, d)).astype(np.float32)[order, :, None]
    const = (g * shift).sum(axis=0).astype(np.float32)
    top = f.sum(axis=0).astype(np.float32)
    g_t = np.ascontiguousarray(g[order].T, dtype=np.float32)[:, None, :]  # (n, 1, J)
    uniform = s.data_distribution == "uniform"
    if uniform:
        L = Xt * (1.0 - e + e / 2.0**16)[:, None] - c[:, None]
        K = Xt * (2.0 * e / 2.0**16)[:, None]
    else:
        L = Xt - c[:, None]
        K = Xt * e[:, None]
    L = L.astype(np.float32)[order, None, :]
    K = K.astype(np.float32)[order, None, :]
    B = max(1, min(s.block, BLOCK_BYTES // (4 * J * U)))  # a block's values stay in the L2 cache
    buf = np.empty(J * B * U, np.float32)
    for start in range(0, n, B):
        stop = min(n, start + B)
        b = stop - start
        y = buf[: J * b * U].reshape(J, b, U)
        # random numbers drawn draw by draw (so the block size does not change the results)
        if uniform:
            raw = rng.bit_generator.random_raw((b, (nn * U + 3) // 4)).view(np.uint16)[:, : nn * U]
        else:
            raw = rng.standard_normal((b, nn * U), dtype=np.float32)
        np.copyto(y[:nn], raw.reshape(b, nn, U).transpose(1, 0, 2), casting="unsafe")
        np.multiply(y[:nn], K[:nn], out=y[:nn])
        np.add(y[:nn], L[:nn], out=y[:nn])
        y[nn:] = L[nn:]
        np.maximum(y, lo[:, start:stop], out=y)
        np.minimum(y, hi[:, start:stop], out=y)
        o = out[start:stop]
        np.matmul(g_t[start:stop], y.transpose(1, 0, 2), out=o[:, None, :])
        np.subtract(o, const[start:stop, None], out=o)
        np.maximum(o, np.float32(0.0), out=o)
        np.minimum(o, top[start:stop, None], out=o)


def simulate_scores(method: Method, X: np.ndarray, settings: UncertaintySettings) -> np.ndarray:
    """Monte Carlo scores, shape ``(n, U)``, for complete values ``X`` of shape ``(U, J)``.

    The core loop of :func:`simulate` (no ranks, no summaries); used by the benchmark.
    Without data noise the draws use the deterministic kernel (exactly the deterministic
    arithmetic); with it, :func:`_noisy_scores`.
    """
    return _draws(method, X, settings).astype(float, copy=False)


def _draws(method: Method, X: np.ndarray, settings: UncertaintySettings, transposed: bool = False):
    """:func:`simulate_scores` in the kernel's own precision: float32 with data noise,
    float64 (the deterministic arithmetic) without. With ``transposed=True`` returns
    ``(draws, draws.T as a C-contiguous copy)``."""
    settings.check(method)
    rng = np.random.Generator(np.random.SFC64(np.random.SeedSequence(settings.seed)))
    Xt = np.ascontiguousarray(np.asarray(X, dtype=float).T)
    J, U = Xt.shape
    pert = _Perturber(method, Xt, settings, rng)
    # method parameters for every draw at once (small: J × n), data noise block by block
    a, d, f = pert.params(settings.n)
    if len(pert.noisy):
        out = np.empty((settings.n, U), np.float32)
        _noisy_scores(pert, a, d, f, out)
        return (out, _transposed(out)) if transposed else out
    out = np.empty((settings.n, U))
    groups = method._arrays["groups"]
    work = (np.empty(settings.block * U), np.empty(settings.block * U))
    for start in range(0, settings.n, settings.block):
        stop = min(settings.n, start + settings.block)
        score_kernel(Xt, groups, a[:, start:stop], d[:, start:stop], f[:, start:stop], out=out[start:stop], work=work)
    return (out, _transposed(out)) if transposed else out


def _transposed(a: np.ndarray, rows: int = 256) -> np.ndarray:
    """``a.T`` as a C-contiguous copy, copied a band of ``rows`` rows at a time (several times
    faster than one strided copy of the whole array, which misses the cache on every write)."""
    out = np.empty(a.shape[::-1], a.dtype)
    for start in range(0, a.shape[0], rows):
        out[:, start : start + rows] = a[start : start + rows].T
    return out


def _column_percentiles(sorted_t: np.ndarray, qs) -> np.ndarray:
    """Percentiles (numpy's default 'linear' method) of each row of an ascending-sorted
    ``(U, n)`` array; shape ``(len(qs), U)``."""
    n = sorted_t.shape[1]
    rows = []
    for q in qs:
        pos = q / 100.0 * (n - 1)
        i = int(np.floor(pos))
        t = pos - i
        lo = sorted_t[:, i]
        hi = sorted_t[:, min(i + 1, n - 1)]
        rows.append(np.where(lo == hi, lo, lo + (hi - lo) * t))
    return np.stack(rows)


def _rank_percentiles(draws: np.ndarray, cuts, qs) -> np.ndarray:
    """Percentiles (numpy's 'inverted_cdf' method) of each column's competition rank within
    its block of columns (``cuts``: block boundaries), over the draws (rows); shape
    ``(len(qs), U)``. Ranks are counted into one histogram per column straight from the
    sort order, without building the n × U rank matrix."""
    n, U = draws.shape
    top = max(b - a for a, b in zip(cuts[:-1], cuts[1:], strict=True))
    counts = np.zeros(U * (top + 1), dtype=np.int64)
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        cells = (a + np.arange(b - a)) * (top + 1)  # histogram cell of rank 0 of each column
        if draws.dtype == np.float32:
            idx = _rank_cells_f32(draws[:, a:b], cells)
        else:
            order, rank = rank_positions(draws[:, a:b])
            idx = cells[order]
            idx += rank
        counts += np.bincount(idx.ravel(), minlength=len(counts))
    cum = counts.reshape(U, top + 1).cumsum(axis=1)
    return np.stack([np.argmax(cum >= q / 100.0 * n, axis=1) for q in qs])


def _rank_cells_f32(block: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """Histogram cell (``cells[column] + rank``) of every element of a float32 ``(n, m)``
    block of non-negative scores. One sort of 64-bit keys per row — the score's bits above,
    the column's cell below (bits of non-negative floats order as the floats do; the sign bit
    is dropped so −0 sorts as 0) — gives both the sort order and the sorted values."""
    n, m = block.shape
    keys = np.empty((n, m), np.uint64)
    np.bitwise_and(block.view(np.uint32), np.uint32(0x7FFFFFFF), out=keys)
    keys <<= np.uint64(32)
    keys |= cells.astype(np.uint64)
    keys.sort(axis=1)
    tied, ranks = tied_ranks(keys.view(np.uint32).reshape(n, m, 2)[:, :, 1 if sys.byteorder == "little" else 0])
    np.bitwise_and(keys, np.uint64(0xFFFFFFFF), out=keys)
    idx = keys.view(np.int64)
    idx += np.arange(m, 0, -1)  # the ranks without ties; rows with a tie corrected below
    idx[tied] += ranks - np.arange(m, 0, -1)
    return idx


@dataclass
class UncertaintyResult:
    """Monte Carlo summary per region-year, with the settings and seed that produced it.

    ``summary`` columns: ``region_code, region_name, year, score`` (deterministic),
    ``mean, p05, p95, rank`` (deterministic), ``rank_p05, rank_p95, n_ranked``, then
    ``prob_<category>`` for each category (names with spaces as underscores), ``note``.
    ``draws`` (``n × scored units``) is kept only with ``keep_draws=True``.
    """

    summary: pd.DataFrame
    settings: UncertaintySettings
    seed: int
    method_name: str
    method_version: str
    method_fingerprint: str
    provisional: bool
    categories: list[str]
    draws: np.ndarray | None = None

    @property
    def label(self) -> str:
        return PROVISIONAL_LABEL if self.provisional else ""

    def settings_dict(self) -> dict:
        """The settings with the seed and the draw scheme: what repeats this run exactly."""
        d = self.settings.to_dict()
        d["seed"] = self.seed
        d["skema_undian"] = DRAW_SCHEME
        return d

    def to_dict(self) -> dict:
        """JSON-ready record for storage: method identity, settings with the seed, summary rows."""
        rows = [
            {k: (None if isinstance(v, float) and np.isnan(v) else v.item() if isinstance(v, np.generic) else v) for k, v in r.items()}
            for r in self.summary.to_dict(orient="records")
        ]
        return {
            "method_name": self.method_name,
            "method_version": self.method_version,
            "method_fingerprint": self.method_fingerprint,
            "provisional": self.provisional,
            "label": self.label,
            "categories": list(self.categories),
            "settings": self.settings_dict(),
            "summary": rows,
        }


def prob_column(name: str) -> str:
    return "prob_" + name.strip().lower().replace(" ", "_")


def simulate(
    method: Method,
    data: pd.DataFrame | IPKResult,
    settings: UncertaintySettings | None = None,
    *,
    keep_draws: bool = False,
    rank_by: str = "level",
    **overrides,
) -> UncertaintyResult:
    """Monte Carlo over weights, goalposts and data errors for every scored region-year.

    ``data``: input values (long form) or an :class:`IPKResult` of the same method.
    ``settings``: :class:`UncertaintySettings`; keyword overrides (``n=10000, seed=1, …``)
    replace its fields. With ``seed=None`` a fresh seed is drawn and recorded.

    Returns an :class:`UncertaintyResult` with mean, 5th and 95th percentiles of the score,
    5th and 95th percentiles of the rank, and the probability of each category.
    """
    settings = settings or UncertaintySettings()
    if overrides:
        settings = UncertaintySettings(**{**settings.to_dict(), **overrides})
    if settings.seed is None:
        settings = UncertaintySettings(**{**settings.to_dict(), "seed": int(np.random.SeedSequence().entropy % (2**63))})
    settings.check(method)
    det = data if isinstance(data, IPKResult) else compute(method, data, rank_by=rank_by)
    if det.method is not method and det.method.fingerprint != method.fingerprint:
        raise ValueError("Hasil IPK yang diberikan dihitung dengan metode lain.")
    units = det.units
    ok = units["scored"].to_numpy()
    X = det._units.X[ok]
    n_ok = int(ok.sum())
    cats = method.categories
    bounds = np.array([c.min_score for c in cats])
    if n_ok:
        years = units["year"].to_numpy()[ok]
        groups = units["rank_group"].to_numpy(object)[ok]
        # simulate with units ordered by (year, rank group) so each ranking is a contiguous block
        gcode = pd.factorize(groups)[0]
        perm = np.lexsort((np.arange(n_ok), gcode, years))
        inv = np.empty_like(perm)
        inv[perm] = np.arange(n_ok)
        draws, st = _draws(method, X[perm], settings, transposed=True)
        key = years[perm] * (gcode.max() + 1) + gcode[perm]
        cuts = np.r_[0, np.flatnonzero(np.diff(key)) + 1, n_ok]
        r05, r95 = _rank_percentiles(draws, cuts, [5, 95])[:, inv]
        base = units["score"].to_numpy(float)[ok][perm]
        if draws.dtype == np.float32:
            mean = draws.mean(axis=0, dtype=np.float64)[inv]
        else:  # exactly the deterministic score when every draw equals it
            mean = (base + (draws - base).mean(axis=0))[inv]
        # each unit's draws sorted once: percentiles and category shares read off it
        st.sort(axis=1)
        p05, p95 = _column_percentiles(st, [5, 95]).astype(float)[:, inv]
        probs = _category_shares(st, bounds)[inv]
        if keep_draws:
            draws = draws[:, inv].astype(float)
    else:
        draws = np.empty((settings.n, 0))
        mean = p05 = p95 = np.empty(0)
        r05 = r95 = np.empty(0)
        probs = np.empty((0, len(cats)))
    summary = _summary(units, ok, cats, mean, p05, p95, r05, r95, probs)
    return UncertaintyResult(
        summary=summary,
        settings=settings,
        seed=int(settings.seed),
        method_name=method.name,
        method_version=method.version,
        method_fingerprint=method.fingerprint,
        provisional=method.provisional,
        categories=[c.name for c in cats],
        draws=draws if keep_draws else None,
    )


def _category_shares(st: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Share of each unit's sorted draws ``st`` (units × draws) in each category: the share at or
    above each category's lower bound, then differences."""
    n_units, n = st.shape
    at_least = np.ones((n_units, len(bounds) + 1))
    at_least[:, -1] = 0.0
    for k, b in enumerate(bounds[1:], start=1):
        t = st.dtype.type(b)
        if t < b:  # the smallest value of the draws' precision that is >= b
            t = np.nextafter(t, st.dtype.type(np.inf))
        at_least[:, k] = [(n - np.searchsorted(row, t, side="left")) / n for row in st]
    return at_least[:, :-1] - at_least[:, 1:]


def _summary(units: pd.DataFrame, ok: np.ndarray, cats, mean, p05, p95, r05, r95, probs) -> pd.DataFrame:
    """One row per region-year; the simulated figures of the scored ones, blank for the others."""
    U = len(units)
    n_ok = int(ok.sum())

    def full(v, fill=np.nan, dtype=float):
        out = np.full(U, fill, dtype=dtype)
        out[ok] = v
        return out

    summary = pd.DataFrame(
        {
            "region_code": units["region_code"].to_numpy(object),
            "region_name": units["region_name"].to_numpy(object),
            "year": units["year"].to_numpy(),
            "score": units["score"].to_numpy(float),
            "mean": full(mean),
            "p05": full(p05),
            "p95": full(p95),
            "rank": units["rank"].to_numpy(),
            "rank_p05": full(r05, 0, "int64"),
            "rank_p95": full(r95, 0, "int64"),
            "n_ranked": units["n_ranked"].to_numpy(),
        }
    )
    for k, c in enumerate(cats):
        summary[prob_column(c.name)] = full(probs[:, k] if n_ok else np.empty(0))
    summary["note"] = units["note"].to_numpy(object)
    return summary


# --------------------------------------------------------------------------- Sobol

GROUP_WORDS = {
    "indicator_weights": "bobot indikator",
    "sub_weights": "bobot sub-indikator",
    "goalposts": "batas minimum/maksimum",
    "data": "galat data",
}


@dataclass
class SobolResult:
    """First-order (``S1``) and total (``ST``) Sobol indices per region-year and group.

    ``indices`` columns: ``region_code, year, group, S1, S1_conf, ST, ST_conf``.
    ``variance``: variance of each region-year's score over the sample.
    """

    indices: pd.DataFrame
    settings: dict
    method_name: str
    method_version: str
    method_fingerprint: str
    provisional: bool

    @property
    def label(self) -> str:
        return PROVISIONAL_LABEL if self.provisional else ""

    def wide(self, which: str = "ST") -> pd.DataFrame:
        """One row per region-year, one column per group."""
        return self.indices.pivot_table(index=["region_code", "year"], columns="group", values=which, sort=False).reset_index()


def _parameters(method: Method, settings: UncertaintySettings, grouping: str):
    """Names, groups and kinds of the uncertain parameters (each uniform in [-1, 1])."""
    A = method._arrays
    names, groups, kinds = [], [], []
    ind_codes = A["indicator_codes"]
    subs = method.sub_codes
    ind_of_sub = A["ind_of_sub"]
    err = settings.data_errors(method)

    def group_for(kind: str, j: int | None = None, i: int | None = None) -> str:
        if grouping == "type":
            return GROUP_WORDS[kind]
        if grouping == "indicator":
            return ind_codes[i if i is not None else ind_of_sub[j]]
        if grouping == "sub":
            return "bobot indikator" if kind == "indicator_weights" else subs[j]
        raise ValueError("grouping harus 'type', 'indicator' atau 'sub'")

    if settings.weight_share > 0:
        for i, c in enumerate(ind_codes):
            names.append(f"W:{c}"), groups.append(group_for("indicator_weights", i=i)), kinds.append(("W", i))
        for j, c in enumerate(subs):
            names.append(f"w:{c}"), groups.append(group_for("sub_weights", j=j)), kinds.append(("w", j))
    if settings.goalpost_share > 0:
        for j, c in enumerate(subs):
            names.append(f"min:{c}"), groups.append(group_for("goalposts", j=j)), kinds.append(("lo", j))
            names.append(f"max:{c}"), groups.append(group_for("goalposts", j=j)), kinds.append(("hi", j))
    for j, c in enumerate(subs):
        if err[j] > 0:
            names.append(f"data:{c}"), groups.append(group_for("data", j=j)), kinds.append(("x", j))
    return names, groups, kinds


def _evaluate(method: Method, Xt: np.ndarray, P: np.ndarray, kinds, settings: UncertaintySettings) -> np.ndarray:
    """Scores ``(n, U)`` for parameter rows ``P`` (each column uniform in [-1, 1])."""
    A = method._arrays
    W, w, ind_of_sub = A["W"], A["w"], A["ind_of_sub"]
    lo, hi, neg = A["lo"], A["hi"], A["negative"]
    J = len(w)
    n = P.shape[0]
    gW = np.ones((n, len(W)))
    gw = np.ones((n, J))
    dlo = np.zeros((n, J))
    dhi = np.zeros((n, J))
    mult = np.ones((n, J))
    err = settings.data_errors(method)
    for col, (kind, k) in enumerate(kinds):
        u = P[:, col]
        if kind == "W":
            gW[:, k] = 1.0 + settings.weight_share * u
        elif kind == "w":
            gw[:, k] = 1.0 + settings.weight_share * u
        elif kind == "lo":
            dlo[:, k] = settings.goalpost_share * u
        elif kind == "hi":
            dhi[:, k] = settings.goalpost_share * u
        elif kind == "x":
            if settings.data_distribution == "uniform":
                mult[:, k] = 1.0 + err[k] * u
            else:
                from scipy.stats import norm

                q = np.clip((u + 1.0) / 2.0, 1e-12, 1 - 1e-12)
                mult[:, k] = 1.0 + err[k] * norm.ppf(q)
    Wp = W * gW
    Wp *= (W.sum() / Wp.sum(axis=1))[:, None]
    wp = w * gw
    sums = np.zeros((n, len(W)))
    np.add.at(sums.T, ind_of_sub, wp.T)
    base = np.zeros(len(W))
    np.add.at(base, ind_of_sub, w)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(sums > 0, base / sums, 0.0)
    wp *= scale[:, ind_of_sub]
    f = np.ascontiguousarray((100.0 * Wp[:, ind_of_sub] * wp).T)
    r = hi - lo
    lo_p = lo + r * dlo
    hi_p = hi + r * dhi
    a = np.ascontiguousarray(np.where(neg, hi_p, lo_p).T)
    d = np.ascontiguousarray(np.where(neg, lo_p - hi_p, hi_p - lo_p).T)
    multT = np.ascontiguousarray(mult.T)
    out = np.empty((n, Xt.shape[1]))
    step = 256
    for s in range(0, n, step):
        e = min(n, s + step)
        aa, dd, ff = a[:, s:e], d[:, s:e], f[:, s:e]
        mm = multT[:, s:e]

        def noise_blk(j, o, mm=mm):
            np.multiply(Xt[j][None, :], mm[j][:, None], out=o)
            return True

        out[s:e] = score_kernel(Xt, A["groups"], np.ascontiguousarray(aa), np.ascontiguousarray(dd), np.ascontiguousarray(ff), noise=noise_blk)
    return out


def sobol_indices(
    method: Method,
    data: pd.DataFrame | IPKResult,
    settings: UncertaintySettings | None = None,
    *,
    n: int = 256,
    grouping: str = "type",
    seed: int | None = None,
    num_resamples: int = 100,
    **overrides,
) -> SobolResult:
    """Variance-based sensitivity of each region-year's score to groups of parameters.

    ``grouping``: ``"type"`` (indicator weights, sub-indicator weights, goalposts, data
    errors), ``"indicator"`` (everything about one indicator) or ``"sub"`` (everything about
    one sub-indicator, plus the indicator weights as one group). ``n`` is the base sample
    size (a power of two; the model runs ``n × (groups + 2)`` times). The perturbation
    ranges come from ``settings`` (as for :func:`simulate`). Groups whose perturbation is zero
    are left out.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    settings = settings or UncertaintySettings()
    if overrides:
        settings = UncertaintySettings(**{**settings.to_dict(), **overrides})
    seed = settings.seed if seed is None else seed
    settings.check(method)
    det = data if isinstance(data, IPKResult) else compute(method, data)
    units = det.units
    ok = units["scored"].to_numpy()
    names, groups, kinds = _parameters(method, settings, grouping)
    cols = ["region_code", "year", "group", "S1", "S1_conf", "ST", "ST_conf"]
    info = {k: v for k, v in settings.to_dict().items() if k not in ("n", "block", "seed")}
    info.update({"n": n, "grouping": grouping, "seed": seed, "num_resamples": num_resamples})
    common = dict(
        settings=info,
        method_name=method.name,
        method_version=method.version,
        method_fingerprint=method.fingerprint,
        provisional=method.provisional,
    )
    if not names or not ok.any():
        return SobolResult(indices=pd.DataFrame(columns=cols), **common)
    problem = {"num_vars": len(names), "names": names, "bounds": [[-1.0, 1.0]] * len(names), "groups": groups}
    if len(set(groups)) == 1:
        problem.pop("groups")
    P = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    Xt = np.ascontiguousarray(det._units.X[ok].T)
    Y = _evaluate(method, Xt, P, kinds, settings)
    group_names = list(dict.fromkeys(groups))
    rows = []
    codes = units["region_code"].to_numpy(object)[ok]
    years = units["year"].to_numpy()[ok]
    for u in range(Y.shape[1]):
        y = Y[:, u]
        if np.var(y) <= 1e-24:
            for g in group_names:
                rows.append((codes[u], years[u], g, 0.0, 0.0, 0.0, 0.0))
            continue
        Si = sobol_analyze.analyze(problem, y, calc_second_order=False, num_resamples=num_resamples, seed=seed)
        for k, g in enumerate(group_names):
            rows.append((codes[u], years[u], g, float(Si["S1"][k]), float(Si["S1_conf"][k]), float(Si["ST"][k]), float(Si["ST_conf"][k])))
    return SobolResult(indices=pd.DataFrame(rows, columns=cols), **common)


__all__ = [
    "UncertaintySettings",
    "UncertaintyResult",
    "SobolResult",
    "simulate",
    "simulate_scores",
    "sobol_indices",
    "prob_column",
]

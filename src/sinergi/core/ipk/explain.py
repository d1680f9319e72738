"""Explanations of one region-year and the target solver.

:func:`explain` says what each sub-indicator contributes, how many points it loses against
its maximum, and the gap to the next category.

:func:`solve_target` finds the smallest improvements that reach a target score or category.
Each sub-indicator may move only in its good direction, within its goalposts and within a
feasible change the user sets (in the sub-indicator's own unit). Writing ``t_j`` for the
change as a share of the goalpost range (``Δ / (max − min)``), the IPK gains
``100 × W × w`` points per unit of ``t_j`` while the value is between the goalposts and
nothing outside them. The plan minimises ``Σ effort_j × t_j`` subject to reaching the target.
Where a value lies beyond the lower goalpost, the part of the change that brings it back to
the goalpost gains nothing; that makes the problem a small mixed-integer programme (one
yes/no per such sub-indicator), solved exactly with ``scipy.optimize.milp``. Without such
values it is a fractional knapsack whose optimum is the greedy order by points per effort.
If the target cannot be reached, the plan says so and shows the best reachable score with
every sub-indicator at its feasible limit.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sinergi.core.numbers import format_id

from .engine import IPKResult, score_values
from .labels import PROVISIONAL_LABEL
from .method import Category, Method, categorise, next_category


@dataclass
class Explanation:
    """Why one region-year has the score it has.

    ``subs``: one row per sub-indicator, sorted by points lost (largest first): value,
    normalised score ``s``, points, maximum points, points lost and their share of all
    points lost. ``indicators``: the same per indicator.
    """

    region_code: str
    year: int
    region_name: str
    scored: bool
    score: float
    category: str
    rank: int
    n_ranked: int
    next_category: str | None
    gap_to_next: float | None
    missing: list[str]
    illustrative: list[str]
    subs: pd.DataFrame
    indicators: pd.DataFrame
    method_name: str
    method_version: str
    provisional: bool

    @property
    def label(self) -> str:
        return PROVISIONAL_LABEL if self.provisional else ""

    def text(self, decimals: int = 2, top: int = 3) -> str:
        """A short explanation in Indonesian."""
        name = f"{self.region_code} {self.region_name}".strip()
        head = f"{name}, {self.year}"
        lines = []
        if self.label:
            lines.append(f"[{self.label}]")
        if not self.scored:
            lines.append(f"{head}: tidak dinilai karena data belum lengkap — belum ada nilai untuk {', '.join(self.missing)}.")
            return "\n".join(lines)
        lines.append(
            f"{head}: IPK {format_id(self.score, decimals)} ({self.category}), peringkat {self.rank} dari {self.n_ranked}."
        )
        if self.next_category:
            lines.append(f"Kurang {format_id(self.gap_to_next, decimals)} poin untuk mencapai kategori '{self.next_category}'.")
        else:
            lines.append("Sudah berada pada kategori tertinggi.")
        worst = self.subs[self.subs["points_lost"] > 0].head(top)
        if len(worst):
            lines.append("Sub-indikator yang paling banyak kehilangan poin:")
            for r in worst.itertuples(index=False):
                lines.append(
                    f"  {r.sub_code} {r.sub_name}: nilai {format_id(r.value, decimals)} {r.unit}".rstrip()
                    + f", poin {format_id(r.points, decimals)} dari {format_id(r.max_points, decimals)}"
                    + f" (hilang {format_id(r.points_lost, decimals)})"
                )
        if self.illustrative:
            lines.append(f"Masukan ilustratif (bukan data resmi): {', '.join(self.illustrative)}.")
        return "\n".join(lines)


def explain(result: IPKResult, region_code: str, year: int) -> Explanation:
    """Contributions, points lost and the gap to the next category for one region-year."""
    u = result.unit(region_code, year)
    subs = result.subs[(result.subs["region_code"] == str(region_code)) & (result.subs["year"] == int(year))].copy()
    inds = result.indicators[(result.indicators["region_code"] == str(region_code)) & (result.indicators["year"] == int(year))].copy()
    lost_total = subs["points_lost"].sum(min_count=1)
    subs["share_of_lost"] = subs["points_lost"] / lost_total if lost_total and lost_total > 0 else 0.0
    subs = subs.sort_values("points_lost", ascending=False, kind="stable").reset_index(drop=True)
    inds = inds.sort_values("points_lost", ascending=False, kind="stable").reset_index(drop=True)
    score = float(u["score"])
    nxt = next_category(score, result.method.categories) if u["scored"] else None
    return Explanation(
        region_code=str(region_code),
        year=int(year),
        region_name=str(u.get("region_name", "") or ""),
        scored=bool(u["scored"]),
        score=score,
        category=u["category"],
        rank=int(u["rank"]),
        n_ranked=int(u["n_ranked"]),
        next_category=nxt.name if nxt else None,
        gap_to_next=(nxt.min_score - score) if nxt else None,
        missing=[c for c in str(u["missing"]).split(", ") if c],
        illustrative=[c for c in str(u["illustrative"]).split(", ") if c],
        subs=subs,
        indicators=inds,
        method_name=result.method_name,
        method_version=result.method_version,
        provisional=result.provisional,
    )


# --------------------------------------------------------------------------- target solver


@dataclass
class TargetPlan:
    """The smallest improvements that reach a target (or the best that can be done).

    ``steps``: one row per sub-indicator to change — ``sub_code, sub_name, indicator_code,
    unit, direction, current, proposed, change`` (in the sub-indicator's own unit; negative
    for a negative-direction sub-indicator), ``share_of_range`` (change / (max − min)),
    ``points_gained``, ``max_change`` (the feasible limit used, NaN = none).
    """

    region_code: str
    year: int | None
    current_score: float
    target_score: float
    target_category: str | None
    reachable: bool
    achieved_score: float
    steps: pd.DataFrame
    message: str
    method_name: str
    method_version: str
    provisional: bool
    settings: dict = field(default_factory=dict)
    current_values: dict = field(default_factory=dict)
    #: planning horizon in years (``None``: no time limit, only the goalposts and ``max_change``)
    horizon: int | None = None
    #: with a horizon: the fewest years in which the target can be reached with the same yearly
    #: bounds (``None`` when not reachable within :data:`MAX_YEARS` or no horizon was set)
    years_needed: int | None = None
    #: with a horizon: ``sub_code, per_year, basis, n_pairs`` (the yearly change bounds used)
    yearly: pd.DataFrame | None = None

    @property
    def label(self) -> str:
        return PROVISIONAL_LABEL if self.provisional else ""

    @property
    def gap(self) -> float:
        """Points still missing after the plan (0 when the target is reached)."""
        return max(0.0, self.target_score - self.achieved_score)

    def proposed_values(self) -> dict[str, float]:
        """All values after the plan, ``{sub_code: value}`` (unchanged ones included)."""
        out = dict(self.current_values)
        for r in self.steps.itertuples(index=False):
            out[r.sub_code] = r.proposed
        return out

    def text(self, decimals: int = 2) -> str:
        lines = []
        if self.label:
            lines.append(f"[{self.label}]")
        lines.append(self.message)
        if len(self.steps):
            lines.append(f"{'Sub-indikator':<44} {'Sekarang':>12} {'Usulan':>12} {'Perubahan':>12} {'Poin':>7}")
            for r in self.steps.itertuples(index=False):
                name = f"{r.sub_code} {r.sub_name}"[:44]
                lines.append(
                    f"{name:<44} {format_id(r.current, decimals):>12} {format_id(r.proposed, decimals):>12} "
                    f"{('+' if r.change > 0 else '') + format_id(r.change, decimals):>12} {format_id(r.points_gained, decimals):>7}"
                    + (f"  {r.unit}" if r.unit else "")
                )
        return "\n".join(lines)


def _target_score(method: Method, target) -> tuple[float, str | None]:
    if isinstance(target, Category):
        return float(target.min_score), target.name
    if isinstance(target, str):
        key = target.strip().lower()
        for c in method.categories:
            if c.name.lower() == key:
                return float(c.min_score), c.name
        try:
            return float(target.replace(",", ".")), None
        except ValueError:
            names = ", ".join(f"'{c.name}'" for c in method.categories)
            raise ValueError(f"Kategori '{target}' tidak dikenal; pilih salah satu: {names}.") from None
    return float(target), None


#: yearly change bound where the history shows none: this share of the goalpost range per year
DEFAULT_YEARLY_SHARE = 0.10
#: the longest horizon searched for "years needed"
MAX_YEARS = 30
YEARLY_COLUMNS = ["sub_code", "per_year", "basis", "n_pairs"]


def yearly_change_bounds(inputs: pd.DataFrame, method: Method, *, default_share: float = DEFAULT_YEARLY_SHARE) -> pd.DataFrame:
    """How far each sub-indicator can move in one year, from history.

    ``inputs``: the long form (``region_code, year, sub_code, value, quality``) over several
    years. For every region, the changes between its years with values that are not
    illustrative (an example value says nothing about real change) are taken per year
    (``|Δ| / years apart``); the bound of a sub-indicator is the largest such change seen in
    any region (``basis = riwayat``). Where there is no such pair, or every change was zero,
    the bound is :data:`DEFAULT_YEARLY_SHARE` of the goalpost range (``basis = bawaan``).
    Returns :data:`YEARLY_COLUMNS`, one row per sub-indicator in method order."""
    t = inputs[["region_code", "year", "sub_code", "value"]].copy()
    t["quality"] = inputs["quality"] if "quality" in inputs.columns else ""
    t = t[t["value"].notna() & (t["quality"] != "illustrative") & t["sub_code"].isin(method.sub_codes)]
    t = t.sort_values(["sub_code", "region_code", "year"], kind="stable")
    rate: dict[str, float] = {}
    pairs: dict[str, int] = {}
    for (sub, _region), g in t.groupby(["sub_code", "region_code"], sort=False):
        y = g["year"].to_numpy(float)
        v = g["value"].to_numpy(float)
        if len(y) < 2:
            continue
        r = np.abs(np.diff(v)) / np.diff(y)
        rate[sub] = max(rate.get(sub, 0.0), float(r.max()))
        pairs[sub] = pairs.get(sub, 0) + len(r)
    A = method._arrays
    rows = []
    for j, c in enumerate(method.sub_codes):
        rng = float(A["hi"][j] - A["lo"][j])
        if rate.get(c, 0.0) > 0:
            rows.append({"sub_code": c, "per_year": rate[c], "basis": "riwayat", "n_pairs": pairs[c]})
        else:
            rows.append({"sub_code": c, "per_year": default_share * rng, "basis": "bawaan", "n_pairs": pairs.get(c, 0)})
    return pd.DataFrame(rows, columns=YEARLY_COLUMNS)


def solve_target(
    source: IPKResult | Method,
    region_code: str | None = None,
    year: int | None = None,
    *,
    target=None,
    values: Mapping[str, float] | None = None,
    max_change: Mapping[str, float] | None = None,
    locked: Iterable[str] = (),
    effort: Mapping[str, float] | None = None,
    decimals: int | None = None,
    horizon: int | None = None,
    yearly_change: Mapping[str, float] | pd.DataFrame | None = None,
) -> TargetPlan:
    """The smallest improvements that reach ``target`` for one region-year.

    ``source``: an :class:`IPKResult` (with ``region_code`` and ``year``) or a
    :class:`Method` (with ``values={sub_code: value}``). ``target``: a score, a category
    name (``"menengah atas"``) or ``None`` for the next category. ``max_change``: the largest
    feasible change per sub-indicator in its own unit (absolute; default: up to the
    goalpost). ``locked``: sub-indicators that cannot change. ``effort``: cost per share of
    goalpost range per sub-indicator (default 1 for all). ``decimals``: round proposed values
    outward to this many decimals (so the rounded plan still reaches the target).

    ``horizon``: plan over this many years; each sub-indicator may then move at most
    ``yearly_change[sub] × horizon`` (``yearly_change``: ``{sub_code: per year}`` or the frame
    of :func:`yearly_change_bounds`; a sub-indicator without one moves at most
    :data:`DEFAULT_YEARLY_SHARE` of its goalpost range per year), and no more than its
    ``max_change``. When the target is out of reach in that time, the plan says so and how
    many years it would need (``years_needed``).

    Returns a :class:`TargetPlan`; ``reachable`` is False when even every feasible change
    together falls short (the plan then shows how close it gets).
    """
    method, values = _source_values(source, region_code, year, values)
    codes = method.sub_codes
    x = np.array([float(values.get(c, np.nan)) for c in codes])
    current = score_values(method, x)
    tscore, tcat = _target_for(method, current, target)
    locked = set(locked)
    max_change = dict(max_change or {})
    effort = dict(effort or {})
    unknown = (set(max_change) | locked | set(effort)) - set(codes)
    if unknown:
        raise ValueError(f"Sub-indikator tidak ada dalam metode: {', '.join(sorted(unknown))}.")
    settings = {"max_change": dict(max_change), "locked": sorted(locked), "effort": effort, "decimals": decimals}
    yearly_frame = per_year = None
    if horizon is not None:
        horizon = int(horizon)
        yearly_frame, per_year = _yearly_limits(method, horizon, yearly_change, max_change)
        settings["horizon"] = horizon
    common = dict(
        region_code=str(region_code or ""),
        year=int(year) if year is not None else None,
        target_score=tscore,
        target_category=tcat,
        method_name=method.name,
        method_version=method.version,
        provisional=method.provisional,
        settings=settings,
        current_values=dict(zip(codes, x.tolist(), strict=True)),
        horizon=horizon,
        yearly=yearly_frame,
    )
    empty = pd.DataFrame(columns=STEP_COLUMNS)
    if math.isnan(current):
        miss = [c for c, v in zip(codes, x, strict=True) if math.isnan(v)]
        return TargetPlan(
            current_score=math.nan,
            reachable=False,
            achieved_score=math.nan,
            steps=empty,
            message="Wilayah-tahun ini tidak dinilai karena data belum lengkap (belum ada nilai untuk "
            + ", ".join(miss)
            + "); rencana tidak dapat dihitung.",
            **common,
        )
    tname = f"kategori '{tcat}' (skor {format_id(tscore)})" if tcat else f"skor {format_id(tscore)}"
    if current >= tscore:
        return TargetPlan(
            current_score=current,
            reachable=True,
            achieved_score=current,
            steps=empty,
            message=f"Skor sekarang {format_id(current)} sudah mencapai {tname}; tidak perlu perubahan.",
            **common,
        )
    room = _Room.of(method, x, max_change, locked, effort, decimals)
    if current + room.max_gain < tscore - 1e-9:
        return _out_of_reach(room, current, tscore, tname, settings, per_year, common)
    return _smallest_plan(room, current, tscore, tname, common)


@dataclass
class _Room:
    """How far each sub-indicator can move towards its good goalpost, as shares of its range:
    ``dead`` to cross before any gain (a value beyond the bad goalpost), ``cap`` of gain, ``m``
    the allowed change; ``f`` points per share, ``e`` effort per share."""

    method: Method
    x: np.ndarray
    r: np.ndarray
    sign: np.ndarray
    p: np.ndarray
    m: np.ndarray
    e: np.ndarray
    dead: np.ndarray
    cap: np.ndarray
    cand: np.ndarray
    decimals: int | None
    locked: set

    @classmethod
    def of(cls, method: Method, x: np.ndarray, max_change: dict, locked: set, effort: dict, decimals: int | None) -> _Room:
        A, codes = method._arrays, method.sub_codes
        lo, hi, neg, f = A["lo"], A["hi"], A["negative"], A["f"]
        r = hi - lo
        sign = np.where(neg, -1.0, 1.0)
        p = np.where(neg, (hi - x) / r, (x - lo) / r)  # position in the good direction (unclipped)
        m = np.array([abs(float(max_change[c])) / r[j] if c in max_change else np.inf for j, c in enumerate(codes)])
        m[[codes.index(c) for c in locked]] = 0.0
        e = np.array([float(effort.get(c, 1.0)) for c in codes])
        if (e <= 0).any():
            raise ValueError("Upaya (effort) harus lebih dari 0.")
        dead = np.maximum(0.0, -p)  # share of range to cross before any gain
        cap = np.clip(np.minimum(1.0 - np.maximum(p, 0.0), m - dead), 0.0, None)  # gain capacity (share of range)
        cand = (f > 0) & (cap > 0)
        return cls(method, x, r, sign, p, m, e, dead, cap, cand, decimals, locked)

    @property
    def f(self) -> np.ndarray:
        return self.method._arrays["f"]

    @property
    def max_gain(self) -> float:
        return float((self.f[self.cand] * self.cap[self.cand]).sum())

    @property
    def t_full(self) -> np.ndarray:
        return np.where(self.cand, self.dead + self.cap, 0.0)

    def build(self, t: np.ndarray) -> tuple[np.ndarray, float]:
        """The values after moving ``t`` shares of range (rounded outward to ``decimals``) and their score."""
        x, sign, r = self.x, self.sign, self.r
        xn = x + sign * t * r
        if self.decimals is not None:
            q = 10.0 ** self.decimals
            rounded = np.where(sign > 0, np.ceil(xn * q - 1e-9) / q, np.floor(xn * q + 1e-9) / q)
            moved = t > 0
            limit = x + sign * np.minimum(self.dead + self.cap, self.m) * r
            ok = np.where(sign > 0, rounded <= np.maximum(limit, xn), rounded >= np.minimum(limit, xn))
            xn = np.where(moved & ok, rounded, xn)
        return xn, score_values(self.method, xn)

    def steps(self, xn: np.ndarray, t: np.ndarray, current: float) -> pd.DataFrame:
        return _steps(self.method, self.x, xn, t, self.r, self.sign, self.m, current)


def _source_values(source, region_code, year, values) -> tuple[Method, Mapping[str, float]]:
    """The method and the values of the region-year to plan for."""
    if isinstance(source, IPKResult):
        if values is None:
            if region_code is None or year is None:
                raise ValueError("Sebutkan region_code dan year untuk hasil IPK.")
            values = source.values_of(region_code, year)
            if not values:
                raise KeyError(f"Wilayah {region_code} tahun {year} tidak ada dalam hasil.")
        return source.method, values
    if values is None:
        raise ValueError("Berikan values={sub_code: nilai} bila sumbernya sebuah Method.")
    return source, values


def _target_for(method: Method, current: float, target) -> tuple[float, str | None]:
    """The target score and category; ``None`` means the next category above ``current``."""
    if target is not None:
        return _target_score(method, target)
    if math.isnan(current):
        return math.nan, None
    nxt = next_category(current, method.categories)
    return (nxt.min_score, nxt.name) if nxt else (current, categorise([current], method.categories)[0])


def _yearly_limits(method: Method, horizon: int, yearly_change, max_change: dict) -> tuple[pd.DataFrame, np.ndarray]:
    """The change per year of each sub-indicator (given, from history, or the default share of its
    range); ``max_change`` is capped at ``horizon`` years of it (in place)."""
    if horizon < 1:
        raise ValueError("Jangka waktu rencana harus sedikitnya 1 tahun.")
    A, codes = method._arrays, method.sub_codes
    if isinstance(yearly_change, pd.DataFrame):
        given = dict(zip(yearly_change["sub_code"], yearly_change["per_year"].astype(float), strict=True))
        basis = dict(zip(yearly_change["sub_code"], yearly_change.get("basis", pd.Series(["riwayat"] * len(yearly_change))), strict=True))
        n_pairs = dict(zip(yearly_change["sub_code"], yearly_change.get("n_pairs", pd.Series([0] * len(yearly_change))), strict=True))
    else:
        given = {k: abs(float(v)) for k, v in dict(yearly_change or {}).items()}
        basis = {k: "ditetapkan" for k in given}
        n_pairs = {}
    rows = []
    per_year = np.empty(len(codes))
    for j, c in enumerate(codes):
        rng = float(A["hi"][j] - A["lo"][j])
        if c in given and given[c] == given[c]:
            per_year[j] = abs(given[c])
            rows.append({"sub_code": c, "per_year": per_year[j], "basis": basis.get(c, "riwayat"), "n_pairs": int(n_pairs.get(c, 0) or 0)})
        else:
            per_year[j] = DEFAULT_YEARLY_SHARE * rng
            rows.append({"sub_code": c, "per_year": per_year[j], "basis": "bawaan", "n_pairs": 0})
    for j, c in enumerate(codes):
        limit = per_year[j] * horizon
        max_change[c] = min(abs(float(max_change[c])), limit) if c in max_change else limit
    return pd.DataFrame(rows, columns=YEARLY_COLUMNS), per_year


def _out_of_reach(room: _Room, current: float, tscore: float, tname: str, settings: dict, per_year, common: dict) -> TargetPlan:
    """The plan when every feasible change together falls short: the best it gets, and with a
    horizon, how many years the target would need at the same pace."""
    t_full = room.t_full
    xn, achieved = room.build(t_full)
    steps = room.steps(xn, t_full, current)
    horizon = common["horizon"]
    if horizon is None:
        return TargetPlan(
            current_score=current,
            reachable=False,
            achieved_score=achieved,
            steps=steps,
            message=(
                f"Target {tname} tidak dapat dicapai dengan batas perubahan yang ditetapkan. "
                + (
                    f"Paling jauh skor menjadi {format_id(achieved)} (kurang {format_id(tscore - achieved)} poin) "
                    "bila semua sub-indikator di bawah ini diperbaiki sampai batasnya."
                    if len(steps)
                    else f"Tidak ada sub-indikator yang masih dapat menambah poin dalam batas itu; skor tetap {format_id(current)}."
                )
            ),
            **common,
        )
    codes = room.method.sub_codes
    explicit = np.array([abs(float(settings["max_change"][c])) / room.r[j] if c in settings["max_change"] else np.inf
                         for j, c in enumerate(codes)])
    locked_idx = [codes.index(c) for c in room.locked]

    def gain_in(years: int) -> float:
        mm = np.minimum(explicit, per_year * years / room.r)
        mm[locked_idx] = 0.0
        cc = np.clip(np.minimum(1.0 - np.maximum(room.p, 0.0), mm - room.dead), 0.0, None)
        ok = (room.f > 0) & (cc > 0)
        return float((room.f[ok] * cc[ok]).sum())

    needed = next((y for y in range(horizon + 1, MAX_YEARS + 1) if current + gain_in(y) >= tscore - 1e-9), None)
    common["years_needed"] = needed
    when = (
        f"Dengan laju yang sama target itu baru terjangkau dalam sekitar {needed} tahun."
        if needed
        else f"Dalam {MAX_YEARS} tahun pun target itu tidak terjangkau dengan laju dan batas ini."
    )
    return TargetPlan(
        current_score=current,
        reachable=False,
        achieved_score=achieved,
        steps=steps,
        message=(
            f"Target {tname} di luar jangkauan dalam {horizon} tahun: dengan perubahan tahunan terbesar per sub-indikator "
            f"(dari riwayat data, atau {int(DEFAULT_YEARLY_SHARE * 100)} % rentang batas per tahun bila tidak ada riwayat), "
            f"skor paling jauh menjadi {format_id(achieved)} (kurang {format_id(tscore - achieved)} poin). {when}"
        ),
        **common,
    )


def _smallest_plan(room: _Room, current: float, tscore: float, tname: str, common: dict) -> TargetPlan:
    """The least-effort changes that reach the target (rounded values still reach it)."""
    need = tscore - current
    margin = 1e-9
    for _ in range(6):
        t = _optimise(room.f, room.e, room.dead, room.cap, room.cand, need + margin)
        xn, achieved = room.build(t)
        if achieved >= tscore:
            break
        margin *= 100
    else:  # pragma: no cover - numerical safety net
        t = room.t_full
        xn, achieved = room.build(t)
    steps = room.steps(xn, t, current)
    horizon = common["horizon"]
    return TargetPlan(
        current_score=current,
        reachable=True,
        achieved_score=achieved,
        steps=steps,
        message=(
            f"Untuk mencapai {tname} dari skor {format_id(current)} (kurang {format_id(need)} poin)"
            + (f" dalam {horizon} tahun" if horizon is not None else "")
            + f", perbaikan terkecil menyentuh {len(steps)} sub-indikator; skor menjadi {format_id(achieved)}."
        ),
        **common,
    )


STEP_COLUMNS = [
    "sub_code", "sub_name", "indicator_code", "unit", "direction", "current", "proposed", "change",
    "share_of_range", "points_gained", "max_change",
]


def _optimise(f, e, dead, cap, cand, need) -> np.ndarray:
    """Minimise Σ e·(g + dead·b) s.t. Σ f·g ≥ need, 0 ≤ g ≤ cap·b, b ∈ {0,1} (b fixed to 1
    where there is no dead zone). Returns t = g + dead·b per sub-indicator."""
    idx = np.flatnonzero(cand)
    t = np.zeros(len(f))
    if need <= 0 or len(idx) == 0:
        return t
    has_dead = dead[idx] > 0
    if not has_dead.any():
        # fractional knapsack: greedy by points per effort is optimal
        order = idx[np.argsort(-(f[idx] / e[idx]), kind="stable")]
        left = need
        for j in order:
            if left <= 0:
                break
            g = min(cap[j], left / f[j])
            t[j] = g
            left -= g * f[j]
        return t
    from scipy.optimize import Bounds, LinearConstraint, milp

    k = len(idx)
    dz = np.flatnonzero(has_dead)
    nb = len(dz)
    # variables: g (k), then b (nb)
    c = np.concatenate([e[idx], e[idx][dz] * dead[idx][dz]])
    A_gain = np.concatenate([f[idx], np.zeros(nb)])[None, :]
    cons = [LinearConstraint(A_gain, lb=need, ub=np.inf)]
    if nb:
        A_link = np.zeros((nb, k + nb))
        for row, jj in enumerate(dz):
            A_link[row, jj] = 1.0
            A_link[row, k + row] = -cap[idx][jj]
        cons.append(LinearConstraint(A_link, lb=-np.inf, ub=0.0))
    ub = np.concatenate([cap[idx], np.ones(nb)])
    integrality = np.concatenate([np.zeros(k), np.ones(nb)])
    res = milp(c, constraints=cons, integrality=integrality, bounds=Bounds(np.zeros(k + nb), ub))
    if res.x is None:  # pragma: no cover - feasibility was checked before
        t[idx] = dead[idx] + cap[idx]
        return t
    g = np.clip(res.x[:k], 0.0, cap[idx])
    b = np.round(res.x[k:])
    tt = g.copy()
    tt[dz] = np.where(b > 0.5, g[dz] + dead[idx][dz], 0.0)
    tt[dz] = np.where(g[dz] > 1e-12, tt[dz], 0.0)
    tt[tt < 1e-12] = 0.0
    t[idx] = tt
    return t


def _steps(method: Method, x, xn, t, r, sign, m, current) -> pd.DataFrame:
    tbl = method.table
    codes = method.sub_codes
    rows = []
    base = x.copy()
    for j in np.flatnonzero(t > 0):
        before = base.copy()
        # points gained by this change alone, on top of the current values
        after = base.copy()
        after[j] = xn[j]
        gain = score_values(method, after) - score_values(method, before)
        rows.append(
            {
                "sub_code": codes[j],
                "sub_name": tbl.at[j, "sub_name"],
                "indicator_code": tbl.at[j, "indicator_code"],
                "unit": tbl.at[j, "unit"],
                "direction": tbl.at[j, "direction"],
                "current": float(x[j]),
                "proposed": float(xn[j]),
                "change": float(xn[j] - x[j]),
                "share_of_range": float(abs(xn[j] - x[j]) / r[j]),
                "points_gained": float(gain),
                "max_change": float(m[j] * r[j]) if np.isfinite(m[j]) else math.nan,
            }
        )
    out = pd.DataFrame(rows, columns=STEP_COLUMNS)
    return out.sort_values("points_gained", ascending=False, kind="stable").reset_index(drop=True)

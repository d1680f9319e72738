"""Deterministic IPK computation for many regions × years at once.

For each sub-indicator ``j`` of indicator ``i`` and a value ``X``::

    positive: s = (X − min) / (max − min)      negative: s = (max − X) / (max − min)
    s is capped to [0, 1]
    sub-indicator points   SI = 100 × W_i × w_j × s
    indicator points       II = Σ SI over the indicator's sub-indicators
    IPK                       = Σ II over the indicators

Everything is computed in full float64 precision; only what is shown is rounded. A
region-year with any missing input is not scored (its note names the missing
sub-indicators); missing is never zero. Ranks (1 = highest IPK, ties share the best rank)
are among the regions scored in the same year and at the same level — provinces (2-digit
BPS codes) with provinces, regencies/cities (4-digit) with regencies/cities — unless
``rank_by="all"``.

The arithmetic lives in :func:`score_kernel`, shared with the Monte Carlo simulation so that
a simulation with zero perturbation reproduces these results bit for bit.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sinergi.core.regions import KABKOTA, PROVINSI, region_level
from sinergi.core.stats.meter import METER_COLUMNS, DataMeter, count_quality, meter_table, meter_texts

from .inputs import prepare_inputs
from .labels import ILLUSTRATIVE_LABEL, PROVISIONAL_LABEL
from .method import Method, categorise

LONG_COLUMNS = ["region_code", "year", "level", "code", "value", "category", "note"]


def score_kernel(Xt, groups, a, d, f, noise=None, keep=False, out=None, work=None):
    """Scores for a block of parameter draws.

    ``Xt``: values, shape ``(J, U)`` (sub-indicators × units). ``a``, ``d``, ``f``: shape
    ``(J, B)`` for ``B`` draws — ``s = (X − a) / d`` (``a = min, d = max − min`` for a
    positive sub-indicator; ``a = max, d = min − max`` for a negative one, which is exactly
    ``(max − X)/(max − min)``) and ``f = 100 × W × w``. ``noise(j, out)``, when given, writes
    the perturbed values of sub-indicator ``j`` (shape ``(B, U)``) into ``out`` (or returns
    False to use the unperturbed values).

    Returns ``total`` ``(B, U)`` (written into ``out`` when given), and with ``keep=True``
    also the indicator points ``(I, B, U)`` and sub-indicator points ``(J, B, U)``.
    ``work`` may hold two reusable float64 buffers of at least ``B × U`` elements.
    """
    J, U = Xt.shape
    B = a.shape[1]
    total = np.empty((B, U)) if out is None else out
    if work is None:
        tmp = np.empty((B, U))
        ind_buf = np.empty((B, U))
    else:
        tmp = work[0][: B * U].reshape(B, U)
        ind_buf = work[1][: B * U].reshape(B, U)
    sub_pts = np.empty((J, B, U)) if keep else None
    ind_pts = np.empty((len(groups), B, U)) if keep else None
    for gi, js in enumerate(groups):
        target = total if gi == 0 else ind_buf
        for k, j in enumerate(js):
            buf = target if k == 0 else tmp
            if noise is None or noise(j, buf) is False:
                np.subtract(Xt[j], a[j][:, None], out=buf)
            else:
                np.subtract(buf, a[j][:, None], out=buf)
            np.divide(buf, d[j][:, None], out=buf)
            np.clip(buf, 0.0, 1.0, out=buf)
            np.multiply(buf, f[j][:, None], out=buf)
            if keep:
                sub_pts[j] = buf
            if k > 0:
                np.add(target, buf, out=target)
        if len(js) == 0:
            target.fill(0.0)
        if keep:
            ind_pts[gi] = target
        if gi > 0:
            np.add(total, target, out=total)
    if keep:
        return total, ind_pts, sub_pts
    return total


def base_params(method: Method) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(a, d, f)`` of shape ``(J, 1)`` for the method's own parameters."""
    A = method._arrays
    lo, hi, neg = A["lo"], A["hi"], A["negative"]
    a = np.where(neg, hi, lo)
    d = np.where(neg, lo - hi, hi - lo)
    return a[:, None].copy(), d[:, None].copy(), A["f"][:, None].copy()


def level_of(region_code: str) -> str:
    """Rank group from the BPS code (:func:`sinergi.core.regions.region_level`): ``provinsi``, ``kabupaten/kota``."""
    return {PROVINSI: "provinsi", KABKOTA: "kabupaten/kota"}.get(region_level(region_code), "lainnya")


def rank_positions(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(order, rank)`` of a ``(B, n)`` array: ``order`` sorts each row ascending and
    ``rank[i, k]`` is the competition rank (1 = highest; ties share the best rank) of the
    element at ascending position ``k`` of row ``i``, i.e. of ``scores[i, order[i, k]]``."""
    order = np.argsort(scores, axis=1)  # ascending
    return order, sorted_ranks(np.sort(scores, axis=1))  # the sort equals scores[order] row by row


def sorted_ranks(vals: np.ndarray) -> np.ndarray:
    """Competition ranks (1 = highest; ties share the best rank) of the elements of each row
    of ``vals``, a ``(B, n)`` array sorted ascending along its rows, position by position."""
    B, n = vals.shape
    # without ties, ascending position k has rank n − k
    pos_rank = np.broadcast_to(np.arange(n, 0, -1, dtype=np.int32), (B, n))
    tied, ranks = tied_ranks(vals)
    if len(tied):
        pos_rank = np.array(pos_rank)
        pos_rank[tied] = ranks
    return pos_rank


def tied_ranks(vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows of ``vals`` (sorted ascending along its rows) that hold a tie, and their
    competition ranks position by position (the other rows rank ``n − k`` at position k)."""
    n = vals.shape[1]
    ties = vals[:, 1:] == vals[:, :-1]
    tied = np.flatnonzero(ties.any(axis=1))
    # every member of a tie group gets the rank of the group's last (highest) position
    last = np.concatenate([~ties[tied], np.ones((len(tied), 1), dtype=bool)], axis=1)
    end = np.where(last, np.arange(n), n)
    end = np.minimum.accumulate(end[:, ::-1], axis=1)[:, ::-1]
    return tied, (n - end).astype(np.int32)


def rank_rows(scores: np.ndarray) -> np.ndarray:
    """Competition ranks along the last axis (1 = highest; ties share the best rank).

    Works on ``(n,)`` or ``(B, n)``; the same code ranks the deterministic result and each
    Monte Carlo draw, so equal inputs give equal ranks.
    """
    s = np.atleast_2d(scores)
    B, n = s.shape
    if n == 0:
        return np.zeros(np.shape(scores), dtype=np.int32)
    order, pos_rank = rank_positions(s)
    ranks = np.empty((B, n), dtype=np.int32)
    np.put_along_axis(ranks, order, pos_rank, axis=1)
    return ranks.reshape(np.shape(scores))


@dataclass
class Units:
    """Region-years in a fixed order, with their values as a matrix (internal helper)."""

    region_code: np.ndarray
    year: np.ndarray
    X: np.ndarray  # (U, J)
    quality: np.ndarray  # (U, J) object: '' / real / derived / illustrative
    region_name: dict

    @property
    def n(self) -> int:
        return len(self.region_code)


def build_units(method: Method, inputs: pd.DataFrame) -> Units:
    region = inputs["region_code"].to_numpy(object)
    year = inputs["year"].to_numpy("int64")
    rcode, runiq = pd.factorize(region, sort=True)
    ycode, yuniq = pd.factorize(year, sort=True)
    # unit key ordered by (year, region code)
    key = ycode.astype(np.int64) * len(runiq) + rcode
    ukeys, ui = np.unique(key, return_inverse=True)
    keys = pd.DataFrame({"year": yuniq[ukeys // len(runiq)], "region_code": np.asarray(runiq, dtype=object)[ukeys % len(runiq)]})
    sub_pos = {c: j for j, c in enumerate(method.sub_codes)}
    sub_vals = inputs["sub_code"].to_numpy(object)
    scode, suniq = pd.factorize(sub_vals)
    ji = np.array([sub_pos[c] for c in suniq], dtype=np.int64)[scode]
    U, J = len(keys), method.n_subs
    X = np.full((U, J), np.nan)
    X[ui, ji] = inputs["value"].to_numpy(float)
    quality = np.full((U, J), "", dtype=object)
    if "quality" in inputs.columns:
        quality[ui, ji] = inputs["quality"].to_numpy(object)
    names = {}
    if "region_name" in inputs.columns:
        named = inputs.loc[inputs["region_name"].astype(str) != "", ["region_code", "region_name"]].drop_duplicates("region_code")
        names = dict(zip(named["region_code"], named["region_name"], strict=False))
    return Units(
        region_code=keys["region_code"].to_numpy(object),
        year=keys["year"].to_numpy("int64"),
        X=X,
        quality=quality,
        region_name=names,
    )


def rank_groups(units: Units, rank_by: str | Callable = "level") -> np.ndarray:
    if callable(rank_by):
        return np.array([str(rank_by(r)) for r in units.region_code], dtype=object)
    if rank_by == "all":
        return np.array(["semua"] * units.n, dtype=object)
    if rank_by == "level":
        return np.array([level_of(r) for r in units.region_code], dtype=object)
    raise ValueError(f"rank_by tidak dikenal: {rank_by!r} (gunakan 'level', 'all' atau sebuah fungsi)")


def ranks_by_group(scores: np.ndarray, years: np.ndarray, groups: np.ndarray, scored: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ranks for ``scores`` of shape ``(B, U)`` within (year, group) among scored units.
    Returns ``(ranks (B, U) int32 with 0 for unscored, n_in_group (U,))``."""
    scores = np.atleast_2d(scores)
    ranks = np.zeros(scores.shape, dtype=np.int32)
    n_in = np.zeros(scores.shape[1], dtype=np.int32)
    keys = pd.DataFrame({"y": years, "g": groups, "s": scored})
    for (_, _, ok), idx in keys.groupby(["y", "g", "s"], sort=False).indices.items():
        if not ok:
            continue
        ranks[:, idx] = rank_rows(scores[:, idx])
        n_in[idx] = len(idx)
    return ranks, n_in


@dataclass
class IPKResult:
    """Deterministic IPK results with everything needed to explain and re-derive them.

    Tables (full precision; round only for display):

    - ``units``: one row per region-year — ``region_code, region_name, year, rank_group,
      score, category, rank, n_ranked, scored, missing, illustrative, note``;
    - ``indicators``: ``region_code, year, indicator_code, indicator_name, indicator_weight,
      points, max_points, points_lost``;
    - ``subs``: ``region_code, year, indicator_code, sub_code, sub_name, unit, direction,
      min, max, indicator_weight, sub_weight, value, quality, s, points, max_points,
      points_lost``;
    - ``inputs``: the validated input values.

    ``method`` is the Method used; ``method_name``, ``method_version``,
    ``method_fingerprint`` and ``provisional`` say which parameters produced the numbers and
    whether they must carry :data:`~sinergi.core.ipk.labels.PROVISIONAL_LABEL`.
    """

    method: Method
    inputs: pd.DataFrame
    units: pd.DataFrame
    indicators: pd.DataFrame
    subs: pd.DataFrame
    settings: dict = field(default_factory=dict)
    _units: Units | None = field(default=None, repr=False)
    #: the official IPK beside each region-year (:func:`sinergi.core.ipk.official.official_beside`),
    #: set by :meth:`with_official`; ``None`` when not attached
    official: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def method_name(self) -> str:
        return self.method.name

    @property
    def method_version(self) -> str:
        return self.method.version

    @property
    def method_fingerprint(self) -> str:
        return self.method.fingerprint

    @property
    def provisional(self) -> bool:
        return self.method.provisional

    @property
    def illustrative(self) -> bool:
        """True when any scored region-year uses an illustrative input."""
        return bool((self.units["illustrative"] != "").any())

    @property
    def label(self) -> str:
        return PROVISIONAL_LABEL if self.provisional else ""

    def unit(self, region_code: str, year: int) -> pd.Series:
        hit = self.units[(self.units["region_code"] == str(region_code)) & (self.units["year"] == int(year))]
        if hit.empty:
            raise KeyError(f"Wilayah {region_code} tahun {year} tidak ada dalam hasil.")
        return hit.iloc[0]

    def meter(self, region_code: str, year: int) -> DataMeter:
        """How many of the inputs of one region-year are sourced, derived or illustrative
        (missing ones counted as ``kosong``; a value without a quality word as ``tanpa tanda
        kualitas``), e.g. ``IPK Samarinda 2024: 6 dari 25 masukan bersumber, 19 ilustratif``."""
        s = self.subs[(self.subs["region_code"] == str(region_code)) & (self.subs["year"] == int(year))]
        name = ""
        hit = self.units[(self.units["region_code"] == str(region_code)) & (self.units["year"] == int(year))]
        if len(hit):
            name = str(hit["region_name"].iloc[0] or "") or str(region_code)
        return count_quality(s["quality"], s["value"], subject=f"IPK {name or region_code} {int(year)}", unstated_is_sourced=False)

    def meters(self) -> pd.DataFrame:
        """The meter of every region-year (in the order of ``units``): ``region_code, year`` and
        the counts of :data:`sinergi.core.stats.meter.METER_COLUMNS`, plus ``text``."""
        t = meter_table(self.subs, ["region_code", "year"], unstated_is_sourced=False)
        t = self.units[["region_code", "year", "region_name"]].merge(t, on=["region_code", "year"], how="left")
        for c in METER_COLUMNS:
            t[c] = t[c].fillna(0).astype("int64")
        names = [n or r for n, r in zip(t["region_name"], t["region_code"], strict=False)]
        t["text"] = meter_texts([f"IPK {n} {y}" for n, y in zip(names, t["year"].tolist(), strict=False)], t["bersumber"].tolist(),
                                t["turunan"].tolist(), t["ilustratif"].tolist(), t["tidak_dinyatakan"].tolist(), t["kosong"].tolist())
        return t.drop(columns="region_name")

    def with_official(self, published: pd.DataFrame, names: dict | None = None) -> IPKResult:
        """A copy of this result with the official IPK attached (``published``: a table from
        :func:`sinergi.core.ipk.official.published_table`); exports and the long form then
        show it beside each estimate with the difference and why."""
        from dataclasses import replace

        from .official import official_beside

        return replace(self, official=official_beside(self, published, names))

    def values_of(self, region_code: str, year: int) -> dict[str, float]:
        """Input values of one region-year, ``{sub_code: value}`` (NaN = missing)."""
        s = self.subs[(self.subs["region_code"] == str(region_code)) & (self.subs["year"] == int(year))]
        return dict(zip(s["sub_code"], s["value"], strict=False))

    def to_long(self) -> pd.DataFrame:
        """The CLI/export long form: ``region_code, year, level, code, value, category, note``
        (level ``ipk``, ``indicator`` or ``sub``; value in index points, full precision).
        Rows run region-year by region-year: the IPK row, then each indicator followed by its
        sub-indicators. Every row of a provisional method carries the label in ``note``."""
        label = self.label
        U = len(self.units)
        n_ind = len(self.method.indicator_codes)
        J = self.method.n_subs
        ind_of_sub = self.method._arrays["ind_of_sub"]
        u_idx = np.arange(U)

        ipk = pd.DataFrame(
            {
                "region_code": self.units["region_code"].to_numpy(object),
                "year": self.units["year"].to_numpy(),
                "level": "ipk",
                "code": "IPK",
                "value": self.units["score"].to_numpy(float),
                "category": self.units["category"].to_numpy(object),
                "note": self._ipk_notes(),
                "_k": u_idx * (n_ind + 1) * (J + 1),
            }
        )
        inds = self.indicators
        miss = self.subs.loc[self.subs["value"].isna(), ["region_code", "year", "indicator_code", "sub_code"]]
        miss_text = miss.groupby(["region_code", "year", "indicator_code"], sort=False)["sub_code"].agg(", ".join)
        keys = pd.MultiIndex.from_frame(inds[["region_code", "year", "indicator_code"]])
        missing_here = miss_text.reindex(keys).to_numpy(object)
        inote = [
            _join([f"tidak dinilai: belum ada nilai untuk {m}" if isinstance(m, str) else "", label])
            for m in missing_here
        ]
        i_idx = np.tile(np.arange(n_ind), U)
        ind = pd.DataFrame(
            {
                "region_code": inds["region_code"].to_numpy(object),
                "year": inds["year"].to_numpy(),
                "level": "indicator",
                "code": inds["indicator_code"].to_numpy(object),
                "value": inds["points"].to_numpy(float),
                "category": "",
                "note": inote,
                "_k": np.repeat(u_idx, n_ind) * (n_ind + 1) * (J + 1) + (i_idx + 1) * (J + 1),
            }
        )
        subs = self.subs
        nan = subs["value"].isna().to_numpy()
        ill = (subs["quality"] == "illustrative").to_numpy()
        snote = [
            _join(["data tidak tersedia" if a else "", ILLUSTRATIVE_LABEL if b else "", label])
            for a, b in zip(nan, ill, strict=False)
        ]
        j_idx = np.tile(np.arange(J), U)
        sub = pd.DataFrame(
            {
                "region_code": subs["region_code"].to_numpy(object),
                "year": subs["year"].to_numpy(),
                "level": "sub",
                "code": subs["sub_code"].to_numpy(object),
                "value": subs["points"].to_numpy(float),
                "category": "",
                "note": snote,
                "_k": np.repeat(u_idx, J) * (n_ind + 1) * (J + 1) + (np.tile(ind_of_sub, U) + 1) * (J + 1) + j_idx + 1,
            }
        )
        out = pd.concat([ipk, ind, sub], ignore_index=True).sort_values("_k", kind="stable")
        out = out.drop(columns="_k").reset_index(drop=True)
        out["region_code"] = out["region_code"].astype(object)
        out["value"] = out["value"].astype(float)
        return out[LONG_COLUMNS]

    def _ipk_notes(self) -> list[str]:
        """The note of each IPK row: the unit's note, the real-data meter and, when attached,
        the official IPK with the difference and why."""
        meters = self.meters()["text"].tolist()  # in the order of units
        official = [""] * len(self.units)
        if self.official is not None:
            why = self.units[["region_code", "year"]].merge(self.official[["region_code", "year", "why"]], on=["region_code", "year"], how="left")
            official = why["why"].fillna("").tolist()
        return [_join([n, m, o]) for n, m, o in zip(self.units["note"], meters, official, strict=False)]

    def to_dict(self) -> dict:
        """JSON-ready record of the result for storage: the method (with its version and
        fingerprint), the settings, and the rows of each table (NaN → None)."""

        def rows(frame: pd.DataFrame) -> list[dict]:
            return [
                {k: (None if isinstance(v, float) and np.isnan(v) else v.item() if isinstance(v, np.generic) else v) for k, v in r.items()}
                for r in frame.to_dict(orient="records")
            ]

        return {
            "method": self.method.to_dict(),
            "provisional": self.provisional,
            "label": self.label,
            "settings": dict(self.settings),
            "units": rows(self.units),
            "indicators": rows(self.indicators),
            "subs": rows(self.subs),
            "inputs": rows(self.inputs),
        }

    def table(self, decimals: int = 2) -> pd.DataFrame:
        """The per-region-year table rounded for display."""
        t = self.units.copy()
        t["score"] = t["score"].round(decimals)
        return t

    def summary_text(self, decimals: int = 2, limit: int | None = None) -> str:
        """A short plain-text table (for the CLI)."""
        from sinergi.core.numbers import format_id

        t = self.units if limit is None else self.units.head(limit)
        head = f"{'Wilayah':<26} {'Tahun':>5} {'IPK':>7} {'Kategori':<15} {'Peringkat':>9}  Catatan"
        lines = [head, "-" * len(head)]
        for u in t.itertuples(index=False):
            name = f"{u.region_code} {u.region_name}".strip()[:26]
            score = format_id(u.score, decimals, missing="—")
            rank = f"{u.rank}/{u.n_ranked}" if u.scored else "—"
            note = u.note if not u.scored else ("data ilustratif" if u.illustrative else "")
            lines.append(f"{name:<26} {u.year:>5} {score:>7} {(u.category or '—'):<15} {rank:>9}  {note}")
        return "\n".join(lines)


def _join(parts) -> str:
    return "; ".join(p for p in parts if p)


def compute(method: Method, data: pd.DataFrame, *, rank_by: str | Callable = "level") -> IPKResult:
    """Score every region-year in ``data`` with ``method``.

    ``data``: long form ``region_code, year, sub_code, value`` (optionally ``quality``,
    ``source_url``, ``note``, ``region_name``); cells may be text as typed by a user — they
    are validated with :func:`~sinergi.core.ipk.inputs.prepare_inputs` (ValidationFailed
    lists every problem). ``rank_by``: ``"level"`` (provinces and regencies/cities ranked
    separately, per year), ``"all"`` (one ranking per year) or a function region_code → group.

    Returns an :class:`IPKResult`.
    """
    inputs = prepare_inputs(data, method)
    units = build_units(method, inputs)
    A = method._arrays
    a, d, f = base_params(method)
    Xt = np.ascontiguousarray(units.X.T)
    total, ind_pts, sub_pts = score_kernel(Xt, A["groups"], a, d, f, keep=True)
    score = total[0]
    missing = np.isnan(units.X)
    scored = ~missing.any(axis=1)
    score = np.where(scored, score, np.nan)
    groups = rank_groups(units, rank_by)
    ranks, n_in = ranks_by_group(score[None, :], units.year, groups, scored)
    cats = categorise(score, method.categories)
    codes = np.array(method.sub_codes, dtype=object)
    miss_text, illu_text, notes = _unit_notes(method, units, codes, missing)
    unit_df = pd.DataFrame(
        {
            "region_code": units.region_code,
            "region_name": [units.region_name.get(r, "") for r in units.region_code],
            "year": units.year,
            "rank_group": groups,
            "score": score,
            "category": np.where(pd.isna(cats), "", cats).astype(object),
            "rank": np.where(scored, ranks[0], 0).astype("int64"),
            "n_ranked": n_in.astype("int64"),
            "scored": scored,
            "missing": miss_text,
            "illustrative": illu_text,
            "note": notes,
        }
    )
    ind_df = _indicator_table(method, units, ind_pts)
    sub_df = _sub_table(method, units, codes, sub_pts)
    return IPKResult(
        method=method,
        inputs=inputs,
        units=unit_df,
        indicators=ind_df,
        subs=sub_df,
        settings={"rank_by": rank_by if isinstance(rank_by, str) else getattr(rank_by, "__name__", "fungsi")},
        _units=units,
    )


def _unit_notes(method: Method, units, codes: np.ndarray, missing: np.ndarray) -> tuple[list[str], list[str], list[str]]:
    """Per region-year: the sub-indicators without a value, those on illustrative data, and the note."""
    miss_text, illu_text, notes = [], [], []
    label = method.label
    for u in range(units.n):
        m = codes[missing[u]]
        il = codes[(units.quality[u] == "illustrative") & ~missing[u]]
        miss_text.append(", ".join(m))
        illu_text.append(", ".join(il))
        parts = []
        if len(m):
            parts.append(f"tidak dinilai: data belum lengkap, belum ada nilai untuk {', '.join(m)}")
        if label:
            parts.append(label)
        if len(il):
            parts.append(f"data {ILLUSTRATIVE_LABEL}: {', '.join(il)}")
        notes.append(_join(parts))
    return miss_text, illu_text, notes


def _indicator_table(method: Method, units, ind_pts: np.ndarray) -> pd.DataFrame:
    """Points per region-year and indicator."""
    U, n_ind = units.n, len(method._arrays["indicator_codes"])
    ind_info = method.indicators()
    ind_df = pd.DataFrame(
        {
            "region_code": np.repeat(units.region_code, n_ind),
            "year": np.repeat(units.year, n_ind),
            "indicator_code": np.tile(ind_info["indicator_code"].to_numpy(object), U),
            "indicator_name": np.tile(ind_info["indicator_name"].to_numpy(object), U),
            "indicator_weight": np.tile(ind_info["indicator_weight"].to_numpy(float), U),
            "points": ind_pts[:, 0, :].T.reshape(-1),
            "max_points": np.tile(ind_info["max_points"].to_numpy(float), U),
        }
    )
    ind_df["points_lost"] = ind_df["max_points"] - ind_df["points"]
    return ind_df


def _sub_table(method: Method, units, codes: np.ndarray, sub_pts: np.ndarray) -> pd.DataFrame:
    """Value, normalised score and points per region-year and sub-indicator."""
    U, J = units.n, method.n_subs
    t = method.table
    sub_df = pd.DataFrame(
        {
            "region_code": np.repeat(units.region_code, J),
            "year": np.repeat(units.year, J),
            "indicator_code": np.tile(t["indicator_code"].to_numpy(object), U),
            "sub_code": np.tile(codes, U),
            "sub_name": np.tile(t["sub_name"].to_numpy(object), U),
            "unit": np.tile(t["unit"].to_numpy(object), U),
            "direction": np.tile(t["direction"].to_numpy(object), U),
            "min": np.tile(t["min"].to_numpy(float), U),
            "max": np.tile(t["max"].to_numpy(float), U),
            "indicator_weight": np.tile(t["indicator_weight"].to_numpy(float), U),
            "sub_weight": np.tile(t["sub_weight"].to_numpy(float), U),
            "value": units.X.reshape(-1),
            "quality": units.quality.reshape(-1),
            "points": sub_pts[:, 0, :].T.reshape(-1),
            "max_points": np.tile(method._arrays["f"], U),
        }
    )
    sub_df["s"] = _normalised(method, units.X).reshape(-1)
    sub_df["points_lost"] = sub_df["max_points"] - sub_df["points"]
    return sub_df[
        ["region_code", "year", "indicator_code", "sub_code", "sub_name", "unit", "direction", "min", "max",
         "indicator_weight", "sub_weight", "value", "quality", "s", "points", "max_points", "points_lost"]
    ]


def _normalised(method: Method, X: np.ndarray) -> np.ndarray:
    """Capped normalised scores ``s`` for values ``X`` (U, J)."""
    A = method._arrays
    lo, hi, neg = A["lo"], A["hi"], A["negative"]
    s = np.where(neg, (hi - X) / (hi - lo), (X - lo) / (hi - lo))
    return np.clip(s, 0.0, 1.0)


def score_values(method: Method, values: dict[str, float] | np.ndarray) -> float:
    """IPK of one set of values (``{sub_code: value}`` or an array in method order), with
    the same arithmetic as :func:`compute`. NaN when any value is missing."""
    if isinstance(values, dict):
        x = np.array([float(values.get(c, np.nan)) for c in method.sub_codes])
    else:
        x = np.asarray(values, dtype=float)
    a, d, f = base_params(method)
    total = score_kernel(x[:, None], method._arrays["groups"], a, d, f)
    return float(total[0, 0])

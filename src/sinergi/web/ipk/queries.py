"""Read side of the IPK pages: stored methods and inputs turned into the engine's objects.

Nothing here computes an index: :func:`result` hands the stored inputs to
:func:`sinergi.core.ipk.compute`; the pages and exports show what the engine returns.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass

import pandas as pd

from sinergi.core.ipk import IPKResult, Method, UncertaintyResult, UncertaintySettings, compute, prepare_inputs
from sinergi.web import caching
from sinergi.web.ipk.models import IpkInput, IpkMethod, IpkRun
from sinergi.web.regions.models import Region

INPUT_COLUMNS = ["region_code", "year", "sub_code", "value", "quality", "source_url", "note", "region_name"]

_METHODS: dict[tuple, Method] = {}


def active_method() -> IpkMethod | None:
    return IpkMethod.objects.filter(is_active=True).select_related("created_by").first()


def method_of(stored: IpkMethod) -> Method:
    """The engine's :class:`Method` of a stored version (its version is the stored one)."""
    key = (stored.name, stored.version, hashlib.sha256(json.dumps(stored.definition, sort_keys=True, default=str).encode()).hexdigest())
    m = _METHODS.get(key)
    if m is None:
        m = Method.from_dict({**stored.definition, "name": stored.name, "version": stored.version})
        if len(_METHODS) > 32:
            _METHODS.clear()
        _METHODS[key] = m
    return m


def region_names() -> dict[str, str]:
    return {r.code: r.display_name for r in Region.objects.all()}


def stored_frame(years=None, regions=None) -> pd.DataFrame:
    """Every stored input value (all sub-indicator codes) in the long form of the engine."""
    qs = IpkInput.objects.all()
    if years is not None:
        qs = qs.filter(year__in=list(years))
    if regions is not None:
        qs = qs.filter(region_id__in=list(regions))
    names = region_names()
    rows = list(qs.values_list("region_id", "year", "sub_code", "value", "quality", "source_url", "note"))
    frame = pd.DataFrame(rows, columns=INPUT_COLUMNS[:-1])
    frame["region_name"] = [names.get(r, "") for r in frame["region_code"]]
    frame["value"] = frame["value"].astype(float)
    return frame


def inputs_for(method: Method, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The stored inputs restricted to the method's sub-indicators, validated by the engine.
    A sub-indicator of the method without a stored value is simply absent (missing)."""
    frame = stored_frame() if frame is None else frame
    frame = frame[frame["sub_code"].isin(method.sub_codes)].reset_index(drop=True)
    return prepare_inputs(frame, method)


def inputs_fingerprint(inputs: pd.DataFrame) -> str:
    """A hash of the values a computation used: a stored run made from other values is stale."""
    rows = sorted(
        (str(r), int(y), str(s), None if v is None or (isinstance(v, float) and math.isnan(v)) else repr(float(v)))
        for r, y, s, v in zip(inputs["region_code"], inputs["year"], inputs["sub_code"], inputs["value"], strict=False)
    )
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:16]


_CURRENT: dict[tuple, list] = caching.local({})


def inputs_state() -> str:
    """A digest of every stored input value (cheap to read; the validation and the
    computation it saves are not)."""
    rows = IpkInput.objects.order_by("region_id", "year", "sub_code").values_list("region_id", "year", "sub_code", "value", "quality", "unit")
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def current(stored: IpkMethod) -> tuple[pd.DataFrame, IPKResult]:
    """The validated stored inputs and the result of the method on them, computed once per
    state of the inputs (:func:`state`) and kept in this process (pages are read far more often
    than inputs change). Callers must not modify what they get."""
    return _current(stored)[:2]


def state(stored: IpkMethod) -> tuple:
    """What an IPK page depends on: the method version, a digest of every stored input (exact
    whatever wrote them; ~2 ms) and the IPK cache generation (methods, runs, regions)."""
    return (stored.pk, stored.fingerprint, inputs_state(), caching.generation(caching.IPK))


def current_official(stored: IpkMethod) -> tuple[pd.DataFrame, IPKResult, str]:
    """:func:`current` with the official IPK beside each region-year, and the fingerprint of
    the inputs (what the pages show), computed once per state like :func:`current`."""
    inputs, res, official, fingerprint = _current(stored, official=True)
    return inputs, official, fingerprint


def _current(stored: IpkMethod, official: bool = False) -> list:
    key = state(stored)
    hit = _CURRENT.get(key)
    if hit is None:
        method = method_of(stored)
        inputs = inputs_for(method)
        hit = [inputs, compute(method, inputs), None, None]
        if len(_CURRENT) > 8:
            _CURRENT.clear()
        _CURRENT[key] = hit
    if official and hit[2] is None:
        hit[2], hit[3] = with_official(hit[1]), inputs_fingerprint(hit[0])
    return hit


def result(stored: IpkMethod, frame: pd.DataFrame | None = None) -> IPKResult:
    method = method_of(stored)
    return compute(method, inputs_for(method, frame))


_PUBLISHED: list[pd.DataFrame] = []


def published() -> pd.DataFrame:
    """The shipped published (official) IPK values, read once per process."""
    if not _PUBLISHED:
        from sinergi.documents.ipk_files import load_published

        _PUBLISHED.append(load_published())
    return _PUBLISHED[0]


def with_official(res: IPKResult) -> IPKResult:
    """A copy of ``res`` with the official IPK beside each region-year (names from the regions
    table, so "Kalimantan Timur" matches however the inputs named it)."""
    names = {r.code: r.name for r in Region.objects.all()}
    return res.with_official(published(), names)


def years_available() -> list[int]:
    return sorted(set(IpkInput.objects.values_list("year", flat=True)), reverse=True)


def pick_year(raw, years: list[int]) -> int | None:
    try:
        y = int(raw)
    except (TypeError, ValueError):
        y = None
    if y in years:
        return y
    return years[0] if years else None


def latest_run(stored: IpkMethod | None, kind: str = IpkRun.Kind.UNCERTAINTY) -> IpkRun | None:
    if stored is None:
        return None
    return IpkRun.objects.filter(method=stored, kind=kind).select_related("created_by").first()


@dataclass
class RunView:
    """A stored Monte Carlo run as the pages need it."""

    run: IpkRun
    rows: dict[tuple[str, int], dict]
    categories: list[str]
    stale: bool

    def of(self, region_code: str, year: int) -> dict | None:
        return self.rows.get((str(region_code), int(year)))


def run_view(run: IpkRun | None, current_fingerprint: str | None = None) -> RunView | None:
    if run is None:
        return None
    rows = {}
    categories = run.summary.get("categories", [])
    for r in run.summary.get("summary", []):
        probs = [(c, r.get("prob_" + c.strip().lower().replace(" ", "_"))) for c in categories]
        rows[(str(r["region_code"]), int(r["year"]))] = {**r, "probs": probs}
    stale = bool(current_fingerprint and run.inputs_fingerprint and run.inputs_fingerprint != current_fingerprint)
    return RunView(run=run, rows=rows, categories=categories, stale=stale)


def uncertainty_of(run: IpkRun) -> UncertaintyResult:
    """Rebuild the engine's :class:`UncertaintyResult` from a stored run (for the export)."""
    s = run.summary
    settings = dict(s.get("settings", {}))
    seed = settings.get("seed")
    known = set(UncertaintySettings.__dataclass_fields__)
    us = UncertaintySettings(**{k: v for k, v in settings.items() if k in known})
    summary = pd.DataFrame(s.get("summary", []))
    for c in summary.columns:
        if c not in ("region_code", "region_name", "note"):
            summary[c] = pd.to_numeric(summary[c])  # None (stored for NaN) → NaN
    return UncertaintyResult(
        summary=summary,
        settings=us,
        seed=int(seed) if seed is not None else 0,
        method_name=s.get("method_name", run.method.name),
        method_version=s.get("method_version", run.method.version),
        method_fingerprint=s.get("method_fingerprint", run.method.fingerprint),
        provisional=bool(s.get("provisional", run.method.provisional)),
        categories=list(s.get("categories", [])),
    )

"""Read-side helpers: the one preferred figure per region for an indicator and year."""
from __future__ import annotations

from sinergi.web import caching
from sinergi.web.statistics.models import Observation, named_by_code


def month_rank(month: int | None) -> int:
    """Which observation stands for a year: the August Sakernas round (8) first, then an
    annual figure (no month), then the latest other month."""
    if month == 8:
        return 0
    if month is None:
        return 1
    return 2 + (12 - month)


def headline(indicator_code: str, year: int | None = None, region_codes=None) -> dict[tuple[str, int], Observation]:
    """Preferred observations keyed by (region, year), one per key (cached per state of the
    statistics, see :mod:`sinergi.web.caching`; callers must not modify what they get).

    An indicator measured in the August Sakernas round is shown from that round only (a
    February figure is not the same thing, so a year without an August figure is missing);
    other indicators use the annual figure, else the latest month (see :func:`month_rank`).
    """
    codes = None if region_codes is None else sorted(region_codes)
    return caching.cached("headline", (caching.STATISTICS,), lambda: _headline(indicator_code, year, codes), indicator_code, year, codes)


def _headline(indicator_code: str, year: int | None, region_codes) -> dict[tuple[str, int], Observation]:
    qs = Observation.objects.filter(named_by_code(), indicator_id=indicator_code, preferred=True).exclude(year=None)
    if Observation.objects.filter(indicator_id=indicator_code, month=8).exists():
        qs = qs.filter(month=8)
    if year is not None:
        qs = qs.filter(year=year)
    if region_codes is not None:
        qs = qs.filter(region_id__in=list(region_codes))
    out: dict[tuple[str, int], Observation] = {}
    for o in qs.select_related("region"):
        k = (o.region_id, o.year)
        if k not in out or month_rank(o.month) < month_rank(out[k].month):
            out[k] = o
    return out


def years_with_data(indicator_code: str) -> list[tuple[int, int]]:
    """``(year, number of regions)`` for an indicator, newest first (cached like :func:`headline`)."""
    return caching.cached("years-with-data", (caching.STATISTICS,), lambda: _years_with_data(indicator_code), indicator_code)


def _years_with_data(indicator_code: str) -> list[tuple[int, int]]:
    counts: dict[int, set] = {}
    qs = Observation.objects.filter(named_by_code(), indicator_id=indicator_code, preferred=True).exclude(year=None)
    if qs.filter(month=8).exists():
        qs = qs.filter(month=8)
    for region, year in qs.values_list("region_id", "year"):
        counts.setdefault(year, set()).add(region)
    return sorted(((y, len(r)) for y, r in counts.items()), reverse=True)


def primary_frame(region_codes=None):
    """The primary (preferred) value of every figure in the long form of the embedded files, for
    the readers built on it (the RTK series, the RTKD history): text ``year``/``month`` (blank
    when not stated), ``preferred`` true, and ``quality`` with ``illustrative`` added for a
    source of the illustrative class. Only figures named by their code (:func:`named_by_code`:
    everyone, or ``tpak_female``-style codes); a group's figure under a base code is left out."""
    import pandas as pd

    qs = Observation.objects.filter(named_by_code(), preferred=True)
    if region_codes is not None:
        qs = qs.filter(region_id__in=list(region_codes))
    rows = [
        {
            "region_code": o["region_id"], "region": "", "year": "" if o["year"] is None else str(o["year"]),
            "month": "" if o["month"] is None else str(o["month"]), "indicator": o["indicator_id"], "value": o["value"],
            "unit": o["unit"], "source_url": o["source_url"], "note": o["note"],
            "quality": ",".join(q for q in (o["quality"], "illustrative" if o["source_kind"] == "ilustratif" else "") if q),
            "preferred": True,
        }
        for o in qs.order_by("region_id", "indicator_id", "year", "month", "pk").values(
            "region_id", "year", "month", "indicator_id", "value", "unit", "source_url", "note", "quality", "source_kind")
    ]
    columns = ["region_code", "region", "year", "month", "indicator", "value", "unit", "source_url", "note", "quality", "preferred"]
    return pd.DataFrame(rows, columns=columns)


def group_observations(region_codes=None, indicators=None) -> list[dict]:
    """Preferred observations of the gap indicators (every group, every code that names one) as
    plain rows for :func:`sinergi.core.stats.groups.group_gaps`."""
    from sinergi.core.stats.groups import CODE_GROUPS, GAP_INDICATORS

    bases = set(indicators or GAP_INDICATORS)
    codes = bases | {c for c, (b, _) in CODE_GROUPS.items() if b in bases}
    qs = Observation.objects.filter(preferred=True, indicator_id__in=codes).exclude(year=None)
    if region_codes is not None:
        qs = qs.filter(region_id__in=list(region_codes))
    return [
        {"region_code": o["region_id"], "year": o["year"], "month": o["month"], "indicator": o["indicator_id"],
         "kelompok": o["kelompok"], "value": o["value"], "unit": o["unit"], "source_url": o["source_url"], "preferred": True}
        for o in qs.values("region_id", "year", "month", "indicator_id", "kelompok", "value", "unit", "source_url")
    ]

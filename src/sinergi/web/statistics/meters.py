"""The real-data meter of the province's home page: per region and pillar, how much of what the
results use is sourced, derived or illustrative, each with the link that fills the rest.

- **IPK**: the stored input values of the latest input year for the sub-indicators of the
  active method (a sub-indicator without a value counts as ``kosong``); link: the region-year's
  IPK data page (form and Excel template).
- **RTK**: the base-year inputs of the projection in the statistics — working-age population,
  labour force, employed, unemployed, participation rate (August Sakernas round) and PDRB ADHK
  2010 — the preferred value of each; link: the statistics import (long form or BPS table).

Counting is :func:`sinergi.core.stats.meter.count_quality`; nothing here computes a result.
"""
from __future__ import annotations

from django.urls import reverse

from sinergi.core.stats.meter import RTK_BASE_INPUTS, count_quality
from sinergi.web.meter import meter_context
from sinergi.web.regions.models import Region

#: (indicator, month) of the RTK projection's base-year inputs (one list, in core)
RTK_INPUTS = RTK_BASE_INPUTS


def _ipk(regions) -> tuple[int | None, dict]:
    from sinergi.web.ipk.models import IpkInput
    from sinergi.web.ipk.queries import active_method, method_of

    stored = active_method()
    years = list(IpkInput.objects.order_by("-year").values_list("year", flat=True)[:1])
    if stored is None or not years:
        return None, {}
    year = years[0]
    subs = method_of(stored).sub_codes
    by_region: dict[str, dict[str, tuple]] = {}
    for r, s, v, q in IpkInput.objects.filter(year=year, sub_code__in=subs).values_list("region_id", "sub_code", "value", "quality"):
        by_region.setdefault(r, {})[s] = (q, v)
    out = {}
    for region in regions:
        got = by_region.get(region.code, {})
        pairs = [got.get(s, ("", None)) for s in subs]
        m = count_quality([p[0] for p in pairs], [p[1] for p in pairs], subject=f"IPK {region.display_name} {year}",
                          unstated_is_sourced=False)
        out[region.code] = meter_context(m, fill_href=reverse("ipk:data", args=[region.code, year]),
                                         fill_text="isi data IPK (formulir atau templat)")
    return year, out


def _rtk(regions) -> tuple[int | None, dict]:
    """Per region, its own latest August round with a labour-force figure (the base year its plan
    would start from; the province has a later round than the regencies)."""
    from sinergi.web.statistics.models import Observation, named_by_code

    obs = Observation.objects.filter(named_by_code(), preferred=True, indicator_id__in=[i for i, _ in RTK_INPUTS]).exclude(year=None)
    latest: dict[str, int] = {}
    for r, y in obs.filter(indicator_id__in=["angkatan_kerja", "bekerja", "pengangguran"], month=8).values_list("region_id", "year"):
        latest[r] = max(y, latest.get(r, y))
    if not latest:
        return None, {}
    found: dict[tuple[str, str], tuple] = {}
    for r, y, ind, month, v, q, kind in obs.values_list("region_id", "year", "indicator_id", "month", "value", "quality", "source_kind"):
        if y != latest.get(r):
            continue
        q = [q, "illustrative"] if kind == "ilustratif" else q  # an illustrative source is illustrative whatever its flags
        want = dict(RTK_INPUTS)[ind]
        if want is not None:
            if month == want:
                found[(r, ind)] = (q, v)
        elif month is None or (r, ind) not in found:  # the annual figure, else any month
            found[(r, ind)] = (q, v)
    out = {}
    for region in regions:
        year = latest.get(region.code)
        pairs = [found.get((region.code, ind), ("", None)) for ind, _ in RTK_INPUTS]
        subject = f"RTK {region.display_name} {year}" if year else f"RTK {region.display_name} (belum ada data Sakernas Agustus)"
        m = count_quality([p[0] for p in pairs], [p[1] for p in pairs], subject=subject)
        out[region.code] = meter_context(m, fill_href=reverse("statistics-import"), fill_text="impor statistik (bentuk panjang atau tabel BPS)")
    return max(latest.values()), out


def dashboard_meters() -> dict:
    """``{"rows": [{region, ipk, rtk}], "ipk_year", "rtk_year"}`` for the home page (cached
    per state of the statistics and IPK inputs, see :mod:`sinergi.web.caching`)."""
    from django.utils.translation import get_language

    from sinergi.web import caching

    return caching.cached("meter-beranda", (caching.STATISTICS, caching.IPK), _dashboard_meters, get_language())


def _dashboard_meters() -> dict:
    regions = list(Region.objects.all())
    ipk_year, ipk = _ipk(regions)
    rtk_year, rtk = _rtk(regions)
    rows = [{"region": r, "ipk": ipk.get(r.code), "rtk": rtk.get(r.code)} for r in regions]
    return {"rows": rows, "ipk_year": ipk_year, "rtk_year": rtk_year}

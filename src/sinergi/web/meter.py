"""The real-data meter on pages: a :class:`~sinergi.core.stats.meter.DataMeter` turned into what
``templates/_data_meter.html`` shows (a bar of sourced / derived / illustrative / other and the
sentence "IPK Samarinda 2024: 6 dari 25 masukan bersumber, …"), with the link that fills the rest.

Any page can use it::

    from sinergi.core.stats.meter import count_quality
    from sinergi.web.meter import meter_context

    ctx["meter"] = meter_context(count_quality(qualities, values, subject="RTK Samarinda 2024"),
                                 fill_href=reverse("statistics:import"), fill_text="Impor statistik")

    {% include "_data_meter.html" with meter=meter %}
"""
from __future__ import annotations

from sinergi.core.stats.meter import DataMeter


def meter_context(m: DataMeter | None, *, fill_href: str = "", fill_text: str = "") -> dict | None:
    """Counts, percentages of the bar, the sentence and the fill link of one meter."""
    if m is None:
        return None
    total = m.total or 1
    return {
        **m.to_dict(),
        "pct_sourced": round(100 * m.sourced / total, 1),
        "pct_derived": round(100 * m.derived / total, 1),
        "pct_illustrative": round(100 * m.illustrative / total, 1),
        "pct_other": round(100 * (m.unstated + m.missing) / total, 1),
        "complete": m.complete,
        "fill_href": fill_href if not m.complete else "",
        "fill_text": fill_text,
    }

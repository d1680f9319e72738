"""Which IPK sub-indicators are read directly from a statistics indicator — the one mapping
used by ``scripts/ipk_ganti_ilustratif.py`` (replacing illustrative shipped inputs) and by
:func:`sinergi.web.ipk.actions.follow_statistics` (an IPK input follows the primary value of
its statistic when that changes).

Each link says which catalogue indicator and month (Sakernas August = 8) a sub-indicator is,
the statistic's unit, and the factor that turns the statistic into the sub-indicator's unit
(``ipk value = statistic × factor``). Sub-indicators derived from several figures (I5.1 PDRB
per worker, I5.2 its growth) are not links: the script derives them.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatisticLink:
    sub_code: str
    indicator: str
    month: int | None
    unit: str  # unit of the statistic in the catalogue
    factor: float  # ipk value = statistic × factor
    note: str  # the input's note; {y} = year

    def convert(self, value: float) -> float:
        return round(float(value) * self.factor, 9)


STATISTICS_LINKS: dict[str, StatisticLink] = {
    link.sub_code: link
    for link in (
        StatisticLink("I2.1", "tpak", 8, "percent", 1.0, "TPAK Sakernas Agustus {y}, seperti dipublikasikan"),
        StatisticLink("I2.4", "tpt", 8, "percent", 1.0, "TPT Sakernas Agustus {y}, seperti dipublikasikan"),
        StatisticLink("I3.1", "formal_share", 8, "percent of employed", 1.0, "pangsa pekerja formal Sakernas Agustus {y}"),
        StatisticLink("I3.2", "setengah_penganggur_share", 8, "percent of employed", 1.0,
                      "persentase setengah penganggur Sakernas Agustus {y}"),
    )
}


def links_for(indicator: str, month: int | None) -> list[StatisticLink]:
    """The sub-indicators read from this statistic (indicator and month)."""
    return [link for link in STATISTICS_LINKS.values() if link.indicator == indicator and link.month == month]

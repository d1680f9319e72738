"""Embedded reference data shipped with Sinergi, each figure with its source.

Copied from the project's reference collection: Kalimantan Timur labour and economy
statistics (``kaltim/``), the planning nomenclature for urusan 2.07 and 3.32
(``nomenklatur/``), the IPK method notes and published values (``ipk/``) and the RTK method,
IKN notes and worked numbers (``rtk/``). Every CSV keeps its source column.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

# The embedded statistics in the long form, in load order: the first curated collection, then
# the December 2026 additions (kab/kota labour and economy, population with vintages, province
# PUK/TPAK and employment by sector — see kaltim/tambahan_2026_12/NOTES*.md). Conflicting values
# are kept as separate rows; one rule picks the preferred value (sinergi.core.stats).
EMBEDDED_STATISTICS = (
    ("kaltim", "labour.csv"),
    ("kaltim", "economy.csv"),
    ("kaltim", "tambahan_2026_12", "labour_kabkota.csv"),
    ("kaltim", "tambahan_2026_12", "labour_extra.csv"),
    ("kaltim", "tambahan_2026_12", "employment_sector.csv"),
    ("kaltim", "tambahan_2026_12", "economy_kabkota.csv"),
    ("kaltim", "tambahan_2026_12", "population.csv"),
)


def data_path(*parts: str) -> Path:
    """Path of an embedded data file, e.g. ``data_path("kaltim", "labour.csv")``."""
    return Path(str(resources.files("sinergi.data").joinpath(*parts)))

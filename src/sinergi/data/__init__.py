"""Embedded reference data shipped with Sinergi, each figure with its source.

Copied from the project's reference collection: Kalimantan Timur labour and economy
statistics (``kaltim/``), the planning nomenclature for urusan 2.07 and 3.32
(``nomenklatur/``), the IPK method notes and published values (``ipk/``) and the RTK method,
IKN notes and worked numbers (``rtk/``). Every CSV keeps its source column.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    """Path of an embedded data file, e.g. ``data_path("kaltim", "labour.csv")``."""
    return Path(str(resources.files("sinergi.data").joinpath(*parts)))

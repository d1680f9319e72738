"""The province this installation serves, and the level of a region code.

The code base serves one province at a time. Its BPS code comes from one place,
:data:`PROVINCE_CODE`: the environment variable ``SINERGI_PROVINSI`` (two digits), ``64``
(Kalimantan Timur) when it is not set. Django exposes the same value as
``settings.SINERGI_PROVINSI``; nothing else in the code writes the province's code as a literal.

:func:`region_level` is the one rule for the level of a BPS region code: two digits are a
province, four digits a regency/city (kabupaten/kota).
"""
from __future__ import annotations

import os

PROVINSI = "provinsi"
KABKOTA = "kabkota"
DEFAULT_PROVINCE = "64"  # Kalimantan Timur


def _province_from_env() -> str:
    code = os.environ.get("SINERGI_PROVINSI", "").strip() or DEFAULT_PROVINCE
    if len(code) != 2 or not code.isdigit():
        raise ValueError(
            f"SINERGI_PROVINSI='{code}' bukan kode BPS provinsi; isi dua angka, mis. 64 untuk Kalimantan Timur."
        )
    return code


PROVINCE_CODE: str = _province_from_env()


def region_level(code) -> str | None:
    """``"provinsi"`` for a 2-digit BPS code, ``"kabkota"`` for a 4-digit one, ``None`` otherwise.

    The rule reads the code's shape only; whether the region belongs to the installation's
    province is a question for its region list (``Regions.authority`` in the sync checks)."""
    text = str(code)
    if not text.isdigit():
        return None
    if len(text) == 2:
        return PROVINSI
    if len(text) == 4:
        return KABKOTA
    return None


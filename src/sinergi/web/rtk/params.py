"""A plan's parameter JSON ⇄ the engine's :class:`~sinergi.core.rtk.Scenario` and
:class:`~sinergi.core.rtk.IknParams`.

The JSON holds exactly what ``Scenario.to_dict()`` / ``IknParams.to_dict()`` write, so a stored
plan re-creates the objects the engine ran with (``scenario_from_dict(s.to_dict()) == s``).
Defaults come from the shipped ``data/rtk/scenarios.csv`` and ``ikn.csv`` (via
:mod:`sinergi.documents.rtk_files`).
"""
from __future__ import annotations

import copy
import json

from sinergi.core.rtk import IknParams, Scenario, ikn_default_on
from sinergi.documents import rtk_files

PERIOD_YEARS = 5


def scenario_from_dict(d: dict) -> Scenario:
    """The inverse of :meth:`Scenario.to_dict` (kept as a name the forms use)."""
    return Scenario.from_dict(d)


def ikn_from_dict(d: dict) -> IknParams:
    """The inverse of :meth:`IknParams.to_dict`."""
    return IknParams.from_dict(d)


def jsonable(d: dict) -> dict:
    """The JSON form as the database gives it back (string year keys)."""
    return json.loads(json.dumps(d))


def default_ikn(region_code: str) -> tuple[IknParams, bool]:
    """The IKN set a new plan starts from, and whether it is switched on.

    On by default only where IKN lies (:func:`sinergi.core.rtk.ikn_default_on`): the province
    with the shipped set, Penajam Paser Utara (6409) and Kutai Kartanegara (6403) each with its
    part of it. Any other regency/city starts from the same coefficients with empty worker,
    spending and civil-servant paths for its own share, switched off.
    """
    code = str(region_code)
    on = ikn_default_on(code)
    if on:
        # Penajam Paser Utara and Kutai Kartanegara: their part of IKN, switched on
        return rtk_files.load_ikn(code), True
    shipped = rtk_files.load_ikn()
    if not shipped.regions or code in shipped.regions:
        return shipped, on
    own = IknParams(
        name="ikn",
        label=f"IKN — bagian wilayah {code}",
        jobs_per_trillion=shipped.jobs_per_trillion,
        sector_split=dict(shipped.sector_split),
        asn_sector=shipped.asn_sector,
        local_share=shipped.local_share,
        settle_share=shipped.settle_share,
        asn_settle_share=shipped.asn_settle_share,
        dependants_in_labour_force=shipped.dependants_in_labour_force,
        regions=[code],
        note=(
            "Parameter bawaan IKN menghitung seluruh pekerja IKN untuk Provinsi Kalimantan Timur. Isi jumlah pekerja, "
            "belanja dan ASN yang jatuh di wilayah ini (beserta sumbernya) sebelum menyalakan modul IKN."
        ),
    )
    return own, False


def default_period() -> tuple[int, int]:
    """Base and end year of a new plan: the year before the first stored growth year, + 5."""
    years = [y for s in rtk_files.load_scenarios().values() for y in s.growth if y > 0]
    base = (min(years) - 1) if years else 2024
    return base, base + PERIOD_YEARS


def default_parameters(region_code: str) -> dict:
    """Parameters of a plan nobody has saved yet (the shipped assumptions)."""
    ikn, on = default_ikn(region_code)
    return jsonable({
        "scenarios": [s.to_dict() for s in rtk_files.load_scenarios().values()],
        "ikn": ikn.to_dict(),
        "ikn_on": on,
        "main": "moderat",
        "target_tpt": None,
    })


def scenarios(params: dict) -> list[Scenario]:
    return [scenario_from_dict(d) for d in params.get("scenarios", [])]


def ikn(params: dict) -> IknParams | None:
    """The IKN set when the module is switched on, else ``None``."""
    if params.get("ikn_on") and params.get("ikn"):
        return ikn_from_dict(params["ikn"])
    return None


def main_name(params: dict) -> str:
    """The result name of the main scenario (``moderat`` or ``moderat+ikn``)."""
    main = params.get("main") or "moderat"
    return f"{main}+ikn" if ikn(params) is not None else main


def copy_params(params: dict) -> dict:
    return copy.deepcopy(params)


# --------------------------------------------------------------------------------------
# What changed between two versions
# --------------------------------------------------------------------------------------
LABELS = {
    "nama": "nama rencana",
    "tahun_dasar": "tahun dasar",
    "tahun_akhir": "tahun akhir",
    "growth_pct": "pertumbuhan PDRB (%)",
    "sector_growth_pct": "pertumbuhan PDRB sektor (%)",
    "elasticity_form": "bentuk elastisitas",
    "window": "jendela elastisitas",
    "puk_growth_pct": "laju PUK (%)",
    "tpak_growth_pct": "laju TPAK (%)",
    "note": "catatan",
    "workers": "pekerja IKN",
    "spending_trillion": "belanja IKN (triliun Rp)",
    "asn": "ASN pindah",
    "jobs_per_trillion": "pekerja per Rp 1 triliun",
    "sector_split": "pembagian sektor",
    "local_share": "porsi lokal",
    "settle_share": "porsi pendatang menetap",
    "asn_settle_share": "porsi ASN menetap",
    "dependants_in_labour_force": "tanggungan masuk AK",
    "ikn_on": "modul IKN",
    "main": "skenario utama",
    "target_tpt": "sasaran TPT (%)",
}


def _flatten(value, prefix: str = ""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _flatten(v, f"{prefix}.{k}" if prefix else str(k))
    else:
        yield prefix, value


def _readable(snapshot: dict) -> dict:
    """Snapshot with scenarios keyed by name (not list position) so diffs read naturally."""
    s = copy.deepcopy(snapshot)
    p = s.pop("parameter", {}) or {}
    s.pop("versi", None)
    for sc in p.pop("scenarios", []) or []:
        name = sc.get("name", "?")
        sc.pop("name", None)
        sc.pop("ikn", None)
        sc.pop("source", None)
        s[name] = sc
    ik = p.pop("ikn", None) or {}
    for k in ("sources", "regions", "name"):
        ik.pop(k, None)
    s["ikn"] = ik
    s.update(p)
    return s


def diff(before: dict | None, after: dict) -> list[list]:
    """``[[key, before, after], …]`` for every leaf that differs between two snapshots."""
    a = dict(_flatten(_readable(before or {})))
    b = dict(_flatten(_readable(after)))
    out = []
    for key in list(b) + [k for k in a if k not in b]:
        va, vb = a.get(key), b.get(key)
        if va != vb and not (va in (None, "", [], {}) and vb in (None, "", [], {})):
            out.append([key, va, vb])
    return out


def describe_key(key: str) -> str:
    """``moderat.growth_pct.2026`` → ``Moderat · pertumbuhan PDRB (%) · 2026``."""
    from sinergi.documents.rtkd.projection import SCENARIO_LABELS

    parts = key.split(".")
    return " · ".join(SCENARIO_LABELS.get(p) or LABELS.get(p, p) if i == 0 else LABELS.get(p, p) for i, p in enumerate(parts))

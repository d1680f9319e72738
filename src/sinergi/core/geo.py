"""Matching features of a boundary file (GeoJSON) to regions by code.

Boundary files carry BPS codes (``6402``) or Ministry of Home Affairs (Kemendagri) codes
(``64.07``, or ``6407`` as in BIG's ``KDPKAB``). Four regencies are numbered differently in
the two systems (Kutai Barat BPS 6402 = Kemendagri 64.07, Kutai Kartanegara 6403 = 64.02,
Kutai Timur 6404 = 64.08, Berau 6405 = 64.03), so a code is never matched on its digits
alone: a feature's code is read in the system its property name declares.
"""
from __future__ import annotations

from dataclasses import dataclass

from sinergi.core.problems import ProblemList

BPS_KEYS = ("bps_code", "kode_bps", "kd_bps", "kdbps", "bps")
KEMENDAGRI_KEYS = ("kemendagri_code", "kode_kemendagri", "kd_kemendagri", "kdpkab", "kode_wilayah", "kode_kab", "kode")


@dataclass
class BoundaryMatch:
    region_code: str
    geometry: dict
    matched_by: str  # "bps" or "kemendagri"
    feature_name: str


def _find(props: dict, keys) -> str:
    lowered = {str(k).lower(): v for k, v in props.items()}
    for k in keys:
        v = lowered.get(k)
        if v not in (None, ""):
            return str(v).strip()
    return ""


def _kemendagri_form(code: str) -> str:
    digits = code.replace(".", "").strip()
    if len(digits) == 4 and digits.isdigit():
        return f"{digits[:2]}.{digits[2:]}"
    return code


def match_features(geojson: dict, regions: list[dict], file: str = "") -> tuple[list[BoundaryMatch], ProblemList]:
    """``regions``: dicts with ``code`` (BPS) and ``kemendagri_code``. Returns the matches and
    every problem (feature without a usable code, unknown code, region given twice)."""
    problems = ProblemList()
    by_bps = {r["code"]: r for r in regions}
    by_kmd = {r["kemendagri_code"]: r for r in regions if r.get("kemendagri_code")}
    if not isinstance(geojson, dict) or geojson.get("type") != "FeatureCollection":
        problems.add(
            "GEOJSON_TIDAK_SAH",
            "Berkas bukan GeoJSON FeatureCollection.",
            "Ekspor batas wilayah sebagai GeoJSON (FeatureCollection, koordinat WGS84).",
            file=file,
        )
        return [], problems
    matches: list[BoundaryMatch] = []
    seen: dict[str, int] = {}
    for i, feature in enumerate(geojson.get("features") or [], start=1):
        props = feature.get("properties") or {}
        name = str(props.get("name") or props.get("nama") or props.get("NAMOBJ") or f"fitur {i}")
        geometry = feature.get("geometry")
        where = {"file": file, "row": i, "column": "properties"}
        if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problems.add("GEOMETRI_TIDAK_SAH", f"Fitur ke-{i} ({name}) tidak berisi poligon.", "Pastikan setiap fitur berupa Polygon atau MultiPolygon.", **where)
            continue
        bps = _find(props, BPS_KEYS)
        kmd = _find(props, KEMENDAGRI_KEYS)
        region, how = None, ""
        if bps:
            region, how = by_bps.get(bps.replace(".", "")), "bps"
        elif kmd:
            region, how = by_kmd.get(_kemendagri_form(kmd)), "kemendagri"
        else:
            problems.add(
                "KODE_WILAYAH_TIDAK_ADA",
                f"Fitur ke-{i} ({name}) tidak punya kode wilayah.",
                "Tambahkan properti 'bps_code' (mis. 6402) atau 'kemendagri_code' (mis. 64.07).",
                **where,
            )
            continue
        if region is None:
            code = bps or kmd
            problems.add(
                "WILAYAH_TIDAK_DIKENAL",
                f"Fitur ke-{i} ({name}): kode {'BPS' if how == 'bps' else 'Kemendagri'} '{code}' bukan kabupaten/kota di Kalimantan Timur.",
                "Periksa kodenya; ingat kode Kemendagri berbeda dari kode BPS untuk Kutai Barat, Kutai Kartanegara, Kutai Timur dan Berau.",
                value=code,
                **where,
            )
            continue
        if region["code"] in seen:
            problems.add(
                "WILAYAH_GANDA",
                f"Fitur ke-{i} ({name}) dan fitur ke-{seen[region['code']]} sama-sama untuk {region['code']}.",
                "Gabungkan poligonnya menjadi satu MultiPolygon per kabupaten/kota.",
                **where,
            )
            continue
        seen[region["code"]] = i
        matches.append(BoundaryMatch(region["code"], geometry, how, name))
    if not matches and not problems:
        problems.add("GEOJSON_KOSONG", "Berkas tidak berisi fitur.", "Ekspor ulang batas wilayah kabupaten/kota.", file=file)
    return matches, problems

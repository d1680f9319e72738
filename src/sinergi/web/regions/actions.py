"""Changes to regions and boundaries (checked, written and audited in one transaction)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from django.db import transaction

from sinergi.core.geo import (
    MAX_BOUNDARY_BYTES,
    MAX_BOUNDARY_POINTS,
    MAX_STORED_POINTS,
    TOLERANCES,
    BoundaryTooDetailed,
    count_points,
    match_features,
    simplify_for_dashboard,
)
from sinergi.core.problems import Problem, ValidationFailed
from sinergi.core.regions import PROVINCE_CODE
from sinergi.data import data_path
from sinergi.web.accounts.permissions import require
from sinergi.web.audit.actions import record
from sinergi.web.regions.models import Boundary, Region


def load_regions() -> int:
    """Create the province and its regencies/cities from the embedded data (idempotent)."""
    with open(data_path("kaltim", "regions.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(data_path("kaltim", "tiles.csv"), encoding="utf-8") as f:
        tiles = {r["code"]: r for r in csv.DictReader(f)}
    created = 0
    with transaction.atomic():
        province = None
        for r in rows:
            tile = tiles.get(r["code"], {})
            obj, was_created = Region.objects.update_or_create(
                code=r["code"],
                defaults={
                    "name": r["name"],
                    "type": r["type"],
                    "capital": r["capital"],
                    "kemendagri_code": tile.get("kemendagri_code", PROVINCE_CODE if r["code"] == PROVINCE_CODE else ""),
                    "parent": None if r["code"] == PROVINCE_CODE else province,
                    "tile_col": int(tile["tile_col"]) if tile else None,
                    "tile_row": int(tile["tile_row"]) if tile else None,
                },
            )
            if r["code"] == PROVINCE_CODE:
                province = obj
            created += was_created
        if created:
            record(None, "muat_wilayah", "wilayah", "", after={"dibuat": created}, summary=f"{created} wilayah dimuat dari data bawaan")
    return created


def import_boundaries(actor, path: str | Path, display_name: str | None = None) -> list[str]:
    """Import a GeoJSON of the regencies/cities; all features land or none. Returns region codes.

    Bounded and simplified (limits in :mod:`sinergi.core.geo`, docs/impor.md): a file larger
    than ``MAX_BOUNDARY_BYTES`` is refused unread, one with more than ``MAX_BOUNDARY_POINTS``
    positions after reading; the rest is simplified (Douglas–Peucker, 0.0005° ≈ 55 m, coarser
    only if needed) to at most ``MAX_STORED_POINTS`` positions, so every map page stays small.
    """
    if actor is not None:
        require(actor, "admin")
    path = Path(path)
    name = display_name or path.name
    size = path.stat().st_size if path.exists() else 0
    if size > MAX_BOUNDARY_BYTES:
        raise ValidationFailed([Problem(
            "BATAS_TERLALU_BESAR",
            f"Berkas batas wilayah berukuran {size / 2**20:.1f} MB, melebihi batas {MAX_BOUNDARY_BYTES // 2**20} MB.",
            "Sederhanakan geometri sebelum mengekspor (QGIS: Vector › Geometry Tools › Simplify, toleransi 0,0005°) atau ekspor dengan presisi koordinat 5 desimal.",
            file=name)])
    try:
        geojson = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ValidationFailed(
            [Problem("GEOJSON_TIDAK_SAH", f"Berkas bukan JSON yang sah ({exc.__class__.__name__}).", "Ekspor ulang sebagai GeoJSON dari QGIS atau geoportal BIG.", file=name)]
        ) from exc
    regions = list(Region.objects.exclude(code=PROVINCE_CODE).values("code", "kemendagri_code"))
    matches, problems = match_features(geojson, regions, file=name)
    problems.raise_if_any()
    points = sum(count_points(m.geometry) for m in matches)
    simplify_fix = ("Sederhanakan geometri sebelum mengekspor (QGIS: Vector › Geometry Tools › Simplify, toleransi 0,0005°), "
                    "atau pakai berkas batas kabupaten/kota skala 1:250.000 dari geoportal BIG.")
    if points > MAX_BOUNDARY_POINTS:
        raise ValidationFailed([Problem(
            "BATAS_TERLALU_RINCI",
            f"Berkas berisi {points:,} titik batas, melebihi batas {MAX_BOUNDARY_POINTS:,} titik.".replace(",", "."),
            simplify_fix, file=name)])
    try:
        geometries, tolerance = simplify_for_dashboard([m.geometry for m in matches])
    except BoundaryTooDetailed as exc:
        raise ValidationFailed([Problem(
            "BATAS_TERLALU_RINCI",
            f"Batas wilayah tidak dapat disederhanakan menjadi paling banyak {MAX_STORED_POINTS:,} titik ".replace(",", ".")
            + f"dengan toleransi sampai {TOLERANCES[-1]}° ({exc}); garisnya terlalu bergerigi.",
            simplify_fix, file=name)]) from None
    stored = sum(count_points(g) for g in geometries)
    for m, g in zip(matches, geometries, strict=False):
        m.geometry = g
    with transaction.atomic():
        before = list(Boundary.objects.values_list("region_id", flat=True))
        for m in matches:
            Boundary.objects.update_or_create(
                region_id=m.region_code,
                defaults={"geometry": m.geometry, "source_name": name, "matched_by": m.matched_by},
            )
        record(
            actor,
            "impor_batas_wilayah",
            "batas_wilayah",
            "",
            before={"wilayah": before},
            after={"wilayah": [m.region_code for m in matches], "berkas": name, "dicocokkan_dengan": sorted({m.matched_by for m in matches}),
                   "titik_berkas": points, "titik_disimpan": stored, "toleransi_derajat": tolerance},
            summary=f"Batas {len(matches)} kabupaten/kota diimpor dari {name}",
        )
    return [m.region_code for m in matches]

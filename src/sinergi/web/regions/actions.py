"""Changes to regions and boundaries (checked, written and audited in one transaction)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from django.db import transaction

from sinergi.core.geo import match_features
from sinergi.core.problems import Problem, ValidationFailed
from sinergi.data import data_path
from sinergi.web.accounts.permissions import require
from sinergi.web.audit.actions import record
from sinergi.web.regions.models import Boundary, Region

KEMENDAGRI = {"64": "64"}


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
                    "kemendagri_code": tile.get("kemendagri_code", "64" if r["code"] == "64" else ""),
                    "parent": None if r["code"] == "64" else province,
                    "tile_col": int(tile["tile_col"]) if tile else None,
                    "tile_row": int(tile["tile_row"]) if tile else None,
                },
            )
            if r["code"] == "64":
                province = obj
            created += was_created
        if created:
            record(None, "muat_wilayah", "wilayah", "", after={"dibuat": created}, summary=f"{created} wilayah dimuat dari data bawaan")
    return created


def import_boundaries(actor, path: str | Path, display_name: str | None = None) -> list[str]:
    """Import a GeoJSON of the regencies/cities; all features land or none. Returns region codes."""
    if actor is not None:
        require(actor, "admin")
    path = Path(path)
    name = display_name or path.name
    try:
        geojson = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationFailed(
            [Problem("GEOJSON_TIDAK_SAH", f"Berkas bukan JSON yang sah ({exc.__class__.__name__}).", "Ekspor ulang sebagai GeoJSON dari QGIS atau geoportal BIG.", file=name)]
        ) from exc
    regions = list(Region.objects.exclude(code="64").values("code", "kemendagri_code"))
    matches, problems = match_features(geojson, regions, file=name)
    problems.raise_if_any()
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
            after={"wilayah": [m.region_code for m in matches], "berkas": name, "dicocokkan_dengan": sorted({m.matched_by for m in matches})},
            summary=f"Batas {len(matches)} kabupaten/kota diimpor dari {name}",
        )
    return [m.region_code for m in matches]

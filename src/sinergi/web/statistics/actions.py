"""Changes to statistics: the catalogue, the embedded reference data and user imports.

An import validates the whole file first (:func:`sinergi.core.stats.validate_observations`)
and writes nothing unless every row is valid; then it writes all rows, recomputes the
preferred value of every touched key, and appends one audit event — in one transaction.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from sinergi.core.stats import ObservationRecord, choose_preferred, validate_observations
from sinergi.core.stats.observations import REQUIRED
from sinergi.data import EMBEDDED_STATISTICS, data_path
from sinergi.documents.stats_files import curated_preferences
from sinergi.documents.tables import read_table
from sinergi.web.accounts.permissions import can
from sinergi.web.audit.actions import record
from sinergi.web.regions.models import Region
from sinergi.web.statistics.models import ImportBatch, Indicator, Observation

EXPORT_COLUMNS = ["region_code", "region", "year", "month", "indicator", "value", "unit", "source_url", "note"]


@dataclass
class ImportResult:
    file_name: str
    added: int
    skipped: int
    batch_id: int | None


def load_indicators() -> int:
    with open(data_path("kaltim", "indicators.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with transaction.atomic():
        n = 0
        for r in rows:
            _, created = Indicator.objects.update_or_create(
                code=r["code"],
                defaults={k: r.get(k, "") or "" for k in ("name_id", "name_en", "unit", "group", "direction", "definition_id", "definition_en")},
            )
            n += created
    return n


def _to_record(o: Observation) -> ObservationRecord:
    return ObservationRecord(
        region_code=o.region_id,
        year=o.year,
        month=o.month,
        indicator=o.indicator_id,
        value=o.value,
        unit=o.unit,
        source_url=o.source_url,
        note=o.note,
        quality=[f for f in o.flags if f != "conflicting"],
        preferred=o.preferred,
    )


def import_statistics(actor, path: str | Path, display_name: str | None = None) -> ImportResult:
    """Import a long-form CSV/XLSX of observations; all rows land or none.

    Raises :class:`~sinergi.core.problems.ValidationFailed` listing every problem.
    Observations identical to stored ones (same key, value and source) are skipped, so the
    same file can be imported twice without duplicates.
    """
    path = Path(path)
    name = display_name or path.name
    table = read_table(path, required=REQUIRED, display_name=name)
    regions = set(Region.objects.values_list("code", flat=True))
    indicators = dict(Indicator.objects.values_list("code", "unit"))
    rows = [(table.rows[i], row) for i, row in table.records()]
    records, problems = validate_observations(rows, regions, indicators, where={"file": table.file, "sheet": table.sheet})
    if actor is not None:
        for rec in records:
            if not can(actor, "edit", rec.region_code):
                problems.add(
                    "TIDAK_BERWENANG",
                    f"Anda tidak berwenang mengubah data wilayah {rec.region_code}.",
                    "Hapus baris wilayah lain, atau minta perencana provinsi mengimpornya.",
                    file=table.file,
                    sheet=table.sheet,
                    row=rec.row,
                    column="region_code",
                    value=rec.region_code,
                )
    problems.raise_if_any()
    return _write(actor, records, name, hashlib.sha256(path.read_bytes()).hexdigest())


def _write(actor, records: list[ObservationRecord], name: str, sha: str) -> ImportResult:
    with transaction.atomic():
        keys = {r.key for r in records}
        region_codes = {k[0] for k in keys}
        indicator_codes = {k[3] for k in keys}
        existing = list(
            Observation.objects.select_for_update().filter(region_id__in=region_codes, indicator_id__in=indicator_codes)
        )
        existing = [o for o in existing if (o.region_id, o.year, o.month, o.indicator_id) in keys]
        stored = {_to_record(o).identity for o in existing}
        new = [r for r in records if r.identity not in stored]
        batch = ImportBatch.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            file_name=name,
            sha256=sha,
            rows_added=len(new),
            rows_skipped=len(records) - len(new),
        )
        created = Observation.objects.bulk_create(
            [
                Observation(
                    region_id=r.region_code,
                    year=r.year,
                    month=r.month,
                    indicator_id=r.indicator,
                    value=r.value,
                    unit=r.unit,
                    source_url=r.source_url,
                    note=r.note,
                    quality=",".join(r.quality),
                    batch=batch,
                )
                for r in new
            ]
        )
        touched = existing + list(Observation.objects.filter(batch=batch)) if created else existing
        _recompute_preferred(touched)
        record(
            actor,
            "impor_statistik",
            "statistik",
            batch.pk,
            after={"berkas": name, "sha256": sha, "baris_ditambah": len(new), "baris_sudah_ada": len(records) - len(new)},
            summary=f"Impor {name}: {len(new)} baris ditambah, {len(records) - len(new)} sudah ada",
        )
    return ImportResult(name, len(new), len(records) - len(new), batch.pk)


def _recompute_preferred(observations: list[Observation]) -> None:
    pairs = [(o, _to_record(o)) for o in sorted(observations, key=lambda o: o.pk)]
    choose_preferred([r for _, r in pairs], curated_preferences())
    changed = []
    for o, r in pairs:
        quality = ",".join(sorted(set(r.quality)))
        if o.preferred != r.preferred or o.quality != quality:
            o.preferred, o.quality = r.preferred, quality
            changed.append(o)
    if changed:
        Observation.objects.bulk_update(changed, ["preferred", "quality"])


def load_reference_data() -> dict:
    """Regions, the indicator catalogue and the embedded Kaltim statistics (idempotent)."""
    from sinergi.web.regions.actions import load_regions

    out = {"wilayah": load_regions(), "indikator": load_indicators(), "observasi": 0}
    for parts in EMBEDDED_STATISTICS:
        path = data_path(*parts)
        if ImportBatch.objects.filter(file_name="/".join(parts), sha256=hashlib.sha256(path.read_bytes()).hexdigest()).exists():
            continue
        out["observasi"] += import_statistics(None, path, display_name="/".join(parts)).added
    return out


def export_rows(queryset=None) -> list[dict]:
    qs = queryset if queryset is not None else Observation.objects.all()
    qs = qs.select_related("region").order_by("region_id", "indicator_id", "year", "month", "id")
    return [
        {
            "region_code": o.region_id,
            "region": o.region.display_name,
            "year": o.year if o.year is not None else "",
            "month": o.month if o.month is not None else "",
            "indicator": o.indicator_id,
            "value": o.value,
            "unit": o.unit,
            "source_url": o.source_url,
            "note": o.note,
        }
        for o in qs
    ]


def export_observations(path: str | Path, queryset=None) -> int:
    """Write observations to CSV or XLSX with the columns of :data:`EXPORT_COLUMNS`."""
    import pandas as pd

    from sinergi.documents.xlsx import write_sheets

    path = Path(path)
    rows = export_rows(queryset)
    if path.suffix.lower() == ".xlsx":
        frame = pd.DataFrame(rows, columns=EXPORT_COLUMNS)
        write_sheets(path, {"observasi": frame}, notes={"observasi": ["Sumber setiap angka ada di kolom source_url."]})
    else:
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=EXPORT_COLUMNS)
            w.writeheader()
            for r in rows:
                w.writerow({k: _csv_value(v) for k, v in r.items()})
    return len(rows)


def _csv_value(v):
    from sinergi.documents.xlsx import neutralise

    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return neutralise(v) if isinstance(v, str) else v


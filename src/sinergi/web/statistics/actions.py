"""Changes to statistics: the catalogue, the embedded reference data and user imports.

An import validates the whole file first (:func:`sinergi.core.stats.validate_observations`)
and writes nothing unless every row is valid; then it writes all rows, recomputes the
preferred value of every touched key, and appends one audit event — in one transaction.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from sinergi.core.stats import ObservationRecord, choose_preferred, validate_observations
from sinergi.core.stats.observations import REQUIRED
from sinergi.data import EMBEDDED_STATISTICS, data_path
from sinergi.documents.stats_files import curated_preferences
from sinergi.documents.tables import Table, read_table
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


@dataclass
class PreparedImport:
    """A file read into the long form, whatever its shape: Sinergi's long form, a BPS table
    or a saved BPS Web API response (:mod:`sinergi.documents.bps_files`)."""

    path: Path
    name: str
    kind: str  # "panjang", "tabel_bps" or "api_bps"
    table: Table
    title: str = ""
    notes: list[str] = field(default_factory=list)
    variables: list = field(default_factory=list)


def prepare_import(path: str | Path, display_name: str | None = None, *, source_url: str = "", month: int | None = None,
                   indicators: dict[str, str] | None = None) -> PreparedImport:
    """Read a statistics file of any accepted shape into the long form (nothing is written).

    For BPS files ``source_url`` (``--sumber``), ``month`` (``--bulan``) and ``indicators``
    (``--indikator``) are used as in :func:`sinergi.documents.bps_files.read_bps`; a long-form
    file carries them in its own columns. Raises :class:`ValidationFailed` (for undecided BPS
    variables :class:`~sinergi.documents.bps_files.VariableUndecided`, with candidates).
    """
    from sinergi.documents.bps_files import LONG_FORM, detect_format, read_bps

    path = Path(path)
    name = display_name or path.name
    kind = detect_format(path, name)
    if kind == LONG_FORM:
        return PreparedImport(path, name, kind, read_table(path, required=REQUIRED, display_name=name))
    catalogue = {code: (nm, unit) for code, nm, unit in Indicator.objects.values_list("code", "name_id", "unit")}
    bps = read_bps(path, name, source_url=source_url, month=month, indicators=indicators, catalogue=catalogue)
    return PreparedImport(path, name, bps.kind, bps.table, bps.title, bps.notes, bps.variables)


def _validated(actor, table: Table) -> list[ObservationRecord]:
    """Every row checked (values, catalogue, regions, the actor's permission); raises with all problems."""
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
    return records


def import_statistics(actor, path: str | Path, display_name: str | None = None, *, prepared: PreparedImport | None = None,
                      source_url: str = "", month: int | None = None, indicators: dict[str, str] | None = None) -> ImportResult:
    """Import a statistics file — long form, BPS table or BPS Web API JSON; all rows land or none.

    Raises :class:`~sinergi.core.problems.ValidationFailed` listing every problem.
    Observations identical to stored ones (same key, value and source) are skipped, so the
    same file can be imported twice without duplicates.
    """
    path = Path(path)
    name = display_name or path.name
    if prepared is None:
        prepared = prepare_import(path, name, source_url=source_url, month=month, indicators=indicators)
    records = _validated(actor, prepared.table)
    return _write(actor, records, name, hashlib.sha256(path.read_bytes()).hexdigest())


@dataclass
class ImportPreview:
    """What an import would do, computed without writing: per value of the file, whether its
    region-year-month-indicator is new, holds the same value already, or holds another value;
    and which primary (preferred) values would change."""

    total: int
    new: int
    unchanged: int
    changed: int
    identical: int  # already stored with the same source: skipped by the import
    changes: list[dict] = field(default_factory=list)  # values that differ from the primary value now stored
    primary_changes: list[dict] = field(default_factory=list)


def preview_import(actor, prepared: PreparedImport) -> ImportPreview:
    """Validate like :func:`import_statistics` and say what it would change; writes nothing."""
    records = _validated(actor, prepared.table)
    keys = {r.key for r in records}
    existing = [
        o for o in Observation.objects.filter(region_id__in={k[0] for k in keys}, indicator_id__in={k[3] for k in keys}).order_by("pk")
        if (o.region_id, o.year, o.month, o.indicator_id) in keys
    ]
    by_key: dict[tuple, list[Observation]] = {}
    for o in existing:
        by_key.setdefault((o.region_id, o.year, o.month, o.indicator_id), []).append(o)
    stored = {_to_record(o).identity for o in existing}
    new = unchanged = changed = identical = 0
    changes = []
    for r in records:
        group = by_key.get(r.key, [])
        if not group:
            new += 1
        elif r.identity in stored:
            identical += 1
            unchanged += 1
        elif any(abs(o.value - r.value) < 1e-9 for o in group):
            unchanged += 1
        else:
            changed += 1
            primary = next((o for o in group if o.preferred), group[0])
            changes.append(_change(r.key, primary.value, primary.source_url, r.value, r.source_url))
    fresh = [r for r in records if r.identity not in stored]
    return ImportPreview(len(records), new, unchanged, changed, identical, changes, primary_value_changes(existing, fresh))


def primary_value_changes(existing: list[Observation], fresh: list[ObservationRecord]) -> list[dict]:
    """The primary values whose value would change if ``fresh`` records joined the ``existing``
    observations of their keys, by the same rule the import applies (nothing is written)."""
    if not fresh:
        return []
    before = {(o.region_id, o.year, o.month, o.indicator_id): o for o in existing if o.preferred}
    simulated = [_to_record(o) for o in sorted(existing, key=lambda o: o.pk)] + [
        ObservationRecord(**{**r.__dict__, "quality": list(r.quality)}) for r in fresh
    ]
    choose_preferred(simulated, curated_preferences())
    out = []
    for rec in simulated:
        if not rec.preferred:
            continue
        old = before.get(rec.key)
        if old is None:
            continue
        if abs(old.value - rec.value) > 1e-9:
            out.append(_change(rec.key, old.value, old.source_url, rec.value, rec.source_url))
    return out


def _change(key, old_value, old_source, new_value, new_source) -> dict:
    region, year, month, indicator = key
    return {"region_code": region, "year": year, "month": month, "indicator": indicator,
            "old_value": old_value, "old_source": old_source, "new_value": new_value, "new_source": new_source}


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


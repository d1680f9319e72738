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
from sinergi.documents.tables import Table, pick_table, read_tables
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
    from sinergi.documents.bps_files import BPS_API, LONG_FORM, detect_format, read_bps

    path = Path(path)
    name = display_name or path.name
    tables = None if path.suffix.lower() == ".json" else read_tables(path, name)
    kind = BPS_API if tables is None else detect_format(path, name, tables=tables)
    if kind == LONG_FORM:
        return PreparedImport(path, name, kind, pick_table(tables, REQUIRED)[0])
    catalogue = {code: (nm, unit) for code, nm, unit in Indicator.objects.values_list("code", "name_id", "unit")}
    bps = read_bps(path, name, source_url=source_url, month=month, indicators=indicators, catalogue=catalogue, tables=tables)
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
    """What an import would do, computed without writing: how many values are new (no stored
    value of that figure from that source), unchanged (stored with the same value) or changed
    (that source's stored value differs), and which primary values would change
    (``{region_code, year, month, indicator, before: {value, unit, source_url}, after: {…}}``)."""

    new: int = 0
    unchanged: int = 0
    changed: int = 0
    primary_changes: list[dict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.new + self.unchanged + self.changed


def preview_import(actor, prepared: PreparedImport) -> ImportPreview:
    """Validate like :func:`import_statistics` and say what it would change; writes nothing."""
    records = _validated(actor, prepared.table)
    keys = {r.key for r in records}
    existing = [
        o for o in Observation.objects.filter(region_id__in={k[0] for k in keys}, indicator_id__in={k[3] for k in keys}).order_by("pk")
        if (o.region_id, o.year, o.month, o.indicator_id) in keys
    ]
    by_source: dict[tuple, list[float]] = {}
    for o in existing:
        by_source.setdefault((o.region_id, o.year, o.month, o.indicator_id, o.source_url.strip()), []).append(o.value)
    preview = ImportPreview()
    for r in records:
        stored = by_source.get((*r.key, r.source_url.strip()))
        if stored is None:
            preview.new += 1
        elif any(abs(v - r.value) < 1e-9 for v in stored):
            preview.unchanged += 1
        else:
            preview.changed += 1
    stored_identities = {_to_record(o).identity for o in existing}
    preview.primary_changes = primary_value_changes(existing, [r for r in records if r.identity not in stored_identities])
    return preview


def primary_value_changes(existing: list[Observation], fresh: list[ObservationRecord]) -> list[dict]:
    """The primary values that would change if ``fresh`` records joined the ``existing``
    observations of their figures, by the same rule the import applies (nothing is written)."""
    if not fresh:
        return []
    before = {(o.region_id, o.year, o.month, o.indicator_id): o for o in existing if o.preferred}
    simulated = [_to_record(o) for o in sorted(existing, key=lambda o: o.pk)] + [
        ObservationRecord(**{**r.__dict__, "quality": list(r.quality)}) for r in fresh
    ]
    choose_preferred(simulated, curated_preferences())
    out = []
    for rec in simulated:
        old = before.get(rec.key) if rec.preferred else None
        if old is not None and (round(old.value, 9), old.source_url.strip()) != (round(rec.value, 9), rec.source_url.strip()):
            out.append({
                "region_code": rec.region_code, "year": rec.year, "month": rec.month, "indicator": rec.indicator,
                "before": {"value": old.value, "unit": old.unit, "source_url": old.source_url},
                "after": {"value": rec.value, "unit": rec.unit, "source_url": rec.source_url},
            })
    return sorted(out, key=lambda c: (c["region_code"], c["indicator"], c["year"] or 0, c["month"] or 0))


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


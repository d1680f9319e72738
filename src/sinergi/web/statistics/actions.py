"""Changes to statistics: the catalogue, the embedded reference data, user imports and the
planner's choice of the primary (preferred) value.

An import validates the whole table first (:func:`sinergi.core.stats.validate_observations`)
and writes nothing unless every row is valid; then, in one transaction, it adds the new
observations, corrects those whose source now gives another value, recomputes the preferred
value of every touched figure by the one rule (:func:`sinergi.core.stats.choose_preferred`),
records which preferred values changed on the batch, and appends one audit event.

Entry points: :func:`prepare_import` reads a file of any accepted shape (long form, BPS dynamic
table, BPS Web API JSON) into the long form; :func:`import_statistics` imports it and
:func:`preview_import` says what it would do without writing (new, unchanged, changed, and which
preferred values change). :func:`import_frame`/:func:`preview_frame` do the same for a long-form
DataFrame.

Concurrency: the database holds one observation per figure and source and one preferred value
per figure (two unique indexes, see :class:`~sinergi.web.statistics.models.Observation`). Two
imports that race for the same figure cannot both write it: the later one hits an index, its
transaction is rolled back, and it runs again on what the first one committed (so the same file
uploaded twice at once adds its rows once, and two sources for a new figure leave one preferred).
"""
from __future__ import annotations

import csv
import hashlib
import random
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import IntegrityError, OperationalError, transaction

from sinergi.core.columns import spellings, with_spellings
from sinergi.core.problems import Problem, ProblemList, ValidationFailed
from sinergi.core.stats import ObservationRecord, choose_preferred, validate_observations
from sinergi.core.stats.groups import CODE_GROUPS as _CODE_GROUPS
from sinergi.core.stats.observations import REQUIRED
from sinergi.data import EMBEDDED_STATISTICS, data_path
from sinergi.documents.stats_files import curated_preferences
from sinergi.documents.tables import Table, pick_table, read_tables
from sinergi.web.accounts.permissions import can
from sinergi.web.audit.actions import record
from sinergi.web.regions.models import Region
from sinergi.web.statistics.models import ImportBatch, Indicator, Observation

EXPORT_COLUMNS = ["region_code", "region", "year", "month", "indicator", "value", "unit", "source_url", "note"]
# added after EXPORT_COLUMNS only when a row's group is not named by its indicator code (youth TPT is
# "tpt" + "pemuda"); exports of figures for everyone or with sex-specific codes keep the earlier columns
GROUP_COLUMN = "kelompok"
WRITE_ATTEMPTS = 8  # an import that loses a race runs again on the winner's data


@dataclass
class ImportPreview:
    """What an import would do, computed without writing: how many values are new (no stored
    value of that figure from that source), unchanged (stored with the same value) or changed
    (that source's stored value differs), and which primary values would change
    (``{region_code, year, month, indicator, before: {value, unit, source_url, …}, after: {…}}``)."""

    new: int = 0
    unchanged: int = 0
    changed: int = 0
    primary_changes: list[dict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.new + self.unchanged + self.changed


@dataclass
class ImportResult:
    file_name: str
    added: int
    skipped: int
    batch_id: int | None
    changed: int = 0
    primary_changes: list[dict] = field(default_factory=list)
    ipk_followed: list[str] = field(default_factory=list)  # IPK inputs that followed a primary value


def load_indicators() -> int:
    with open(data_path("kaltim", "indicators.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with transaction.atomic():
        n = 0
        for r in rows:
            defaults = {k: r.get(k, "") or "" for k in ("name_id", "name_en", "unit", "group", "direction", "definition_id", "definition_en")}
            defaults.update(unit_id=r.get("satuan") or "", unit_en=r.get("satuan_en") or "",
                            decimals=int(r["desimal"]) if (r.get("desimal") or "").strip() else None)
            _, created = Indicator.objects.update_or_create(code=r["code"], defaults=defaults)
            n += created
        from sinergi.web.caching import STATISTICS, changed

        changed(STATISTICS)  # the catalogue is loaded without an audit event
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
        source_kind=o.source_kind,
        pinned=o.pinned,
        kelompok=o.kelompok,
    )


# ----------------------------------------------------------------------------- reading
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
        region_year = spellings("region_code", "year")  # wilayah_kode, kode_wilayah, tahun accepted too
        table, frame = pick_table(tables, REQUIRED, rename=lambda f: with_spellings(f, region_year))
        return PreparedImport(path, name, kind, replace(table, frame=frame))
    catalogue = {code: (nm, unit) for code, nm, unit in Indicator.objects.values_list("code", "name_id", "unit")}
    bps = read_bps(path, name, source_url=source_url, month=month, indicators=indicators, catalogue=catalogue, tables=tables)
    return PreparedImport(path, name, bps.kind, bps.table, bps.title, bps.notes, bps.variables)


# ----------------------------------------------------------------------------- validation
def import_statistics(actor, path: str | Path, display_name: str | None = None, *, prepared: PreparedImport | None = None,
                      source_url: str = "", month: int | None = None, indicators: dict[str, str] | None = None) -> ImportResult:
    """Import a statistics file — long form, BPS table or BPS Web API JSON; all rows land or none.

    Raises :class:`~sinergi.core.problems.ValidationFailed` listing every problem.
    Observations already stored (same figure and source, same value) are skipped, so the same
    file can be imported twice without duplicates.
    """
    path = Path(path)
    name = display_name or path.name
    if prepared is None:
        prepared = prepare_import(path, name, source_url=source_url, month=month, indicators=indicators)
    t = prepared.table
    return import_frame(actor, t.frame, name, hashlib.sha256(path.read_bytes()).hexdigest(), sheet=t.sheet, rows=t.rows)


def preview_import(actor, prepared: PreparedImport) -> ImportPreview:
    """Validate like :func:`import_statistics` and say what it would change; writes nothing."""
    t = prepared.table
    return preview_frame(actor, t.frame, prepared.name, sheet=t.sheet, rows=t.rows)


def validate_frame(actor, frame, name: str, *, sheet: str = "", rows: list[int] | None = None) -> list[ObservationRecord]:
    """The observations of a long-form DataFrame (normalised column names: region_code, year,
    month, indicator, value, unit, source_url, note, optional quality and source_kind), checked
    row by row and against what ``actor`` may edit. ``rows``: the spreadsheet row number of each
    frame row (default: header in row 1, data from row 2). Raises ValidationFailed."""
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ValidationFailed([Problem("KOLOM_HILANG", f"Kolom '{c}' tidak ada.", "Tambahkan kolom itu (lihat templat bentuk panjang).", file=name, sheet=sheet, column=c) for c in missing])
    rows = list(rows) if rows is not None else list(range(2, len(frame) + 2))
    cols = list(frame.columns)
    data = [(rows[i], dict(zip(cols, values, strict=False))) for i, values in enumerate(frame.itertuples(index=False, name=None))]
    regions = set(Region.objects.values_list("code", flat=True))
    indicators = dict(Indicator.objects.values_list("code", "unit"))
    records, problems = validate_observations(data, regions, indicators, where={"file": name, "sheet": sheet})
    if actor is not None:
        for rec in records:
            if not can(actor, "edit", rec.region_code):
                problems.add(
                    "TIDAK_BERWENANG",
                    f"Anda tidak berwenang mengubah data wilayah {rec.region_code}.",
                    "Hapus baris wilayah lain, atau minta perencana provinsi mengimpornya.",
                    file=name,
                    sheet=sheet,
                    row=rec.row,
                    column="region_code",
                    value=rec.region_code,
                )
    problems.raise_if_any()
    return records


def import_frame(actor, frame, name: str, sha256: str | None = None, *, sheet: str = "", rows: list[int] | None = None) -> ImportResult:
    """Import a long-form DataFrame (see :func:`validate_frame`); all rows land or none.
    ``sha256``: of the file the frame came from (default: of the frame's CSV text)."""
    records = validate_frame(actor, frame, name, sheet=sheet, rows=rows)
    if sha256 is None:
        sha256 = hashlib.sha256(frame.to_csv(index=False).encode("utf-8")).hexdigest()
    return _write(actor, records, name, sha256)


def preview_frame(actor, frame, name: str, *, sheet: str = "", rows: list[int] | None = None) -> ImportPreview:
    """What :func:`import_frame` would do with this frame, without writing anything: how many
    values are new, unchanged and changed, and which preferred values would change."""
    return preview_records(validate_frame(actor, frame, name, sheet=sheet, rows=rows))


def preview_records(records: list[ObservationRecord]) -> ImportPreview:
    plan = _plan(records, _existing(records, lock=False))
    return ImportPreview(len(plan.new), plan.unchanged, len(plan.changed), plan.primary_changes)


# ----------------------------------------------------------------------------- the plan
@dataclass
class _Plan:
    new: list[ObservationRecord]
    changed: list[tuple[Observation, ObservationRecord]]
    unchanged: int
    preferred: dict  # id(record) → preferred, for every record of the touched figures after the import
    records: list[tuple[Observation | None, ObservationRecord]]  # (stored observation or None, record after the import)
    primary_changes: list[dict]
    new_primaries: list[dict] = field(default_factory=list)  # figures that had no value before (before: None)


def _existing(records: list[ObservationRecord], lock: bool) -> list[Observation]:
    keys = {r.key for r in records}
    if not keys:
        return []
    qs = Observation.objects.filter(region_id__in={k[0] for k in keys}, indicator_id__in={k[3] for k in keys})
    if lock:
        qs = qs.select_for_update()
    return [o for o in qs.order_by("pk") if o.key in keys]


def _same(o: Observation, r: ObservationRecord) -> bool:
    stored = _to_record(o)
    return (
        abs(o.value - r.value) < 1e-9
        and o.unit == r.unit
        and o.note == r.note
        and sorted(stored.quality) == sorted(f for f in r.quality if f != "conflicting")
        and stored.kind == r.kind
    )


def _describe(rec: ObservationRecord | None) -> dict | None:
    if rec is None:
        return None
    return {"value": rec.value, "unit": rec.unit, "source_url": rec.source_url, "source_kind": rec.kind, "pinned": rec.pinned}


def _plan(records: list[ObservationRecord], existing: list[Observation]) -> _Plan:
    stored = {_to_record(o).identity: o for o in existing}
    new, changed, unchanged = [], [], 0
    after: list[tuple[Observation | None, ObservationRecord]] = []
    incoming = {}
    for r in records:
        o = stored.get(r.identity)
        if o is None:
            new.append(r)
        elif _same(o, r):
            unchanged += 1
        else:
            changed.append((o, r))
            incoming[o.pk] = r
    for o in existing:
        r = _to_record(o)
        if o.pk in incoming:  # the same source now gives another value: it replaces the stored one
            fresh = incoming[o.pk]
            r.value, r.unit, r.note, r.quality = fresh.value, fresh.unit, fresh.note, [f for f in fresh.quality if f != "conflicting"]
            r.source_kind = fresh.kind
        after.append((o, r))
    after += [(None, r) for r in new]
    recs = [r for _, r in after]
    before_primary = {o.key: _to_record(o) for o in existing if o.preferred}
    for r in recs:
        r.quality = [f for f in r.quality if f != "conflicting"]
    choose_preferred(recs, curated_preferences())
    after_primary = {r.key: r for r in recs if r.preferred}
    primary_changes = []
    for key in sorted(before_primary, key=_sort_key):
        b, a = before_primary[key], after_primary.get(key)
        if a is None or (b.source_url, round(b.value, 9)) != (a.source_url, round(a.value, 9)):
            primary_changes.append({
                "region_code": key[0], "year": key[1], "month": key[2], "indicator": key[3], "kelompok": key[4],
                "before": _describe(b), "after": _describe(a),
            })
    new_primaries = [
        {"region_code": key[0], "year": key[1], "month": key[2], "indicator": key[3], "kelompok": key[4], "before": None,
         "after": {**_describe(a), "quality": list(a.quality), "note": a.note}}
        for key, a in sorted(after_primary.items(), key=lambda kv: _sort_key(kv[0])) if key not in before_primary
    ]
    return _Plan(new, changed, unchanged, {id(r): r.preferred for r in recs}, after, primary_changes, new_primaries)


def _sort_key(key: tuple) -> tuple:
    return (key[0], key[3], key[1] or 0, key[2] or 0)


# ----------------------------------------------------------------------------- writing
def _write(actor, records: list[ObservationRecord], name: str, sha: str) -> ImportResult:
    for attempt in range(WRITE_ATTEMPTS):
        try:
            with transaction.atomic():
                return _write_once(actor, records, name, sha)
        except (IntegrityError, OperationalError) as exc:
            # another import wrote one of these figures meanwhile (a unique index said so, or
            # PostgreSQL broke a deadlock between the two): run again on what it committed
            if attempt == WRITE_ATTEMPTS - 1:
                raise ValidationFailed([Problem(
                    "IMPOR_BERSAMAAN",
                    "Impor lain untuk angka yang sama sedang berjalan; berkas ini belum disimpan.",
                    "Ulangi impor sebentar lagi; baris yang sudah tersimpan akan dilewati.",
                    file=name,
                )]) from exc
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _write_once(actor, records: list[ObservationRecord], name: str, sha: str) -> ImportResult:
    existing = _existing(records, lock=True)
    plan = _plan(records, existing)
    batch = ImportBatch.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        file_name=name,
        sha256=sha,
        rows_added=len(plan.new),
        rows_skipped=plan.unchanged,
        rows_changed=len(plan.changed),
        primary_changes=plan.primary_changes,
    )
    # new rows start as not preferred: the preferred flags are set below, demotions first, so the
    # "one preferred value per figure" index never sees two at once
    created = Observation.objects.bulk_create(
        [
            Observation(
                region_id=r.region_code, year=r.year, month=r.month, indicator_id=r.indicator, kelompok=r.kelompok, value=r.value, unit=r.unit,
                source_url=r.source_url, note=r.note, quality=",".join(sorted(set(r.quality))), source_kind=r.kind,
                preferred=False, batch=batch,
            )
            for r in sorted(plan.new, key=lambda r: (_sort_key(r.key), r.source_url))
        ]
    )
    if created and created[0].pk is None:  # backends that do not return ids
        created = list(Observation.objects.filter(batch=batch))
    by_identity = {(*o.key, o.source_url): o for o in created}
    changed_before = []
    for o, r in plan.changed:
        changed_before.append({"id": o.pk, "value": o.value, "unit": o.unit, "note": o.note})
        o.value, o.unit, o.note, o.source_kind = r.value, r.unit, r.note, r.kind
    if plan.changed:
        Observation.objects.bulk_update([o for o, _ in plan.changed], ["value", "unit", "note", "source_kind"])
    pairs = [(o if o is not None else by_identity[(*r.key, r.source_url)], r) for o, r in plan.records]
    _store_preferred(pairs, plan.preferred)
    summary = f"Impor {name}: {len(plan.new)} baris ditambah, {len(plan.changed)} diubah, {plan.unchanged} sudah ada"
    if plan.primary_changes:
        summary += f"; {len(plan.primary_changes)} nilai utama berubah"
    record(
        actor,
        "impor_statistik",
        "statistik",
        batch.pk,
        before={"diubah": changed_before} if changed_before else None,
        after={"berkas": name, "sha256": sha, "baris_ditambah": len(plan.new), "baris_diubah": len(plan.changed),
               "baris_sudah_ada": plan.unchanged, "nilai_utama_berubah": plan.primary_changes},
        summary=summary,
    )
    followed = _follow_in_ipk(actor, plan.primary_changes + plan.new_primaries)
    return ImportResult(name, len(plan.new), plan.unchanged, batch.pk, len(plan.changed), plan.primary_changes, followed)


def _follow_in_ipk(actor, changes: list[dict]) -> list[str]:
    """IPK inputs that came from the statistics follow the changed primary values (same transaction).
    A group's figure (youth TPT) is not the figure an IPK input links to (TPT of everyone), unless
    its catalogue code names the group itself (``tpt_female``)."""
    from sinergi.core.stats.groups import CODE_GROUPS
    from sinergi.web.ipk.actions import follow_statistics

    return follow_statistics(actor, [c for c in changes if not c.get("kelompok") or c["indicator"] in CODE_GROUPS])


def _store_preferred(pairs: list[tuple[Observation, ObservationRecord]], preferred: dict) -> None:
    """Write the preferred flags and quality of these observations: first every row that stops
    being preferred, then the rows that become preferred (one UPDATE each way)."""
    demote, promote, requality = [], [], []
    for o, r in pairs:
        want = preferred[id(r)]
        quality = ",".join(sorted(set(r.quality)))
        if o.quality != quality:
            o.quality = quality
            requality.append(o)
        if o.preferred and not want:
            demote.append(o.pk)
        elif want and not o.preferred:
            promote.append(o.pk)
        o.preferred = want
    if requality:
        Observation.objects.bulk_update(requality, ["quality"])
    if demote:
        Observation.objects.filter(pk__in=demote).update(preferred=False)
    if promote:
        Observation.objects.filter(pk__in=promote).update(preferred=True)


def _recompute_key(key: tuple) -> list[Observation]:
    """Pick the preferred value of one figure again (inside the caller's transaction)."""
    group = [o for o in Observation.objects.select_for_update().filter(
        region_id=key[0], year=key[1], month=key[2], indicator_id=key[3], kelompok=key[4]).order_by("pk")]
    recs = [_to_record(o) for o in group]
    choose_preferred(recs, curated_preferences())
    _store_preferred(list(zip(group, recs, strict=False)), {id(r): r.preferred for r in recs})
    return group


# ----------------------------------------------------------------------------- the planner's pick
def figure_values(key: tuple) -> list[Observation]:
    """Every stored value of one figure (region, year, month, indicator, group), best ranked first."""
    region, year, month, indicator, kelompok = key
    group = list(Observation.objects.filter(region_id=region, year=year, month=month, indicator_id=indicator, kelompok=kelompok)
                 .select_related("region", "indicator", "batch"))
    return sorted(group, key=lambda o: (not o.preferred, o.source_rank, o.pk))


def choose_primary(actor, observation_id: int, reason: str) -> Observation:
    """A planner makes one observation the primary value of its figure, with a reason. The pick
    stays through later imports until a planner picks another value or releases it
    (:func:`release_primary`). Planners and admins only; audited with before/after."""
    return _pin(actor, observation_id, reason, pin=True)


def release_primary(actor, observation_id: int, reason: str) -> Observation:
    """Hand a figure back to the automatic rule (the planner's pick is removed), with a reason."""
    return _pin(actor, observation_id, reason, pin=False)


def _pin(actor, observation_id, reason: str, pin: bool) -> Observation:
    reason = (reason or "").strip()
    problems = ProblemList()
    if not can(actor, "review"):
        problems.add("TIDAK_BERWENANG", "Hanya perencana provinsi atau admin yang dapat memilih nilai utama.",
                     "Minta perencana provinsi memilih nilai utama.")
    if not reason:
        problems.add("WAJIB_KOSONG", "Alasan wajib diisi.",
                     "Tulis mengapa nilai ini yang dipakai (mis. 'angka BPS terbaru, rilis Mei 2025').", column="alasan")
    elif len(reason) > 1000:
        problems.add("TERLALU_PANJANG", f"Alasan terlalu panjang ({len(reason)} karakter).", "Ringkas alasan menjadi paling banyak 1.000 karakter.", column="alasan")
    problems.raise_if_any()
    for attempt in range(WRITE_ATTEMPTS):
        try:
            with transaction.atomic():
                try:
                    target = Observation.objects.select_for_update().get(pk=observation_id)
                except (Observation.DoesNotExist, ValueError, TypeError):
                    raise ValidationFailed([Problem("NILAI_TIDAK_ADA", "Nilai yang dipilih tidak ditemukan (mungkin sudah dihapus).",
                                                    "Muat ulang halaman lalu pilih lagi.")]) from None
                group = [o for o in Observation.objects.select_for_update().filter(
                    region_id=target.region_id, year=target.year, month=target.month, indicator_id=target.indicator_id,
                    kelompok=target.kelompok).order_by("pk")]
                before = next((o for o in group if o.preferred), None)
                before_desc = _describe(_to_record(before)) if before else None
                pinned_before = [o.pk for o in group if o.pinned]
                for o in group:
                    o.pinned = pin and o.pk == target.pk
                    o.pin_reason = reason if o.pinned else ""
                Observation.objects.bulk_update(group, ["pinned", "pin_reason"])
                group = _recompute_key(target.key)
                after = next(o for o in group if o.preferred)
                key = {"wilayah": target.region_id, "tahun": target.year, "bulan": target.month, "indikator": target.indicator_id,
                       "kelompok": target.kelompok or "semua"}
                record(
                    actor,
                    "pilih_nilai_utama" if pin else "lepas_nilai_utama",
                    "observasi",
                    after.pk,
                    before={**key, "nilai_utama": before_desc, "dipilih_perencana": pinned_before},
                    after={**key, "nilai_utama": _describe(_to_record(after)), "alasan": reason},
                    region=target.region_id,
                    summary=(f"Nilai utama {target.indicator_id} {target.region_id} {target.year or '—'}/{target.month or '—'}: "
                             f"{after.value:g} ({after.source_url})" + ("" if pin else " — dikembalikan ke aturan otomatis")
                             + f"; alasan: {reason}"),
                )
                after_desc = _describe(_to_record(after))
                if before_desc is None or (before_desc["source_url"], round(before_desc["value"], 9)) != (after_desc["source_url"], round(after_desc["value"], 9)):
                    _follow_in_ipk(actor, [{"region_code": target.region_id, "year": target.year, "month": target.month,
                                            "indicator": target.indicator_id, "kelompok": target.kelompok,
                                            "before": before_desc, "after": after_desc}])
                return after
        except (IntegrityError, OperationalError):
            if attempt == WRITE_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


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


def describe_primary_change(change: dict) -> str:
    """One line in Indonesian for a changed primary value (CLI output, pages)."""
    from sinergi.core.stats import SOURCE_KINDS

    def side(d):
        if d is None:
            return "(tidak ada)"
        return f"{_number(d['value'])} ({SOURCE_KINDS[d['source_kind']][1]}: {d['source_url']})"

    period = f"{change['year'] or 'tahun tidak disebut'}" + (f" bulan {change['month']}" if change["month"] else "")
    group = f" [{change['kelompok']}]" if change.get("kelompok") and change["indicator"] not in _CODE_GROUPS else ""
    return f"{change['region_code']} {change['indicator']}{group} {period}: {side(change['before'])} → {side(change['after'])}"


def _number(v: float) -> str:
    from sinergi.core.numbers import format_id

    if float(v).is_integer():
        return format_id(v, 0)
    text = format_id(v, 4).rstrip("0")
    return text.rstrip(",")


def export_rows(queryset=None, primary_only: bool = False) -> list[dict]:
    qs = queryset if queryset is not None else Observation.objects.all()
    if primary_only:  # exactly one per figure: the database holds one preferred value per figure
        qs = qs.filter(preferred=True)
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
            GROUP_COLUMN: o.kelompok or "semua",
        }
        for o in qs
    ]


def export_columns(rows: list[dict]) -> list[str]:
    """:data:`EXPORT_COLUMNS`, plus :data:`GROUP_COLUMN` when a row needs it to be read back
    (its group is not named by its indicator code)."""
    needs = any(r[GROUP_COLUMN] != "semua" and r["indicator"] not in _CODE_GROUPS for r in rows)
    return EXPORT_COLUMNS + [GROUP_COLUMN] if needs else list(EXPORT_COLUMNS)


def export_observations(path: str | Path, queryset=None, primary_only: bool = False) -> int:
    """Write observations to CSV or XLSX with the columns of :data:`EXPORT_COLUMNS` (and
    ``kelompok`` when a group needs it, :func:`export_columns`); with ``primary_only`` only the
    preferred (primary) value of each figure."""
    import pandas as pd

    from sinergi.documents.xlsx import write_sheets

    path = Path(path)
    rows = export_rows(queryset, primary_only)
    columns = export_columns(rows)
    if path.suffix.lower() == ".xlsx":
        frame = pd.DataFrame(rows, columns=columns)
        write_sheets(path, {"observasi": frame}, notes={"observasi": ["Sumber setiap angka ada di kolom source_url."]},
                     unit_columns={"value": "unit"})
    else:
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
            w.writeheader()
            for r in rows:
                w.writerow({k: _csv_value(v) for k, v in r.items()})
    return len(rows)


def _csv_value(v):
    from sinergi.documents.xlsx import neutralise

    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return neutralise(v) if isinstance(v, str) else v


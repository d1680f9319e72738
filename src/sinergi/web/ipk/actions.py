"""Changes to IPK methods, inputs and runs. Each function checks permission, writes and
appends an audit event in one transaction.

* :func:`ensure_defaults` — first use: the shipped provisional method (active), the shipped
  input values with their quality and sources, and a first Monte Carlo run (idempotent).
* :func:`import_method` — an official (or any) method sheet becomes a new stored version;
  the whole file is validated first and nothing is written unless it is valid.
* :func:`activate_method` — choose the version every page and export uses.
* :func:`save_inputs` — edit a region-year's values on the web (optimistic locking).
* :func:`import_input_template` — a filled per-region-year template, all or nothing.
* :func:`follow_statistics` — inputs that came from the statistics (or are illustrative)
  follow a changed primary value of their statistic (:mod:`sinergi.core.ipk.statistics_link`).
* :func:`run_uncertainty` — a seeded Monte Carlo run of the active method, stored.

Methods: ``review`` (planners, admins). Inputs: ``edit`` on the region (its operator,
planners, admins). The computation is the engine's (:mod:`sinergi.core.ipk`).
"""
from __future__ import annotations

import functools
import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from django.db import IntegrityError, transaction

from sinergi.core.ipk import ILLUSTRATIVE_LABEL, Method, UncertaintySettings, prepare_inputs, simulate
from sinergi.core.ipk.statistics_link import links_for
from sinergi.core.problems import Problem, ValidationFailed
from sinergi.documents import ipk_files
from sinergi.web.accounts.permissions import require
from sinergi.web.audit.actions import record
from sinergi.web.ipk import queries
from sinergi.web.ipk.models import IpkInput, IpkMethod, IpkRun
from sinergi.web.regions.models import Region

#: Monte Carlo settings of the web (modest: a page should not wait).
WEB_RUN_N = 2000
WEB_RUN_SEED = 1
WEB_RUN_MAX_N = 10_000
SEED_FILE = "data/ipk/data_bawaan.csv"


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# --------------------------------------------------------------------------- defaults


def ensure_defaults() -> dict:
    """Seed the shipped method (active), the shipped inputs and a first Monte Carlo run when
    they are not there yet. Safe to call on every request and from ``setup.prepare``; does
    nothing (three cheap queries) once seeded. Returns what it created."""
    out = {"metode": 0, "masukan": 0, "simulasi": 0}
    if not IpkMethod.objects.exists():
        out["metode"] = _seed_method()
    if not IpkInput.objects.exists() and Region.objects.exists():
        out["masukan"] = _seed_inputs()
    active = queries.active_method()
    if active is not None and out["masukan"] + out["metode"] and not IpkRun.objects.filter(method=active).exists():
        run_uncertainty(None, n=WEB_RUN_N, seed=WEB_RUN_SEED, _system=True)
        out["simulasi"] = 1
    return out


@functools.lru_cache(maxsize=1)
def _defaults():
    """The shipped method and input values, read once per process."""
    method = ipk_files.load_default_method()
    return method, ipk_files.load_default_data(method)


def _seed_method() -> int:
    method = _defaults()[0]
    path = ipk_files.default_method_path()
    try:
        with transaction.atomic():
            stored = IpkMethod.objects.create(
                **_method_fields(method), is_active=not IpkMethod.objects.filter(is_active=True).exists(),
                source_file="data/ipk/metode_bawaan.csv", source_sha256=_sha(path),
            )
            record(None, "muat_metode_ipk_bawaan", "metode_ipk", stored.pk, after=stored.identity(),
                   summary=f"Metode IPK bawaan dimuat: {stored}")
    except IntegrityError:  # another request seeded it at the same moment
        return 0
    return 1


def _method_fields(method: Method) -> dict:
    return {
        "name": method.name,
        "version": method.version,
        "description": method.description,
        "definition": method.to_dict(),
        "fingerprint": method.fingerprint,
        "provisional": method.provisional,
        "status_counts": method.status_counts(),
        "status_summary": method.status_text()[:500],
    }


def _seed_inputs() -> int:
    method, data = _defaults()
    units = {r.sub_code: r.unit for r in method.table.itertuples(index=False)}
    regions = set(Region.objects.values_list("code", flat=True))
    rows = [
        IpkInput(
            region_id=r.region_code, year=int(r.year), sub_code=r.sub_code,
            value=None if math.isnan(r.value) else float(r.value), unit=units.get(r.sub_code, ""),
            source_url=r.source_url or "", quality=r.quality or "", note=r.note or "",
        )
        for r in data.itertuples(index=False)
        if r.region_code in regions
    ]
    try:
        with transaction.atomic():
            if IpkInput.objects.exists():
                return 0
            IpkInput.objects.bulk_create(rows)
            counts = {q: sum(1 for r in rows if r.quality == q) for q in ("real", "derived", "illustrative")}
            record(None, "muat_masukan_ipk_bawaan", "masukan_ipk", "",
                   after={"berkas": SEED_FILE, "baris": len(rows), **counts},
                   summary=f"Masukan IPK bawaan dimuat: {len(rows)} nilai ({counts['real']} nyata, {counts['derived']} turunan, "
                           f"{counts['illustrative']} {ILLUSTRATIVE_LABEL})")
    except IntegrityError:
        return 0
    return len(rows)


# --------------------------------------------------------------------------- methods


@dataclass
class ImportedMethod:
    method: IpkMethod
    warnings: list[str] = field(default_factory=list)
    same_parameters_as: IpkMethod | None = None
    subs_without_data: list[str] = field(default_factory=list)


def next_version(name: str) -> str:
    """The next free plain number for a method name ("1", "2", …)."""
    taken = set(IpkMethod.objects.filter(name=name).values_list("version", flat=True))
    n = 1
    while str(n) in taken:
        n += 1
    return str(n)


def import_method(actor, path: str | Path, display_name: str | None = None, *, name: str = "", version: str = "", activate: bool = False) -> ImportedMethod:
    """Read and validate a method sheet (CSV/XLSX) and store it as a new version.

    ``name``/``version`` override the file's ``info`` sheet; without a version the next free
    number for that name is given. Every problem of the file (and a name+version already
    stored) is raised at once as :class:`ValidationFailed`; nothing is written then.
    """
    require(actor, "review")
    path = Path(path)
    shown = display_name or path.name
    method = ipk_files.read_method_file(path, name=name.strip() or None, version=version.strip() or None, display_name=shown)
    if not method.version:
        method = method.with_version(next_version(method.name))
    if IpkMethod.objects.filter(name=method.name, version=method.version).exists():
        raise ValidationFailed([Problem(
            "IPK_VERSI_SUDAH_ADA",
            f"Metode '{method.name}' versi '{method.version}' sudah tersimpan.",
            "Isi versi lain pada formulir (atau pada sheet info), atau kosongkan versi agar Sinergi memberi nomor berikutnya.",
            file=shown, value=method.version)])
    same = IpkMethod.objects.filter(fingerprint=method.fingerprint).first()
    with transaction.atomic():
        before_active = IpkMethod.objects.select_for_update().filter(is_active=True).first()
        if activate and before_active:
            before_active.is_active = False
            before_active.save(update_fields=["is_active"])
        stored = IpkMethod.objects.create(
            **_method_fields(method), is_active=activate or before_active is None,
            source_file=shown, source_sha256=_sha(path), created_by=_actor(actor),
        )
        record(actor, "impor_metode_ipk", "metode_ipk", stored.pk,
               before=before_active.identity() if (activate and before_active) else None,
               after={**stored.identity(), "status": stored.status_summary, "peringatan": list(method.warnings)},
               summary=f"Impor metode IPK {stored} dari {shown}" + (" (langsung aktif)" if stored.is_active else ""))
    stored_subs = set(IpkInput.objects.values_list("sub_code", flat=True).distinct())
    return ImportedMethod(
        method=stored, warnings=list(method.warnings), same_parameters_as=same,
        subs_without_data=[c for c in method.sub_codes if c not in stored_subs],
    )


def activate_method(actor, method_id: int) -> IpkMethod:
    """Make one stored version the active one (every page, run and export uses it)."""
    require(actor, "review")
    with transaction.atomic():
        target = IpkMethod.objects.select_for_update().get(pk=method_id)
        before = IpkMethod.objects.select_for_update().filter(is_active=True).first()
        if before and before.pk == target.pk:
            return target
        if before:
            before.is_active = False
            before.save(update_fields=["is_active"])
        target.is_active = True
        target.save(update_fields=["is_active"])
        record(actor, "aktifkan_metode_ipk", "metode_ipk", target.pk,
               before=before.identity() if before else None, after=target.identity(),
               summary=f"Metode IPK aktif: {target}" + (f" (sebelumnya {before})" if before else ""))
    return target


# --------------------------------------------------------------------------- inputs


class StaleInputs(Exception):
    """Some values were changed by someone else after the form was opened."""

    def __init__(self, changed: list[IpkInput]):
        self.changed = changed
        parts = [f"{i.sub_code} (versi {i.version}, oleh {i.updated_by.get_username() if i.updated_by else 'sistem'})" for i in changed]
        super().__init__(
            "Nilai berikut sudah diubah orang lain sesudah Anda membuka formulir: " + ", ".join(parts)
            + ". Perubahan Anda belum disimpan; periksa nilai terbaru lalu simpan lagi."
        )


@dataclass
class SavedInputs:
    changed: list[str]
    illustrative_after_change: list[str]


def _write_inputs(actor, region: Region, year: int, rows: list[dict], method: Method, *, expected: dict[str, int] | None,
                  action: str, source: str) -> SavedInputs:
    """Write validated rows (``sub_code, value, quality, source_url, note``) of one region-year."""
    units = {r.sub_code: r.unit for r in method.table.itertuples(index=False)}
    with transaction.atomic():
        existing = {i.sub_code: i for i in IpkInput.objects.select_for_update().filter(region=region, year=year)}
        wanted = []
        for r in rows:
            value = r["value"]
            value = None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
            new = {"value": value, "quality": r.get("quality", "") or "", "source_url": (r.get("source_url") or "").strip(),
                   "note": (r.get("note") or "").strip()}
            cur = existing.get(r["sub_code"])
            if cur is not None and all(getattr(cur, k) == v for k, v in new.items()):
                continue  # already stored exactly so
            wanted.append((r["sub_code"], new, cur))
        if expected is not None:
            # a row the form would change whose stored version moved on since the form was shown
            stale = [cur for code, _, cur in wanted if cur is not None and cur.version != expected.get(code, cur.version)]
            if stale:
                raise StaleInputs(stale)
        before, after, changed, still_illustrative = {}, {}, [], []
        for code, new, cur in wanted:
            if cur is None:
                cur = IpkInput(region=region, year=year, sub_code=code, version=0)
            else:
                before[code] = cur.snapshot()
            value_changed = cur.value != new["value"]
            for k, v in new.items():
                setattr(cur, k, v)
            cur.unit = units.get(code, cur.unit)
            cur.version += 1
            cur.updated_by = _actor(actor)
            first_save = cur.pk is None
            try:
                with transaction.atomic():  # savepoint: two first values of one sub-indicator race on the insert
                    cur.save()
            except IntegrityError:
                if not first_save:
                    raise
                winner = IpkInput.objects.select_related("updated_by").get(region=region, year=year, sub_code=code)
                raise StaleInputs([winner]) from None
            after[code] = cur.snapshot()
            changed.append(code)
            if value_changed and new["value"] is not None and cur.quality == "illustrative":
                still_illustrative.append(code)
        if changed:
            record(actor, action, "masukan_ipk", f"{region.code}-{year}", before=before or None, after=after, region=region.code,
                   summary=f"Masukan IPK {region.display_name} {year} dari {source}: {len(changed)} nilai berubah ({', '.join(changed[:8])}"
                           + ("…" if len(changed) > 8 else "") + ")")
    return SavedInputs(changed=changed, illustrative_after_change=still_illustrative)


def save_inputs(actor, region_code: str, year: int, rows: list[dict], expected_versions: dict[str, int]) -> SavedInputs:
    """Save values edited on the web for one region-year. ``rows``: dicts with ``sub_code``,
    ``value`` (text as typed or a number; blank = missing), ``quality``, ``source_url``,
    ``note``. ``expected_versions``: ``{sub_code: version}`` as the form showed them (0 for a
    value not stored yet); a difference raises :class:`StaleInputs` and nothing is saved.
    Every problem of the values raises :class:`ValidationFailed` at once."""
    require(actor, "edit", region_code)
    region = Region.objects.get(code=region_code)
    method = queries.method_of(queries.active_method())
    frame = [{"region_code": region.code, "year": year, **r} for r in rows]
    table = pd.DataFrame(frame, columns=["region_code", "year", "sub_code", "value", "quality", "source_url", "note"], dtype=object)
    data = prepare_inputs(table, method, rows=[i + 1 for i in range(len(table))], file="formulir", columns={"value": "nilai", "quality": "kualitas"})
    clean = data.to_dict(orient="records")
    return _write_inputs(actor, region, int(year), clean, method, expected=expected_versions, action="ubah_masukan_ipk", source="formulir web")


def import_input_template(actor, region_code: str, year: int, path: str | Path, display_name: str | None = None) -> SavedInputs:
    """A filled per-region-year template (from :func:`ipk_files.write_input_template`):
    every problem is raised at once and nothing is written unless the whole file is valid;
    then every row of the template replaces the stored value (blank = missing)."""
    require(actor, "edit", region_code)
    region = Region.objects.get(code=region_code)
    method = queries.method_of(queries.active_method())
    path = Path(path)
    name = display_name or path.name
    if path.suffix.lower() != ".xlsx":
        raise ValidationFailed([Problem("FORMAT_TIDAK_DIDUKUNG", "Templat isian IPK harus berkas .xlsx.",
                                        "Unggah templat Excel yang diunduh dari halaman ini.", file=name)])
    data = ipk_files.read_input_template(path, method, region_code=region.code, year=int(year), display_name=name)
    for c in ("source_url", "note"):
        if c not in data.columns:
            data[c] = ""
    return _write_inputs(actor, region, int(year), data.to_dict(orient="records"), method, expected=None,
                         action="impor_templat_ipk", source=f"templat {name}")


def _came_from(inp: IpkInput, link, before: dict | None) -> bool:
    """Whether this stored input may follow the statistic: it is illustrative, it holds no
    value and no source, or it is exactly the previous primary value (same source, same value
    in the input's unit). A value a person typed from another source is never followed over."""
    if inp.quality == "illustrative":
        return True
    if inp.value is None and not inp.source_url:
        return True
    if not before or inp.value is None or inp.source_url != (before.get("source_url") or ""):
        return False
    return math.isclose(inp.value, link.convert(before["value"]), rel_tol=1e-9, abs_tol=1e-9)


def follow_statistics(actor, primary_changes: list[dict]) -> list[str]:
    """Let the IPK inputs follow changed primary values of the statistics.

    ``primary_changes``: as recorded on an import batch (``{region_code, year, month,
    indicator, before: {value, source_url, …} | None, after: {…}}``; ``before`` None = the figure
    had no value before). For each change whose statistic is linked to a sub-indicator
    (:data:`~sinergi.core.ipk.statistics_link.STATISTICS_LINKS`), the stored input of that
    region and year takes the new primary value (converted to the input's unit), its source and
    quality ``real`` — only when it is illustrative, empty, or was the previous primary value.
    An illustrative or inconsistent statistic is not followed. One audit event per changed
    input. Called by the statistics actions after they have checked the actor may change the
    figure (an import, a planner's pick), inside their transaction. Returns
    ``["6472 2024 I2.4: 5.75 → 5.85", …]``."""
    wanted = {}
    for change in primary_changes:
        after, year = change.get("after"), change.get("year")
        if not after or year is None or after.get("source_kind") == "ilustratif":
            continue
        if "illustrative" in (after.get("quality") or ()) or "INCONSISTENT" in (after.get("note") or "").upper():
            continue
        for link in links_for(change["indicator"], change.get("month")):
            wanted[(change["region_code"], int(year), link.sub_code)] = (link, change)
    if not wanted:
        return []
    out = []
    with transaction.atomic():
        inputs = IpkInput.objects.select_for_update().filter(
            region_id__in={k[0] for k in wanted}, year__in={k[1] for k in wanted}, sub_code__in={k[2] for k in wanted},
        ).order_by("region_id", "year", "sub_code")
        names = {r.code: r.display_name for r in Region.objects.filter(code__in={k[0] for k in wanted})}
        for inp in inputs:
            hit = wanted.get((inp.region_id, inp.year, inp.sub_code))
            if hit is None:
                continue
            link, change = hit
            if not _came_from(inp, link, change.get("before")):
                continue
            after = change["after"]
            value, source = link.convert(after["value"]), after.get("source_url") or ""
            if inp.quality == "real" and inp.source_url == source and inp.value is not None and math.isclose(inp.value, value, abs_tol=1e-9):
                continue
            before = inp.snapshot()
            old = inp.value
            inp.value, inp.source_url, inp.quality = value, source, "real"
            inp.note = link.note.format(y=inp.year) + "; mengikuti nilai utama statistik " + change["indicator"]
            if "low_confidence" in (after.get("quality") or ()):
                inp.note += "; sumber bertanda keyakinan rendah"
            inp.version += 1
            inp.updated_by = _actor(actor)
            inp.save()
            text = f"{inp.region_id} {inp.year} {inp.sub_code}: {'—' if old is None else f'{old:g}'} → {value:g}"
            record(actor, "ikuti_statistik_ipk", "masukan_ipk", f"{inp.region_id}-{inp.year}-{inp.sub_code}",
                   before=before, after=inp.snapshot(), region=inp.region_id,
                   summary=f"Masukan IPK {inp.sub_code} {names.get(inp.region_id, inp.region_id)} {inp.year} mengikuti nilai utama "
                           f"statistik {change['indicator']}: {'kosong' if old is None else f'{old:g}'} → {value:g} ({source})")
            out.append(text)
    return out


# --------------------------------------------------------------------------- runs


def run_uncertainty(actor, *, n: int = WEB_RUN_N, seed: int | None = WEB_RUN_SEED, _system: bool = False) -> IpkRun:
    """A Monte Carlo run (engine defaults for the perturbations) of the active method on the
    stored inputs, stored with its settings and seed. ``seed=None`` draws a new seed (recorded)."""
    if not _system:
        require(actor, "review")
    n = int(n)
    if not 100 <= n <= WEB_RUN_MAX_N:
        raise ValueError(f"Jumlah undian harus 100–{WEB_RUN_MAX_N:,}".replace(",", ".") + ".")
    stored = queries.active_method()
    method = queries.method_of(stored)
    inputs = queries.inputs_for(method)
    settings = UncertaintySettings(n=n, seed=seed)
    unc = simulate(method, inputs, settings)
    data = unc.to_dict()
    with transaction.atomic():
        run = IpkRun.objects.create(
            method=stored, kind=IpkRun.Kind.UNCERTAINTY, settings=unc.settings_dict(), summary=data,
            inputs_fingerprint=queries.inputs_fingerprint(inputs), created_by=_actor(actor),
        )
        record(actor, "jalankan_simulasi_ipk", "perhitungan_ipk", run.pk,
               after={"metode": stored.identity(), "pengaturan": unc.settings_dict(), "sidik_masukan": run.inputs_fingerprint},
               summary=f"Simulasi Monte Carlo IPK ({n} undian, benih {unc.seed}) dengan {stored}")
    return run

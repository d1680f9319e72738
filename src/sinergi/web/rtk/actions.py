"""Changes to RTK plans and region data. Each function checks permission, writes and appends
an audit event (before/after) in one transaction.

* :func:`save_plan` — store a region's plan (period, scenarios, IKN parameters); refuses a save
  from a stale form (:class:`StaleVersion`).
* :func:`import_region_data` — the region's own statistics from the BPS import template (or the
  long form); validated as a whole first, nothing stored unless every cell is valid.
* :func:`remove_region_data` — stop using the uploaded data (back to the embedded data).
"""
from __future__ import annotations

import hashlib
import math
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from sinergi.core.problems import Problem, ValidationFailed
from sinergi.documents import rtk_files
from sinergi.web.accounts.permissions import require
from sinergi.web.audit.actions import record
from sinergi.web.regions.models import Region
from sinergi.web.rtk import params as P
from sinergi.web.rtk.models import RtkPlan, RtkPlanRevision, RtkRegionData


class StaleVersion(Exception):
    """The plan was saved by someone else after the form was opened."""

    def __init__(self, plan: RtkPlan, expected: int, changes: list[list]):
        self.plan = plan
        self.expected = expected
        self.changes = changes
        who = plan.updated_by.get_username() if plan.updated_by else "pengguna lain"
        super().__init__(
            f"Rencana ini sudah diubah oleh {who} (versi {plan.version}) sesudah Anda membuka formulir "
            f"(versi {expected}). Perubahan Anda belum disimpan."
        )


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def save_plan(actor, region_code: str, *, name: str, base_year: int, end_year: int, parameters: dict, expected_version: int) -> RtkPlan:
    """Store the plan of ``region_code``; ``expected_version`` is the version the form showed
    (0 for a plan not saved before). Raises :class:`StaleVersion` when it differs from the
    stored one, and PermissionDenied unless the actor may edit the region."""
    require(actor, "edit", region_code)
    region = Region.objects.get(code=region_code)
    parameters = P.jsonable(parameters)
    P.scenarios(parameters), P.ikn(parameters)  # must round-trip into the engine's objects
    fingerprint, method_version = _method_mark(region_code, int(base_year), int(end_year), parameters)
    with transaction.atomic():
        plan = RtkPlan.objects.select_for_update().filter(region=region).first()
        current = plan.version if plan else 0
        if current != int(expected_version):
            shown = RtkPlanRevision.objects.filter(plan=plan, version=expected_version).first() if plan else None
            baseline = shown.snapshot if shown else (_default_snapshot(region) if int(expected_version) == 0 else None)
            raise StaleVersion(plan, int(expected_version), P.diff(baseline, plan.snapshot()))
        before = _with_method(plan.snapshot(), plan) if plan else None
        if plan is None:
            plan = RtkPlan(region=region, created_by=_actor(actor), version=0)
        plan.name = name.strip() or plan.name
        plan.base_year, plan.end_year = int(base_year), int(end_year)
        plan.parameters = parameters
        plan.method_fingerprint, plan.method_version = fingerprint, method_version
        plan.version += 1
        plan.updated_by = _actor(actor)
        first_save = plan.pk is None
        try:
            with transaction.atomic():  # savepoint: two first saves of one region's plan race on the insert
                plan.save()
        except IntegrityError:
            if not first_save:
                raise
            winner = RtkPlan.objects.get(region=region)
            raise StaleVersion(winner, int(expected_version), P.diff(_default_snapshot(region), winner.snapshot())) from None
        after = plan.snapshot()
        changes = P.diff(before or _default_snapshot(region), after)  # a first save is compared with the shipped defaults
        RtkPlanRevision.objects.create(plan=plan, version=plan.version, snapshot=after, changes=changes,
                                       by=_actor(actor), by_username=actor.get_username() if _actor(actor) else "(sistem)")
        what = "; ".join(P.describe_key(k) for k, _, _ in changes[:4]) + (f" (+{len(changes) - 4} lagi)" if len(changes) > 4 else "")
        record(actor, "simpan_rencana_rtk", "rencana_rtk", plan.pk, before=before, after=_with_method(after, plan), region=region_code,
               summary=f"Rencana RTK {region.display_name} versi {plan.version}: {what or 'tanpa perubahan parameter'}")
    return plan


def _method_mark(region_code: str, base_year: int, end_year: int, parameters: dict) -> tuple[str, str]:
    """The engine's method fingerprint and version for the plan being saved (on the region's data
    as the pages use it); computed before the row lock, the run takes a few tens of ms."""
    from sinergi.web.rtk import queries

    series = queries.region_series(region_code, queries.active_upload(region_code))
    return queries.method_mark(series, base_year, end_year, parameters)


def _with_method(snapshot: dict, plan: RtkPlan) -> dict:
    """The audit record's form of a version: its snapshot and the method that computed it (kept out
    of the revision snapshot, whose differences are the planner's changes)."""
    return {**snapshot, "sidik_metode": plan.method_fingerprint, "versi_metode": plan.method_version}


def _default_snapshot(region) -> dict:
    from sinergi.web.rtk.queries import default_name

    base, end = P.default_period()
    return {"nama": default_name(region, base, end), "tahun_dasar": base, "tahun_akhir": end,
            "parameter": P.default_parameters(region.code), "versi": 0}


def import_region_data(actor, region_code: str, path: str | Path, display_name: str | None = None) -> RtkRegionData:
    """Read a filled import template (.xlsx) or long-form file for ``region_code`` and use it in
    place of the embedded values. Every problem of the file is raised at once
    (:class:`ValidationFailed`) and nothing is written unless the whole file is valid."""
    require(actor, "edit", region_code)
    path = Path(path)
    name = display_name or path.name
    code = str(region_code)
    if path.suffix.lower() == ".xlsx":
        frame = rtk_files.read_template(path, display_name=name) if _is_template(path, name) else None
        if frame is not None:
            others = sorted({str(c) for c in frame["region_code"]} - {code})
            if others:
                names = rtk_files.region_names()
                found = ", ".join(f"{c} {names.get(c, '')}".strip() for c in others)
                raise ValidationFailed([Problem(
                    "WILAYAH_BERBEDA",
                    f"Templat ini berisi data wilayah {found}, bukan {code} {names.get(code, '')}".strip() + ".",
                    f"Isi region_code {code} pada sheet Wilayah, atau unggah berkas ini di halaman data wilayahnya.",
                    file=name, sheet="Wilayah", row=2, column="region_code", value=", ".join(others))])
    series = rtk_files.read_data(path, code, display_name=name)
    rows = [
        {"year": int(r.year), "variable": r.variable, "sector": r.sector, "value": float(r.value),
         "source": r.source, "note": r.note}
        for r in series.data.itertuples() if math.isfinite(float(r.value))
    ]
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    with transaction.atomic():
        region = Region.objects.select_for_update().get(code=code)
        previous = RtkRegionData.objects.select_for_update().filter(region=region, active=True).first()
        before = previous.summary() if previous else None
        if previous:
            previous.active = False
            previous.removed_at = timezone.now()
            previous.removed_by = _actor(actor)
            previous.save()
        data = RtkRegionData.objects.create(region=region, file_name=name, sha256=sha, rows=rows, uploaded_by=_actor(actor))
        after = data.summary()
        record(actor, "impor_data_rtk", "data_rtk", data.pk, before=before, after=after, region=code,
               summary=f"Data RTK {region.display_name} dari {name}: {len(rows)} angka ({after['tahun']})"
                       + (f", menggantikan {previous.file_name}" if previous else ""))
    return data


def _is_template(path: Path, name: str) -> bool:
    from sinergi.documents.tables import read_tables

    sheets = {t.sheet.strip().lower() for t in read_tables(path, name)}
    return bool(sheets & {"total", "kk_sektor", "pdrb_sektor"})


def remove_region_data(actor, region_code: str) -> RtkRegionData | None:
    """Stop using the region's uploaded data; projections return to the embedded data."""
    require(actor, "edit", region_code)
    with transaction.atomic():
        data = RtkRegionData.objects.select_for_update().filter(region_id=region_code, active=True).first()
        if data is None:
            return None
        before = data.summary()
        data.active = False
        data.removed_at = timezone.now()
        data.removed_by = _actor(actor)
        data.save()
        record(actor, "lepas_data_rtk", "data_rtk", data.pk, before=before, after=None, region=region_code,
               summary=f"Data RTK unggahan {data.file_name} tidak dipakai lagi; kembali ke data tertanam")
    return data

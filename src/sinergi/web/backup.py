"""Backup and restore of the whole database, with row counts and checksums.

A backup is a .zip holding ``data.json`` (Django's serialised rows, natural keys) and
``manifest.json`` (Sinergi version, the schema — the latest migration of every app —, and per
table the row count and a SHA-256 of its rows in primary-key order). Restore refuses a backup
whose schema is newer than this installation, replaces every row in one transaction and
checks that counts and checksums match the manifest.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from sinergi import __version__
from sinergi.core.problems import Problem, ValidationFailed

EXCLUDED = {"contenttypes", "sessions"}
EXCLUDED_MODELS = {"auth.permission", "admin.logentry"}
FORMAT = 1


def _models():
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in EXCLUDED or label in EXCLUDED_MODELS or not model._meta.managed or model._meta.proxy:
            continue
        yield model


def _schema() -> dict[str, str]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    leaves = {}
    for app_label, name in loader.graph.leaf_nodes():
        leaves[app_label] = name
    return leaves


def table_fingerprints() -> dict[str, dict]:
    """Row count and checksum of every backed-up table, as stored now."""
    out = {}
    for model in _models():
        qs = model._default_manager.order_by("pk")
        data = serializers.serialize("json", qs, use_natural_foreign_keys=True, use_natural_primary_keys=False)
        rows = json.loads(data)
        canon = json.dumps([r["fields"] | {"pk": r["pk"]} for r in rows], sort_keys=True, ensure_ascii=False)
        out[model._meta.label_lower] = {"rows": len(rows), "sha256": hashlib.sha256(canon.encode()).hexdigest()}
    return out


def create_backup(path: str | Path) -> dict:
    path = Path(path)
    buf = io.StringIO()
    labels = [m._meta.label for m in _models()]
    call_command("dumpdata", *labels, natural_foreign=True, indent=None, stdout=buf)
    manifest = {
        "format": FORMAT,
        "sinergi": __version__,
        "created": datetime.now(timezone.utc).isoformat(),
        "database": connection.vendor,
        "schema": _schema(),
        "tables": table_fingerprints(),
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
        z.writestr("data.json", buf.getvalue())
    return manifest


def _problem(code, message, fix, file) -> ValidationFailed:
    return ValidationFailed([Problem(code, message, fix, file=file)])


def read_manifest(path: Path) -> tuple[dict, bytes]:
    try:
        with zipfile.ZipFile(path) as z:
            manifest = json.loads(z.read("manifest.json"))
            data = z.read("data.json")
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
        raise _problem("CADANGAN_RUSAK", "Berkas ini bukan cadangan Sinergi yang utuh.", "Gunakan berkas .zip yang dibuat oleh 'sinergi data cadangkan'.", path.name) from exc
    return manifest, data


def restore_backup(path: str | Path) -> dict:
    """Replace the database contents with the backup. Returns the verified fingerprints."""
    path = Path(path)
    manifest, data = read_manifest(path)
    if manifest.get("format", 0) > FORMAT:
        raise _problem("CADANGAN_LEBIH_BARU", "Format cadangan ini lebih baru daripada Sinergi yang terpasang.", "Perbarui Sinergi ke versi yang membuat cadangan ini, lalu ulangi.", path.name)
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    newer = sorted(f"{a}.{n}" for a, n in manifest.get("schema", {}).items() if (a, n) not in known)
    if newer:
        raise _problem(
            "SKEMA_LEBIH_BARU",
            f"Cadangan ini dibuat dengan skema basis data yang lebih baru daripada yang terpasang ({', '.join(newer)}).",
            f"Perbarui Sinergi (terpasang: {__version__}, cadangan: {manifest.get('sinergi')}) lalu pulihkan lagi. Basis data tidak diubah.",
            path.name,
        )
    tmp = path.with_suffix(".restore.json")
    tmp.write_bytes(data)
    try:
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            try:
                call_command("loaddata", str(tmp), verbosity=0)
            except Exception as exc:
                raise _problem(
                    "CADANGAN_TIDAK_DAPAT_DIMUAT",
                    f"Isi cadangan tidak dapat dimuat ke skema yang terpasang ({exc.__class__.__name__}).",
                    "Pulihkan dengan versi Sinergi yang membuat cadangan ini. Basis data tidak diubah.",
                    path.name,
                ) from exc
            _reset_sequences()
            got = table_fingerprints()
            expected = manifest["tables"]
            bad = [t for t, fp in expected.items() if got.get(t) != fp]
            if bad:
                raise _problem("PEMULIHAN_TIDAK_COCOK", f"Isi tabel setelah pemulihan tidak cocok dengan cadangan: {', '.join(bad)}.", "Basis data tidak diubah. Laporkan berkas cadangan ini ke pengembang.", path.name)
    finally:
        tmp.unlink(missing_ok=True)
    return got


def _reset_sequences() -> None:
    from django.core.management.color import no_style

    sql = connection.ops.sequence_reset_sql(no_style(), list(_models()))
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)

"""Backup and restore of the whole database, signed, with row counts and checksums.

A backup is a .zip holding ``data.json`` (Django's serialised rows, natural foreign keys,
timestamps to the microsecond) and ``manifest.json``: Sinergi version, the schema (the latest
migration of every app), per table the row count and a SHA-256 of its rows in primary-key order,
the SHA-256 of ``data.json``, and an HMAC-SHA256 signature of all that made with the
installation's secret key (``SINERGI_SECRET_KEY``). So a backup cannot be edited — audit rows
removed, checksums recomputed — without the key.

Restore checks, before anything is written:

* the format and schema are not newer than this installation;
* the signature verifies with this installation's key, or with the key given (``--kunci``) for a
  backup from another installation;
* ``data.json`` is the file the manifest describes;
* every value fits this database (no NUL characters and no text longer than its column on
  PostgreSQL — SQLite stores both);
* the database holds no change newer than the backup (from the audit trail), unless the caller
  says to overwrite (``--timpa``).

Then it replaces every row in one transaction, checks counts and checksums against the manifest,
and records the restore in the audit trail. A refused restore is recorded too.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils.crypto import salted_hmac
from django.utils.dateparse import parse_datetime

from sinergi import __version__
from sinergi.core.problems import Problem, ValidationFailed
from sinergi.web import caching

EXCLUDED = {"contenttypes", "sessions"}
EXCLUDED_MODELS = {"auth.permission", "admin.logentry", "audit.changemark"}  # change marks only key the page cache
FORMAT = 2  # 2: signed manifest, exact timestamps, data.json checksum
SIGNATURE_SALT = "sinergi.backup.manifest"
MAX_LISTED = 50

# audit actions that are not changes a restore could lose
NOT_CHANGES = {"masuk", "masuk_gagal", "masuk_ditolak", "cadangkan", "pulihkan", "pulihkan_ditolak", "buat_akun_demo"}
REFERENCE_IMPORTS = {"kaltim/labour.csv", "kaltim/economy.csv"}


class ExactJSONEncoder(DjangoJSONEncoder):
    """Like Django's encoder, but keeps microseconds (Django's cuts times to milliseconds)."""

    def default(self, o):
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time):
            return o.isoformat()
        return super().default(o)


def _models():
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in EXCLUDED or label in EXCLUDED_MODELS or not model._meta.managed or model._meta.proxy:
            continue
        yield model


def _ordered_models():
    by_app = defaultdict(list)
    for model in _models():
        by_app[model._meta.app_config].append(model)
    return serializers.sort_dependencies(list(by_app.items()), allow_cycles=True)


def _schema() -> dict[str, str]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    leaves = {}
    for app_label, name in loader.graph.leaf_nodes():
        leaves[app_label] = name
    return leaves


def table_fingerprints(fmt: int = FORMAT) -> dict[str, dict]:
    """Row count and checksum of every backed-up table, as stored now (``fmt`` 1: the
    millisecond timestamps of the first backup format)."""
    encoder = ExactJSONEncoder if fmt >= 2 else DjangoJSONEncoder
    out = {}
    for model in _models():
        qs = model._default_manager.order_by("pk")
        data = serializers.serialize("json", qs, use_natural_foreign_keys=True, use_natural_primary_keys=False, cls=encoder)
        rows = json.loads(data)
        canon = json.dumps([r["fields"] | {"pk": r["pk"]} for r in rows], sort_keys=True, ensure_ascii=False)
        out[model._meta.label_lower] = {"rows": len(rows), "sha256": hashlib.sha256(canon.encode()).hexdigest()}
    return out


def _canonical(manifest: dict) -> bytes:
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sign_manifest(manifest: dict, key: str | None = None) -> dict:
    """Add the HMAC-SHA256 signature made with ``key`` (default: this installation's secret key)."""
    value = salted_hmac(SIGNATURE_SALT, _canonical(manifest), secret=key or settings.SECRET_KEY, algorithm="sha256").hexdigest()
    manifest["signature"] = {"algorithm": "HMAC-SHA256", "value": value}
    return manifest


def _signature_ok(manifest: dict, key: str) -> bool:
    given = (manifest.get("signature") or {}).get("value", "")
    expected = salted_hmac(SIGNATURE_SALT, _canonical(manifest), secret=key, algorithm="sha256").hexdigest()
    return isinstance(given, str) and hmac.compare_digest(given, expected)


def create_backup(path: str | Path) -> dict:
    path = Path(path)
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:  # one consistent snapshot of every table
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        created = dt.datetime.now(dt.UTC)
        from sinergi.web.audit.models import AuditEvent

        last = AuditEvent.objects.order_by("-id").values("id", "at").first()
        objects = (obj for model in _ordered_models() for obj in model._default_manager.order_by("pk").iterator())
        data = serializers.serialize("json", objects, use_natural_foreign_keys=True, use_natural_primary_keys=False, cls=ExactJSONEncoder).encode()
        manifest = {
            "format": FORMAT,
            "sinergi": __version__,
            "created": created.isoformat(),
            "database": connection.vendor,
            "schema": _schema(),
            "tables": table_fingerprints(),
            "data_sha256": hashlib.sha256(data).hexdigest(),
            "last_audit": {"id": last["id"], "at": ExactJSONEncoder().default(last["at"])} if last else None,
        }
    sign_manifest(manifest)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
        z.writestr("data.json", data)
    return manifest


def _problem(code, message, fix, file) -> ValidationFailed:
    return ValidationFailed([Problem(code, message, fix, file=file)])


def read_manifest(path: Path) -> tuple[dict, bytes]:
    try:
        with zipfile.ZipFile(path) as z:
            manifest = json.loads(z.read("manifest.json"))
            data = z.read("data.json")
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, UnicodeDecodeError, OSError) as exc:
        raise _problem("CADANGAN_RUSAK", "Berkas ini bukan cadangan Sinergi yang utuh.", "Gunakan berkas .zip yang dibuat oleh 'sinergi data cadangkan'.", path.name) from exc
    if not isinstance(manifest, dict):
        raise _problem("CADANGAN_RUSAK", "Berkas ini bukan cadangan Sinergi yang utuh.", "Gunakan berkas .zip yang dibuat oleh 'sinergi data cadangkan'.", path.name)
    return manifest, data


def _check_version(manifest: dict, name: str) -> None:
    if not isinstance(manifest.get("format", 0), int) or manifest.get("format", 0) > FORMAT:
        raise _problem("CADANGAN_LEBIH_BARU", "Format cadangan ini lebih baru daripada Sinergi yang terpasang.", "Perbarui Sinergi ke versi yang membuat cadangan ini, lalu ulangi.", name)
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    newer = sorted(f"{a}.{n}" for a, n in (manifest.get("schema") or {}).items() if (a, n) not in known)
    if newer:
        raise _problem(
            "SKEMA_LEBIH_BARU",
            f"Cadangan ini dibuat dengan skema basis data yang lebih baru daripada yang terpasang ({', '.join(newer)}).",
            f"Perbarui Sinergi (terpasang: {__version__}, cadangan: {manifest.get('sinergi')}) lalu pulihkan lagi. Basis data tidak diubah.",
            name,
        )


def _check_signature(manifest: dict, data: bytes, name: str, key: str | None, accept_unsigned: bool) -> str:
    """Which key verified the backup: 'ini' (this installation), 'kunci' (the key given) or 'tanpa'."""
    if manifest.get("format") == 1:
        if not accept_unsigned:
            raise _problem(
                "CADANGAN_TANPA_TANDA_TANGAN",
                "Cadangan ini dibuat sebelum Sinergi menandatangani cadangan, jadi keasliannya tidak dapat diperiksa.",
                "Bila Anda yakin berkas ini tidak diubah sejak dibuat, pulihkan dengan --terima-tanpa-tanda-tangan. Basis data tidak diubah.",
                name,
            )
        return "tanpa"
    if _signature_ok(manifest, settings.SECRET_KEY):
        used = "ini"
    elif key and _signature_ok(manifest, key):
        used = "kunci"
    elif key:
        raise _problem(
            "TANDA_TANGAN_TIDAK_COCOK",
            "Tanda tangan cadangan tidak cocok dengan kunci instalasi ini maupun kunci yang diberikan: berkas diubah setelah dibuat, atau kuncinya salah.",
            "Gunakan berkas cadangan asli dan SINERGI_SECRET_KEY instalasi yang membuatnya. Basis data tidak diubah.",
            name,
        )
    else:
        raise _problem(
            "TANDA_TANGAN_TIDAK_COCOK",
            "Tanda tangan cadangan tidak cocok dengan kunci instalasi ini: cadangan dibuat oleh instalasi lain, atau berkas diubah setelah dibuat.",
            "Bila cadangan berasal dari instalasi lain, pulihkan dengan --kunci berisi SINERGI_SECRET_KEY instalasi itu. Basis data tidak diubah.",
            name,
        )
    if not hmac.compare_digest(str(manifest.get("data_sha256", "")), hashlib.sha256(data).hexdigest()):
        raise _problem(
            "DATA_CADANGAN_BERUBAH",
            "Isi data.json tidak sama dengan yang dicatat di manifest yang ditandatangani: berkas diubah setelah dibuat.",
            "Gunakan berkas cadangan asli. Basis data tidak diubah.",
            name,
        )
    return used


def _text_with_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_text_with_nul(k) or _text_with_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_text_with_nul(v) for v in value)
    return False


def storage_problems(rows: list, name: str, vendor: str | None = None) -> list[Problem]:
    """Values this database cannot store: on PostgreSQL a NUL character in text (also inside JSON)
    and text longer than its column. SQLite stores both, so nothing is reported there."""
    vendor = vendor or connection.vendor
    problems: list[Problem] = []
    if vendor == "sqlite":
        return problems
    count = 0
    for row in rows:
        try:
            model = apps.get_model(row["model"])
        except (LookupError, KeyError, TypeError, ValueError):
            continue  # loaddata reports unknown models
        for field_name, value in (row.get("fields") or {}).items():
            try:
                field = model._meta.get_field(field_name)
            except Exception:
                continue
            where = f"tabel {model._meta.label_lower}, baris pk={row.get('pk')}, kolom {field_name}"
            issue = None
            if _text_with_nul(value):
                issue = ("NILAI_BERISI_NUL", f"{where}: teks berisi karakter NUL (\\x00), yang tidak dapat disimpan {vendor}.")
            elif isinstance(field, models.CharField) and field.max_length and isinstance(value, str) and len(value) > field.max_length:
                issue = ("NILAI_TERLALU_PANJANG", f"{where}: {len(value)} karakter, kolom ini menampung paling banyak {field.max_length}.")
            if issue:
                count += 1
                if len(problems) < MAX_LISTED:
                    problems.append(Problem(issue[0], issue[1], "Perbaiki nilai itu di instalasi asal (mis. lewat admin), buat cadangan baru, lalu pulihkan lagi. Basis data tidak diubah.", file=name))
    if count > MAX_LISTED:
        problems.append(Problem("MASALAH_LAIN", f"… dan {count - MAX_LISTED} nilai lain dengan masalah yang sama.", "", file=name))
    return problems


def _is_setup_event(event) -> bool:
    """Loading the embedded reference data (done by every fresh installation) is not a change."""
    if event.actor_pk is not None:
        return False
    if event.action.startswith("muat_"):
        return True
    return event.action == "impor_statistik" and (event.after or {}).get("berkas") in REFERENCE_IMPORTS


def newer_changes(manifest: dict, rows: list) -> list:
    """Audit events in this database that record a change the backup does not hold."""
    from sinergi.web.audit.models import AuditEvent

    created = parse_datetime(str(manifest.get("created", ""))) if manifest.get("created") else None
    if created is None:
        return []
    in_backup = set()
    for r in rows:
        if r.get("model") == "audit.auditevent":
            at = parse_datetime(str((r.get("fields") or {}).get("at", "")))
            in_backup.add((str(r.get("pk")), at))
    events = AuditEvent.objects.filter(at__gt=created).exclude(action__in=NOT_CHANGES).order_by("at", "id")
    return [e for e in events if (str(e.pk), e.at) not in in_backup and not _is_setup_event(e)]


def _local_time(iso) -> str:
    """A manifest time on the same clock and in the same form as the changes listed beside it."""
    from django.utils import timezone

    at = parse_datetime(str(iso or ""))
    return f"{timezone.localtime(at):%d-%m-%Y %H:%M:%S}" if at is not None and timezone.is_aware(at) else str(iso)


def _describe(events: list) -> str:
    from django.utils import timezone

    def when(e):
        return f"{timezone.localtime(e.at):%d-%m-%Y %H:%M:%S}"

    shown = "; ".join(f"{when(e)} {e.actor_username or '(sistem)'}: {e.summary or e.action}" for e in events[-3:])
    return f"{len(events)} perubahan, terakhir {when(events[-1])} ({shown})"


def restore_backup(path: str | Path, *, overwrite: bool = False, key: str | None = None, accept_unsigned: bool = False, actor=None) -> dict:
    """Replace the database contents with the backup. Returns the verified fingerprints.

    ``overwrite``: restore even though the database holds changes newer than the backup (they are
    lost). ``key``: the secret key of the installation that made the backup, when it is not this
    one. ``accept_unsigned``: accept a backup of the first format, which had no signature.
    """
    from sinergi.web.audit.actions import record

    path = Path(path)
    try:
        manifest, data = read_manifest(path)
        _check_version(manifest, path.name)
        signed_by = _check_signature(manifest, data, path.name, key, accept_unsigned)
        try:
            rows = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise _problem("CADANGAN_RUSAK", "data.json di dalam cadangan bukan JSON yang utuh.", "Gunakan berkas .zip yang dibuat oleh 'sinergi data cadangkan'.", path.name) from exc
        problems = storage_problems(rows, path.name)
        if problems:
            raise ValidationFailed(problems)
        newer = newer_changes(manifest, rows)
        if newer and not overwrite:
            raise _problem(
                "BASIS_DATA_LEBIH_BARU",
                f"Basis data berisi perubahan yang lebih baru daripada cadangan ini (dibuat {_local_time(manifest.get('created'))}): {_describe(newer)}. Pemulihan akan menghapusnya.",
                "Buat cadangan basis data sekarang lebih dulu ('sinergi data cadangkan'). Bila perubahan itu memang boleh hilang, pulihkan dengan --timpa. Basis data tidak diubah.",
                path.name,
            )
        with transaction.atomic():  # the restore and its audit row, or neither
            got = _load(path, manifest, data)
            record(
                actor,
                "pulihkan",
                "basis_data",
                "",
                after={
                    "berkas": path.name,
                    "cadangan_dibuat": manifest.get("created"),
                    "sinergi": manifest.get("sinergi"),
                    "kunci": {"ini": "instalasi ini", "kunci": "kunci yang diberikan (--kunci)", "tanpa": "tanpa tanda tangan"}[signed_by],
                    "perubahan_ditimpa": len(newer),
                    "perubahan_ditimpa_terakhir": [f"{e.at.isoformat()} {e.actor_username}: {e.summary or e.action}" for e in newer[-20:]],
                },
                summary=f"Basis data dipulihkan dari {path.name}" + (f"; {len(newer)} perubahan yang lebih baru ditimpa (--timpa)" if newer else ""),
            )
        return got
    except ValidationFailed as exc:
        record(actor, "pulihkan_ditolak", "basis_data", "", after={"berkas": path.name, "masalah": [p.code for p in exc.problems][:20]}, summary=f"Pemulihan dari {path.name} ditolak: {exc.problems[0].message[:300]}")
        raise


def _load(path: Path, manifest: dict, data: bytes) -> dict:
    fd, tmp_name = tempfile.mkstemp(suffix=".json", prefix="sinergi-pulihkan-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        with transaction.atomic():
            generations = caching.counts()  # flush empties the change marks too; they must not go back
            call_command("flush", interactive=False, verbosity=0)
            try:
                call_command("loaddata", str(tmp), verbosity=0)
            except Exception as exc:
                detail = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
                raise _problem(
                    "CADANGAN_TIDAK_DAPAT_DIMUAT",
                    f"Isi cadangan tidak dapat dimuat ke basis data ini ({exc.__class__.__name__}: {detail}).",
                    "Basis data tidak diubah. Bila skema cadangan sama dengan yang terpasang, laporkan pesan ini dan berkas cadangan ke pengembang.",
                    path.name,
                ) from exc
            _reset_sequences()
            caching.carry_over(generations)
            got = table_fingerprints(manifest.get("format", 1))
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

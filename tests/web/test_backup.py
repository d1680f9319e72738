"""Backup and restore: an exact, signed round trip; refusals before anything is written."""
import hashlib
import json
import zipfile
from datetime import UTC, datetime

import pytest
from django.db import connection

from sinergi.core.problems import ValidationFailed
from sinergi.web.accounts.models import Role
from sinergi.web.audit.actions import record
from sinergi.web.audit.models import AuditEvent
from sinergi.web.backup import create_backup, restore_backup, sign_manifest, storage_problems, table_fingerprints
from sinergi.web.statistics.actions import import_statistics
from sinergi.web.statistics.models import Observation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def loaded():
    from sinergi.web.statistics.actions import load_reference_data

    load_reference_data()


def read(path):
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read("manifest.json")), z.read("data.json")


def write(path, manifest, data):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("manifest.json", json.dumps(manifest))
        z.writestr("data.json", data)
    return path


def refusal(path, **kw):
    with pytest.raises(ValidationFailed) as exc:
        restore_backup(path, **kw)
    return exc.value.problems


def fingerprint():
    fp = table_fingerprints()
    fp.pop("audit.auditevent")  # a refused restore is itself audited
    return fp


def test_round_trip_is_identical_to_the_microsecond(loaded, make_user, tmp_path):
    make_user("op", Role.OPERATOR, "6401")
    exact = datetime(2026, 3, 1, 8, 15, 30, 123457, tzinfo=UTC)
    AuditEvent.objects.filter(pk=AuditEvent.objects.order_by("id").first().pk).update(at=exact)
    before = table_fingerprints()
    assert before["statistics.observation"]["rows"] == 1081  # every embedded row (631 + 450 of tambahan_2026_12)
    path = tmp_path / "cadangan.zip"
    create_backup(path)
    Observation.objects.filter(region_id="6401").delete()
    after = restore_backup(path)
    assert after == before
    assert AuditEvent.objects.order_by("id").first().at == exact  # not cut to .123000
    assert AuditEvent.objects.filter(action="pulihkan").count() == 1


def test_restore_onto_newer_changes_refuses_without_overwrite(loaded, make_user, write_csv, tmp_path):
    op = make_user("op", Role.OPERATOR, "6401")
    path = tmp_path / "cadangan.zip"
    create_backup(path)
    new = write_csv([["region_code", "year", "indicator", "value", "source_url"], ["6401", "2031", "tpt", "4.5", "https://bps.go.id"]])
    import_statistics(op, new)
    n = Observation.objects.count()
    problems = refusal(path)
    assert problems[0].code == "BASIS_DATA_LEBIH_BARU"
    assert "1 perubahan" in problems[0].message and "op" in problems[0].message and "--timpa" in problems[0].fix
    assert Observation.objects.count() == n and Observation.objects.filter(year=2031).exists()
    assert AuditEvent.objects.filter(action="pulihkan_ditolak").count() == 1
    restore_backup(path, overwrite=True)
    assert not Observation.objects.filter(year=2031).exists()
    done = AuditEvent.objects.get(action="pulihkan")
    assert done.after["perubahan_ditimpa"] == 1 and "Impor" in done.after["perubahan_ditimpa_terakhir"][0]


def test_refusal_states_the_backup_time_on_the_same_clock_as_the_newer_changes(loaded, make_user, write_csv, tmp_path):
    """Both times in local time (WITA), so a planner can compare them: the backup's creation was
    shown as raw UTC ISO ('2026-12-04T15:38:00.25+00:00') beside changes at '04-12-2026 23:38:07'."""
    from django.utils import timezone as dj_timezone
    from django.utils.dateparse import parse_datetime

    op = make_user("op", Role.OPERATOR, "6401")
    path = tmp_path / "cadangan.zip"
    create_backup(path)
    created = parse_datetime(read(path)[0]["created"])
    import_statistics(op, write_csv([["region_code", "year", "indicator", "value", "source_url"], ["6401", "2031", "tpt", "4.5", "https://bps.go.id"]]))
    (p,) = refusal(path)
    assert f"(dibuat {dj_timezone.localtime(created):%d-%m-%Y %H:%M:%S})" in p.message
    assert "+00:00" not in p.message


def test_logins_and_a_restore_are_not_changes_a_restore_would_lose(loaded, make_user, client, tmp_path):
    make_user("op", Role.OPERATOR, "6401")
    path = tmp_path / "cadangan.zip"
    create_backup(path)
    assert client.post("/masuk/", {"username": "op", "password": "rahasia-uji-123"}).status_code == 302
    client.post("/masuk/", {"username": "op", "password": "salah"})
    restore_backup(path)
    restore_backup(path)  # again: the first restore's own audit row is no change either


def test_forged_backup_with_audit_rows_removed_is_refused(loaded, make_user, tmp_path):
    make_user("op", Role.OPERATOR, "6401")
    record(None, "ubah_usulan", "usulan", "1", summary="perubahan yang ingin disembunyikan")
    path = tmp_path / "cadangan.zip"
    create_backup(path)
    manifest, data = read(path)
    rows = [r for r in json.loads(data) if not (r["model"] == "audit.auditevent" and "disembunyikan" in r["fields"]["summary"])]
    forged_data = json.dumps(rows).encode()
    manifest["tables"]["audit.auditevent"]["rows"] -= 1
    manifest["data_sha256"] = hashlib.sha256(forged_data).hexdigest()
    forged = write(tmp_path / "palsu.zip", manifest, forged_data)
    before = fingerprint()
    problems = refusal(forged)
    assert problems[0].code == "TANDA_TANGAN_TIDAK_COCOK" and "diubah" in problems[0].message
    assert fingerprint() == before
    # data.json changed but the manifest left alone: the signed checksum catches it
    manifest, _ = read(path)
    assert refusal(write(tmp_path / "palsu2.zip", manifest, forged_data))[0].code == "DATA_CADANGAN_BERUBAH"
    assert fingerprint() == before


def test_backup_from_another_installation_needs_its_key(loaded, tmp_path):
    path = tmp_path / "cadangan.zip"
    create_backup(path)
    manifest, data = read(path)
    other_key = "kunci-instalasi-lain-" + "x" * 40
    other = write(tmp_path / "lain.zip", sign_manifest(manifest, other_key), data)
    problems = refusal(other)
    assert problems[0].code == "TANDA_TANGAN_TIDAK_COCOK" and "--kunci" in problems[0].fix
    assert refusal(other, key="kunci-yang-salah")[0].code == "TANDA_TANGAN_TIDAK_COCOK"
    restore_backup(other, key=other_key)
    assert AuditEvent.objects.get(action="pulihkan").after["kunci"] == "kunci yang diberikan (--kunci)"


def test_first_format_backups_need_explicit_acceptance(loaded, tmp_path):
    path = tmp_path / "cadangan.zip"
    create_backup(path)
    manifest, data = read(path)
    manifest["format"] = 1
    manifest["tables"] = table_fingerprints(1)
    old = write(tmp_path / "lama.zip", {k: v for k, v in manifest.items() if k != "signature"}, data)
    assert refusal(old)[0].code == "CADANGAN_TANPA_TANDA_TANGAN"
    restore_backup(old, accept_unsigned=True)


def _tampered_rows(data):
    rows = json.loads(data)
    for r in rows:
        if r["model"] == "statistics.observation" and r["pk"] == min(x["pk"] for x in rows if x["model"] == "statistics.observation"):
            r["fields"]["note"] = "catatan\x00dengan NUL"
            r["fields"]["unit"] = "u" * 61
    return rows


@pytest.mark.parametrize("vendor, expected", [("postgresql", {"NILAI_BERISI_NUL", "NILAI_TERLALU_PANJANG"}), ("sqlite", set())])
def test_values_a_database_cannot_store_are_found(loaded, tmp_path, vendor, expected):
    path = tmp_path / "cadangan.zip"
    create_backup(path)
    _, data = read(path)
    problems = storage_problems(_tampered_rows(data), "cadangan.zip", vendor)
    assert {p.code for p in problems} == expected
    if expected:
        assert all("statistics.observation" in p.message for p in problems)
        assert any("61 karakter" in p.message and "60" in p.message for p in problems)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite stores NUL and over-long text")
def test_nul_and_too_long_values_are_refused_before_anything_is_written_on_postgresql(loaded, tmp_path):
    path = tmp_path / "cadangan.zip"
    create_backup(path)
    manifest, data = read(path)
    bad = json.dumps(_tampered_rows(data)).encode()
    manifest["data_sha256"] = hashlib.sha256(bad).hexdigest()
    bad_path = write(tmp_path / "nul.zip", sign_manifest(manifest), bad)
    before = fingerprint()
    problems = refusal(bad_path)
    assert {p.code for p in problems} == {"NILAI_BERISI_NUL", "NILAI_TERLALU_PANJANG"}
    assert fingerprint() == before


def test_restore_refuses_a_newer_schema(loaded, tmp_path):
    path = tmp_path / "cadangan.zip"
    create_backup(path)
    manifest, data = read(path)
    manifest["schema"]["statistics"] = "0099_dari_masa_depan"
    newer = write(tmp_path / "baru.zip", sign_manifest(manifest), data)
    n = Observation.objects.count()
    p = refusal(newer)[0]
    assert p.code == "SKEMA_LEBIH_BARU" and "lebih baru" in p.message and "Perbarui Sinergi" in p.fix
    assert Observation.objects.count() == n


def test_not_a_backup(tmp_path, loaded):
    path = tmp_path / "x.zip"
    path.write_bytes(b"bukan zip")
    assert refusal(path)[0].code == "CADANGAN_RUSAK"


def test_a_restore_never_serves_a_page_kept_before_it(loaded, make_user, client, write_csv, tmp_path):
    """A restore empties the change marks with every table; their counts key the kept pages, so
    they must continue from where they were — else the first changes after a restore would reach
    a count under which a page of the lost data was kept, and that page would be served."""
    from sinergi.web import caching

    user = make_user("perencana-pulih", Role.PLANNER, "64")
    client.force_login(user)
    path = tmp_path / "cadangan.zip"
    create_backup(path)
    rows = [["region_code", "year", "month", "indicator", "value", "source_url", "note"],
            ["6472", "2031", "8", "tpt", "12.34", "https://contoh.go.id/tpt-2031", "hilang saat pemulihan"]]
    import_statistics(user, write_csv(rows, "tpt2031.csv"))
    page = "/dasbor/?indikator=tpt&tahun=2031"
    assert "12,34" in client.get(page).content.decode()  # kept under the current generations
    kept_under = caching.counts()
    restore_backup(path, overwrite=True)
    after = caching.counts()
    assert all(after.get(d, 0) > n for d, n in kept_under.items())  # generations went on, not back
    # changes after the restore (that do not touch the dashboard's figures) only move them further
    for _ in range(max(0, kept_under.get(caching.STATISTICS, 0) - after.get(caching.STATISTICS, 0))):
        caching.changed(caching.STATISTICS)
    assert "12,34" not in client.get(page).content.decode()

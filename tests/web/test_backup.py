"""Backup and restore: a round trip gives identical row counts and checksums, audit included."""
import json
import zipfile

import pytest

from sinergi.core.problems import ValidationFailed
from sinergi.web.accounts.models import Role
from sinergi.web.audit.models import AuditEvent
from sinergi.web.backup import create_backup, restore_backup, table_fingerprints
from sinergi.web.statistics.models import Observation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def loaded():
    from sinergi.web.statistics.actions import load_reference_data

    load_reference_data()


def test_round_trip_is_identical(loaded, make_user, tmp_path):
    make_user("op", Role.OPERATOR, "6401")
    before = table_fingerprints()
    assert before["statistics.observation"]["rows"] == 631
    assert before["audit.auditevent"]["rows"] > 0
    path = tmp_path / "cadangan.zip"
    create_backup(path)
    Observation.objects.filter(region_id="6401").delete()
    AuditEvent.objects.create(action="perubahan_setelah_cadangan", object_type="uji")
    after = restore_backup(path)
    assert after == before
    assert table_fingerprints() == before


def test_restore_refuses_a_newer_schema(loaded, tmp_path):
    path = tmp_path / "cadangan.zip"
    create_backup(path)
    with zipfile.ZipFile(path) as z:
        manifest, data = json.loads(z.read("manifest.json")), z.read("data.json")
    manifest["schema"]["statistics"] = "0099_dari_masa_depan"
    newer = tmp_path / "baru.zip"
    with zipfile.ZipFile(newer, "w") as z:
        z.writestr("manifest.json", json.dumps(manifest))
        z.writestr("data.json", data)
    n = Observation.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        restore_backup(newer)
    p = exc.value.problems[0]
    assert p.code == "SKEMA_LEBIH_BARU" and "lebih baru" in p.message and "Perbarui Sinergi" in p.fix
    assert Observation.objects.count() == n


def test_not_a_backup(tmp_path, loaded):
    path = tmp_path / "x.zip"
    path.write_bytes(b"bukan zip")
    with pytest.raises(ValidationFailed) as exc:
        restore_backup(path)
    assert exc.value.problems[0].code == "CADANGAN_RUSAK"

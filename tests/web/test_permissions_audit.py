"""The permission helper, what each role reaches, and the append-only audit trail."""
import pytest
from django.urls import reverse

from sinergi.core.problems import ValidationFailed
from sinergi.web.accounts.models import Role
from sinergi.web.accounts.permissions import can
from sinergi.web.audit.models import AppendOnly, AuditEvent
from sinergi.web.statistics.actions import import_statistics
from sinergi.web.statistics.models import Observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(make_user):
    return {
        "admin": make_user("a", Role.ADMIN, "64"),
        "planner": make_user("p", Role.PLANNER, "64"),
        "op_samarinda": make_user("s", Role.OPERATOR, "6472"),
        "op_paser": make_user("o", Role.OPERATOR, "6401"),
        "viewer": make_user("v", Role.VIEWER),
    }


EXPECTED = {
    # role: (view any, edit 6472, edit 6401, view drafts 6472, review, admin)
    "admin": (True, True, True, True, True, True),
    "planner": (True, True, True, True, True, False),
    "op_samarinda": (True, True, False, True, False, False),
    "op_paser": (True, False, True, False, False, False),
    "viewer": (True, False, False, False, False, False),
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_permission_matrix(users, role):
    u = users[role]
    got = (can(u, "view", "6472"), can(u, "edit", "6472"), can(u, "edit", "6401"), can(u, "view_drafts", "6472"), can(u, "review"), can(u, "admin"))
    assert got == EXPECTED[role]


def test_anonymous_and_inactive_may_do_nothing(users):
    from django.contrib.auth.models import AnonymousUser

    assert not can(AnonymousUser(), "view", "64")
    users["planner"].is_active = False
    assert not can(users["planner"], "view", "64")


def test_operator_cannot_open_admin_or_audit_pages(client, users):
    client.force_login(users["op_samarinda"])
    r = client.get("/admin/")
    assert r.status_code == 302 and "/admin/login/" in r["Location"]
    assert client.get(reverse("audit")).status_code == 403
    assert client.get(reverse("boundary-import")).status_code == 403
    assert client.get(reverse("home")).status_code == 200


def test_admin_reaches_admin_and_audit(client, users):
    client.force_login(users["admin"])
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("audit")).status_code == 200
    export = client.get(reverse("audit-export"))
    assert export.status_code == 200 and b"impor_statistik" in export.content


def test_anonymous_is_sent_to_the_indonesian_login(client):
    r = client.get(reverse("home"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))
    page = client.get(reverse("login")).content.decode()
    assert "Masuk ke Sinergi" in page and "Kata sandi" in page


def test_operator_cannot_import_another_regions_data(users, write_csv):
    header = ["region_code", "year", "month", "indicator", "value", "source_url"]
    path = write_csv([header, ["6472", "2031", "8", "tpt", "5", "https://x"], ["6401", "2031", "8", "tpt", "4", "https://x"]])
    with pytest.raises(ValidationFailed) as exc:
        import_statistics(users["op_samarinda"], path)
    assert [(p.code, p.row) for p in exc.value.problems] == [("TIDAK_BERWENANG", 3)]
    assert not Observation.objects.filter(year=2031).exists()


def test_operator_upload_page_reports_problems_and_writes_nothing(client, users, write_csv):
    client.force_login(users["op_samarinda"])
    header = ["region_code", "year", "month", "indicator", "value", "source_url"]
    path = write_csv([header, ["6472", "2031", "8", "tpt", "lima", "https://x"]])
    with open(path, "rb") as f:
        page = client.post(reverse("statistics-import"), {"berkas": f}).content.decode()
    assert "NILAI_BUKAN_ANGKA" in page and "tidak ada data yang disimpan" in page
    assert not Observation.objects.filter(year=2031).exists()


def test_audit_event_records_who_what_before_after_and_is_append_only(users, write_csv):
    header = ["region_code", "year", "month", "indicator", "value", "source_url"]
    import_statistics(users["op_samarinda"], write_csv([header, ["6472", "2031", "8", "tpt", "5", "https://x"]]))
    e = AuditEvent.objects.filter(action="impor_statistik").first()
    assert e.actor == users["op_samarinda"] and e.actor_username == "s"
    assert e.after["baris_ditambah"] == 1 and e.after["berkas"] == "data.csv"
    e.summary = "diubah"
    with pytest.raises(AppendOnly):
        e.save()
    with pytest.raises(AppendOnly):
        e.delete()


def test_production_passwords_are_hashed_with_argon2():
    from sinergi.web import settings as prod

    assert prod.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_admin_edits_of_master_tables_are_audited(client, users):
    from sinergi.web.statistics.models import Indicator

    client.force_login(users["admin"])
    ind = Indicator.objects.get(code="tpt")
    data = {k: getattr(ind, k) for k in ("name_id", "name_en", "unit", "group", "direction", "definition_id", "definition_en")}
    data["name_id"] = "TPT (diubah)"
    data["code"] = "tpt"
    r = client.post(f"/admin/statistics/indicator/{ind.pk}/change/", data)
    assert r.status_code == 302
    e = AuditEvent.objects.filter(action="ubah_admin", object_type="indicator").first()
    assert e.before["name_id"] != "TPT (diubah)" and e.after["name_id"] == "TPT (diubah)"


def test_login_is_throttled_after_repeated_failures(client, users):
    for _ in range(5):
        r = client.post(reverse("login"), {"username": "s", "password": "salah"})
        assert r.status_code == 200
    r = client.post(reverse("login"), {"username": "s", "password": "rahasia-uji-123"})
    assert r.status_code == 429
    assert "Terlalu banyak percobaan" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_pages_carry_a_content_security_policy(client, users):
    client.force_login(users["viewer"])
    csp = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp

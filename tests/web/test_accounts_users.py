"""User management in the app (not the Django admin): an admin creates, edits, deactivates
users and resets passwords; every user changes their own password; the demo accounts are
retired in one step and never come back. Each change is audited, never with a password."""
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.core.problems import ValidationFailed
from sinergi.web.accounts import actions
from sinergi.web.accounts.demo import create_demo_accounts
from sinergi.web.accounts.models import Role, User
from sinergi.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "rahasia-uji-123"


@pytest.fixture
def admin(make_user):
    return make_user("kepala", Role.ADMIN, "64")


@pytest.fixture
def admin_client(admin):
    c = Client()
    c.force_login(admin)
    return c


def signs_in(username, password) -> bool:
    """Whether the sign-in page lets this username and password in (as a person would try)."""
    r = Client().post(reverse("login"), {"username": username, "password": password})
    return r.status_code == 302 and not r["Location"].startswith(reverse("login"))


def no_password_in_audit(*secrets):
    text = json.dumps([[e.summary, e.before, e.after] for e in AuditEvent.objects.all()])
    for s in secrets:
        assert s not in text
    assert "argon2" not in text and "md5$" not in text


def test_admin_creates_an_operator_who_then_signs_in(admin, admin_client):
    r = admin_client.post(reverse("accounts:user-new"), {"nama_pengguna": "Op-Balikpapan2 ", "nama": "Rina Wati", "peran": "operator",
                                                          "wilayah": "6471", "instansi": "Disnaker Kota Balikpapan", "sandi": ""})
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]
    page = r.content.decode()
    password = re.search(r'data-testid="sandi-baru">([^<]+)<', page).group(1)
    assert len(password) >= 16
    user = User.objects.get(username="op-balikpapan2")  # stored trimmed and in lower case
    assert (user.role, user.region_id, user.first_name, user.office, user.is_active) == (
        Role.OPERATOR, "6471", "Rina Wati", "Disnaker Kota Balikpapan", True)
    assert not user.is_staff and not user.is_superuser
    assert signs_in("op-balikpapan2", password)
    event = AuditEvent.objects.get(action="buat_pengguna")
    assert event.actor == admin and event.object_id == str(user.pk) and event.region_code == "6471"
    assert event.after["peran"] == "operator"
    no_password_in_audit(password)
    # the list shows the new account
    assert "op-balikpapan2" in admin_client.get(reverse("accounts:users")).content.decode()


def test_creation_refused_with_reasons_and_nothing_stored(admin, admin_client, make_user):
    make_user("op-samarinda", Role.OPERATOR, "6472")
    n = User.objects.count()
    cases = [
        ({"nama_pengguna": "OP-Samarinda", "peran": "operator", "wilayah": "6472"}, "sudah dipakai"),
        ({"nama_pengguna": "op-baru", "peran": "operator", "wilayah": ""}, "Operator harus terikat"),
        ({"nama_pengguna": "op-baru", "peran": "operator", "wilayah": "64"}, "Operator harus terikat"),
        ({"nama_pengguna": "spasi di tengah", "peran": "pemantau"}, "tidak dapat dipakai"),
        ({"nama_pengguna": "pemantau2", "peran": "pemantau", "sandi": "12345678"}, "umum"),  # Django's validators
        ({"nama_pengguna": "pemantau2", "peran": "pemantau", "sandi": "pendek"}, "terlalu pendek"),
    ]
    for body, words in cases:
        r = admin_client.post(reverse("accounts:user-new"), body)
        assert r.status_code == 200 and words in r.content.decode(), (body, r.content.decode()[-3000:])
    assert User.objects.count() == n
    assert not AuditEvent.objects.filter(action="buat_pengguna").exists()


def test_chosen_password_is_not_shown_again(admin_client):
    r = admin_client.post(reverse("accounts:user-new"), {"nama_pengguna": "perencana2", "peran": "perencana", "wilayah": "64",
                                                          "sandi": "kuda-laut-biru-42"})
    assert r.status_code == 302 and r["Location"] == reverse("accounts:users")
    assert "kuda-laut-biru-42" not in Client().get(r["Location"]).content.decode()
    assert signs_in("perencana2", "kuda-laut-biru-42")
    no_password_in_audit("kuda-laut-biru-42")


def _edit_body(user, **changes):
    body = {"nama": user.first_name, "peran": user.role, "wilayah": user.region_id or "", "instansi": user.office,
            "versi": actions.version_of(user)}
    if user.is_active:
        body["aktif"] = "on"
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def test_deactivated_user_cannot_sign_in_and_loses_open_session(admin, admin_client, make_user):
    op = make_user("op-paser", Role.OPERATOR, "6401")
    session = Client()
    session.force_login(op)
    assert session.get(reverse("home")).status_code == 200
    r = admin_client.post(reverse("accounts:user", args=[op.pk]), _edit_body(op, aktif=None))
    assert r.status_code == 302
    op.refresh_from_db()
    assert not op.is_active
    assert not signs_in("op-paser", PASSWORD)
    assert session.get(reverse("home"))["Location"].startswith(reverse("login"))
    event = AuditEvent.objects.get(action="nonaktifkan_pengguna")
    assert event.actor == admin and event.before["aktif"] is True and event.after["aktif"] is False
    # and back
    admin_client.post(reverse("accounts:user", args=[op.pk]), _edit_body(op, aktif="on"))
    assert signs_in("op-paser", PASSWORD)
    assert AuditEvent.objects.filter(action="aktifkan_pengguna").count() == 1


def test_edit_changes_role_region_office_and_is_audited(admin, admin_client, make_user):
    op = make_user("op-paser", Role.OPERATOR, "6401")
    r = admin_client.post(reverse("accounts:user", args=[op.pk]),
                          _edit_body(op, nama="Budi", peran="perencana", wilayah="64", instansi="Disnakertrans Provinsi"))
    assert r.status_code == 302
    op.refresh_from_db()
    assert (op.first_name, op.role, op.region_id, op.office) == ("Budi", "perencana", "64", "Disnakertrans Provinsi")
    e = AuditEvent.objects.get(action="ubah_pengguna")
    assert (e.before["peran"], e.after["peran"], e.before["wilayah"], e.after["wilayah"]) == ("operator", "perencana", "6401", "64")
    # an operator without a regency is refused, with the reason in the page
    r = admin_client.post(reverse("accounts:user", args=[op.pk]), _edit_body(op, peran="operator", wilayah=""))
    assert r.status_code == 200 and "Operator harus terikat" in r.content.decode()
    op.refresh_from_db()
    assert op.role == "perencana"


def test_edit_made_on_a_stale_page_is_refused(admin_client, make_user):
    op = make_user("op-paser", Role.OPERATOR, "6401")
    shown = _edit_body(op, nama="Dari halaman lama")
    actions.update_user(None, op, office="Diubah orang lain")
    r = admin_client.post(reverse("accounts:user", args=[op.pk]), shown)
    assert r.status_code == 302
    op.refresh_from_db()
    assert op.office == "Diubah orang lain" and op.first_name == ""
    assert "sudah diubah orang lain" in admin_client.get(r["Location"]).content.decode()


def test_admin_cannot_lock_themselves_out_nor_remove_the_last_admin(admin, admin_client):
    r = admin_client.post(reverse("accounts:user", args=[admin.pk]), _edit_body(admin, aktif=None))
    assert r.status_code == 302
    admin.refresh_from_db()
    assert admin.is_active and admin.role == Role.ADMIN
    with pytest.raises(actions.ActionRefused, match="satu-satunya admin aktif"):
        actions.set_active(None, admin, False)  # the command line is refused too
    with pytest.raises(actions.ActionRefused, match="satu-satunya admin aktif"):
        actions.update_user(None, admin, role=Role.PLANNER)
    assert not AuditEvent.objects.filter(action__in=["nonaktifkan_pengguna", "ubah_pengguna"]).exists()


def test_demoting_a_superuser_takes_away_admin_rights(admin, make_user):
    from sinergi.web.accounts.permissions import can

    su = make_user("root", Role.ADMIN, "64", is_superuser=True)
    actions.update_user(admin, su, role=Role.VIEWER, region_id=None)
    su.refresh_from_db()
    assert not su.is_superuser and not su.is_staff and not can(su, "admin")


def test_admin_resets_a_password(admin, admin_client, make_user):
    op = make_user("op-paser", Role.OPERATOR, "6401")
    session = Client()
    session.force_login(op)
    r = admin_client.post(reverse("accounts:user-password", args=[op.pk]), {"sandi": "bunga-anggrek-hitam-7"})
    assert r.status_code == 302
    assert signs_in("op-paser", "bunga-anggrek-hitam-7") and not signs_in("op-paser", PASSWORD)
    assert session.get(reverse("home"))["Location"].startswith(reverse("login"))  # open sessions end
    r = admin_client.post(reverse("accounts:user-password", args=[op.pk]), {"sandi": ""})
    generated = re.search(r'data-testid="sandi-baru">([^<]+)<', r.content.decode()).group(1)
    assert signs_in("op-paser", generated) and not signs_in("op-paser", "bunga-anggrek-hitam-7")
    events = list(AuditEvent.objects.filter(action="atur_sandi_pengguna").order_by("id"))
    assert [e.after["sandi_dibuat"] for e in events] == [False, True] and all(e.actor == admin for e in events)
    no_password_in_audit("bunga-anggrek-hitam-7", generated)
    # a weak one is refused in the page
    r = admin_client.post(reverse("accounts:user-password", args=[op.pk]), {"sandi": "password"})
    assert r.status_code == 200 and "umum" in r.content.decode()
    assert signs_in("op-paser", generated)


def test_a_reset_lifts_the_lock_of_failed_sign_ins(admin_client, make_user):
    """The lock message says "hubungi admin": the admin's reset lets the user in at once."""
    op = make_user("op-paser", Role.OPERATOR, "6401")
    for _ in range(6):
        signs_in("op-paser", "tebakan-salah")
    assert not signs_in("op-paser", PASSWORD)  # locked, even with the right password
    admin_client.post(reverse("accounts:user-password", args=[op.pk]), {"sandi": "bunga-anggrek-hitam-7"})
    assert signs_in("op-paser", "bunga-anggrek-hitam-7")


@pytest.mark.parametrize("role,region", [(Role.VIEWER, None), (Role.OPERATOR, "6472"), (Role.PLANNER, "64")])
def test_every_user_changes_their_own_password_and_stays_signed_in(make_user, role, region):
    user = make_user("orang", role, region)
    c, other = Client(), Client()
    c.force_login(user)
    other.force_login(user)
    assert "Kata sandi" in c.get(reverse("home")).content.decode()  # the link in the page head
    url = reverse("accounts:password")
    r = c.post(url, {"sandi_lama": "salah-sekali", "sandi_baru": "merpati-putih-88", "sandi_baru_lagi": "merpati-putih-88"})
    assert r.status_code == 200 and "Kata sandi saat ini salah" in r.content.decode()
    assert "merpati-putih-88" not in r.content.decode()
    r = c.post(url, {"sandi_lama": PASSWORD, "sandi_baru": "merpati-putih-88", "sandi_baru_lagi": "merpati-putih-99"})
    assert r.status_code == 200 and "tidak sama" in r.content.decode()
    r = c.post(url, {"sandi_lama": PASSWORD, "sandi_baru": "qwerty123", "sandi_baru_lagi": "qwerty123"})
    assert r.status_code == 200 and "umum" in r.content.decode()
    assert signs_in("orang", PASSWORD) and not AuditEvent.objects.filter(action="ubah_sandi_sendiri").exists()
    r = c.post(url, {"sandi_lama": PASSWORD, "sandi_baru": "merpati-putih-88", "sandi_baru_lagi": "merpati-putih-88"})
    assert r.status_code == 302
    assert c.get(reverse("home")).status_code == 200  # this session kept
    assert other.get(reverse("home"))["Location"].startswith(reverse("login"))  # the other one ended
    assert signs_in("orang", "merpati-putih-88") and not signs_in("orang", PASSWORD)
    e = AuditEvent.objects.get(action="ubah_sandi_sendiri")
    assert e.actor == user
    no_password_in_audit("merpati-putih-88", PASSWORD)


# ------------------------------------------------------------------------------ demo accounts
@pytest.fixture
def demo():
    accounts = create_demo_accounts()
    assert len(accounts) == 13
    return {u: p for u, p, _ in accounts}


def test_retiring_demo_accounts_from_the_page_and_they_never_come_back(demo, admin_client, admin,
                                                                        django_capture_on_commit_callbacks):
    from sinergi.web.setup import prepare

    demo_file = actions.demo_file()
    demo_file.write_text("admin  x\n", encoding="utf-8")
    assert signs_in("op-samarinda", demo["op-samarinda"])
    page = admin_client.get(reverse("accounts:users")).content.decode()
    assert 'data-testid="pensiunkan-demo"' in page
    with django_capture_on_commit_callbacks(execute=True):
        r = admin_client.post(reverse("accounts:retire-demo"))
    assert r.status_code == 302
    assert not demo_file.exists()
    for username, password in demo.items():
        assert not signs_in(username, password), username
    assert User.objects.filter(username__in=demo, is_active=True).count() == 0
    assert User.objects.get(username="kepala").is_active
    e = AuditEvent.objects.get(action="pensiunkan_akun_demo")
    assert e.actor == admin and sorted(e.after["akun"]) == sorted(demo)
    assert 'data-testid="pensiunkan-demo"' not in admin_client.get(reverse("accounts:users")).content.decode()
    # `sinergi data muat` and `sinergi serve` prepare the database again: nothing comes back
    prepare()
    assert create_demo_accounts() == []
    User.objects.filter(username__in=demo).delete()  # even with every demo row gone
    User.objects.exclude(pk=admin.pk).delete()
    assert create_demo_accounts() == []
    assert actions.retire_demo_accounts(admin) == []  # a second retirement has nothing to do


def test_retirement_is_refused_without_an_own_admin_or_by_a_demo_account(demo):
    demo_admin = User.objects.get(username="admin")
    with pytest.raises(actions.ActionRefused, match="bukan akun demo"):
        actions.retire_demo_accounts(demo_admin)
    with pytest.raises(actions.ActionRefused, match="Belum ada akun admin selain akun demo"):
        actions.retire_demo_accounts(None)
    assert User.objects.filter(username__in=demo, is_active=True).count() == 13
    assert not AuditEvent.objects.filter(action="pensiunkan_akun_demo").exists()


def test_a_real_account_named_like_a_demo_one_is_not_retired(make_user, admin):
    real = make_user("pemantau", Role.VIEWER)  # no demo accounts were ever made here
    assert actions.retire_demo_accounts(admin) == []
    real.refresh_from_db()
    assert real.is_active and signs_in("pemantau", PASSWORD)


def test_actions_check_permission(make_user):
    from django.core.exceptions import PermissionDenied

    planner = make_user("perencana", Role.PLANNER, "64")
    op = make_user("op-paser", Role.OPERATOR, "6401")
    with pytest.raises(PermissionDenied):
        actions.create_user(planner, "baru", role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        actions.reset_password(op, planner, "kuda-laut-biru-42")
    with pytest.raises(PermissionDenied):
        actions.set_active(planner, op, False)
    with pytest.raises(PermissionDenied):
        actions.retire_demo_accounts(op)
    with pytest.raises(ValidationFailed):
        actions.change_own_password(op, "salah", "kuda-laut-biru-42", "kuda-laut-biru-42")
    assert not User.objects.filter(username="baru").exists() and User.objects.get(pk=op.pk).is_active
    assert signs_in("perencana", PASSWORD)


def test_the_same_name_created_at_the_same_moment_is_a_problem_not_an_error(admin, admin_client, make_user, monkeypatch):
    """Two admins (or a form sent twice) creating one name at once: the second gets the
    "sudah dipakai" problem in the page, never a server error."""
    check = actions._check_fields

    def meanwhile(user, problems):  # the other request saves between the check and the write
        if not User.objects.filter(username="op-kembar").exists():
            make_user("op-kembar", Role.VIEWER)
        check(user, problems)

    monkeypatch.setattr(actions, "_check_fields", meanwhile)
    r = admin_client.post(reverse("accounts:user-new"), {"nama_pengguna": "op-kembar", "peran": "pemantau"})
    assert r.status_code == 200 and "sudah dipakai" in r.content.decode()
    assert User.objects.filter(username="op-kembar").count() == 1
    assert not AuditEvent.objects.filter(action="buat_pengguna").exists()

"""One login throttle for every way in, keyed on the normalised username and the real client
address; every sign-in audited."""
import pytest
from django.test import Client
from django.urls import reverse

from sinergi.web.accounts.models import LoginFailure, Role
from sinergi.web.accounts.throttle import DEVICE_COOKIE
from sinergi.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"
PROXY = "10.9.0.1"


@pytest.fixture
def behind_proxy(settings):
    settings.SINERGI_PROXY_TERPERCAYA = [PROXY]
    return settings


def post_login(client, username, password, *, via=None, path=None, **extra):
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": via} if via else {}
    meta.update(extra)
    return client.post(path or reverse("login"), {"username": username, "password": password}, **meta)


def signed_in(client):
    return "_auth_user_id" in client.session


def test_twenty_failures_from_one_user_behind_the_proxy_lock_that_user_only(behind_proxy, make_user):
    make_user("op-bontang", Role.OPERATOR, "6474")
    make_user("op-paser", Role.OPERATOR, "6401")
    attacker = Client()
    codes = [post_login(attacker, "op-bontang", "salah", via="203.0.113.7").status_code for _ in range(20)]
    assert codes[:5] == [200] * 5 and set(codes[5:]) == {429}
    # everybody else behind the same proxy still signs in
    other = Client()
    r = post_login(other, "op-paser", PASSWORD, via="203.0.113.8")
    assert r.status_code == 302 and signed_in(other)
    # the locked user is locked from every address, also with the right password
    victim = Client()
    r = post_login(victim, "op-bontang", PASSWORD, via="203.0.113.9")
    assert r.status_code == 429 and not signed_in(victim)
    assert "Terlalu banyak percobaan" in r.content.decode()
    # failures are recorded under the real client address, not the proxy's
    assert set(LoginFailure.objects.values_list("ip", flat=True)) == {"203.0.113.7"}


def test_forwarded_header_is_ignored_unless_the_request_comes_from_a_trusted_proxy(settings, make_user):
    settings.SINERGI_PROXY_TERPERCAYA = [PROXY]
    make_user("op-paser", Role.OPERATOR, "6401")
    c = Client()
    # a client writing its own header, not through the proxy: its own address counts
    post_login(c, "op-paser", "salah", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="192.0.2.1")
    # through the proxy, an entry the client wrote further left is ignored; the proxy's own entry counts
    post_login(c, "op-paser", "salah", via="192.0.2.99, 198.51.100.5")
    assert list(LoginFailure.objects.order_by("id").values_list("ip", flat=True)) == ["198.51.100.4", "198.51.100.5"]
    settings.SINERGI_PROXY_TERPERCAYA = []
    post_login(c, "op-paser", "salah", via="198.51.100.6")  # proxy not configured: its header is not believed
    assert LoginFailure.objects.order_by("-id").first().ip == PROXY


def test_admin_login_shares_the_throttle(make_user):
    make_user("adm", Role.ADMIN)
    c = Client()
    for _ in range(5):
        r = post_login(c, "adm", "salah", path="/admin/login/")
        assert r.status_code == 200 and not signed_in(c)
    # the right password at the admin is now refused, with the reason
    r = post_login(c, "adm", PASSWORD, path="/admin/login/")
    assert not signed_in(c) and "Terlalu banyak percobaan" in r.content.decode()
    # and the same lock holds at /masuk/
    r = post_login(Client(), "adm", PASSWORD)
    assert r.status_code == 429
    # the admin's failures are audited like the login page's
    assert AuditEvent.objects.filter(action="masuk_gagal", actor_username="adm").count() == 5
    assert AuditEvent.objects.filter(action="masuk_ditolak", actor_username="adm").count() == 2


def test_a_lock_at_the_login_page_holds_at_the_admin(make_user):
    make_user("adm", Role.ADMIN)
    for _ in range(5):
        post_login(Client(), "adm", "salah")
    c = Client()
    post_login(c, "adm", PASSWORD, path="/admin/login/")
    assert not signed_in(c)
    assert c.get("/admin/").status_code == 302  # sent back to the admin's login


def test_successful_logins_are_audited_for_both_entries(make_user):
    make_user("adm", Role.ADMIN)
    c = Client()
    assert post_login(c, "adm", PASSWORD, path="/admin/login/").status_code == 302 and signed_in(c)
    assert post_login(Client(), "adm", PASSWORD).status_code == 302
    doors = sorted(e.after["pintu"] for e in AuditEvent.objects.filter(action="masuk", actor_username="adm"))
    assert doors == ["admin", "halaman masuk"]


@pytest.mark.parametrize("variant", ["op-bontang ", "\top-bontang", "OP-Bontang", "ｏｐ－ｂｏｎｔａｎｇ"])
def test_username_variants_sign_in_as_the_same_user(make_user, variant):
    user = make_user("op-bontang", Role.OPERATOR, "6474")
    c = Client()
    assert post_login(c, variant, PASSWORD).status_code == 302
    assert c.session["_auth_user_id"] == str(user.pk)


def test_username_variants_hit_the_same_lock(make_user):
    make_user("op-bontang", Role.OPERATOR, "6474")
    for variant in ["op-bontang ", "\top-bontang", "OP-BONTANG", "ｏｐ－ｂｏｎｔａｎｇ", "Op-Bontang\u00a0"]:
        assert post_login(Client(), variant, "salah").status_code == 200
    r = post_login(Client(), "op-bontang", PASSWORD)
    assert r.status_code == 429


def test_usernames_that_collide_when_normalised_sign_in_as_nobody(make_user):
    make_user("Ana", Role.VIEWER)
    make_user("ana", Role.VIEWER)
    c = Client()
    assert post_login(c, "ana", PASSWORD).status_code == 200 and not signed_in(c)


def test_the_address_limit_does_not_lock_out_known_users_from_the_same_address(make_user):
    make_user("op-paser", Role.OPERATOR, "6401")
    colleague = Client()
    assert post_login(colleague, "op-paser", PASSWORD, REMOTE_ADDR="192.0.2.50").status_code == 302
    assert colleague.cookies.get(DEVICE_COOKIE)
    colleague.post(reverse("logout"))
    guesser = Client()
    for i in range(20):  # password spraying: 4 failures each on 5 names, never a username lock
        post_login(guesser, f"tebak{i % 5}", "salah", REMOTE_ADDR="192.0.2.50")
    r = post_login(guesser, "tebak-lain", "salah", REMOTE_ADDR="192.0.2.50")
    assert r.status_code == 429 and "alamat jaringan" in r.content.decode()
    # the colleague who signed in from this browser before still gets in
    r = post_login(colleague, "op-paser", PASSWORD, REMOTE_ADDR="192.0.2.50")
    assert r.status_code == 302 and signed_in(colleague)
    # another address is not affected at all
    assert post_login(Client(), "tebak0", "salah", REMOTE_ADDR="192.0.2.51").status_code == 200


def test_a_session_ends_after_a_working_day_without_activity(settings, make_user):
    from sinergi.web import settings as prod
    from sinergi.web.accounts import session_renewal

    assert prod.SESSION_COOKIE_AGE == 8 * 3600
    make_user("op-paser", Role.OPERATOR, "6401")
    c = Client()
    post_login(c, "op-paser", PASSWORD)
    assert 8 * 3600 - 60 < c.session.get_expiry_age() <= 8 * 3600
    # a page view within five minutes of the last renewal writes nothing; a later one renews
    # the session for another working day (cookie and database row)
    from django.contrib.sessions.models import Session

    key = c.session.session_key
    expiry = Session.objects.get(pk=key).expire_date
    assert c.get("/").status_code == 200
    assert Session.objects.get(pk=key).expire_date == expiry
    s = c.session
    s[session_renewal.KEY] -= session_renewal.RENEW_SECONDS + 1
    s.save()
    before = Session.objects.get(pk=key).expire_date
    r = c.get("/")
    assert r.status_code == 200 and r.cookies["sessionid"]["max-age"] == 8 * 3600
    assert Session.objects.get(pk=key).expire_date > before


def test_the_csrf_cookie_is_http_only_and_forms_still_post(make_user):
    make_user("op-paser", Role.OPERATOR, "6401")
    c = Client(enforce_csrf_checks=True)
    page = c.get(reverse("login"))
    assert page.cookies["csrftoken"]["httponly"] is True
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    r = c.post(reverse("login"), {"username": "op-paser", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert r.status_code == 302 and signed_in(c)

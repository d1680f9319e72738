"""Login throttling, one for every way in (the /masuk/ page, the Django admin's /admin/login/,
and anything else that calls ``django.contrib.auth.authenticate``): the check lives in the
authentication backend (accounts.backends) and the bookkeeping in the login signals
(accounts.signals). Failures are stored in the database, so the limits hold across server
processes.

Two limits, both within ``WINDOW``:

* **per username** — after ``MAX_FAILURES`` failures for one *normalised* username (Unicode
  NFKC, trimmed, case-folded: ``"op-bontang "``, ``"OP-BONTANG"`` and full-width letters are one
  name) that username is locked, from every address, until the window has passed;
* **per address** — after ``ADDRESS_MAX_FAILURES`` failures from one client address, that address
  may only sign in to accounts that have signed in before in the same browser (a signed
  "known device" cookie set at every successful login). Colleagues behind one office NAT who
  have used Sinergi before are not locked out by someone guessing from the same address.

The client address is ``REMOTE_ADDR``, or the ``X-Forwarded-For`` entry added by a proxy listed
in the setting ``SINERGI_PROXY_TERPERCAYA`` (never a header a client could have written itself).
"""
from __future__ import annotations

import ipaddress
import unicodedata
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.web.accounts.models import LoginFailure

DEVICE_COOKIE = "sinergi_perangkat"
DEVICE_SALT = "sinergi.accounts.perangkat"


def max_failures() -> int:
    return int(getattr(settings, "SINERGI_LOGIN_MAX_FAILURES", 5))


def address_max_failures() -> int:
    return int(getattr(settings, "SINERGI_LOGIN_ADDRESS_MAX_FAILURES", 20))


def window() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "SINERGI_LOGIN_WINDOW_MINUTES", 15)))


def device_max_age() -> int:
    return int(getattr(settings, "SINERGI_LOGIN_DEVICE_DAYS", 90)) * 24 * 3600


def normalise_username(username) -> str:
    """The form of a username the throttle keys on and users are looked up by."""
    return unicodedata.normalize("NFKC", str(username or "")).strip().casefold()


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple:
    nets = []
    for item in spec:
        item = item.strip()
        if item:
            nets.append(ipaddress.ip_network(item, strict=False))
    return tuple(nets)


def trusted_proxies() -> tuple:
    value = getattr(settings, "SINERGI_PROXY_TERPERCAYA", ())
    if isinstance(value, str):
        value = value.split(",")
    return _networks(tuple(value))


def _address(text: str | None):
    try:
        return ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None


def _trusted(addr, nets) -> bool:
    return addr is not None and any(addr.version == n.version and addr in n for n in nets)


def client_ip(request) -> str | None:
    """The address of the person signing in.

    ``X-Forwarded-For`` is read only when the request itself comes from a trusted proxy, and then
    from the right: each trusted proxy appends the address it received from, so the first entry
    (from the right) that is not a trusted proxy is the client. Entries further left were written
    by the client and are ignored.
    """
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR"))
    nets = trusted_proxies()
    if remote is None:
        return None
    if not _trusted(remote, nets):
        return str(remote)
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    client = remote
    for part in reversed(forwarded):
        addr = _address(part)
        if addr is None:
            break  # a malformed entry: trust nothing further left
        client = addr
        if not _trusted(addr, nets):
            break
    return str(client)


def device_username(request) -> str | None:
    """The normalised username of the last successful sign-in in this browser, if any."""
    if request is None:
        return None
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return None
    try:
        return signing.loads(value, salt=DEVICE_SALT, max_age=device_max_age())
    except signing.BadSignature:
        return None


def device_cookie_value(username: str) -> str:
    return signing.dumps(normalise_username(username), salt=DEVICE_SALT)


def refusal(username: str, ip: str | None, known_device: str | None = None) -> str | None:
    """Why this attempt must be refused without checking the password, or None."""
    name = normalise_username(username)
    since = timezone.now() - window()
    recent = LoginFailure.objects.filter(at__gte=since)
    minutes = int(window().total_seconds() // 60)
    if name and recent.filter(username=name).count() >= max_failures():
        return _(
            "Terlalu banyak percobaan masuk yang gagal untuk nama pengguna ini. Tunggu %(minutes)d menit lalu coba lagi, "
            "atau minta admin memeriksa akun Anda."
        ) % {"minutes": minutes}
    if ip and known_device != name and recent.filter(ip=ip).count() >= address_max_failures():
        return _(
            "Terlalu banyak percobaan masuk yang gagal dari alamat jaringan ini. Tunggu %(minutes)d menit lalu coba lagi; "
            "pengguna yang pernah masuk dari peramban ini tetap dapat masuk."
        ) % {"minutes": minutes}
    return None


def note_failure(username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=normalise_username(username)[:150], ip=ip)
    LoginFailure.objects.filter(at__lt=timezone.now() - 4 * window()).delete()


def clear(username: str) -> None:
    """A successful sign-in ends the username's lock count (the address count stays)."""
    LoginFailure.objects.filter(username=normalise_username(username)).delete()

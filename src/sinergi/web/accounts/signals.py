"""Bookkeeping for every sign-in, whichever page it came through: failures feed the throttle,
and failures, refusals and successes are written to the audit trail."""
from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from sinergi.web.accounts import throttle
from sinergi.web.audit.actions import record


def _entry(request) -> str:
    if request is None:
        return "tanpa permintaan web"
    return "admin" if request.path.startswith("/admin/") else "halaman masuk"


@receiver(user_login_failed, dispatch_uid="sinergi-login-failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    name = throttle.normalise_username(credentials.get("username", ""))[:150]
    ip = throttle.client_ip(request)
    refused = getattr(request, "sinergi_login_refusal", None)
    detail = {"nama_pengguna": name, "alamat": ip, "pintu": _entry(request)}
    if refused:
        # refused before any password was checked: not counted again, or a lock would never end
        record(None, "masuk_ditolak", "akun", "", after=detail, actor_name=name or "(kosong)", summary=f"Masuk ditolak (dibatasi) untuk '{name}' dari {ip or '-'} lewat {_entry(request)}")
        return
    throttle.note_failure(name, ip)
    record(None, "masuk_gagal", "akun", "", after=detail, actor_name=name or "(kosong)", summary=f"Masuk gagal untuk '{name}' dari {ip or '-'} lewat {_entry(request)}")


@receiver(user_logged_in, dispatch_uid="sinergi-logged-in")
def on_logged_in(sender, request, user, **kwargs):
    name = getattr(request, "sinergi_login_name", None)
    if name is None:
        return  # a session opened without a password check (e.g. the test client's force_login)
    throttle.clear(name)
    request.sinergi_device_name = name
    ip = throttle.client_ip(request)
    record(user, "masuk", "akun", user.pk, after={"alamat": ip, "pintu": _entry(request)}, summary=f"Masuk berhasil dari {ip or '-'} lewat {_entry(request)}")


class DeviceCookieMiddleware:
    """After a successful sign-in, remember in a signed cookie which account signed in from this
    browser; the per-address limit lets that account through (see accounts.throttle)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        name = getattr(request, "sinergi_device_name", None)
        if name:
            from django.conf import settings

            response.set_cookie(
                throttle.DEVICE_COOKIE,
                throttle.device_cookie_value(name),
                max_age=throttle.device_max_age(),
                httponly=True,
                secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
                samesite="Lax",
            )
        return response

"""Login throttling: after too many failures for one username or one address within a window,
further attempts are refused for the rest of the window (stored in the database, so it holds
across server processes)."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from sinergi.web.accounts.models import LoginFailure

MAX_FAILURES = getattr(settings, "SINERGI_LOGIN_MAX_FAILURES", 5)
WINDOW = timedelta(minutes=getattr(settings, "SINERGI_LOGIN_WINDOW_MINUTES", 15))


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def is_locked(username: str, ip: str | None) -> bool:
    since = timezone.now() - WINDOW
    recent = LoginFailure.objects.filter(at__gte=since)
    if recent.filter(username__iexact=username).count() >= MAX_FAILURES:
        return True
    return bool(ip) and recent.filter(ip=ip).count() >= MAX_FAILURES * 4


def note_failure(username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=username[:150], ip=ip)
    LoginFailure.objects.filter(at__lt=timezone.now() - 4 * WINDOW).delete()


def clear(username: str) -> None:
    LoginFailure.objects.filter(username__iexact=username).delete()

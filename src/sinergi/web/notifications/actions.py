"""Sending and reading notifications.

:func:`notify` is called by other actions inside their transaction (they have checked the
permission and audit the change itself); it stores one notification per recipient and, when
mail is configured (``SINERGI_EMAIL`` — true when ``SINERGI_EMAIL_HOST`` or
``SINERGI_EMAIL_BACKEND`` is set, see settings.py and docs/deploy.md), sends each recipient
with an e-mail address one message through Django's mail settings after the transaction
commits. Without mail configured nothing is sent. A failed send is logged, never undoes the
change.

:func:`mark_read` (one or all of the user's own) is audited like every change.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from sinergi.web.audit.actions import record
from sinergi.web.notifications.models import Notification

log = logging.getLogger(__name__)


def mail_enabled() -> bool:
    return bool(getattr(settings, "SINERGI_EMAIL", False))


def _send(items: list[tuple[str, str, str]]) -> None:
    for address, subject, body in items:
        try:
            send_mail(subject, body, None, [address], fail_silently=False)
        except Exception:  # noqa: BLE001 - mail trouble must not break the page; it is logged
            log.warning("Surel notifikasi ke %s gagal dikirim", address, exc_info=True)


def notify(users: Iterable, text: str, *, url: str = "", event: str = "", region: str = "", exclude=None) -> list[Notification]:
    """Store a notification for each distinct active user (but ``exclude``, the actor) and send
    the e-mails on commit when mail is configured."""
    seen, rows = set(), []
    skip = getattr(exclude, "pk", None)
    for u in users:
        if u is None or not u.is_active or u.pk in seen or u.pk == skip:
            continue
        seen.add(u.pk)
        rows.append(Notification(user=u, text=text[:500], url=url[:300], event=event[:60], region_code=str(region or "")[:8]))
    if not rows:
        return []
    mailing = mail_enabled()
    for n in rows:
        n.emailed = bool(mailing and n.user.email)
    Notification.objects.bulk_create(rows)
    if mailing:
        base = getattr(settings, "SINERGI_BASE_URL", "").rstrip("/")
        link = f"\n\n{base}{url}" if (base and url) else (f"\n\nBuka Sinergi: {url}" if url else "")
        items = [(n.user.email, f"[Sinergi] {text[:120]}",
                  f"Yth. {n.user.get_full_name() or n.user.get_username()},\n\n{text}{link}\n\n"
                  "Pesan ini dikirim otomatis oleh Sinergi. Semua notifikasi Anda ada di menu Notifikasi.")
                 for n in rows if n.emailed]
        if items:
            transaction.on_commit(lambda: _send(items))
    return rows


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at=None).count()


def mark_read(user, pk: int | None = None) -> int:
    """Mark one of the user's own notifications (or, with ``pk`` None, all) read; returns how many."""
    qs = Notification.objects.filter(user=user, read_at=None)
    if pk is not None:
        qs = qs.filter(pk=pk)
    with transaction.atomic():
        ids = list(qs.values_list("pk", flat=True))
        if not ids:
            return 0
        Notification.objects.filter(pk__in=ids).update(read_at=timezone.now())
        record(user, "baca_notifikasi", "notifikasi", ids[0] if len(ids) == 1 else "",
               after={"notifikasi": ids}, summary=f"{len(ids)} notifikasi ditandai sudah dibaca")
    return len(ids)

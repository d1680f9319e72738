"""The user's notifications: the list (newest first) and marking read."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sinergi.web.notifications.actions import mark_read
from sinergi.web.notifications.models import Notification


@login_required
def notification_list(request):
    qs = Notification.objects.filter(user=request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("halaman"))
    return render(request, "notifications/list.html", {"page": page, "unread": qs.filter(read_at=None).count()})


@login_required
@require_POST
def read(request):
    pk = request.POST.get("id")
    try:
        mark_read(request.user, int(pk) if pk else None)
    except ValueError:
        pass
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/"):
        return redirect(target)
    return redirect("notifications:list")

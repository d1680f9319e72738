import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from sinergi.documents.xlsx import neutralise
from sinergi.web.accounts.permissions import can
from sinergi.web.audit.models import AuditEvent


def _events(request):
    qs = AuditEvent.objects.all()
    action = request.GET.get("aksi")
    if action:
        qs = qs.filter(action=action)
    return qs


@login_required
def audit_list(request):
    if not can(request.user, "admin"):
        return render(request, "forbidden.html", status=403)
    page = Paginator(_events(request), 50).get_page(request.GET.get("hal"))
    actions = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
    return render(request, "audit/list.html", {"page": page, "actions": sorted(set(actions)), "action": request.GET.get("aksi", "")})


@login_required
def audit_export(request):
    if not can(request.user, "admin"):
        return render(request, "forbidden.html", status=403)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="jejak-audit-sinergi.csv"'
    w = csv.writer(response)
    w.writerow(["waktu", "pengguna", "aksi", "objek", "id_objek", "wilayah", "ringkasan", "sebelum", "sesudah", "id_permintaan"])
    for e in _events(request).order_by("at", "id").iterator():
        w.writerow([neutralise(str(v)) for v in (e.at.isoformat(), e.actor_username, e.action, e.object_type, e.object_id, e.region_code, e.summary, e.before, e.after, e.request_id)])
    return response

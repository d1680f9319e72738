"""The audit trail: every change, filtered by person, date range (local time), region and action
(shown in words, :mod:`sinergi.web.audit.labels`), a page at a time; the CSV export carries the
same choice, times in local time with the zone, and before/after as JSON."""
import csv
import json
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sinergi.documents.xlsx import neutralise
from sinergi.web.accounts.permissions import can
from sinergi.web.audit.labels import action_label
from sinergi.web.audit.models import AuditEvent
from sinergi.web.formatting import zone_name
from sinergi.web.regions.models import Region

PAGE_SIZE = 50


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _filters(request) -> dict:
    g = request.GET
    return {
        "pengguna": (g.get("pengguna") or "").strip(),
        "dari": _date(g.get("dari")),
        "sampai": _date(g.get("sampai")),
        "wilayah": (g.get("wilayah") or "").strip(),
        "aksi": (g.get("aksi") or "").strip(),
    }


def _events(filters: dict):
    """Events chosen by the filters; dates are whole days in the site's local time."""
    qs = AuditEvent.objects.all()
    if filters["pengguna"]:
        qs = qs.filter(actor_username=filters["pengguna"])
    if filters["dari"]:
        qs = qs.filter(at__date__gte=filters["dari"])
    if filters["sampai"]:
        qs = qs.filter(at__date__lte=filters["sampai"])
    if filters["wilayah"]:
        qs = qs.filter(region_code=filters["wilayah"])
    if filters["aksi"]:
        qs = qs.filter(action=filters["aksi"])
    return qs


def _as_json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder, sort_keys=True)


@login_required
def audit_list(request):
    if not can(request.user, "admin"):
        return render(request, "forbidden.html", status=403)
    filters = _filters(request)
    page = Paginator(_events(filters), PAGE_SIZE).get_page(request.GET.get("hal"))
    for e in page.object_list:
        e.action_label = action_label(e.action)
        e.before_json, e.after_json = _as_json(e.before), _as_json(e.after)
    actions = sorted(set(AuditEvent.objects.order_by().values_list("action", flat=True).distinct()))
    people = sorted(set(AuditEvent.objects.order_by().values_list("actor_username", flat=True).distinct()))
    query = request.GET.copy()
    query.pop("hal", None)
    return render(request, "audit/list.html", {
        "page": page,
        "filters": filters,
        "actions": sorted(((a, action_label(a)) for a in actions), key=lambda x: x[1].lower()),
        "people": people,
        "regions": Region.objects.all(),
        "query": query.urlencode(),
        "zone": zone_name(),
    })


@login_required
def audit_export(request):
    if not can(request.user, "admin"):
        return render(request, "forbidden.html", status=403)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="jejak-audit-sinergi.csv"'
    w = csv.writer(response)
    w.writerow([f"waktu ({zone_name()})", "pengguna", "aksi", "aksi_keterangan", "objek", "id_objek", "wilayah", "ringkasan",
                "sebelum", "sesudah", "id_permintaan"])
    for e in _events(_filters(request)).order_by("at", "id").iterator():
        at = timezone.localtime(e.at).isoformat(timespec="seconds")  # e.g. 2026-12-04T17:05:00+08:00
        w.writerow([neutralise(str(v)) for v in (at, e.actor_username, e.action, action_label(e.action), e.object_type, e.object_id,
                                                 e.region_code, e.summary, _as_json(e.before), _as_json(e.after), e.request_id)])
    return response

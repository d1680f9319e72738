"""The signed-in home page: the year's cycle for the user's role, each step linking to the page
that does it — data completeness (the real-data meter), IPK (saved results?), the RTK plan per
region, the proposal round (stage, closing dates, status board, follow-up) and the user's own
to-dos. The statistics dashboard is at ``/dasbor/`` (one click: the first link of the page).

Nothing here computes a result: it reads what the other apps stored and counts it.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.urls import reverse

from sinergi.core.regions import PROVINCE_CODE
from sinergi.web import caching
from sinergi.web.accounts.permissions import can, own_office
from sinergi.web.regions.models import Region


def _ipk() -> dict:
    from sinergi.web.ipk.models import IpkInput, IpkRun
    from sinergi.web.ipk.queries import active_method

    method = active_method()
    run = IpkRun.objects.filter(method=method).order_by("-created_at").first() if method else None
    years = list(IpkInput.objects.order_by("-year").values_list("year", flat=True)[:1])
    return {"method": method, "run": run, "input_year": years[0] if years else None,
            "inputs": IpkInput.objects.filter(year=years[0]).count() if years else 0, "href": reverse("ipk:overview")}


def _rtk(user) -> list[dict]:
    from sinergi.web.rtk.models import RtkPlan

    plans = {p.region_id: p for p in RtkPlan.objects.all()}
    own = own_office(user)
    regions = list(Region.objects.all())
    if own:
        regions = [r for r in regions if r.code == own]
    return [{"region": r, "plan": plans.get(r.code), "href": reverse("rtk:plan", args=[r.code])} for r in regions]


def _round(user) -> dict | None:
    from sinergi.web.proposals import process
    from sinergi.web.proposals.models import Proposal, QuarterProgress, Status

    rnd = process.current_round()
    if rnd is None:
        return None
    board = process.board(rnd)
    own = own_office(user)
    operator = bool(own)
    agreed = Proposal.objects.filter(round=rnd, status=Status.ACCEPTED)
    if operator:
        agreed = agreed.filter(office_id=own)
    pagu = agreed.aggregate(s=Sum("budget"))["s"] or 0
    real = QuarterProgress.objects.filter(proposal__in=agreed).aggregate(s=Sum("real_budget"))["s"] or 0
    return {
        "round": rnd, "timeline": process.timeline(rnd), "board": board,
        "own_state": next((b for b in board if b["code"] == own), None) if operator else None,
        "agreed": agreed.count(), "pagu": pagu, "real_budget": real,
        "pct_budget": 100 * float(real) / float(pagu) if pagu else None,
        "href": reverse("proposals:office", args=[rnd.pk, own]) if operator else reverse("proposals:round", args=[rnd.pk]),
        "followup_href": reverse("proposals:followup", args=[rnd.pk]),
    }


def _context(user) -> dict:
    from sinergi.web.proposals import process
    from sinergi.web.statistics.meters import dashboard_meters

    meters = dashboard_meters()
    own = own_office(user)
    if own:
        meters = {**meters, "rows": [m for m in meters["rows"] if m["region"].code in (own, PROVINCE_CODE)]}
    return {
        "todos": process.todos(user),
        "data_meters": meters,
        "ipk": _ipk(),
        "rtk": _rtk(user),
        "cycle_round": _round(user),
        "may_review": can(user, "review"),
    }


@login_required
def home(request):
    # the same for everyone with the same role and office until something changes (any domain)
    return caching.render_shared(request, "home.html", "beranda", caching.DOMAINS, lambda: _context(request.user))

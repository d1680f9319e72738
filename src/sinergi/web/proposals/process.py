"""The round as a process on pages: the stage and closing dates of a round, the status board per
office (derived from the office's proposals by :func:`sinergi.core.sync.process.office_state`,
never stored), each person's to-do list, and the notifications sent on status changes.

Closing dates are changed by :func:`sinergi.web.proposals.actions.set_deadlines`; status changes
by :func:`sinergi.web.proposals.actions.transition`, which calls :func:`notify_status_change`
inside its transaction.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.numbers import format_id
from sinergi.core.regions import PROVINCE_CODE
from sinergi.core.sync.process import (
    DEADLINE_LABELS,
    OFFICE_STATE_LABELS,
    STAGE_LABELS,
    STAGES,
    current_stage,
    deadline_state,
    last_closed_quarter,
    office_state,
)
from sinergi.web.accounts.models import Role, User
from sinergi.web.accounts.permissions import can, own_office
from sinergi.web.notifications.actions import notify
from sinergi.web.proposals import checks
from sinergi.web.proposals.models import (
    Proposal,
    ProposalRound,
    QuarterProgress,
    Status,
)

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def office_name(code: str) -> str:
    from sinergi.web.proposals.presenters import (
        office_name as name,  # presenters imports actions, which imports this
    )

    return name(code)


def today() -> date:
    return timezone.localdate()


# ---------------------------------------------------------------------- stage and dates
def stage_of(rnd: ProposalRound, day: date | None = None) -> str:
    return current_stage(day or today(), rnd.deadlines(), closed=not rnd.is_open)


def timeline(rnd: ProposalRound, day: date | None = None) -> dict:
    """The round's stages with their closing dates and how near each is, for the pages."""
    day = day or today()
    stage = stage_of(rnd, day)
    rows = []
    for name in STAGES:
        d = rnd.deadlines()[name]
        state = deadline_state(day, d)
        rows.append({"stage": name, "label": _(STAGE_LABELS[name]), "deadline_label": _(DEADLINE_LABELS[name]), "date": d,
                     "state": state[0] if state else "", "days": state[1] if state else None, "current": name == stage})
    return {"stage": stage, "stage_label": _(STAGE_LABELS[stage]), "stages": rows}


# ---------------------------------------------------------------------- status board
def board(rnd: ProposalRound) -> list[dict]:
    """Per office (province first, then every regency/city): its state, the count per proposal
    status and the link to its page."""
    reg = checks.regions()
    codes = [reg.province, *reg.kabkota()]
    by_office: dict[str, Counter] = defaultdict(Counter)
    for office, status, n in Proposal.objects.filter(round=rnd).values_list("office_id", "status").annotate(n=Count("id")):
        by_office[office][status] += n
    rows = []
    for code in codes:
        counts = by_office.get(code, Counter())
        state = office_state([s for s, n in counts.items() for _ in range(n)])
        rows.append({
            "code": code, "name": office_name(code), "state": state, "label": _(OFFICE_STATE_LABELS[state]),
            "n": sum(n for s, n in counts.items() if s != Status.MERGED), "counts": counts,
            "href": reverse("proposals:office", args=[rnd.pk, code]),
        })
    return rows


def current_round() -> ProposalRound | None:
    """The round the year's cycle is about: the latest open one, else the latest."""
    return ProposalRound.objects.filter(status=ProposalRound.Status.OPEN).order_by("-year").first() or \
        ProposalRound.objects.order_by("-year").first()


# ---------------------------------------------------------------------- to-dos
def _todo(text: str, href: str, level: str = "info") -> dict:
    return {"text": text, "href": href, "level": level}


def _deadline_todos(rnd: ProposalRound, day: date, stages: tuple[str, ...], late_stages: tuple[str, ...] | None = None) -> list[dict]:
    """The current stage's closing date when it is near (for ``stages``), and the last passed
    one (work of that stage still open is late; for ``late_stages``, default ``stages``)."""
    late_stages = stages if late_stages is None else late_stages
    out = []
    rows = timeline(rnd, day)["stages"]
    current = next((i for i, r in enumerate(rows) if r["current"]), len(rows))
    for i, row in enumerate(rows):
        due = row["current"] and row["state"] == "segera"
        late = i == current - 1 and row["state"] == "lewat"
        if not ((due and row["stage"] in stages) or (late and row["stage"] in late_stages)):
            continue
        args = {"label": row["deadline_label"].capitalize(), "year": rnd.year, "date": row["date"].strftime("%d-%m-%Y"), "n": row["days"]}
        if late:
            text, level = _("%(label)s putaran %(year)s (%(date)s) sudah lewat %(n)s hari") % args, "galat"
        elif row["days"] == 0:
            text, level = _("%(label)s putaran %(year)s hari ini (%(date)s)") % args, "peringatan"
        else:
            text, level = _("%(label)s putaran %(year)s: %(n)s hari lagi (%(date)s)") % args, "peringatan"
        out.append(_todo(text, reverse("proposals:round", args=[rnd.pk]), level))
    return out


def _followup_todos(user, office: str | None, day: date) -> list[dict]:
    """Agreed proposals of a round whose budget year has a closed quarter without realisation."""
    out = []
    for rnd in ProposalRound.objects.order_by("-year")[:3]:
        q = last_closed_quarter(day, rnd.year)
        if q == 0:
            continue
        agreed = Proposal.objects.filter(round=rnd, status=Status.ACCEPTED)
        if office:
            agreed = agreed.filter(office_id=office)
        done = QuarterProgress.objects.filter(proposal__in=agreed, quarter=q).filter(
            Q(real_physical__isnull=False) | Q(real_budget__isnull=False)).values_list("proposal_id", flat=True)
        missing = agreed.exclude(pk__in=done).count()
        if missing:
            out.append(_todo(_("Realisasi TW %(q)s %(year)s belum diisi untuk %(n)s usulan yang disepakati")
                             % {"q": ROMAN[q], "year": rnd.year, "n": missing},
                             reverse("proposals:followup", args=[rnd.pk]) + (f"?wilayah={office}" if office else ""), "peringatan"))
    return out


def todos(user, day: date | None = None) -> list[dict]:
    """The to-do list of this person on the home page, by role: an operator sees its own office's
    work; planners and admins the offices behind, proposals awaiting a decision and duplicate
    suggestions to decide; viewers have none."""
    day = day or today()
    if not getattr(user, "is_authenticated", False):
        return []
    reviewer = can(user, "review")
    own = own_office(user)
    operator = bool(own)
    if not reviewer and not operator:
        return []
    out: list[dict] = []
    rnd = ProposalRound.objects.filter(status=ProposalRound.Status.OPEN).order_by("-year").first()
    if rnd is not None:
        stage = stage_of(rnd, day)
        if operator:
            mine = Proposal.objects.filter(round=rnd, office_id=own)
            office_url = reverse("proposals:office", args=[rnd.pk, own])
            fix = mine.filter(status=Status.NEEDS_FIX).count()
            if fix:
                out.append(_todo(_("%(n)s usulan perlu diperbaiki") % {"n": fix}, office_url + "#usulan", "galat"))
            drafts = mine.filter(status=Status.DRAFT).count()
            if drafts:
                out.append(_todo(_("%(n)s draf usulan belum diajukan") % {"n": drafts}, office_url + "#usulan", "peringatan"))
            if not mine.exclude(status=Status.MERGED).exists() and stage == "pengajuan":
                out.append(_todo(_("%(office)s belum mengajukan usulan untuk putaran %(year)s") % {"office": office_name(own), "year": rnd.year},
                                 office_url, "peringatan"))
            unsent = drafts or not mine.exclude(status=Status.MERGED).exists()
            due = (("pengajuan",) if unsent or fix else ()) + (("verifikasi",) if fix else ())
            late = (("pengajuan",) if unsent else ()) + (("verifikasi",) if fix else ())
            out = _deadline_todos(rnd, day, due, late) + out  # dates first
        else:
            round_url = reverse("proposals:round", args=[rnd.pk])
            if stage in ("pengajuan", "verifikasi"):
                for row in board(rnd):
                    if row["state"] in ("belum_mulai", "draf"):
                        text = (_("%(office)s belum mengajukan") if row["state"] == "belum_mulai"
                                else _("%(office)s masih menyimpan draf (belum diajukan)")) % {"office": row["name"]}
                        out.append(_todo(text, row["href"], "peringatan"))
            waiting = Proposal.objects.filter(round=rnd, status__in=[Status.SUBMITTED, Status.IN_REVIEW]).count()
            if waiting:
                out.append(_todo(_("%(n)s usulan menunggu keputusan peninjau") % {"n": waiting}, round_url + "?status=diajukan", "peringatan"))
            pairs = len(checks.round_check(rnd).open_pairs)
            if pairs:
                out.append(_todo(_("%(n)s saran duplikat/tumpang tindih perlu diputuskan") % {"n": pairs},
                                 reverse("proposals:duplicates", args=[rnd.pk]), "peringatan"))
            out = _deadline_todos(rnd, day, STAGES) + out  # dates first
    out += _followup_todos(user, own if operator else None, day)
    return out


# ---------------------------------------------------------------------- notifications
def office_people(office: str, also=()):
    """The people who answer for an office's proposals: its operators (for the province office,
    the planners) and whoever created the proposal."""
    qs = User.objects.filter(is_active=True, role=Role.OPERATOR, region_id=office) if office != PROVINCE_CODE else \
        User.objects.filter(is_active=True, role=Role.PLANNER)
    return [*qs, *[u for u in also if u is not None]]


def reviewers():
    return list(User.objects.filter(is_active=True).filter(Q(role__in=[Role.PLANNER, Role.ADMIN]) | Q(is_superuser=True)))


def notify_status_change(actor, p: Proposal, src: str, to: str, comment: str = "") -> None:
    """Tell the other side of a status change: reviewers when an office submits, the office when
    a reviewer decides. Called inside :func:`~sinergi.web.proposals.actions.transition`."""
    url = reverse("proposals:detail", args=[p.pk])
    who = actor.get_full_name() or actor.get_username() if getattr(actor, "is_authenticated", False) else "sistem"
    label = f"Usulan #{p.pk} {office_name(p.office_id)} ({p.code})"
    if to == Status.SUBMITTED:
        text = f"{label} {'diajukan ulang setelah perbaikan' if src == Status.NEEDS_FIX else 'diajukan'} oleh {who}"
        notify(reviewers(), text, url=url, event="ajukan_usulan", region=p.office_id, exclude=actor)
        return
    verb = {Status.NEEDS_FIX: "dikembalikan untuk perbaikan", Status.ACCEPTED: "diterima", Status.REJECTED: "ditolak",
            Status.IN_REVIEW: "mulai ditinjau" if src == Status.SUBMITTED else "dibuka kembali untuk ditinjau"}.get(to, to)
    text = f"{label} {verb} oleh {who}" + (f": {comment[:200]}" if comment else "")
    notify(office_people(p.office_id, [p.created_by]), text, url=url, event=f"status_{to}", region=p.office_id, exclude=actor)


def notify_submitted_batch(actor, rnd: ProposalRound, office: str, done: list[Proposal]) -> None:
    """One notification to the reviewers for a whole office's submission (not one per proposal)."""
    if not done:
        return
    who = actor.get_full_name() or actor.get_username()
    notify(reviewers(), f"{office_name(office)} mengajukan {len(done)} usulan putaran {rnd.year} ({who})",
           url=reverse("proposals:office", args=[rnd.pk, office]), event="ajukan_usulan", region=office, exclude=actor)


def notify_merge(actor, merged: Proposal, originals: list[Proposal]) -> None:
    url = reverse("proposals:detail", args=[merged.pk])
    for p in originals:
        notify(office_people(p.office_id, [p.created_by]),
               f"Usulan #{p.pk} {office_name(p.office_id)} digabung ke usulan #{merged.pk} ({office_name(merged.office_id)}) oleh peninjau",
               url=url, event="gabung_usulan", region=p.office_id, exclude=actor)


def progress_text(p: Proposal, quarters: list[QuarterProgress]) -> str:
    """One line of realisation for a carried-over proposal's note."""
    phys = sum(float(q.real_physical) for q in quarters if q.real_physical is not None)
    budget = sum(float(q.real_budget) for q in quarters if q.real_budget is not None)
    done = sorted(q.quarter for q in quarters if q.real_physical is not None or q.real_budget is not None)
    if not done:
        return f"Realisasi {p.round.year}: belum ada data realisasi."
    upto = f"s.d. TW {ROMAN[done[-1]]}"
    pct_p = f" ({format_id(100 * phys / float(p.target), 0)} %)" if p.target else ""
    pct_b = f" ({format_id(100 * budget / float(p.budget), 0)} %)" if p.budget else ""
    return (f"Realisasi {p.round.year} {upto}: fisik {format_id(phys, 0)} dari {format_id(float(p.target), 0)} {p.unit}{pct_p}, "
            f"anggaran Rp {format_id(budget, 0)} dari Rp {format_id(float(p.budget), 0)}{pct_b}.")

"""Caching of what many users see the same: whole page parts kept as HTML per role and office
(:func:`render_shared`: home, dashboard, IPK pages, a round's list, catalogue, nomenclature
lookup) and the figures behind them (headline figures, indicator lists, data meters, IPK results).

Every audited change — :func:`sinergi.web.audit.actions.record`, which every action function
calls inside the change's transaction — adds a :class:`~sinergi.web.audit.models.ChangeMark`
for each domain the change touches (:func:`domains_of`). The number of marks of a domain is
its **generation**; cached entries are keyed by the generations they depend on, so a change
makes older entries unreachable (they expire) instead of deleting keys. The generation lives
in the database, so it holds across gunicorn workers and after changes made by the CLI, and
a mark written in a transaction that rolls back never counts. The entries live in Django's
cache (``CACHES``; local memory of each process by default, see docs/deploy.md for a cache
shared by the workers).
"""
from __future__ import annotations

import hashlib
import re
from contextvars import ContextVar

from django.core.cache import cache

STATISTICS = "statistik"
IPK = "ipk"
NOMENCLATURE = "nomenklatur"
PROPOSALS = "usulan"
RTK = "rtk"
DOMAINS = (STATISTICS, IPK, NOMENCLATURE, PROPOSALS, RTK)
TIMEOUT = 15 * 60  # seconds; entries of an old generation are never read again, this only frees memory

# audited object types → domains whose pages they change (admin edits use the model name)
# (IPK pages read the IPK inputs, not the statistics: a statistic that an IPK input follows
# changes that input, audited as "masukan_ipk" — ipk.actions.follow_statistics)
_AFFECTS = {
    "statistik": (STATISTICS,), "observasi": (STATISTICS,), "indikator": (STATISTICS,),
    "observation": (STATISTICS,), "indicator": (STATISTICS,), "importbatch": (STATISTICS,),
    "masukan_ipk": (IPK,), "metode_ipk": (IPK,), "perhitungan_ipk": (IPK,),
    "ipkinput": (IPK,), "ipkmethod": (IPK,), "ipkrun": (IPK,),
    "versi_nomenklatur": (NOMENCLATURE, PROPOSALS),
    "usulan": (PROPOSALS,), "putaran_usulan": (PROPOSALS,), "unggahan_usulan": (PROPOSALS,),
    "keputusan_duplikat": (PROPOSALS,), "tindak_lanjut": (PROPOSALS,),
    "proposal": (PROPOSALS,), "proposalround": (PROPOSALS,), "pairdecision": (PROPOSALS,),
    "quarterprogress": (PROPOSALS,), "followup": (PROPOSALS,), "roundceiling": (PROPOSALS,),
    "data_rtk": (RTK,), "rencana_rtk": (RTK,), "rtkplan": (RTK,),
    # changes that no cached page shows (accounts: a page that differs by role or office is
    # kept per role and office, see audience(); notifications are in the page header)
    "akun": (), "user": (), "group": (), "notifikasi": (), "notification": (),
}


def domains_of(object_type: str) -> tuple[str, ...]:
    """The cached domains an audited change of ``object_type`` touches (every domain for a
    type not listed: a new kind of change never leaves a stale page)."""
    return _AFFECTS.get(object_type, DOMAINS)


# the generations read during one request (set by GenerationMiddleware; None outside requests)
_read: ContextVar[dict | None] = ContextVar("sinergi_generations", default=None)


class GenerationMiddleware:
    """Read each domain's generation at most once per request (a page asks the cache several
    times); a change made during the request forgets what was read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read.set({})
        try:
            return self.get_response(request)
        finally:
            _read.reset(token)


def changed(*domains: str) -> None:
    """Mark a change of ``domains`` (inside the change's transaction)."""
    from sinergi.web.audit.models import ChangeMark

    ChangeMark.objects.bulk_create([ChangeMark(domain=d) for d in dict.fromkeys(domains)])
    seen = _read.get()
    if seen is not None:
        seen.clear()


def changed_object(object_type: str) -> None:
    domains = domains_of(object_type)
    if domains:
        changed(*domains)


def generation(*domains: str) -> tuple[int, ...]:
    """The current generation of each domain (one query; none for domains already read in
    this request)."""
    seen = _read.get()
    missing = [d for d in domains if seen is None or d not in seen]
    found = counts(missing) if missing else {}
    read = {d: found.get(d, 0) for d in missing}
    if seen is not None:
        seen.update(read)
    return tuple(read[d] if d in read else seen[d] for d in domains)


def counts(domains=None) -> dict[str, int]:
    """The generation of ``domains`` (every domain with a mark when None), read afresh (not from
    this request's memo); a domain without marks is absent."""
    from django.db.models import Count

    from sinergi.web.audit.models import ChangeMark

    marks = ChangeMark.objects.all() if domains is None else ChangeMark.objects.filter(domain__in=list(domains))
    return dict(marks.values("domain").annotate(n=Count("id")).values_list("domain", "n"))


def carry_over(before: dict[str, int]) -> None:
    """After a restore emptied the change marks (``flush``): add marks until every domain is back
    at the generation it had. Generations never go back, so no page kept for an earlier state
    with the same number can be served for the restored data (the restore's own audit event
    then renews every domain)."""
    from sinergi.web.audit.models import ChangeMark

    now = counts()
    missing = [ChangeMark(domain=d) for d, n in before.items() for _ in range(max(0, n - now.get(d, 0)))]
    ChangeMark.objects.bulk_create(missing, batch_size=5000)
    seen = _read.get()
    if seen is not None:
        seen.clear()


def key(name: str, domains, *parts) -> str:
    """Cache key of ``name`` with ``parts`` at the domains' current generation."""
    raw = ":".join([name, *map(str, parts), *map(str, generation(*domains) if domains else ())])
    return "sinergi:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


_MISS = object()
_LOCAL: list[dict] = []


def local(store: dict) -> dict:
    """Register a per-process dict keyed by generations (e.g. computed IPK results, too big to
    pickle into the cache on every read) so :func:`reset` empties it too."""
    _LOCAL.append(store)
    return store


def reset() -> None:
    """Empty the cache and the registered per-process stores (tests: a rolled-back database
    counts its generations again from the same numbers)."""
    cache.clear()
    for store in _LOCAL:
        store.clear()


def cached(name: str, domains, build, *parts, timeout: int = TIMEOUT):
    """``build()``, kept in the cache for the current generation of ``domains`` and ``parts``
    (language, indicator, year …). What ``build`` returns must not be modified by callers."""
    k = key(name, domains, *parts)
    value = cache.get(k, _MISS)
    if value is _MISS:
        value = build()
        cache.set(k, value, timeout)
    return value


# ---------------------------------------------------------------------- shared page parts
# A page whose body is the same for everyone with the same role and office (the dashboard, the
# IPK pages, a round's list …) is rendered once per state of the domains it shows and kept as
# HTML: the template marks those parts with {% shared "name" %} … {% endshared %}; the header
# (the person's name, notifications), flash messages and the CSRF token are filled in for each
# request. On a hit the view's context is not built at all.
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_SLOT = "\x00csrf\x00"


def audience(user) -> tuple:
    """What a shared part may differ by between people: role, superuser, own office (every
    permission in accounts.permissions follows from these)."""
    if not getattr(user, "is_authenticated", False):
        return ("anonim",)
    return (getattr(user, "role", ""), bool(getattr(user, "is_superuser", False)), getattr(user, "region_id", None) or "")


class SharedParts:
    """The parts of one page: read from the cache (``hit``) or collected while rendering."""

    def __init__(self, hit: dict | None):
        self.hit = hit
        self.rendered: dict[str, str] = {}

    def part(self, name: str, render, csrf_token) -> str:
        if self.hit is not None and name in self.hit:
            html = self.hit[name]
            return html.replace(_CSRF_SLOT, str(csrf_token)) if _CSRF_SLOT in html else html
        html = render()
        self.rendered[name] = _CSRF_INPUT.sub(lambda m: m.group(1) + _CSRF_SLOT + m.group(2), str(html))
        return html


def render_shared(request, template: str, name: str, domains, build, *, context=None):
    """Render ``template`` with the parts it marks {% shared %} taken from the cache when the
    page was rendered before for the same address (with its query), language, day, audience and
    generations of ``domains``; otherwise with ``build()`` (a dict) added to ``context`` (what
    the unshared parts of the template need, e.g. the page title's inputs)."""
    from django.shortcuts import render
    from django.utils import timezone
    from django.utils.translation import get_language

    k = key("bagian:" + name, domains, request.get_full_path(), get_language(), timezone.localdate(),
            *audience(getattr(request, "user", None)))
    hit = cache.get(k)
    shared = SharedParts(hit)
    ctx = dict(context or {})
    if hit is None:
        ctx.update(build())
    ctx["sinergi_shared_parts"] = shared
    response = render(request, template, ctx)
    if hit is None and shared.rendered:
        cache.set(k, shared.rendered, TIMEOUT)
    return response

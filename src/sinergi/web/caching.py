"""Caching of what many users see the same (dashboard per indicator and year, IPK pages per
state of their inputs, catalogue and nomenclature lookups).

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

from django.core.cache import cache

STATISTICS = "statistik"
IPK = "ipk"
NOMENCLATURE = "nomenklatur"
DOMAINS = (STATISTICS, IPK, NOMENCLATURE)
TIMEOUT = 15 * 60  # seconds; entries of an old generation are never read again, this only frees memory

# audited object types → domains whose pages they change (admin edits use the model name)
_AFFECTS = {
    "statistik": (STATISTICS, IPK), "observasi": (STATISTICS, IPK), "indikator": (STATISTICS, IPK),
    "observation": (STATISTICS, IPK), "indicator": (STATISTICS, IPK), "importbatch": (STATISTICS,),
    "masukan_ipk": (IPK,), "metode_ipk": (IPK,), "perhitungan_ipk": (IPK,),
    "ipkinput": (IPK,), "ipkmethod": (IPK,), "ipkrun": (IPK,),
    "versi_nomenklatur": (NOMENCLATURE,),
    # changes that no cached page shows
    "akun": (), "user": (), "group": (), "usulan": (), "putaran_usulan": (), "unggahan_usulan": (),
    "keputusan_duplikat": (), "data_rtk": (), "rencana_rtk": (),
}


def domains_of(object_type: str) -> tuple[str, ...]:
    """The cached domains an audited change of ``object_type`` touches (every domain for a
    type not listed: a new kind of change never leaves a stale page)."""
    return _AFFECTS.get(object_type, DOMAINS)


def changed(*domains: str) -> None:
    """Mark a change of ``domains`` (inside the change's transaction)."""
    from sinergi.web.audit.models import ChangeMark

    ChangeMark.objects.bulk_create([ChangeMark(domain=d) for d in dict.fromkeys(domains)])


def changed_object(object_type: str) -> None:
    domains = domains_of(object_type)
    if domains:
        changed(*domains)


def generation(*domains: str) -> tuple[int, ...]:
    """The current generation of each domain (one query)."""
    from django.db.models import Count

    from sinergi.web.audit.models import ChangeMark

    counts = dict(ChangeMark.objects.filter(domain__in=domains).values("domain").annotate(n=Count("id")).values_list("domain", "n"))
    return tuple(counts.get(d, 0) for d in domains)


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

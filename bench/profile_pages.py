"""CPU profile and query count of the main pages, in-process (Django test client, no network).

    SINERGI_HOME=/tmp/x python bench/profile_pages.py [--repeat 20] [--top 12] [--no-cache]

Uses the database of SINERGI_HOME (run ``sinergi data muat`` there first); creates a planner
``profil`` and a proposal round if missing. For each page it prints the CPU time per request
(first request and the mean of the next --repeat, i.e. with the page cache warm), the number of
SQL queries, and the --top functions by own CPU time. ``--no-cache`` clears the cache before
every request (the cost of a cache miss).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.settings")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--pages", default="")
    args = ap.parse_args(argv)
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from sinergi.web.accounts.models import Role, User
    from sinergi.web.proposals import actions as A
    from sinergi.web.proposals.models import ProposalRound

    user = User.objects.filter(username="profil").first()
    if user is None:
        user = User(username="profil", role=Role.PLANNER, region_id="64")
        user.set_password("profil-123-abc")
        user.save()
    nom = A.ensure_defaults()
    rnd = ProposalRound.objects.order_by("pk").first() or A.open_round(user, 2027, nom, name="Profil")
    c = Client(HTTP_HOST="127.0.0.1")
    c.force_login(user)
    pages = [("beranda", "/"), ("dasbor", "/dasbor/"), ("daftar usulan", f"/sinkronisasi/putaran/{rnd.pk}/"), ("IPK ringkasan", "/ipk/"),
             ("IPK wilayah", "/ipk/wilayah/6472/?tahun=2024"), ("katalog", "/statistik/katalog/")]
    if args.pages:
        pages = [p for p in pages if p[0] in args.pages.split(",")]
    print(f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs; cache "
          f"{'cleared before every request' if args.no_cache else 'kept'}")
    for name, path in pages:
        cache.clear()
        t = time.process_time()
        with CaptureQueriesContext(connection) as q1:
            r = c.get(path)
        first = time.process_time() - t
        assert r.status_code == 200, (path, r.status_code)
        prof = cProfile.Profile()
        t = time.process_time()
        with CaptureQueriesContext(connection) as q2:
            for _ in range(args.repeat):
                if args.no_cache:
                    cache.clear()
                prof.enable()
                c.get(path)
                prof.disable()
        warm = (time.process_time() - t) / args.repeat
        print(f"\n== {name} {path}: first {first * 1000:.0f} ms CPU, {len(q1)} queries; then {warm * 1000:.1f} ms CPU, "
              f"{len(q2) / args.repeat:.0f} queries per request")
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(args.top)
        lines = [ln for ln in out.getvalue().splitlines() if ln.strip() and ("/" in ln or "{" in ln) and "function calls" not in ln]
        for ln in lines[: args.top]:
            print("   " + ln.strip()[:160])
    return 0


if __name__ == "__main__":
    sys.exit(main())

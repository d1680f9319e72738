"""Benchmark of the pages of a proposal round with 2,000 proposals: p50/p95 per page on SQLite
and, when a server answers, on PostgreSQL.

    python bench/bench_round_pages.py [--n 2000] [--repeat 30] [--pg "postgresql://postgres@127.0.0.1:5432"] [--no-pg]

For each database the script starts a child process with a throw-away database (SQLite in a
temporary SINERGI_HOME; on PostgreSQL a scratch database ``sinergi_bench_pages_<pid>`` created
and dropped by the parent), migrates it, loads the embedded reference data, opens a round on the
embedded nomenclature and stores ``--n`` synthetic proposals of the province and the ten
regencies/cities (the generator of bench_sync.py, all in the round's year: planted duplicates
give pairs to review; a tenth of the pairs decided "bukan duplikat"). It then requests every
page through Django's test client (the view, its queries and the template; no HTTP server),
once cold — the round's checks computed, as after any change to the round — and ``--repeat``
times warm, and prints p50/p95 of the wall time, the median process CPU time, the number of
queries and the size of each page, with the conditions it ran under.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_MS = 300


# ---------------------------------------------------------------------------- child: one database
def seed(n: int, seed_value: int):
    from bench_sync import generate

    from sinergi.documents.sync_files import load_reference
    from sinergi.web.accounts.models import Role, User
    from sinergi.web.proposals import checks
    from sinergi.web.proposals.actions import ensure_defaults, open_round
    from sinergi.web.proposals.models import PairDecision, Proposal, Status
    from sinergi.web.statistics.actions import load_reference_data

    load_reference_data()
    planner = User.objects.create(username="perencana", role=Role.PLANNER, region_id="64")
    operator = User.objects.create(username="op-samarinda", role=Role.OPERATOR, region_id="6472")
    viewer = User.objects.create(username="pemantau", role=Role.VIEWER)
    rnd = open_round(planner, 2027, ensure_defaults())
    frame, _ = generate(n, seed_value, load_reference())
    rng = random.Random(seed_value)
    statuses = [Status.SUBMITTED] * 6 + [Status.DRAFT, Status.IN_REVIEW, Status.ACCEPTED, Status.NEEDS_FIX]
    Proposal.objects.bulk_create([
        Proposal(round=rnd, office_id=r["wilayah_kode"], code=r["kode_sub_kegiatan"], description=r["uraian"],
                 location_code=r["lokasi_kode"], target=Decimal(r["target"]), unit=r["satuan"], budget=Decimal(r["pagu"]),
                 funding=r["sumber_dana"], status=rng.choice(statuses))
        for r in frame.to_dict("records")
    ], batch_size=500)
    rc = checks.round_check(rnd)
    PairDecision.objects.bulk_create([
        PairDecision(round=rnd, first_id=p.first, second_id=p.second, finding=p.finding.code, score=p.finding.score,
                     decision=PairDecision.Decision.NOT_DUPLICATE, by=planner, note="rakor")
        for p in rc.pairs[::10]
    ])
    return rnd, {"perencana": planner, "op-samarinda": operator, "pemantau": viewer}


def pages(rnd) -> list[tuple[str, str, str]]:
    from django.urls import reverse

    r = reverse("proposals:round", args=[rnd.pk])
    d = reverse("proposals:duplicates", args=[rnd.pk])
    return [
        ("perencana", "indeks putaran", reverse("proposals:index")),
        ("perencana", "putaran, halaman 1", r),
        ("perencana", "putaran, halaman 20", r + "?hal=20"),
        ("perencana", "putaran, saring temuan duplikat", r + "?temuan=KEMUNGKINAN_DUPLIKAT"),
        ("perencana", "putaran, saring wilayah+status", r + "?wilayah=6472&status=diajukan"),
        ("perencana", "wilayah provinsi (64)", reverse("proposals:office", args=[rnd.pk, "64"])),
        ("perencana", "wilayah Samarinda (6472)", reverse("proposals:office", args=[rnd.pk, "6472"])),
        ("perencana", "duplikat, halaman 1", d),
        ("perencana", "duplikat, halaman 5 + diputuskan 2", d + "?hal=5&hal_putus=2"),
        ("op-samarinda", "operator: putaran", r),
        ("op-samarinda", "operator: wilayah sendiri", reverse("proposals:office", args=[rnd.pk, "6472"])),
        ("pemantau", "pemantau: putaran", r),
    ]


def child(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.settings_test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from sinergi.web.proposals import checks
    from sinergi.web.proposals.models import PairDecision, Proposal

    setup_test_environment()  # the test client's host and template signals, as in the tests
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    rnd, users = seed(args.n, args.seed)
    setup_s = time.perf_counter() - t0
    rc = checks.round_check(rnd)
    out = {
        "backend": connection.vendor, "server": f"{connection.pg_version // 10000}.{connection.pg_version % 100}" if connection.vendor == "postgresql" else None,
        "proposals": Proposal.objects.filter(round=rnd).count(), "pairs": len(rc.pairs),
        "decided": PairDecision.objects.filter(round=rnd).count(), "findings": len(rc.result.findings),
        "setup_s": setup_s, "pages": [],
    }
    clients = {}
    for who, user in users.items():
        clients[who] = Client()
        clients[who].force_login(user)
    for who, _label, url in pages(rnd):  # warm-up: templates compiled, reference data read
        clients[who].get(url)
    for who, label, url in pages(rnd):
        client = clients[who]
        checks._cache.clear()  # cold: the round's checks are computed again, as after any change
        t0 = time.perf_counter()
        response = client.get(url)
        cold = time.perf_counter() - t0
        assert response.status_code == 200, (url, response.status_code)
        walls, cpus = [], []
        for _ in range(args.repeat):
            c0, w0 = time.process_time(), time.perf_counter()
            response = client.get(url)
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        out["pages"].append({
            "who": who, "label": label, "url": url, "cold_ms": cold * 1000,
            "p50_ms": statistics.median(walls) * 1000,
            "p95_ms": statistics.quantiles(walls, n=20, method="inclusive")[18] * 1000,
            "cpu_ms": statistics.median(cpus) * 1000, "queries": len(ctx.captured_queries), "kb": len(response.content) / 1024,
        })
    print("RESULT " + json.dumps(out))
    return 0


# ---------------------------------------------------------------------------- parent
def run_child(args, database_url: str | None) -> dict:
    env = dict(os.environ)
    env["SINERGI_HOME"] = tempfile.mkdtemp(prefix="sinergi-bench-pages-")
    env.pop("SINERGI_TEST_DATABASE_URL", None)
    if database_url:
        env["SINERGI_TEST_DATABASE_URL"] = database_url
    cmd = [sys.executable, __file__, "--child", "--n", str(args.n), "--repeat", str(args.repeat), "--seed", str(args.seed)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError((proc.stderr or proc.stdout).strip().splitlines()[-1] if (proc.stderr or proc.stdout).strip() else "no result")


def report(result: dict) -> None:
    name = "SQLite" if result["backend"] == "sqlite" else f"PostgreSQL {result['server']}"
    print(f"\n{name}: {result['proposals']} usulan, {result['pairs']} pasangan duplikat/tumpang tindih "
          f"({result['decided']} sudah diputuskan), {result['findings']} temuan; persiapan (migrasi + data + usulan) {result['setup_s']:.0f} s")
    print(f"  {'halaman':38s} {'dingin':>8s} {'p50':>7s} {'p95':>7s} {'CPU p50':>8s} {'kueri':>6s} {'ukuran':>8s}")
    worst = 0.0
    for p in result["pages"]:
        worst = max(worst, p["p95_ms"])
        print(f"  {p['label']:38s} {p['cold_ms']:6.0f}ms {p['p50_ms']:5.0f}ms {p['p95_ms']:5.0f}ms {p['cpu_ms']:6.0f}ms "
              f"{p['queries']:6d} {p['kb']:6.0f} KB")
    verdict = "tercapai" if worst < TARGET_MS else "TIDAK tercapai"
    print(f"  sasaran < {TARGET_MS} ms (p95 hangat terburuk {worst:.0f} ms): {verdict}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432", help="PostgreSQL server (URL without database)")
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args)

    import django
    import numpy

    load0 = os.getloadavg()
    print(f"{args.n} usulan sintetis per basis data, {args.repeat} permintaan hangat per halaman (klien uji Django, tanpa server HTTP)")
    report(run_child(args, None))
    pg_used = "tidak dipakai (--no-pg)"
    if not args.no_pg:
        try:
            import psycopg

            name = f"sinergi_bench_pages_{os.getpid()}"
            server = args.pg.rstrip("/")
            with psycopg.connect(server + "/postgres", autocommit=True, connect_timeout=3) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name}")
                admin.execute(f"CREATE DATABASE {name}")
                try:
                    report(run_child(args, f"{server}/{name}"))
                    pg_used = f"{server}, basis data sementara {name} dibuat lalu dihapus"
                finally:
                    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        except Exception as exc:  # no server, no rights: say so
            pg_used = f"tidak menjawab atau tidak dapat dipakai ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}) — dilewati"
            print(f"\nPostgreSQL {pg_used}")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print("\nkondisi:")
    print(f"  inti CPU yang boleh dipakai: {cores} (mesin: {os.cpu_count()}); beban rata-rata 1 menit saat mulai {load0[0]:.1f}, "
          f"saat selesai {os.getloadavg()[0]:.1f}")
    print(f"  Python {platform.python_version()}, Django {django.get_version()}, numpy {numpy.__version__}; {platform.platform()}")
    print(f"  PostgreSQL: {pg_used}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

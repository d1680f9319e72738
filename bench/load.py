"""Load test: Sinergi under gunicorn on PostgreSQL with production settings, driven by
simulated users on 127.0.0.1 for a bounded time.

    python bench/load.py [--users 50] [--seconds 60] [--workers CORES+1] [--threads 2]
                         [--client-cpus LAST] [--server-cpus all] [--dsn postgresql://postgres@127.0.0.1:5432/postgres]

It creates a throw-away database (``sinergi_load``), loads the embedded data, creates one
account per simulated user (operators of the ten regencies/cities and province planners), opens
a proposal round with a few proposals per office, collects the static files (compressed, hashed
names), starts gunicorn, and lets every user log in (spread over a ramp-up of --ramp seconds)
and then loop, with a pause of about --think seconds between clicks, over: the home page (the year's
cycle), the statistics dashboard, proposal list of the round, an IPK region page, and (every fifth loop) a statistics upload of a small
CSV for its own region. Afterwards it prints requests per second and p50/p95/p99 latency per
page, **browsing** (the pages) and **login** apart, browsing while logins were still arriving
(the ramp) apart from browsing afterwards, errors, and the conditions: cores, load average,
workers and threads, which CPUs the server and the client were allowed to use, and the CPU
time each used. The client runs in its own process (own process group) pinned to
--client-cpus (default: the last CPU: its budget is that one CPU, and it uses a few per cent of
it); the gunicorn server may use --server-cpus (default ``all``: every core, as on a server,
shared with the client's few per cent; e.g. ``0`` keeps the server off the client's CPU);
PostgreSQL is not pinned. gunicorn runs --workers (default: the server's cores + 1, the
recommendation of docs/deploy.md §8.4) × --threads. Only loopback addresses are used; loops
stop by themselves at the deadline; the database is dropped at the end.
"""
from __future__ import annotations

import argparse
import http.client
import os
import resource
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ["6401", "6402", "6403", "6404", "6405", "6409", "6411", "6471", "6472", "6474"]
PASSWORD = "beban-uji-123"


def sh(args, env, **kw):
    return subprocess.run(args, env=env, check=True, text=True, capture_output=True, **kw)


def prepare(env, users: int) -> int:
    """Migrate, load data, create users and a round; return the round id."""
    sh([sys.executable, "-m", "sinergi.cli", "data", "muat"], env)
    code = f"""
import django; django.setup()
from sinergi.web.accounts.models import User, Role
from sinergi.web.proposals import actions as A
from sinergi.web.proposals.models import ProposalRound
regions = {REGIONS!r}
for i in range({users}):
    name = f"beban{{i:02d}}"
    if User.objects.filter(username=name).exists():
        continue
    role, region = (Role.PLANNER, "64") if i % 5 == 4 else (Role.OPERATOR, regions[i % len(regions)])
    u = User(username=name, role=role, region_id=region); u.set_password({PASSWORD!r}); u.save()
admin = User.objects.filter(role=Role.PLANNER).first()
nom = A.ensure_defaults()
rnd = ProposalRound.objects.filter(year=2027).first() or A.open_round(admin, 2027, nom, name="Uji beban")
ops = {{u.region_id: u for u in User.objects.filter(role=Role.OPERATOR)}}
for r, u in ops.items():
    for k in range(3):
        A.create_proposal(u, rnd, r, {{"kode_sub_kegiatan": "2.07.04.2.03.0003", "uraian": f"Job fair {{k}} {{r}}", "lokasi_kode": r,
            "target": "500", "satuan": "Orang", "pagu": "150.000.000", "sumber_dana": "APBD kabupaten/kota"}})
print(rnd.pk)
"""
    out = sh([sys.executable, "-c", code], env)
    return int(out.stdout.strip().splitlines()[-1])


class Client:
    """One simulated user: its own keep-alive connection and cookies (sent over plain HTTP;
    the proxy header tells Django the outer connection is HTTPS, as behind nginx)."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method, path, body=None, headers=None):
        h = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Connection": "keep-alive", "Referer": f"https://127.0.0.1:{self.port}/"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        h.update(headers or {})
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                data = r.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return r.status, data

    def csrf(self):
        return self.cookies.get("csrftoken", "")


def login(c: Client, username: str) -> bool:
    c.request("GET", "/masuk/")
    body = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": c.csrf()})
    status, _ = c.request("POST", "/masuk/", body, {"Content-Type": "application/x-www-form-urlencoded"})
    return status == 302


def upload(c: Client, region: str, k: int):
    boundary = "----sinergi" + secrets.token_hex(8)
    csv = f"region_code,year,month,indicator,value,source_url,note\n{region},2031,8,tpt,{4 + (k % 50) / 10:.1f},https://contoh.invalid/beban,uji beban\n"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{c.csrf()}\r\n',
        f'--{boundary}\r\nContent-Disposition: form-data; name="berkas"; filename="beban.csv"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n',
        f"--{boundary}--\r\n",
    ]
    return c.request("POST", "/statistik/impor/", "".join(parts).encode(), {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def user_loop(i, port, round_id, deadline, results, lock, think=0.0, delay=0.0):
    import random

    time.sleep(delay)
    rng = random.Random(i)

    def pause():
        if think > 0:
            time.sleep(min(max(0.0, deadline - time.perf_counter()), rng.uniform(0.5 * think, 1.5 * think)))

    c = Client(port)
    username = f"beban{i:02d}"
    region = REGIONS[i % len(REGIONS)] if i % 5 != 4 else "64"
    t0 = time.perf_counter()
    try:
        ok = login(c, username)
    except Exception:  # a timed-out login counts as an error; the user tries again on the next page
        ok = False
    record = []
    record.append(("masuk", time.perf_counter() - t0, 302 if ok else 0, not ok, t0))
    pages = [
        ("beranda", "/"),
        ("dasbor", "/dasbor/"),
        ("daftar usulan", f"/sinkronisasi/putaran/{round_id}/"),
        ("IPK wilayah", f"/ipk/wilayah/{REGIONS[i % len(REGIONS)]}/?tahun=2024"),
    ]
    k = 0
    while time.perf_counter() < deadline:
        for name, path in pages:
            if time.perf_counter() >= deadline:
                break
            t = time.perf_counter()
            try:
                status, _ = c.request("GET", path)
                err = status != 200
            except Exception:
                status, err = 0, True
            record.append((name, time.perf_counter() - t, status, err, t))
            pause()
        if k % 5 == 0 and region != "64" and time.perf_counter() < deadline:
            t = time.perf_counter()
            try:
                status, _ = upload(c, region, k)
                err = status not in (200, 302)
            except Exception:
                status, err = 0, True
            record.append(("unggah statistik", time.perf_counter() - t, status, err, t))
            pause()
        k += 1
    with lock:
        results.extend(record)


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def _processes():
    """(pid, command name, parent pid, CPU ticks incl. reaped children) of every process."""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        yield int(pid), stat[stat.index("(") + 1: stat.rindex(")")], int(fields[1]), sum(int(x) for x in fields[11:15])


def process_cpu(name: str = "", parent: int = 0) -> float | None:
    """CPU seconds used so far by the processes whose name starts with ``name`` (PostgreSQL:
    finished backends count through the postmaster's children times), or by ``parent`` and its
    children (gunicorn's master and workers); None where /proc cannot tell."""
    try:
        tick = os.sysconf("SC_CLK_TCK")
        return sum(t for pid, comm, ppid, t in _processes()
                   if (name and comm.startswith(name)) or (parent and parent in (pid, ppid))) / tick
    except (OSError, ValueError):
        return None


def machine_busy() -> tuple[float, float] | None:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            values = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    tick = os.sysconf("SC_CLK_TCK")
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values) - idle) / tick, sum(values) / tick


def cpu_list(text: str, default: set[int]) -> set[int]:
    """'0', '0-1', '0,2' or 'all' → a set of CPU numbers."""
    if not text:
        return default
    if text == "all":
        return set(os.sched_getaffinity(0))
    out: set[int] = set()
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out.update(range(int(lo), int(hi or lo) + 1))
    return out


def run_client(args) -> None:
    """The simulated users (the --client-only child): results as JSON lines on stdout."""
    import json

    results, lock = [], threading.Lock()
    start = time.perf_counter()
    deadline = start + args.seconds
    threads = [threading.Thread(target=user_loop, args=(i, args.port, args.round_id, deadline, results, lock, args.think,
                                                         i * args.ramp / max(1, args.users)))
               for i in range(args.users)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=args.seconds + 120)
    elapsed = time.perf_counter() - start
    json.dump({"elapsed": elapsed, "results": [(n, dt, st, err, at - start) for n, dt, st, err, at in results]}, sys.stdout)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: the server's cores + 1)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--port", type=int, default=8799)
    ap.add_argument("--ramp", type=float, default=10.0, help="seconds over which users start (logins are spread, as in an office morning)")
    ap.add_argument("--think", type=float, default=1.0, help="mean pause between a user's clicks in seconds (0 = hammer)")
    ap.add_argument("--client-cpus", default="", help="CPUs of the load client (default: the last CPU)")
    ap.add_argument("--server-cpus", default="all", help="CPUs of gunicorn (default 'all' = not pinned; '' = all but the client's)")
    ap.add_argument("--dsn", default=os.environ.get("SINERGI_LOAD_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"))
    ap.add_argument("--client-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--round-id", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.client_only:
        run_client(args)
        return
    import json

    import psycopg

    allowed = sorted(os.sched_getaffinity(0))
    client_cpus = cpu_list(args.client_cpus, {allowed[-1]})
    server_cpus = cpu_list(args.server_cpus, (set(allowed) - client_cpus) or set(allowed))
    args.workers = args.workers or len(server_cpus) + 1
    load_before = os.getloadavg()
    dbname = "sinergi_load"
    with psycopg.connect(args.dsn, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {dbname}")
        admin.execute(f"CREATE DATABASE {dbname}")
    base = args.dsn.rsplit("/", 1)[0]
    home = tempfile.mkdtemp(prefix="sinergi-load-")
    env = dict(os.environ, SINERGI_HOME=home, SINERGI_DATABASE_URL=f"{base}/{dbname}", DJANGO_SETTINGS_MODULE="sinergi.web.settings",
               SINERGI_PRODUCTION="1", SINERGI_SSL_REDIRECT="0", SINERGI_SECRET_KEY=secrets.token_urlsafe(50),
               SINERGI_ALLOWED_HOSTS="127.0.0.1,localhost", SINERGI_CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{args.port}",
               SINERGI_STATIC_MANIFEST="1", PYTHONPATH=str(ROOT / "src"))
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    t = time.perf_counter()
    round_id = prepare(env, args.users)
    sh([sys.executable, "-m", "django", "collectstatic", "--noinput", "-v", "0"], env)
    print(f"persiapan (migrasi, data, {args.users} akun, putaran {round_id}, berkas statis): {time.perf_counter() - t:.1f} s")
    prep = resource.getrusage(resource.RUSAGE_CHILDREN)
    PREP_CPU[0] = prep.ru_utime + prep.ru_stime
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sinergi.web.wsgi:application", "-b", f"127.0.0.1:{args.port}",
         "-w", str(args.workers), "--threads", str(args.threads), "--timeout", "120", "--preload", "--log-level", "warning"],
        env=env, preexec_fn=lambda: os.sched_setaffinity(0, server_cpus),
    )
    client_run = None
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=2).request("GET", "/masuk/")
                break
            except OSError:
                time.sleep(0.2)
        # warm each worker: imports, templates and the first computation of each page (not measured)
        warm = Client(args.port)
        login(warm, "beban00")
        for _ in range(args.workers * 3):
            for path in ("/", "/dasbor/", f"/sinkronisasi/putaran/{round_id}/", "/ipk/wilayah/6472/?tahun=2024"):
                Client(args.port).request("GET", "/masuk/")
                warm.request("GET", path)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--client-only", "--round-id", str(round_id), "--users", str(args.users),
               "--seconds", str(args.seconds), "--port", str(args.port), "--ramp", str(args.ramp), "--think", str(args.think)]
        pg_before, busy_before, server_before = process_cpu("postgres"), machine_busy(), process_cpu(parent=gunicorn.pid)
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, start_new_session=True,
                                preexec_fn=lambda: os.sched_setaffinity(0, client_cpus))
        out, _ = proc.communicate(timeout=args.seconds + 300)
        pg_after, busy_after, server_after = process_cpu("postgres"), machine_busy(), process_cpu(parent=gunicorn.pid)
        OTHER_CPU["server"] = server_after - server_before if server_before is not None and server_after is not None else None
        OTHER_CPU["postgres"] = pg_after - pg_before if pg_before is not None and pg_after is not None else None
        OTHER_CPU["busy"] = busy_after[0] - busy_before[0] if busy_before and busy_after else None
        client_run = json.loads(out)
        client_usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the client only: gunicorn is still running
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
        with psycopg.connect(args.dsn, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
    all_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_after = os.getloadavg()
    results, elapsed = client_run["results"], client_run["elapsed"]
    # CPU of the children that ran before the client (migrations, data, collectstatic) is in both
    # readings; the client's own share is the difference the client made, the server's what remains
    client_cpu = client_usage.ru_utime + client_usage.ru_stime - PREP_CPU[0]
    server_cpu = all_usage.ru_utime + all_usage.ru_stime - client_usage.ru_utime - client_usage.ru_stime
    report(args, results, elapsed, client_cpu, server_cpu, client_cpus, server_cpus, load_before, load_after)


BROWSING = ["beranda", "dasbor", "daftar usulan", "IPK wilayah"]


def report(args, results, elapsed, client_cpu, server_cpu, client_cpus, server_cpus, load_before, load_after):
    by = defaultdict(list)
    errors = defaultdict(int)
    statuses = defaultdict(lambda: defaultdict(int))
    ramp_browse, steady_browse = [], []
    for name, dt, status, err, at in results:
        by[name].append(dt * 1000)
        errors[name] += err
        statuses[name][status] += 1
        if name in BROWSING:
            (ramp_browse if at < args.ramp else steady_browse).append((dt * 1000, err))
    total = sum(len(v) for v in by.values())
    print(f"\n{args.users} pengguna (mulai bertahap dalam {args.ramp:g} s, jeda rata-rata {args.think:g} s antarklik), {args.seconds:.0f} s, "
          f"gunicorn {args.workers} worker × {args.threads} thread, PostgreSQL, pengaturan produksi")
    print(f"kondisi: {os.cpu_count()} inti; server (gunicorn) pada CPU {sorted(server_cpus)}, klien uji pada CPU {sorted(client_cpus)} "
          f"(proses dan grup proses sendiri), PostgreSQL tidak dipatok; beban rata-rata sebelum {load_before[0]:.2f}, sesudah {load_after[0]:.2f} "
          f"(1 menit; mesin dipakai bersama bila jauh di atas 0)")
    print(f"CPU: server {server_cpu:.1f} s (termasuk pemanasan sebelum uji), klien {client_cpu:.1f} s ({client_cpu / elapsed * 100:.0f} % satu inti) "
          f"dalam {elapsed:.1f} s")
    pg, busy = OTHER_CPU.get("postgres"), OTHER_CPU.get("busy")
    if busy is not None:
        during = OTHER_CPU.get("server")
        print(f"selama uji: seluruh mesin sibuk {busy:.1f} s CPU = {busy / elapsed / (os.cpu_count() or 1) * 100:.0f} % dari {os.cpu_count()} inti"
              + (f"; server {during:.1f} s ({during / max(1, len(results)) * 1000:.1f} ms per permintaan)" if during is not None else "")
              + (f"; PostgreSQL {pg:.1f} s" if pg is not None else "")
              + "; sisanya klien dan proses lain di mesin")
    print(f"permintaan: {total} dalam {elapsed:.1f} s = {total / elapsed:.1f} per detik; galat: {sum(errors.values())}")
    print(f"{'halaman':<26}{'n':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'galat':>8}  status")

    def line(label, v, err, st=""):
        print(f"{label:<26}{len(v):>7}{pct(v, 50):>10.0f}{pct(v, 95):>10.0f}{pct(v, 99):>10.0f}{err:>8}  {st}")

    for name in ["masuk", *BROWSING, "unggah statistik"]:
        v = by.get(name, [])
        if v:
            line(name, v, errors[name], ", ".join(f"{k}×{n}" for k, n in sorted(statuses[name].items())))
    browse = [x for n in BROWSING for x in by.get(n, [])]
    line("JELAJAH (semua halaman)", browse, sum(errors[n] for n in BROWSING))
    line("  selama gelombang masuk", [v for v, _ in ramp_browse], sum(e for _, e in ramp_browse))
    line("  sesudahnya", [v for v, _ in steady_browse], sum(e for _, e in steady_browse))
    line("MASUK (login)", by.get("masuk", []), errors["masuk"])
    allv = [x for v in by.values() for x in v]
    line("semua", allv, sum(errors.values()))
    if allv:
        print(f"rata-rata {statistics.mean(allv):.0f} ms")


PREP_CPU = [0.0]
OTHER_CPU: dict[str, float | None] = {}


if __name__ == "__main__":
    main()

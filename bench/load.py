"""Load test: Sinergi under gunicorn on PostgreSQL with production settings, driven by
simulated users on 127.0.0.1 for a bounded time.

    python bench/load.py [--users 50] [--seconds 60] [--workers 5] [--dsn postgresql://postgres@127.0.0.1:5432/postgres]

It creates a throw-away database (``sinergi_load``), loads the embedded data, creates one
account per simulated user (operators of the ten regencies/cities and province planners), opens
a proposal round with a few proposals per office, starts gunicorn, and lets every user log in
(spread over a ramp-up of --ramp seconds: password hashing with Argon2 is deliberately
expensive, and fifty logins in the same second would measure only that) and then loop, with a
pause of about --think seconds between clicks, over: dashboard, proposal list of the round, an IPK region page, and (every
fifth loop) a statistics upload of a small CSV for its own region. Afterwards it prints
requests per second, p50/p95/p99 latency and errors per page, stops gunicorn and drops the
database. Only loopback addresses are used; loops stop by themselves at the deadline.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
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
    ok = login(c, username)
    record = []
    record.append(("masuk", time.perf_counter() - t0, 302 if ok else 0, not ok))
    pages = [
        ("beranda", "/"),
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
            record.append((name, time.perf_counter() - t, status, err))
            pause()
        if k % 5 == 0 and region != "64" and time.perf_counter() < deadline:
            t = time.perf_counter()
            try:
                status, _ = upload(c, region, k)
                err = status not in (200, 302)
            except Exception:
                status, err = 0, True
            record.append(("unggah statistik", time.perf_counter() - t, status, err))
            pause()
        k += 1
    with lock:
        results.extend(record)


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--port", type=int, default=8799)
    ap.add_argument("--ramp", type=float, default=10.0, help="seconds over which users start (logins are spread, as in an office morning)")
    ap.add_argument("--think", type=float, default=1.0, help="mean pause between a user's clicks in seconds (0 = hammer)")
    ap.add_argument("--dsn", default=os.environ.get("SINERGI_LOAD_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"))
    args = ap.parse_args(argv)
    import psycopg

    dbname = "sinergi_load"
    with psycopg.connect(args.dsn, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {dbname}")
        admin.execute(f"CREATE DATABASE {dbname}")
    base = args.dsn.rsplit("/", 1)[0]
    home = tempfile.mkdtemp(prefix="sinergi-load-")
    env = dict(os.environ, SINERGI_HOME=home, SINERGI_DATABASE_URL=f"{base}/{dbname}", DJANGO_SETTINGS_MODULE="sinergi.web.settings",
               SINERGI_PRODUCTION="1", SINERGI_SSL_REDIRECT="0", SINERGI_SECRET_KEY=secrets.token_urlsafe(50),
               SINERGI_ALLOWED_HOSTS="127.0.0.1,localhost", SINERGI_CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{args.port}",
               PYTHONPATH=str(ROOT / "src"))
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    t = time.perf_counter()
    round_id = prepare(env, args.users)
    print(f"persiapan (migrasi, data, {args.users} akun, putaran {round_id}): {time.perf_counter() - t:.1f} s")
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sinergi.web.wsgi:application", "-b", f"127.0.0.1:{args.port}",
         "-w", str(args.workers), "--threads", str(args.threads), "--timeout", "120", "--log-level", "warning"],
        env=env,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=2).request("GET", "/masuk/")
                break
            except OSError:
                time.sleep(0.2)
        # warm each worker
        for _ in range(args.workers * 3):
            Client(args.port).request("GET", "/masuk/")
        results, lock = [], threading.Lock()
        start = time.perf_counter()
        deadline = start + args.seconds
        threads = [threading.Thread(target=user_loop, args=(i, args.port, round_id, deadline, results, lock, args.think, i * args.ramp / max(1, args.users))) for i in range(args.users)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(timeout=args.seconds + 120)
        elapsed = time.perf_counter() - start
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
        with psycopg.connect(args.dsn, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
    by = defaultdict(list)
    errors = defaultdict(int)
    statuses = defaultdict(lambda: defaultdict(int))
    for name, dt, status, err in results:
        by[name].append(dt * 1000)
        errors[name] += err
        statuses[name][status] += 1
    total = sum(len(v) for v in by.values())
    cpu = os.times()
    print(f"\n{args.users} pengguna (mulai bertahap dalam {args.ramp:g} s, jeda rata-rata {args.think:g} s antarklik), {args.seconds:.0f} s, gunicorn {args.workers} worker × {args.threads} thread, PostgreSQL, pengaturan produksi")
    print(f"permintaan: {total} dalam {elapsed:.1f} s = {total / elapsed:.1f} per detik; galat: {sum(errors.values())}")
    print(f"{'halaman':<18}{'n':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'galat':>8}  status")
    for name in ["masuk", "beranda", "daftar usulan", "IPK wilayah", "unggah statistik"]:
        v = by.get(name, [])
        if not v:
            continue
        st = ", ".join(f"{k}×{n}" for k, n in sorted(statuses[name].items()))
        print(f"{name:<18}{len(v):>7}{pct(v, 50):>10.0f}{pct(v, 95):>10.0f}{pct(v, 99):>10.0f}{errors[name]:>8}  {st}")
    allv = [x for v in by.values() for x in v]
    print(f"{'semua':<18}{len(allv):>7}{pct(allv, 50):>10.0f}{pct(allv, 95):>10.0f}{pct(allv, 99):>10.0f}{sum(errors.values()):>8}")
    if allv:
        print(f"rata-rata {statistics.mean(allv):.0f} ms; klien dan server berbagi {os.cpu_count()} inti mesin ini "
              f"(CPU klien uji: {cpu.user + cpu.system:.1f} s; server: {cpu.children_user + cpu.children_system:.1f} s)")


if __name__ == "__main__":
    main()

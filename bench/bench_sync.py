"""Benchmark of the synchronisation checks: 20,000 proposals, all checks including duplicate
and overlap suggestions — time and memory — and, when PostgreSQL is reachable, the same
duplicate search done with a ``pg_trgm`` similarity query, quality and speed side by side.

    python bench/bench_sync.py [--n 20000] [--seed 7] [--repeat 3] [--pg "host=127.0.0.1 port=5432 user=postgres"] [--no-pg]

Every timing is run ``--repeat`` times and its median printed with the process's CPU time (on
a shared machine the wall time includes waiting for a core; the conditions — cores, load,
versions, whether PostgreSQL was used — are printed at the end). The PostgreSQL comparison
creates a scratch database ``sinergi_bench_<pid>`` on the server, creates ``pg_trgm`` in it and
drops the database afterwards; when no server answers it is skipped with a message.

The proposals are synthetic (a fixed seed), spread over ten budget years (2016–2025, about the
volume of ten proposal rounds of the province and its ten regencies/cities): every office
proposes sub-kegiatan of its own level
with descriptions built from trades and activities, and a known set of duplicates is planted
(the same activity proposed again by the same office, or by the province under the mirrored
code in the same place and year, with the description reworded). Recall is measured on those
planted pairs; "other pairs" are pairs reported beyond them (some are real look-alikes that
random generation creates, e.g. two welding packages of one office).
"""
from __future__ import annotations

import argparse
import csv
import gc
import os
import platform
import random
import resource
import statistics
import sys
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sinergi.core.sync import check_proposals, nomenclature_from_rows  # noqa: E402
from sinergi.core.sync.duplicates import find_similar  # noqa: E402
from sinergi.core.sync.text import content_tokens, fold  # noqa: E402
from sinergi.documents.sync_files import load_reference  # noqa: E402

TRADES = [
    "las SMAW", "las listrik", "operator alat berat", "operator excavator", "satpam gada pratama", "menjahit", "tata boga",
    "tata rias", "barista", "otomotif sepeda motor", "instalasi listrik", "desain grafis", "komputer perkantoran",
    "mengemudi", "bahasa inggris", "perhotelan", "pertukangan batu", "scaffolding", "pengolahan hasil perikanan",
    "budidaya kelapa sawit", "caregiver", "teknisi AC", "pemrograman web", "kriya rotan", "pangkas rambut",
]
ACTIVITIES = {
    "2.07.03": ["Pelatihan {t}", "Pelatihan berbasis kompetensi {t}", "Pelatihan {t} bagi pencari kerja", "Sertifikasi {t}"],
    "2.07.04": ["Job fair {p}", "Bursa kerja {p}", "Penempatan tenaga kerja {t}", "Pembentukan kelompok TKM {t}",
                "Penyuluhan jabatan pencari kerja {p}", "Pelindungan calon PMI {p}"],
    "2.07.05": ["Sosialisasi hubungan industrial {p}", "Mediasi perselisihan {p}", "Operasional LKS tripartit {p}"],
    "2.07.02": ["Penyusunan RTK {p}"],
    "2.07.06": ["Pengawasan norma kerja {p}", "Pemeriksaan K3 perusahaan {p}"],
    "3.32": ["Penempatan transmigran {p}", "Pencadangan tanah transmigrasi {p}", "Pelatihan calon transmigran {t}"],
    "X.XX": ["Penyediaan administrasi perkantoran", "Rapat koordinasi dinas {p}", "Pemeliharaan kendaraan dinas"],
}
QUALIFIERS = [
    "", "tingkat dasar", "tingkat lanjut", "bagi pemuda", "bagi perempuan", "bagi penyandang disabilitas", "kerja sama industri",
    "di kawasan IKN", "berbasis desa", "untuk lulusan SMK", "bagi korban PHK", "di daerah perbatasan", "metode mobile training unit",
    "dengan sertifikasi", "bersama BUMN", "kerja sama perusahaan tambang", "di wilayah pesisir", "bagi masyarakat adat",
]
YEARS = list(range(2016, 2026))


def activity_key(code: str) -> str:
    for k in ACTIVITIES:
        if code.startswith(k):
            return k
    return "X.XX"


def generate(n: int, seed: int, reference) -> tuple[pd.DataFrame, set[tuple[int, int]]]:
    rng = random.Random(seed)
    regions = reference.regions
    nom = reference.nomenclature
    offices = [regions.province, *regions.kabkota()]
    usable = {o: nom.usable_codes(regions.authority(o)) for o in offices}
    rows: list[dict] = []
    planted: set[tuple[int, int]] = set()
    while len(rows) < n:
        office = rng.choice(offices)
        code = rng.choice(usable[office])
        entry = nom.find(code, regions.authority(office))
        place = office if office != regions.province else rng.choice([regions.province, *regions.kabkota()])
        pname = regions.name(place)
        text = rng.choice(ACTIVITIES[activity_key(code)]).format(t=rng.choice(TRADES), p=pname)
        text = f"{text} {rng.choice(QUALIFIERS)}".strip()
        row = {
            "wilayah_kode": office,
            "tahun": rng.choice(YEARS),
            "kode_sub_kegiatan": code,
            "uraian": text,
            "lokasi_kode": place,
            "target": rng.choice([10, 20, 25, 30, 50, 100, 500]),
            "satuan": entry.unit or "Orang",
            "pagu": rng.choice([50, 75, 100, 150, 200, 300]) * 1_000_000,
            "sumber_dana": "APBD provinsi" if office == regions.province else rng.choice(["APBD kabupaten/kota", "DAK", "APBN"]),
        }
        rows.append(row)
        if len(rows) < n and rng.random() < 0.03:
            # plant a duplicate: reworded, same office, or the other level under the mirrored code
            dup = dict(row)
            mirrors = nom.mirrors(code)
            if mirrors and rng.random() < 0.5 and place != regions.province:
                other = mirrors[0]
                dup["kode_sub_kegiatan"] = other
                dup["wilayah_kode"] = place if office == regions.province else regions.province
                dup["satuan"] = (nom.find(other).unit or "Orang")
            dup["uraian"] = rng.choice(["{} tahun {}", "Kegiatan {}", "{} angkatan II", "{}"]).format(text, row["tahun"])
            rows.append(dup)
            planted.add((len(rows) - 1, len(rows)))
    return pd.DataFrame(rows[:n]), {p for p in planted if p[1] <= n}


@contextmanager
def scratch_database(server_dsn: str):
    """A database created for this run on the server and dropped afterwards (the extension
    pg_trgm is created inside it, so nothing is left on the server)."""
    import psycopg

    name = f"sinergi_bench_{os.getpid()}"
    with psycopg.connect(server_dsn + " dbname=postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
        try:
            with psycopg.connect(server_dsn + f" dbname={name}", autocommit=True) as conn:
                yield conn
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")


def backend_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of a local server process, from /proc; None when the server
    runs elsewhere or the file cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pg_compare(conn, result, reference, threshold: float, planted, ours: set, unblocked_n: int) -> dict:
    props = result.proposals
    nom = reference.nomenclature
    # the same blocks as ours: year, place, mirror group of the code
    groups = {}
    for c in set(props["kode"]):
        ms = nom.mirrors(c)
        groups[c] = min((c, *ms))
    data = [
        (int(r.row), int(r.tahun) if not pd.isna(r.tahun) else 0, r.lokasi_kabkota or r.wilayah_kode, groups.get(r.kode, r.kode),
         " ".join(content_tokens(r.uraian)) or fold(r.uraian))
        for r in props.itertuples(index=False)
    ]
    out: dict = {"server": conn.execute("SHOW server_version").fetchone()[0]}
    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    conn.execute("CREATE TABLE bench_usulan (row int primary key, tahun int, lokasi text, grp text, uraian text)")
    t0 = time.perf_counter()
    with conn.cursor() as cur:
        with cur.copy("COPY bench_usulan (row, tahun, lokasi, grp, uraian) FROM STDIN") as cp:
            for rec in data:
                cp.write_row(rec)
    conn.execute("CREATE INDEX ON bench_usulan (tahun, grp, lokasi)")
    conn.execute("CREATE INDEX bench_usulan_trgm ON bench_usulan USING gin (uraian gin_trgm_ops)")
    conn.execute("ANALYZE bench_usulan")
    out["pg_load_s"] = time.perf_counter() - t0
    blocked_sql = (
        "SELECT a.row, b.row, similarity(a.uraian, b.uraian) FROM bench_usulan a JOIN bench_usulan b "
        "ON a.tahun = b.tahun AND a.grp = b.grp AND a.lokasi = b.lokasi AND a.row < b.row "
        "WHERE similarity(a.uraian, b.uraian) >= %s"
    )
    backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    times, cpus = [], []
    for _ in range(3):
        c0 = backend_cpu(backend)
        t0 = time.perf_counter()
        blocked = conn.execute(blocked_sql, (threshold,)).fetchall()
        times.append(time.perf_counter() - t0)
        c1 = backend_cpu(backend)
        if c0 is not None and c1 is not None:
            cpus.append(c1 - c0)
    out["pg_blocked_s"] = statistics.median(times)
    out["pg_blocked_cpu_s"] = statistics.median(cpus) if cpus else None
    out["pg_unblocked_n"] = unblocked_n
    unblocked = None
    if unblocked_n:
        conn.execute("SELECT set_limit(%s::real)", (threshold,))
        t0 = time.perf_counter()
        # without blocks every look-alike text matches every other: run it on the first rows only
        unblocked = conn.execute(
            "WITH s AS (SELECT * FROM bench_usulan WHERE row <= %s) "
            "SELECT a.row, b.row FROM s a JOIN s b ON a.uraian %% b.uraian AND a.row < b.row",
            (unblocked_n,),
        ).fetchall()
        out["pg_unblocked_s"] = time.perf_counter() - t0
    pg_pairs = {(a, b) for a, b, _ in blocked}
    out["pg_blocked_pairs"] = len(pg_pairs)
    out["pg_blocked_recall"] = len(planted & pg_pairs) / len(planted) if planted else float("nan")
    if unblocked is not None:
        out["pg_unblocked_pairs"] = len(unblocked)
        sub = {p for p in planted if p[1] <= unblocked_n}
        out["pg_unblocked_recall"] = len(sub & {(a, b) for a, b in unblocked}) / len(sub) if sub else float("nan")
    out["agreement_with_ours"] = len(pg_pairs & ours) / len(pg_pairs | ours) if (pg_pairs | ours) else 1.0
    return out


def timed(fn, repeat: int) -> tuple[object, list[float], list[float]]:
    """``fn()`` run ``repeat`` times: its last result, wall seconds and CPU seconds of each run."""
    walls, cpus = [], []
    result = None
    for _ in range(repeat):
        gc.collect()
        c0, w0 = time.process_time(), time.perf_counter()
        result = fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return result, walls, cpus


def fmt(walls: list[float], cpus: list[float]) -> str:
    return (f"median {statistics.median(walls):6.2f} s (min {min(walls):.2f}, maks {max(walls):.2f}); "
            f"CPU proses median {statistics.median(cpus):.2f} s")


def conditions(pg_used: str) -> list[str]:
    import numpy
    import rapidfuzz

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "tidak diketahui"
    return [
        f"inti CPU yang boleh dipakai: {cores} (mesin: {os.cpu_count()}); beban rata-rata 1/5/15 menit: {load}",
        f"Python {platform.python_version()} ({platform.python_implementation()}), numpy {numpy.__version__}, "
        f"pandas {pd.__version__}, rapidfuzz {rapidfuzz.__version__}; {platform.platform()}",
        f"PostgreSQL: {pg_used}",
    ]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each timing (median reported)")
    ap.add_argument("--pg", default="host=127.0.0.1 port=5432 user=postgres connect_timeout=3",
                    help="PostgreSQL server (libpq keywords, without dbname); a scratch database is created and dropped")
    ap.add_argument("--no-pg", action="store_true", help="skip the pg_trgm comparison")
    ap.add_argument("--pg-threshold", type=float, default=0.5, help="pg_trgm similarity threshold")
    ap.add_argument("--pg-unblocked-n", type=int, default=1000,
                    help="rows for the unblocked pg_trgm join (it grows with n²; 0 skips it)")
    args = ap.parse_args(argv)

    full = ROOT.parent / "shared" / "reference" / "nomenklatur" / "nomenklatur_lengkap_uji.csv"
    if full.exists():
        with open(full, newline="", encoding="utf-8") as f:
            reference = load_reference(nomenclature_from_rows(list(csv.DictReader(f)), "SIPD 2027 (uji)").nomenclature)
    else:
        reference = load_reference()
    frame, planted = generate(args.n, args.seed, reference)
    print(f"{len(frame)} usulan sintetis, {len(planted)} pasangan duplikat ditanam; nomenklatur '{reference.nomenclature.version}'")
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result, w_all, c_all = timed(lambda: check_proposals(frame, reference), args.repeat)
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    props = result.proposals
    regions = reference.regions
    similar, w_sim, c_sim = timed(lambda: find_similar(props, reference.nomenclature, reference.needs, regions.province,
                                                       region_names=regions.names), args.repeat)
    _, w_dup, c_dup = timed(lambda: find_similar(props, reference.nomenclature, None, regions.province,
                                                 region_names=regions.names), args.repeat)
    tracemalloc.start()
    check_proposals(frame, reference)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    dups = {(f.row, f.row_pair) for f in similar if f.code == "KEMUNGKINAN_DUPLIKAT"}
    overlaps = sum(1 for f in similar if f.code == "TUMPANG_TINDIH")
    recall = len(planted & dups) / len(planted) if planted else float("nan")
    counts = result.counts()
    t_all = statistics.median(w_all)
    print(f"semua pemeriksaan ({args.repeat}x):           {fmt(w_all, c_all)}")
    print(f"  tahap duplikat + tumpang tindih: {fmt(w_sim, c_sim)}")
    print(f"  tahap duplikat saja:             {fmt(w_dup, c_dup)}")
    print(f"  sasaran <= 1,5 s: {'tercapai' if t_all <= 1.5 else 'TIDAK tercapai'} (median dinding {t_all:.2f} s, "
          f"rasio {t_all / 1.5:.2f} dari sasaran; CPU proses {statistics.median(c_all):.2f} s)")
    print(f"memori puncak (tracemalloc):  {peak / 2**20:7.1f} MiB; RSS maks naik {max(0, rss1 - rss0) / 1024:.1f} MiB")
    print(f"temuan: {sum(counts.values())} — " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"duplikat: {len(dups)} pasangan dilaporkan, recall tanaman {recall:.3f}, pasangan lain {len(dups - planted)}; tumpang tindih {overlaps}")
    naive = len(frame) * (len(frame) - 1) // 2
    print(f"perbandingan semua-lawan-semua akan {naive:,} pasangan; pemblokan menghindarinya")

    pg_used = "tidak dipakai (--no-pg)"
    pg = None
    if not args.no_pg:
        try:
            import psycopg  # noqa: F401

            with scratch_database(args.pg) as conn:
                pg = pg_compare(conn, result, reference, args.pg_threshold, planted, dups, args.pg_unblocked_n)
            pg_used = f"server {pg['server']} ({args.pg.split('connect_timeout')[0].strip()}), basis data sementara dibuat lalu dihapus"
        except Exception as exc:  # no server, no extension, no rights: say so and go on without it
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
            pg_used = f"tidak menjawab atau tidak dapat dipakai ({reason}) — perbandingan pg_trgm dilewati"
    if pg is not None:
        print(f"PostgreSQL pg_trgm (ambang similarity {args.pg_threshold}):")
        print(f"  muat + indeks:              {pg['pg_load_s']:7.2f} s")
        print(f"  kueri dengan blok yang sama (median 3x): {pg['pg_blocked_s']:7.2f} s, {pg['pg_blocked_pairs']} pasangan, "
              f"recall tanaman {pg['pg_blocked_recall']:.3f}")
        if "pg_unblocked_s" in pg:
            print(f"  kueri tanpa blok (operator %) atas {pg['pg_unblocked_n']} baris pertama: {pg['pg_unblocked_s']:7.2f} s, "
                  f"{pg['pg_unblocked_pairs']} pasangan, recall tanaman {pg['pg_unblocked_recall']:.3f}")
        print(f"  kesamaan pasangan (Jaccard) blok pg_trgm vs Sinergi: {pg['agreement_with_ours']:.3f}")
        r_dup = statistics.median(w_dup) / pg["pg_blocked_s"]
        r_sim = statistics.median(w_sim) / pg["pg_blocked_s"]
        print(f"  rasio waktu dinding Sinergi / pg_trgm pada blok yang sama: duplikat saja {r_dup:.2f}x, "
              f"duplikat + tumpang tindih {r_sim:.2f}x (sasaran <= 5x: {'tercapai' if r_dup <= 5 else 'TIDAK tercapai'})")
        if pg["pg_blocked_cpu_s"]:
            pg_cpu = pg["pg_blocked_cpu_s"]
            print(f"  rasio CPU (proses Python / proses server PostgreSQL {pg_cpu:.2f} s): duplikat saja "
                  f"{statistics.median(c_dup) / pg_cpu:.2f}x, duplikat + tumpang tindih {statistics.median(c_sim) / pg_cpu:.2f}x")
    print("kondisi:")
    for line in conditions(pg_used):
        print(f"  {line}")
    if load_before is not None:
        print(f"  beban rata-rata 1 menit saat mulai: {load_before[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

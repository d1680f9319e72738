"""Benchmark of the synchronisation checks: 20,000 proposals, all checks including duplicate
and overlap suggestions — time and memory — and, when PostgreSQL is reachable, the same
duplicate search done with a ``pg_trgm`` similarity query, quality and speed side by side.

    python bench/bench_sync.py [--n 20000] [--seed 7] [--dsn "host=127.0.0.1 user=postgres dbname=test"]

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
import random
import resource
import sys
import time
import tracemalloc
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


def pg_compare(frame: pd.DataFrame, result, reference, dsn: str, threshold: float, planted, ours: set, unblocked_n: int) -> dict:
    import psycopg

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
    out: dict = {}
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        conn.execute("DROP TABLE IF EXISTS bench_usulan")
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
        t0 = time.perf_counter()
        blocked = conn.execute(
            "SELECT a.row, b.row, similarity(a.uraian, b.uraian) FROM bench_usulan a JOIN bench_usulan b "
            "ON a.tahun = b.tahun AND a.grp = b.grp AND a.lokasi = b.lokasi AND a.row < b.row "
            "WHERE similarity(a.uraian, b.uraian) >= %s",
            (threshold,),
        ).fetchall()
        out["pg_blocked_s"] = time.perf_counter() - t0
        conn.execute("SELECT set_limit(%s::real)", (threshold,))
        t0 = time.perf_counter()
        # without blocks every look-alike text matches every other: run it on the first rows only
        unblocked = conn.execute(
            "WITH s AS (SELECT * FROM bench_usulan WHERE row <= %s) "
            "SELECT a.row, b.row FROM s a JOIN s b ON a.uraian %% b.uraian AND a.row < b.row",
            (unblocked_n,),
        ).fetchall()
        out["pg_unblocked_s"] = time.perf_counter() - t0
        conn.execute("DROP TABLE bench_usulan")
    pg_pairs = {(a, b) for a, b, _ in blocked}
    out["pg_blocked_pairs"] = len(pg_pairs)
    out["pg_blocked_recall"] = len(planted & pg_pairs) / len(planted) if planted else float("nan")
    out["pg_unblocked_pairs"] = len(unblocked)
    sub = {p for p in planted if p[1] <= unblocked_n}
    out["pg_unblocked_recall"] = len(sub & {(a, b) for a, b in unblocked}) / len(sub) if sub else float("nan")
    out["pg_unblocked_n"] = unblocked_n
    out["agreement_with_ours"] = len(pg_pairs & ours) / len(pg_pairs | ours) if (pg_pairs | ours) else 1.0
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dsn", default="host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=3")
    ap.add_argument("--pg-threshold", type=float, default=0.5, help="pg_trgm similarity threshold")
    ap.add_argument("--pg-unblocked-n", type=int, default=2000, help="rows for the unblocked pg_trgm join (it grows with n²)")
    args = ap.parse_args(argv)

    full = ROOT.parent / "shared" / "reference" / "nomenklatur" / "nomenklatur_lengkap_uji.csv"
    if full.exists():
        with open(full, newline="", encoding="utf-8") as f:
            reference = load_reference(nomenclature_from_rows(list(csv.DictReader(f)), "SIPD 2027 (uji)").nomenclature)
    else:
        reference = load_reference()
    frame, planted = generate(args.n, args.seed, reference)
    print(f"{len(frame)} usulan sintetis, {len(planted)} pasangan duplikat ditanam; nomenklatur '{reference.nomenclature.version}'")

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    result = check_proposals(frame, reference)
    t_all = time.perf_counter() - t0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    similar = find_similar(result.proposals, reference.nomenclature, reference.needs, reference.regions.province,
                           region_names=reference.regions.names)
    t_sim = time.perf_counter() - t0
    tracemalloc.start()
    check_proposals(frame, reference)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    dups = {(f.row, f.row_pair) for f in similar if f.code == "KEMUNGKINAN_DUPLIKAT"}
    overlaps = sum(1 for f in similar if f.code == "TUMPANG_TINDIH")
    recall = len(planted & dups) / len(planted) if planted else float("nan")
    counts = result.counts()
    print(f"semua pemeriksaan:            {t_all:7.2f} s")
    print(f"  di antaranya duplikat+tumpang tindih: {t_sim:7.2f} s")
    print(f"memori puncak (tracemalloc):  {peak / 2**20:7.1f} MiB; RSS maks naik {max(0, rss1 - rss0) / 1024:.1f} MiB")
    print(f"temuan: {sum(counts.values())} — " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"duplikat: {len(dups)} pasangan dilaporkan, recall tanaman {recall:.3f}, pasangan lain {len(dups - planted)}; tumpang tindih {overlaps}")
    naive = len(frame) * (len(frame) - 1) // 2
    print(f"perbandingan semua-lawan-semua akan {naive:,} pasangan; pemblokan menghindarinya")
    try:
        pg = pg_compare(frame, result, reference, args.dsn, args.pg_threshold, planted, dups, args.pg_unblocked_n)
    except Exception as exc:  # no server, no extension, no rights: say so and stop
        print(f"PostgreSQL tidak dipakai: {type(exc).__name__}: {exc}".splitlines()[0])
        return 0
    print(f"PostgreSQL pg_trgm (ambang similarity {args.pg_threshold}):")
    print(f"  muat + indeks:              {pg['pg_load_s']:7.2f} s")
    print(f"  kueri dengan blok yang sama: {pg['pg_blocked_s']:7.2f} s, {pg['pg_blocked_pairs']} pasangan, recall tanaman {pg['pg_blocked_recall']:.3f}")
    print(f"  kueri tanpa blok (operator %) atas {pg['pg_unblocked_n']} baris pertama: {pg['pg_unblocked_s']:7.2f} s, "
          f"{pg['pg_unblocked_pairs']} pasangan, recall tanaman {pg['pg_unblocked_recall']:.3f}")
    print(f"  kesamaan pasangan (Jaccard) blok pg_trgm vs Sinergi: {pg['agreement_with_ours']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

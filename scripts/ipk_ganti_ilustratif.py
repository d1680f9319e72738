"""Replace illustrative IPK inputs (src/sinergi/data/ipk/data_bawaan.csv) wherever the embedded
statistics now hold a sourced value, keeping the source.

    python scripts/ipk_ganti_ilustratif.py            # rewrite data_bawaan.csv, print before/after
    python scripts/ipk_ganti_ilustratif.py --periksa  # only say what would change

Rules (one per sub-indicator; only rows marked ``illustrative`` are touched; the value used is
the *preferred* value of the embedded statistics, by the single rule of core/stats):

- I2.1 TPAK, I2.4 TPT, I3.1 formal share, I3.2 time-related underemployment: the August
  (Sakernas) figure of that region and year, as published → ``real``;
- I5.1 PDRB ADHK 2010 per employed person: ``pdrb_adhk2010`` (trillion Rp) / employed persons
  (``bekerja``, else ``angkatan_kerja − pengangguran``, else ``angkatan_kerja × (1 − tpt/100)``),
  in million Rp → ``derived`` with the formula in the note;
- I5.2 its growth: I5.1 of the year against I5.1 of the year before, both from sourced figures
  → ``derived``.

A figure flagged ``keyakinan_rendah`` in the statistics keeps that flag in the note; a figure
whose note calls it INCONSISTENT with another is not used.
"""
from __future__ import annotations

import argparse
import sys

import pandas as pd

from sinergi.core.ipk.statistics_link import STATISTICS_LINKS
from sinergi.core.stats import mark_preferred
from sinergi.data import EMBEDDED_STATISTICS, data_path
from sinergi.documents.stats_files import curated_preferences

#: the sub-indicators read directly from one statistic (the one mapping, shared with the web app)
DIRECT = STATISTICS_LINKS


def statistics() -> pd.DataFrame:
    frames = []
    for parts in EMBEDDED_STATISTICS:
        f = pd.read_csv(data_path(*parts), dtype={"region_code": str, "year": "string", "month": "string"},
                        keep_default_na=False, na_values={"value": [""]})
        f["file"] = "/".join(parts[1:])
        frames.append(f)
    marked = mark_preferred(pd.concat(frames, ignore_index=True), curated_preferences())
    usable = marked["preferred"] & (marked["quality"].fillna("").str.find("illustrative") < 0)
    # a figure its own source calls inconsistent with another is not used to replace anything
    usable &= ~marked["note"].fillna("").str.contains("INCONSISTENT|tidak konsisten", case=False)
    return marked[usable]


def lookup(stats: pd.DataFrame):
    idx = {}
    for r in stats.itertuples(index=False):
        idx[(r.region_code, str(r.year), str(r.month or ""), r.indicator)] = r

    def get(region, year, indicator, month="8"):
        return idx.get((region, str(year), month, indicator))

    return get


def _flag(*rows) -> str:
    return "; sumber bertanda keyakinan rendah" if any("low_confidence" in str(r.quality or "") for r in rows if r is not None) else ""


def employed(get, region, year):
    """(persons, basis, text, rows) of employed persons, or None."""
    b = get(region, year, "bekerja")
    if b is not None:
        return b.value, f"{b.file}:bekerja:{year}/8", f"{b.value:,.0f} penduduk bekerja (dari sumber)", [b]
    ak, pg, tpt = get(region, year, "angkatan_kerja"), get(region, year, "pengangguran"), get(region, year, "tpt")
    if ak is not None and pg is not None:
        v = ak.value - pg.value
        return v, f"{ak.file}:angkatan_kerja:{year}/8−{pg.file}:pengangguran:{year}/8", \
            f"{v:,.0f} penduduk bekerja (angkatan kerja {ak.value:,.0f} − penganggur {pg.value:,.0f})", [ak, pg]
    if ak is not None and tpt is not None:
        v = ak.value * (1 - tpt.value / 100)
        return v, f"{ak.file}:angkatan_kerja:{year}/8×(1−{tpt.file}:tpt:{year}/8)", \
            f"{v:,.0f} penduduk bekerja (angkatan kerja {ak.value:,.0f} × (1 − TPT {tpt.value}/100))", [ak, tpt]
    return None


def per_worker(get, region, year):
    p = get(region, year, "pdrb_adhk2010", month="")
    e = employed(get, region, year)
    if p is None or e is None or not e[0]:
        return None
    value = p.value * 1e6 / e[0]  # trillion Rp → million Rp per worker
    return value, p, e


def replacement(get, row) -> dict | None:
    region, year, sub = row["region_code"], int(row["year"]), row["sub_code"]
    if sub in DIRECT:
        link = DIRECT[sub]
        ind = link.indicator
        r = get(region, year, ind, month=str(link.month or ""))
        if r is None:
            return None
        return {"value": link.convert(r.value), "quality": "real", "source_url": r.source_url,
                "basis": f"{r.file}:{ind}:{year}/{link.month or ''}", "note": link.note.format(y=year) + _flag(r)}
    if sub == "I5.1":
        w = per_worker(get, region, year)
        if w is None:
            return None
        value, p, e = w
        return {"value": round(value, 6), "quality": "derived", "source_url": p.source_url, "basis": f"{p.file}:pdrb_adhk2010:{year} / {e[1]}",
                "note": f"turunan: PDRB ADHK 2010 {p.value} triliun Rp / {e[2]}" + _flag(p, *e[3])}
    if sub == "I5.2":
        now, before = per_worker(get, region, year), per_worker(get, region, year - 1)
        if now is None or before is None:
            return None
        growth = 100 * (now[0] / before[0] - 1)
        return {"value": round(growth, 6), "quality": "derived", "source_url": now[1].source_url,
                "basis": f"{before[1].file}:pdrb_adhk2010:{year - 1} / {before[2][1]} ; {now[1].file}:pdrb_adhk2010:{year} / {now[2][1]}",
                "note": f"turunan: PDRB per pekerja {now[0]:.2f} juta ({year}) dibanding {before[0]:.2f} juta ({year - 1})"
                        + _flag(now[1], before[1], *now[2][3], *before[2][3])}
    return None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--periksa", action="store_true", help="hanya tampilkan yang akan berubah")
    args = ap.parse_args(argv)
    path = data_path("ipk", "data_bawaan.csv")
    data = pd.read_csv(path, dtype=str, keep_default_na=False)
    get = lookup(statistics())
    before = int((data["quality"] == "illustrative").sum())
    changed = []
    for i, row in data.iterrows():
        if row["quality"] != "illustrative":
            continue
        new = replacement(get, row)
        if new is None:
            continue
        for k, v in new.items():
            data.at[i, k] = f"{v:g}" if isinstance(v, float) and k == "value" and float(v).is_integer() else (repr(v) if isinstance(v, float) else str(v))
        changed.append(f"{row['region_code']} {row['year']} {row['sub_code']}: {row['value']} (ilustratif) → {data.at[i, 'value']} ({new['quality']}) {new['basis']}")
    after = int((data["quality"] == "illustrative").sum())
    print("\n".join(changed) or "Tidak ada masukan ilustratif yang kini punya nilai bersumber.")
    print(f"Masukan ilustratif: {before} sebelum, {after} sesudah ({len(changed)} diganti).")
    if not args.periksa and changed:
        data.to_csv(path, index=False, lineterminator="\n")
        print(f"Ditulis: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

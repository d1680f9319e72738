"""The official (published) IPK beside Sinergi's estimate.

Kemnaker publishes IPK values per province (rarely per regency/city), collected with their
sources in ``data/ipk/published.csv``: ``region, year, ipk, category, source_url, data_year,
release, category_basis, notes``. ``year`` is the year the press called it; ``data_year`` the
year measured (the IPK of a data year is released a year or more later). Sinergi's results are
indexed by the data year, so the comparison uses ``data_year`` (``year`` where it is blank).

For a computed region-year the official value shown is the one for the same data year; when
there is none, the latest earlier one ("IPK resmi terakhir"), with its year said. Where several
values were published for one region and data year (press figures that disagree), the latest
release is used and the others are named in the note.

The difference is explained, never hidden: the estimate uses a provisional method (the official
parameters of Kepmenaker 206/2017 are not public) and illustrative inputs where data are
missing, and may be for a different year; the official value uses Kemnaker's method and data.

Pure functions on DataFrames; no files.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping

import pandas as pd

from sinergi.core.numbers import format_id

from .engine import IPKResult

OFFICIAL_COLUMNS = [
    "region_code", "year", "official_ipk", "official_category", "official_year", "official_release",
    "official_source", "same_year", "difference", "why",
]
TREND_COLUMNS = ["year", "kind", "value", "category", "source", "note"]
KIND_OFFICIAL = "resmi"
#: first data year measured with the SDG-8 based method of Kepmenaker 206/2017 (METHOD.md §1)
METHOD_2017_FROM = 2017
KIND_ESTIMATE = "perkiraan Sinergi"


def name_key(name) -> str:
    """A region name folded for matching: case, punctuation and the words provinsi/kabupaten/
    kab./kota/kota administrasi are ignored (``"Provinsi Kalimantan Timur"`` = ``"Kalimantan Timur"``)."""
    text = re.sub(r"[^a-z0-9 ]+", " ", str(name or "").lower())
    words = [w for w in text.split() if w not in {"provinsi", "prov", "kabupaten", "kab", "kota", "administrasi"}]
    return " ".join(words)


def _num(v) -> float:
    try:
        f = float(str(v).replace(",", ".")) if not isinstance(v, (int, float)) else float(v)
    except (TypeError, ValueError):
        return math.nan
    return f


def published_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The published values with a numeric ``ipk`` (rows with only a category are kept with
    ``ipk`` NaN), an integer ``data_year`` (``year`` where blank) and ``key`` (:func:`name_key`)."""
    t = frame.copy()
    for c in ("region", "year", "ipk", "category", "source_url", "data_year", "release", "category_basis", "notes"):
        if c not in t.columns:
            t[c] = ""
    t["ipk"] = [_num(v) for v in t["ipk"]]
    years = [_num(v) for v in t["year"]]
    dyears = [_num(v) for v in t["data_year"]]
    t["data_year"] = [int(d) if not math.isnan(d) else (int(y) if not math.isnan(y) else 0) for d, y in zip(dyears, years, strict=False)]
    t["key"] = [name_key(r) for r in t["region"]]
    for c in ("category", "source_url", "release", "notes", "region"):
        t[c] = ["" if (v is None or (isinstance(v, float) and math.isnan(v))) else str(v).strip() for v in t[c]]
    return t[t["data_year"] > 0].reset_index(drop=True)


def _pick(rows: pd.DataFrame) -> tuple[pd.Series, list[float]]:
    """The value of the latest release among rows of one region-data year, and the others."""
    rows = rows.sort_values("release", kind="stable")
    best = rows.iloc[-1]
    others = [float(v) for v in rows["ipk"].iloc[:-1] if not math.isnan(v) and v != best["ipk"]]
    return best, others


def official_for(published: pd.DataFrame, region_name: str, year: int) -> dict | None:
    """The official IPK to show beside an estimate of ``region_name`` for data year ``year``:
    the same data year, else the latest earlier one. ``None`` when none was published.
    Returns ``{ipk, category, year, release, source, same_year, conflicts, notes}``."""
    t = published[(published["key"] == name_key(region_name)) & published["ipk"].notna()]
    t = t[t["data_year"] <= int(year)]
    if t.empty:
        return None
    y = int(t["data_year"].max())
    best, others = _pick(t[t["data_year"] == y])
    return {
        "ipk": float(best["ipk"]),
        "category": best["category"],
        "year": y,
        "release": best["release"],
        "source": best["source_url"],
        "same_year": y == int(year),
        "conflicts": others,
        "notes": best["notes"],
    }


def why_text(estimate: float, official: dict, *, year: int, provisional: bool, meter=None) -> str:
    """Why the estimate differs from the official value, in Indonesian."""
    diff = estimate - official["ipk"]
    sign = "+" if diff > 0 else ""
    head = (
        f"IPK resmi {official['year']}: {format_id(official['ipk'], 2)}"
        + (f" ({official['category']})" if official["category"] else "")
        + f"; perkiraan Sinergi {year}: {format_id(estimate, 2)}; selisih {sign}{format_id(diff, 2)} poin."
    )
    reasons = []
    if provisional:
        reasons.append("perkiraan memakai metode sementara (parameter resmi Kepmenaker 206/2017 belum tersedia untuk umum)")
    if meter is not None and meter.illustrative:
        reasons.append(f"{meter.illustrative} dari {meter.total} masukan perkiraan masih ilustratif")
    if not official["same_year"]:
        reasons.append(f"tahun berbeda: IPK resmi terakhir untuk data {official['year']}, perkiraan untuk {year}")
    if official["conflicts"]:
        reasons.append("sumber lain menyebut " + ", ".join(format_id(v, 2) for v in official["conflicts"]) + " untuk tahun yang sama")
    reasons.append("IPK resmi dihitung Kemnaker dengan metode dan data resminya")
    return head + " Sebab: " + "; ".join(reasons) + "."


def official_beside(result: IPKResult, published: pd.DataFrame, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per region-year of ``result`` (:data:`OFFICIAL_COLUMNS`) with the official IPK to
    show beside the estimate (NaN/empty where none was published), the difference (estimate −
    official, NaN when the estimate is not scored) and the reason in words. ``names``: region
    code → name (default: the names in the result)."""
    names = dict(names or {})
    rows = []
    for u in result.units.itertuples(index=False):
        name = names.get(str(u.region_code)) or u.region_name or ""
        off = official_for(published, name, int(u.year)) if name else None
        if off is None:
            rows.append({"region_code": u.region_code, "year": int(u.year), "official_ipk": math.nan, "official_category": "",
                         "official_year": 0, "official_release": "", "official_source": "", "same_year": False,
                         "difference": math.nan, "why": ""})
            continue
        score = float(u.score)
        scored = bool(u.scored) and not math.isnan(score)
        meter = result.meter(u.region_code, int(u.year))
        why = (why_text(score, off, year=int(u.year), provisional=result.provisional, meter=meter) if scored
               else f"IPK resmi {off['year']}: {format_id(off['ipk'], 2)}; perkiraan Sinergi {int(u.year)} tidak dinilai (data belum lengkap).")
        rows.append({
            "region_code": u.region_code, "year": int(u.year), "official_ipk": off["ipk"], "official_category": off["category"],
            "official_year": off["year"], "official_release": off["release"], "official_source": off["source"],
            "same_year": off["same_year"], "difference": (score - off["ipk"]) if scored else math.nan, "why": why,
        })
    return pd.DataFrame(rows, columns=OFFICIAL_COLUMNS)


def official_trend(result: IPKResult, published: pd.DataFrame, region_code: str, region_name: str = "") -> pd.DataFrame:
    """IPK of one region over the years: every published value (``kind = resmi``, by data year)
    and every scored estimate (``kind = perkiraan Sinergi``), sorted by year (:data:`TREND_COLUMNS`).
    Several published values for one data year are all listed (the note says which release)."""
    name = region_name
    if not name:
        hit = result.units[result.units["region_code"] == str(region_code)]
        name = str(hit["region_name"].iloc[0]) if len(hit) else ""
    rows = []
    t = published[(published["key"] == name_key(name)) & published["ipk"].notna()] if name else published.iloc[0:0]
    for r in t.itertuples(index=False):
        regime = "" if int(r.data_year) >= METHOD_2017_FROM else "metode sebelum Kepmenaker 206/2017, tidak sebanding dengan tahun sesudahnya"
        rows.append({"year": int(r.data_year), "kind": KIND_OFFICIAL, "value": float(r.ipk), "category": r.category,
                     "source": r.source_url, "note": "; ".join(p for p in (f"rilis {r.release}", regime, r.notes) if p)})
    label = result.label
    for u in result.units[(result.units["region_code"] == str(region_code)) & result.units["scored"]].itertuples(index=False):
        m = result.meter(u.region_code, int(u.year))
        rows.append({"year": int(u.year), "kind": KIND_ESTIMATE, "value": float(u.score), "category": u.category,
                     "source": f"metode {result.method_name} {result.method_version}".strip(),
                     "note": "; ".join(p for p in (label, m.text()) if p)})
    out = pd.DataFrame(rows, columns=TREND_COLUMNS)
    return out.sort_values(["year", "kind"], kind="stable").reset_index(drop=True)


"""Matching features of a boundary file (GeoJSON) to regions by code.

Boundary files carry BPS codes (``6402``) or Ministry of Home Affairs (Kemendagri) codes
(``64.07``, or ``6407`` as in BIG's ``KDPKAB``). Four regencies are numbered differently in
the two systems (Kutai Barat BPS 6402 = Kemendagri 64.07, Kutai Kartanegara 6403 = 64.02,
Kutai Timur 6404 = 64.08, Berau 6405 = 64.03), so a code is never matched on its digits
alone: a feature's code is read in the system its property name declares.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sinergi.core.problems import ProblemList

BPS_KEYS = ("bps_code", "kode_bps", "kd_bps", "kdbps", "bps")
KEMENDAGRI_KEYS = ("kemendagri_code", "kode_kemendagri", "kd_kemendagri", "kdpkab", "kode_wilayah", "kode_kab", "kode")


@dataclass
class BoundaryMatch:
    region_code: str
    geometry: dict
    matched_by: str  # "bps" or "kemendagri"
    feature_name: str


def _find(props: dict, keys) -> str:
    lowered = {str(k).lower(): v for k, v in props.items()}
    for k in keys:
        v = lowered.get(k)
        if v not in (None, ""):
            return str(v).strip()
    return ""


def _kemendagri_form(code: str) -> str:
    digits = code.replace(".", "").strip()
    if len(digits) == 4 and digits.isdigit():
        return f"{digits[:2]}.{digits[2:]}"
    return code


def match_features(geojson: dict, regions: list[dict], file: str = "") -> tuple[list[BoundaryMatch], ProblemList]:
    """``regions``: dicts with ``code`` (BPS) and ``kemendagri_code``. Returns the matches and
    every problem (feature without a usable code, unknown code, region given twice)."""
    problems = ProblemList()
    by_bps = {r["code"]: r for r in regions}
    by_kmd = {r["kemendagri_code"]: r for r in regions if r.get("kemendagri_code")}
    if not isinstance(geojson, dict) or geojson.get("type") != "FeatureCollection":
        problems.add(
            "GEOJSON_TIDAK_SAH",
            "Berkas bukan GeoJSON FeatureCollection.",
            "Ekspor batas wilayah sebagai GeoJSON (FeatureCollection, koordinat WGS84).",
            file=file,
        )
        return [], problems
    matches: list[BoundaryMatch] = []
    seen: dict[str, int] = {}
    features = geojson.get("features") or []
    for i, feature in enumerate(features if isinstance(features, list) else [], start=1):
        feature = feature if isinstance(feature, dict) else {}
        props = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        name = str(props.get("name") or props.get("nama") or props.get("NAMOBJ") or f"fitur {i}")
        geometry = feature.get("geometry")
        where = {"file": file, "row": i, "column": "properties"}
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problems.add("GEOMETRI_TIDAK_SAH", f"Fitur ke-{i} ({name}) tidak berisi poligon.", "Pastikan setiap fitur berupa Polygon atau MultiPolygon.", **where)
            continue
        if not _rings_valid(geometry):
            problems.add(
                "GEOMETRI_TIDAK_SAH",
                f"Fitur ke-{i} ({name}): koordinat poligon tidak sah (setiap cincin perlu minimal 4 titik [bujur, lintang] berupa angka dalam derajat WGS84).",
                "Ekspor ulang batas wilayah sebagai GeoJSON dengan koordinat WGS84 (EPSG:4326) dari QGIS atau geoportal BIG.",
                **where,
            )
            continue
        bps = _find(props, BPS_KEYS)
        kmd = _find(props, KEMENDAGRI_KEYS)
        region, how = None, ""
        if bps:
            region, how = by_bps.get(bps.replace(".", "")), "bps"
        elif kmd:
            region, how = by_kmd.get(_kemendagri_form(kmd)), "kemendagri"
        else:
            problems.add(
                "KODE_WILAYAH_TIDAK_ADA",
                f"Fitur ke-{i} ({name}) tidak punya kode wilayah.",
                "Tambahkan properti 'bps_code' (mis. 6402) atau 'kemendagri_code' (mis. 64.07).",
                **where,
            )
            continue
        if region is None:
            code = bps or kmd
            problems.add(
                "WILAYAH_TIDAK_DIKENAL",
                f"Fitur ke-{i} ({name}): kode {'BPS' if how == 'bps' else 'Kemendagri'} '{code}' bukan kabupaten/kota di Kalimantan Timur.",
                "Periksa kodenya; ingat kode Kemendagri berbeda dari kode BPS untuk Kutai Barat, Kutai Kartanegara, Kutai Timur dan Berau.",
                value=code,
                **where,
            )
            continue
        if region["code"] in seen:
            problems.add(
                "WILAYAH_GANDA",
                f"Fitur ke-{i} ({name}) dan fitur ke-{seen[region['code']]} sama-sama untuk {region['code']}.",
                "Gabungkan poligonnya menjadi satu MultiPolygon per kabupaten/kota.",
                **where,
            )
            continue
        seen[region["code"]] = i
        matches.append(BoundaryMatch(region["code"], geometry, how, name))
    if not matches and not problems:
        problems.add("GEOJSON_KOSONG", "Berkas tidak berisi fitur.", "Ekspor ulang batas wilayah kabupaten/kota.", file=file)
    return matches, problems


def _rings_valid(geometry: dict) -> bool:
    coords = geometry.get("coordinates")
    if not isinstance(coords, list) or not coords:
        return False
    polygons = [coords] if geometry["type"] == "Polygon" else coords
    if not all(isinstance(poly, list) and poly for poly in polygons):
        return False
    return all(ring_array(ring) is not None for poly in polygons for ring in poly)


# --------------------------------------------------------------------------------------
# Size of boundary files: bounded on import, simplified to what the dashboard can carry
# --------------------------------------------------------------------------------------
MAX_BOUNDARY_BYTES = 32 * 1024 * 1024  # a boundary file as stored; larger files are refused unread
MAX_BOUNDARY_POINTS = 2_000_000  # vertices in a file before simplification; more are refused
MAX_STORED_POINTS = 20_000  # vertices kept for all regions together (the BIG-derived file: ~4,500)
TOLERANCES = (0.0005, 0.001, 0.002, 0.004, 0.008)  # degrees (0.0005° ≈ 55 m, 0.008° ≈ 0.9 km): tried in turn
COORD_DECIMALS = 5  # ≈ 1 m
WORK_PER_POINT = 50  # Douglas–Peucker distance computations allowed per input vertex (bounds the time: ~10 s for 2 million)


class BoundaryTooDetailed(ValueError):
    """Simplification cannot bring the file within :data:`MAX_STORED_POINTS` (or is too costly)."""


class _OverBudget(Exception):
    """More positions kept at this tolerance than may be stored: try the next one."""


def geometry_rings(geometry: dict) -> list[list]:
    """The coordinate rings of a Polygon or MultiPolygon, outer ring first in each polygon."""
    coords = geometry.get("coordinates") or []
    polygons = [coords] if geometry.get("type") == "Polygon" else coords
    return [ring for poly in polygons for ring in (poly or [])]


def count_points(geometry: dict) -> int:
    """Vertices of a Polygon/MultiPolygon (without looking inside malformed parts)."""
    return sum(len(r) for r in geometry_rings(geometry) if isinstance(r, list))


def ring_array(ring) -> np.ndarray | None:
    """A ring as an ``(n, 2)`` float array of longitude/latitude, or None when it is not a
    list of at least 4 finite ``[lon, lat]`` positions within the globe."""
    if not isinstance(ring, list) or len(ring) < 4:
        return None
    try:
        arr = np.array(ring, dtype=float)
    except (TypeError, ValueError):
        try:  # positions with an elevation of their own length
            arr = np.array([p[:2] for p in ring], dtype=float)
        except (TypeError, ValueError, IndexError, KeyError):
            return None
    if arr.ndim == 2 and arr.shape[1] > 2:
        arr = arr[:, :2]
    if arr.ndim != 2 or arr.shape[1] != 2 or not np.isfinite(arr).all():
        return None
    if (np.abs(arr[:, 0]) > 180).any() or (np.abs(arr[:, 1]) > 90).any():
        return None
    return arr


def _douglas_peucker(points: np.ndarray, tolerance: float, budget: list[int], room: list[int] | None = None) -> np.ndarray:
    """Indices kept by Douglas–Peucker on an open polyline.

    All pending segments of a round are split at once (vectorised over the positions they
    hold), so the cost is a few array passes per level instead of a Python step per kept
    position. ``budget`` of distance computations is shared and raises
    :class:`BoundaryTooDetailed` when spent; ``room`` of positions that may still be kept
    raises :class:`_OverBudget` when spent."""
    n = len(points)
    xs, ys = np.ascontiguousarray(points[:, 0]), np.ascontiguousarray(points[:, 1])
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    tol2 = tolerance * tolerance
    starts, ends = np.array([0]), np.array([n - 1])
    while len(starts):
        wide = ends - starts >= 2
        starts, ends = starts[wide], ends[wide]
        if not len(starts):
            break
        lengths = ends - starts - 1
        total = int(lengths.sum())
        budget[0] -= total
        if budget[0] < 0:
            raise BoundaryTooDetailed("terlalu rumit")
        seg = np.repeat(np.arange(len(starts)), lengths)
        offsets = np.cumsum(lengths) - lengths
        idx = np.arange(total) - offsets[seg] + starts[seg] + 1
        xa, ya = xs[starts][seg], ys[starts][seg]
        dx, dy = xs[ends][seg] - xa, ys[ends][seg] - ya
        rx, ry = xs[idx] - xa, ys[idx] - ya
        length2 = dx * dx + dy * dy
        t = np.divide(rx * dx + ry * dy, length2, out=np.zeros(total), where=length2 > 0)
        np.clip(t, 0.0, 1.0, out=t)
        rx -= t * dx
        ry -= t * dy
        d2 = rx * rx + ry * ry
        best = np.maximum.reduceat(d2, offsets)
        hits = np.flatnonzero(d2 == best[seg])
        segs, first = np.unique(seg[hits], return_index=True)
        split = best[segs] > tol2
        segs, k = segs[split], idx[hits[first]][split]
        if not len(k):
            break
        keep[k] = True
        if room is not None:
            room[0] -= len(k)
            if room[0] < 0:
                raise _OverBudget
        starts, ends = np.concatenate([starts[segs], k]), np.concatenate([k, ends[segs]])
    return np.flatnonzero(keep)


def simplify_ring(ring: np.ndarray, tolerance: float, budget: list[int] | None = None, room: list[int] | None = None) -> np.ndarray:
    """A closed ring simplified by Douglas–Peucker at ``tolerance`` (degrees), still closed;
    fewer than 4 positions means the ring is smaller than the tolerance. Consecutive positions
    closer than half the tolerance are merged first (a linear pass) so the costly step sees
    only what can show."""
    budget = budget if budget is not None else [WORK_PER_POINT * len(ring)]
    pts = ring
    if np.array_equal(pts[0], pts[-1]):
        pts = pts[:-1]
    if len(pts) < 3:
        return ring[:0]
    grid = np.round(pts / (tolerance / 2))
    moved = np.ones(len(pts), dtype=bool)
    moved[1:] = (grid[1:] != grid[:-1]).any(axis=1)
    pts = pts[moved]
    if len(pts) < 3:
        return ring[:0]
    # split the ring at the position farthest from its first one, simplify both halves
    far = int(np.argmax(np.hypot(*(pts - pts[0]).T)))
    closed = np.vstack([pts, pts[:1]])
    first = _douglas_peucker(closed[: far + 1], tolerance, budget, room) if far > 0 else np.array([0])
    second = _douglas_peucker(closed[far:], tolerance, budget, room) + far
    idx = np.concatenate([first, second[1:]])
    out = closed[idx]
    return out if len(out) >= 4 else ring[:0]


def _polygon_arrays(geometry: dict) -> list[list[np.ndarray]]:
    coords = geometry["coordinates"]
    polygons = [coords] if geometry["type"] == "Polygon" else coords
    return [[ring_array(ring) for ring in poly] for poly in polygons]


def simplify_geometry(geometry: dict, tolerance: float, budget: list[int] | None = None, room: list[int] | None = None,
                      arrays: list[list[np.ndarray]] | None = None) -> dict:
    """A Polygon/MultiPolygon simplified ring by ring; holes and islands smaller than the
    tolerance are dropped, an outer ring never (a tiny one keeps its original positions);
    coordinates rounded to :data:`COORD_DECIMALS`. Every ring must pass :func:`ring_array`
    (``arrays``: the rings already converted)."""
    arrays = arrays if arrays is not None else _polygon_arrays(geometry)
    out_polys = []
    for poly in arrays:
        rings = []
        for j, arr in enumerate(poly):
            simple = simplify_ring(arr, tolerance, budget, room)
            if len(simple) < 4:
                if j > 0 or out_polys:
                    continue  # a hole, or an island of a multipolygon, below the tolerance
                simple = arr
            rings.append(np.round(simple, COORD_DECIMALS).tolist())
        if rings:
            out_polys.append(rings)
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": out_polys[0]}
    return {"type": "MultiPolygon", "coordinates": out_polys}


def simplify_for_dashboard(geometries: list[dict]) -> tuple[list[dict], float]:
    """Simplify all geometries with the first tolerance of :data:`TOLERANCES` that keeps at
    most :data:`MAX_STORED_POINTS` positions in total; returns them and the tolerance used.
    Raises :class:`BoundaryTooDetailed` when even the coarsest tolerance keeps too many, or
    when the work exceeds :data:`WORK_PER_POINT` distance computations per position."""
    arrays = [_polygon_arrays(g) for g in geometries]
    total = sum(len(r) for polys in arrays for poly in polys for r in poly)
    budget = [WORK_PER_POINT * max(total, 1000)]
    for tol in TOLERANCES:
        room = [MAX_STORED_POINTS]
        try:
            out = [simplify_geometry(g, tol, budget, room, arrays=a) for g, a in zip(geometries, arrays, strict=False)]
        except _OverBudget:
            continue
        if sum(count_points(g) for g in out) <= MAX_STORED_POINTS:
            return out, tol
    raise BoundaryTooDetailed("terlalu banyak titik")

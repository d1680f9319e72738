"""Importing real boundaries: the shared BIG-derived file, by BPS code or by Kemendagri code."""
import copy
import json

import pytest

from sinergi.core.geo import TOLERANCES, simplify_geometry
from sinergi.core.problems import ValidationFailed
from sinergi.web.regions.actions import import_boundaries
from sinergi.web.regions.models import Boundary

pytestmark = pytest.mark.django_db


@pytest.fixture
def geojson(shared_reference):
    return json.loads((shared_reference / "geo" / "kaltim_kabkota.geojson").read_text(encoding="utf-8"))


def test_import_by_bps_code(shared_reference):
    codes = import_boundaries(None, shared_reference / "geo" / "kaltim_kabkota.geojson")
    assert sorted(codes) == ["6401", "6402", "6403", "6404", "6405", "6409", "6411", "6471", "6472", "6474"]
    assert Boundary.objects.get(region_id="6402").matched_by == "bps"


@pytest.mark.parametrize("style", ["dotted", "kdpkab"])
def test_import_by_kemendagri_code_never_joins_on_digits(geojson, tmp_path, style):
    data = copy.deepcopy(geojson)
    for f in data["features"]:
        props = f["properties"]
        kmd = props.pop("kemendagri_code")
        props.pop("bps_code")
        if style == "dotted":
            props["kemendagri_code"] = kmd
        else:
            props["KDPKAB"] = kmd.replace(".", "")
    path = tmp_path / "kmd.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    import_boundaries(None, path)
    names = {b.region_id: (b.matched_by, b.geometry) for b in Boundary.objects.all()}
    assert len(names) == 10
    # Kemendagri 64.07 is Kutai Barat = BPS 6402 (not 6407); 64.02 is Kutai Kartanegara = BPS 6403
    # stored simplified at the finest tolerance (the shared file is small enough for it)
    by_name = {f["properties"]["name"]: simplify_geometry(f["geometry"], TOLERANCES[0]) for f in geojson["features"]}
    assert names["6402"][1] == by_name["Kabupaten Kutai Barat"]
    assert names["6403"][1] == by_name["Kabupaten Kutai Kartanegara"]
    assert names["6405"][1] == by_name["Kabupaten Berau"]
    assert all(m == "kemendagri" for m, _ in names.values())


def test_bad_boundary_file_reports_every_feature_and_writes_nothing(geojson, tmp_path):
    data = copy.deepcopy(geojson)
    data["features"][0]["properties"] = {"name": "tanpa kode"}
    data["features"][1]["properties"]["bps_code"] = "6499"
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        import_boundaries(None, path)
    assert [(p.code, p.row) for p in exc.value.problems] == [("KODE_WILAYAH_TIDAK_ADA", 1), ("WILAYAH_TIDAK_DIKENAL", 2)]
    assert Boundary.objects.count() == 0


def test_not_json(tmp_path):
    path = tmp_path / "x.geojson"
    path.write_text("bukan json", encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        import_boundaries(None, path)
    assert exc.value.problems[0].code == "GEOJSON_TIDAK_SAH"


# ------------------------------------------------------------- size: bounded and simplified (issue 15)

def _dense_polygon(n, lon, lat, radius=0.12):
    """A closed ring of ``n`` positions: a wavy circle, far more detailed than a map can show."""
    import numpy as np

    th = np.linspace(0.0, 2 * np.pi, n - 1, endpoint=False)
    r = radius * (1 + 0.1 * np.sin(40 * th)) + 0.00001 * np.sin(7919 * th)
    ring = np.round(np.c_[lon + r * np.cos(th), lat + r * np.sin(th)], 6).tolist()
    return {"type": "Polygon", "coordinates": [ring + ring[:1]]}


def test_million_point_boundary_file_is_simplified_and_pages_stay_small(geojson, tmp_path, client, make_user):
    from sinergi.core.geo import MAX_STORED_POINTS, count_points
    from sinergi.web.accounts.models import Role
    from sinergi.web.audit.models import AuditEvent

    data = copy.deepcopy(geojson)
    others = sum(count_points(f["geometry"]) for f in data["features"] if f["properties"]["bps_code"] != "6472")
    for f in data["features"]:
        if f["properties"]["bps_code"] == "6472":
            f["geometry"] = _dense_polygon(1_000_001 - others, *f["properties"]["label_point"])
    assert sum(count_points(f["geometry"]) for f in data["features"]) == 1_000_001
    path = tmp_path / "rinci.geojson"
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    assert len(import_boundaries(None, path)) == 10
    stored = sum(count_points(b.geometry) for b in Boundary.objects.all())
    assert stored <= MAX_STORED_POINTS
    samarinda = Boundary.objects.get(region_id="6472").geometry
    assert 50 < count_points(samarinda) < 5_000  # the waves survive, the millions of positions do not
    event = AuditEvent.objects.filter(action="impor_batas_wilayah").latest("id")
    assert event.after["titik_berkas"] == 1_000_001 and event.after["titik_disimpan"] == stored and event.after["toleransi_derajat"] == 0.0005
    client.force_login(make_user("v", Role.VIEWER))
    page = client.get("/dasbor/")  # the statistics dashboard with the map
    assert page.status_code == 200 and len(page.content) < 1_000_000, len(page.content)  # was 20.8 MB


def test_boundary_files_beyond_the_limits_are_refused(shared_reference, monkeypatch):
    from sinergi.web.regions import actions

    path = shared_reference / "geo" / "kaltim_kabkota.geojson"
    monkeypatch.setattr(actions, "MAX_BOUNDARY_BYTES", 10_000)
    with pytest.raises(ValidationFailed) as exc:
        import_boundaries(None, path)
    assert exc.value.problems[0].code == "BATAS_TERLALU_BESAR" and "MB" in exc.value.problems[0].message
    monkeypatch.setattr(actions, "MAX_BOUNDARY_BYTES", 10**9)
    monkeypatch.setattr(actions, "MAX_BOUNDARY_POINTS", 1_000)
    with pytest.raises(ValidationFailed) as exc:
        import_boundaries(None, path)
    assert exc.value.problems[0].code == "BATAS_TERLALU_RINCI" and "4.460 titik" in exc.value.problems[0].message
    assert Boundary.objects.count() == 0


def test_boundary_that_cannot_be_simplified_enough_is_refused(shared_reference, monkeypatch):
    from sinergi.core import geo

    monkeypatch.setattr(geo, "MAX_STORED_POINTS", 100)  # the province needs far more even at 0.008°
    with pytest.raises(ValidationFailed) as exc:
        import_boundaries(None, shared_reference / "geo" / "kaltim_kabkota.geojson")
    (p,) = exc.value.problems
    assert p.code == "BATAS_TERLALU_RINCI" and "0.008" in p.message and "Simplify" in p.fix
    assert Boundary.objects.count() == 0


@pytest.mark.parametrize("coordinates", [[[["a", "b"], [1, 2], [3, 4], ["a", "b"]]], [[[116, 0], [117, 0], [116, 0]]], [[[116, 0], [117, 1e999], [117, 1], [116, 0]]], "x", [[1, 2]]])
def test_malformed_coordinates_are_a_problem(geojson, tmp_path, coordinates):
    data = copy.deepcopy(geojson)
    data["features"][3]["geometry"] = {"type": "Polygon", "coordinates": coordinates}
    path = tmp_path / "rusak.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        import_boundaries(None, path)
    assert [(p.code, p.row) for p in exc.value.problems] == [("GEOMETRI_TIDAK_SAH", 4)]
    assert Boundary.objects.count() == 0


def test_simplification_keeps_shape_within_the_tolerance():
    """Every dropped position lies within the tolerance of the simplified outline."""
    import numpy as np

    from sinergi.core.geo import simplify_ring

    ring = np.array(_dense_polygon(20_001, 116.0, 0.0)["coordinates"][0])
    out = simplify_ring(ring, 0.0005)
    assert np.array_equal(out[0], out[-1]) and 20 < len(out) < 2_000
    a, b = out[:-1], out[1:]
    d = b - a
    for p in ring[::97]:
        t = np.clip(((p - a) * d).sum(1) / (d * d).sum(1), 0, 1)
        dist = np.hypot(*(p - a - t[:, None] * d).T).min()
        assert dist <= 0.0005 + 1e-9

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

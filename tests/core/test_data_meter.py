"""The real-data meter: every input in exactly one class, by its quality mark."""
import math

import pandas as pd
import pytest

from sinergi.core.ipk import compute
from sinergi.core.stats.meter import DataMeter, count_quality, meter_of_row, meter_table, quality_class
from sinergi.documents.ipk_files import load_default_data, load_default_method


@pytest.mark.parametrize("quality,value,expected", [
    ("real", 1.0, "bersumber"), ("nyata", 1.0, "bersumber"), ("", 1.0, "bersumber"),
    ("low_confidence", 1.0, "bersumber"), ("conflicting,low_confidence", 1.0, "bersumber"),
    ("derived", 1.0, "turunan"), ("turunan", 1.0, "turunan"), ("derived,low_confidence", 1.0, "turunan"),
    ("illustrative", 1.0, "ilustratif"), ("derived,illustrative", 1.0, "ilustratif"), (["turunan", "ilustratif"], 1.0, "ilustratif"),
    ("real", None, "kosong"), ("illustrative", math.nan, "kosong"),
])
def test_quality_class(quality, value, expected):
    assert quality_class(quality, value) == expected


def test_unstated_quality_is_not_passed_off_as_sourced_when_stating_it_is_required():
    m = count_quality(["real", "", "illustrative", "derived"], [1, 2, 3, math.nan], subject="IPK X 2024", unstated_is_sourced=False)
    assert (m.sourced, m.unstated, m.illustrative, m.missing, m.total, m.used) == (1, 1, 1, 1, 4, 3)
    assert m.text() == "IPK X 2024: 1 dari 4 masukan bersumber, 1 ilustratif, 1 tanpa tanda kualitas, 1 kosong"
    assert not m.complete and count_quality(["real", "derived"]).complete


def test_meters_add_and_round_trip_through_a_table():
    frame = pd.DataFrame({"r": ["a", "a", "b", "b", "b"], "quality": ["real", "illustrative", "derived", "", "illustrative"],
                          "value": [1.0, 2.0, 3.0, 4.0, None]})
    t = meter_table(frame, ["r"]).set_index("r")
    assert t.loc["a", ["bersumber", "ilustratif", "total"]].tolist() == [1, 1, 2]
    assert t.loc["b", ["bersumber", "turunan", "kosong", "total"]].tolist() == [1, 1, 1, 3]
    total = meter_of_row(t.loc["a"]) + meter_of_row(t.loc["b"])
    assert isinstance(total, DataMeter) and (total.sourced, total.derived, total.illustrative, total.missing) == (2, 1, 1, 1)


def test_ipk_meter_matches_the_quality_marks_of_each_region_year():
    method = load_default_method()
    data = load_default_data(method)
    res = compute(method, data)
    meters = res.meters().set_index(["region_code", "year"])
    for (region, year), g in data.groupby(["region_code", "year"]):
        row = meters.loc[(region, year)]
        assert row["bersumber"] == (g["quality"] == "real").sum()
        assert row["turunan"] == (g["quality"] == "derived").sum()
        assert row["ilustratif"] == (g["quality"] == "illustrative").sum()
        assert row["total"] == method.n_subs
    assert res.meter("6472", 2024).text().startswith("IPK Samarinda 2024: ")

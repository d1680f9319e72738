"""The embedded Kalimantan Timur data: loaded whole, traceable, and consistent with itself."""
import pytest

from sinergi.web.regions.models import Region
from sinergi.web.statistics.models import Indicator, Observation
from sinergi.web.statistics.queries import headline

pytestmark = pytest.mark.django_db


def test_province_and_ten_regencies_with_both_code_systems():
    regions = {r.code: r for r in Region.objects.all()}
    assert len(regions) == 11
    assert regions["64"].type == "provinsi"
    assert sum(r.type == "kota" for r in regions.values()) == 3
    # the four regencies that Kemendagri numbers differently
    assert regions["6402"].kemendagri_code == "64.07"
    assert regions["6403"].kemendagri_code == "64.02"
    assert regions["6404"].kemendagri_code == "64.08"
    assert regions["6405"].kemendagri_code == "64.03"
    assert all(r.tile_col is not None for r in regions.values() if r.code != "64")


def _shipped_rows() -> int:
    import csv

    from sinergi.data import EMBEDDED_STATISTICS, data_path

    total = 0
    for parts in EMBEDDED_STATISTICS:
        with open(data_path(*parts), encoding="utf-8", newline="") as f:
            total += sum(1 for _ in csv.DictReader(f))
    return total


def test_every_shipped_figure_is_loaded_with_its_source():
    # 631 rows of the first collection + 450 of the December 2026 additions
    assert _shipped_rows() == 1081
    assert Observation.objects.count() == 1081
    assert not Observation.objects.filter(source_url="").exists()
    used = set(Observation.objects.values_list("indicator_id", flat=True))
    catalogued = set(Indicator.objects.values_list("code", flat=True))
    assert used <= catalogued


def test_sp2020_regencies_sum_to_the_province_with_the_corrected_kukar_figure():
    """The BPS SP2020 release (Sept 2020) for the ten kab/kota: Kukar's printed 792,382 is kept as
    printed (flagged in its note); the ten sum to the province's 3,766,039 only with 729,382."""
    sept = {o.region_id: o.value for o in Observation.objects.filter(indicator_id="population_sp2020", year=2020, month=9, preferred=True)}
    assert sept["64"] == 3766039
    kab = {code: v for code, v in sept.items() if code != "64"}
    assert len(kab) == 10 and kab["6402"] == 172288
    assert "digit transposition" in Observation.objects.get(indicator_id="population_sp2020", region_id="6403", month=9).note
    assert sum(kab.values()) - kab["6403"] + 729382 == 3766039


def test_paser_2023_tpt_is_4_72_with_its_source():
    o = Observation.objects.get(region_id="6401", year=2023, indicator_id="tpt")
    assert o.value == pytest.approx(4.72)
    assert o.source_url.startswith("https://")


def _aug(code, indicator, year):
    obs = headline(indicator, year, ["64"]).get(("64", year))
    return obs.value if obs else None


@pytest.mark.parametrize("year", range(2018, 2026))
def test_tpt_equals_unemployed_over_labour_force(year):
    ak, u, tpt = _aug("64", "angkatan_kerja", year), _aug("64", "pengangguran", year), _aug("64", "tpt", year)
    if None in (ak, u, tpt):
        pytest.skip(f"{year}: AK, penganggur or TPT not published")
    assert 100 * u / ak == pytest.approx(tpt, abs=0.006)


@pytest.mark.parametrize("year", range(2018, 2026))
def test_labour_force_equals_employed_plus_unemployed(year):
    """Within one vintage the identity holds (2018/2019 exist in two Sakernas weightings)."""
    def values(indicator):
        return [o.value for o in Observation.objects.filter(region_id="64", year=year, month=8, indicator_id=indicator)]

    aks, bs, us = values("angkatan_kerja"), values("bekerja"), values("pengangguran")
    if not (aks and bs and us):
        pytest.skip(f"{year}: not all three published")
    assert min(abs(a - b - u) for a in aks for b in bs for u in us) <= 10


def test_tpak_2024_equals_labour_force_over_working_age():
    assert 100 * _aug("64", "angkatan_kerja", 2024) / _aug("64", "penduduk_usia_kerja", 2024) == pytest.approx(67.07, abs=0.01)


@pytest.mark.parametrize(
    "region, year, indicator, preferred",
    [
        ("64", 2019, "angkatan_kerja", 1800441),  # revised BPS vintage over the original release
        ("64", 2019, "tpt", 5.94),
        ("64", 2018, "bekerja", 1620969),
        ("64", 2023, "pengangguran", 103565),  # BPS figure over the flagged conflicting one
        ("64", 2021, "pengangguran", 126186),  # exact count over "126,19 ribu"
        ("64", 2020, "pdrb_adhk2010", 472.39),  # later vintage over the early one
        ("6472", 2022, "umk", 3137576),  # Disnaker Samarinda over the year-shifted Tribun list
        ("64", 2020, "pop_share_age15_64", 70.28),  # curated choice (preferences.csv)
    ],
)
def test_conflicting_sources_keep_all_values_and_prefer_one(region, year, indicator, preferred):
    month = 8 if indicator in ("angkatan_kerja", "tpt", "bekerja", "pengangguran") else None
    group = list(Observation.objects.filter(region_id=region, year=year, month=month, indicator_id=indicator))
    assert len(group) >= 2, "both values are kept"
    chosen = [o for o in group if o.preferred]
    assert len(chosen) == 1
    assert chosen[0].value == pytest.approx(preferred)
    assert all("conflicting" in o.flags for o in group)


def test_low_confidence_mirror_site_is_flagged():
    mirrored = Observation.objects.filter(source_url__contains="newlifepills")
    assert mirrored.count() == 12
    assert all("low_confidence" in o.flags for o in mirrored)

"""RTK supply by sex: the participation gap projected and backtested like the total; where the
series are too short or missing, nothing is filled in and the reason is said."""
import pandas as pd
import pytest

from sinergi.core.rtk.backtest import ROLLING_COLUMNS
from sinergi.core.rtk.by_sex import (
    NO_DATA,
    VARIABLES,
    project_by_sex,
    rolling_backtest_by_sex,
)
from sinergi.core.rtk.model import RegionSeries


def _series(men: dict, women: dict, code="9901") -> RegionSeries:
    """A test series (not data): TPAK by sex only, as the groups frame holds it."""
    rows = [{"dimension": "jenis_kelamin", "group": g, "year": y, "variable": "TPAK", "value": v, "source": "uji", "note": ""}
            for g, d in (("laki_laki", men), ("perempuan", women)) for y, v in d.items()]
    return RegionSeries(region_code=code, groups=pd.DataFrame(rows))


MEN = {2015 + i: 84.0 - 0.2 * i for i in range(8)}
WOMEN = {2015 + i: 44.0 + 0.6 * i for i in range(8)}


def test_rolling_backtest_rows_for_both_sexes_and_the_gap():
    rb = rolling_backtest_by_sex(_series(MEN, WOMEN))
    e = rb.errors
    assert list(e.columns) == ROLLING_COLUMNS
    assert set(e["variable"]) == set(VARIABLES) and set(e["method"]) == {"metode", "naif_tetap", "naif_laju"}
    assert rb.base_years == [2017, 2018, 2019, 2020, 2021], "three years of both are needed up to a base year"
    assert set(rb.skipped) == {2015, 2016}
    gap = e[(e["variable"] == "SELISIH_TPAK") & (e["method"] == "naif_tetap") & (e["base_year"] == 2017) & (e["year"] == 2020)].iloc[0]
    assert gap["actual"] == pytest.approx(WOMEN[2020] - MEN[2020]) and gap["predicted"] == pytest.approx(WOMEN[2017] - MEN[2017])
    s = rb.summary()
    assert set(s["variable"]) == set(VARIABLES) and (s["n"] > 0).all()
    # like the total's TPAK, each sex's trend stays within its own historical range up to the base year
    w = e[(e["variable"] == "TPAK_PEREMPUAN") & (e["method"] == "metode")]
    assert all(r.predicted <= max(v for y, v in WOMEN.items() if y <= r.base_year) + 1e-9 for r in w.itertuples())
    # the method's rows are women − men of its own two projections
    m = e[(e["method"] == "metode") & (e["base_year"] == 2019) & (e["year"] == 2021)].set_index("variable")["predicted"]
    assert m["SELISIH_TPAK"] == pytest.approx(m["TPAK_PEREMPUAN"] - m["TPAK_LAKI_LAKI"])


def test_projection_of_the_gap_and_missing_series_are_said():
    frame, why = project_by_sex(_series(MEN, WOMEN), 2022, 2027)
    assert why == ""
    proj = frame[frame["basis"] == "proyeksi"]
    assert sorted(set(proj["year"])) == list(range(2023, 2028))
    assert set(frame[frame["basis"] == "data"]["year"]) == set(range(2015, 2023))
    frame, why = project_by_sex(_series({}, WOMEN), 2022, 2027)
    assert frame.empty and why == NO_DATA
    frame, why = project_by_sex(_series({2022: 80.0}, {2022: 50.0}), 2022, 2027)
    assert frame.empty and "kurang dari tiga tahun" in why
    rb = rolling_backtest_by_sex(_series({}, {}))
    assert rb.errors.empty and rb.notes == [NO_DATA]


def test_kaltim_has_too_few_years_of_both_series_to_backtest():
    from sinergi.documents.rtk_files import kaltim_series

    rb = rolling_backtest_by_sex(kaltim_series("64"))
    assert rb.errors.empty or set(rb.errors["variable"]) <= set(VARIABLES)
    assert rb.skipped or rb.notes, "the reason is said, nothing is filled in"

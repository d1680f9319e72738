"""The one preferred-value rule: ranked sources, the planner's pick, curated choices."""
import pandas as pd
import pytest

from sinergi.core.stats import ObservationRecord, choose_preferred, mark_preferred, source_kind, validate_observations


@pytest.mark.parametrize(
    "url, kind",
    [
        ("https://kaltim.bps.go.id/id/pressrelease/2021/11/05/859", "bps"),
        ("https://ppukab.bps.go.id/id/pressrelease/2021/03/02/187", "bps"),
        ("https://www.bps.go.id/id/statistics-table/2/NTQzIzI=", "bps"),
        ("https://bps.go.id.", "bps"),
        ("https://sadap.kaltimprov.go.id/halaman/ketenagakerjaan", "pemerintah"),
        ("https://disnakertrans.beraukab.go.id/berita", "pemerintah"),
        ("https://kaltim.antaranews.com/berita/45931", "berita"),
        ("https://bps.go.id.example.com/palsu", "berita"),  # a look-alike domain is not BPS
        ("https://example.com/?u=https://kaltim.bps.go.id", "berita"),  # nor is BPS in the query string
        ("bukan alamat", "berita"),
    ],
)
def test_source_class_from_the_address(url, kind):
    assert source_kind(url) == kind


def test_explicit_class_wins_over_the_address_but_illustrative_stays_illustrative():
    assert source_kind("https://example.com/tabel", explicit="bps") == "bps"
    assert source_kind("https://kaltim.bps.go.id/x", ["illustrative"], explicit="bps") == "ilustratif"


def rec(value, url, **kw):
    return ObservationRecord(region_code="6472", year=2024, month=8, indicator="tpt", value=value, unit="percent", source_url=url, **kw)


def preferred_value(records, curated=None):
    choose_preferred(records, curated)
    (best,) = [r for r in records if r.preferred]
    return best.value


def test_bps_over_government_office_over_news_over_illustrative_whatever_the_order():
    news = rec(5.75, "https://radarmedia.id/tpt")
    office = rec(5.80, "https://disnaker.samarindakota.go.id/tpt")
    bps = rec(5.85, "https://samarindakota.bps.go.id/tpt")
    ill = rec(5.0, "https://example.com/ilustrasi", quality=["illustrative"])
    assert preferred_value([ill, news, office, bps]) == 5.85
    assert preferred_value([rec(5.75, "https://radarmedia.id/tpt"), rec(5.80, "https://disnaker.samarindakota.go.id/tpt")]) == 5.80
    assert preferred_value([rec(5.0, "https://kaltim.bps.go.id/x", quality=["illustrative"]), rec(5.75, "https://radarmedia.id/tpt")]) == 5.75


def test_the_source_class_beats_the_note_penalty_within_the_rule():
    """A BPS figure "reported as" rounded still wins over an exact news figure (the ranking comes first)."""
    assert preferred_value([rec(1720361, "https://kaltim.antaranews.com/a"), rec(1720360, "https://kaltim.bps.go.id/b", note="reported as 1.720,36 ribu")]) == 1720360


def test_a_planners_pick_wins_over_everything_and_a_curated_choice_over_the_class():
    picked = rec(5.75, "https://radarmedia.id/tpt", pinned=True)
    assert preferred_value([rec(5.85, "https://samarindakota.bps.go.id/tpt"), picked]) == 5.75
    curated = {("6472", 2024, 8, "tpt"): 5.75}
    assert preferred_value([rec(5.85, "https://samarindakota.bps.go.id/tpt"), rec(5.75, "https://radarmedia.id/tpt")], curated) == 5.75


def test_mark_preferred_reports_the_class_and_reads_an_explicit_column():
    frame = pd.DataFrame(
        [
            {"region_code": "6472", "year": "2024", "month": "8", "indicator": "tpt", "value": 5.75, "source_url": "https://radarmedia.id/x", "note": ""},
            {"region_code": "6472", "year": "2024", "month": "8", "indicator": "tpt", "value": 5.85, "source_url": "file:tabel-bps.xlsx", "note": "", "source_kind": "bps"},
        ]
    )
    out = mark_preferred(frame)
    assert out.loc[out.preferred, "value"].tolist() == [5.85]
    assert out["source_kind"].tolist() == ["berita", "bps"]


def test_one_source_gives_one_value_per_figure_in_a_file():
    row = {"region_code": "6472", "year": "2024", "month": "8", "indicator": "tpt", "value": "5,85", "source_url": "https://kaltim.bps.go.id/x"}
    records, problems = validate_observations([(2, row), (3, {**row, "value": "5,95"})], {"6472"}, {"tpt": "percent"})
    (p,) = problems
    assert p.code == "BARIS_GANDA" and p.row == 3 and "baris 2" in p.message and "nilai lain" in p.message


def test_unknown_source_class_is_a_problem():
    row = {"region_code": "6472", "year": "2024", "month": "8", "indicator": "tpt", "value": "5", "source_url": "https://x.id", "source_kind": "koran"}
    _, problems = validate_observations([(2, row)], {"6472"}, {"tpt": "percent"})
    assert [(p.code, p.column) for p in problems] == [("JENIS_SUMBER_TIDAK_DIKENAL", "source_kind")]

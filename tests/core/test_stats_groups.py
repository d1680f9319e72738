"""Population groups in the statistics: vocabulary, the sex-specific codes mapped onto groups,
and the gap of each group against its reference (missing stays missing)."""
import pytest

from sinergi.core.stats import validate_observations
from sinergi.core.stats.groups import (
    CODE_GROUPS,
    GROUPS,
    GroupConflict,
    group_code,
    group_gaps,
    normalise,
    split_code,
)
from sinergi.documents.stats_files import embedded_observations

PROPOSAL_TARGET_CODES = {"perempuan", "disabilitas", "pemuda"}  # kelompok_sasaran codes meaning the same people


def test_vocabulary_shares_the_proposal_target_codes():
    assert PROPOSAL_TARGET_CODES <= set(GROUPS)
    assert {"laki_laki", "perkotaan", "perdesaan", "semua"} <= set(GROUPS)
    assert {g for g, (dim, *_) in GROUPS.items() if dim == "pendidikan"} >= {"pendidikan_sd", "pendidikan_smk", "pendidikan_universitas"}


@pytest.mark.parametrize("text, code", [
    ("Laki-laki", "laki_laki"), ("laki_laki", "laki_laki"), ("PEREMPUAN", "perempuan"), ("", "semua"), ("Jumlah", "semua"),
    ("15-24", "pemuda"), ("Perkotaan", "perkotaan"), ("Perdesaan", "perdesaan"), ("SMK", "pendidikan_smk"), ("hewan", None),
])
def test_group_code_reads_file_and_bps_labels(text, code):
    assert group_code(text) == code


def test_sex_specific_codes_map_onto_base_and_group_both_ways():
    assert split_code("tpak_female") == ("tpak", "perempuan")
    assert split_code("tpak", "perempuan") == ("tpak", "perempuan")
    assert split_code("tpt_urban") == ("tpt", "perkotaan")
    assert split_code("tpt") == ("tpt", "semua")
    assert split_code("tpt", "pemuda") == ("tpt", "pemuda")
    assert normalise("tpak", "perempuan") == ("tpak_female", "perempuan")
    assert normalise("tpt_male", "") == ("tpt_male", "laki_laki")
    assert normalise("tpt", "pemuda") == ("tpt", "pemuda")
    assert normalise("tpt", "semua") == ("tpt", "")
    with pytest.raises(GroupConflict):
        normalise("tpak_female", "laki_laki")
    for code, (base, group) in CODE_GROUPS.items():
        assert normalise(base, group) == (code, group)


def test_every_mapped_code_and_its_base_are_in_the_catalogue():
    import csv

    from sinergi.data import data_path

    with open(data_path("kaltim", "indicators.csv"), encoding="utf-8") as f:
        catalogue = {r["code"] for r in csv.DictReader(f)}
    for code, (base, _) in CODE_GROUPS.items():
        assert code in catalogue and base in catalogue, code
    # every sex-specific catalogue code whose base exists is mapped (none left outside the table)
    for code in catalogue:
        for suffix, group in (("_male", "laki_laki"), ("_female", "perempuan")):
            if code.endswith(suffix) and code[: -len(suffix)] in catalogue:
                assert CODE_GROUPS.get(code) == (code[: -len(suffix)], group)


def _row(**kw):
    base = {"region_code": "64", "year": 2023, "month": 8, "indicator": "tpak", "value": 50.0,
            "source_url": "https://kaltim.bps.go.id/x"}
    return base | kw


def test_long_form_kelompok_column_is_validated_and_normalised():
    indicators = {"tpak": "percent", "tpak_female": "percent", "tpak_male": "percent", "tpt": "percent"}
    rows = [(2, _row(kelompok="perempuan", value=46.86)), (3, _row(indicator="tpak_male", value=82.82)),
            (4, _row(indicator="tpt", kelompok="pemuda", value=17.1)), (5, _row(kelompok="semua", value=65.57))]
    records, problems = validate_observations(rows, {"64"}, indicators)
    assert not problems
    assert [(r.indicator, r.kelompok) for r in records] == [("tpak_female", "perempuan"), ("tpak_male", "laki_laki"),
                                                           ("tpt", "pemuda"), ("tpak", "")]
    assert len({r.key for r in records}) == 4  # the group is part of the figure
    _, problems = validate_observations([(2, _row(kelompok="hewan")), (3, _row(indicator="tpak_female", kelompok="laki_laki"))],
                                        {"64"}, indicators, where={"file": "f.csv"})
    codes = [(p.code, p.row, p.column) for p in problems]
    assert codes == [("KELOMPOK_TIDAK_DIKENAL", 2, "kelompok"), ("KELOMPOK_BERTENTANGAN", 3, "kelompok")]


def test_same_figure_for_two_groups_is_not_a_duplicate_but_two_sources_get_one_preferred():
    from sinergi.core.stats import choose_preferred

    indicators = {"tpt": "percent"}
    rows = [(2, _row(indicator="tpt", value=5.31)), (3, _row(indicator="tpt", kelompok="pemuda", value=17.1)),
            (4, _row(indicator="tpt", kelompok="pemuda", value=16.0, source_url="https://example.com/berita"))]
    records, problems = validate_observations(rows, {"64"}, indicators)
    assert not problems
    choose_preferred(records)
    assert [r.preferred for r in records] == [True, True, False]  # BPS beats news within the youth figure
    assert "conflicting" not in records[0].quality and "conflicting" in records[1].quality


def test_kaltim_gender_participation_gap_from_the_embedded_statistics():
    obs = embedded_observations()
    rows = obs.to_dict("records")
    gaps = {(g.indicator, g.kelompok): g for g in group_gaps(rows, "64", 2023)}
    women = gaps[("tpak", "perempuan")]
    assert (women.value, women.reference_value, women.reference_kelompok, women.month) == (46.86, 82.82, "laki_laki", 8)
    assert women.gap == pytest.approx(-35.96)
    assert women.behind is True
    assert women.source_url.startswith("http") and women.reference_source_url.startswith("http")
    men = gaps[("tpak", "laki_laki")]
    assert men.reference_kelompok == "semua" and men.reference_value == 65.57 and men.gap == pytest.approx(82.82 - 65.57)
    # education-specific catalogue codes are groups too: TPT of general upper secondary graduates, same round
    sma = gaps[("tpt", "pendidikan_sma")]
    assert (sma.value, sma.reference_value, sma.month) == (7.19, 5.31, 8) and sma.gap == pytest.approx(1.88)
    smk = gaps[("tpt", "pendidikan_smk")]
    assert (smk.value, smk.reference_value, smk.month) == (9.21, 6.37, 2), "no August SMK figure: February against February"
    # no youth, disability or diploma series in the reference data: missing, not zero
    for g in ("pemuda", "disabilitas", "pendidikan_diploma"):
        assert gaps[("tpt", g)].value is None and gaps[("tpt", g)].gap is None and gaps[("tpt", g)].missing
        assert gaps[("tpt", g)].reference_value == 5.31  # the reference is still shown
    tpt_women = gaps[("tpt", "perempuan")]
    assert (tpt_women.value, tpt_women.reference_value) == (6.31, 4.79) and tpt_women.behind is True


def test_gap_uses_the_same_round_for_group_and_reference():
    rows = [
        {"region_code": "64", "year": 2025, "month": 2, "indicator": "tpak_female", "value": 48.64, "source_url": "https://a"},
        {"region_code": "64", "year": 2025, "month": 2, "indicator": "tpak_male", "value": 82.88, "source_url": "https://b"},
        {"region_code": "64", "year": 2025, "month": 8, "indicator": "tpak_male", "value": 80.0, "source_url": "https://c"},
        {"region_code": "64", "year": 2025, "month": 11, "indicator": "tpak", "kelompok": "perempuan", "value": 42.84, "source_url": "https://d"},
        {"region_code": "64", "year": 2025, "month": 11, "indicator": "tpak_male", "value": 82.49, "source_url": "https://e", "preferred": False},
    ]
    g = next(x for x in group_gaps(rows, "64", 2025, indicators=["tpak"], groups=["perempuan"]))
    assert (g.month, g.value, g.reference_value, g.source_url, g.reference_source_url) == (2, 48.64, 82.88, "https://a", "https://b")
    none = group_gaps(rows, "6401", 2025, indicators=["tpak"], groups=["perempuan"])[0]
    assert none.value is None and none.reference_value is None and none.missing

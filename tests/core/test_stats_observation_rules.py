"""The statistics rows are checked by declarative rules (core/rules.py): problems come row by row,
within a row the blank required cells first and then the other cells in column order, and one
cell may give several problems (several unknown quality words)."""
from sinergi.core.stats import validate_observations

GOOD = {"region_code": "64", "year": 2023, "indicator": "tpt", "value": "5,31", "source_url": "https://kaltim.bps.go.id/a"}


def _codes(problems):
    return [(p.row, p.code, p.column) for p in problems]


def test_problems_come_row_by_row_in_the_order_of_the_rows_given():
    rows = [
        (9, {**GOOD, "year": "abc", "indicator": ""}),
        (3, {**GOOD, "quality": "foo bar", "unit": "x" * 61}),
        (5, {**GOOD, "region_code": "99", "source_url": None}),
    ]
    records, problems = validate_observations(rows, {"64"}, {"tpt": "persen"}, where={"file": "a.csv"})
    assert records == []
    assert _codes(problems) == [
        (9, "WAJIB_KOSONG", "indicator"),  # a blank required cell before the other cells of its row
        (9, "TAHUN_TIDAK_VALID", "year"),
        (3, "KUALITAS_TIDAK_DIKENAL", "quality"),  # one cell, two unknown words, two problems
        (3, "KUALITAS_TIDAK_DIKENAL", "quality"),
        (3, "TEKS_TERLALU_PANJANG", "unit"),
        (5, "WAJIB_KOSONG", "source_url"),
        (5, "WILAYAH_TIDAK_DIKENAL", "region_code"),
    ]
    assert [p.value for p in problems if p.code == "KUALITAS_TIDAK_DIKENAL"] == ["foo", "bar"]
    assert {p.file for p in problems} == {"a.csv"}


def test_group_conflict_and_duplicate_follow_the_cell_problems_of_their_row():
    rows = [
        (2, {**GOOD, "indicator": "tpak_female", "kelompok": "laki_laki", "month": "13"}),
        (3, dict(GOOD)),
        (4, {**GOOD, "value": "6"}),
    ]
    records, problems = validate_observations(rows, {"64"}, {"tpt": "persen", "tpak_female": "persen"})
    assert [r.row for r in records] == [3]
    assert _codes(problems) == [
        (2, "BULAN_TIDAK_VALID", "month"),
        (2, "KELOMPOK_BERTENTANGAN", "kelompok"),
        (4, "BARIS_GANDA", ""),
    ]

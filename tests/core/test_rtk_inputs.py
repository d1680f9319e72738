"""RTK input rows are checked in core (core/rtk/inputs.py), from a table already read: every
problem at once, row by row, at the place the user sees it."""
import pandas as pd
import pytest

from sinergi.core.problems import ValidationFailed
from sinergi.core.rtk.inputs import check_long_rows
from sinergi.documents.rtk_files import load_sector_scheme


def _frame(*rows):
    return pd.DataFrame(rows, columns=["region_code", "year", "variable", "sector", "value", "kelompok"])


def test_rows_of_the_region_are_read_and_tpak_by_sex_goes_to_groups():
    frame = _frame(("64", "2023", "kk", "", "1.574.000", ""), ("6401", "2023", "KK", "", "9", ""),
                   ("64", "2023", "TPAK", "", "67,07", "perempuan"), ("64.0", "2023", "PDRB", "F", "12", ""))
    rows, groups = check_long_rows(frame, "64", load_sector_scheme(), rows=[2, 3, 4, 5], name="d.csv")
    assert [(r["variable"], r["sector"], r["value"]) for r in rows] == [("KK", "", 1574000.0), ("PDRB", "F", 12.0)]
    assert rows[0]["source"] == "d.csv baris 2"
    assert [(g["group"], g["value"]) for g in groups] == [("perempuan", 67.07)]


def test_every_problem_is_reported_row_by_row_with_the_header_the_user_wrote():
    frame = _frame(("64", "", "FOO", "F", "x", ""), ("64", "2023", "AK", "F", "574.000", ""),
                   ("64", "2023", "KK", "ZZ", "", "laki_laki"), ("64", "2024", "KK", "", "5", ""), ("64", "2024", "KK", "", "6", ""))
    with pytest.raises(ValidationFailed) as exc:
        check_long_rows(frame, "64", load_sector_scheme(), rows=[2, 3, 4, 5, 6], file="d.csv", columns={"year": "Tahun"})
    got = [(p.row, p.code, p.column) for p in exc.value.problems]
    assert got == [
        (2, "TAHUN_TIDAK_SAH", "Tahun"),
        (2, "VARIABEL_TIDAK_DIKENAL", "variable"),
        (2, "BUKAN_ANGKA", "value"),
        (3, "SEKTOR_TIDAK_BERLAKU", "sector"),
        (3, "ANGKA_RAGU", "value"),
        (4, "SEKTOR_TIDAK_DIKENAL", "sector"),
        (4, "NILAI_KOSONG", "value"),
        (4, "KELOMPOK_TIDAK_BERLAKU", "kelompok"),
        (6, "BARIS_GANDA", "variable"),
    ]
    assert {p.file for p in exc.value.problems} == {"d.csv"}

import math

import pytest

from sinergi.core.numbers import NotANumber, format_id, parse_int, parse_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("4.72", 4.72),
        ("4,72", 4.72),
        ("1.234,5", 1234.5),
        ("1.234.567", 1234567),
        ("1,234,567.25", 1234567.25),
        ("Rp 3.762.431", 3762431),
        ("Rp3.762.431,00", 3762431),
        ("-2,85", -2.85),
        ("67,07%", 67.07),
        (" 2 083 469 ", 2083469),
        (1976447, 1976447),
        (5.14, 5.14),
    ],
)
def test_numbers_as_indonesian_offices_write_them(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "n/a", "empat", "1,2,3", "4.72 persen", float("nan"), True, "12-3"])
def test_text_that_is_not_a_number_is_refused(text):
    with pytest.raises(NotANumber):
        parse_number(text)


def test_year_from_a_spreadsheet_cell():
    assert parse_int(2023.0) == 2023
    with pytest.raises(NotANumber):
        parse_int("2023,5")


def test_indonesian_format_and_missing_is_said():
    assert format_id(1234567.891, 2) == "1.234.567,89"
    assert format_id(5.14, 2) == "5,14"
    assert format_id(None) == "data belum tersedia"
    assert format_id(math.nan) == "data belum tersedia"


@pytest.mark.parametrize("text, expected", [("1.250", 1250), ("150.000", 150000), ("1.500.000.000", 1500000000), ("2.5", 2.5), ("1.250,5", 1250.5), ("25", 25)])
def test_counts_and_rupiah_typed_by_people_read_dots_as_thousands(text, expected):
    assert parse_number(text, thousands_dot=True) == expected


def test_machine_data_keep_a_single_dot_as_decimal_point():
    assert parse_number("177.370") == pytest.approx(177.37)  # PDRB ADHB, trillion rupiah, as shipped

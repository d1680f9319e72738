"""The unit vocabulary (labels and precision), the catalogue's unit columns in step with it,
curators' notes (translated or marked English) and the removal of file references from text."""
from __future__ import annotations

import csv

from sinergi.core.notes import is_english, note_for
from sinergi.core.references import without_file_references
from sinergi.core.units import UNITS, unit_decimals, unit_label
from sinergi.data import data_path


def test_units_say_their_name_in_each_language_and_their_precision():
    assert unit_label("persons") == "jiwa" and unit_label("persons", "en") == "persons"
    assert unit_label("IDR per month") == "rupiah per bulan" and unit_label("percent") == "persen"
    assert unit_label("satuan baru") == "satuan baru"  # unknown units as written
    assert unit_decimals("persons") == 0 and unit_decimals("IDR") == 0 and unit_decimals("percent") == 2
    assert unit_decimals("tidak dikenal", 3.0) == 0 and unit_decimals("tidak dikenal", 3.25) == 2
    for unit in UNITS.values():
        assert not any(w in unit.id.lower().split() for w in ("percent", "persons", "idr"))


def test_catalogue_unit_columns_follow_the_vocabulary():
    with open(data_path("kaltim", "indicators.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and {"satuan", "satuan_en", "desimal"} <= set(rows[0])
    for r in rows:
        assert r["satuan"] == unit_label(r["unit"]), r["code"]
        assert r["satuan_en"] == unit_label(r["unit"], "en"), r["code"]
        assert 0 <= int(r["desimal"]) <= 4, r["code"]  # the unit's precision unless the catalogue says otherwise


def test_notes_are_translated_or_marked():
    assert note_for("February round") == ("putaran Februari", "id")
    assert note_for("February round", "en") == ("February round", "en")
    assert note_for("BI Kaltim 'andil', whole percent; semantics not stated")[1] == "en"
    assert note_for("angka sementara dari BPS") == ("angka sementara dari BPS", "id")
    assert is_english("year not stated") and not is_english("tahun tidak disebut")


def test_file_references_leave_page_text():
    assert without_file_references("Setengah pengangguran (METHOD.md §5) menunjukkan") == "Setengah pengangguran menunjukkan"
    assert without_file_references("Dek 2019 (INFERRED, METHOD.md §2): bobot") == "Dek 2019 (INFERRED): bobot"
    assert without_file_references("5,62 % (economy.csv growth_pdrb_adhk).") == "5,62 % (data bawaan Sinergi)."
    assert without_file_references("data/ipk/metode_bawaan.csv") == "data bawaan Sinergi"
    assert without_file_references("SDG 8.3.1; 3.5 %") == "SDG 8.3.1; 3.5 %"

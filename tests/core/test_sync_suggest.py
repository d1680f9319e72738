"""Code suggestions from free text: the alias table carries the domain knowledge."""
from __future__ import annotations

import csv

import pytest

from sinergi.core.sync import CodeSuggester, nomenclature_from_rows, parse_level
from sinergi.documents.sync_files import load_alias_table, load_default_nomenclature

# (text, level, acceptable sub-kegiatan: any of them in the top 3)
TRAINING_KAB = {"2.07.03.2.01.0001", "2.07.03.2.01.0004", "2.07.03.2.01.0009"}
CASES = [
    ("Pelatihan operator alat berat", "kabkota", TRAINING_KAB),
    ("Pelatihan operator alat berat", "provinsi", {"2.07.03.1.01.0001"}),
    ("Pembangunan gedung BLK", "kabkota", {"2.07.03.2.01.0003", "2.07.03.2.01.0005", "2.07.03.2.01.0008"}),
    ("Pembangunan gedung BLK", "provinsi", {"2.07.03.1.01.0003"}),
    ("Pembentukan kelompok TKM", "kabkota", {"2.07.04.2.01.0005"}),
    ("Pembentukan kelompok TKM", "provinsi", {"2.07.04.1.01.0005"}),
    ("Pelatihan las", "kabkota", TRAINING_KAB),
    ("Pelatihan las", "provinsi", {"2.07.03.1.01.0001"}),
    ("Pelatihan satpam", "kabkota", TRAINING_KAB),
    ("Pelatihan satpam", "provinsi", {"2.07.03.1.01.0001"}),
    ("Job fair tahunan", "kabkota", {"2.07.04.2.03.0003"}),
    ("Penyusunan dokumen RTKD", "kabkota", {"2.07.02.2.01.0001"}),
    ("Pemeriksaan K3 perusahaan", "provinsi", {"2.07.06.1.01.0003"}),
]


@pytest.fixture(scope="module")
def full(shared_reference):
    with open(shared_reference / "nomenklatur" / "nomenklatur_lengkap_uji.csv", newline="", encoding="utf-8") as f:
        return nomenclature_from_rows(list(csv.DictReader(f)), "SIPD 2027").nomenclature


@pytest.fixture(scope="module")
def suggester(full):
    return CodeSuggester(full, load_alias_table())


@pytest.mark.parametrize("text,level,expected", CASES)
def test_examples_land_in_the_top_three(suggester, text, level, expected):
    got = suggester.suggest(text, level)
    assert len(got) == 3
    assert [s.rank for s in got] == [1, 2, 3]
    assert expected & {s.code for s in got}, [(s.code, s.score) for s in got]
    best = got[0]
    assert best.code in expected
    assert "frasa" in best.reason and 0 <= best.score <= 1
    digit = "1" if level == "provinsi" else "2"
    assert all(s.code.split(".")[3] == digit for s in got)


def test_alias_knowledge_beats_surface_similarity(full):
    plain = CodeSuggester(full)  # no alias table: what fuzzy matching alone gives
    with_alias = CodeSuggester(full, load_alias_table())
    text = "Pembentukan kelompok TKM"
    assert with_alias.suggest(text, "kabkota")[0].code == "2.07.04.2.01.0005"
    assert "2.07.04.2.01.0005" not in {s.code for s in plain.suggest(text, "kabkota")}


def test_embedded_version_says_when_the_target_is_missing():
    s = CodeSuggester(load_default_nomenclature(), load_alias_table())
    kab = s.suggest("Pembangunan gedung BLK", "kabkota")
    assert kab[0].code in {"2.07.03.2.01.0003", "2.07.03.2.01.0005"}
    prov = s.suggest("Pembangunan gedung BLK", "provinsi")
    assert "impor nomenklatur resmi" in prov[0].reason


def test_levels_from_what_people_write():
    assert parse_level("Provinsi") == "provinsi"
    assert parse_level("kab/kota") == "kabkota"
    assert parse_level("6472") == "kabkota"
    assert parse_level("64") == "provinsi"
    assert parse_level("desa") is None

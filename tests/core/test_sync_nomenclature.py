"""Nomenclature versions: codes, normalisation, validation of imports, mirrors, completeness."""
from __future__ import annotations

import csv

import pytest

from sinergi.core.problems import ValidationFailed
from sinergi.core.sync import (
    Nomenclature,
    nomenclature_from_rows,
    parse_code,
    pattern_matches,
    rows_from_sipd,
    split_code_and_name,
)
from sinergi.documents.sync_files import load_default_nomenclature


@pytest.fixture(scope="module")
def embedded() -> Nomenclature:
    return load_default_nomenclature()


@pytest.fixture(scope="module")
def full_rows(shared_reference) -> list[dict]:
    with open(shared_reference / "nomenklatur" / "nomenklatur_lengkap_uji.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def full(full_rows) -> Nomenclature:
    return nomenclature_from_rows(full_rows, "SIPD 2027").nomenclature


def test_code_shapes_and_normalisation():
    assert parse_code("2.07.04.2.03.0003").kind == "sub_kegiatan"
    assert parse_code("2.07.04.2.03").kind == "kegiatan"
    assert parse_code("2.07.04").kind == "program"
    old = parse_code("2.07.04.2.01.02")  # Permendagri 90/2019: two-digit sub-kegiatan number
    assert old.code == "2.07.04.2.01.0002" and old.normalised
    assert "2 digit" in old.notes[0]
    assert parse_code("2.7.4.2.1.2").code == "2.07.04.2.01.0002"
    assert parse_code(" 2.07.04.2.01.0002. ").code == "2.07.04.2.01.0002"
    assert not parse_code("2.07.04.2.01.00002x").valid
    assert not parse_code("Pelatihan las").valid
    assert parse_code("2.07.04.2.01.0002").authority == "kabkota"
    assert parse_code("2.07.04.1.01.0002").authority == "provinsi"


def test_split_code_and_name_and_patterns():
    assert split_code_and_name("2.07.04.2.01 Pelayanan antar Kerja") == ("2.07.04.2.01", "Pelayanan antar Kerja")
    assert split_code_and_name("Pelayanan") == ("", "Pelayanan")
    assert pattern_matches("2.07.03.*.01", "2.07.03.2.01.0009")
    assert not pattern_matches("2.07.03.*.01", "2.07.03.2.02.0001")


def test_embedded_version_is_incomplete_at_province_level(embedded):
    assert embedded.embedded
    assert embedded.is_incomplete("provinsi") and not embedded.is_incomplete("kabkota")
    assert embedded.find("2.07.04.2.03.0003").unit == "Orang"
    assert embedded.find("2.07.04.1.03.0003") is None  # the province job fair is missing from the public copy
    # program 01 codes are found under the generic X.XX.01 rows
    assert embedded.find("2.07.01.2.01.0001").code.startswith("X.XX.01")


def test_full_version_is_complete_and_round_trips(full, full_rows):
    assert not full.incomplete_levels
    summary = full.summary()
    assert summary["sub_kegiatan"] == 369
    again = nomenclature_from_rows(full.to_rows(), "lagi").nomenclature
    assert again.fingerprint == full.fingerprint
    assert len(again) == len(full_rows)


def test_mirrors_between_levels(full):
    assert full.mirrors("2.07.04.1.03.0003") == ("2.07.04.2.03.0003",)  # job fair
    assert full.mirrors("2.07.04.2.01.0002") == ("2.07.04.1.01.0002",)  # pelayanan antar kerja
    assert "2.07.04.2.01.0004" in full.mirrors("2.07.04.1.01.0006")  # disability service, renumbered
    assert full.mirrors("3.32.02.1.01.0003") == ("3.32.02.2.01.0003",)
    assert full.mirrors("X.XX.01.1.01.0001") == ()  # office administration is never a cross-level duplicate


def test_usable_codes_follow_the_level(full):
    kab = full.usable_codes("kabkota")
    prov = full.usable_codes("provinsi")
    assert all(c.split(".")[3] == "2" for c in kab)
    assert not any(c.startswith("2.07.06") for c in kab)
    assert "2.07.06.1.01.0001" in prov and "2.07.04.2.02.0002" in kab


def test_import_reports_every_problem_at_once_and_builds_nothing():
    rows = [
        {"code": "2.07", "level": "bidang", "name": "URUSAN PEMERINTAHAN BIDANG TENAGA KERJA", "authority": "both"},
        {"code": "2.07.04.2.01.0002", "level": "sub_kegiatan", "name": "", "authority": "kabkota"},
        {"code": "2.07.04.x.01", "level": "kegiatan", "name": "Salah", "authority": "kabkota"},
        {"code": "2.07.04.1.01.0002", "level": "sub_kegiatan", "name": "Pelayanan Antar Kerja", "authority": "kabkota"},
        {"code": "2.07.04.2.01.0003", "level": "kegiatan", "name": "Penyuluhan", "authority": "kabkota"},
    ]
    with pytest.raises(ValidationFailed) as exc:
        nomenclature_from_rows(rows, "rusak", file="nom.csv")
    codes = sorted(p.code for p in exc.value.problems)
    assert codes == ["KEWENANGAN_TIDAK_COCOK", "KODE_TIDAK_SAH", "NAMA_KOSONG", "TINGKAT_TIDAK_COCOK"]
    assert all(p.file == "nom.csv" and p.row for p in exc.value.problems)


def test_import_normalises_old_codes_and_says_so():
    rows = [
        {"code": "2.07.04.2.01", "level": "kegiatan", "name": "Pelayanan antar Kerja", "authority": "kabkota"},
        {"code": "2.07.04.2.01.02", "level": "sub_kegiatan", "name": "Pelayanan antar Kerja", "authority": "kabkota",
         "indicator": "Jumlah pencari kerja yang ditempatkan", "unit": "Orang"},
        {"code": "1.01.02.1.01.0001", "level": "sub_kegiatan", "name": "Urusan lain", "authority": "provinsi"},
    ]
    imp = nomenclature_from_rows(rows, "lama")
    assert imp.nomenclature.find("2.07.04.2.01.0002") is not None
    assert [n.code for n in imp.notes] == ["KODE_DINORMALKAN"]
    assert "0002" in imp.notes[0].message
    assert imp.skipped_other_urusan == 1


def test_sipd_layout_rows(full):
    records = []
    for e in full.sub_kegiatan():
        if e.code.startswith("X.XX"):
            continue
        program = full.program_of(e.code)
        kegiatan = full.kegiatan_of(e.code, e.authority)
        records.append({
            "jenis_pemda": "PROV" if e.authority == "provinsi" else "KABKOT",
            "bidang": "2.07 URUSAN PEMERINTAHAN BIDANG TENAGA KERJA" if e.code.startswith("2.07") else "3.32 URUSAN PEMERINTAHAN BIDANG TRANSMIGRASI",
            "program": f"{program.code} {program.name}",
            "kegiatan": f"{kegiatan.code} {kegiatan.name}",
            "subkegiatan": f"{e.code} {e.name}",
            "indikator": e.indicator,
            "satuan": e.unit,
            "subkegiatan_sebelumnya": "2.07.03.2.01.0004" if e.code == "2.07.03.2.01.0009" else "",
        })
    rows, origin = rows_from_sipd(records)
    nom = nomenclature_from_rows(rows, "sipd").nomenclature
    got = {e.code for e in nom.sub_kegiatan()}
    want = {e.code for e in full.sub_kegiatan() if not e.code.startswith("X.XX")}
    assert got == want
    assert nom.successors("2.07.03.2.01.0004")[0].code == "2.07.03.2.01.0009"
    assert len(origin) == len(rows)

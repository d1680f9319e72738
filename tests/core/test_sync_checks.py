"""Each finding code: triggered by a minimal example, not triggered by its near miss."""
from __future__ import annotations

import csv

import pandas as pd
import pytest

from sinergi.core.sync import check_proposals, nomenclature_from_rows
from sinergi.documents.sync_files import load_reference

BASE = {
    "wilayah_kode": "6472",
    "tahun": "2025",
    "kode_sub_kegiatan": "2.07.04.2.01.0002",
    "uraian": "Pelayanan antar kerja bagi pencari kerja",
    "lokasi_kode": "6472",
    "target": "100",
    "satuan": "Orang",
    "pagu": "50.000.000",
    "sumber_dana": "APBD kabupaten/kota",
}


@pytest.fixture(scope="module")
def ref():
    return load_reference()


@pytest.fixture(scope="module")
def ref_full(shared_reference):
    with open(shared_reference / "nomenklatur" / "nomenklatur_lengkap_uji.csv", newline="", encoding="utf-8") as f:
        nom = nomenclature_from_rows(list(csv.DictReader(f)), "SIPD 2027").nomenclature
    return load_reference(nom)


def run(ref, *rows, **kw):
    frame = pd.DataFrame([{**BASE, **r} for r in rows])
    return check_proposals(frame, ref, **kw)


def codes(result, row=None):
    return sorted(f.code for f in result.findings if row is None or f.row == row)


def test_clean_row_has_no_finding(ref):
    assert codes(run(ref, {})) == []


@pytest.mark.parametrize("column", ["uraian", "kode_sub_kegiatan", "target", "pagu", "satuan", "sumber_dana", "lokasi_kode", "tahun", "wilayah_kode"])
def test_wajib_kosong(ref, column):
    result = run(ref, {column: ""})
    found = [f for f in result.findings if f.code == "WAJIB_KOSONG"]
    assert [f.field for f in found] == [column]
    assert column in found[0].message


def test_kode_tidak_dikenal_and_near_miss(ref):
    assert codes(run(ref, {"kode_sub_kegiatan": "2.07.04.2.01.0099"})) == ["KODE_TIDAK_DIKENAL"]
    assert codes(run(ref, {"kode_sub_kegiatan": "2.07.04.2.01.0002"})) == []
    # an old two-digit sub-kegiatan number is normalised, not rejected
    result = run(ref, {"kode_sub_kegiatan": "2.07.04.2.01.02"})
    assert codes(result) == [] and result.proposals["kode"][0] == "2.07.04.2.01.0002"
    assert "2 digit" in result.proposals["kode_catatan"][0]
    bad = run(ref, {"kode_sub_kegiatan": "pelatihan las"})
    assert codes(bad) == ["KODE_TIDAK_DIKENAL"] and "tidak sah" in bad.findings[0].message
    kegiatan = run(ref, {"kode_sub_kegiatan": "2.07.04.2.01"})
    assert codes(kegiatan) == ["KODE_TIDAK_DIKENAL"] and "bukan sub-kegiatan" in kegiatan.findings[0].message
    statistik = run(ref, {"kode_sub_kegiatan": "2.20.02.2.01.0001"})
    assert "3.32" in statistik.findings[0].detail


def test_province_code_missing_from_embedded_version_points_to_import(ref, ref_full):
    row = {"wilayah_kode": "64", "kode_sub_kegiatan": "2.07.04.1.03.0003", "uraian": "Job fair provinsi", "sumber_dana": "APBD provinsi"}
    result = run(ref, row)
    assert codes(result) == ["KODE_TIDAK_DIKENAL"]
    detail = result.findings[0].detail
    assert "belum lengkap di tingkat provinsi" in detail and "impor nomenklatur resmi" in detail
    assert codes(run(ref_full, row)) == []


def test_bukan_kewenangan_labour_inspection_by_a_regency(ref):
    result = run(ref, {"wilayah_kode": "6401", "lokasi_kode": "6401", "kode_sub_kegiatan": "2.07.06.1.01.0001",
                       "uraian": "Pengawasan norma kerja", "satuan": "Perusahaan"})
    assert codes(result) == ["BUKAN_KEWENANGAN"]
    assert "provinsi" in result.findings[0].message


def test_pengawasan_lptks_is_a_regency_authority_despite_the_word(ref):
    result = run(ref, {"wilayah_kode": "6401", "lokasi_kode": "6401", "kode_sub_kegiatan": "2.07.04.2.02.0002",
                       "uraian": "Pengawasan dan pengendalian LPTKS", "satuan": "Lembaga"})
    assert codes(result) == []


def test_support_program_01_is_allowed_at_both_levels(ref):
    regency = run(ref, {"kode_sub_kegiatan": "2.07.01.2.01.0001", "uraian": "Penyusunan Renstra dinas", "satuan": "Dokumen"})
    assert codes(regency) == []
    province = run(ref, {"wilayah_kode": "64", "lokasi_kode": "64", "kode_sub_kegiatan": "X.XX.01.1.01.0001",
                         "uraian": "Penyusunan Renja dinas", "satuan": "Dokumen", "sumber_dana": "APBD provinsi"})
    assert codes(province) == []


def test_bukan_kewenangan_level_digit_and_mirror_hint(ref_full):
    result = run(ref_full, {"wilayah_kode": "64", "lokasi_kode": "6472", "kode_sub_kegiatan": "2.07.04.2.03.0003",
                            "uraian": "Job fair", "sumber_dana": "APBD provinsi"})
    assert codes(result) == ["BUKAN_KEWENANGAN"]
    assert "2.07.04.1.03.0003" in result.findings[0].detail
    regency = run(ref_full, {"kode_sub_kegiatan": "2.07.04.1.03.0003", "uraian": "Job fair"})
    assert codes(regency) == ["BUKAN_KEWENANGAN"]


def test_satuan_tidak_sesuai_and_near_misses(ref):
    assert codes(run(ref, {"satuan": "Paket"})) == ["SATUAN_TIDAK_SESUAI"]
    assert codes(run(ref, {"satuan": "orang"})) == []
    assert codes(run(ref, {"satuan": " ORANG "})) == []
    kk = {"wilayah_kode": "6402", "lokasi_kode": "6402", "kode_sub_kegiatan": "3.32.03.2.01.0004",
          "uraian": "Penempatan transmigran", "satuan": "KK"}
    assert codes(run(ref, kk)) == []  # KK = Kepala Keluarga


@pytest.mark.parametrize("column,value", [("target", "abc"), ("target", "0"), ("pagu", "-5"), ("pagu", "Rp lima juta"), ("target", "100 orang")])
def test_nilai_tidak_valid(ref, column, value):
    result = run(ref, {column: value})
    assert codes(result) == ["NILAI_TIDAK_VALID"] and result.findings[0].field == column


@pytest.mark.parametrize("target,pagu", [("1.250", "1.500.000.000"), ("12,5", "Rp 1.500.000.000,00"), (25, 150000000.0), ("1,234.5", "2,500,000")])
def test_indonesian_and_other_number_formats_are_valid(ref, target, pagu):
    result = run(ref, {"target": target, "pagu": pagu})
    assert codes(result) == []
    assert result.proposals["pagu"][0] > 1_000_000


def test_lokasi_di_luar_wilayah_and_near_misses(ref):
    result = run(ref, {"wilayah_kode": "6403", "lokasi_kode": "6472"})
    assert codes(result) == ["LOKASI_DI_LUAR_WILAYAH"]
    assert "Samarinda" in result.findings[0].message
    assert codes(run(ref, {"wilayah_kode": "6403", "lokasi_kode": "6403"})) == []
    assert codes(run(ref, {"wilayah_kode": "6403", "lokasi_kode": "6403010"})) == []  # a kecamatan of Kukar
    assert codes(run(ref, {"wilayah_kode": "6403", "lokasi_kode": "Kutai Kartanegara"})) == []
    assert codes(run(ref, {"wilayah_kode": "6403", "lokasi_kode": "64"})) == ["LOKASI_DI_LUAR_WILAYAH"]


def test_cross_level_duplicate_job_fair(ref_full):
    prov = {"wilayah_kode": "64", "kode_sub_kegiatan": "2.07.04.1.03.0003", "uraian": "Job Fair Kalimantan Timur 2025 di Samarinda",
            "lokasi_kode": "6472", "sumber_dana": "APBD provinsi", "target": "1000", "pagu": "300000000"}
    city = {"kode_sub_kegiatan": "2.07.04.2.03.0003", "uraian": "Bursa Kerja Kota Samarinda", "target": "500"}
    result = run(ref_full, prov, city)
    dup = [f for f in result.findings if f.code == "KEMUNGKINAN_DUPLIKAT"]
    assert len(dup) == 1
    f = dup[0]
    assert (f.row, f.row_pair) == (1, 2)
    assert 0.75 <= f.score <= 1.0
    assert any("kode cermin" in r for r in f.reasons) and "lokasi sama" in f.reasons
    assert any(r.startswith("uraian mirip") for r in f.reasons)
    # near misses: another year, another place
    assert codes(run(ref_full, prov, {**city, "tahun": "2026"})) == []
    assert codes(run(ref_full, prov, {**city, "wilayah_kode": "6471", "lokasi_kode": "6471", "uraian": "Bursa Kerja Balikpapan"})) == []


def test_province_wide_proposal_is_compared_with_every_place(ref_full):
    prov = {"wilayah_kode": "64", "kode_sub_kegiatan": "2.07.04.1.03.0003", "uraian": "Job Fair Kaltim",
            "lokasi_kode": "64", "sumber_dana": "APBD provinsi"}
    result = run(ref_full, prov, {"kode_sub_kegiatan": "2.07.04.2.03.0003", "uraian": "Job fair"})
    dup = [f for f in result.findings if f.code == "KEMUNGKINAN_DUPLIKAT"]
    assert len(dup) == 1 and "lokasi provinsi mencakup lokasi usulan lain" in dup[0].reasons


def test_duplicate_within_one_office_and_near_miss(ref):
    training = {"kode_sub_kegiatan": "2.07.03.2.01.0004", "satuan": "Orang"}
    same = run(ref, {**training, "uraian": "Pelatihan las SMAW"}, {**training, "uraian": "Pelatihan las SMAW angkatan 2"})
    assert codes(same) == ["KEMUNGKINAN_DUPLIKAT"]
    assert "pengusul sama" in same.findings[0].reasons
    different = run(ref, {**training, "uraian": "Pelatihan las"}, {**training, "uraian": "Pelatihan menjahit"})
    assert codes(different) == []


def test_identical_rows_are_flagged_with_score_one(ref):
    result = run(ref, {}, {})
    assert codes(result) == ["KEMUNGKINAN_DUPLIKAT"]
    assert result.findings[0].score == 1.0 and "isi baris identik" in result.findings[0].reasons


def test_tumpang_tindih_province_and_city_training_in_same_trade(ref_full):
    prov = {"wilayah_kode": "64", "kode_sub_kegiatan": "2.07.03.1.01.0001", "uraian": "Pelatihan las bagi pencari kerja",
            "lokasi_kode": "6472", "sumber_dana": "APBN/dekonsentrasi"}
    city = {"kode_sub_kegiatan": "2.07.03.2.01.0009", "uraian": "Pelatihan juru las"}
    result = run(ref_full, prov, city)
    over = [f for f in result.findings if f.code == "TUMPANG_TINDIH"]
    assert len(over) == 1 and (over[0].row, over[0].row_pair) == (1, 2)
    assert any("kata kunci sama: las" in r for r in over[0].reasons)
    assert not [f for f in result.findings if f.code == "KEMUNGKINAN_DUPLIKAT"]
    # near misses: another trade, another city
    assert codes(run(ref_full, prov, {**city, "uraian": "Pelatihan tata boga"})) == []
    assert codes(run(ref_full, prov, {**city, "wilayah_kode": "6471", "lokasi_kode": "6471"})) == []


def test_messy_rows_yield_findings_not_crashes(ref):
    frame = pd.DataFrame([
        {**BASE, "target": None, "pagu": float("nan"), "extra": "x"},
        {**BASE, "tahun": "dua ribu", "wilayah_kode": "99", "lokasi_kode": "Atlantis", "sumber_dana": "arisan"},
        {k: None for k in BASE},  # blank row: dropped
    ])
    result = check_proposals(frame, ref, row_numbers=[1, 2, 3])
    assert list(result.proposals["row"]) == [1, 2]
    by_field = {(f.row, f.code, f.field) for f in result.findings}
    assert (1, "WAJIB_KOSONG", "target") in by_field and (1, "WAJIB_KOSONG", "pagu") in by_field
    assert {(2, "NILAI_TIDAK_VALID", c) for c in ("tahun", "wilayah_kode", "lokasi_kode", "sumber_dana")} <= by_field


def test_round_year_mismatch(ref):
    result = run(ref, {"tahun": "2024"}, round_year=2025)
    assert codes(result) == ["NILAI_TIDAK_VALID"] and result.findings[0].field == "tahun"


def test_fingerprints_are_stable_and_count_copies(ref):
    a = run(ref, {}, {"uraian": "Lain"}, {})
    b = run(ref, {}, {"uraian": "Lain"}, {})
    assert list(a.proposals["sidik_unik"]) == list(b.proposals["sidik_unik"])
    assert a.proposals["sidik"][0] == a.proposals["sidik"][2]
    assert a.proposals["sidik_unik"][0] != a.proposals["sidik_unik"][2]


def test_funding_source_synonyms(ref):
    for text, key in [("APBD Kota Samarinda", "apbd_kabkota"), ("APBD", "apbd_kabkota"), ("Dekon", "apbn_dekonsentrasi"),
                      ("DAK Non Fisik", "dak"), ("Bantuan Pemerintah Kemnaker", "bantuan_kl"), ("TP", "tugas_pembantuan")]:
        result = run(ref, {"sumber_dana": text})
        assert result.proposals["sumber_dana"][0] == key, text


def test_one_large_block_stays_fast_and_capped(ref):
    """1,500 proposals of one code in one place and year: a single block, compared at once."""
    import time

    trades = ["las", "menjahit", "tata boga", "barista", "otomotif", "satpam", "komputer", "listrik", "bubut", "kriya"]
    rows = [{"kode_sub_kegiatan": "2.07.03.2.01.0004", "uraian": f"Pelatihan {trades[i % 10]} paket {i}",
             "pagu": str(1_000_000 + i)} for i in range(1500)]
    t0 = time.perf_counter()
    result = run(ref, *rows)
    assert time.perf_counter() - t0 < 20
    per_row: dict[int, int] = {}
    for f in result.findings:
        if f.code == "KEMUNGKINAN_DUPLIKAT":
            per_row[f.row] = per_row.get(f.row, 0) + 1
            per_row[f.row_pair] = per_row.get(f.row_pair, 0) + 1
    assert per_row and max(per_row.values()) <= 5

"""Target groups of proposals (codes, cells, suggestions) and the inclusion analysis: counts,
pagu shares, group gaps from the catalogue and the large-gap flag."""
from __future__ import annotations

import pandas as pd
import pytest

from sinergi.core.sync import (
    analyse_inclusion,
    catalogue_gaps,
    check_proposals,
    parse_groups,
    suggest_groups,
)
from sinergi.core.sync.inclusion import FLAG_NOTHING, FLAG_SUGGESTED_ONLY, is_large
from sinergi.core.sync.target_groups import CODES
from sinergi.documents.sync_files import load_reference


def test_the_codes_are_exactly_those_of_the_issue():
    assert CODES == ("perempuan", "disabilitas", "pemuda", "lulusan_baru", "korban_phk", "pmi", "transmigran",
                     "masyarakat_lokal_ikn", "umum")


@pytest.mark.parametrize("cell, codes, unknown", [
    ("perempuan", ("perempuan",), ()),
    ("disabilitas;perempuan", ("perempuan", "disabilitas"), ()),
    (" Lulusan baru ; PMI ;", ("lulusan_baru", "pmi"), ()),
    ("masyarakat-lokal-ikn;perempuan;perempuan", ("perempuan", "masyarakat_lokal_ikn"), ()),
    ("wanita;pemuda", ("pemuda",), ("wanita",)),
    ("", (), ()),
    (None, (), ()),
])
def test_a_cell_is_read_into_codes_and_unknown_parts(cell, codes, unknown):
    parsed = parse_groups(cell)
    assert parsed.codes == codes and parsed.unknown == unknown


@pytest.mark.parametrize("text, expected", [
    ("Pelatihan tata boga bagi perempuan pencari kerja", ["perempuan"]),
    ("Penguatan Unit Layanan Disabilitas", ["disabilitas"]),
    ("Pelatihan otomotif bagi lulusan SMK", ["pemuda", "lulusan_baru"]),
    ("Magang bagi fresh graduate perguruan tinggi", ["lulusan_baru"]),
    ("Pelatihan kewirausahaan korban PHK", ["korban_phk"]),
    ("Orientasi pra pemberangkatan calon pekerja migran", ["pmi"]),
    ("Pelatihan keterampilan warga transmigrasi SP 3", ["transmigran"]),
    ("Pembangunan kawasan transmigrasi", ["transmigran"]),
    ("Penyusunan rencana transmigrasi", []),  # the affair, not a group
    ("Sertifikasi tenaga kerja lokal untuk proyek IKN", ["masyarakat_lokal_ikn"]),
    ("Sertifikasi tenaga kerja lokal Samarinda", []),  # local, but not IKN
    ("Job fair Kota Samarinda", []),
    ("Pelatihan pemberdayaan ibu rumah tangga dan remaja", ["perempuan", "pemuda"]),
])
def test_suggestions_from_the_description(text, expected):
    found = suggest_groups(text)
    assert [s.code for s in found] == expected
    assert all(s.reason and s.words for s in found)


def _frame(rows):
    cols = ["wilayah_kode", "tahun", "kode_sub_kegiatan", "uraian", "lokasi_kode", "target", "satuan", "pagu", "sumber_dana"]
    return pd.DataFrame([dict(zip(cols, r[:9], strict=True)) | (r[9] if len(r) > 9 else {}) for r in rows])


@pytest.fixture(scope="module")
def ref():
    return load_reference()


def test_unknown_code_is_an_error_on_the_column_listing_the_codes(ref):
    result = check_proposals(_frame([
        ("6472", 2026, "2.07.04.2.03.0003", "Job fair", "6472", 100, "Orang", 1000000, "APBD Kota", {"kelompok_sasaran": "ibu2;pemuda"}),
    ]), ref, round_year=2026)
    (f,) = [f for f in result.findings if f.field == "kelompok_sasaran"]
    assert f.code == "NILAI_TIDAK_VALID" and f.blocking and "'ibu2'" in f.message
    assert "perempuan, disabilitas, pemuda, lulusan_baru, korban_phk, pmi, transmigran, masyarakat_lokal_ikn, umum" in f.detail


def test_targets_by_sex_are_whole_numbers_and_warned_when_above_the_target(ref):
    result = check_proposals(_frame([
        ("6472", 2026, "2.07.03.2.01.0009", "Pelatihan las", "6472", 20, "Orang", 1000000, "APBD Kota",
         {"sasaran_laki_laki": "15", "sasaran_perempuan": "10"}),
        ("6472", 2026, "2.07.03.2.01.0009", "Pelatihan jahit", "6472", 20, "Orang", 1000000, "APBD Kota",
         {"sasaran_perempuan": "2,5"}),
    ]), ref, round_year=2026)
    by_row = {(f.row, f.field): f for f in result.findings}
    assert not by_row[(1, "sasaran_perempuan")].blocking and "melebihi target" in by_row[(1, "sasaran_perempuan")].message
    assert by_row[(2, "sasaran_perempuan")].blocking
    assert int(result.proposals.loc[0, "sasaran_laki_laki"]) == 15


def test_files_without_the_new_columns_keep_their_fingerprints(ref):
    base = ("6472", 2026, "2.07.04.2.03.0003", "Job fair", "6472", 100, "Orang", 1000000, "APBD Kota")
    plain = check_proposals(_frame([base]), ref, round_year=2026).proposals.loc[0, "sidik"]
    empty = check_proposals(_frame([(*base, {"kelompok_sasaran": "", "sasaran_perempuan": None})]), ref, round_year=2026).proposals.loc[0, "sidik"]
    stated = check_proposals(_frame([(*base, {"kelompok_sasaran": "pemuda"})]), ref, round_year=2026).proposals.loc[0, "sidik"]
    assert plain == empty != stated


GAPS = {
    "64": {"perempuan": {"indicator": "TPAK", "value": 45.0, "reference": 80.0, "gap": -35.0, "direction": "positive", "source": "u"}},
    "6472": {
        "perempuan": {"indicator": "TPAK", "value": 70.0, "reference": 78.0, "gap": -8.0, "direction": "positive", "source": "u"},
        "lulusan_baru": {"indicator": "TPT", "value": 9.0, "reference": 6.0, "gap": 3.0, "direction": "negative", "source": "u"},
    },
}


def test_counts_pagu_and_share_per_region_group_and_source(ref):
    result = check_proposals(_frame([
        ("64", 2026, "2.07.03.1.01.0001", "Pelatihan menjahit", "64", 40, "Orang", 300_000_000, "APBD Provinsi", {"kelompok_sasaran": "perempuan"}),
        ("64", 2026, "2.07.03.1.01.0001", "Pelatihan las", "6472", 20, "Orang", 100_000_000, "APBD Provinsi", {"kelompok_sasaran": "perempuan;pemuda"}),
        ("64", 2026, "2.07.03.1.01.0001", "Pelatihan bagi perempuan kepala keluarga", "6471", 20, "Orang", 100_000_000, "APBD Provinsi"),
        ("6472", 2026, "2.07.04.2.03.0003", "Job fair bagi lulusan SMK", "6472", 500, "Orang", 50_000_000, "APBD Kota"),
        ("6472", 2026, "2.07.04.2.03.0003", "Job fair umum", "6472", 500, "Orang", 150_000_000, "APBD Kota"),
    ]), ref, round_year=2026)
    inc = analyse_inclusion(result.proposals, GAPS, ["64", "6472"])
    rows = {(r.wilayah_kode, r.kelompok, r.sumber): r for r in inc.rows.itertuples(index=False)}
    assert list(inc.rows.columns) == ["wilayah_kode", "kelompok", "jumlah_usulan", "pagu", "porsi_pagu", "sumber"]
    assert set(rows) == {("64", "perempuan", "kolom"), ("64", "pemuda", "kolom"), ("64", "perempuan", "saran"),
                         ("6472", "pemuda", "saran"), ("6472", "lulusan_baru", "saran")}
    assert rows[("64", "perempuan", "kolom")].jumlah_usulan == 2 and rows[("64", "perempuan", "kolom")].pagu == 400_000_000
    assert rows[("64", "perempuan", "kolom")].porsi_pagu == 0.8  # 400 of the province's 500 million
    assert rows[("64", "perempuan", "saran")].porsi_pagu == 0.2
    assert rows[("6472", "lulusan_baru", "saran")].porsi_pagu == 0.25
    view = inc.view.set_index(["wilayah_kode", "kelompok"])
    kaltim_women = view.loc[("64", "perempuan")]
    assert (kaltim_women["celah"], kaltim_women["usulan_kolom"], kaltim_women["usulan_saran"]) == (-35.0, 2, 1)
    assert kaltim_women["tanda"] == ""
    # Samarinda: women 8 points behind (10 % of 78: not large); SMK graduates 50 % above: large, only suggested
    assert not view.loc[("6472", "perempuan")]["celah_besar"] and view.loc[("6472", "perempuan")]["tanda"] == ""
    assert view.loc[("6472", "lulusan_baru")]["tanda"] == FLAG_SUGGESTED_ONLY
    assert view.loc[("64", "pemuda")]["catatan"] == "belum ada data" and pd.isna(view.loc[("64", "pemuda")]["celah"])
    assert view.loc[("64", "pemuda")]["indikator"].startswith("TPT pemuda")
    assert view.loc[("64", "pmi")]["catatan"] == "belum ada indikator" and view.loc[("64", "umum")]["catatan"] == ""


def test_a_large_gap_with_no_proposal_is_flagged():
    empty = pd.DataFrame(columns=["row", "wilayah_kode", "uraian", "sasaran", "kelompok_sasaran", "pagu"])
    inc = analyse_inclusion(empty, GAPS, ["64", "6472"])
    flagged = {(r.wilayah_kode, r.kelompok) for r in inc.flagged().itertuples(index=False)}
    assert flagged == {("64", "perempuan"), ("6472", "lulusan_baru")}
    assert set(inc.flagged()["tanda"]) == {FLAG_NOTHING}
    assert inc.rows.empty


@pytest.mark.parametrize("value, reference, direction, large", [
    (64.0, 80.0, "positive", True), (64.1, 80.0, "positive", False), (90.0, 80.0, "positive", False),
    (6.0, 5.0, "negative", True), (5.9, 5.0, "negative", False), (3.0, 5.0, "negative", False),
])
def test_large_means_a_fifth_of_the_reference_behind(value, reference, direction, large):
    assert is_large({"value": value, "reference": reference, "gap": value - reference, "direction": direction}) is large


def test_catalogue_gaps_pair_the_same_round_latest_year_august_first():
    def o(region, year, month, indicator, value):
        return {"region_code": region, "year": year, "month": month, "indicator": indicator, "value": value, "source_url": f"https://x/{indicator}/{year}"}

    obs = [
        o("64", 2023, 8, "tpak_female", 46.0), o("64", 2023, 8, "tpak_male", 82.0),
        o("64", 2025, 2, "tpak_female", 48.0), o("64", 2025, 2, "tpak_male", 83.0),
        o("64", 2025, 8, "tpak_female", 47.0), o("64", 2025, 8, "tpak_male", 82.5),
        o("64", 2026, 8, "tpak_female", 50.0),  # no men's figure that round
        o("6472", 2022, 8, "tpak_female", 46.8),
        {**o("64", 2024, 8, "tpt", 5.1), "kelompok": ""}, {**o("64", 2024, 8, "tpt", 16.0), "kelompok": "pemuda"},
    ]
    gaps = catalogue_gaps(obs, ["64", "6472", "6401"], year=2025)
    women = gaps["64"]["perempuan"]
    assert (women["value"], women["reference"], women["gap"], women["period"]) == (47.0, 82.5, -35.5, "2025-08")
    assert "tpak_female/2025" in women["source"] and "tpak_male/2025" in women["source"]
    assert gaps["64"]["pemuda"]["gap"] == pytest.approx(10.9)
    # a group figure without its reference: the value is kept, the gap is missing (never filled in)
    assert gaps["6472"]["perempuan"]["reference"] is None and gaps["6472"]["perempuan"]["gap"] is None
    assert "6401" not in gaps
    # without a year limit, the latest round with both values still wins (2026 has no men's figure)
    assert catalogue_gaps(obs, ["64"])["64"]["perempuan"]["period"] == "2025-08"


def test_the_gap_is_read_from_the_latest_august_round_and_a_news_figure_is_labelled():
    from sinergi.core.sync.inclusion import _data_note, catalogue_gaps

    rows = [
        {"region_code": "64", "year": 2023, "month": 8, "indicator": "tpak_female", "value": 46.86, "source_url": "https://kaltim.bps.go.id/t"},
        {"region_code": "64", "year": 2023, "month": 8, "indicator": "tpak_male", "value": 82.82, "source_url": "https://kaltim.bps.go.id/t"},
        {"region_code": "64", "year": 2025, "month": 11, "indicator": "tpak_female", "value": 42.84, "source_url": "https://berita.example/n"},
        {"region_code": "64", "year": 2025, "month": 11, "indicator": "tpak_male", "value": 82.49, "source_url": "https://berita.example/n"},
    ]
    gap = catalogue_gaps(rows, ["64"])["64"]["perempuan"]
    assert gap["period"] == "2023-08" and gap["gap"] == round(46.86 - 82.82, 4) and gap["source_kind"] == "bps"
    assert "bukan tabel BPS" not in _data_note("perempuan", gap)
    news_only = catalogue_gaps(rows[2:], ["64"])["64"]["perempuan"]
    assert news_only["period"] == "2025-11" and news_only["source_kind"] == "berita"
    assert "bukan tabel BPS" in _data_note("perempuan", news_only)

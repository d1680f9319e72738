"""Gap analysis and the consolidated matrix frames."""
from __future__ import annotations

import pandas as pd
import pytest

from sinergi.core.sync import analyse_gaps, build_matrix, check_proposals
from sinergi.documents.sync_files import load_reference

ROW = {"tahun": "2025", "target": "20", "satuan": "Orang", "pagu": "100000000"}


@pytest.fixture(scope="module")
def ref():
    return load_reference()


@pytest.fixture(scope="module")
def checked(ref):
    frame = pd.DataFrame([
        {**ROW, "wilayah_kode": "6472", "kode_sub_kegiatan": "2.07.03.2.01.0004", "uraian": "Pelatihan las konstruksi",
         "lokasi_kode": "6472", "sumber_dana": "APBD kota"},
        {**ROW, "wilayah_kode": "6409", "kode_sub_kegiatan": "2.07.03.2.01.0004", "uraian": "Pelatihan tata boga",
         "lokasi_kode": "6409", "sumber_dana": "APBD kab"},
        {**ROW, "wilayah_kode": "6401", "kode_sub_kegiatan": "2.07.04.2.03.0003", "uraian": "Job fair Paser",
         "lokasi_kode": "6401", "sumber_dana": "APBD kab"},
        {**ROW, "wilayah_kode": "6401", "kode_sub_kegiatan": "X.XX.01.2.01.0001", "uraian": "Renstra dinas",
         "lokasi_kode": "6401", "sumber_dana": "APBD kab", "satuan": "Dokumen"},
    ])
    return check_proposals(frame, ref)


def test_gaps_partial_and_unanchored(ref, checked):
    weak = pd.DataFrame([
        {"wilayah_kode": "6472", "indikator": "pelatihan dan kompetensi kerja", "nilai": "41,2"},
        {"wilayah_kode": "6401", "indikator": "hubungan_industrial"},
        {"wilayah_kode": "6401", "indikator": "indikator yang tidak ada"},
    ])
    rtk = {"6472": [{"jenis": "kekurangan_tenaga_kerja", "sektor": "konstruksi", "jumlah": 1200}],
           "6409": [{"jenis": "pelatihan", "sektor": "F"}]}
    result = analyse_gaps(checked.proposals, ref.needs, ref.regions, weak, rtk)
    needs = result.needs.set_index(["wilayah_kode", "kunci"])
    assert needs.loc[("6472", "pelatihan_kompetensi"), "status"] == "terjawab"
    assert needs.loc[("6472", "pelatihan_kompetensi"), "usulan_baris"] == "1"
    assert needs.loc[("6472", "kekurangan_tenaga_kerja"), "status"] == "terjawab"  # "las konstruksi" names the sector
    assert needs.loc[("6409", "pelatihan"), "status"] == "sebagian"  # training, but tata boga is not construction
    assert needs.loc[("6401", "hubungan_industrial"), "status"] == "celah"
    assert list(result.gaps["kunci"]) == ["hubungan_industrial"]
    assert any("indikator yang tidak ada" in n for n in result.notes)
    # the job fair in Paser addresses none of Paser's identified needs; the Renstra (support) is not judged
    assert list(result.unanchored["row"]) == [3]


def test_without_needs_nothing_is_judged(ref, checked):
    result = analyse_gaps(checked.proposals, ref.needs, ref.regions)
    assert result.needs.empty and result.unanchored.empty and result.notes


def test_matrix_frames(ref, checked):
    m = build_matrix(checked, ref)
    assert len(m.matrix) == 4
    first = m.matrix.iloc[0]
    assert first["Kode program"] == "2.07.03" and first["Program"].startswith("PROGRAM PELATIHAN")
    assert first["Kode kegiatan"] == "2.07.03.2.01" and first["Satuan resmi"] == "Orang"
    assert first["Sumber dana"] == "APBD kabupaten/kota"
    assert m.by_funding.iloc[-1]["Jumlah usulan"] == 4 and m.by_funding.iloc[-1]["Pagu (Rp)"] == 400_000_000
    assert set(m.by_office["Kode wilayah"]) >= {"6472", "6409", "6401"}
    assert m.info["jumlah_usulan"] == 4 and m.info["versi_nomenklatur"] == "bawaan"
    statuses = {checked.proposals["sidik_unik"][0]: "diterima"}
    assert build_matrix(checked, ref, statuses).matrix.iloc[0]["Status"] == "diterima"


def test_a_need_on_illustrative_inputs_never_makes_a_proposal_answer_no_need(ref, checked):
    from sinergi.core.sync import VERDICT_NO_NEED, VERDICT_UNJUDGED

    # Paser's only identified need rests on illustrative inputs: its job fair cannot be judged
    weak = pd.DataFrame([{"wilayah_kode": "6401", "indikator": "hubungan_industrial", "kualitas_data": "ilustratif"}])
    result = analyse_gaps(checked.proposals, ref.needs, ref.regions, weak)
    need = result.needs.set_index(["wilayah_kode", "kunci"]).loc[("6401", "hubungan_industrial")]
    assert need["kualitas_data"] == "ilustratif" and need["status"] == "celah"
    assert result.gaps.empty and len(result.illustrative_gaps) == 1  # labelled, not reported as a gap
    assert result.unanchored.empty
    assert list(result.unjudged["row"]) == [3] and list(result.unjudged["penilaian"]) == [VERDICT_UNJUDGED]
    assert list(result.without_need()["penilaian"]) == [VERDICT_UNJUDGED]
    # the same need on sourced data: the job fair is judged as answering no need
    weak.loc[0, "kualitas_data"] = "bersumber"
    result = analyse_gaps(checked.proposals, ref.needs, ref.regions, weak)
    assert list(result.unanchored["row"]) == [3] and list(result.unanchored["penilaian"]) == [VERDICT_NO_NEED]
    assert result.unjudged.empty and list(result.gaps["kunci"]) == ["hubungan_industrial"]
    # a sourced need elsewhere, but the indicator the job fair serves (kesempatan kerja) is computed
    # from illustrative inputs in Paser: nobody knows whether it is weak, so no verdict
    unknown = {"6401": ["kesempatan kerja"]}
    result = analyse_gaps(checked.proposals, ref.needs, ref.regions, weak, None, unknown)
    assert result.unanchored.empty and list(result.unjudged["row"]) == [3]
    assert "kesempatan kerja" in result.unjudged["alasan"].iloc[0]


def test_needs_meter_counts_the_needs_by_the_quality_of_their_inputs(ref, checked):
    weak = pd.DataFrame([
        {"wilayah_kode": "6472", "indikator": "pelatihan dan kompetensi kerja", "kualitas_data": "ilustratif"},
        {"wilayah_kode": "6401", "indikator": "hubungan_industrial", "kualitas_data": "ilustratif"},
        {"wilayah_kode": "6401", "indikator": "kesempatan kerja"},
    ])
    rtk = {"6472": [{"jenis": "kekurangan_tenaga_kerja", "sektor": "konstruksi"}]}
    m = analyse_gaps(checked.proposals, ref.needs, ref.regions, weak, rtk).needs_meter("Kebutuhan")
    assert (m.sourced, m.derived, m.illustrative) == (1, 1, 2)
    assert m.text() == "Kebutuhan: 1 dari 4 kebutuhan bersumber, 1 turunan, 2 ilustratif"

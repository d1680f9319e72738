"""One column vocabulary for region and year: every core reader accepts region_code/wilayah_kode/
kode_wilayah and year/tahun, and reads them as its own column (outputs keep their names)."""
from __future__ import annotations

import pandas as pd
import pytest

from sinergi.core.columns import renames, spellings, with_spellings
from sinergi.core.ipk import compute
from sinergi.core.sync import ceilings_from_frame, prepare_proposals
from sinergi.documents.ipk_files import load_default_data, load_default_method
from sinergi.documents.sync_files import load_reference

ROW = {"kode_sub_kegiatan": "2.07.03.2.01.0004", "uraian": "Pelatihan las", "lokasi_kode": "6472", "target": "20",
       "satuan": "Orang", "pagu": "100000000", "sumber_dana": "APBD kota"}


def test_spellings_rename_to_the_readers_own_name_and_keep_a_column_already_there():
    assert spellings("wilayah_kode", "tahun") == {"region_code": "wilayah_kode", "kode_wilayah": "wilayah_kode", "year": "tahun"}
    frame = pd.DataFrame({"Region_Code": ["6472"], "year": [2025]})
    assert list(with_spellings(frame, spellings("wilayah_kode", "tahun")).columns) == ["wilayah_kode", "tahun"]
    both = pd.DataFrame({"wilayah_kode": ["6472"], "region_code": ["6401"]})
    assert renames(both.columns, spellings("wilayah_kode")) == {}  # the own name wins; nothing is overwritten


@pytest.mark.parametrize("region, year", [("region_code", "year"), ("kode_wilayah", "tahun"), ("wilayah_kode", "year")])
def test_proposals_accept_every_spelling(region, year):
    ref = load_reference()
    own = pd.DataFrame([{**ROW, "wilayah_kode": "6472", "tahun": "2025"}])
    other = pd.DataFrame([{**ROW, region: "6472", year: "2025"}])
    a = prepare_proposals(own, ref.regions, ref.funding)
    b = prepare_proposals(other, ref.regions, ref.funding)
    assert not b.findings
    pd.testing.assert_frame_equal(a.proposals, b.proposals)
    assert b.proposals.loc[0, "wilayah_kode"] == "6472" and b.proposals.loc[0, "tahun"] == 2025


@pytest.mark.parametrize("region, year", [("wilayah_kode", "tahun"), ("kode_wilayah", "tahun")])
def test_ipk_data_accepts_the_synchronisation_names(region, year):
    method = load_default_method()
    data = load_default_data(method)
    renamed = data.rename(columns={"region_code": region, "year": year})
    a, b = compute(method, data), compute(method, renamed)
    pd.testing.assert_frame_equal(a.units, b.units)
    assert "region_code" in b.units.columns and "year" in b.units.columns  # output names unchanged


@pytest.mark.parametrize("region", ["region_code", "kode_wilayah"])
def test_ceilings_accept_region_code(region):
    ref = load_reference()
    frame = pd.DataFrame({region: ["64", "6472"], "plafon": ["1.000", "2.500"]})
    assert ceilings_from_frame(frame, ref.regions) == {"64": 1000.0, "6472": 2500.0}

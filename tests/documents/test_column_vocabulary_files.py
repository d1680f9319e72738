"""The file readers accept every spelling of the region and year columns (core/columns.py)."""
from __future__ import annotations

from types import SimpleNamespace

from sinergi.cli.sinkron import _needs
from sinergi.documents import rtk_files as rf
from sinergi.documents.bps_files import LONG_FORM, detect_format
from sinergi.documents.sync_berita_acara import read_follow_ups_file
from sinergi.documents.sync_files import load_regions, read_ceilings_file
from sinergi.documents.tables import read_table


def test_rtk_long_form_accepts_wilayah_kode_and_tahun(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("wilayah_kode,tahun,variable,sector,value\n7101,2021,KK,,\"1.000.000\"\n7101,2024,PDRB,,\"120,5\"\n9999,2024,KK,,1\n",
                 encoding="utf-8")
    s = rf.read_data(p, "7101")
    assert s.observation(2021, "KK")["value"] == 1_000_000
    assert s.observation(2024, "PDRB")["value"] == 120.5


def test_sync_side_files_accept_region_code(tmp_path):
    weak = tmp_path / "lemah.csv"
    weak.write_text("region_code,indikator\n6472,pelatihan\n", encoding="utf-8")
    needs = tmp_path / "rtk.csv"
    needs.write_text("kode_wilayah,jenis\n6401,pelatihan\n", encoding="utf-8")
    weak_frame, rtk_frame = _needs(SimpleNamespace(ipk_lemah=str(weak), kebutuhan_rtk=str(needs)))
    assert list(weak_frame.columns) == ["wilayah_kode", "indikator"] and list(rtk_frame["wilayah_kode"]) == ["6401"]
    table = read_table(weak, required=["wilayah_kode"], aliases={"region_code": "wilayah_kode"})
    assert table.columns["wilayah_kode"] == "region_code"  # the header as written, for messages
    ceilings = tmp_path / "plafon.csv"
    ceilings.write_text("region_code,plafon\n6472,\"2.500.000\"\n", encoding="utf-8")
    assert read_ceilings_file(ceilings, load_regions()) == {"6472": 2_500_000.0}
    follow = tmp_path / "tl.csv"
    follow.write_text("uraian,kode_wilayah,tenggat\nKirim data,6472,2026-03-01\n", encoding="utf-8")
    (item,) = read_follow_ups_file(follow, load_regions())
    assert item.office == "Kota Samarinda"


def test_statistics_long_form_is_recognised_with_the_synchronisation_names(tmp_path):
    p = tmp_path / "obs.csv"
    p.write_text("wilayah_kode,tahun,indicator,value,source_url\n6472,2024,tpt,5.2,https://bps.go.id/x\n", encoding="utf-8")
    assert detect_format(p) == LONG_FORM

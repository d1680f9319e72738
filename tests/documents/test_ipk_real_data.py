"""Illustrative IPK inputs are replaced wherever the embedded statistics hold a sourced value."""
import runpy
import sys
from pathlib import Path

from sinergi.core.stats.meter import count_quality
from sinergi.documents.ipk_files import load_default_data
from sinergi.documents.stats_files import embedded_observations

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "ipk_ganti_ilustratif.py"


def test_sourced_tpt_replaces_the_illustrative_one_with_its_source():
    data = load_default_data()
    stats = embedded_observations()
    for region in ("6401", "6403"):
        row = data[(data["region_code"] == region) & (data["year"] == 2024) & (data["sub_code"] == "I2.4")].iloc[0]
        fig = stats[(stats["region_code"] == region) & (stats["year"] == "2024") & (stats["month"] == "8")
                    & (stats["indicator"] == "tpt") & stats["preferred"]].iloc[0]
        assert row["quality"] == "real" and row["value"] == fig["value"] and row["source_url"] == fig["source_url"]


def test_no_sourced_value_is_left_unused_and_the_meter_counts_the_replacement(capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", [str(SCRIPT), "--periksa"])
    try:
        runpy.run_path(str(SCRIPT), run_name="__main__")
    except SystemExit as exc:
        assert exc.code == 0
    out = capsys.readouterr().out
    assert "Tidak ada masukan ilustratif yang kini punya nilai bersumber." in out
    data = load_default_data()
    m = count_quality(data["quality"], data["value"], unstated_is_sourced=False)
    assert (m.sourced, m.derived, m.illustrative) == (25, 12, 513)

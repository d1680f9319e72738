"""`sinergi rtk … --keluaran-jenis-kelamin`: TPAK by sex and the participation gap as an extra file
and extra lines; the existing output file and its columns stay as they were."""
import pandas as pd

from sinergi.cli import main
from sinergi.core.rtk.backtest import ROLLING_COLUMNS


def _data(path):
    """Test series for an unseen region (not data): totals 2015–2022 and TPAK by sex with ``kelompok``."""
    lines = ["region_code,year,variable,sector,value,kelompok"]
    for i, y in enumerate(range(2015, 2023)):
        puk = 1_000_000 + 20_000 * i
        ak = round(puk * (0.66 + 0.002 * i))
        kk = round(ak * 0.93)
        lines += [f"7301,{y},PUK,,{puk},", f"7301,{y},AK,,{ak},", f"7301,{y},KK,,{kk},", f"7301,{y},PENGANGGUR,,{ak - kk},",
                  f"7301,{y},PDRB,,{100_000 * 1.05 ** i:.1f},",
                  f"7301,{y},TPAK,,{84 - 0.2 * i:.2f},laki_laki", f"7301,{y},TPAK,,{44 + 0.6 * i:.2f},perempuan"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_rolling_backtest_by_sex_rows_in_an_extra_file(tmp_path, capsys):
    data = _data(tmp_path / "data.csv")
    out, extra = tmp_path / "uji.csv", tmp_path / "jk.csv"
    assert main(["rtk", "uji-balik", "--wilayah", "7301", "--bergulir", "--data", str(data), "--keluaran", str(out),
                 "--keluaran-jenis-kelamin", str(extra)]) == 0
    total = pd.read_csv(out)
    assert not set(total["variable"]) & {"TPAK_LAKI_LAKI", "TPAK_PEREMPUAN", "SELISIH_TPAK"}, "the total's file is unchanged"
    rows = pd.read_csv(extra)
    assert list(rows.columns) == ROLLING_COLUMNS
    assert set(rows["variable"]) == {"TPAK_LAKI_LAKI", "TPAK_PEREMPUAN", "SELISIH_TPAK"}
    assert sorted(rows["base_year"].unique()) == [2017, 2018, 2019, 2020, 2021]
    gap = rows[(rows["variable"] == "SELISIH_TPAK") & (rows["method"] == "naif_tetap") & (rows["base_year"] == 2017) & (rows["year"] == 2018)]
    assert abs(gap["actual"].iloc[0] - ((44 + 0.6 * 3) - (84 - 0.2 * 3))) < 1e-9
    printed = capsys.readouterr().out
    assert "Menurut jenis kelamin (TPAK, poin persen), tahun dasar 2017–2021" in printed and "SELISIH_TPAK" in printed


def test_projection_by_sex_and_kaltim_says_why_there_is_none(tmp_path, capsys):
    data = _data(tmp_path / "data.csv")
    out, extra = tmp_path / "hasil.csv", tmp_path / "jk.csv"
    assert main(["rtk", "proyeksi", "--wilayah", "7301", "--tahun-dasar", "2022", "--tahun-akhir", "2025", "--skenario", "moderat",
                 "--pertumbuhan-pdrb", "5", "--data", str(data), "--keluaran", str(out), "--keluaran-jenis-kelamin", str(extra)]) == 0
    assert list(pd.read_csv(out).columns) == ["region_code", "year", "scenario", "variable", "group", "value", "method"]
    proj = pd.read_csv(extra)
    assert set(proj[proj["basis"] == "proyeksi"]["year"]) == {2023, 2024, 2025}
    assert "Menurut jenis kelamin 2025: TPAK laki-laki" in capsys.readouterr().out
    # Kaltim: both series exist only for 2023 (August) — the reason, and a file with its header only
    assert main(["rtk", "uji-balik", "--wilayah", "64", "--bergulir", "--keluaran", str(tmp_path / "k.csv"),
                 "--keluaran-jenis-kelamin", str(tmp_path / "kjk.csv")]) == 0
    assert "Menurut jenis kelamin: tidak ada tahun dasar yang dapat diuji (TPAK menurut jenis kelamin hanya ada untuk 2023" in capsys.readouterr().out
    assert pd.read_csv(tmp_path / "kjk.csv").empty

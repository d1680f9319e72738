"""Population groups through the one statistics import: the optional ``kelompok`` column, the old
sex-specific codes still importing and exporting as before, the group in the unique indexes, a BPS
sex-split table stored as groups, and the page of group gaps per region with sources."""
import csv
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from sinergi.core.problems import ValidationFailed
from sinergi.web.statistics.actions import export_observations, import_statistics
from sinergi.web.statistics.models import Observation
from sinergi.web.statistics.queries import headline

pytestmark = pytest.mark.django_db

SRC = "https://kaltim.bps.go.id/id/statistics-table/uji-kelompok"
HEADER = ["region_code", "region", "year", "month", "indicator", "value", "unit", "source_url", "note", "kelompok"]


def test_kelompok_column_round_trips_and_a_group_is_not_read_as_everyone(write_csv, tmp_path):
    path = write_csv([HEADER,
                      ["6472", "Samarinda", "2024", "8", "tpt", "17,5", "percent", SRC, "TPT umur 15–24 (uji)", "pemuda"],
                      ["6472", "Samarinda", "2024", "8", "tpak", "47,1", "percent", SRC, "uji", "Perempuan"]])
    result = import_statistics(None, path)
    assert result.added == 2
    youth = Observation.objects.get(source_url=SRC, indicator_id="tpt")
    assert (youth.kelompok, youth.value, youth.preferred) == ("pemuda", 17.5, True)
    women = Observation.objects.get(source_url=SRC, kelompok="perempuan")
    assert women.indicator_id == "tpak_female", "base code + group is stored under the catalogue's own code"
    # the TPT of everyone in Samarinda 2024 is still the published 5.75, not the youth figure
    assert headline("tpt", 2024)[("6472", 2024)].value == 5.75
    out = tmp_path / "ekspor.csv"
    export_observations(out, Observation.objects.filter(source_url=SRC))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == HEADER, "kelompok is added after the earlier columns when a group needs it"
    assert {(r["indicator"], r["kelompok"]) for r in rows} == {("tpt", "pemuda"), ("tpak_female", "perempuan")}
    again = import_statistics(None, out)
    assert (again.added, again.skipped, again.changed) == (0, 2, 0), "the export imports back as the same figures"


def test_old_sex_specific_codes_import_and_export_as_before(write_csv, tmp_path):
    old = ["region_code", "region", "year", "month", "indicator", "value", "unit", "source_url", "note"]
    path = write_csv([old, ["6405", "Berau", "2024", "8", "tpak_male", "85,1", "percent", SRC, "uji"]])
    assert import_statistics(None, path).added == 1
    o = Observation.objects.get(source_url=SRC)
    assert (o.indicator_id, o.kelompok) == ("tpak_male", "laki_laki")
    out = tmp_path / "lama.csv"
    export_observations(out, Observation.objects.filter(indicator_id__in=["tpak_male", "tpak_female", "tpt"]))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(old), "no group outside the codes: the earlier contract columns exactly"
    assert any(ln.startswith("6405,Berau,2024,8,tpak_male,85.1,percent,") for ln in lines)
    # the same figure written the new way is the same figure (one per source), not a second one
    same = write_csv([HEADER, ["6405", "Berau", "2024", "8", "tpak", "85,1", "percent", SRC, "uji", "laki_laki"]], name="baru.csv")
    assert import_statistics(None, same).skipped == 1
    with pytest.raises(ValidationFailed) as exc:
        import_statistics(None, write_csv([HEADER, ["6405", "Berau", "2024", "8", "tpak_male", "1", "percent", SRC, "", "perempuan"]], name="x.csv"))
    (p,) = exc.value.problems
    assert (p.code, p.row, p.column) == ("KELOMPOK_BERTENTANGAN", 2, "kelompok")


def test_unique_indexes_include_the_group():
    base = dict(region_id="64", year=2030, month=8, indicator_id="tpt", value=1.0, unit="percent", source_url=SRC, preferred=True)
    Observation.objects.create(**base)
    Observation.objects.create(**{**base, "kelompok": "pemuda", "value": 2.0})  # another figure: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(**{**base, "kelompok": "pemuda", "value": 3.0, "source_url": SRC + "/lain"})  # two preferred


def test_bps_sex_split_table_is_stored_as_groups(sex_split_table):
    result = import_statistics(None, sex_split_table, source_url=SRC)
    assert result.added == 3
    stored = {(o.indicator_id, o.kelompok): o.value for o in Observation.objects.filter(source_url=SRC)}
    assert stored == {("tpak_male", "laki_laki"): 82.82, ("tpak_female", "perempuan"): 46.86, ("tpak", ""): 65.57}


def test_browser_filters_and_labels_groups(client, make_user, write_csv):
    import_statistics(None, write_csv([HEADER, ["6472", "Samarinda", "2024", "8", "tpt", "17,5", "percent", SRC, "uji", "pemuda"]]))
    client.force_login(make_user("pemantau-uji", "pemantau"))
    html = client.get(reverse("statistics"), {"wilayah": "6472", "indikator": "tpt", "tahun": "2024", "kelompok": "pemuda"}).content.decode()
    table = html[html.index('data-testid="tabel-statistik"'):]
    assert "kelompok: pemuda (15–24 tahun)" in table and "17,5" in table and "5,75" not in table
    html = client.get(reverse("statistics"), {"wilayah": "6472", "indikator": "tpt", "tahun": "2024", "kelompok": "semua"}).content.decode()
    table = html[html.index('data-testid="tabel-statistik"'):]
    assert "5,75" in table and "17,5" not in table


def test_group_gap_page_shows_kaltims_gender_participation_gap_with_sources(client, make_user):
    client.force_login(make_user("pemantau-uji", "pemantau"))
    r = client.get(reverse("statistics-groups"), {"wilayah": "64", "tahun": "2023"})
    assert r.status_code == 200
    html = r.content.decode()
    row = html[html.index('data-testid="gap-64-tpak-perempuan"'):]
    row = row[:row.index("</tr>")]
    assert "46,86" in row and "82,82" in row and "−35,96" in row
    assert "https://kalimantan.bisnis.com/read/20231108/407/1712147/angkatan-kerja-kaltim-naik-pengangguran-turun" in row
    youth = html[html.index('data-testid="gap-64-tpt-pemuda"'):]
    youth = youth[:youth.index("</tr>")]
    assert "belum ada data" in youth and "5,31" in youth, "missing youth TPT is shown as missing beside the reference"
    # per region: every regency/city has a row; Samarinda's 2022 gap is there when that year is chosen
    r = client.get(reverse("statistics-groups"), {"wilayah": "64", "tahun": "2022"})
    html = r.content.decode()
    sam = html[html.index('data-testid="wilayah-6472"'):]
    sam = sam[:sam.index("</tr>")]
    assert "46,79" in sam and "78,54" in sam
    assert html.count('data-testid="wilayah-64') == 11


def test_group_gap_page_opens_on_the_latest_august_round(client, make_user, write_csv):
    """A later round of another month does not set the year the page opens on: the August
    Sakernas round, comparable across years and regions, does (the dashboard card and the
    inclusion check read it the same way). The later year stays one click away."""
    user = make_user("perencana-agustus", "perencana", "64")
    rows = [["region_code", "year", "month", "indicator", "kelompok", "value", "source_url", "note"],
            ["6401", "2023", "8", "tpak", "perempuan", "50.1", "https://contoh.go.id/paser-2023", "uji"],
            ["6401", "2023", "8", "tpak", "laki_laki", "80.2", "https://contoh.go.id/paser-2023", "uji"],
            ["6401", "2024", "2", "tpak", "perempuan", "52.3", "https://contoh.go.id/paser-2024", "uji"],
            ["6401", "2024", "2", "tpak", "laki_laki", "81.4", "https://contoh.go.id/paser-2024", "uji"]]
    import_statistics(user, write_csv(rows, "paser_kelompok.csv"))
    client.force_login(user)
    html = client.get(reverse("statistics-groups"), {"wilayah": "6401"}).content.decode()
    assert re.findall(r'<option value="(\d+)" selected>', html.split('name="tahun"')[1]) == ["2023"]
    row = html[html.index('data-testid="gap-6401-tpak-perempuan"'):]
    assert "−30,10" in row[:row.index("</tr>")]  # women's 50,1 against men's 80,2 (August 2023)
    later = client.get(reverse("statistics-groups"), {"wilayah": "6401", "tahun": "2024"}).content.decode()
    assert re.findall(r'<option value="(\d+)" selected>', later.split('name="tahun"')[1]) == ["2024"]


def test_a_gap_says_when_it_is_not_an_august_round_or_not_a_bps_figure(client, make_user):
    """Kaltim's 2025 women's TPAK gap comes from a November round reported in the news: the cell a
    reviewer reads says both; the August 2023 gap (also from the news) says only the source."""
    client.force_login(make_user("pemantau-label", "pemantau"))
    html = client.get(reverse("statistics-groups"), {"wilayah": "64", "tahun": "2025"}).content.decode()
    cell = html[html.index('data-testid="wilayah-64"'):]
    cell = cell[:cell.index("</td>", cell.index("selisih"))]
    assert "42,84" in cell and "putaran bulan 11, bukan Agustus" in cell and "berita / sumber lain" in cell
    html = client.get(reverse("statistics-groups"), {"wilayah": "64", "tahun": "2023"}).content.decode()
    cell = html[html.index('data-testid="wilayah-64"'):]
    cell = cell[:cell.index("</td>", cell.index("selisih"))]
    assert "46,86" in cell and "bukan Agustus" not in cell and "berita / sumber lain" in cell
    card = client.get("/dasbor/").content.decode()
    card = card[card.index('id="groups-title"'):]
    assert "berita / sumber lain" in card[:card.index("</ul>")]

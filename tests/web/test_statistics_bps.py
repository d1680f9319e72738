"""BPS files through the one statistics import: the preview says what will change before
anything is written, the import does exactly that, all-or-nothing and idempotent; the upload
page previews, asks for undecided variables and imports on confirmation."""
import json

import pytest
from django.urls import reverse

from sinergi.core.problems import ValidationFailed
from sinergi.web.accounts.models import Role
from sinergi.web.audit.models import AuditEvent
from sinergi.web.statistics.actions import import_statistics, prepare_import, preview_import
from sinergi.web.statistics.models import Observation

pytestmark = pytest.mark.django_db

SRC = "https://kaltim.bps.go.id/id/statistics-table/uji-impor"


@pytest.fixture
def api(shared_reference):
    return shared_reference / "bps" / "contoh_webapi_tpt_2023.json"


@pytest.fixture
def labour_table(shared_reference):
    (path,) = (shared_reference / "bps" / "contoh_tabel_bps").glob("Penduduk Berumur 15 Tahun Ke Atas Menurut Provinsi dan Jenis*.xlsx")
    return path


def test_api_example_imports_once_and_agrees_with_the_stored_values(api):
    prepared = prepare_import(api, source_url=SRC)
    assert prepared.kind == "api_bps"
    preview = preview_import(None, prepared)
    assert (preview.total, preview.new, preview.unchanged, preview.changed) == (11, 11, 0, 0), "new from this source"
    first = import_statistics(None, api, source_url=SRC)
    assert (first.added, first.skipped) == (11, 0)
    stored = {o.region_id: o.value for o in Observation.objects.filter(source_url=SRC, indicator_id="tpt", year=2023, month=8)}
    assert stored["6401"] == 4.72 and stored["64"] == 5.31 and len(stored) == 11
    for code, value in stored.items():
        assert Observation.objects.filter(region_id=code, indicator_id="tpt", year=2023, month=8, value=value).exclude(source_url=SRC).exists()
    again = preview_import(None, prepare_import(api, source_url=SRC))
    assert (again.new, again.unchanged, again.changed, again.primary_changes) == (0, 11, 0, [])
    second = import_statistics(None, api, source_url=SRC)
    assert (second.added, second.skipped) == (0, 11)
    assert Observation.objects.filter(source_url=SRC).count() == 11


def test_preview_counts_and_primary_changes_match_what_the_import_does(labour_table):
    prepared = prepare_import(labour_table, source_url=SRC)
    preview = preview_import(None, prepared)
    assert (preview.total, preview.new, preview.unchanged, preview.changed) == (72, 72, 0, 0)
    assert preview.primary_changes, "the table revises figures that news reports gave"
    for c in preview.primary_changes:
        assert c["after"]["source_url"] == SRC and c["before"]["source_url"] != SRC
    assert Observation.objects.filter(source_url=SRC).count() == 0, "a preview writes nothing"
    before = {(o.region_id, o.year, o.month, o.indicator_id): (o.value, o.source_url) for o in Observation.objects.filter(preferred=True, region_id="64")}
    result = import_statistics(None, labour_table, prepared=prepared)
    assert result.added == 72
    after = {(o.region_id, o.year, o.month, o.indicator_id): (o.value, o.source_url) for o in Observation.objects.filter(preferred=True, region_id="64")}
    really_changed = {k for k in before if k in after and before[k] != after[k]}
    assert really_changed == {(c["region_code"], c["year"], c["month"], c["indicator"]) for c in preview.primary_changes}
    note = Observation.objects.filter(source_url=SRC, indicator_id="bak_sekolah").first().note
    assert note.startswith("Tabel BPS: Penduduk Berumur 15 Tahun Ke Atas") and "salah salin" in note
    batch_event = AuditEvent.objects.filter(action="impor_statistik").first()
    assert batch_event.after["berkas"] == labour_table.name


def test_operator_may_import_only_its_region_from_a_bps_file(api, make_user):
    op = make_user("op-smd", Role.OPERATOR, "6472")
    with pytest.raises(ValidationFailed) as exc:
        import_statistics(op, api, source_url=SRC)
    assert {p.code for p in exc.value.problems} == {"TIDAK_BERWENANG"} and len(exc.value.problems) == 10
    assert not Observation.objects.filter(source_url=SRC).exists()


def _post(client, data):
    return client.post(reverse("statistics-import"), data)


def test_upload_page_asks_for_the_source_previews_and_imports_on_confirmation(client, make_user, api):
    client.force_login(make_user("p", Role.PLANNER, "64"))
    with open(api, "rb") as f:
        page = _post(client, {"berkas": f, "aksi": "periksa"}).content.decode()
    assert "SUMBER_TIDAK_ADA" in page and "masih menunggu" in page
    page = _post(client, {"aksi": "periksa", "sumber": SRC}).content.decode()
    assert 'data-testid="pratinjau-impor"' in page and "11 baru" in page and "Impor 11 angka" in page
    assert not Observation.objects.filter(source_url=SRC).exists(), "nothing is written before the confirmation"
    response = _post(client, {"aksi": "impor", "sumber": SRC})
    assert response.status_code == 302
    assert Observation.objects.filter(source_url=SRC).count() == 11
    follow = client.get(reverse("statistics-import")).content.decode()
    assert "11 baris ditambah" in follow


def test_upload_page_asks_which_indicator_for_an_unknown_variable(client, make_user, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in (["Persentase Pekerja Setengah Menganggur Menurut Kabupaten/Kota 2031"], [], ["Kabupaten/Kota", "Persentase Pekerja Setengah Menganggur"],
                ["", "2031"], ["Samarinda", "7.25"], ["Balikpapan", "6.5"], ["Sumber: https://kaltim.bps.go.id/id/statistics-table/2/setengah.html"]):
        ws.append(row)
    path = tmp_path / "setengah.xlsx"
    wb.save(path)
    client.force_login(make_user("p", Role.PLANNER, "64"))
    with open(path, "rb") as f:
        page = _post(client, {"berkas": f}).content.decode()
    assert "VARIABEL_BELUM_PASTI" in page and 'data-testid="pilih-variabel"' in page
    assert 'value="setengah_penganggur_share"' in page
    label = "Persentase Pekerja Setengah Menganggur"
    page = _post(client, {"aksi": "periksa", "label-0": label, "pilih-0": "setengah_penganggur_share"}).content.decode()
    assert "2 baru" in page and "Impor 2 angka" in page
    assert _post(client, {"aksi": "impor", "label-0": label, "pilih-0": "setengah_penganggur_share"}).status_code == 302
    got = {o.region_id: (o.value, o.month) for o in Observation.objects.filter(indicator_id="setengah_penganggur_share", year=2031)}
    assert got == {"6472": (7.25, 8), "6471": (6.5, 8)}
    assert Observation.objects.get(region_id="6472", indicator_id="setengah_penganggur_share", year=2031).source_url.endswith("setengah.html")


def test_long_form_upload_is_previewed_too_and_a_broken_json_changes_nothing(client, make_user, write_csv, tmp_path):
    client.force_login(make_user("p", Role.PLANNER, "64"))
    path = write_csv([["region_code", "year", "month", "indicator", "value", "source_url"], ["6472", "2031", "8", "tpt", "5,5", SRC]])
    with open(path, "rb") as f:
        page = _post(client, {"berkas": f}).content.decode()
    assert "1 baru" in page and not Observation.objects.filter(year=2031).exists()
    _post(client, {"aksi": "impor"})
    assert Observation.objects.get(region_id="6472", year=2031, indicator_id="tpt").value == 5.5
    broken = tmp_path / "api.json"
    broken.write_text(json.dumps({"status": "OK", "var": []})[:-3], encoding="utf-8")
    n = Observation.objects.count()
    with open(broken, "rb") as f:
        page = _post(client, {"berkas": f, "sumber": SRC}).content.decode()
    assert "JSON_RUSAK" in page and "tidak ada data yang disimpan" in page
    assert Observation.objects.count() == n

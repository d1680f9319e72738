"""Nomenclature versions in the database: the embedded default seeded once, the official
list imported as a validated, audited action creating a new version, normalisation notes
shown, and a code missing only because the version is incomplete pointing to the import page."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from web_support import PROVINCE_ROW, client_for, write_nomenclature_csv

from sinergi.core.problems import ValidationFailed
from sinergi.web.audit.models import AuditEvent
from sinergi.web.proposals import actions
from sinergi.web.proposals.models import NomenclatureEntry, NomenclatureVersion

pytestmark = pytest.mark.django_db


def test_embedded_default_is_seeded_once_and_marked_incomplete():
    v1 = actions.ensure_defaults()
    v2 = actions.ensure_defaults()
    assert v1.pk == v2.pk and NomenclatureVersion.objects.count() == 1
    assert v1.embedded and v1.label == "bawaan" and v1.incomplete_levels == ["provinsi"]
    assert NomenclatureEntry.objects.filter(version=v1).count() == 360
    assert AuditEvent.objects.filter(action="muat_nomenklatur_bawaan").count() == 1


def test_admin_imports_the_official_list_as_a_new_version(users, shared_reference, client):
    actions.ensure_defaults()
    client_for(client, users["admin"])
    path = shared_reference / "nomenklatur" / "nomenklatur_lengkap_uji.csv"
    with open(path, "rb") as f:
        response = client.post(reverse("proposals:nomenclature"), {"versi": "SIPD 2027", "berkas": f})
    version = NomenclatureVersion.objects.get(label="SIPD 2027")
    assert response.status_code == 302 and response["Location"] == reverse("proposals:nomenclature-detail", args=[version.pk])
    assert version.incomplete_levels == [] and not version.embedded
    assert version.summary["sub_kegiatan_provinsi"] > 71  # 47 + 24 of 2.07/3.32, plus program 01
    assert version.entries.filter(code="2.07.04.1.03.0003").exists()  # the province job fair the default lacks
    event = AuditEvent.objects.get(action="impor_nomenklatur")
    assert event.actor == users["admin"] and event.after["baris"] == version.summary["baris"] and event.after["sha256"]
    # the same content again: no second version
    out = actions.import_nomenclature(users["admin"], path, "SIPD 2027 lagi")
    assert not out.created and out.version == version and NomenclatureVersion.objects.count() == 2
    page = client.get(reverse("proposals:nomenclature"))
    assert "SIPD 2027" in page.content.decode() and "belum lengkap di tingkat provinsi" in page.content.decode()


def test_only_admins_import(users, shared_reference, client):
    actions.ensure_defaults()
    path = shared_reference / "nomenklatur" / "nomenklatur_lengkap_uji.csv"
    with pytest.raises(PermissionDenied):
        actions.import_nomenclature(users["perencana"], path, "SIPD 2027")
    client_for(client, users["perencana"])
    with open(path, "rb") as f:
        assert client.post(reverse("proposals:nomenclature"), {"versi": "x", "berkas": f}).status_code == 403
    page = client.get(reverse("proposals:nomenclature")).content.decode()
    assert "Hanya admin provinsi yang dapat mengimpor nomenklatur" in page
    assert NomenclatureVersion.objects.count() == 1


def test_a_bad_file_is_refused_whole_with_every_problem(users, tmp_path, client):
    actions.ensure_defaults()
    path = write_nomenclature_csv(tmp_path / "nomen.csv", [
        {"code": "2.07.04", "level": "program", "name": "PROGRAM PENEMPATAN TENAGA KERJA", "authority": "both"},
        {"code": "2.07.04.2.01", "level": "kegiatan", "name": "Pelayanan antar Kerja", "authority": "kabkota"},
        {"code": "2.07.04.2.01.0002", "level": "sub_kegiatan", "name": "Penempatan", "authority": "provinsi", "unit": "Orang"},
        {"code": "2.07.04.2.01.zz", "level": "sub_kegiatan", "name": "Rusak", "authority": "kabkota"},
    ])
    with pytest.raises(ValidationFailed) as exc:
        actions.import_nomenclature(users["admin"], path, "Uji rusak")
    codes = sorted(p.code for p in exc.value.problems)
    assert codes == ["KEWENANGAN_TIDAK_COCOK", "KODE_TIDAK_SAH"]
    assert {p.row for p in exc.value.problems} == {4, 5}
    assert NomenclatureVersion.objects.count() == 1 and not AuditEvent.objects.filter(action="impor_nomenklatur").exists()
    client_for(client, users["admin"])
    with open(path, "rb") as f:
        page = client.post(reverse("proposals:nomenclature"), {"versi": "Uji rusak", "berkas": f})
    assert page.status_code == 200
    html = page.content.decode()
    assert "tidak ada data yang disimpan" in html and "KEWENANGAN_TIDAK_COCOK" in html


def test_normalisation_notes_are_kept_and_shown(users, tmp_path, client):
    actions.ensure_defaults()
    path = write_nomenclature_csv(tmp_path / "lama.csv", [
        {"code": "2.07.04", "level": "program", "name": "PROGRAM PENEMPATAN TENAGA KERJA", "authority": "both"},
        {"code": "2.07.04.2.01", "level": "kegiatan", "name": "Pelayanan antar Kerja", "authority": "kabkota"},
        {"code": "2.07.04.2.01.02", "level": "sub_kegiatan", "name": "Penempatan Tenaga Kerja", "authority": "kabkota",
         "indicator": "Jumlah orang ditempatkan", "unit": "Orang"},
    ])
    out = actions.import_nomenclature(users["admin"], path, "Permendagri 90 lama")
    assert out.created and [n["code"] for n in out.version.notes] == ["KODE_DINORMALKAN"]
    assert out.version.entries.filter(code="2.07.04.2.01.0002").exists()
    client_for(client, users["perencana"])
    html = client.get(reverse("proposals:nomenclature-detail", args=[out.version.pk])).content.decode()
    assert "catatan normalisasi" in html and "2.07.04.2.01.02" in html and "dinormalkan menjadi" in html


def test_province_code_missing_from_the_incomplete_version_says_so_and_links_the_import(users, rnd, client, full_version):
    """The embedded version lacks the province job fair: the form's list says the version is
    incomplete and links to the import page; switching the round to the imported version
    makes the code usable."""
    client_for(client, users["perencana"])
    html = client.get(reverse("proposals:new", args=[rnd.pk, "64"])).content.decode()
    assert "2.07.04.1.03.0003" not in html
    assert "belum lengkap" in html and reverse("proposals:nomenclature") + "#impor" in html
    row = {**PROVINCE_ROW, "kode_sub_kegiatan": "2.07.04.1.03.0003", "uraian": "Job fair Kalimantan Timur"}
    with pytest.raises(ValidationFailed) as exc:
        actions.validate_proposal(rnd, "64", row)
    problem = exc.value.problems[0]
    assert problem.code == "KODE_TIDAK_DIKENAL" and "belum lengkap di tingkat provinsi" in problem.fix
    response = client.post(reverse("proposals:new", args=[rnd.pk, "64"]), row)
    assert response.status_code == 200 and "impor nomenklatur resmi" in response.content.decode()
    # the reviewer moves the round to the imported version: the same proposal is now accepted
    response = client.post(reverse("proposals:round-action", args=[rnd.pk]),
                           {"aksi": "nomenklatur", "nomenklatur": full_version.pk, "versi": rnd.version})
    assert response.status_code == 302
    rnd.refresh_from_db()
    assert rnd.nomenclature == full_version
    assert AuditEvent.objects.filter(action="ganti_nomenklatur_putaran").exists()
    p = actions.create_proposal(users["perencana"], rnd, "64", row)
    assert p.code == "2.07.04.1.03.0003"


def test_upload_with_unknown_code_in_incomplete_version_links_the_import_page(users, rnd, client, tmp_path):
    from web_support import fill_template

    path = fill_template(tmp_path / "prov.xlsx", [{**PROVINCE_ROW, "kode_sub_kegiatan": "2.07.04.1.03.0003", "target": 200, "pagu": 150000000}], "64")
    client_for(client, users["perencana"])
    with open(path, "rb") as f:
        response = client.post(reverse("proposals:office", args=[rnd.pk, "64"]), {"berkas": f})
    html = response.content.decode()
    assert response.status_code == 200 and "KODE_TIDAK_DIKENAL" in html
    assert "mungkin hanya karena nomenklatur versi ini belum lengkap" in html and "#impor" in html

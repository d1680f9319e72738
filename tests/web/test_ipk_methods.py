"""IPK methods on the web: the shipped method seeded on first use, importing a method file as
a new version (planners only, every problem shown, nothing written on error), choosing the
active version, and comparing two versions side by side."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from sinergi.core.ipk import PROVISIONAL_LABEL
from sinergi.documents import ipk_files
from sinergi.web.accounts.models import Role
from sinergi.web.audit.models import AuditEvent
from sinergi.web.ipk import actions
from sinergi.web.ipk.models import IpkInput, IpkMethod, IpkRun

pytestmark = pytest.mark.django_db


def method_csv(tmp_path, name="metode.csv", change=None, status=None):
    """The shipped method as a CSV, optionally changed (``change(frame)``) or with every status set."""
    frame = ipk_files.load_default_method().to_frame()
    if status:
        frame["status"] = status
        for c in ("name_status", "weight_status", "goalpost_status"):
            if c in frame.columns:
                frame[c] = status
    if change:
        change(frame)
    path = tmp_path / name
    ipk_files.write_csv(frame, path)
    return path


def login(client, make_user, username, role, region=None):
    make_user(username, role, region)
    assert client.login(username=username, password="rahasia-uji-123")


def test_first_visit_seeds_the_shipped_method_inputs_and_a_seeded_run(client, make_user):
    login(client, make_user, "pemantau", Role.VIEWER)
    assert not IpkMethod.objects.exists()
    page = client.get("/ipk/").content.decode()
    active = IpkMethod.objects.get(is_active=True)
    assert active.version == ipk_files.DEFAULT_METHOD_VERSION and active.provisional
    assert active.definition["rows"][0]["sub_code"] == "I1.1" and active.fingerprint == ipk_files.load_default_method().fingerprint
    assert IpkInput.objects.count() == 550
    assert set(IpkInput.objects.values_list("quality", flat=True)) == {"real", "derived", "illustrative"}
    real = IpkInput.objects.get(region_id="6472", year=2023, sub_code="I2.4")
    assert real.quality == "real" and real.source_url.startswith("https://") and real.value > 0 and real.unit == "persen"
    run = IpkRun.objects.get(method=active)
    assert run.kind == IpkRun.Kind.UNCERTAINTY and run.settings["seed"] == 1 and run.settings["n"] == 2000
    assert run.summary["method_version"] == active.version
    assert PROVISIONAL_LABEL in page and "sementara-1" in page
    # idempotent: a second visit creates nothing more
    client.get("/ipk/metode/")
    assert IpkMethod.objects.count() == 1 and IpkRun.objects.count() == 1 and IpkInput.objects.count() == 550
    assert AuditEvent.objects.filter(action="muat_metode_ipk_bawaan").count() == 1


def test_planner_imports_a_method_file_as_a_new_version_and_activates_it(client, make_user, tmp_path):
    login(client, make_user, "perencana", Role.PLANNER, "64")
    client.get("/ipk/")

    def harder(frame):
        frame.loc[frame["sub_code"] == "I3.3", "max"] = 90.0

    path = method_csv(tmp_path, change=harder, status="verified")
    with open(path, "rb") as f:
        r = client.post("/ipk/metode/", {"berkas": f, "nama": "Kepmenaker 206/2017", "versi": ""}, follow=True)
    assert r.status_code == 200
    new = IpkMethod.objects.get(name="Kepmenaker 206/2017")
    assert new.version == "1" and not new.provisional and not new.is_active
    assert new.fingerprint != IpkMethod.objects.get(is_active=True).fingerprint
    assert "tersimpan" in r.content.decode()
    ev = AuditEvent.objects.get(action="impor_metode_ipk")
    assert ev.actor_username == "perencana" and ev.after["versi"] == "1" and ev.after["berkas"] == "metode.csv"
    # the next import of the same name gets the next number
    with open(path, "rb") as f:
        client.post("/ipk/metode/", {"berkas": f, "nama": "Kepmenaker 206/2017"})
    assert IpkMethod.objects.filter(name="Kepmenaker 206/2017").count() == 2
    assert IpkMethod.objects.filter(name="Kepmenaker 206/2017", version="2").exists()
    # activate version 1: every page uses it, a first run is made for it, both steps audited
    r = client.post(f"/ipk/metode/{new.pk}/aktifkan/", follow=True)
    new.refresh_from_db()
    assert new.is_active and IpkMethod.objects.filter(is_active=True).count() == 1
    assert IpkRun.objects.filter(method=new).count() == 1
    ev = AuditEvent.objects.get(action="aktifkan_metode_ipk")
    assert ev.before["versi"] == ipk_files.DEFAULT_METHOD_VERSION and ev.after["id"] == new.pk
    page = client.get("/ipk/").content.decode()
    assert "Kepmenaker 206/2017" in page and "semua parameter terverifikasi" in page
    assert 'data-testid="label-perkiraan"' not in page  # an all-verified method carries no provisional label


def test_invalid_method_file_shows_every_problem_and_writes_nothing(client, make_user, tmp_path):
    login(client, make_user, "admin1", Role.ADMIN)
    client.get("/ipk/")
    events = AuditEvent.objects.count()

    def broken(frame):
        frame.loc[frame["sub_code"] == "I2.1", "sub_weight"] = 0.5  # I2 sums to 1.25
        frame.loc[frame["sub_code"] == "I3.1", "min"] = frame.loc[frame["sub_code"] == "I3.1", "max"]  # min = max
        frame.loc[frame["sub_code"] == "I5.1", "direction"] = "ke atas"  # unknown direction
        frame.loc[frame["sub_code"] == "I6.2", "sub_code"] = "I6.1"  # listed twice

    path = method_csv(tmp_path, change=broken)
    with open(path, "rb") as f:
        r = client.post("/ipk/metode/", {"berkas": f, "nama": "Rusak"})
    assert r.status_code == 200  # refusals are answered in the page
    page = r.content.decode()
    for code in ("IPK_BOBOT_SUB_TIDAK_1", "IPK_MIN_SAMA_MAX", "IPK_ARAH_TIDAK_DIKENAL", "IPK_SUB_GANDA"):
        assert code in page, code
    assert "masalah ditemukan — tidak ada data yang disimpan" in page
    assert "metode.csv" in page  # located in the file
    assert not IpkMethod.objects.filter(name="Rusak").exists()
    assert IpkMethod.objects.count() == 1 and AuditEvent.objects.count() == events


def test_a_stored_name_and_version_is_refused(client, make_user, tmp_path):
    login(client, make_user, "perencana", Role.PLANNER, "64")
    client.get("/ipk/")
    path = method_csv(tmp_path)
    with open(path, "rb") as f:
        r = client.post("/ipk/metode/", {"berkas": f, "nama": ipk_files.DEFAULT_METHOD_NAME, "versi": ipk_files.DEFAULT_METHOD_VERSION})
    assert r.status_code == 200 and "IPK_VERSI_SUDAH_ADA" in r.content.decode()
    assert IpkMethod.objects.count() == 1


def test_operator_and_viewer_cannot_import_or_activate_a_method(client, make_user, tmp_path):
    make_user("op-paser", Role.OPERATOR, "6401")
    make_user("pemantau", Role.VIEWER)
    path = method_csv(tmp_path)
    for username in ("op-paser", "pemantau"):
        client.login(username=username, password="rahasia-uji-123")
        page = client.get("/ipk/metode/")
        assert page.status_code == 200 and 'data-testid="hanya-baca"' in page.content.decode()
        assert "Jadikan aktif" not in page.content.decode()
        with open(path, "rb") as f:
            assert client.post("/ipk/metode/", {"berkas": f, "nama": "X"}).status_code == 403
        default = IpkMethod.objects.get()
        assert client.post(f"/ipk/metode/{default.pk}/aktifkan/").status_code == 403
        assert client.post("/ipk/simulasi/", {"n": "1000"}).status_code == 403
        client.logout()
    assert IpkMethod.objects.count() == 1 and IpkRun.objects.count() == 1
    operator = make_user("op-bontang", Role.OPERATOR, "6474")
    with pytest.raises(PermissionDenied):
        actions.import_method(operator, path)
    with pytest.raises(PermissionDenied):
        actions.activate_method(operator, IpkMethod.objects.get().pk)


def test_method_page_shows_parameters_with_status_badges(client, make_user):
    login(client, make_user, "pemantau", Role.VIEWER)
    page = client.get("/ipk/metode/").content.decode()
    assert 'data-testid="status-I1.1"' in page and "sementara" in page and "disimpulkan" in page and "terverifikasi" in page
    assert "I6.1" in page and "Peraturan Perusahaan" in page
    assert "rendah</strong> ≥ 0" in page and "tinggi</strong> ≥ 80" in page
    # the method as a workbook to fill (the same layout the import reads)
    stored = IpkMethod.objects.get()
    r = client.get(f"/ipk/metode/{stored.pk}/metode.xlsx")
    book = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert {"metode", "kategori", "info", "petunjuk"} <= set(book.sheetnames)


def test_two_versions_side_by_side(client, make_user, tmp_path):
    login(client, make_user, "perencana", Role.PLANNER, "64")
    client.get("/ipk/")
    default = IpkMethod.objects.get()

    def stricter(frame):
        frame.loc[frame["sub_code"] == "I3.3", "max"] = 100.0  # placements count for less

    out = actions.import_method(_planner(), method_csv(tmp_path, change=stricter), name="Uji", version="ketat")
    r = client.get(f"/ipk/metode/banding/?a={default.pk}&b={out.method.pk}&tahun=2023")
    page = r.content.decode()
    assert r.status_code == 200 and 'data-testid="tabel-banding"' in page
    assert "sementara-1" in page and "ketat" in page and PROVISIONAL_LABEL in page
    # B scores lower everywhere (a higher goalpost for a positive sub-indicator)
    from sinergi.web.ipk import queries

    ra, rb = queries.result(default), queries.result(out.method)
    a = ra.unit("6401", 2023)["score"]
    b = rb.unit("6401", 2023)["score"]
    assert b < a
    assert f"{b - a:.2f}".replace(".", ",").replace("-", "−") in page
    # the comparison workbook from the engine's writer
    r = client.get(f"/ipk/metode/banding.xlsx?a={default.pk}&b={out.method.pk}")
    book = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert set(book.sheetnames) == {"Perbandingan", "Metode"}
    frame = pd.DataFrame(book["Metode"].values)
    assert "ketat" in frame.to_string()


def _planner():
    from sinergi.web.accounts.models import User

    return User.objects.get(username="perencana")

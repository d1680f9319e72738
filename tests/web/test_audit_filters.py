"""The audit trail filters by person, date range (local days), region and action, shows each
action in words, pages with its filters kept, and its CSV carries the same choice with local
times (WITA) and before/after as JSON."""
from __future__ import annotations

import ast
import csv
import io
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import sinergi
from sinergi.web.accounts.models import Role
from sinergi.web.audit.actions import record
from sinergi.web.audit.labels import ACTION_LABELS, action_label
from sinergi.web.audit.models import AuditEvent

SRC = Path(sinergi.__file__).resolve().parent
WITA = ZoneInfo("Asia/Makassar")


def _recorded_actions() -> set[str]:
    """Every action name written in the web code: a string constant given as the ``action``
    argument (by position or keyword) of record() or of any function with an ``action``
    parameter, an ``action = "a" if … else "b"``, and the names kept in constants."""
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in (SRC / "web").rglob("*.py") if "migrations" not in p.parts]
    position = {}  # function name → index of its ``action`` parameter
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                params = [a.arg for a in node.args.args]
                if "action" in params:
                    position[node.name] = params.index("action")

    def constants(arg):
        if isinstance(arg, ast.IfExp):
            return constants(arg.body) | constants(arg.orelse)
        return {arg.value} if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else set()

    names = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                fname = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if fname in position and len(node.args) > position[fname]:
                    names |= constants(node.args[position[fname]])
                if fname in position or fname == "record":
                    names |= {c for k in node.keywords if k.arg == "action" for c in constants(k.value)}
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "action" for t in node.targets):
                names |= constants(node.value)
    from sinergi.web.accounts.actions import DEMO_CREATED, DEMO_RETIRED
    from sinergi.web.proposals.actions import ACTION_NAMES

    return names | {DEMO_CREATED, DEMO_RETIRED, "cadangkan"} | set(ACTION_NAMES.values())  # cadangkan: cli/app.py


def test_every_recorded_action_has_words():
    recorded = _recorded_actions()
    assert {"buat_usulan", "impor_statistik", "pilih_nilai_utama", "ubah_kata_sandi_admin", "terima_usulan", "buka_kembali_putaran"} <= recorded
    missing = sorted(a for a in recorded if isinstance(a, str) and a not in ACTION_LABELS)
    assert missing == []
    assert action_label("buat_usulan") == "Membuat usulan"
    assert action_label("aksi_baru_sekali") == "aksi baru sekali"


@pytest.mark.django_db
def test_an_unregistered_action_is_refused_under_test():
    with pytest.raises(ValueError, match="belum terdaftar"):
        record(None, "aksi_karangan_sendiri", "uji", "1", summary="uji")
    assert not AuditEvent.objects.filter(action="aksi_karangan_sendiri").exists()


@pytest.fixture
def admin(client, make_user):
    user = make_user("admin1", Role.ADMIN)
    client.force_login(user)
    return client


def _event(actor, action, at, region="", before=None, after=None):
    e = record(actor, action, "uji", "1", region=region, before=before, after=after, summary="uji")
    AuditEvent.objects.filter(pk=e.pk).update(at=at)
    return e


@pytest.fixture
def events(make_user):
    ana = make_user("ana", Role.OPERATOR, "6472")
    budi = make_user("budi", Role.PLANNER, "64")
    # 3 Dec 23:30 WITA is 3 Dec 15:30 UTC; 4 Dec 00:30 WITA is 3 Dec 16:30 UTC (another local day)
    return {
        "late": _event(ana, "buat_usulan", datetime(2026, 12, 3, 23, 30, tzinfo=WITA), "6472", after={"judul": "Pelatihan", "pagu": 1500000}),
        "early": _event(ana, "ubah_usulan", datetime(2026, 12, 4, 0, 30, tzinfo=WITA), "6472", before={"pagu": 1}, after={"pagu": 2}),
        "other": _event(budi, "simpan_rencana_rtk", datetime(2026, 12, 4, 9, 0, tzinfo=WITA), "6401"),
    }


def _ids(client, query):
    r = client.get("/audit/?" + query)
    assert r.status_code == 200
    return {e.pk for e in r.context["page"].object_list}


@pytest.mark.django_db
def test_filters_by_person_day_region_and_action(admin, events):
    assert _ids(admin, "pengguna=ana") == {events["late"].pk, events["early"].pk}
    assert _ids(admin, "pengguna=ana&dari=2026-12-04&sampai=2026-12-04") == {events["early"].pk}  # local days
    assert _ids(admin, "sampai=2026-12-03&pengguna=ana") == {events["late"].pk}
    assert _ids(admin, "wilayah=6401") == {events["other"].pk}
    assert _ids(admin, "aksi=ubah_usulan") == {events["early"].pk}
    page = admin.get("/audit/?aksi=ubah_usulan").content.decode()
    assert "Mengubah usulan" in page and "WITA" in page


@pytest.mark.django_db
def test_csv_carries_the_filters_local_time_and_json(admin, events):
    r = admin.get("/audit/unduh.csv?pengguna=ana")
    rows = list(csv.DictReader(io.StringIO(r.content.decode())))
    assert [row["aksi"] for row in rows] == ["buat_usulan", "ubah_usulan"]
    assert rows[0]["waktu (WITA)"] == "2026-12-03T23:30:00+08:00"
    assert rows[0]["aksi_keterangan"] == "Membuat usulan"
    assert json.loads(rows[0]["sesudah"]) == {"judul": "Pelatihan", "pagu": 1500000}
    assert json.loads(rows[1]["sebelum"]) == {"pagu": 1} and rows[0]["sebelum"] == ""


@pytest.mark.django_db
def test_pages_keep_the_filters(admin, make_user):
    ana = make_user("ana", Role.OPERATOR, "6472")
    for i in range(60):
        record(ana, "komentari_usulan", "uji", str(i))
    page = admin.get("/audit/?pengguna=ana").content.decode()
    assert "pengguna=ana&amp;hal=2" in page
    second = admin.get("/audit/?pengguna=ana&hal=2")
    assert len(second.context["page"].object_list) == 10

"""A saved RTK plan records with which method it was computed (the engine's method fingerprint
and version), and the plan page says so — and warns when the engine now computes the same
parameters with another method."""
from __future__ import annotations

import pytest
from django.urls import reverse
from web_support import editor_fields

from sinergi.core.rtk import METHOD_V2_VERSION, project
from sinergi.documents import rtk_files
from sinergi.web.accounts.models import Role
from sinergi.web.audit.models import AuditEvent
from sinergi.web.rtk import params as P
from sinergi.web.rtk.models import RtkPlan, RtkPlanRevision

pytestmark = pytest.mark.django_db

NOTICE = 'data-testid="metode-berubah"'


@pytest.fixture
def planner(make_user):
    return make_user("perencana", Role.PLANNER, "64")


def _save(client, planner) -> RtkPlan:
    client.force_login(planner)
    data, _ = editor_fields(client)
    data["g-moderat-2025"] = "6,5"
    assert client.post(reverse("rtk:plan", args=["64"]), {**data, "aksi": "simpan"}).status_code == 302
    return RtkPlan.objects.get(region_id="64")


def _engine(plan: RtkPlan):
    return project(rtk_files.kaltim_series("64"), plan.base_year, plan.end_year, P.scenarios(plan.parameters),
                   ikn=P.ikn(plan.parameters))


def test_saving_stores_the_engines_fingerprint_and_the_page_shows_it(client, planner):
    plan = _save(client, planner)
    expected = _engine(plan)
    assert len(plan.method_fingerprint) == 16 and plan.method_fingerprint == expected.method_fingerprint
    assert plan.method_version == expected.method_version == METHOD_V2_VERSION
    event = AuditEvent.objects.get(action="simpan_rencana_rtk")
    assert event.after["sidik_metode"] == plan.method_fingerprint and event.after["versi_metode"] == METHOD_V2_VERSION
    # the revision snapshot stays the planner's parameters (its differences are what they changed)
    assert "sidik_metode" not in RtkPlanRevision.objects.get(plan=plan, version=1).snapshot
    page = client.get(reverse("rtk:plan", args=["64"])).content.decode()
    assert f"Dihitung dengan metode sinergi-rtk 2.0 (sidik {plan.method_fingerprint[:12]})." in page
    assert NOTICE not in page and "tidak tercatat" not in page
    # another period shown on the page is still compared with the stored plan's own run
    other = client.get(reverse("rtk:plan", args=["64"]) + f"?akhir={plan.end_year + 1}").content.decode()
    assert plan.method_fingerprint[:12] in other and NOTICE not in other
    # a second save records the fingerprint before and after
    data, _ = editor_fields(client)
    assert client.post(reverse("rtk:plan", args=["64"]), {**data, "aksi": "simpan"}).status_code == 302
    second = AuditEvent.objects.filter(action="simpan_rencana_rtk").order_by("-id").first()
    assert second.before["sidik_metode"] == second.after["sidik_metode"] == plan.method_fingerprint


def test_a_fingerprint_the_engine_no_longer_gives_asks_for_a_new_save(client, planner):
    plan = _save(client, planner)
    RtkPlan.objects.filter(pk=plan.pk).update(method_fingerprint="0123456789abcdef")
    page = client.get(reverse("rtk:plan", args=["64"])).content.decode()
    assert NOTICE in page and "dihitung dengan metode sebelumnya" in page
    assert "0123456789ab" in page and plan.method_fingerprint[:12] in page  # the saved and the current fingerprint
    assert "simpan kembali" in page
    # saving again records the current method: the notice is gone
    data, _ = editor_fields(client)
    assert client.post(reverse("rtk:plan", args=["64"]), {**data, "aksi": "simpan"}).status_code == 302
    assert RtkPlan.objects.get(pk=plan.pk).method_fingerprint == plan.method_fingerprint
    assert NOTICE not in client.get(reverse("rtk:plan", args=["64"])).content.decode()


def test_an_older_method_version_asks_for_a_new_save(client, planner):
    plan = _save(client, planner)
    RtkPlan.objects.filter(pk=plan.pk).update(method_version="sinergi-rtk 1.9 (uji)")
    page = client.get(reverse("rtk:plan", args=["64"])).content.decode()
    assert NOTICE in page and "Versi metode saat disimpan: sinergi-rtk 1.9." in page


def test_a_plan_saved_before_the_record_says_so(client, planner):
    plan = _save(client, planner)
    RtkPlan.objects.filter(pk=plan.pk).update(method_fingerprint="", method_version="")
    page = client.get(reverse("rtk:plan", args=["64"])).content.decode()
    assert "sidik metode tidak tercatat (disimpan sebelum pencatatan)" in page
    assert NOTICE not in page and "Dihitung dengan metode" not in page


def test_defaults_never_saved_show_no_method_line(client, planner):
    client.force_login(planner)
    page = client.get(reverse("rtk:plan", args=["64"])).content.decode()
    assert 'data-testid="sidik-tersimpan"' not in page and NOTICE not in page

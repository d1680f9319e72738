"""Results flow: the gap page and the documents use the saved IPK results and RTK plans when they
exist, the shipped defaults only when they do not — and the page says which."""
from __future__ import annotations

import pytest
from django.urls import reverse
from web_support import client_for

from sinergi.web.proposals.needs import identified_needs

pytestmark = pytest.mark.django_db


def test_defaults_until_results_are_saved_and_the_page_says_which(users, rnd, client):
    from sinergi.web.ipk import actions as ipk_actions
    from sinergi.web.ipk.models import IpkInput
    from sinergi.web.rtk import params as P
    from sinergi.web.rtk.actions import save_plan

    client_for(client, users["perencana"])
    needs = identified_needs()
    assert not needs.ipk_saved and needs.rtk_saved_regions == [] and "pada data bawaan" in needs.ipk_source
    page = client.get(reverse("proposals:gaps", args=[rnd.pk])).content.decode()
    assert "IPK: bawaan" in page and "RTK: bawaan" in page
    # the IPK pages hold the method and inputs; Samarinda's RTKD is declared adopted (I1.1 = 1, real)
    ipk_actions.ensure_defaults()
    year = IpkInput.objects.filter(region_id="6472", sub_code="I1.1").order_by("-year").values_list("year", flat=True)[0]
    IpkInput.objects.filter(region_id="6472", sub_code="I1.1", year=year).update(value=0.0, quality="real", source_url="https://example.go.id/rtkd")
    weak = identified_needs().weak_ipk
    assert "Perencanaan Tenaga Kerja" in set(weak[weak["wilayah_kode"] == "6472"]["indikator"])  # no RTKD: weak
    IpkInput.objects.filter(region_id="6472", sub_code="I1.1", year=year).update(value=1.0)
    needs = identified_needs()
    weak = needs.weak_ipk
    assert needs.ipk_saved and "data masukan yang tersimpan di halaman IPK" in needs.ipk_source
    assert "Perencanaan Tenaga Kerja" not in set(weak[weak["wilayah_kode"] == "6472"]["indikator"])  # the saved value counts
    # Samarinda saves its RTK plan: its needs come from it, the others stay on the defaults
    base, end = P.default_period()
    save_plan(users["perencana"], "6472", name="RTK Samarinda", base_year=base, end_year=end + 1,
              parameters=P.default_parameters("6472"), expected_version=0)
    needs = identified_needs()
    assert needs.rtk_saved_regions == ["6472"] and "6471" in needs.rtk_default_regions
    rows = needs.rtk_needs[needs.rtk_needs["wilayah_kode"] == "6472"]
    assert len(rows) and all("rencana RTK tersimpan" in k for k in rows["keterangan"])
    assert "rencana RTK tersimpan untuk Samarinda" in needs.rtk_source
    page = client.get(reverse("proposals:gaps", args=[rnd.pk])).content.decode()
    assert "IPK: hasil tersimpan" in page and "RTK: rencana tersimpan" in page and "1 wilayah memakai rencana RTK tersimpan" in page

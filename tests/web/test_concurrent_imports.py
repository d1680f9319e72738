"""Statistics imports racing on PostgreSQL: parallel uploads, each from its own browser session
and its own database connection (one thread each, released together by a barrier).

Each session uploads its file and sees the preview first; the confirmations ("Impor") race.

* 20 uploads of the same one-row file at once store that row once (the others report it as
  already stored);
* two uploads giving the same ten new figures from two sources at once store both values and
  leave exactly one primary per figure — the better-ranked source (BPS) for every figure.

The import is slowed down between reading what is stored and writing (``DELAY``), so without the
database's unique indexes every upload would pass its "already stored?" check inside that window.
"""
from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse
from web_support import postgres_only, save_together

from sinergi.web.accounts.models import Role
from sinergi.web.statistics.models import ImportBatch, Observation

DELAY = 0.3
HEADER = "region_code,region,year,month,indicator,value,unit,source_url,note\n"


def _slowed_plan(monkeypatch):
    from sinergi.web.statistics import actions

    plan = actions._plan

    def slow(*args, **kwargs):
        out = plan(*args, **kwargs)
        time.sleep(DELAY)
        return out

    monkeypatch.setattr(actions, "_plan", slow)


def _upload(user, name: str, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = Client()
    c.force_login(user)
    # before the barrier: sign in, upload and see the preview; only the confirmations race
    preview = c.post(reverse("statistics-import"), {"berkas": SimpleUploadedFile(name, text.encode(), "text/csv")})
    assert preview.status_code == 200 and 'data-testid="pratinjau-impor"' in preview.content.decode()
    return lambda: c.post(reverse("statistics-import"), {"aksi": "impor"})


@postgres_only
def test_twenty_simultaneous_uploads_of_one_row_store_it_once(reference_data, make_user, monkeypatch):
    planner = make_user("perencana", Role.PLANNER, "64")
    text = HEADER + "6472,Kota Samarinda,2031,8,tpt,5.85,percent,https://samarindakota.bps.go.id/tpt-2031,\n"
    jobs = {f"unggah-{i:02d}": _upload(planner, "satu-baris.csv", text) for i in range(20)}
    batches = ImportBatch.objects.count()
    _slowed_plan(monkeypatch)

    results = save_together(jobs)

    errors = {k: v for k, v in results.items() if isinstance(v, BaseException)}
    assert not errors, errors
    assert sorted({r.status_code for r in results.values()}) == [302], {k: r.status_code for k, r in results.items()}
    stored = Observation.objects.filter(region_id="6472", year=2031, month=8, indicator_id="tpt")
    assert stored.count() == 1
    assert stored.get().preferred
    new = ImportBatch.objects.order_by("pk")[batches:]
    assert len(new) == 20
    assert sorted(b.rows_added for b in new) == [0] * 19 + [1]
    assert sorted(b.rows_skipped for b in new) == [0] + [1] * 19


@postgres_only
def test_two_sources_for_ten_new_figures_at_once_leave_one_primary_each(reference_data, make_user, monkeypatch):
    planner = make_user("perencana", Role.PLANNER, "64")
    years = range(2041, 2051)
    news = HEADER + "".join(f"6472,Kota Samarinda,{y},8,tpt,5.{y % 10},percent,https://kaltim.antaranews.com/tpt-{y},\n" for y in years)
    bps = HEADER + "".join(f"6472,Kota Samarinda,{y},8,tpt,6.{y % 10},percent,https://samarindakota.bps.go.id/tpt-{y},\n" for y in years)
    _slowed_plan(monkeypatch)

    results = save_together({"berita": _upload(planner, "berita.csv", news), "bps": _upload(planner, "bps.csv", bps)})

    assert {k: getattr(v, "status_code", v) for k, v in results.items()} == {"berita": 302, "bps": 302}
    for y in years:
        values = Observation.objects.filter(region_id="6472", year=y, month=8, indicator_id="tpt")
        assert values.count() == 2, y
        (primary,) = values.filter(preferred=True)
        assert primary.source_kind == "bps" and primary.value == pytest.approx(6 + (y % 10) / 10), y

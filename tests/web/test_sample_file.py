"""The README's sample statistics file (docs/contoh/statistik_contoh.csv) imports, and every
figure in it is a real figure of the embedded data with the same source (nothing invented)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sinergi.web.accounts.models import Role
from sinergi.web.statistics.actions import import_statistics
from sinergi.web.statistics.models import Observation

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "contoh" / "statistik_contoh.csv"


@pytest.mark.django_db
def test_sample_file_imports_and_holds_only_embedded_figures(make_user):
    with open(SAMPLE, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 5
    for r in rows:
        assert r["source_url"].startswith("https://")
        stored = Observation.objects.get(region_id=r["region_code"], year=int(r["year"]), month=int(r["month"]),
                                         indicator_id=r["indicator"], source_url=r["source_url"])
        assert stored.value == float(r["value"]) and stored.unit == r["unit"]
    planner = make_user("perencana", Role.PLANNER, "64")
    result = import_statistics(planner, SAMPLE)
    assert result.added == 0 and result.changed == 0 and result.skipped == len(rows)  # the same figures: nothing to change
    Observation.objects.filter(source_url__in=[r["source_url"] for r in rows]).delete()
    result = import_statistics(planner, SAMPLE)
    assert result.added == len(rows)

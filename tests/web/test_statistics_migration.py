"""The migration that adds the two unique indexes first repairs what older installations hold:
copies of one row (the PostgreSQL import race) and figures with two primaries."""
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sinergi.web.statistics.models import Observation

BEFORE = ("statistics", "0001_initial")


@pytest.mark.django_db(transaction=True)
def test_duplicates_are_removed_and_each_figure_keeps_one_primary_ranked_anew():
    from sinergi.web.regions.actions import load_regions
    from sinergi.web.statistics.actions import load_indicators

    load_regions()
    load_indicators()
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    insert = ("INSERT INTO statistics_observation (region_id, year, month, indicator_id, value, unit, source_url, note, quality, preferred) "
              "VALUES (%s, %s, %s, %s, %s, 'percent', %s, '', '', %s)")
    rows = [
        *[("6472", 2031, 8, "tpt", 5.85, "https://samarindakota.bps.go.id/tpt", True)] * 3,  # three copies of one row
        ("6472", 2024, 8, "tpt", 5.75, "https://radarmedia.id/tpt", True),  # news and BPS, both primary
        ("6472", 2024, 8, "tpt", 5.85, "https://samarindakota.bps.go.id/tpt-2024", True),
        *[("6401", 2030, None, "umk", 3.5e6, "https://paserkab.go.id/umk", True)] * 2,  # blank month: still copies
    ]
    with connection.cursor() as c:
        c.execute("DELETE FROM statistics_observation")
        for r in rows:
            c.execute(insert, list(r))
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # 0002 (and any later migration): back to the current schema

    stored = list(Observation.objects.order_by("pk").values_list("region_id", "year", "month", "value", "source_kind", "preferred"))
    assert stored == [
        ("6472", 2031, 8, 5.85, "bps", True),
        ("6472", 2024, 8, 5.75, "berita", False),
        ("6472", 2024, 8, 5.85, "bps", True),
        ("6401", 2030, None, 3.5e6, "pemerintah", True),
    ]

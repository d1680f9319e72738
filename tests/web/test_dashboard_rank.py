"""The statistics dashboard ranks regions with the core's rule (``rank_rows``): tied regions share a rank."""
import pytest
from django.urls import reverse

from sinergi.web.accounts.models import Role
from sinergi.web.regions.models import Region
from sinergi.web.statistics.models import Observation

pytestmark = pytest.mark.django_db

SRC = "https://kaltim.bps.go.id/id/statistics-table/uji-peringkat"


def _ranks(client, indicator: str, year: int) -> dict[str, int | None]:
    page = client.get(reverse("dashboard"), {"indikator": indicator, "tahun": year})
    assert page.status_code == 200
    return {x["region"].code: x.get("rank") for x in page.context["ranking"]}


def test_tied_regions_share_the_best_rank_and_the_next_rank_skips(client, make_user):
    kabkota = [r.code for r in Region.objects.exclude(type="provinsi").order_by("code")]
    # TPT: lower is better. Two regions tie for first, two tie for fourth, one region has no figure.
    values = dict(zip(kabkota, [3.0, 3.0, 4.0, 5.5, 5.5, 6.0, 7.0, 8.0, 9.0], strict=False))
    for code, value in values.items():
        Observation.objects.create(region_id=code, year=2031, month=8, indicator_id="tpt", value=value, unit="percent",
                                   source_url=SRC, preferred=True)
    client.force_login(make_user("v", Role.VIEWER))
    ranks = _ranks(client, "tpt", 2031)
    a, b, c, d, e, f = kabkota[:6]
    assert (ranks[a], ranks[b], ranks[c], ranks[d], ranks[e], ranks[f]) == (1, 1, 3, 4, 4, 6)
    assert ranks[kabkota[-1]] is None  # no figure, no rank


def test_higher_is_better_indicator_ranks_the_highest_first(client, make_user):
    kabkota = [r.code for r in Region.objects.exclude(type="provinsi").order_by("code")]
    for code, value in zip(kabkota[:3], [60.0, 70.0, 70.0], strict=True):
        Observation.objects.create(region_id=code, year=2031, month=8, indicator_id="tpak", value=value, unit="percent",
                                   source_url=SRC, preferred=True)
    client.force_login(make_user("v", Role.VIEWER))
    ranks = _ranks(client, "tpak", 2031)
    assert [ranks[c] for c in kabkota[:3]] == [3, 1, 1]

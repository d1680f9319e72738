"""The primary value of a figure in the web app: a BPS import takes over from a news value and
the import says so; a planner picks a value on a page (with a reason, audited) and the pick
survives later imports; the database allows one observation per figure and source and one
primary per figure (blank month too); ``ekspor --hanya-utama`` writes one value per figure."""
import csv
import re

import pandas as pd
import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from sinergi.core.problems import ValidationFailed
from sinergi.web.accounts.models import Role
from sinergi.web.audit.models import AuditEvent
from sinergi.web.statistics.actions import (
    choose_primary,
    export_observations,
    import_frame,
    import_statistics,
    preview_frame,
    release_primary,
)
from sinergi.web.statistics.models import Observation
from sinergi.web.statistics.queries import headline

pytestmark = pytest.mark.django_db

HEADER = ["region_code", "region", "year", "month", "indicator", "value", "unit", "source_url", "note"]
BPS = "https://samarindakota.bps.go.id/id/pressrelease/2024/11/tpt-agustus-2024"
NEWS = "https://radarmedia.id/tingkat-pengangguran-terbuka-kota-bontang-menurun-068-persen"  # the embedded 5.75


def samarinda_tpt_2024():
    return headline("tpt", 2024, ["6472"])[("6472", 2024)]


def bps_row(value="5,85", url=BPS, **kw):
    return ["6472", "Kota Samarinda", kw.get("year", "2024"), kw.get("month", "8"), kw.get("indicator", "tpt"), value, "percent", url, kw.get("note", "")]


def test_a_bps_value_becomes_primary_over_the_news_value_and_the_import_says_so(write_csv):
    assert samarinda_tpt_2024().value == pytest.approx(5.75)
    result = import_statistics(None, write_csv([HEADER, bps_row()]))
    assert (result.added, result.changed, result.skipped) == (1, 0, 0)
    (change,) = result.primary_changes
    assert (change["region_code"], change["year"], change["month"], change["indicator"]) == ("6472", 2024, 8, "tpt")
    assert change["before"]["value"] == pytest.approx(5.75) and change["before"]["source_kind"] == "berita"
    assert change["after"]["value"] == pytest.approx(5.85) and change["after"]["source_kind"] == "bps"
    shown = samarinda_tpt_2024()
    assert (shown.value, shown.source_url, shown.source_kind) == (pytest.approx(5.85), BPS, "bps")
    news = Observation.objects.get(region_id="6472", year=2024, month=8, indicator_id="tpt", source_url=NEWS)
    assert not news.preferred and "conflicting" in news.flags  # kept, as the alternative
    event = AuditEvent.objects.filter(action="impor_statistik").order_by("-pk").first()
    assert event.after["nilai_utama_berubah"][0]["after"]["value"] == pytest.approx(5.85)
    assert "1 nilai utama berubah" in event.summary


def test_a_news_value_does_not_replace_a_bps_primary_and_nothing_is_reported(write_csv):
    import_statistics(None, write_csv([HEADER, bps_row()]))
    result = import_statistics(None, write_csv([HEADER, bps_row("5,9", url="https://kaltim.tribunnews.com/tpt-samarinda")]))
    assert result.added == 1 and result.primary_changes == []
    assert samarinda_tpt_2024().value == pytest.approx(5.85)


def test_another_government_office_ranks_above_news(write_csv):
    result = import_statistics(None, write_csv([HEADER, bps_row("5,8", url="https://disnaker.samarindakota.go.id/tpt-2024")]))
    assert result.primary_changes[0]["after"]["source_kind"] == "pemerintah"
    assert samarinda_tpt_2024().value == pytest.approx(5.8)


def test_the_same_source_giving_another_value_is_a_correction_not_a_second_figure(write_csv):
    import_statistics(None, write_csv([HEADER, bps_row()]))
    result = import_statistics(None, write_csv([HEADER, bps_row("5,86", note="revisi")]))
    assert (result.added, result.changed, result.skipped) == (0, 1, 0)
    assert Observation.objects.filter(source_url=BPS).count() == 1
    assert samarinda_tpt_2024().value == pytest.approx(5.86)
    assert [(c["before"]["value"], c["after"]["value"]) for c in result.primary_changes] == [(pytest.approx(5.85), pytest.approx(5.86))]
    again = import_statistics(None, write_csv([HEADER, bps_row("5,86", note="revisi")]))
    assert (again.added, again.changed, again.skipped, again.primary_changes) == (0, 0, 1, [])


def test_preview_counts_and_primary_changes_without_writing():
    frame = pd.DataFrame([
        dict(zip(HEADER, bps_row(), strict=False)),
        dict(zip(HEADER, ["6401", "Paser", "2023", "8", "tpt", "4.72", "percent",
                          Observation.objects.get(region_id="6401", year=2023, indicator_id="tpt").source_url, ""], strict=False)),
        dict(zip(HEADER, bps_row("7,1", year="2031"), strict=False)),
    ])
    before = Observation.objects.count()
    preview = preview_frame(None, frame, "tabel-bps.xlsx")
    assert (preview.new, preview.unchanged, preview.changed) == (2, 1, 0)
    assert [(c["region_code"], c["after"]["value"]) for c in preview.primary_changes] == [("6472", pytest.approx(5.85))]
    assert Observation.objects.count() == before
    result = import_frame(None, frame, "tabel-bps.xlsx")  # the same plan, written
    assert (result.added, result.skipped, result.primary_changes) == (2, 1, preview.primary_changes)


def test_an_explicit_source_kind_column_marks_a_bps_file(write_csv):
    path = write_csv([HEADER + ["source_kind"], bps_row(url="https://example.org/unduhan/tabel-tpt.xlsx") + ["bps"]])
    assert import_statistics(None, path).primary_changes[0]["after"]["source_kind"] == "bps"
    assert samarinda_tpt_2024().source_kind == "bps"


# ------------------------------------------------------------------ the planner's pick
def test_a_planners_pick_needs_a_reason_is_audited_and_survives_later_imports(make_user, write_csv):
    planner = make_user("perencana", Role.PLANNER, "64")
    import_statistics(None, write_csv([HEADER, bps_row()]))
    news = Observation.objects.get(region_id="6472", source_url=NEWS, indicator_id="tpt", year=2024)
    with pytest.raises(ValidationFailed) as exc:
        choose_primary(planner, news.pk, "  ")
    assert exc.value.problems[0].column == "alasan"
    assert samarinda_tpt_2024().value == pytest.approx(5.85)

    choose_primary(planner, news.pk, "angka BPS belum final; pakai rilis Disnaker")
    assert samarinda_tpt_2024().pk == news.pk
    event = AuditEvent.objects.get(action="pilih_nilai_utama")
    assert event.actor_username == "perencana" and event.after["alasan"] == "angka BPS belum final; pakai rilis Disnaker"
    assert event.before["nilai_utama"]["value"] == pytest.approx(5.85) and event.after["nilai_utama"]["value"] == pytest.approx(5.75)

    later = import_statistics(None, write_csv([HEADER, bps_row("5,9", url="https://kaltim.bps.go.id/tpt-kabkota-2024")]))
    assert later.added == 1 and later.primary_changes == []
    assert samarinda_tpt_2024().pk == news.pk, "the pick survives a later BPS import"

    release_primary(planner, news.pk, "rilis BPS sudah final")
    assert samarinda_tpt_2024().source_kind == "bps"
    assert not Observation.objects.filter(pinned=True).exists()
    assert AuditEvent.objects.filter(action="lepas_nilai_utama").count() == 1


def test_an_operator_cannot_pick_the_primary_value(make_user):
    op = make_user("op-samarinda", Role.OPERATOR, "6472")
    news = Observation.objects.get(region_id="6472", source_url=NEWS, indicator_id="tpt", year=2024)
    other = Observation.objects.filter(region_id="6472", indicator_id="umk", year=2022, preferred=False).first()
    with pytest.raises(ValidationFailed) as exc:
        choose_primary(op, other.pk, "alasan")
    assert exc.value.problems[0].code == "TIDAK_BERWENANG"
    assert Observation.objects.get(pk=news.pk).preferred and not Observation.objects.filter(pinned=True).exists()


def _text(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


def test_the_figure_page_lists_every_value_with_rank_and_a_planner_chooses_one(make_user):
    planner = make_user("perencana", Role.PLANNER, "64")
    group = list(Observation.objects.filter(region_id="6472", indicator_id="umk", year=2022, month=None).order_by("-preferred", "pk"))
    primary, alternative = group[0], group[1]
    c = Client()
    c.force_login(planner)
    url = reverse("statistics-figure", args=[alternative.pk])
    page = _text(c.get(url).content)
    assert len(group) >= 2 and "3. berita / sumber lain" in page and "dipilih oleh aturan otomatis" in page
    assert all(f'value="{o.pk}"' in c.get(url).content.decode() for o in group)

    refused = c.post(url, {"pilih": alternative.pk, "alasan": ""})
    assert refused.status_code == 200 and "Alasan wajib diisi" in _text(refused.content)
    assert Observation.objects.get(pk=primary.pk).preferred

    done = c.post(url, {"pilih": alternative.pk, "alasan": "SK Gubernur 561/K.600/2021"})
    assert done.status_code == 302
    shown = _text(c.get(done["Location"]).content)
    assert "dipilih perencana" in shown and "SK Gubernur 561/K.600/2021" in shown
    assert Observation.objects.get(pk=alternative.pk).preferred and not Observation.objects.get(pk=primary.pk).preferred

    viewer = Client()
    viewer.force_login(make_user("pemantau", Role.VIEWER))
    assert 'name="pilih"' not in viewer.get(url).content.decode()
    assert viewer.post(url, {"pilih": primary.pk, "alasan": "x"}).status_code == 403
    assert Observation.objects.get(pk=alternative.pk).preferred


def test_the_upload_result_page_lists_the_changed_primary_values(make_user, write_csv):
    c = Client()
    c.force_login(make_user("perencana", Role.PLANNER, "64"))
    with open(write_csv([HEADER, bps_row()]), "rb") as f:
        preview = c.post(reverse("statistics-import"), {"berkas": f})
    assert preview.status_code == 200 and 'data-testid="pratinjau-impor"' in preview.content.decode()
    assert not Observation.objects.filter(source_url=BPS).exists()  # nothing written before the confirmation
    r = c.post(reverse("statistics-import"), {"aksi": "impor"})  # the planner confirms the preview
    assert r.status_code == 302
    page = _text(c.get(r["Location"]).content)
    assert "1 baris ditambah, 0 diubah, 0 sudah ada" in page
    assert "Nilai utama yang berubah" in page
    table = re.search(r'data-testid="nilai-utama-berubah".*?</table>', c.get(r["Location"]).content.decode(), re.S).group(0)
    assert "6472" in table and "tpt" in table and "5.75" in table.replace(",", ".") and "5.85" in table.replace(",", ".")
    assert "berita / sumber lain" in table and "BPS" in table


# ------------------------------------------------------------------ database constraints
def test_the_database_refuses_a_second_primary_and_a_second_row_from_one_source_blank_month_too():
    o = Observation.objects.filter(month=None, year__isnull=False, preferred=True).first()
    fields = dict(region_id=o.region_id, year=o.year, month=None, indicator_id=o.indicator_id, value=o.value + 1, unit=o.unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(**fields, source_url="https://contoh.go.id/lain", preferred=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(**fields, source_url=o.source_url, preferred=False)
    Observation.objects.create(**fields, source_url="https://contoh.go.id/lain", preferred=False)  # an alternative is fine


# ------------------------------------------------------------------ export of the primary values
def test_export_primary_only_writes_one_value_per_figure_with_the_same_columns(tmp_path, write_csv):
    import_statistics(None, write_csv([HEADER, bps_row()]))
    everything, primary = tmp_path / "semua.csv", tmp_path / "utama.csv"
    n_all = export_observations(everything)
    n_primary = export_observations(primary, primary_only=True)
    rows = list(csv.DictReader(open(primary, encoding="utf-8")))
    assert open(primary, encoding="utf-8").readline() == open(everything, encoding="utf-8").readline()
    keys = [(r["region_code"], r["year"], r["month"], r["indicator"]) for r in rows]
    assert len(keys) == len(set(keys)) == n_primary < n_all
    all_keys = {(r["region_code"], r["year"], r["month"], r["indicator"]) for r in csv.DictReader(open(everything, encoding="utf-8"))}
    assert set(keys) == all_keys
    (tpt,) = [r for r in rows if (r["region_code"], r["year"], r["month"], r["indicator"]) == ("6472", "2024", "8", "tpt")]
    assert (tpt["value"], tpt["source_url"]) == ("5.85", BPS)


def test_a_value_added_in_the_django_admin_is_ranked_by_the_rule(make_user):
    admin_user = make_user("admin", Role.ADMIN, "64", is_staff=True, is_superuser=True)
    c = Client()
    c.force_login(admin_user)
    o = Observation.objects.get(region_id="6472", source_url=NEWS, indicator_id="tpt", year=2024)
    r = c.post(reverse("admin:statistics_observation_add"), {
        "region": "6472", "year": "2024", "month": "8", "indicator": "tpt", "value": "5.85", "unit": "percent",
        "source_url": BPS, "note": "", "quality": "", "source_kind": "berita",
    })
    assert r.status_code == 302, r.content.decode()[:2000]
    assert samarinda_tpt_2024().source_url == BPS and samarinda_tpt_2024().source_kind == "bps"
    added = samarinda_tpt_2024()
    r = c.post(reverse("admin:statistics_observation_delete", args=[added.pk]), {"post": "yes"})
    assert r.status_code == 302
    assert samarinda_tpt_2024().pk == o.pk, "deleting the primary hands the figure back to the other value"

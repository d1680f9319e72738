"""A planner edits a growth value, sees the charts recomputed (htmx), saves, and downloads the
RTKD as a real Word document; a viewer reads only; a regency without data is told what to import."""
import pytest
from docx import Document

from sinergi.web.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tpt_line(page) -> str:
    return page.locator("[data-testid=tpt-akhir]").inner_text()


def test_planner_edits_scenario_sees_charts_update_and_downloads_rtkd(page, login, make_user, tmp_path):
    make_user("perencana", Role.PLANNER, "64")
    login("perencana")
    page.click("nav.mainnav >> text=RTK")
    page.click("[data-testid=daftar-wilayah] >> text=Kalimantan Timur")
    page.wait_for_selector("#chart-tpt[data-rendered='1'] svg")
    page.wait_for_selector("#chart-ak-kk[data-rendered='1'] svg")
    before = tpt_line(page)
    assert "Moderat + IKN" in before
    # change the moderate scenario's 2025 growth: the results area is recomputed without saving
    field = page.locator("input[name='g-moderat-2025']")
    assert field.input_value() == "5,62"
    field.fill("9,5")
    page.wait_for_selector("[data-testid=pratinjau]")
    page.wait_for_function(f"document.querySelector('[data-testid=tpt-akhir]').innerText !== {before!r}")
    page.wait_for_selector("#chart-tpt[data-rendered='1'] svg")
    after = tpt_line(page)
    assert after != before
    svg = page.locator("#chart-tpt svg").inner_html()
    assert "Pesimis" in svg and "TPT" in svg
    # Enter in a cell recomputes (plain form post) but never saves by accident
    with page.expect_navigation():
        field.press("Enter")
    assert page.locator("[data-testid=pratinjau]").is_visible() and "belum pernah disimpan" in page.content()
    assert tpt_line(page) == after
    # save (a plain form submit), then the saved version is shown
    page.click("[data-testid=simpan]")
    page.wait_for_load_state("networkidle")
    assert "tersimpan (versi 1)" in page.locator(".flash").inner_text()
    assert page.locator("input[name='g-moderat-2025']").input_value() == "9,5"
    assert tpt_line(page) == after
    # the document of the saved plan
    with page.expect_download(timeout=60000) as info:
        page.click("[data-testid=unduh-docx]")
    download = info.value
    assert download.suggested_filename == "RTKD-64-2025-2029-v1.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BAB I" in text and "Moderat rata-rata 6,40 persen per tahun" in text
    assert page.console_errors == [], "the page works under its Content-Security-Policy"


def test_viewer_reads_only_and_regency_is_told_what_to_import(page, login, make_user):
    make_user("pemantau", Role.VIEWER)
    login("pemantau")
    page.goto(page.base + "/rtk/64/")
    page.wait_for_selector("#chart-tpt[data-rendered='1'] svg")
    assert page.locator("[data-testid=hanya-baca]").is_visible()
    assert page.locator("input[name='g-moderat-2025']").is_disabled()
    assert page.locator("[data-testid=simpan]").count() == 0
    # Paser has no labour-force counts of its own: it projects down the ladder from the province,
    # and every headline figure names the method that produced it (issue 9 item 2)
    page.goto(page.base + "/rtk/6401/")
    page.wait_for_selector("#chart-tpt[data-rendered='1'] svg")
    assert "turunan provinsi" in page.locator("[data-testid=metode-AK]").inner_text()
    assert "pita 80 %" in page.locator("[data-testid=ringkasan]").inner_text()
    page.goto(page.base + "/rtk/64/uji-balik/?dasar=2019&akhir=2024")
    page.wait_for_selector("#chart-uji[data-rendered='1'] svg")
    assert "Naif: laju terakhir" in page.locator("[data-testid=ringkasan-galat]").inner_text()
    assert page.console_errors == []


def test_saved_plan_computed_with_an_earlier_method_says_so_on_a_phone(page, login, make_user):
    from sinergi.web.rtk import params as P
    from sinergi.web.rtk.actions import save_plan
    from sinergi.web.rtk.models import RtkPlan

    planner = make_user("perencana", Role.PLANNER, "64")
    base, end = P.default_period()
    plan = save_plan(planner, "64", name="RTK uji", base_year=base, end_year=end, parameters=P.default_parameters("64"),
                     expected_version=0)
    RtkPlan.objects.filter(pk=plan.pk).update(method_fingerprint="0123456789abcdef")
    login("perencana")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + "/rtk/64/")
    page.wait_for_selector("#chart-tpt[data-rendered='1'] svg")
    assert "sinergi-rtk 2.0 (sidik 0123456789ab)" in page.locator("[data-testid=sidik-tersimpan]").inner_text()
    notice = page.locator("[data-testid=metode-berubah]")
    assert notice.is_visible() and "metode sebelumnya" in notice.inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert page.console_errors == []

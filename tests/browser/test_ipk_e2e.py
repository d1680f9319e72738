"""An operator opens the IPK overview, goes to its region, changes sub-indicator values in the
what-if form and sees the IPK, the waterfall and the detail table recomputed without a page
reload; then asks the target solver for a plan."""
import pytest
from playwright.sync_api import expect

from sinergi.web.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_whatif_updates_the_score_without_reload(page, login, make_user):
    make_user("op-paser", Role.OPERATOR, "6401")
    login("op-paser")
    page.click("nav.mainnav >> text=IPK")
    page.wait_for_selector("#map[data-rendered='1'] svg")
    assert "perkiraan — metode sementara" in page.locator("[data-testid=metode-aktif]").inner_text()
    svg = page.locator("#map svg").inner_html()
    assert "Paser" in svg and "Bontang" in svg
    page.select_option("select[name=tahun]", "2023")
    page.wait_for_selector("#map[data-rendered='1'] svg")
    page.click("[data-testid=peringkat] a:text-is('Paser')")
    page.wait_for_selector("#wf-ind[data-rendered='1'] svg")
    assert page.locator("h1").inner_text() == "IPK Paser 2023"
    before = page.locator("[data-testid=skor-ipk]").inner_text()
    assert before == "50,33"
    # mark the page: a reload would lose this attribute
    page.evaluate("() => { document.body.dataset.sameDocument = 'ya'; }")
    page.fill("input[name='v-I1.1']", "1")
    page.wait_for_selector("[data-testid=pratinjau]")
    expect(page.locator("[data-testid=skor-ipk]")).to_have_text("55,33")
    assert page.locator("[data-testid=selisih]").inner_text() == "+5,00"
    page.wait_for_selector("#wf-ind[data-rendered='1'] svg")
    assert "55,33" in page.locator("#wf-ind svg").inner_html()
    assert "bagaimana-jika" in page.locator("#rincian h2").inner_text()
    assert page.evaluate("() => document.body.dataset.sameDocument") == "ya", "no page reload"
    # back to the stored values
    page.click("text=Kembalikan nilai tersimpan")
    expect(page.locator("[data-testid=skor-ipk]")).to_have_text("50,33")
    # the target solver
    page.click("[data-testid=hitung-target]")
    page.wait_for_selector("[data-testid=rencana-hasil]")
    assert "Target dapat dicapai." in page.locator("[data-testid=rencana-hasil]").inner_text()
    assert page.locator("[data-testid=rencana-langkah] tbody tr").count() >= 1
    assert page.evaluate("() => document.body.dataset.sameDocument") == "ya"
    assert page.console_errors == [], "the page works under its Content-Security-Policy"

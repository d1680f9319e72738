"""At 1366×900 the RTK editor's action bar never covers a field, a help text or the IKN
checkbox: every one of them, scrolled into the editor's view (top or bottom edge), lies wholly
outside the bar."""
import pytest

from sinergi.web.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERLAPS = """
(selector) => {
  const bar = document.querySelector('.rtk-actions');
  const hits = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.offsetParent) continue;  // hidden (a closed <details>)
    for (const block of ['start', 'end']) {
      el.scrollIntoView({block});
      const a = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
      const overlap = a.bottom > b.top + 0.5 && a.top < b.bottom - 0.5 && a.right > b.left && a.left < b.right;
      if (overlap) hits.push((el.name || el.id || el.textContent || '').trim().slice(0, 40) + ' @' + block);
    }
  }
  return hits;
}
"""


def test_action_bar_covers_nothing_at_1366x900(browser, live_server, make_user):
    from sinergi.web.statistics.actions import load_reference_data

    load_reference_data()
    make_user("perencana", Role.PLANNER, "64")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/masuk/")
    page.fill("#id_username", "perencana")
    page.fill("#id_password", "rahasia-uji-123")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/rtk/64/")
    page.wait_for_selector(".rtk-actions")
    for d in page.locator(".rtk-editor details").all():
        d.evaluate("el => el.open = true")
    selector = "#rtk-editor input:not([type=hidden]), #rtk-editor select, #rtk-editor textarea, #rtk-editor .help, #rtk-editor label"
    assert page.locator(selector).count() > 20
    assert page.locator("#rtk-editor input[type=checkbox]").count() >= 1  # the IKN switch
    assert page.evaluate(OVERLAPS, selector) == []
    assert page.locator("[data-testid=simpan]").is_visible()
    context.close()

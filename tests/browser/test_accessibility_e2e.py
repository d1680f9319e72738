"""Pages anyone can use (WCAG 2.1 AA, checked with axe-core) and on any screen (no page wider
than a 390 px phone; nothing wider at 1366 px either).

axe-core is vendored under tests/browser/vendor/ (see its README: version, licence, checksum);
no network is used. The pages' Content-Security-Policy forbids inline scripts, so axe is
evaluated through the DevTools protocol (page.evaluate) instead of page.add_script_tag, which
would insert an inline <script> and be refused.
"""
from pathlib import Path

import pytest

from sinergi.web.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}

ROW = {"kode_sub_kegiatan": "2.07.04.2.01.0003", "uraian": "Bimbingan jabatan bagi pencari kerja Samarinda", "lokasi_kode": "6472",
       "lokasi_kecamatan": "", "sasaran": "pencari kerja terdaftar", "target": "100", "satuan": "Orang", "pagu": "80000000",
       "sumber_dana": "APBD kabupaten/kota", "catatan": ""}
PROVINCE_ROW = {**ROW, "kode_sub_kegiatan": "2.07.04.1.01.0003", "uraian": "Penyuluhan dan bimbingan jabatan bagi pencari kerja di Samarinda",
                "target": "200", "pagu": "150000000", "sumber_dana": "APBD provinsi"}


@pytest.fixture
def site(make_user):
    """A planner, the Samarinda operator and a viewer; an open round with a submitted province
    proposal (a likely duplicate of Samarinda's) and Samarinda's draft, so the round, office and
    proposal pages show findings, statuses and every table."""
    from sinergi.web.proposals import actions
    from sinergi.web.proposals.models import Status

    planner = make_user("perencana", Role.PLANNER, "64")
    operator = make_user("op-samarinda", Role.OPERATOR, "6472")
    make_user("pemantau", Role.VIEWER)
    rnd = actions.open_round(planner, 2026, actions.ensure_defaults())
    prov = actions.create_proposal(planner, rnd, "64", PROVINCE_ROW)
    actions.transition(planner, prov, Status.SUBMITTED, prov.version)
    city = actions.create_proposal(operator, rnd, "6472", ROW)
    return {"round": rnd.pk, "proposal": city.pk}


def pages_of(site) -> dict[str, list[tuple[str, str]]]:
    """Per role, the main pages (name, path) that role works with."""
    r, p = site["round"], site["proposal"]
    return {
        "perencana": [("beranda", "/"), ("dasbor", "/dasbor/"), ("statistik", "/statistik/"), ("kelompok", "/statistik/kelompok/"), ("ipk", "/ipk/"), ("ipk-wilayah", "/ipk/wilayah/6401/"),
                      ("rtk", "/rtk/64/"), ("putaran", f"/sinkronisasi/putaran/{r}/"), ("kantor", f"/sinkronisasi/putaran/{r}/wilayah/6472/"),
                      ("usulan", f"/sinkronisasi/usulan/{p}/"), ("inklusi", f"/sinkronisasi/putaran/{r}/inklusi/"),
                      ("plafon", f"/sinkronisasi/putaran/{r}/plafon/"), ("tindak-lanjut", f"/sinkronisasi/putaran/{r}/tindak-lanjut/"),
                      ("notifikasi", "/notifikasi/")],
        "op-samarinda": [("beranda", "/"), ("ipk-wilayah", "/ipk/wilayah/6472/"), ("rtk", "/rtk/6472/"), ("kantor", f"/sinkronisasi/putaran/{r}/wilayah/6472/"),
                         ("formulir", f"/sinkronisasi/putaran/{r}/wilayah/6472/baru/"), ("ubah", f"/sinkronisasi/usulan/{p}/ubah/")],
        "pemantau": [("beranda", "/"), ("rtk", "/rtk/64/"), ("putaran", f"/sinkronisasi/putaran/{r}/")],
    }


def open_page(page, path: str) -> None:
    page.goto(page.base + path)
    page.wait_for_load_state("networkidle")
    # every chart drawn (sinergi.js marks it) before anything is measured
    page.wait_for_function("() => !document.querySelector('[data-spec]:not([data-rendered])')", timeout=30000)


def axe_violations(page, tags=WCAG_AA, rules=None) -> list[dict]:
    """axe's serious and critical violations of the page as it is, folds opened (their contents
    count too): id, impact, help and up to eight targets each."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    options = {"runOnly": {"type": "rule", "values": rules}} if rules else {"runOnly": {"type": "tag", "values": tags}}
    found = page.evaluate(
        """async (options) => (await axe.run(document, options)).violations.map(v => ({
             id: v.id, impact: v.impact, help: v.help,
             targets: v.nodes.slice(0, 8).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n').slice(1).join(' ').trim())}))""",
        options,
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def report(problems: dict[str, list[dict]]) -> str:
    lines = []
    for where, violations in problems.items():
        for v in violations:
            lines.append(f"{where}: [{v['impact']}] {v['id']} — {v['help']}")
            lines.extend(f"    {t}" for t in v["targets"])
    return "\n".join(lines)


def too_wide(page, width: int) -> str:
    """The document's width and the outermost elements that stick out of the screen (not
    counting those inside a box that scrolls or clips), for the failure message."""
    return page.evaluate(
        """(w) => {
          const out = [];
          for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right <= w + 1 || r.width === 0) continue;
            let a = el.parentElement, inside = false;
            while (a && a !== document.body) { if (getComputedStyle(a).overflowX !== 'visible') { inside = true; break; } a = a.parentElement; }
            if (!inside) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' ' + Math.round(r.right) + ' px');
          }
          return document.documentElement.scrollWidth + ' px wide; ' + out.slice(0, 10).join(', ');
        }""",
        width,
    )


def test_main_pages_have_no_serious_or_critical_wcag_violation(page, login, site):
    """axe-core with the WCAG 2.1 A/AA rules on the home, statistics, IPK, RTK and proposal pages,
    each signed in as the roles that use them (read-only views differ from editable ones)."""
    page.set_viewport_size(LAPTOP)
    problems = {}
    for user, pages in pages_of(site).items():
        page.context.clear_cookies()
        login(user)
        for name, path in pages:
            open_page(page, path)
            found = axe_violations(page)
            if found:
                problems[f"{user} {name} ({path})"] = found
    assert not problems, "axe-core (WCAG 2.1 AA) found serious/critical violations:\n" + report(problems)
    assert page.console_errors == [], "the pages work under their Content-Security-Policy"


def test_no_main_page_is_wider_than_a_phone_or_a_laptop(page, login, site):
    """At 390 x 844 no main page scrolls sideways (tables scroll in their own box, charts scale,
    the menu wraps) and every box that scrolls can be reached by keyboard; at 1366 px nothing got
    wider either."""
    wide, unreachable = {}, {}
    for user in ("perencana", "op-samarinda"):
        page.context.clear_cookies()
        login(user)
        for name, path in pages_of(site)[user]:
            for viewport in (PHONE, LAPTOP):
                page.set_viewport_size(viewport)
                open_page(page, path)
                width = page.evaluate("() => document.documentElement.scrollWidth")
                if width > viewport["width"]:
                    wide[f"{user} {name} ({path}) at {viewport['width']} px"] = too_wide(page, viewport["width"])
                if viewport is PHONE:
                    found = axe_violations(page, rules=["scrollable-region-focusable"])
                    if found:
                        unreachable[f"{user} {name} ({path}) at 390 px"] = found
    assert not wide, "pages wider than the screen:\n" + "\n".join(f"{k}: {v}" for k, v in wide.items())
    assert not unreachable, "boxes that scroll but cannot be reached by keyboard:\n" + report(unreachable)
    assert page.console_errors == []


def test_tables_scroll_in_a_labelled_box_and_charts_carry_their_figures(page, login, site):
    """The conventions behind the two tests above, on the IPK overview at 390 px: the skip link is
    the first Tab stop and focus is drawn; the ranking table scrolls inside a keyboard-focusable
    region with a name; the tile map is no wider than its card, has a name, and its figures are
    readable as a table under it."""
    page.set_viewport_size(PHONE)
    login("perencana")
    open_page(page, "/ipk/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "isi"
    box = page.locator("div.table-wrap:has([data-testid=peringkat])")
    assert box.get_attribute("role") == "region" and box.get_attribute("tabindex") == "0"
    assert box.get_attribute("aria-label") == "Tabel peringkat IPK kabupaten/kota"
    assert page.evaluate("(el) => el.scrollWidth > el.clientWidth", box.element_handle()), "the table scrolls in its box"
    card = page.locator("section:has(#map)").bounding_box()
    svg = page.locator("#map svg").bounding_box()
    assert svg["width"] <= card["width"], "the tile map scales down with its card"
    assert page.locator("#map").get_attribute("aria-label").startswith("Grafik: Peta kategori IPK kabupaten/kota")
    figures = page.locator("#map + details.chart-data")
    figures.locator("summary").click()
    header = figures.locator("thead").inner_text()
    assert "Wilayah" in header and "IPK" in header and "Kategori" in header
    rows = figures.locator("tbody").inner_text()
    assert "Paser" in rows and "Bontang" in rows and "Mahakam Ulu" in rows
    assert page.console_errors == []

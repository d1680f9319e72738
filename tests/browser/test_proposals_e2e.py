"""The proposal round in the browser: an operator's template with one bad row is refused with
the row and column named, fixed, uploaded again and submitted; an operator types a description
and takes a suggested code (htmx); a reviewer merges a cross-level duplicate suggestion."""
import openpyxl
import pytest
from playwright.sync_api import expect

from sinergi.web.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOOD = {"kode_sub_kegiatan": "2.07.04.2.01.0003", "uraian": "Bimbingan jabatan bagi pencari kerja Samarinda", "lokasi_kode": "6472",
        "sasaran": "pencari kerja terdaftar", "target": 100, "satuan": "Orang", "pagu": 80000000, "sumber_dana": "APBD kabupaten/kota"}
BAD = {**GOOD, "kode_sub_kegiatan": "2.07.03.2.01.0004", "uraian": "Pelatihan menjahit bagi pencari kerja perempuan", "target": "dua puluh",
       "pagu": 120000000}


def open_round(make_user):
    from sinergi.web.proposals.actions import ensure_defaults
    from sinergi.web.proposals.actions import open_round as do_open

    planner = make_user("perencana", Role.PLANNER, "64")
    return planner, do_open(planner, 2026, ensure_defaults())


def fill(path, rows):
    """Fill the downloaded template as a person would in Excel (openpyxl does not compute the
    template's unit formula, so the unit is typed)."""
    book = openpyxl.load_workbook(path)
    sheet = book["Usulan"]
    header = [c.value for c in sheet[1]]
    for i, row in enumerate(rows, start=2):
        for key, value in row.items():
            sheet.cell(row=i, column=header.index(key) + 1, value=value)
    book.save(path)


def test_operator_fixes_a_refused_template_and_submits(page, login, make_user, tmp_path):
    _, rnd = open_round(make_user)
    make_user("op-samarinda", Role.OPERATOR, "6472")
    login("op-samarinda")
    page.click("nav.mainnav >> text=Sinkronisasi")
    page.click("[data-testid=daftar-putaran] >> text=Usulan wilayah saya")
    assert "Samarinda" in page.locator("h2").first.inner_text()
    with page.expect_download() as info:
        page.click("[data-testid=unduh-templat]")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == "templat-usulan-6472-2026.xlsx"
    fill(path, [GOOD, BAD])
    page.set_input_files("[data-testid=unggah-usulan] input[type=file]", str(path))
    page.click("[data-testid=unggah-usulan] button[type=submit]")
    page.wait_for_load_state("networkidle")
    problems = page.locator("section.problems")
    assert "1 masalah ditemukan — tidak ada data yang disimpan" in problems.locator("h2").inner_text()
    cells = problems.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells[:4] == [path.name, "Usulan", "3", "target"]
    assert "bukan angka" in cells[4] and cells[6] == "NILAI_TIDAK_VALID"
    assert "Belum ada usulan" in page.locator("[data-testid=usulan-wilayah]").inner_text()
    # fix the row in the same workbook and upload again
    fill(path, [GOOD, {**BAD, "target": 20}])
    page.set_input_files("[data-testid=unggah-usulan] input[type=file]", str(path))
    page.click("[data-testid=unggah-usulan] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "2 usulan ditambah sebagai draf" in page.locator(".flash-success").inner_text()
    table = page.locator("[data-testid=usulan-wilayah]").inner_text()
    assert table.count("draf") == 2 and "Pelatihan menjahit" in table
    page.click("[data-testid=ajukan-semua]")
    page.wait_for_load_state("networkidle")
    assert "2 usulan diajukan ke provinsi" in page.locator(".flash-success").inner_text()
    table = page.locator("[data-testid=usulan-wilayah]").inner_text()
    assert table.count("diajukan") == 2 and "draf" not in table
    assert page.console_errors == [], "the pages work under their Content-Security-Policy"


def test_operator_types_a_description_and_takes_a_suggested_code(page, login, make_user):
    _, rnd = open_round(make_user)
    make_user("op-samarinda", Role.OPERATOR, "6472")
    login("op-samarinda")
    page.goto(page.base + f"/sinkronisasi/putaran/{rnd.pk}/wilayah/6472/")
    page.click("[data-testid=tambah-usulan]")
    page.fill("#id_uraian", "Pelatihan las bagi pencari kerja")
    page.wait_for_selector("[data-testid=saran-kode] li")
    assert page.locator("[data-testid=saran-kode] li").count() == 3
    first = page.locator("[data-testid=saran-kode] li button").first
    code = first.get_attribute("data-code")
    first.click()
    expect(page.locator("#id_kode_sub_kegiatan")).to_have_value(code)  # no string predicates: the CSP forbids eval
    assert "Indikator resmi" in page.locator("[data-testid=indikator-resmi]").inner_text()
    assert page.locator("#id_satuan").input_value() == "Orang"
    page.fill("#id_target", "25")
    page.fill("#id_pagu", "150.000.000")
    page.select_option("#id_sumber_dana", "APBD kabupaten/kota")
    page.click("[data-testid=simpan]")
    page.wait_for_load_state("networkidle")
    assert "tersimpan sebagai draf" in page.locator(".flash-success").inner_text()
    details = page.locator("[data-testid=rincian]").inner_text()
    assert code in details and "150.000.000" in details and "las" in details
    assert page.console_errors == []


def test_operator_sees_a_target_group_suggested_and_ticks_it_herself(page, login, make_user):
    _, rnd = open_round(make_user)
    make_user("op-samarinda", Role.OPERATOR, "6472")
    login("op-samarinda")
    page.goto(page.base + f"/sinkronisasi/putaran/{rnd.pk}/wilayah/6472/baru/")
    page.fill("#id_uraian", "Pelatihan tata boga bagi perempuan pencari kerja")
    suggestion = page.locator("[data-testid=saran-kelompok] label[data-group=perempuan]")
    suggestion.wait_for()
    expect(page.locator("#id_kelompok_sasaran_0")).not_to_be_checked()  # suggested, not ticked
    suggestion.click()
    expect(page.locator("#id_kelompok_sasaran_0")).to_be_checked()
    page.select_option("#id_kode_sub_kegiatan", "2.07.03.2.01.0004")
    page.fill("#id_target", "20")
    page.fill("#id_satuan", "Orang")
    page.fill("#id_pagu", "120000000")
    page.fill("#id_sasaran_perempuan", "20")
    page.select_option("#id_sumber_dana", "APBD kabupaten/kota")
    page.click("[data-testid=simpan]")
    page.wait_for_load_state("networkidle")
    assert "tersimpan sebagai draf" in page.locator(".flash-success").inner_text()
    assert "perempuan" in page.locator("[data-testid=kelompok-sasaran]").inner_text()
    page.click("nav.sk-tabs >> text=Inklusi")
    row = page.locator("[data-testid=inklusi-6472] tr[data-group=perempuan]")
    from sinergi.core.numbers import format_id
    from sinergi.documents.sync_inclusion import embedded_gaps

    gap = embedded_gaps(["6472"], 2026)["6472"]["perempuan"]["gap"]  # Samarinda's women's TPAK minus men's
    assert "#" in row.inner_text() and row.locator("[data-testid=celah]").inner_text() == format_id(gap, 2)
    assert page.console_errors == []


def test_reviewer_merges_a_cross_level_duplicate(page, login, make_user):
    from sinergi.web.proposals import actions
    from sinergi.web.proposals.models import Status

    planner, rnd = open_round(make_user)
    operator = make_user("op-samarinda", Role.OPERATOR, "6472")
    prov = actions.create_proposal(planner, rnd, "64", {**{k: str(v) for k, v in GOOD.items()}, "kode_sub_kegiatan": "2.07.04.1.01.0003",
                                                        "uraian": "Penyuluhan dan bimbingan jabatan bagi pencari kerja di Samarinda",
                                                        "sumber_dana": "APBD provinsi", "target": "200", "pagu": "150000000"})
    city = actions.create_proposal(operator, rnd, "6472", {k: str(v) for k, v in GOOD.items()})
    actions.transition(planner, prov, Status.SUBMITTED, prov.version)
    actions.transition(operator, city, Status.SUBMITTED, city.version)
    login("perencana")
    page.goto(page.base + f"/sinkronisasi/putaran/{rnd.pk}/")
    assert "1 saran duplikat/tumpang tindih menunggu keputusan" in page.locator(".notice").inner_text()
    page.click(".notice >> text=Tinjau")
    card = page.locator(f"[data-testid=pasangan-{prov.pk}-{city.pk}]")
    text = card.inner_text()
    assert "KEMUNGKINAN_DUPLIKAT" in text and "antartingkat" in text and "kode cermin provinsi/kab-kota" in text
    card.locator("input[name=catatan]").fill("Rakor 2026: provinsi melaksanakan di Samarinda")
    card.locator(f"input[name=isi_dari][value='{prov.pk}']").check()
    card.locator("[data-testid=gabung]").click()
    page.wait_for_load_state("networkidle")
    assert "digabung menjadi usulan" in page.locator(".flash-success").inner_text()
    assert "Tidak ada saran duplikat" in page.locator("main").inner_text()
    page.click("[data-testid=hasil-gabungan] a")
    page.wait_for_load_state("networkidle")
    origin = page.locator("[data-testid=asal-gabungan]").inner_text()
    assert f"#{prov.pk}" in origin and f"#{city.pk}" in origin
    assert page.locator("[data-testid=status-usulan]").inner_text() == "ditinjau"
    page.click(f"[data-testid=asal-gabungan] >> text=#{city.pk}")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=status-usulan]").inner_text() == "digabung"
    assert "digabung ke usulan" in page.locator("[data-testid=digabung-ke]").inner_text()
    assert page.console_errors == []

"""An admin creates an operator on the Pengguna page; the operator signs in with the password
shown once and changes it."""
import pytest

from sinergi.web.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_creates_an_operator_who_signs_in_and_changes_the_password(page, login, make_user):
    make_user("kepala", Role.ADMIN, "64")
    login("kepala")
    page.click("nav.mainnav >> text=Pengguna")
    page.click("[data-testid=pengguna-baru]")
    page.fill("#id_nama_pengguna", "op-berau2")
    page.fill("#id_nama", "Sari Dewi")
    page.select_option("#id_peran", "operator")
    page.select_option("#id_wilayah", "6405")
    page.fill("#id_instansi", "Disnaker Kabupaten Berau")
    page.click("[data-testid=form-pengguna] button[type=submit]")
    password = page.locator("[data-testid=sandi-baru]").inner_text().strip()
    assert len(password) >= 16
    page.click("text=Kembali ke daftar pengguna")
    row = page.locator("[data-testid=daftar-pengguna] tr", has_text="op-berau2").inner_text()
    assert "Sari Dewi" in row and "Operator kabupaten/kota" in row and "Berau" in row
    assert page.console_errors == []

    page.click("form[action='/keluar/'] button")
    login("op-berau2", password)
    assert "Sari Dewi" in page.locator(".who").inner_text()
    assert page.locator("nav.mainnav >> text=Pengguna").count() == 0  # operators do not manage users
    page.click("text=Kata sandi")
    page.fill("#id_sandi_lama", password)
    page.fill("#id_sandi_baru", "burung-enggang-hitam-9")
    page.fill("#id_sandi_baru_lagi", "burung-enggang-hitam-9")
    page.click("[data-testid=form-sandi-sendiri] button[type=submit]")
    assert "Kata sandi Anda sudah diganti" in page.locator(".flash").inner_text()
    assert page.console_errors == []
    page.goto(page.base + "/akun/pengguna/")
    assert "Tidak berwenang" in page.locator("h1").inner_text()
    page.console_errors.clear()  # the browser reports the 403 status itself
    page.click("form[action='/keluar/'] button")
    login("op-berau2", "burung-enggang-hitam-9")
    assert "Sari Dewi" in page.locator(".who").inner_text()
    assert page.console_errors == []

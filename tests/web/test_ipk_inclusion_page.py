"""IPK region page: the sub-indicators that measure inclusion, grouped, with every stored year;
illustrative values are labelled as such and a theme the method lacks says "belum ada data"."""
import pytest

from sinergi.web.accounts.models import Role
from sinergi.web.ipk.models import IpkInput

pytestmark = pytest.mark.django_db


def _section(page: str, testid: str) -> str:
    part = page[page.index(f'data-testid="{testid}"'):]
    return part[:part.index("</table>") if "</table>" in part[:3000] else part.index("</p>")]


def test_region_page_groups_gender_wage_youth_neet_and_disability(client, make_user):
    make_user("pemantau", Role.VIEWER)
    client.login(username="pemantau", password="rahasia-uji-123")
    client.get("/ipk/")
    page = client.get("/ipk/wilayah/6472/?tahun=2023").content.decode()
    assert 'data-testid="ipk-inklusi"' in page
    wage = _section(page, "inklusi-upah_gender")
    years = sorted(IpkInput.objects.filter(region_id="6472", sub_code="I8.3").values_list("year", flat=True))
    assert years and all(f"<th scope=\"row\">{y}</th>" in wage for y in years), "every stored year is listed"
    assert "I8.3" in wage and "ilustratif" in wage, "the illustrative example value is labelled, not shown as data"
    neet = _section(page, "inklusi-neet_pemuda")
    assert "I2.2" in neet
    assert "belum ada data" in _section(page, "inklusi-layanan_disabilitas")
    assert "Tren: belum ada data nyata" in page

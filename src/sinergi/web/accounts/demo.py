"""Demo accounts for a first start: one per role and one operator per regency/city."""
from __future__ import annotations

import secrets

from django.db import transaction

from sinergi.core.regions import PROVINCE_CODE
from sinergi.web.accounts.actions import DEMO_CREATED, demo_retired
from sinergi.web.accounts.models import Role, User
from sinergi.web.audit.actions import record
from sinergi.web.regions.models import Region

OPERATOR_NAMES = {
    "6401": "op-paser",
    "6402": "op-kutai-barat",
    "6403": "op-kutai-kartanegara",
    "6404": "op-kutai-timur",
    "6405": "op-berau",
    "6409": "op-ppu",
    "6411": "op-mahakam-ulu",
    "6471": "op-balikpapan",
    "6472": "op-samarinda",
    "6474": "op-bontang",
}


def _password() -> str:
    return secrets.token_urlsafe(9)


def create_demo_accounts() -> list[tuple[str, str, str]]:
    """Create demo accounts if there are no users and the demo accounts were never retired
    (:func:`sinergi.web.accounts.actions.retire_demo_accounts`). Returns (username, password,
    description)."""
    if User.objects.exists() or demo_retired():
        return []
    out = []
    with transaction.atomic():
        specs = [
            ("admin", Role.ADMIN, PROVINCE_CODE, "Admin Disnakertrans Provinsi Kalimantan Timur"),
            ("perencana", Role.PLANNER, PROVINCE_CODE, "Perencana/peninjau Disnakertrans Provinsi"),
            ("pemantau", Role.VIEWER, None, "Pemantau Kemnaker/Bappeda (hanya membaca)"),
        ]
        for code, username in OPERATOR_NAMES.items():
            region = Region.objects.get(code=code)
            specs.append((username, Role.OPERATOR, code, f"Operator Disnaker {region.display_name}"))
        for username, role, region, office in specs:
            password = _password()
            user = User(username=username, role=role, region_id=region, office=office, is_superuser=(role == Role.ADMIN))
            user.set_password(password)
            user.full_clean(exclude=["password"])
            user.save()
            out.append((username, password, office))
        record(None, DEMO_CREATED, "akun", "", after={"akun": [u for u, _, _ in out]}, summary=f"{len(out)} akun demo dibuat")
    return out

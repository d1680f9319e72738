"""Compile the translation catalogues (.po → .mo) with Babel, so no GNU gettext is needed.

Usage: python scripts/compile_messages.py   (run after editing src/sinergi/web/locale/*/LC_MESSAGES/django.po;
new strings are collected with `django-admin makemessages -l en` from src/sinergi, which needs gettext).
"""
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

root = Path(__file__).resolve().parents[1] / "src" / "sinergi" / "web" / "locale"
for po in root.glob("*/LC_MESSAGES/django.po"):
    with open(po, "rb") as f:
        catalog = read_po(f)
    with open(po.with_suffix(".mo"), "wb") as f:
        write_mo(f, catalog)
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"{po.relative_to(root)}: {len(catalog)} messages, {len(missing)} untranslated")

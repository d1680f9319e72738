"""Starting Django from the command line (settings, migrations, embedded data)."""
from __future__ import annotations

import os


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.settings")
    import django

    django.setup()


def prepare(verbosity: int = 0) -> dict:
    """Apply migrations and load the embedded reference data if not yet loaded."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)
    from sinergi.web.statistics.actions import load_reference_data

    return load_reference_data()

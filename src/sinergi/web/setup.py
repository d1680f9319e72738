"""Starting Django from the command line (settings, migrations, embedded data)."""
from __future__ import annotations

import os


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.settings")
    import django

    django.setup()


def prepare(verbosity: int = 0) -> dict:
    """Apply migrations and load the embedded reference data (statistics, IPK method and
    inputs, nomenclature) if not yet loaded. Idempotent."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)
    from sinergi.web.ipk.actions import ensure_defaults as ipk_defaults
    from sinergi.web.proposals.actions import ensure_defaults as proposal_defaults
    from sinergi.web.statistics.actions import load_reference_data

    loaded = load_reference_data()
    ipk_defaults()  # the provisional IPK method and the shipped input data
    proposal_defaults()  # the embedded nomenclature as the first version
    return loaded

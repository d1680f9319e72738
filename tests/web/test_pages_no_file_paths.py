"""Pages speak to planners, not to developers: no file paths (``data/…csv``, ``src/sinergi``)
and no document section numbers (``METHOD.md §3``) in what a page shows."""
from __future__ import annotations

import re

import pytest
from web_support import visible_text

pytestmark = pytest.mark.django_db

DEVELOPER_WORDS = re.compile(r"§|\b[\w./-]+\.(?:md|py)\b|\bsrc/sinergi\b|\bdata/[\w/]+\.csv\b|\b[a-z_]+\.csv:[a-z_]+")


def test_main_pages_name_no_files_or_sections(client, users, rnd):  # noqa: F811
    client.force_login(users["perencana"])
    pages = [
        "/", "/statistik/", "/statistik/katalog/", "/ipk/", "/ipk/metode/", "/ipk/wilayah/6472/",
        "/rtk/", "/rtk/6472/", "/rtk/6472/data/", "/rtk/6472/uji-balik/", "/rtk/64/",
        "/sinkronisasi/", "/sinkronisasi/nomenklatur/", f"/sinkronisasi/putaran/{rnd.pk}/",
        f"/sinkronisasi/putaran/{rnd.pk}/kesenjangan/", f"/sinkronisasi/putaran/{rnd.pk}/wilayah/6472/",
    ]
    found = {}
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        hits = sorted({m.group(0) for m in DEVELOPER_WORDS.finditer(visible_text(r.content.decode()))})
        if hits:
            found[path] = hits
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())

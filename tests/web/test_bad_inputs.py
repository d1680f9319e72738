"""The bad-input corpus (scripts/make_bad_inputs.py) through every importer: each file gives a
clear Indonesian error naming the file, or a correct parse — never a crash — and a failed
import leaves the database exactly as it was (row counts and checksums)."""
import importlib.util
from pathlib import Path

import pytest

from sinergi.core.problems import ValidationFailed

REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "tests" / "data" / "bad"


def _generator():
    spec = importlib.util.spec_from_file_location("make_bad_inputs", REPO / "scripts" / "make_bad_inputs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()


@pytest.fixture(scope="session")
def corpus():
    marker = BAD / ".lengkap"
    wanted = "\n".join(sorted(GEN.CASES) + sorted(GEN.BPS_CASES))  # a corpus made before new cases were added is made again
    if not marker.exists() or marker.read_text() != wanted:
        GEN.make(BAD)
        marker.write_text(wanted)
    return BAD


def _import_statistik(path):
    from sinergi.web.statistics.actions import import_statistics

    return import_statistics(None, path)


def _import_ipk_data(path):
    from sinergi.documents.ipk_files import load_default_method, read_data_file

    return read_data_file(path, load_default_method())


def _import_ipk_metode(path):
    from sinergi.documents.ipk_files import read_method_file

    return read_method_file(path)


def _import_usulan(path):
    """Through the web app's action: the proposals land in the database of a 2026 round."""
    from sinergi.web.accounts.models import Role, User
    from sinergi.web.proposals import actions

    planner = User.objects.filter(username="korpus-perencana").first()
    if planner is None:
        planner = User(username="korpus-perencana", role=Role.PLANNER, region_id="64")
        planner.set_password("rahasia-uji-123")
        planner.save()
    rnd = actions.open_round(planner, 2026, actions.ensure_defaults(), name="Korpus")
    return actions.import_proposals(planner, rnd, "6472", path)


# the hostile files are refused for the right reason, by every importer
CODES = {
    "sel_jauh.xlsx": "SEL_TERLALU_JAUH",
    "spasi_1gb.xlsx": "BUKU_KERJA_TERLALU_BESAR",
    "koma_desimal.csv": "BARIS_TIDAK_SESUAI_JUDUL",
    "url_javascript.csv": "SUMBER_BUKAN_ALAMAT_WEB",
    "url_data.csv": "SUMBER_BUKAN_ALAMAT_WEB",
}
IMPORTERS = {"statistik": _import_statistik, "ipk_data": _import_ipk_data, "ipk_metode": _import_ipk_metode, "usulan": _import_usulan}
CASES = [(imp, case) for imp in IMPORTERS for case in GEN.cases_for(imp)]


def _db_state():
    from sinergi.web.backup import table_fingerprints

    fp = table_fingerprints()
    # the round and the planner created for the proposals importer are setup, not the import
    return {k: v for k, v in fp.items() if k not in ("audit.auditevent", "proposals.proposalround", "accounts.user", "proposals.nomenclatureversion", "proposals.nomenclatureentry")}


@pytest.mark.django_db
@pytest.mark.parametrize("importer, case", CASES, ids=[f"{i}-{c}" for i, c in CASES])
def test_every_bad_file_through_every_importer(corpus, importer, case):
    path = corpus / f"{importer}__{case}"
    expected = GEN.CASES[case]
    if importer == "usulan":
        from sinergi.web.proposals import actions

        actions.ensure_defaults()
    before = _db_state()
    try:
        IMPORTERS[importer](path)
        outcome = "ok"
    except ValidationFailed as exc:
        outcome = "error"
        assert exc.problems, "an error names at least one problem"
        for p in exc.problems[:50]:
            assert p.code and p.code == p.code.upper(), p
            assert p.file == path.name, p
            assert p.message and p.fix, f"every problem says what is wrong and how to fix it: {p}"
        assert _db_state() == before, "a failed import writes nothing"
        if case in CODES:
            assert CODES[case] in {p.code for p in exc.problems}, exc.summary()
    if expected != "any":
        assert outcome == expected, f"{path.name}: expected {expected}, got {outcome}"


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(GEN.BPS_CASES), ids=list(GEN.BPS_CASES))
def test_every_bps_file_through_the_statistics_import(corpus, case):
    """BPS tables and Web API responses, valid and broken, through the one statistics import:
    a valid one lands, a broken one is refused with its problem code and changes nothing."""
    from sinergi.web.statistics.actions import import_statistics
    from sinergi.web.statistics.models import Observation

    expected, code = GEN.BPS_CASES[case]
    path = corpus / case
    before = _db_state()
    try:
        result = import_statistics(None, path, source_url=GEN.SRC)
        outcome = "ok"
    except ValidationFailed as exc:
        outcome = "error"
        assert [p.code for p in exc.problems][:1] == [code], exc.problems
        for p in exc.problems:
            assert p.file == path.name and p.message and p.fix, p
        assert _db_state() == before, "a refused BPS file writes nothing"
    assert outcome == expected, f"{case}: expected {expected}, got {outcome}"
    if outcome == "ok":
        assert result.added >= 2
        stored = Observation.objects.get(region_id="6472", year=2031, month=8, indicator_id="tpt", source_url=GEN.SRC)
        assert stored.value == 5.92
        assert not Observation.objects.filter(source_url=GEN.SRC, value=4.0).exists(), "Bulungan (not ours) is skipped"


@pytest.mark.django_db
def test_formula_injection_is_neutralised_on_export(corpus, tmp_path):
    from openpyxl import load_workbook

    from sinergi.web.statistics.actions import export_observations, import_statistics
    from sinergi.web.statistics.models import Observation

    import_statistics(None, corpus / "statistik__injeksi.csv")
    out = tmp_path / "ekspor.xlsx"
    export_observations(out, Observation.objects.filter(source_url=GEN.SRC))
    texts = [c.value for row in load_workbook(out).active.iter_rows() for c in row if isinstance(c.value, str)]
    dangerous = [t for t in texts if t[:1] in "=+-@"]
    assert dangerous == [], dangerous
    assert any(t.startswith("'=HYPERLINK") for t in texts)


@pytest.mark.django_db
def test_upload_size_limit(client, make_user, corpus, settings):
    from django.urls import reverse

    from sinergi.web.accounts.models import Role

    settings.SINERGI_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    client.force_login(make_user("p", Role.PLANNER, "64"))
    with open(corpus / "statistik__besar_20mb.csv", "rb") as f:
        page = client.post(reverse("statistics-import"), {"berkas": f}).content.decode()
    assert "BERKAS_TERLALU_BESAR" in page and "melebihi batas 10 MB" in page

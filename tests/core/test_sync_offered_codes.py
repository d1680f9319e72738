"""The codes a labour office is offered, and the province's job-fair and placement codes in
the suggester — with the embedded (incomplete) version and with the official one."""
from __future__ import annotations

import csv

import pytest

from sinergi.core.sync import CodeSuggester, nomenclature_from_rows
from sinergi.documents.sync_files import load_alias_table, load_default_nomenclature


@pytest.fixture(scope="module")
def full(shared_reference):
    with open(shared_reference / "nomenklatur" / "nomenklatur_lengkap_uji.csv", newline="", encoding="utf-8") as f:
        return nomenclature_from_rows(list(csv.DictReader(f)), "SIPD 2027").nomenclature


def test_offered_codes_leave_out_the_dprd_and_regional_head_items(full):
    for nom in (load_default_nomenclature(), full):
        for level, digit in (("provinsi", "1"), ("kabkota", "2")):
            offered = nom.offered(level)
            every = nom.sub_kegiatan(level)
            codes = {e.code for e in offered}
            assert codes < {e.code for e in every}
            assert all(e.code.split(".")[3] == digit for e in offered)
            assert {e.code for e in every if not e.code.startswith("X.XX")} <= codes  # every 2.07 and 3.32 code stays
            support = [e for e in offered if e.code.startswith("X.XX.01.")]
            assert support and all(int(e.code.split(".")[4]) <= 10 for e in support)
            assert not [e for e in offered if "DPRD" in e.name or "Kepala Daerah" in e.name]


@pytest.mark.parametrize("which", ["embedded", "full"])
def test_job_fair_at_province_level_is_the_job_fair_code(full, which):
    nom = load_default_nomenclature() if which == "embedded" else full
    s = CodeSuggester(nom, load_alias_table())
    top = s.suggest("Job fair bursa kerja", "provinsi")[0]
    assert top.code == "2.07.04.1.03.0003" and "Job Fair" in top.name
    assert not top.code.startswith("2.07.06")  # not a K3 / labour inspection code
    if which == "embedded":  # not loaded in this version: presumed from the regency/city code, and said so
        assert "kode cermin dari 2.07.04.2.03.0003" in top.reason and "impor nomenklatur resmi" in top.reason
    placement = s.suggest("Penempatan tenaga kerja AKAD dan AKL", "provinsi")[0]
    assert placement.code.startswith("2.07.04.1.01.")
    kab = s.suggest("Job fair bursa kerja", "kabkota")[0]
    assert kab.code == "2.07.04.2.03.0003" and "cermin" not in kab.reason  # loaded: no presumption
    assert not [x for x in s.suggest("job fair", "provinsi") if "DPRD" in x.name or "Kepala Daerah" in x.name]

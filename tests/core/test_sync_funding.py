"""Co-funding lines and ceilings in the core (no files)."""
from __future__ import annotations

import pandas as pd
import pytest

from sinergi.core.problems import ValidationFailed
from sinergi.core.sync import (
    ceilings_from_frame,
    format_breakdown,
    office_totals,
    parse_breakdown,
)
from sinergi.documents.sync_files import load_funding_sources, load_regions


@pytest.fixture(scope="module")
def ref():
    return load_funding_sources(), load_regions()


def test_breakdown_round_trip_and_errors(ref):
    funding, regions = ref
    lines, problem = parse_breakdown("APBD prov = 1.200.000.000; apbd kota (Samarinda): 450.000.000\nCSR = 50000000", funding, regions, "64")
    assert not problem
    assert [(ln.source, ln.office, ln.amount) for ln in lines] == [
        ("apbd_provinsi", "64", 1.2e9), ("apbd_kabkota", "6472", 4.5e8), ("lainnya", "64", 5e7)]
    again, problem = parse_breakdown(format_breakdown(lines), funding, regions, "6401")
    assert again == lines and not problem
    for bad, words in (("APBD provinsi 1.000", "SUMBER = JUMLAH"), ("Dana aspirasi = 5", "tidak dikenal"),
                       ("APBD provinsi (9999) = 5", "tidak dikenal"), ("APBD provinsi = banyak", "bukan angka"),
                       ("APBD provinsi = 0", "lebih dari 0")):
        lines, problem = parse_breakdown(bad, funding, regions, "64")
        assert lines == [] and words in problem, bad


def test_office_totals_count_each_offices_part(ref):
    funding, regions = ref
    cofunded, _ = parse_breakdown("APBD provinsi = 1.200.000.000; APBD kabupaten/kota (6472) = 450.000.000", funding, regions, "64")
    own, _ = parse_breakdown("APBD kota = 100.000.000", funding, regions, "6472")
    totals = office_totals(pd.DataFrame({"dana": [tuple(cofunded), tuple(own)]}), {"6472": 500_000_000.0}, regions)
    rows = {r["Kode wilayah"]: r for r in totals.to_dict("records")}
    assert rows["64"]["Pagu usulan (Rp)"] == 1.2e9 and rows["64"]["Status plafon"] == "plafon belum ditetapkan"
    assert rows["6472"]["Pagu usulan (Rp)"] == 5.5e8 and rows["6472"]["Status plafon"] == "melebihi plafon"
    assert rows["6472"]["Selisih (Rp)"] == -5e7 and rows["6472"]["Jumlah usulan"] == 2
    assert rows["JUMLAH"]["Status plafon"] == "1 pengusul melebihi plafon"


def test_ceiling_table_problems_all_at_once(ref):
    _, regions = ref
    frame = pd.DataFrame({"wilayah_kode": ["64", "Samarinda", "64", "77", ""], "plafon": ["1.000", "-5", "3", "4", ""]})
    with pytest.raises(ValidationFailed) as exc:
        ceilings_from_frame(frame, regions, file="p.csv")
    found = {(p.row, p.column, p.code) for p in exc.value.problems}
    assert found == {(3, "plafon", "PLAFON_TIDAK_VALID"), (4, "wilayah_kode", "WILAYAH_GANDA"), (5, "wilayah_kode", "WILAYAH_TIDAK_DIKENAL")}
    assert ceilings_from_frame(frame.iloc[[0]], regions) == {"64": 1000.0}  # rupiah: the dot groups thousands
    with pytest.raises(ValidationFailed) as exc:
        ceilings_from_frame(pd.DataFrame({"wilayah_kode": ["64"], "plafon": [1], "catatan": ["x"]}), regions)
    assert "'catatan' tidak dikenal" in exc.value.problems[0].message and "wilayah_kode,plafon" in exc.value.problems[0].fix

"""The method as data: parsing, validation (every problem with its row), serialisation."""
import json

import pandas as pd
import pytest

from sinergi.core.ipk import (
    DEFAULT_CATEGORIES,
    PROVISIONAL_LABEL,
    Category,
    Method,
    categorise,
    next_category,
    parse_weight,
)
from sinergi.core.problems import ValidationFailed


def row(ind, iw, sub, sw, lo=0, hi=100, direction="positive", status="verified", **extra):
    return {
        "indicator_code": ind,
        "indicator_name": f"Indikator {ind}",
        "indicator_weight": iw,
        "sub_code": sub,
        "sub_name": f"Sub {sub}",
        "sub_weight": sw,
        "min": lo,
        "max": hi,
        "direction": direction,
        "unit": "persen",
        "data_source": "uji",
        "status": status,
        "rationale": "uji",
        **extra,
    }


def problems_of(rows, **kw):
    with pytest.raises(ValidationFailed) as exc:
        Method.from_rows(rows, **kw)
    return exc.value.problems


def test_weights_as_fractions_or_percents():
    m = Method.from_rows([row("A", "60%", "A1", "25%"), row("A", "60%", "A2", 0.75), row("B", 0.4, "B1", "100%")])
    assert m.table["indicator_weight"].tolist() == pytest.approx([0.6, 0.6, 0.4])
    assert m.table["sub_weight"].tolist() == pytest.approx([0.25, 0.75, 1.0])
    assert parse_weight("12,5%") == (pytest.approx(0.125), True)
    assert parse_weight("0,125") == (pytest.approx(0.125), False)


def test_plain_numbers_summing_to_100_are_read_as_percents_with_a_warning():
    m = Method.from_rows([row("A", 60, "A1", 50), row("A", 60, "A2", 50), row("B", 40, "B1", 100)])
    assert m.table["indicator_weight"].tolist() == pytest.approx([0.6, 0.6, 0.4])
    assert m.table["sub_weight"].tolist() == pytest.approx([0.5, 0.5, 1.0])
    assert any("persen" in w for w in m.warnings)


def test_every_problem_is_reported_at_once_with_its_row():
    rows = [
        row("A", 0.5, "A1", 0.5),
        row("A", 0.5, "A2", 0.6),  # sub weights of A sum to 1.1
        row("B", 0.6, "B1", 1.0, lo=5, hi=5),  # min = max; indicator weights sum to 1.1
        row("C", 0.0, "A1", 1.0, direction="sideways"),  # duplicate sub, unknown direction
        row("D", 0.0, "D1", "abc", status="official-ish"),  # weight not a number, unknown status
    ]
    probs = problems_of(rows, file="metode.csv")
    codes = {(p.code, p.row) for p in probs}
    assert ("IPK_BOBOT_SUB_TIDAK_1", 2) in codes
    assert ("IPK_MIN_SAMA_MAX", 4) in codes
    assert ("IPK_SUB_GANDA", 5) in codes
    assert ("IPK_ARAH_TIDAK_DIKENAL", 5) in codes
    assert ("IPK_BOBOT_BUKAN_ANGKA", 6) in codes
    assert ("IPK_STATUS_TIDAK_DIKENAL", 6) in codes
    assert all(p.file == "metode.csv" for p in probs)
    dup = next(p for p in probs if p.code == "IPK_SUB_GANDA")
    assert "baris 2" in dup.message and dup.column == "sub_code"
    # each message is Indonesian and says how to fix it
    assert all(p.fix for p in probs)


def test_indicator_weights_not_summing_to_one_are_rejected():
    probs = problems_of([row("A", 0.5, "A1", 1), row("B", 0.4, "B1", 1)])
    assert [p.code for p in probs] == ["IPK_BOBOT_INDIKATOR_TIDAK_1"]
    assert "0.9" in probs[0].message


def test_min_greater_than_max_is_refused_with_a_fix():
    probs = problems_of([row("A", 1, "A1", 1, lo=10, hi=0, direction="negative")])
    assert probs[0].code == "IPK_MIN_LEBIH_BESAR"
    assert "direction" in probs[0].fix


def test_indonesian_headers_and_merged_indicator_cells():
    frame = pd.DataFrame(
        [
            ["A", "Alpha", "70%", "A1", "satu", "50%", "0", "100", "positif", "terverifikasi"],
            [None, None, None, "A2", "dua", "50%", "1,5", "9,5", "negatif", "terverifikasi"],
            ["B", "Beta", "30%", "B1", "tiga", "1", 0, 1, "+", "resmi"],
        ],
        columns=["Kode Indikator", "Nama Indikator", "Bobot Indikator", "Kode Sub", "Nama Sub", "Bobot Sub", "Batas Bawah", "Batas Atas", "Arah", "Status"],
    )
    m = Method.from_frame(frame)
    assert m.table["indicator_code"].tolist() == ["A", "A", "B"]
    assert m.table["direction"].tolist() == ["positive", "negative", "positive"]
    assert m.table.loc[1, "min"] == 1.5 and m.table.loc[1, "max"] == 9.5
    assert not m.provisional
    assert any("sel gabungan" in w for w in m.warnings)


def test_missing_status_column_means_provisional():
    frame = pd.DataFrame([row("A", 1, "A1", 1)]).drop(columns="status")
    m = Method.from_frame(frame)
    assert m.provisional and m.label == PROVISIONAL_LABEL
    assert any("status" in w for w in m.warnings)


def test_row_status_may_not_claim_more_than_its_parts():
    probs = problems_of([row("A", 1, "A1", 1, status="verified", name_status="verified", weight_status="provisional")])
    assert probs[0].code == "IPK_STATUS_TERLALU_KUAT"
    m = Method.from_rows([row("A", 1, "A1", 1, status="", name_status="verified", weight_status="inferred", goalpost_status="provisional")])
    assert m.table.loc[0, "status"] == "provisional"
    assert "name_status" in m.to_frame().columns


def test_provisional_when_any_row_is_not_verified():
    m = Method.from_rows([row("A", 0.5, "A1", 1), row("B", 0.5, "B1", 1, status="inferred")])
    assert m.provisional
    assert m.status_counts() == {"verified": 1, "inferred": 1, "provisional": 0}
    assert PROVISIONAL_LABEL in m.status_text()


def test_rows_are_grouped_by_indicator_in_order_of_first_appearance():
    m = Method.from_rows([row("B", 0.5, "B1", 0.5), row("A", 0.5, "A1", 1), row("B", 0.5, "B2", 0.5)])
    assert m.sub_codes == ["B1", "B2", "A1"]
    assert m.indicator_codes == ["B", "A"]


def test_serialisation_round_trip_keeps_every_parameter():
    m = Method.from_rows(
        [row("A", "60%", "A1", 0.25, lo=-5, hi=8), row("A", "60%", "A2", 0.75, direction="negative"), row("B", 0.4, "B1", 1, status="inferred")],
        name="Uji",
        version="3",
        categories=[Category("kurang", 0), Category("baik", 60)],
    )
    back = Method.from_json(m.to_json())
    assert back.fingerprint == m.fingerprint
    assert (back.name, back.version) == ("Uji", "3")
    assert back.categories == m.categories
    pd.testing.assert_frame_equal(back.to_frame(), m.to_frame())
    assert Method.from_rows(m.to_rows(), categories=m.categories).fingerprint == m.fingerprint
    assert Method.from_rows(m.to_rows()).fingerprint != m.fingerprint  # categories are parameters too
    d = json.loads(m.to_json())
    assert d["provisional"] is True and len(d["rows"]) == 3
    # the fingerprint changes with any parameter, not with the name
    assert m.with_name("lain").fingerprint == m.fingerprint
    other = Method.from_rows([r | {"max": 101} if r["sub_code"] == "A2" else r for r in m.to_rows()], categories=m.categories)
    assert other.fingerprint != m.fingerprint


def test_categories_validation_and_lookup():
    assert categorise([0, 49.99, 50, 65.999, 66, 80, 100], DEFAULT_CATEGORIES).tolist() == [
        "rendah", "rendah", "menengah bawah", "menengah bawah", "menengah atas", "tinggi", "tinggi",
    ]
    assert next_category(65.5).name == "menengah atas"
    assert next_category(85) is None
    probs = problems_of([row("A", 1, "A1", 1)], categories=[Category("a", 10), Category("b", 5), Category("b", 20)])
    assert {p.code for p in probs} >= {"IPK_KATEGORI_BATAS", "IPK_KATEGORI_URUTAN", "IPK_KATEGORI_GANDA"}


def test_missing_required_column_is_named():
    frame = pd.DataFrame([row("A", 1, "A1", 1)]).drop(columns=["direction", "max"])
    with pytest.raises(ValidationFailed) as exc:
        Method.from_frame(frame, file="m.csv")
    assert {p.column for p in exc.value.problems} == {"direction", "max"}
    assert all(p.row == 1 for p in exc.value.problems)


def test_a_blank_weight_is_not_borrowed_from_another_indicator():
    rows = [row("A", 0.5, "A1", 1), row("B", None, "B1", 1)]
    probs = problems_of(rows)
    assert any(p.code == "IPK_BOBOT_KOSONG" and p.row == 3 for p in probs)
    # but the same indicator's rows below may leave it blank
    m = Method.from_rows([row("A", 0.5, "A1", 0.5), row("A", None, "A2", 0.5), row("B", 0.5, "B1", 1)])
    assert m.table["indicator_weight"].tolist() == [0.5, 0.5, 0.5]

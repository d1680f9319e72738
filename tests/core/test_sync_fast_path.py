"""The batched scoring of small blocks gives exactly the pairs, scores and reasons of the
block-matrix scoring it replaced (``SimilarityOptions(small_block=0)`` sends every block
through the matrix, as before), on a generated corpus of a few hundred proposals with
look-alike descriptions, mirrored codes, province-wide locations and one large block."""
from __future__ import annotations

import csv
import random

import numpy as np
import pandas as pd
import pytest

from sinergi.core.sync import (
    SimilarityOptions,
    check_proposals,
    find_similar,
    nomenclature_from_rows,
)
from sinergi.core.sync.duplicates import _pair_sims, _sim_matrix, _similar_pairs
from sinergi.documents.sync_files import load_reference

TRADES = ["las SMAW", "las listrik", "menjahit", "tata boga", "barista", "satpam", "teknisi AC", "operator excavator"]
QUALIFIERS = ["", "tingkat dasar", "bagi pemuda", "angkatan II", "kerja sama industri", "tahun 2025"]


@pytest.fixture(scope="module")
def ref_full(shared_reference):
    with open(shared_reference / "nomenklatur" / "nomenklatur_lengkap_uji.csv", newline="", encoding="utf-8") as f:
        nom = nomenclature_from_rows(list(csv.DictReader(f)), "SIPD 2027").nomenclature
    return load_reference(nom)


def corpus(ref, n: int = 400, seed: int = 11) -> pd.DataFrame:
    rng = random.Random(seed)
    regions, nom = ref.regions, ref.nomenclature
    offices = [regions.province, *regions.kabkota()[:4]]
    # a few codes per office, so that blocks fill up; mirrored province/regency codes included
    usable = {o: [c for c in nom.usable_codes(regions.authority(o)) if c.startswith(("2.07.03", "2.07.04"))][:6] for o in offices}
    rows = []
    for _ in range(n):
        office = rng.choice(offices)
        code = rng.choice(usable[office])
        place = office if office != regions.province else rng.choice([regions.province, *offices[1:]])
        entry = nom.find(code)
        text = rng.choice([
            f"Pelatihan {rng.choice(TRADES)} {rng.choice(QUALIFIERS)}",
            f"{rng.choice(TRADES)} {rng.choice(QUALIFIERS)}",
            entry.name if entry else "Kegiatan",  # nothing left once the code's name is removed
        ]).strip()
        rows.append({
            "wilayah_kode": office, "tahun": rng.choice(["2025", "2026"]), "kode_sub_kegiatan": code, "uraian": text,
            "lokasi_kode": place, "target": rng.choice(["20", "50"]), "satuan": (entry.unit if entry else "") or "Orang",
            "pagu": rng.choice(["100.000.000", "150.000.000"]), "sumber_dana": "APBD",
        })
    # one large block: 90 distinct texts of one code, place and year (more text pairs than small_block)
    code = usable[offices[1]][0]
    for k in range(90):
        rows.append({**rows[0], "wilayah_kode": offices[1], "lokasi_kode": offices[1], "tahun": "2025",
                     "kode_sub_kegiatan": code, "uraian": f"Pelatihan {TRADES[k % len(TRADES)]} paket {k} gelombang {k % 7}"})
    return pd.DataFrame(rows)


def similar(ref, proposals, **options):
    return find_similar(proposals, ref.nomenclature, ref.needs, ref.regions.province,
                        SimilarityOptions(**options), ref.regions.names)


def test_batched_scoring_gives_the_same_findings_as_block_matrices(ref_full):
    proposals = check_proposals(corpus(ref_full), ref_full, include_similarity=False).proposals
    before = similar(ref_full, proposals, small_block=0)
    kinds = {f.code for f in before}
    assert {"KEMUNGKINAN_DUPLIKAT", "TUMPANG_TINDIH"} <= kinds
    assert len(before) > 100
    assert similar(ref_full, proposals) == before
    # many small batches, flushed between blocks and around the large block
    assert similar(ref_full, proposals, batch_pairs=7) == before


def test_pair_scores_equal_the_matrix_element_by_element():
    texts = ["las smaw", "las listrik dasar", "", "menjahit", "smaw las", "barista pemuda", "las"]
    a = [x for x in texts for _ in texts]
    b = [y for _ in texts for y in texts]
    for both_empty, one_empty in [(1.0, 0.35), (0.6, 0.3)]:
        matrix = _sim_matrix(texts, texts, both_empty, one_empty)
        pairs = _pair_sims(a, b, both_empty, one_empty)
        assert pairs.dtype == matrix.dtype == np.float32
        assert np.array_equal(pairs, matrix.reshape(-1))
    assert matrix[0, 4] == 1.0 and matrix[2, 2] == np.float32(0.6) and matrix[2, 0] == np.float32(0.3)


def test_candidate_pairs_come_in_the_same_order_and_at_the_same_cut(ref_full):
    """The candidate stream itself: same pairs, same order, same similarity, and the cut at
    ``need`` made in float32 as the matrix makes it (a need a hair above a float32 score
    still admits it)."""
    frame = corpus(ref_full, n=300, seed=5)
    texts = [t.lower() for t in frame["uraian"].tolist()]
    blocks: dict[tuple, list[int]] = {}
    for i, key in enumerate(zip(frame["tahun"], frame["kode_sub_kegiatan"], strict=True)):
        blocks.setdefault(key, []).append(i)
    scores = sorted(set(_sim_matrix(texts[:60], texts[:60], 1.0, 0.35).reshape(-1).tolist()))
    needs = [0.0, 0.5, *[s + 1e-12 for s in scores[1:-1:7]]]
    comparisons = []
    for k, (key, idx) in enumerate(blocks.items()):
        need = needs[k % len(needs)]
        comparisons.append((idx, idx, True, need, key))
        other = blocks.get((key[0], next(iter(blocks))[1]), [])
        if other and other is not idx:
            comparisons.append((other, idx, False, need, key))
    assert len(comparisons) > 20

    def stream(**options):
        return list(_similar_pairs(comparisons, texts, SimilarityOptions(**options), 1.0, 0.35))

    before = stream(small_block=0)
    assert len(before) > 200
    assert stream() == before
    assert stream(batch_pairs=7) == before

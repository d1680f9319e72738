"""Duplicate and overlap suggestions between proposals — found, scored, explained, never merged.

``KEMUNGKINAN_DUPLIKAT``: two proposals with the same sub-kegiatan, or mirrored sub-kegiatan of
the province and a regency/city (job fair 2.07.04.1.03.0003 / 2.07.04.2.03.0003), in the same
year and place, whose descriptions say the same thing.

``TUMPANG_TINDIH``: two proposals with different (non-mirrored) codes that deliver the same
kind of service (the need map's service families: training, placement, …) to the same place
in the same year with similar descriptions — e.g. provincial and city welding training in the
same city.

Scale: proposals are never compared all against all. They are blocked by (year, mirror group
of the code) for duplicates and by (year, place, service family) for overlaps, and compared
within blocks with rapidfuzz's vectorised ``process.cdist``. A province-wide proposal (the
province code as location) is compared with every place in its block.

Descriptions are compared on what they say *beyond* the sub-kegiatan name: words of the
official name(s), generic words and place names are removed first, so "Job Fair Kota
Samarinda" and "Bursa Kerja Samarinda" under mirrored job-fair codes have nothing left that
differs (similarity 1), while "Pelatihan las" and "Pelatihan menjahit" under the same training
code keep "las" vs "menjahit" (low similarity).

Score (0–1) = 0.3 same/mirrored code (duplicates) or same service family (overlaps) + 0.1 same
year + 0.2 same place (0.1 when one is province-wide) + 0.4 × description similarity, plus
0.05 each for equal target and equal pagu when the descriptions are alike (≥ 0.5). A pair is
reported at ``threshold`` (0.75) or above; each row gets at most ``per_row`` pair findings of
each kind, best first.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from sinergi.core.regions import PROVINCE_CODE

from .codes import KABKOTA, PROVINSI, parse_code, swap_level
from .findings import Finding
from .gaps import NeedMap
from .nomenclature import Nomenclature
from .text import content_tokens, fold, format_score

W_CODE = 0.3
W_YEAR = 0.1
W_PLACE = 0.2
W_PLACE_CONTAINED = 0.1
W_TEXT = 0.4
W_BONUS = 0.05


@dataclass(frozen=True)
class SimilarityOptions:
    threshold: float = 0.75
    per_row: int = 5
    # similarity when nothing is left of one or both descriptions after removing name words
    both_empty_duplicate: float = 1.0
    one_empty_duplicate: float = 0.35
    both_empty_overlap: float = 0.6
    one_empty_overlap: float = 0.3
    max_block: int = 4000  # rows compared at once (memory of cdist is block²)
    small_block: int = 2500  # blocks of at most this many text pairs are scored in batches
    batch_pairs: int = 50000  # text pairs scored in one batch


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def _mirror_candidates(code: str, nomenclature: Nomenclature) -> tuple[tuple[str, ...], bool]:
    """Mirrors of ``code`` and whether they are presumed (the code is not in this version, so
    the same code with L swapped is taken as its mirror)."""
    if nomenclature.find(code) is not None:
        return nomenclature.mirrors(code), False
    info = parse_code(code)
    if info.valid and info.kind == "sub_kegiatan" and info.authority:
        other = KABKOTA if info.authority == PROVINSI else PROVINSI
        return (swap_level(code, other),), True
    return (), False


CHAR_FLOOR = 0.35  # character similarity that unrelated short texts reach anyway


def _token_matrix(a: list[str], b: list[str]) -> np.ndarray:
    """Word overlap 0–1: the mean of the overlap coefficient (|A∩B| / min) and Jaccard
    (|A∩B| / |A∪B|) of the word sets, computed as one matrix product over the block."""
    vocab: dict[str, int] = {}
    sets_a = [set(x.split()) for x in a]
    sets_b = [set(x.split()) for x in b]
    for st in (*sets_a, *sets_b):
        for w in st:
            vocab.setdefault(w, len(vocab))
    if not vocab:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    ma = np.zeros((len(a), len(vocab)), dtype=np.float32)
    mb = np.zeros((len(b), len(vocab)), dtype=np.float32)
    for i, st in enumerate(sets_a):
        ma[i, [vocab[w] for w in st]] = 1.0
    for j, st in enumerate(sets_b):
        mb[j, [vocab[w] for w in st]] = 1.0
    inter = ma @ mb.T
    na = ma.sum(axis=1)[:, None]
    nb = mb.sum(axis=1)[None, :]
    return _overlap(inter, na, nb)


def _sim_matrix(a: list[str], b: list[str], both_empty: float, one_empty: float) -> np.ndarray:
    """Description similarity 0–1 between residual texts: the larger of the word overlap and
    the character similarity (mean of rapidfuzz token-set and token-sort ratios, rescaled so
    that the similarity unrelated short texts reach by chance counts as 0; it still catches
    spelling variants such as 'pengelasan'/'las' only through shared words)."""
    if not a or not b:
        return np.zeros((len(a), len(b)))
    s1 = process.cdist(a, b, scorer=fuzz.token_set_ratio, dtype=np.float32, workers=1)
    s2 = process.cdist(a, b, scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=1)
    sim = np.maximum(_char_similarity(s1, s2), _token_matrix(a, b))
    ea = np.array([not x for x in a])
    eb = np.array([not x for x in b])
    _set_empty(sim, ea[:, None] & eb[None, :], ea[:, None] ^ eb[None, :], both_empty, one_empty)
    return sim


def _char_similarity(s1: np.ndarray, s2: np.ndarray) -> np.ndarray:
    return np.clip(((s1 + s2) / 200.0 - CHAR_FLOOR) / (1.0 - CHAR_FLOOR), 0.0, 1.0)


def _overlap(inter: np.ndarray, na: np.ndarray, nb: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        coef = np.where(np.minimum(na, nb) > 0, inter / np.minimum(na, nb), 0.0)
        jac = np.where(na + nb - inter > 0, inter / (na + nb - inter), 0.0)
    return ((coef + jac) / 2.0).astype(np.float32)


def _set_empty(sim: np.ndarray, both: np.ndarray, one: np.ndarray, both_empty: float, one_empty: float) -> None:
    sim[both] = both_empty
    sim[one] = one_empty


def _pair_sims(a: list[str], b: list[str], both_empty: float, one_empty: float) -> np.ndarray:
    """The values :func:`_sim_matrix` gives, for the pairs ``(a[k], b[k])`` only: the same
    scorers and the same float32 arithmetic element by element, so a pair scores exactly
    what it scores inside a block matrix."""
    if not a:
        return np.zeros(0, dtype=np.float32)
    s1 = process.cpdist(a, b, scorer=fuzz.token_set_ratio, dtype=np.float32, workers=1)
    s2 = process.cpdist(a, b, scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=1)
    inter = np.empty(len(a), dtype=np.float32)
    na = np.empty(len(a), dtype=np.float32)
    nb = np.empty(len(a), dtype=np.float32)
    words: dict[str, frozenset] = {}
    for k, (x, y) in enumerate(zip(a, b, strict=True)):
        wx = words.get(x)
        if wx is None:
            wx = words[x] = frozenset(x.split())
        wy = words.get(y)
        if wy is None:
            wy = words[y] = frozenset(y.split())
        inter[k], na[k], nb[k] = len(wx & wy), len(wx), len(wy)
    sim = np.maximum(_char_similarity(s1, s2), _overlap(inter, na, nb))
    ea = np.array([not x for x in a])
    eb = np.array([not y for y in b])
    _set_empty(sim, ea & eb, ea ^ eb, both_empty, one_empty)
    return sim


def _unique_texts(idx: list[int], texts: list[str]) -> tuple[list[str], list[list[int]]]:
    """Distinct texts of a block and, for each, the rows that carry it (in order)."""
    pos: dict[str, int] = {}
    uniq: list[str] = []
    members: list[list[int]] = []
    for i in idx:
        k = pos.get(texts[i])
        if k is None:
            pos[texts[i]] = len(uniq)
            uniq.append(texts[i])
            members.append([i])
        else:
            members[k].append(i)
    return uniq, members


def _row_pairs(L: list[int], R: list[int], same_text: bool):
    """Rows sharing a pair of texts, paired in linear order (``same_text``: one text on both
    sides, each row with the next one)."""
    if same_text:
        return zip(L, L[1:], strict=False)
    if len(L) == 1 and len(R) == 1:
        return ((L[0], R[0]),)
    k = max(len(L), len(R))
    return ((L[t % len(L)], R[t % len(R)]) for t in range(k))


def _similar_pairs(comparisons, texts, opt, both_empty, one_empty):
    """Candidate pairs of many blocks: for each comparison ``(left, right, same_side, need,
    tag)`` in order, the pairs ``(tag, i, j, similarity)`` whose description similarity reaches
    ``need``.

    Descriptions are compared once per distinct text (a file that repeats one row 50,000 times
    costs one comparison, not 2.5 billion), and rows sharing a pair of texts are paired in
    linear order — enough for the per-row cap that follows, which keeps only the best few
    partners of every row. Most blocks are small (a year, a code group, a place: a handful of
    texts), so their text pairs are collected and scored together in batches of about
    ``opt.batch_pairs`` (one vectorised call instead of thousands of tiny matrices; a text
    pair met in several blocks is scored once); a block of more than ``opt.small_block`` text
    pairs is scored as its own matrix, ``opt.max_block`` rows at a time. Both ways give the
    same values (:func:`_pair_sims`), and pairs come out in the same order.
    """
    pending: list[tuple] = []
    todo: dict[tuple[str, str], None] = {}
    cache: dict[tuple[str, str], float] = {}

    def flush():
        if todo:
            keys = list(todo)
            values = _pair_sims([k[0] for k in keys], [k[1] for k in keys], both_empty, one_empty)
            cache.update(zip(keys, values.tolist(), strict=True))
            todo.clear()
        for uL, mL, uR, mR, same_side, need, tag in pending:
            need32 = float(np.float32(need))  # the matrix compares in float32
            for a, ta in enumerate(uL):
                for b in range(a if same_side else 0, len(uR)):
                    s_ab = cache[(ta, uR[b])]
                    if s_ab >= need32:
                        for i, j in _row_pairs(mL[a], mR[b], same_side and a == b):
                            if i != j:
                                yield tag, i, j, s_ab
        pending.clear()
        if len(cache) > 4 * opt.batch_pairs:
            cache.clear()

    for left, right, same_side, need, tag in comparisons:
        if same_side and len(left) < 2:
            continue  # one row alone: no pair
        uL, mL = _unique_texts(left, texts)
        uR, mR = (uL, mL) if same_side else _unique_texts(right, texts)
        if len(uL) * len(uR) > opt.small_block:
            yield from flush()
            yield from _matrix_pairs(uL, mL, uR, mR, same_side, need, tag, opt, both_empty, one_empty)
            continue
        for a, ta in enumerate(uL):
            for b in range(a if same_side else 0, len(uR)):
                key = (ta, uR[b])
                if key not in cache:
                    todo[key] = None
        pending.append((uL, mL, uR, mR, same_side, need, tag))
        if len(todo) >= opt.batch_pairs:
            yield from flush()
    yield from flush()


def _matrix_pairs(uL, mL, uR, mR, same_side, need, tag, opt, both_empty, one_empty):
    for lo in range(0, len(uL), opt.max_block):
        sim = _sim_matrix(uL[lo : lo + opt.max_block], uR, both_empty, one_empty)
        ii, jj = np.nonzero(sim >= need)
        for a_, b_ in zip(ii.tolist(), jj.tolist(), strict=True):
            a, b = lo + a_, b_
            if same_side and a > b:
                continue
            s_ab = float(sim[a_, b_])
            for i, j in _row_pairs(mL[a], mR[b], same_side and a == b):
                if i != j:
                    yield tag, i, j, s_ab


@dataclass
class _Proposals:
    """The columns of the prepared proposals the comparison reads, as plain lists."""

    codes: list[str]
    valid: list[bool]
    years: list[int | None]
    places: list[str]
    offices: list[str]
    rows: list[int]
    uraian: list[str]
    targets: list
    pagus: list

    @classmethod
    def of(cls, p: pd.DataFrame) -> _Proposals:
        codes = p["kode"].fillna("").astype(str).tolist()
        return cls(
            codes=codes,
            valid=p["kode_sah"].tolist() if "kode_sah" in p else [bool(c) for c in codes],
            years=[None if pd.isna(y) else int(y) for y in p["tahun"].tolist()],
            places=[
                (str(loc) if isinstance(loc, str) and loc else str(w or ""))
                for loc, w in zip(p["lokasi_kabkota"].tolist(), p["wilayah_kode"].tolist(), strict=False)
            ],
            offices=p["wilayah_kode"].fillna("").astype(str).tolist(),
            rows=[int(r) for r in p["row"].tolist()],
            uraian=p["uraian"].fillna("").astype(str).tolist(),
            targets=p["target"].tolist(),
            pagus=p["pagu"].tolist(),
        )


def _mirror_groups(pr: _Proposals, nomenclature: Nomenclature) -> tuple[list[str], set[frozenset], dict[str, set[str]]]:
    """Each proposal's mirror group (its valid code joined with the other level's code), the
    code pairs whose mirror is only presumed, and the words of the official names of each group
    (removed before comparing descriptions)."""
    uf = _UnionFind()
    presumed_pairs: set[frozenset] = set()
    for code in set(c for c, v in zip(pr.codes, pr.valid, strict=False) if c and v):
        uf.find(code)
        mirrors, presumed = _mirror_candidates(code, nomenclature)
        for m in mirrors:
            uf.union(code, m)
            if presumed:
                presumed_pairs.add(frozenset((code, m)))
    group = [uf.find(c) if c and v else "" for c, v in zip(pr.codes, pr.valid, strict=False)]
    name_words: dict[str, set[str]] = defaultdict(set)
    for c, g in set(zip(pr.codes, group, strict=True)):
        if not g:
            continue
        e = nomenclature.find(c)
        if e is not None:
            name_words[g].update(fold(e.name).split())
    for c in list(uf.parent):
        e = nomenclature.find(c)
        if e is not None:
            name_words[uf.find(c)].update(fold(e.name).split())
    return group, presumed_pairs, name_words


def _num_equal(a, b) -> bool:
    return a == a and b == b and a is not None and b is not None and abs(float(a) - float(b)) < 1e-9


class _Pairs:
    """The scored pairs of each kind; a pair is kept once, the first time it reaches the threshold."""

    def __init__(self, pr: _Proposals, threshold: float) -> None:
        self.targets, self.pagus, self.rows, self.threshold = pr.targets, pr.pagus, pr.rows, threshold
        self.scores: dict[str, list[tuple[float, int, int, list[str]]]] = {"KEMUNGKINAN_DUPLIKAT": [], "TUMPANG_TINDIH": []}
        self.seen: set[tuple[int, int]] = set()
        self.consider = self._consider()

    def _consider(self):
        """``consider(kind, i, j, sim, base, reasons, context)``: keep the pair when it scores at
        least the threshold and was not kept before; ``reasons(i, j, *context)`` (the explanation,
        costly to word) is asked only then. A closure over plain lists: it runs for every
        candidate pair."""
        targets, pagus, rows, threshold = self.targets, self.pagus, self.rows, self.threshold
        scores, seen, num_equal = self.scores, self.seen, _num_equal

        def consider(kind: str, i: int, j: int, sim: float, base: float, reasons, context: tuple) -> None:
            bonus = 0.0
            extra = []
            if sim >= 0.5:
                if num_equal(targets[i], targets[j]):
                    bonus += W_BONUS
                    extra.append("target sama")
                if num_equal(pagus[i], pagus[j]):
                    bonus += W_BONUS
                    extra.append("pagu sama")
            score = min(1.0, base + W_TEXT * sim + bonus)
            if score < threshold:
                return
            a, b = (i, j) if rows[i] <= rows[j] else (j, i)
            if (a, b) in seen:
                return
            seen.add((a, b))
            scores[kind].append((score, a, b, reasons(i, j, *context) + [f"uraian mirip {format_score(sim)}"] + extra))

        return consider

    def exact_copies(self, fingerprints: list[str]) -> None:
        """Rows with the same content fingerprint: duplicates with score 1."""
        by_print: dict[str, list[int]] = defaultdict(list)
        for i, s in enumerate(fingerprints):
            by_print[s].append(i)
        for members in by_print.values():
            for j in members[1:]:
                a, b = members[0], j
                self.seen.add((a, b))
                self.scores["KEMUNGKINAN_DUPLIKAT"].append((1.0, a, b, ["isi baris identik"]))


def find_similar(
    proposals: pd.DataFrame,
    nomenclature: Nomenclature,
    need_map: NeedMap | None = None,
    province: str = PROVINCE_CODE,
    options: SimilarityOptions | None = None,
    region_names: dict[str, str] | None = None,
) -> list[Finding]:
    """Duplicate and overlap findings over prepared proposals (see module docstring)."""
    opt = options or SimilarityOptions()
    p = proposals.reset_index(drop=True)
    if len(p) < 2:
        return []
    pr = _Proposals.of(p)
    group, presumed_pairs, name_words = _mirror_groups(pr, nomenclature)
    tokens_of: dict[str, list[str]] = {}
    for u in pr.uraian:
        if u not in tokens_of:
            tokens_of[u] = content_tokens(u)
    base_tokens = [tokens_of[u] for u in pr.uraian]
    pairs = _Pairs(pr, opt.threshold)
    if "sidik" in p:
        pairs.exact_copies(p["sidik"].tolist())
    _duplicates(pr, group, presumed_pairs, name_words, base_tokens, province, opt, pairs)
    if need_map is not None:
        _overlaps(pr, group, base_tokens, nomenclature, need_map, province, opt, pairs, region_names or {})
    return _pair_findings(pr, pairs, opt, region_names or {})


def _duplicates(pr: _Proposals, group, presumed_pairs, name_words, base_tokens, province: str, opt: SimilarityOptions, pairs: _Pairs) -> None:
    """Duplicates: blocked by (year, mirror group), within a place and province-wide against a place."""
    codes, offices, years, places = pr.codes, pr.offices, pr.years, pr.places
    dup_text = [" ".join(t for t in toks if t not in name_words.get(g, ())) for toks, g in zip(base_tokens, group, strict=False)]
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i in range(len(codes)):
        if group[i] and years[i] is not None and places[i]:
            blocks[(years[i], group[i])].append(i)
    comparisons = []
    for (year, _group), members in blocks.items():
        if len(members) < 2:
            continue
        by_place: dict[str, list[int]] = defaultdict(list)
        for i in members:
            by_place[places[i]].append(i)
        wide = by_place.get(province, [])
        for place, idx in by_place.items():
            sides = [(idx, idx, True)]
            if place != province and wide:
                sides.append((wide, idx, False))
            for left, right, same_place in sides:
                base = W_CODE + W_YEAR + (W_PLACE if same_place else W_PLACE_CONTAINED)
                need = (opt.threshold - base - 2 * W_BONUS) / W_TEXT
                comparisons.append((left, right, same_place, need, (year, same_place, base)))

    def duplicate_reasons(i: int, j: int, year: int, same_place: bool) -> list[str]:
        reasons = []
        if codes[i] == codes[j]:
            reasons.append(f"kode sama ({codes[i]})")
        else:
            presumed = frozenset((codes[i], codes[j])) in presumed_pairs
            reasons.append(
                f"kode cermin provinsi/kab-kota ({codes[i]} / {codes[j]})" + (" — diduga, kode belum ada di nomenklatur" if presumed else "")
            )
        reasons.append(f"tahun sama ({year})")
        reasons.append("lokasi sama" if same_place else "lokasi provinsi mencakup lokasi usulan lain")
        if offices[i] == offices[j]:
            reasons.append("pengusul sama")
        return reasons

    for (year, same_place, base), i, j, sim_ij in _similar_pairs(
        comparisons, dup_text, opt, opt.both_empty_duplicate, opt.one_empty_duplicate
    ):
        pairs.consider("KEMUNGKINAN_DUPLIKAT", i, j, sim_ij, base, duplicate_reasons, (year, same_place))


def _overlaps(pr: _Proposals, group, base_tokens, nomenclature: Nomenclature, need_map: NeedMap, province: str,
              opt: SimilarityOptions, pairs: _Pairs, names: dict[str, str]) -> None:
    """Overlaps: blocked by (year, place, service family); different, non-mirrored codes."""
    codes, offices, years, places = pr.codes, pr.offices, pr.years, pr.places
    fam_cache: dict[str, set[str]] = {}
    oblocks: dict[tuple, list[int]] = defaultdict(list)
    for i in range(len(codes)):
        if not group[i] or years[i] is None or not places[i] or places[i] == province:
            continue
        c = codes[i]
        if c not in fam_cache:
            fam_cache[c] = need_map.families(c)
        for fam in fam_cache[c]:
            oblocks[(years[i], places[i], fam)].append(i)
    # residual text: minus the words of the proposal's own code name
    own_words: dict[str, set[str]] = {}
    for c in set(codes):
        e = nomenclature.find(c)
        own_words[c] = set(fold(e.name).split()) if e is not None else set()
    ov_text = [" ".join(t for t in toks if t not in own_words.get(c, ())) for toks, c in zip(base_tokens, codes, strict=False)]
    fam_names = need_map.need_types()

    def overlap_reasons(i: int, j: int, year: int, place: str, fam: str) -> list[str]:
        shared = sorted(set(ov_text[i].split()) & set(ov_text[j].split()))
        reasons = [
            f"kode berbeda ({codes[i]} / {codes[j]}) tetapi sama-sama {fam_names.get(fam, fam)}",
            f"tahun sama ({year})",
            f"lokasi sama ({names.get(place, place)})",
        ]
        if shared:
            reasons.append("kata kunci sama: " + ", ".join(shared[:5]))
        if offices[i] != offices[j]:
            reasons.append(f"pengusul berbeda ({offices[i]} / {offices[j]})")
        return reasons

    base = W_CODE + W_YEAR + W_PLACE
    need = (opt.threshold - base - 2 * W_BONUS) / W_TEXT
    comparisons = [
        (idx, idx, True, need, key)
        for key, idx in oblocks.items()
        if len(idx) >= 2 and len({group[i] for i in idx}) >= 2
    ]
    for (year, place, fam), i, j, sim_ij in _similar_pairs(
        comparisons, ov_text, opt, opt.both_empty_overlap, opt.one_empty_overlap
    ):
        if group[i] == group[j]:
            continue
        pairs.consider("TUMPANG_TINDIH", i, j, sim_ij, base, overlap_reasons, (year, place, fam))


def _pair_findings(pr: _Proposals, pairs: _Pairs, opt: SimilarityOptions, names: dict[str, str]) -> list[Finding]:
    """The kept pairs as findings, best first, at most ``opt.per_row`` of each kind per row."""
    rows, offices, codes = pr.rows, pr.offices, pr.codes
    findings: list[Finding] = []
    for kind, items in pairs.scores.items():
        items.sort(key=lambda t: (-t[0], rows[t[1]], rows[t[2]]))
        count: dict[int, int] = defaultdict(int)
        for score, a, b, reasons in items:
            if count[a] >= opt.per_row or count[b] >= opt.per_row:
                continue
            count[a] += 1
            count[b] += 1
            other = f"baris {rows[b]} ({offices[b]} {names.get(offices[b], '')}".rstrip() + ")"
            if kind == "KEMUNGKINAN_DUPLIKAT":
                message = f"Kemungkinan duplikat dengan {other}, skor {format_score(score)}."
                detail = (
                    f"Baris {rows[a]} dan {rows[b]}: " + "; ".join(reasons)
                    + ". Tidak digabung otomatis — peninjau memutuskan apakah keduanya usulan yang sama."
                )
            else:
                message = f"Tumpang tindih dengan {other}, skor {format_score(score)}."
                detail = (
                    f"Baris {rows[a]} dan {rows[b]}: " + "; ".join(reasons)
                    + ". Sasaran, tempat dan waktu sama dengan kode berbeda — koordinasikan pembagian peran."
                )
            findings.append(
                Finding(
                    code=kind,
                    row=rows[a],
                    row_pair=rows[b],
                    message=message,
                    detail=detail,
                    field="uraian",
                    wilayah_kode=offices[a],
                    kode=codes[a],
                    score=round(score, 4),
                    reasons=tuple(reasons),
                )
            )
    return findings

"""Code suggestions for proposals written as free text without a code.

Past plans and news of plans name activities the way people speak ("Pelatihan operator alat
berat", "Pembangunan gedung BLK", "Pembentukan kelompok TKM"), not with the official
sub-kegiatan names. Matching those words against the names alone misses what a planner knows:
a BLK building is *sarana/prasarana pelatihan*, TKM is *perluasan kesempatan kerja*, welding or
security-guard training is *pelatihan … bagi pencari kerja*. That knowledge lives in a reviewed
alias table shipped as data (``data/sync/alias.csv``): each row says which phrases point to
which sub-kegiatan (a code pattern, optionally narrowed by words the official name must
contain), for which level, with a weight and the reason.

Scoring per candidate sub-kegiatan of the proposer's level:

* ``alias`` — the highest weight of an alias row whose phrase occurs in the text (all words of
  the phrase present, in any order) and whose target includes the candidate;
* ``nama`` — fuzzy similarity of the text with the official name (and indicator), 0–1;
* score = 0.7·alias + 0.3·nama when an alias matched, else 0.6·nama — so the reviewed domain
  knowledge wins over surface similarity, and similarity orders candidates within a target.

The operator confirms; nothing is assigned automatically.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from sinergi.core.regions import PROVINCE_CODE, region_level

from .codes import KABKOTA, PROVINSI, pattern_matches
from .nomenclature import Entry, Nomenclature
from .text import fold, format_score

ALIAS_WEIGHT = 0.7
NAME_WEIGHT = 0.3
NAME_ONLY_WEIGHT = 0.6
PRESUMED_FACTOR = 0.9
_IMPORT = "impor nomenklatur resmi"


@dataclass(frozen=True)
class Alias:
    """One reviewed row: ``phrases`` (alternatives) → ``target`` code pattern, narrowed by
    ``name_contains`` (alternatives separated by ``|``, each a set of words that must all be in
    the official name), for ``level`` (``provinsi``, ``kabkota`` or ``semua``)."""

    phrases: tuple[str, ...]
    target: str
    name_contains: str = ""
    level: str = "semua"
    weight: float = 1.0
    reason: str = ""
    review_note: str = ""

    def applies_to(self, authority: str) -> bool:
        return self.level in ("semua", "", authority)

    def matched_phrase(self, words: set[str]) -> str:
        best = ""
        for p in self.phrases:
            toks = p.split()
            if toks and all(_has(words, t) for t in toks) and len(p) > len(best):
                best = p
        return best

    def accepts(self, entry: Entry) -> bool:
        if not pattern_matches(self.target, entry.code):
            return False
        if not self.name_contains:
            return True
        name = set(fold(entry.name).split())
        for alt in self.name_contains.split("|"):
            words = fold(alt).split()
            if words and all(w in name for w in words):
                return True
        return False


def _has(words: set[str], token: str) -> bool:
    if token.endswith("*"):
        stem = token[:-1]
        return any(w.startswith(stem) for w in words)
    return token in words


class AliasTable:
    def __init__(self, aliases: Iterable[Alias]) -> None:
        self.aliases = tuple(aliases)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping]) -> AliasTable:
        out = []
        for r in rows:
            phrases = tuple(fold(p) for p in str(r.get("frasa", "") or "").split("|") if fold(p))
            target = str(r.get("arah", "") or "").strip()
            if not phrases or not target:
                continue
            try:
                weight = float(str(r.get("bobot", "") or "1").replace(",", "."))
            except ValueError:
                weight = 1.0
            out.append(
                Alias(
                    phrases=phrases,
                    target=target,
                    name_contains=str(r.get("nama_memuat", "") or "").strip(),
                    level=str(r.get("tingkat", "") or "semua").strip().lower(),
                    weight=max(0.0, min(1.0, weight)),
                    reason=str(r.get("alasan", "") or "").strip(),
                    review_note=str(r.get("catatan_tinjauan", "") or "").strip(),
                )
            )
        return cls(out)

    def __len__(self) -> int:
        return len(self.aliases)


@dataclass(frozen=True)
class Suggestion:
    rank: int
    code: str
    score: float
    name: str
    reason: str
    indicator: str = ""
    unit: str = ""

    def as_dict(self) -> dict:
        return {
            "rank": self.rank,
            "code": self.code,
            "score": self.score,
            "name": self.name,
            "reason": self.reason,
            "indicator": self.indicator,
            "unit": self.unit,
        }


LEVEL_WORDS = {
    "provinsi": PROVINSI,
    "prov": PROVINSI,
    "1": PROVINSI,
    PROVINCE_CODE: PROVINSI,
    "kabkota": KABKOTA,
    "kab kota": KABKOTA,
    "kabupaten kota": KABKOTA,
    "kabupaten": KABKOTA,
    "kota": KABKOTA,
    "kab": KABKOTA,
    "2": KABKOTA,
}


def parse_level(value) -> str | None:
    """``provinsi``/``kabkota`` from what people write (also a region code: 64 vs 64xx)."""
    text = fold(value)
    if text in LEVEL_WORDS:
        return LEVEL_WORDS[text]
    if region_level(text) == KABKOTA:
        return KABKOTA
    return None


class CodeSuggester:
    """Suggests sub-kegiatan codes for free text, restricted to the proposer's level."""

    def __init__(self, nomenclature: Nomenclature, aliases: AliasTable | None = None) -> None:
        self.nomenclature = nomenclature
        self.aliases = aliases or AliasTable(())
        self._candidates: dict[str, list[Entry]] = {}
        self._names: dict[str, list[str]] = {}
        self._targets: dict[str, list[tuple[Alias, np.ndarray]]] = {}
        self._missing: dict[str, list[Alias]] = {}
        self._presumed: dict[str, dict[str, str]] = {}
        for authority in (PROVINSI, KABKOTA):
            # only the codes an office is offered (no DPRD or regional-head support items), plus,
            # where the version is incomplete at this level, the mirrors of the other level's
            # codes the reviewed aliases point to (e.g. the province's job fair 2.07.04.1.03.0003
            # when only 2.07.04.2.03.0003 is loaded), marked as presumed
            cands = list(self.nomenclature.offered(authority))
            presumed = self._presumed_mirrors(authority, cands)
            self._presumed[authority] = {e.code: src for e, src in presumed}
            cands += [e for e, _ in presumed]
            self._candidates[authority] = cands
            self._names[authority] = [fold(f"{e.name} {e.indicator}") for e in cands]
            targets, missing = [], []
            for a in self.aliases.aliases:
                if not a.applies_to(authority):
                    continue
                mask = np.array([a.accepts(e) for e in cands], dtype=bool)
                if mask.any():
                    targets.append((a, mask))
                else:
                    missing.append(a)
            self._targets[authority] = targets
            self._missing[authority] = missing

    def _presumed_mirrors(self, authority: str, cands: list[Entry]) -> list[tuple[Entry, str]]:
        if not self.nomenclature.is_incomplete(authority):
            return []
        other = KABKOTA if authority == PROVINSI else PROVINSI
        digit = "1" if authority == PROVINSI else "2"
        have = {e.code for e in cands}
        out: list[tuple[Entry, str]] = []
        for a in self.aliases.aliases:
            if not a.applies_to(authority) or any(a.accepts(e) for e in cands):
                continue
            for e in self.nomenclature.offered(other):
                if not a.accepts(e):
                    continue
                parts = e.code.split(".")
                parts[3] = digit
                code = ".".join(parts)
                if code in have or self.nomenclature.find(code, authority) is not None:
                    continue
                have.add(code)
                name = re.sub(r"\s+(?:di\s+)?(?:daerah\s+)?(?:kabupaten/kota|provinsi)$", "", e.name, flags=re.I)
                out.append((Entry(code=code, level="sub_kegiatan", name=name, authority=authority, indicator=e.indicator,
                                  unit=e.unit, source="kode cermin (dugaan)"), e.code))
        return out

    def suggest(self, text, authority: str, k: int = 3) -> list[Suggestion]:
        return self.suggest_many([text], [authority], k)[0]

    def suggest_many(self, texts: list, authorities: list[str], k: int = 3) -> list[list[Suggestion]]:
        out: list[list[Suggestion]] = [[] for _ in texts]
        folded = [fold(t) for t in texts]
        for authority in (PROVINSI, KABKOTA):
            idx = [i for i, a in enumerate(authorities) if a == authority]
            if not idx:
                continue
            cands = self._candidates[authority]
            if not cands:
                continue
            queries = [folded[i] for i in idx]
            name_sim = process.cdist(queries, self._names[authority], scorer=fuzz.token_set_ratio, workers=1) / 100.0
            partial = process.cdist(queries, self._names[authority], scorer=fuzz.partial_token_sort_ratio, workers=1) / 100.0
            name_sim = 0.5 * name_sim + 0.5 * partial
            for qi, i in enumerate(idx):
                words = set(queries[qi].split())
                alias_score = np.zeros(len(cands))
                alias_reason: list[str] = [""] * len(cands)
                if queries[qi]:
                    for a, mask in self._targets[authority]:
                        phrase = a.matched_phrase(words)
                        if not phrase:
                            continue
                        better = mask & (a.weight > alias_score)
                        for j in np.nonzero(better)[0]:
                            alias_score[j] = a.weight
                            alias_reason[j] = f"frasa '{phrase}': {a.reason}" if a.reason else f"frasa '{phrase}'"
                gap_note = ""
                if queries[qi] and self.nomenclature.is_incomplete(authority):
                    for a in self._missing[authority]:
                        phrase = a.matched_phrase(words)
                        if phrase and (a.weight >= alias_score.max()):
                            gap_note = (
                                f"catatan: frasa '{phrase}' menunjuk ke {a.reason or a.target}, tetapi sub-kegiatannya belum ada "
                                f"di nomenklatur versi '{self.nomenclature.version}' untuk tingkat ini — impor nomenklatur resmi"
                            )
                            break
                sims = name_sim[qi] if queries[qi] else np.zeros(len(cands))
                score = np.where(alias_score > 0, ALIAS_WEIGHT * alias_score + NAME_WEIGHT * sims, NAME_ONLY_WEIGHT * sims)
                presumed = self._presumed[authority]
                if presumed:  # a presumed code ranks below a loaded one of the same fit
                    score = score * np.array([PRESUMED_FACTOR if e.code in presumed else 1.0 for e in cands])
                order = sorted(range(len(cands)), key=lambda j: (-score[j], -sims[j], cands[j].code))[:k]
                suggestions = []
                for rank, j in enumerate(order, start=1):
                    e = cands[j]
                    parts = []
                    if alias_reason[j]:
                        parts.append(alias_reason[j])
                    parts.append(f"kemiripan nama {format_score(float(sims[j]))}")
                    if not alias_reason[j]:
                        parts.append("tanpa padanan di tabel alias: periksa dengan teliti")
                    if e.code in presumed:
                        parts.append(f"kode cermin dari {presumed[e.code]} (tingkat lain); belum termuat di nomenklatur versi "
                                     f"'{self.nomenclature.version}' untuk tingkat ini — pastikan di nomenklatur resmi SIPD atau {_IMPORT}")
                    if gap_note:
                        parts.append(gap_note)
                    suggestions.append(
                        Suggestion(rank, e.code, round(float(score[j]), 4), e.name, "; ".join(parts), e.indicator, e.unit)
                    )
                out[i] = suggestions
        return out

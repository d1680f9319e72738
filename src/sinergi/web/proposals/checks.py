"""The synchronisation core applied to stored proposals.

Everything here calls :mod:`sinergi.core.sync` (checks, duplicates, suggestions, matrix) on
objects built from the database; nothing re-implements a check. A round's proposals are
checked together (so duplicates between offices and levels are found), with the row number
of each proposal set to its database id: a finding's ``row``/``row_pair`` *are* proposal ids.

The result of a round is cached in memory until anything in the round changes (a proposal's
content or state, a new proposal, a reviewer's decision): the stamp is read with one query.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
from django.db.models import Count, Max, Sum

from sinergi.core.sync import (
    FINDING_CODES,
    CheckResult,
    CodeSuggester,
    Entry,
    Finding,
    Nomenclature,
    SyncReference,
    check_proposals,
)
from sinergi.documents import sync_files
from sinergi.web.proposals.models import CHECKED, NomenclatureVersion, PairDecision, Proposal, ProposalRound

PAIR_CODES = ("KEMUNGKINAN_DUPLIKAT", "TUMPANG_TINDIH")


# ---------------------------------------------------------------------- reference objects
@lru_cache(maxsize=1)
def _static_reference() -> tuple:
    return (sync_files.load_regions(), sync_files.load_funding_sources(), sync_files.load_alias_table(), sync_files.load_need_map())


@lru_cache(maxsize=8)
def _nomenclature(pk: int, fingerprint: str) -> Nomenclature:
    version = NomenclatureVersion.objects.get(pk=pk)
    entries = [
        Entry(code=e.code, level=e.level, name=e.name, authority=e.authority, indicator=e.indicator, unit=e.unit,
              source=e.source, predecessor=e.predecessor)
        for e in version.entries.order_by("position")
    ]
    return Nomenclature(entries, version=version.label, source=version.source, embedded=version.embedded,
                        incomplete_levels=version.incomplete_levels)


def nomenclature_of(version: NomenclatureVersion) -> Nomenclature:
    """The core's :class:`Nomenclature` of a stored version (versions never change once stored)."""
    return _nomenclature(version.pk, version.fingerprint)


@lru_cache(maxsize=8)
def _reference(pk: int, fingerprint: str) -> SyncReference:
    regions, funding, aliases, needs = _static_reference()
    version = NomenclatureVersion(pk=pk, fingerprint=fingerprint)
    return SyncReference(nomenclature=nomenclature_of(version), regions=regions, funding=funding, aliases=aliases, needs=needs)


def reference_for(version: NomenclatureVersion) -> SyncReference:
    return _reference(version.pk, version.fingerprint)


@lru_cache(maxsize=8)
def _suggester(pk: int, fingerprint: str) -> CodeSuggester:
    ref = _reference(pk, fingerprint)
    return CodeSuggester(ref.nomenclature, ref.aliases)


def suggester_for(version: NomenclatureVersion) -> CodeSuggester:
    return _suggester(version.pk, version.fingerprint)


def regions():
    return _static_reference()[0]


def funding_sources():
    return _static_reference()[1]


def level_of(office_code: str) -> str | None:
    """``provinsi`` or ``kabkota`` for a registered office (core's ``region_level``), ``None`` for an unknown code."""
    return regions().authority(office_code)


# ---------------------------------------------------------------------- proposals as rows
def proposal_row(p: Proposal, year: int) -> dict:
    """A stored proposal as the core's input columns (numbers as numbers)."""
    return {
        "wilayah_kode": p.office_id,
        "tahun": year,
        "kode_sub_kegiatan": p.code,
        "uraian": p.description,
        "lokasi_kode": p.location_code,
        "lokasi_kecamatan": p.district,
        "sasaran": p.beneficiaries,
        "kelompok_sasaran": p.target_groups,
        "sasaran_laki_laki": p.target_male,
        "sasaran_perempuan": p.target_female,
        "target": float(p.target),
        "satuan": p.unit,
        "pagu": float(p.budget),
        "sumber_dana": p.funding,
        "catatan": p.note,
        "rincian_dana": p.funding_detail,
        "status": p.status,
        "usulan_id": str(p.pk),
    }


def check_stored(proposals: list[Proposal], rnd: ProposalRound, include_similarity: bool = True) -> CheckResult:
    """Run every check of the core on stored proposals; finding rows are proposal ids."""
    frame = pd.DataFrame([proposal_row(p, rnd.year) for p in proposals])
    if not len(frame):
        frame = pd.DataFrame(columns=["wilayah_kode", "tahun", "kode_sub_kegiatan", "uraian", "lokasi_kode", "target", "satuan", "pagu", "sumber_dana"])
    return check_proposals(
        frame, reference_for(rnd.nomenclature), round_year=rnd.year, row_numbers=[p.pk for p in proposals],
        file="Sinergi", include_similarity=include_similarity,
    )


# ---------------------------------------------------------------------- a round's checks
@dataclass
class Pair:
    """A duplicate/overlap suggestion between two proposals (ids ``first < second``)."""

    finding: Finding
    first: int
    second: int
    decision: PairDecision | None = None

    @property
    def key(self) -> tuple[int, int]:
        return (self.first, self.second)

    @property
    def open(self) -> bool:
        return self.decision is None


@dataclass
class RoundCheck:
    result: CheckResult
    ids: list[int]
    offices: dict[int, str]
    statuses: dict[int, str]
    by_proposal: dict[int, list[Finding]] = field(default_factory=dict)
    pairs: list[Pair] = field(default_factory=list)

    def findings_of(self, pk: int) -> list[Finding]:
        return self.by_proposal.get(pk, [])

    def pair(self, a: int, b: int) -> Pair | None:
        # a dict over the pairs (built once per list): list pages ask for every row's pairs
        index = self.__dict__.get("_pair_index")
        if index is None or index[0] is not self.pairs:
            index = (self.pairs, {p.key: p for p in self.pairs})
            self.__dict__["_pair_index"] = index
        return index[1].get((min(a, b), max(a, b)))

    def decided(self, a: int, b: int) -> PairDecision | None:
        p = self.pair(a, b)
        return p.decision if p else None

    @property
    def open_pairs(self) -> list[Pair]:
        return [p for p in self.pairs if p.open]

    def counts(self, ids: set[int] | None = None) -> dict[str, int]:
        """Findings per code (a pair counted once; decided pairs not counted), optionally only
        those whose proposals are all in ``ids``."""
        out = {code: 0 for code in FINDING_CODES}
        for f in self.result.findings:
            if ids is not None and (f.row not in ids or (f.row_pair is not None and f.row_pair not in ids)):
                continue
            if f.code in PAIR_CODES:
                p = self.pair(f.row, f.row_pair)
                if p is not None and not p.open:
                    continue
            out[f.code] += 1
        return out

    def blocking_ids(self) -> set[int]:
        return {f.row for f in self.result.findings if f.blocking}

    def without_decided_pairs(self) -> CheckResult:
        """The check result with the pairs a reviewer has decided left out (for the matrix)."""
        keep = [f for f in self.result.findings
                if f.code not in PAIR_CODES or (self.pair(f.row, f.row_pair) is None or self.pair(f.row, f.row_pair).open)]
        return CheckResult(self.result.proposals, keep, self.result.nomenclature_version)


_cache: dict[int, tuple[tuple, RoundCheck]] = {}
_lock = threading.Lock()


def _stamp(rnd: ProposalRound) -> tuple:
    agg = Proposal.objects.filter(round=rnd).aggregate(n=Count("id"), last=Max("updated_at"), versions=Sum("version"), top=Max("id"))
    dec = PairDecision.objects.filter(round=rnd).aggregate(n=Count("id"), top=Max("id"))
    return (rnd.nomenclature_id, rnd.nomenclature.fingerprint, agg["n"], agg["last"], agg["versions"], agg["top"], dec["n"], dec["top"])


def round_check(rnd: ProposalRound) -> RoundCheck:
    """All findings of a round's proposals (merged originals and rejected ones left out),
    with the reviewers' decisions attached to the duplicate/overlap pairs."""
    stamp = _stamp(rnd)
    with _lock:
        hit = _cache.get(rnd.pk)
    if hit and hit[0] == stamp:
        return hit[1]
    proposals = list(Proposal.objects.filter(round=rnd, status__in=CHECKED).order_by("id"))
    result = check_stored(proposals, rnd)
    decisions = {(d.first_id, d.second_id): d for d in PairDecision.objects.filter(round=rnd).select_related("by")}
    rc = RoundCheck(result, [p.pk for p in proposals], {p.pk: p.office_id for p in proposals}, {p.pk: p.status for p in proposals})
    seen: dict[tuple, Pair] = {}
    for f in result.findings:
        rc.by_proposal.setdefault(f.row, []).append(f)
        if f.row_pair is not None:
            rc.by_proposal.setdefault(f.row_pair, []).append(f)
            key = (min(f.row, f.row_pair), max(f.row, f.row_pair))
            if f.code in PAIR_CODES and key not in seen:
                seen[key] = Pair(f, key[0], key[1], decisions.get(key))
    rc.pairs = sorted(seen.values(), key=lambda p: (-(p.finding.score or 0), p.key))
    with _lock:
        _cache[rnd.pk] = (stamp, rc)
        while len(_cache) > 6:
            _cache.pop(next(iter(_cache)))
    return rc


def finding_title(code: str) -> str:
    return FINDING_CODES.get(code, {}).get("title", code)


__all__ = [
    "PAIR_CODES",
    "Pair",
    "RoundCheck",
    "check_stored",
    "funding_sources",
    "level_of",
    "nomenclature_of",
    "proposal_row",
    "reference_for",
    "regions",
    "round_check",
    "suggester_for",
]

"""What the proposal pages show, shaped from the core's findings, gaps and matrix (no
computation of their own): finding badges with their explanation, pair links, office
summaries, the gap tables and the matrix files."""
from __future__ import annotations

import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from django.utils.translation import gettext

from sinergi.core.stats.meter import count_quality
from sinergi.core.sync import (
    FINDING_CODES,
    CheckResult,
    analyse_gaps,
    build_matrix,
    office_totals,
)
from sinergi.core.sync.codes import LEVEL_LABEL
from sinergi.core.sync.funding import OVER
from sinergi.documents import sync_files
from sinergi.web.accounts.permissions import can, own_office
from sinergi.web.meter import meter_context
from sinergi.web.proposals import checks
from sinergi.web.proposals.actions import may_see
from sinergi.web.proposals.models import (
    PairDecision,
    Proposal,
    ProposalRevision,
    ProposalRound,
    RoundCeiling,
    Status,
)
from sinergi.web.proposals.needs import identified_needs

SEVERITY_CLASS = {"galat": "sev-galat", "peringatan": "sev-peringatan", "info": "sev-info"}
PAIR_HINT = {
    "KEMUNGKINAN_DUPLIKAT": "Tidak digabung otomatis: peninjau provinsi memutuskan apakah keduanya usulan yang sama.",
    "TUMPANG_TINDIH": "Kode berbeda untuk sasaran, tempat dan waktu yang sama: koordinasikan pembagian peran.",
}
_ROWS = re.compile(r"\b([Bb])aris (\d+)(?: dan (\d+))?")


def _as_proposals(text: str) -> str:
    """The core numbers rows; in the web a finding's rows are proposal numbers."""
    def sub(m):
        word = "Usulan" if m.group(1) == "B" else "usulan"
        return f"{word} #{m.group(2)}" + (f" dan #{m.group(3)}" if m.group(3) else "")

    return _ROWS.sub(sub, text)


def group_suggestions(description: str, beneficiaries: str = "", chosen=()) -> list[dict]:
    """Target groups suggested from a description (only when none is chosen), each with the
    index of its checkbox in the form so a label can tick it. Never stored by itself."""
    from sinergi.core.sync.target_groups import CODES, suggest_groups

    if chosen:
        return []
    return [{"code": s.code, "label": s.label, "reason": s.reason, "words": s.words, "index": CODES.index(s.code)}
            for s in suggest_groups(description, beneficiaries)]


def stated_groups(p: Proposal) -> list[dict]:
    from sinergi.core.sync.target_groups import label, split_groups

    return [{"code": c, "label": label(c)} for c in split_groups(p.target_groups)]


def office_name(code: str) -> str:
    reg = checks.regions()
    if code == reg.province:
        return f"Provinsi {reg.name(code)}"
    return reg.name(code)


def finding_items(user, rc: checks.RoundCheck, pk: int, others: dict[int, Proposal], incomplete: bool) -> list[dict]:
    """The findings of proposal ``pk`` as this user may see them. A pair with a proposal the
    user may not see is shown without a link (and not at all when that proposal is a draft
    of another office)."""
    out = []
    for f in rc.findings_of(pk):
        item = {
            "code": f.code,
            "title": gettext(FINDING_CODES[f.code]["title"]),
            "explanation": FINDING_CODES[f.code]["explanation"],
            "severity": f.severity,
            "css": SEVERITY_CLASS.get(f.severity, ""),
            "message": f.message,
            "detail": f.detail,
            "field": f.field,
            "pair": None,
            "import_hint": f.code == "KODE_TIDAK_DIKENAL" and incomplete,
        }
        if f.row_pair is not None:
            other_id = f.row_pair if f.row == pk else f.row
            other = others.get(other_id)
            if other is None:
                continue
            visible = may_see(user, other)
            if not visible and other.status == Status.DRAFT:
                continue
            pair = rc.pair(pk, other_id)
            # the core words a pair from its first row's side; here the pair line says it all
            item["message"], item["detail"], item["field"] = "", PAIR_HINT.get(f.code, ""), ""
            item["pair"] = {
                "id": other_id,
                "visible": visible,
                "office": office_name(other.office_id),
                "level": LEVEL_LABEL.get(checks.level_of(other.office_id) or "", ""),
                "code": other.code if visible else "",
                "description": other.description if visible else "",
                "score": f.score,
                "reasons": list(f.reasons) if visible else [],
                "decision": pair.decision if pair else None,
            }
            if pair is not None and pair.decision is not None:  # decided: shown as settled, not as an open warning
                item["css"] = "sev-info"
                item["severity"] = "info"
                item["resolved"] = True
        out.append(item)
    return out


def badges(rc: checks.RoundCheck, pk: int, visible: set[int] | None = None) -> list[dict]:
    """Compact finding codes for a list row (decided pairs left out, and pairs with another
    office's draft the user may not see)."""
    seen = Counter()
    sev = {}
    for f in rc.findings_of(pk):
        if f.code in checks.PAIR_CODES and f.row_pair is not None:
            p = rc.pair(f.row, f.row_pair)
            if p is not None and not p.open:
                continue
            other = f.row_pair if f.row == pk else f.row
            if visible is not None and other not in visible and rc.statuses.get(other) == Status.DRAFT:
                continue
        seen[f.code] += 1
        sev[f.code] = f.severity
    return [{"code": c, "n": n, "css": SEVERITY_CLASS.get(sev[c], ""), "title": gettext(FINDING_CODES[c]["title"])} for c, n in seen.items()]


def office_summaries(user, rnd: ProposalRound, proposals: list[Proposal], rc: checks.RoundCheck) -> list[dict]:
    reg = checks.regions()
    codes = [reg.province, *reg.kabkota()]
    own = own_office(user)
    if own:
        codes = [own]
    rows = []
    by_office = defaultdict(list)
    for p in proposals:
        by_office[p.office_id].append(p)
    blocking = rc.blocking_ids()
    visible = {p.pk for p in proposals}
    totals = {r["Kode wilayah"]: r for r in ceiling_totals(rnd, rc).to_dict("records")}
    for code in codes:
        t = totals.get(code, {})
        ps = by_office.get(code, [])
        statuses = Counter(p.status for p in ps)
        rows.append({
            "code": code,
            "name": office_name(code),
            "level": LEVEL_LABEL.get(reg.authority(code) or "", ""),
            "n": len([p for p in ps if p.status != Status.MERGED]),
            "statuses": [(Status(s).label, statuses[s], s) for s in Status.values if statuses.get(s)],
            "pagu": sum(float(p.budget) for p in ps if p.status not in (Status.MERGED, Status.REJECTED)),
            "with_findings": sum(1 for p in ps if badges(rc, p.pk, visible)),
            "blocking": sum(1 for p in ps if p.pk in blocking),
            "may_edit": can(user, "edit", code),
            "ceiling": t.get("Plafon (Rp)"),
            "share": t.get("Pagu usulan (Rp)", 0.0),
            "over": t.get("Status plafon") == OVER,
        })
    return rows


def ceilings_of(rnd: ProposalRound) -> dict[str, float]:
    return {c.office_id: float(c.amount) for c in RoundCeiling.objects.filter(round=rnd)}


def ceiling_totals(rnd: ProposalRound, rc: checks.RoundCheck, ids: set[int] | None = None) -> pd.DataFrame:
    """Each office's share of the round's checked proposals (co-funded ones counted in every
    paying office with its part) against its ceiling, by the core's :func:`office_totals`."""
    props = rc.result.proposals
    if ids is not None and len(props):
        props = props[props["row"].astype(int).isin(ids)]
    return office_totals(props, ceilings_of(rnd), checks.regions())


# ---------------------------------------------------------------------- matrix, summary and gaps
def subset(result: CheckResult, ids: set[int]) -> CheckResult:
    """The check result restricted to some proposals (a pair only when both are in)."""
    props = result.proposals[result.proposals["row"].astype(int).isin(ids)].reset_index(drop=True)
    findings = [f for f in result.findings if f.row in ids and (f.row_pair is None or f.row_pair in ids)]
    return CheckResult(props, findings, result.nomenclature_version)


def export_ids(user, rnd: ProposalRound, rc: checks.RoundCheck, include_drafts: bool) -> set[int]:
    from sinergi.web.proposals.actions import visible_proposals

    visible = set(visible_proposals(user, rnd).values_list("id", flat=True))
    ids = {pk for pk in rc.ids if pk in visible}
    if not include_drafts:
        ids = {pk for pk in ids if rc.statuses.get(pk) != Status.DRAFT}
    return ids


@dataclass
class Gaps:
    result: object
    needs: object
    regions: list[dict]
    meter: dict | None = None  # the real-data meter of all the needs used


def gaps(user, rnd: ProposalRound, rc: checks.RoundCheck) -> Gaps:
    """Needs per region with the proposals that address them, by :func:`analyse_gaps`.

    Reviewers: every checked proposal. Others: the proposals they may see plus other offices'
    submitted ones (counted, shown without their content). Operators see their own region."""
    from sinergi.web.proposals.actions import visible_proposals

    reg = checks.regions()
    needs = identified_needs()
    visible = set(visible_proposals(user, rnd).values_list("id", flat=True))
    if can(user, "review"):
        ids = set(rc.ids)
    else:
        ids = {pk for pk in rc.ids if pk in visible or rc.statuses.get(pk) != Status.DRAFT}
    props = rc.result.proposals[rc.result.proposals["row"].astype(int).isin(ids)].reset_index(drop=True)
    result = analyse_gaps(props, checks.reference_for(rnd.nomenclature).needs, reg, *needs.gap_args())
    own = own_office(user)
    codes = [reg.province, *reg.kabkota()]
    if own:
        codes = [own]
    offices = {pk: rc.offices.get(pk, "") for pk in ids}
    regions = []
    for code in codes:
        rows = []
        for r in result.needs[result.needs["wilayah_kode"] == code].to_dict("records"):
            hits = [int(x) for x in str(r["usulan_baris"]).split(",") if x.strip()]
            r["hits"] = [{"id": h, "visible": h in visible, "office": office_name(offices.get(h, ""))} for h in hits]
            rows.append(r)
        unanchored = [
            {**u, "visible": int(u["row"]) in visible, "office": office_name(u["wilayah_kode"])}
            for u in result.unanchored.to_dict("records")
            if u["lokasi_kabkota"] == code and (int(u["row"]) in visible)
        ]
        unjudged = [
            {**u, "visible": int(u["row"]) in visible, "office": office_name(u["wilayah_kode"])}
            for u in result.unjudged.to_dict("records")
            if u["lokasi_kabkota"] == code and (int(u["row"]) in visible)
        ]
        regions.append({
            "code": code,
            "name": office_name(code),
            "needs": rows,
            "gaps": [r for r in rows if r["status"] == "celah" and r["kualitas_data"] != "ilustratif"],
            "illustrative_gaps": [r for r in rows if r["status"] == "celah" and r["kualitas_data"] == "ilustratif"],
            "unjudged": unjudged,
            "meter": meter_context(count_quality([r["kualitas_data"] for r in rows], subject=f"Kebutuhan {office_name(code)}", noun="kebutuhan")),
            "answered": sum(1 for r in rows if r["status"] == "terjawab"),
            "partial": sum(1 for r in rows if r["status"] == "sebagian"),
            "unanchored": unanchored,
        })
    return Gaps(result, needs, regions, meter_context(result.needs_meter("Kebutuhan yang dipakai")))


def labelled_needs(frame: pd.DataFrame, short: bool = False) -> pd.DataFrame:
    """The gap table with the provisional labels of its sources in the 'sumber' column (in full
    for a spreadsheet, shortened for a document whose notes carry them in full)."""
    needs = identified_needs()
    out = frame.copy()
    if short:
        ipk, rtk = "IPK (perkiraan)", "RTK (perkiraan)"
    else:
        ipk = "IPK (" + needs.ipk_label + ("; data ilustratif" if needs.ipk_illustrative else "") + ")"
        rtk = f"RTK ({needs.rtk_label})"
    out["sumber"] = out["sumber"].map(lambda s: ipk if s == "IPK" else rtk if s == "RTK" else s)
    return out


def label_notes() -> list[str]:
    """The labels and sources of the needs, in full, for the notes of a document."""
    needs = identified_needs()
    ipk = f"IPK: {needs.ipk_label}" + ("; sebagian data masukan ilustratif" if needs.ipk_illustrative else "") + f" — {needs.ipk_source}. {needs.rule}"
    return [ipk, f"RTK: {needs.rtk_label} — {needs.rtk_source}.", *needs.notes]


def write_outputs(user, rnd: ProposalRound, rc: checks.RoundCheck, include_drafts: bool, kind: str) -> Path:
    """The consolidated matrix (.xlsx) or the summary for the ministry (.docx) of the proposals
    this user may export, with the reviewers' duplicate decisions applied."""
    ids = export_ids(user, rnd, rc, include_drafts)
    result = subset(rc.without_decided_pairs(), ids)
    ref = checks.reference_for(rnd.nomenclature)
    matrix = build_matrix(result, ref, title=f"Matriks sinkronisasi usulan program — {rnd.name}", ceilings=ceilings_of(rnd) or None)
    sources = dict(Proposal.objects.filter(pk__in=ids).values_list("id", "source_file"))
    m = matrix.matrix
    if len(m):
        m["Berkas"] = [sources.get(int(r)) or "formulir Sinergi" for r in m["Baris"]]
        m["Rincian temuan"] = m["Rincian temuan"].map(_as_proposals)
    matrix.matrix = m.rename(columns={"Baris": "No. usulan"})
    fr = matrix.findings
    for col in ("Pesan", "Rincian"):
        if col in fr and len(fr):
            fr[col] = fr[col].map(lambda t: _as_proposals(t) if isinstance(t, str) else t)
    matrix.findings = fr.rename(columns={"Baris": "No. usulan", "Baris pasangan": "No. usulan pasangan"})
    gap = analyse_gaps(result.proposals, ref.needs, ref.regions, *identified_needs().gap_args())
    gap.unanchored = gap.unanchored.rename(columns={"row": "No. usulan"})
    gap.unjudged = gap.unjudged.rename(columns={"row": "No. usulan"})
    gap.notes = label_notes() + list(gap.notes)
    from sinergi.web.proposals.inclusion import analyse as analyse_inclusion

    inclusion = analyse_inclusion(rnd, result.proposals)
    folder = Path(tempfile.mkdtemp(prefix="sinergi-sinkron-"))
    if kind == "xlsx":
        gap.needs = labelled_needs(gap.needs).rename(columns={"usulan_baris": "usulan (No.)"})
        return sync_files.write_matrix(folder / f"matriks-sinkronisasi-{rnd.year}.xlsx", matrix, gap, inclusion)
    gap.needs = labelled_needs(gap.needs, short=True)
    author = (user.get_full_name() or user.get_username()) if getattr(user, "is_authenticated", False) else ""
    return sync_files.write_summary_docx(folder / f"ringkasan-sinkronisasi-{rnd.year}.docx", matrix, gap, author=author, inclusion=inclusion)


# ---------------------------------------------------------------------- the Berita Acara
def berita_acara(user, rnd: ProposalRound, rc: checks.RoundCheck, place: str = "", meeting_date=None):
    """The Berita Acara data of a round (:class:`~sinergi.documents.sync_berita_acara.BeritaAcara`):
    the accepted proposals per office, what changed in review (from the saved versions), the
    reviewers' duplicate decisions, the round's follow-ups, the ceilings and the heads of the
    offices present; the meeting's place and date when given (checked by
    :func:`~sinergi.documents.sync_berita_acara.meeting_details`), else dotted lines."""
    from sinergi.core.sync import describe_funding
    from sinergi.documents import sync_berita_acara as ba
    from sinergi.web.proposals.actions import (
        FIELD_LABELS,
        funding_lines,
        visible_proposals,
    )

    reg = checks.regions()
    ref = checks.reference_for(rnd.nomenclature)
    kinds = ba.region_kinds()
    visible = list(visible_proposals(user, rnd).select_related("office").order_by("office_id", "id"))
    accepted = [p for p in visible if p.status == Status.ACCEPTED]
    present = sorted({p.office_id for p in visible if p.status != Status.DRAFT})
    decisions = list(PairDecision.objects.filter(round=rnd).select_related("first", "second", "merged"))
    by_id = {p.pk: p for p in visible}
    # the version each accepted proposal was first submitted at (one query for all)
    first_submitted: dict[int, dict] = {}
    for pk, snap in (ProposalRevision.objects.filter(proposal_id__in=[p.pk for p in accepted], snapshot__status=Status.SUBMITTED)
                     .order_by("proposal_id", "-version").values_list("proposal_id", "snapshot")):
        first_submitted[pk] = snap  # the last one written per proposal is its lowest version
    merged_from: dict[int, list[int]] = {}
    for pk, into in Proposal.objects.filter(round=rnd, merged_into__in=[p.pk for p in accepted]).values_list("pk", "merged_into"):
        merged_from.setdefault(into, []).append(pk)
    regions = []
    for code in [c for c in [reg.province, *reg.kabkota()] if c in present or any(p.office_id == c for p in accepted)]:
        region = ba.RegionAgreement(code, ba.office_full_name(code, reg, kinds))
        for p in (x for x in accepted if x.office_id == code):
            entry = ref.nomenclature.find(p.code, checks.level_of(p.office_id))
            lines = funding_lines(p)
            loc = p.location_code[:4] if len(p.location_code) >= 4 else p.location_code
            region.proposals.append(ba.AgreedProposal(
                code=p.code, name=entry.name if entry else "", description=p.description, location=office_name(loc),
                target=float(p.target), unit=p.unit, pagu=float(p.budget),
                funding=describe_funding(lines, reg) if len(lines) > 1 else p.funding, reference=f"usulan #{p.pk}",
            ))
            first = first_submitted.get(p.pk)
            if first is not None:
                now = p.snapshot()
                diffs = [f"{FIELD_LABELS.get(k, k)} {_shown(first.get(k))} → {_shown(v)}" for k, v in now.items()
                         if k not in ("status", "versi") and first.get(k, "" if k == "rincian_dana" else None) != v]
                if diffs:
                    region.changes.append(f"Usulan #{p.pk} ({p.code}): " + "; ".join(diffs) + ".")
            if p.pk in merged_from:
                region.changes.append(f"Usulan #{p.pk} ({p.code}) adalah gabungan usulan "
                                      + " dan ".join(f"#{x}" for x in sorted(merged_from[p.pk])) + " (lihat duplikat di bawah).")
        for p in (x for x in visible if x.office_id == code and x.status == Status.REJECTED):
            region.not_agreed.append(f"Usulan #{p.pk} {p.code} {p.description[:80]} — ditolak.")
        for p in (x for x in visible if x.office_id == code and x.status not in (Status.ACCEPTED, Status.REJECTED, Status.MERGED, Status.DRAFT)):
            region.not_agreed.append(f"Usulan #{p.pk} {p.code} {p.description[:80]} — belum diputuskan (status {p.status_label}).")
        for d in decisions:
            if code not in (d.first.office_id, d.second.office_id) or (d.first_id not in by_id and d.second_id not in by_id):
                continue
            pair = f"usulan #{d.first_id} ({office_name(d.first.office_id)}) dan #{d.second_id} ({office_name(d.second.office_id)})"
            if d.decision == PairDecision.Decision.MERGE and d.merged is not None:
                how = f"digabung menjadi usulan #{d.merged_id}"
                if d.merged.funding_detail:
                    how += "; pendanaan kedua pihak dipertahankan (" + describe_funding(funding_lines(d.merged), reg) + ")"
            else:
                how = "diputuskan bukan duplikat"
            region.duplicates.append(f"{checks.finding_title(d.finding)}: {pair} — {how}" + (f". Catatan: {d.note}" if d.note else "") + ".")
        regions.append(region)
    follow_ups = [ba.FollowUp(f.text, ba.office_full_name(f.office_id, reg, kinds), f.due_date)
                  for f in rnd.follow_ups.all()]
    totals = ceiling_totals(rnd, rc, {p.pk for p in accepted}) if ceilings_of(rnd) else None
    notes = ["Usulan yang disepakati: usulan berstatus 'diterima' dalam Sinergi. Perubahan dalam peninjauan: perbedaan isi usulan "
             "antara saat pertama diajukan dan saat diterima (riwayat versi usulan)."]
    if not accepted:
        notes.append("Belum ada usulan yang diterima peninjau.")
    author = (user.get_full_name() or user.get_username()) if getattr(user, "is_authenticated", False) else ""
    from django.utils import timezone

    return ba.BeritaAcara(
        year=rnd.year, regions=regions, signatories=ba.signatories_for([r.code for r in regions], reg), province=reg.name(reg.province),
        follow_ups=follow_ups, ceilings=totals.to_dict("records") if totals is not None else [], notes=notes, author=author,
        prepared=timezone.localdate(), place=place, meeting_date=meeting_date,
    )


def _shown(v) -> str:
    if v is None or v == "":
        return "(kosong)"
    if isinstance(v, (int, float)):
        from sinergi.core.numbers import format_id

        return format_id(v, 0 if float(v).is_integer() else 2)
    return str(v)


def write_berita_acara(user, rnd: ProposalRound, rc: checks.RoundCheck, place: str = "", meeting_date=None) -> Path:
    from sinergi.documents.sync_berita_acara import write_berita_acara as write

    folder = Path(tempfile.mkdtemp(prefix="sinergi-ba-"))
    return write(folder / f"berita-acara-sinkronisasi-{rnd.year}.docx", berita_acara(user, rnd, rc, place, meeting_date))

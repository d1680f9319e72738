"""The inclusion tab of a round: who the proposals reach.

The analysis is the core's (:func:`sinergi.core.sync.analyse_inclusion`); the group gaps come
from the database's primary statistics through :func:`database_gaps` — the one place to point
at the statistics' own group dimension once it exists."""
from __future__ import annotations

from dataclasses import dataclass

from sinergi.core.sync import InclusionResult, analyse_inclusion, catalogue_gaps
from sinergi.core.sync.inclusion import GAP_SPECS, stored_codes
from sinergi.web.accounts.permissions import can, own_office
from sinergi.web.proposals import checks
from sinergi.web.proposals.models import ProposalRound, Status


def database_gaps(regions: list[str], year: int | None) -> dict:
    """Target-group gaps from the stored primary values (latest year ≤ ``year``)."""
    from sinergi.web.statistics.models import Observation

    codes = stored_codes(GAP_SPECS)
    fields = ["region_id", "year", "month", "indicator_id", "value", "source_url"]
    has_group = "kelompok" in {f.name for f in Observation._meta.get_fields()}
    if has_group:
        fields.append("kelompok")
    records = [
        {"region_code": r["region_id"], "indicator": r["indicator_id"], **{k: v for k, v in r.items() if k not in ("region_id", "indicator_id")}}
        for r in Observation.objects.filter(preferred=True, indicator_id__in=codes, region_id__in=regions).exclude(year=None).values(*fields)
    ]
    return catalogue_gaps(records, regions, year)


@dataclass
class InclusionView:
    result: InclusionResult
    regions: list[dict]
    flagged: list[dict]


def proposal_ids(user, rnd: ProposalRound, rc: checks.RoundCheck) -> tuple[set[int], set[int]]:
    """(counted, visible): reviewers count every checked proposal; others what they may see plus
    other offices' submitted proposals (counted, not linked)."""
    from sinergi.web.proposals.actions import visible_proposals

    visible = set(visible_proposals(user, rnd).values_list("id", flat=True))
    if can(user, "review"):
        return set(rc.ids), visible
    return {pk for pk in rc.ids if pk in visible or rc.statuses.get(pk) != Status.DRAFT}, visible


def analyse(rnd: ProposalRound, proposals) -> InclusionResult:
    """The inclusion analysis of checked proposals (the core's typed frame) of a round."""
    reg = checks.regions()
    codes = [reg.province, *reg.kabkota()]
    names = {c: (f"Provinsi {reg.name(c)}" if c == reg.province else reg.name(c)) for c in codes}
    return analyse_inclusion(proposals, database_gaps(codes, rnd.year), codes, names)


def inclusion_view(user, rnd: ProposalRound, rc: checks.RoundCheck) -> InclusionView:
    reg = checks.regions()
    counted, visible = proposal_ids(user, rnd, rc)
    props = rc.result.proposals[rc.result.proposals["row"].astype(int).isin(counted)].reset_index(drop=True)
    result = analyse(rnd, props)
    own = own_office(user)
    codes = [reg.province, *reg.kabkota()]
    if own:
        codes = [own]
    a = result.assignments
    office_of = dict(zip(props["row"].astype(int), props["wilayah_kode"], strict=True)) if len(props) else {}
    by_group: dict[tuple[str, str, str], list[dict]] = {}
    for row in a.itertuples(index=False):
        for g in row.kelompok:
            by_group.setdefault((office_of.get(int(row.row), ""), g, row.sumber), []).append(
                {"id": int(row.row), "visible": int(row.row) in visible})
    regions = []
    view = result.view
    for code in codes:
        rows, quiet = [], []
        for r in view[view["wilayah_kode"] == code].to_dict("records"):
            for k in ("nilai", "pembanding", "celah", "porsi_pagu", "sasaran_perempuan"):  # missing is None, never NaN
                if r[k] is not None and r[k] != r[k]:
                    r[k] = None
            r["stated"] = by_group.get((code, r["kelompok"], "kolom"), [])
            r["suggested"] = by_group.get((code, r["kelompok"], "saran"), [])
            r["sources"] = [s.strip() for s in str(r["sumber_data"] or "").split(";") if s.strip()]
            r["has_gap"] = r["celah"] is not None
            r["measurable"] = r["kelompok"] in GAP_SPECS
            share = r["porsi_pagu"]
            r["porsi_persen"] = None if share is None or share != share else 100 * share
            if r["jumlah_usulan"] or r["measurable"] or r["tanda"]:
                rows.append(r)
            else:
                quiet.append(r["nama_kelompok"])
        regions.append({"code": code, "name": view[view["wilayah_kode"] == code]["wilayah"].iloc[0] if (view["wilayah_kode"] == code).any() else code,
                        "rows": rows, "quiet": quiet, "flags": sum(1 for r in rows if r["tanda"])})
    flagged = [r for reg_ in regions for r in reg_["rows"] if r["tanda"]]
    return InclusionView(result, regions, flagged)

"""Who the proposals reach: each region's target groups, their indicator gap, and the proposals
and pagu that target them.

**Region** = the proposing office (``wilayah_kode`` of the proposal: 64 the province, 64xx a
regency/city). An office serves its own population — a regency/city proposes only inside its
area, the province for the whole province — so the province's proposals, wherever located,
stand beside Kalimantan Timur's gap and a regency's beside its own.

**Groups of a proposal**: the codes of its ``kelompok_sasaran`` cell (``sumber = kolom``); when
the cell is empty, the groups suggested from its description (``sumber = saran``,
:func:`sinergi.core.sync.target_groups.suggest_groups`); a proposal with neither targets no
group. A proposal with several groups counts fully for each of them (its pagu is not split,
there is no basis for a split), so the shares of one region's groups can add up to more than 1.

``porsi_pagu`` = pagu of the region's proposals targeting the group (with that ``sumber``) ÷ the
pagu of *all* the region's proposals, a fraction 0–1 rounded to 4 decimals (0.25 = a quarter);
empty when the region's pagu is 0. A missing or invalid pagu counts 0.

**Gap** (plain data, :data:`Gaps`: region → group → ``{indicator, value, reference, gap,
source}``): ``gap = value − reference`` in percentage points; the group is *behind* when its
participation is lower (TPAK) or its unemployment higher (TPT) than the reference's. It comes
from :func:`catalogue_gaps` (the sex-specific and education catalogue codes of the statistics)
until the statistics carry groups of their own — that function is the one place to change.

**Large gap** (:data:`LARGE_GAP_RATIO` = 0.2): the group is behind by at least a fifth of the
reference value (TPAK: value ≤ 0.8 × reference; TPT: value ≥ 1.2 × reference). The
province's TPT moved less than 10 % a year between the August rounds of 2022–2025 in the
embedded series, so a fifth is about twice the usual movement of a rate: a gap that large is
not noise. A region's group with a large gap and no proposal — neither stated nor suggested —
is flagged :data:`FLAG_NOTHING`; one reached only by suggestions :data:`FLAG_SUGGESTED_ONLY`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from sinergi.core.numbers import format_id
from sinergi.core.stats.groups import series_code, split_code
from sinergi.core.stats.observations import SOURCE_KINDS, source_kind

from .target_groups import CODES, label, split_groups, suggest_groups

CSV_COLUMNS = ["wilayah_kode", "kelompok", "jumlah_usulan", "pagu", "porsi_pagu", "sumber"]
KOLOM, SARAN = "kolom", "saran"
LARGE_GAP_RATIO = 0.2
FLAG_NOTHING = "celah besar tanpa usulan"
FLAG_SUGGESTED_ONLY = "celah besar, hanya saran"
NO_DATA = "belum ada data"
NO_INDICATOR = "belum ada indikator"

#: region code → group code → {indicator, value, reference, gap, source}
Gaps = Mapping[str, Mapping[str, Mapping]]


# ----------------------------------------------------------------------------- the gap seam
@dataclass(frozen=True)
class GapSpec:
    """How a target group's gap is read from the statistics: the group's series and its
    reference series (catalogue code, optional ``kelompok``), and the better direction."""

    indicator: str  # shown, e.g. "TPAK perempuan − TPAK laki-laki (poin)"
    series: tuple[str, str]
    reference: tuple[str, str]
    direction: str  # "positive": higher is better (participation); "negative": lower is better
    note: str = ""


GAP_SPECS: dict[str, GapSpec] = {
    "perempuan": GapSpec("TPAK perempuan − TPAK laki-laki (poin)", ("tpak", "perempuan"), ("tpak", "laki_laki"), "positive"),
    "pemuda": GapSpec("TPT pemuda 15–24 − TPT semua (poin)", ("tpt", "pemuda"), ("tpt", ""), "negative"),
    "disabilitas": GapSpec("TPAK penyandang disabilitas − TPAK semua (poin)", ("tpak", "disabilitas"), ("tpak", ""), "positive"),
    "lulusan_baru": GapSpec("TPT lulusan SMK − TPT semua (poin)", ("tpt", "pendidikan_smk"), ("tpt", ""), "negative",
                            note="proksi: TPT semua lulusan SMK, bukan hanya lulusan baru"),
}


def _month_rank(month) -> int:
    """The August Sakernas round first (the only one with regency figures), then an annual
    figure, then the latest other month."""
    if month == 8:
        return 0
    if month is None:
        return 1
    return 2 + (12 - int(month))


def stored_codes(specs: Mapping[str, GapSpec] = GAP_SPECS) -> set[str]:
    """The catalogue codes under which the statistics store the series of ``specs`` (a group
    with a code of its own, e.g. women's TPAK, is stored as ``tpak_female``)."""
    return {series_code(*pair)[0] for spec in specs.values() for pair in (spec.series, spec.reference)}


def _round_order(key: tuple[int, int | None]) -> tuple:
    """Which round a gap is read from: the latest **August** Sakernas round first — the only round
    published for every regency/city and the one BPS compares across years — then the latest of
    any other round (February, November, annual). A later February or November figure does not
    displace August: those rounds are smaller samples, and Kaltim's November 2025 women's TPAK
    (42.84, from a news report) is flagged in the catalogue as looking low."""
    year, month = key
    return (month == 8, year, -_month_rank(month))


def _series(observations, codes: set[str]) -> dict[tuple[str, str, str], dict[tuple[int, int | None], tuple[float, str]]]:
    out: dict = {}
    for o in observations:
        get = o.get if isinstance(o, dict) else (lambda k, d=None, _o=o: getattr(_o, k, d))
        stored = str(get("indicator", "") or "")
        if not get("preferred", True):
            continue
        # one key per figure whatever its stored form: ("tpak_female", "") and ("tpak", "perempuan") alike
        indicator, group = split_code(stored, str(get("kelompok", "") or ""))
        if indicator not in codes:
            continue
        year = get("year")
        value = get("value")
        if year in (None, "") or value is None or value != value:
            continue
        month = get("month")
        month = None if month in (None, "") or month != month else int(month)
        group = "" if group == "semua" else group
        key = (str(get("region_code", "")), indicator, group)
        out.setdefault(key, {})[(int(year), month)] = (float(value), str(get("source_url", "") or ""))
    return out


def catalogue_gaps(observations, regions, year: int | None = None, specs: Mapping[str, GapSpec] = GAP_SPECS) -> dict[str, dict[str, dict]]:
    """Each region's target-group gaps from statistics records (dicts or objects with
    ``region_code, year, month, indicator, value, source_url`` and optional ``kelompok`` and
    ``preferred``). For each group: the latest year (≤ ``year`` when given) and round in which
    both the group and its reference have a value — August first — and ``gap = value −
    reference``. Without such a pair the latest value alone is kept and the gap is ``None``
    (missing, never filled in). Groups without a spec get no entry."""
    codes = {s.series[0] for s in specs.values()} | {s.reference[0] for s in specs.values()}
    series = _series(observations, codes)
    out: dict[str, dict[str, dict]] = {}
    for region in regions:
        region = str(region)
        entry = {}
        for group, spec in specs.items():
            mine = {k: v for k, v in series.get((region, *spec.series), {}).items() if year is None or k[0] <= year}
            refs = {k: v for k, v in series.get((region, *spec.reference), {}).items() if year is None or k[0] <= year}
            both = [k for k in mine if k in refs]
            pick = max(both, key=_round_order) if both else (max(mine, key=_round_order) if mine else None)
            if pick is None:
                continue
            value, source = mine[pick]
            ref = refs.get(pick)
            sources = [source] + ([ref[1]] if ref and ref[1] != source else [])
            entry[group] = {
                "indicator": spec.indicator,
                "value": value,
                "reference": ref[0] if ref else None,
                "gap": round(value - ref[0], 4) if ref else None,
                "direction": spec.direction,
                "period": f"{pick[0]}" + (f"-{pick[1]:02d}" if pick[1] else ""),
                "source": " ; ".join(s for s in sources if s),
                # the weakest class of the two figures' sources (bps, pemerintah, berita, ilustratif): shown with the gap
                "source_kind": max((source_kind(s) for s in sources if s), key=lambda k: SOURCE_KINDS[k][0], default=""),
                "note": spec.note,
            }
        if entry:
            out[region] = entry
    return out


def is_large(gap: Mapping | None, ratio: float = LARGE_GAP_RATIO) -> bool:
    """Whether a group is behind its reference by at least ``ratio`` of the reference value."""
    if not gap or gap.get("gap") is None or not gap.get("reference"):
        return False
    value, reference = float(gap["value"]), float(gap["reference"])
    if gap.get("direction", "positive") == "positive":
        return value <= (1 - ratio) * reference
    return value >= (1 + ratio) * reference


# ----------------------------------------------------------------------------- proposals
def assign_groups(proposals: pd.DataFrame) -> pd.DataFrame:
    """Per proposal (``row``): the groups it targets, ``sumber`` (``kolom``/``saran``/empty) and,
    for suggestions, the reasons."""
    rows = []
    for p in proposals.itertuples(index=False):
        stated = split_groups(getattr(p, "kelompok_sasaran", "") or "")
        if stated:
            rows.append({"row": int(p.row), "kelompok": stated, "sumber": KOLOM, "alasan": ""})
            continue
        found = suggest_groups(getattr(p, "uraian", ""), getattr(p, "sasaran", ""))
        rows.append({"row": int(p.row), "kelompok": tuple(s.code for s in found), "sumber": SARAN if found else "",
                     "alasan": "; ".join(s.text() for s in found)})
    return pd.DataFrame(rows, columns=["row", "kelompok", "sumber", "alasan"])


@dataclass
class InclusionResult:
    rows: pd.DataFrame  # the CLI contract: CSV_COLUMNS
    view: pd.DataFrame  # region × group with the gap, counts, pagu and flag
    assignments: pd.DataFrame  # per proposal row: kelompok, sumber, alasan
    notes: list[str] = field(default_factory=list)

    def flagged(self) -> pd.DataFrame:
        return self.view[self.view["tanda"] != ""]


VIEW_COLUMNS = [
    "wilayah_kode", "wilayah", "kelompok", "nama_kelompok", "indikator", "periode", "nilai", "pembanding", "celah", "celah_besar",
    "usulan_kolom", "usulan_saran", "jumlah_usulan", "pagu", "porsi_pagu", "sasaran_perempuan", "tanda", "sumber_data", "catatan",
]


def _data_note(group: str, gap: Mapping | None) -> str:
    """What the gap cell lacks, said in words: no statistics yet, no indicator for the group, or
    the note of the figure (e.g. a proxy)."""
    if gap:
        parts = [str(gap.get("note") or "") or ("" if gap.get("gap") is not None else f"nilai pembanding {NO_DATA}")]
        kind = gap.get("source_kind", "")
        if kind and kind != "bps":  # a verdict should not rest on an unmarked non-official figure
            parts.append(f"angka dari {SOURCE_KINDS[kind][1]}, bukan tabel BPS: periksa sebelum dikutip")
        return "; ".join(p for p in parts if p)
    if group in GAP_SPECS:
        return NO_DATA
    return NO_INDICATOR if group != "umum" else ""


def _pagu(value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0.0
    return v if v == v and v > 0 else 0.0


def _share(part: float, total: float):
    return round(part / total, 4) if total > 0 else None


def analyse_inclusion(proposals: pd.DataFrame, gaps: Gaps, regions=(), region_names: Mapping[str, str] | None = None,
                      ratio: float = LARGE_GAP_RATIO) -> InclusionResult:
    """The inclusion tables of checked proposals (the typed frame of ``check_proposals``:
    ``row, wilayah_kode, uraian, sasaran, kelompok_sasaran, pagu``, optional
    ``sasaran_perempuan``). ``regions`` orders the view (every region × every group); regions with
    proposals or gaps are added after them."""
    names = dict(region_names or {})
    props = proposals.reset_index(drop=True)
    assignments = assign_groups(props) if len(props) else pd.DataFrame(columns=["row", "kelompok", "sumber", "alasan"])
    by_row = {int(a.row): a for a in assignments.itertuples(index=False)}
    total_pagu: dict[str, float] = {}
    counts: dict[tuple[str, str, str], list] = {}  # (region, group, sumber) → [n, pagu, women]
    for p in props.itertuples(index=False):
        region = str(p.wilayah_kode or "")
        if not region:  # an unreadable office code is a finding of its own; such a row has no region
            continue
        pagu = _pagu(p.pagu)
        total_pagu[region] = total_pagu.get(region, 0.0) + pagu
        a = by_row.get(int(p.row))
        if a is None:
            continue
        women = getattr(p, "sasaran_perempuan", None)
        women = 0 if women is None or pd.isna(women) else int(women)
        for g in a.kelompok:
            c = counts.setdefault((region, g, a.sumber), [0, 0.0, 0])
            c[0] += 1
            c[1] += pagu
            c[2] += women
    rows = []
    for (region, group, source), (n, pagu, _w) in counts.items():
        rows.append({"wilayah_kode": region, "kelompok": group, "jumlah_usulan": n, "pagu": pagu,
                     "porsi_pagu": _share(pagu, total_pagu.get(region, 0.0)), "sumber": source})
    order = {c: i for i, c in enumerate(CODES)}
    region_order = [str(r) for r in regions]
    for r in sorted({*total_pagu, *gaps}):
        if r not in region_order:
            region_order.append(r)
    rank = {r: i for i, r in enumerate(region_order)}
    frame = pd.DataFrame(rows, columns=CSV_COLUMNS)
    if len(frame):
        frame = frame.assign(_r=frame["wilayah_kode"].map(rank), _g=frame["kelompok"].map(order),
                             _s=frame["sumber"].map({KOLOM: 0, SARAN: 1}))
        frame = frame.sort_values(["_r", "_g", "_s"]).drop(columns=["_r", "_g", "_s"]).reset_index(drop=True)

    view = []
    for region in region_order:
        region_gaps = gaps.get(region, {}) or {}
        for group in CODES:
            stated = counts.get((region, group, KOLOM), [0, 0.0, 0])
            suggested = counts.get((region, group, SARAN), [0, 0.0, 0])
            gap = region_gaps.get(group)
            large = is_large(gap, ratio)
            flag = ""
            if large and stated[0] + suggested[0] == 0:
                flag = FLAG_NOTHING
            elif large and stated[0] == 0:
                flag = FLAG_SUGGESTED_ONLY
            pagu = stated[1] + suggested[1]
            view.append({
                "wilayah_kode": region,
                "wilayah": names.get(region, ""),
                "kelompok": group,
                "nama_kelompok": label(group),
                "indikator": (gap or {}).get("indicator") or (GAP_SPECS[group].indicator if group in GAP_SPECS else ""),
                "periode": (gap or {}).get("period", ""),
                "nilai": (gap or {}).get("value"),
                "pembanding": (gap or {}).get("reference"),
                "celah": (gap or {}).get("gap"),
                "celah_besar": large,
                "usulan_kolom": stated[0],
                "usulan_saran": suggested[0],
                "jumlah_usulan": stated[0] + suggested[0],
                "pagu": pagu,
                "porsi_pagu": _share(pagu, total_pagu.get(region, 0.0)),
                "sasaran_perempuan": stated[2] + suggested[2] if group == "perempuan" else None,
                "tanda": flag,
                "sumber_data": (gap or {}).get("source", ""),
                "catatan": _data_note(group, gap),
            })
    notes = [
        "Wilayah = perangkat daerah pengusul (64 provinsi, 64xx kabupaten/kota).",
        "sumber 'kolom': kelompok sasaran ditulis pengusul; 'saran': disarankan dari uraian karena kolomnya kosong (belum dinyatakan pengusul).",
        "porsi_pagu = pagu usulan yang menyasar kelompok ÷ pagu semua usulan wilayah itu (0–1). Usulan dengan beberapa kelompok "
        "dihitung penuh pada setiap kelompok, jadi porsi dalam satu wilayah dapat berjumlah lebih dari 1.",
        f"Celah = nilai kelompok − nilai pembanding (poin persen). Celah besar: kelompok tertinggal sedikitnya {format_id(100 * ratio, 0)}% dari nilai "
        f"pembanding (TPAK ≤ {format_id(1 - ratio, 2)} × pembanding; TPT ≥ {format_id(1 + ratio, 2)} × pembanding).",
        f"Tanda '{FLAG_NOTHING}': celah besar dan tidak ada usulan yang menyasar kelompok itu; '{FLAG_SUGGESTED_ONLY}': hanya usulan "
        "yang disarankan dari uraian.",
        f"Catatan '{NO_DATA}': statistik kelompok ini belum ada untuk wilayah tersebut; '{NO_INDICATOR}': belum ada indikator statistik "
        "untuk kelompok ini. Nilai yang tidak ada dibiarkan kosong, tidak pernah diisi.",
    ]
    return InclusionResult(frame, pd.DataFrame(view, columns=VIEW_COLUMNS), assignments, notes)

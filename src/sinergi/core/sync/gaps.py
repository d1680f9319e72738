"""Gap analysis: which identified needs no proposal addresses, and which proposals address no
identified need.

The link between sub-kegiatan and needs is a reviewed table shipped as data
(``data/sync/peta_kebutuhan.csv``, editable by the province): each row links a code pattern
(``2.07.03.*.01`` — ``*`` is any one segment, a shorter pattern is a prefix) to an IPK
indicator (``jenis = ipk``) or an RTK need type (``jenis = rtk``), with the reason.

Needs come from the other engines: per regency/city, the IPK indicators judged weak and the
RTK needs (training by trade/sector, placement, projected shortage by sector, …). Both are
plain tables here; the web layer joins its own indicator codes through the keys and names
of the map.

No verdict rests on illustrative data. A need may carry ``kualitas_data`` (``bersumber``,
``turunan``, ``ilustratif`` — the quality of the inputs it was judged on); an IPK indicator
whose inputs are illustrative in a region is listed in ``ipk_illustrative`` (whether or not it
came out weak: with example values nobody knows). A proposal that answers no *sourced* need of
its place is "tidak menjawab kebutuhan" only when that cannot be blamed on illustrative data:
when it serves an IPK indicator whose state is unknown there, or when every need identified
there is illustrative, it reads "belum dapat dinilai — kebutuhan dari data ilustratif"
(``GapResult.unjudged``) and is never counted as answering no need.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from .codes import GENERIC_PREFIX, lookup_key, pattern_matches
from .reference import Regions
from .text import fold, tokens

IPK = "ipk"
RTK = "rtk"


@dataclass(frozen=True)
class NeedLink:
    pattern: str
    kind: str  # ipk | rtk
    key: str
    name: str
    reason: str = ""
    service: bool = False  # defines a service family for the overlap check


class NeedMap:
    """The reviewed mapping from sub-kegiatan (patterns) to IPK indicators and RTK needs."""

    def __init__(self, links: Iterable[NeedLink], sector_words: Mapping[str, Iterable[str]] | None = None,
                 sector_names: Mapping[str, str] | None = None) -> None:
        self.links = tuple(links)
        self._cache: dict[str, tuple[NeedLink, ...]] = {}
        self.names: dict[tuple[str, str], str] = {}
        for link in self.links:
            self.names.setdefault((link.kind, link.key), link.name)
        self.sector_words = {k: tuple(fold(w) for w in v if fold(w)) for k, v in (sector_words or {}).items()}
        self.sector_names = dict(sector_names or {})
        self._sector_lookup = {}
        for k in self.sector_words:
            self._sector_lookup[fold(k)] = k
        for k, n in self.sector_names.items():
            self._sector_lookup[fold(n)] = k

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping], sector_rows: Iterable[Mapping] = ()) -> NeedMap:
        links = [
            NeedLink(
                pattern=str(r["pola"]).strip(),
                kind=str(r["jenis"]).strip().lower(),
                key=str(r["kunci"]).strip(),
                name=str(r.get("nama", "") or "").strip(),
                reason=str(r.get("alasan", "") or "").strip(),
                service=fold(r.get("kelompok_layanan")) in ("ya", "y", "1", "true"),
            )
            for r in rows
            if str(r.get("pola", "") or "").strip()
        ]
        words, names = {}, {}
        for r in sector_rows:
            key = str(r["sektor"]).strip()
            words[key] = [w.strip() for w in str(r.get("kata", "") or "").split("|") if w.strip()]
            names[key] = str(r.get("nama", "") or key).strip()
        return cls(links, words, names)

    def to_rows(self) -> list[dict]:
        return [
            {
                "pola": link.pattern,
                "jenis": link.kind,
                "kunci": link.key,
                "nama": link.name,
                "kelompok_layanan": "ya" if link.service else "",
                "alasan": link.reason,
            }
            for link in self.links
        ]

    def links_of(self, code: str) -> tuple[NeedLink, ...]:
        if code not in self._cache:
            key = lookup_key(code)
            self._cache[code] = tuple(link for link in self.links if pattern_matches(link.pattern, code) or pattern_matches(link.pattern, key))
        return self._cache[code]

    def keys_of(self, code: str, kind: str) -> set[str]:
        return {link.key for link in self.links_of(code) if link.kind == kind}

    def families(self, code: str) -> set[str]:
        """What a sub-kegiatan delivers to whom, for the overlap check: the RTK need types of
        its links marked ``kelompok_layanan = ya`` (training, placement, …; not outcome needs
        such as unemployment, which many different services address)."""
        return {link.key for link in self.links_of(code) if link.kind == RTK and link.service}

    def indicators(self) -> dict[str, str]:
        return {k: n for (kind, k), n in self.names.items() if kind == IPK}

    def need_types(self) -> dict[str, str]:
        return {k: n for (kind, k), n in self.names.items() if kind == RTK}

    def resolve(self, value, kind: str) -> str:
        """An indicator or need given by key or by name → its key ('' if unknown)."""
        text = fold(value)
        for (k_kind, key), name in self.names.items():
            if k_kind != kind:
                continue
            if text in (fold(key), fold(name)):
                return key
        return ""

    def resolve_sector(self, value) -> str:
        return self._sector_lookup.get(fold(value), "")

    def sector_match(self, sector: str, text: str) -> str:
        """The word of ``sector`` that ``text`` mentions ('' when none)."""
        key = self.resolve_sector(sector) or sector
        words = self.sector_words.get(key) or (fold(sector),)
        folded = " " + fold(text) + " "
        for w in words:
            if w and f" {w} " in folded:
                return w
        toks = set(tokens(text))
        for w in words:
            if w.endswith("*") and any(t.startswith(w[:-1]) for t in toks):
                return w
        return ""


def is_support(code: str) -> bool:
    """Program 01 (PENUNJANG): administration of the office itself, not a service."""
    key = lookup_key(code)
    return key.startswith(GENERIC_PREFIX + ".")


#: the verdict on a proposal that answers none of the (sourced) needs of its place
VERDICT_NO_NEED = "tidak menjawab kebutuhan teridentifikasi"
#: the reading of a proposal whose place's needs (or the need it serves) rest on illustrative data
VERDICT_UNJUDGED = "belum dapat dinilai — kebutuhan dari data ilustratif"
#: ``kualitas_data`` of a need judged on illustrative inputs
ILLUSTRATIVE = "ilustratif"


@dataclass
class GapResult:
    """``needs``: one row per identified need with the proposals that address it, a status
    (``terjawab``, ``sebagian`` — the right kind of activity but the sector/trade is not named —,
    or ``celah``) and ``kualitas_data`` (``ilustratif`` when the need rests on illustrative
    inputs). ``unanchored``: proposals that address none of the identified needs of their place
    (``penilaian`` = :data:`VERDICT_NO_NEED`). ``unjudged``: proposals that cannot be judged
    because the needs of their place rest on illustrative data (``penilaian`` =
    :data:`VERDICT_UNJUDGED`). ``notes``: what could not be judged."""

    needs: pd.DataFrame
    unanchored: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    unjudged: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=UNANCHORED_COLUMNS))

    @property
    def gaps(self) -> pd.DataFrame:
        """Unanswered needs that rest on sourced or derived data (an illustrative need is listed
        in ``needs`` with its label, but is not reported as a gap)."""
        return self.needs[(self.needs["status"] == "celah") & (self.needs["kualitas_data"] != ILLUSTRATIVE)].reset_index(drop=True)

    @property
    def illustrative_gaps(self) -> pd.DataFrame:
        return self.needs[(self.needs["status"] == "celah") & (self.needs["kualitas_data"] == ILLUSTRATIVE)].reset_index(drop=True)

    def without_need(self) -> pd.DataFrame:
        """Both lists of proposals answering no known need, each with its ``penilaian``: the
        ones judged (:data:`VERDICT_NO_NEED`) and the ones that cannot be (:data:`VERDICT_UNJUDGED`)."""
        frames = [f for f in (self.unanchored, self.unjudged) if len(f)]
        if not frames:
            return pd.DataFrame(columns=list(self.unanchored.columns))
        return pd.concat(frames, ignore_index=True)

    def needs_meter(self, subject: str = "Kebutuhan"):
        """How many of the needs are sourced, derived or illustrative (a
        :class:`~sinergi.core.stats.meter.DataMeter` with the noun ``kebutuhan``)."""
        from sinergi.core.stats.meter import count_quality

        return count_quality(self.needs["kualitas_data"], subject=subject, noun="kebutuhan")


NEED_COLUMNS = [
    "wilayah_kode",
    "wilayah",
    "sumber",
    "kunci",
    "kebutuhan",
    "sektor",
    "jumlah",
    "keterangan",
    "kualitas_data",
    "status",
    "jumlah_usulan",
    "usulan_baris",
    "usulan_kode",
]
UNANCHORED_COLUMNS = ["row", "wilayah_kode", "lokasi_kabkota", "kode", "uraian", "dilayani", "penilaian", "alasan"]


def _needs_table(data, columns: list[str]) -> pd.DataFrame:
    if data is None:
        return pd.DataFrame(columns=columns)
    if isinstance(data, pd.DataFrame):
        return data.copy()
    if isinstance(data, Mapping):
        rows = []
        for region, items in data.items():
            for item in items:
                if isinstance(item, Mapping):
                    rows.append({"wilayah_kode": str(region), **item})
                else:
                    rows.append({"wilayah_kode": str(region), columns[1]: item})
        return pd.DataFrame(rows)
    return pd.DataFrame(list(data))


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _quality(v, default: str) -> str:
    """A need's ``kualitas_data`` word from whatever the table says (``ilustratif``/
    ``illustrative``, ``turunan``/``derived``, ``bersumber``/``real``; a true ``ilustratif`` flag)."""
    from sinergi.core.stats.meter import ILLUSTRATIVE as ILL
    from sinergi.core.stats.meter import quality_class

    text = _cell(v)
    if not text:
        return default
    if fold(text) in ("ya", "y", "true", "1"):
        return ILL
    return quality_class(text)


def analyse_gaps(
    proposals: pd.DataFrame,
    need_map: NeedMap,
    regions: Regions,
    weak_ipk=None,
    rtk_needs=None,
    ipk_illustrative=None,
) -> GapResult:
    """Compare proposals with identified needs, per regency/city.

    ``proposals``: prepared proposals (columns ``row``, ``wilayah_kode``, ``lokasi_kabkota``,
    ``kode``, ``uraian``, optionally ``sasaran``). A proposal covers the regency/city it is
    located in; a province proposal located province-wide (the province code) covers all.

    ``weak_ipk``: table (or ``{wilayah: [indicator, …]}``) with ``wilayah_kode`` and
    ``indikator`` (key or name from the need map), optionally ``nilai``.

    ``rtk_needs``: table (or mapping) with ``wilayah_kode``, ``jenis`` (an RTK need key or
    name, e.g. ``pelatihan``, ``kekurangan_tenaga_kerja``), optionally ``sektor`` (sector or
    trade, e.g. ``konstruksi``), ``jumlah`` and ``keterangan``.

    Both may carry ``kualitas_data`` (or ``kualitas``/``quality``/``ilustratif``): a need on
    illustrative inputs is labelled and never makes a proposal "tidak menjawab kebutuhan".
    Unstated, an IPK need counts as ``bersumber`` and an RTK need (a projection) as ``turunan``.

    ``ipk_illustrative``: table (or ``{wilayah: [indicator, …]}``) of the IPK indicators whose
    inputs are illustrative in a region (weak or not); a weak IPK row marked illustrative is
    added to it.
    """
    weak = _needs_table(weak_ipk, ["wilayah_kode", "indikator"])
    rtk = _needs_table(rtk_needs, ["wilayah_kode", "jenis"])
    unknown = _unknown_indicators(_needs_table(ipk_illustrative, ["wilayah_kode", "indikator"]), need_map, regions)
    notes: list[str] = []
    props = proposals.reset_index(drop=True)
    covers = _coverage(props, regions)
    text_of = [f"{_cell(p.get('uraian'))} {_cell(p.get('sasaran'))}" for _, p in props.iterrows()]
    codes = [_cell(c) for c in props.get("kode", pd.Series([""] * len(props)))]
    identified: dict[str, set[tuple[str, str]]] = defaultdict(set)  # needs on sourced/derived data
    illustrative_needs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    known = _Known(identified, illustrative_needs, unknown)
    need_rows = _ipk_needs(weak, need_map, regions, covers, codes, known, notes)
    need_rows += _rtk_needs(rtk, need_map, regions, covers, codes, text_of, known, notes)
    for r in need_rows:
        hits = r.pop("hits")
        r["jumlah_usulan"] = len(hits)
        r["usulan_baris"] = ", ".join(str(int(props.at[i, "row"])) for i in hits[:50])
        r["usulan_kode"] = ", ".join(sorted({codes[i] for i in hits}))
    needs = pd.DataFrame(need_rows, columns=NEED_COLUMNS)
    unanchored, unjudged = [], []
    if not identified and not illustrative_needs:
        notes.append("Tidak ada data IPK lemah maupun kebutuhan RTK; usulan tanpa kebutuhan tidak dapat dinilai.")
    else:
        unanchored, unjudged = _judge_proposals(props, codes, need_map, regions, known)
    return GapResult(needs, pd.DataFrame(unanchored, columns=UNANCHORED_COLUMNS), notes,
                     pd.DataFrame(unjudged, columns=UNANCHORED_COLUMNS))


@dataclass
class _Known:
    """Per region: needs on sourced/derived data, needs on illustrative data, and IPK indicators
    whose state is unknown (illustrative inputs)."""

    identified: dict[str, set[tuple[str, str]]]
    illustrative: dict[str, set[tuple[str, str]]]
    unknown: dict[str, set[tuple[str, str]]]


def _quality_of(row, default: str) -> str:
    for col in ("kualitas_data", "kualitas", "quality", "ilustratif"):
        if col in row and _cell(row.get(col)):
            return _quality(row.get(col), default)
    return default


def _unknown_indicators(table: pd.DataFrame, need_map: NeedMap, regions: Regions) -> dict[str, set[tuple[str, str]]]:
    """IPK indicators whose state is unknown (illustrative inputs) per region."""
    unknown: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for _, u in table.iterrows():
        region = regions.normalise_office(u.get("wilayah_kode"))[0] or _cell(u.get("wilayah_kode"))
        key = need_map.resolve(u.get("indikator"), IPK)
        if key:
            unknown[region].add((IPK, key))
    return unknown


def _coverage(props: pd.DataFrame, regions: Regions) -> dict[str, list[int]]:
    """Which proposals cover which region: its own regency/city and the province; a proposal
    located province-wide covers every region."""
    province = regions.province
    covers: dict[str, list[int]] = defaultdict(list)
    for i, p in props.iterrows():
        loc = _cell(p.get("lokasi_kabkota")) or _cell(p.get("wilayah_kode"))
        if not loc:
            continue
        if loc == province:
            for r in [province, *regions.kabkota()]:
                covers[r].append(i)
        else:
            covers[loc].append(i)
            covers[province].append(i)  # anything inside the province counts for the province
    return covers


def _ipk_needs(weak: pd.DataFrame, need_map: NeedMap, regions: Regions, covers, codes, known: _Known, notes: list[str]) -> list[dict]:
    """One need row per weak IPK indicator, answered by a covering proposal whose code serves it."""
    need_rows = []
    for _, w in weak.iterrows():
        region = regions.normalise_office(w.get("wilayah_kode"))[0] or _cell(w.get("wilayah_kode"))
        key = need_map.resolve(w.get("indikator"), IPK)
        if not key:
            notes.append(f"Indikator IPK '{_cell(w.get('indikator'))}' ({region}) tidak ada dalam peta kebutuhan; tidak dinilai.")
            continue
        quality = _quality_of(w, "bersumber")
        if quality == ILLUSTRATIVE:
            known.illustrative[region].add((IPK, key))
            known.unknown[region].add((IPK, key))
        else:
            known.identified[region].add((IPK, key))
        hits = [i for i in covers.get(region, []) if key in need_map.keys_of(codes[i], IPK)]
        nilai = _cell(w.get("nilai"))
        need_rows.append({
            "wilayah_kode": region,
            "wilayah": regions.name(region),
            "sumber": "IPK",
            "kunci": key,
            "kebutuhan": f"Indikator IPK lemah: {need_map.names[(IPK, key)]}",
            "sektor": "",
            "jumlah": "",
            "keterangan": f"nilai {nilai}" if nilai else "",
            "kualitas_data": quality,
            "status": "terjawab" if hits else "celah",
            "hits": hits,
        })
    return need_rows


def _rtk_needs(rtk: pd.DataFrame, need_map: NeedMap, regions: Regions, covers, codes, text_of, known: _Known,
               notes: list[str]) -> list[dict]:
    """One need row per RTK need; with a sector, a proposal of the right type that names another
    sector answers it only in part."""
    need_rows = []
    for _, n in rtk.iterrows():
        region = regions.normalise_office(n.get("wilayah_kode"))[0] or _cell(n.get("wilayah_kode"))
        key = need_map.resolve(n.get("jenis"), RTK)
        if not key:
            notes.append(f"Jenis kebutuhan RTK '{_cell(n.get('jenis'))}' ({region}) tidak ada dalam peta kebutuhan; tidak dinilai.")
            continue
        quality = _quality_of(n, "turunan")
        (known.illustrative if quality == ILLUSTRATIVE else known.identified)[region].add((RTK, key))
        sector = _cell(n.get("sektor"))
        typed = [i for i in covers.get(region, []) if key in need_map.keys_of(codes[i], RTK)]
        if sector:
            full = [i for i in typed if need_map.sector_match(sector, text_of[i])]
            status = "terjawab" if full else "sebagian" if typed else "celah"
            hits = full or typed
        else:
            hits = typed
            status = "terjawab" if hits else "celah"
        sector_name = need_map.sector_names.get(need_map.resolve_sector(sector), sector) if sector else ""
        need_rows.append({
            "wilayah_kode": region,
            "wilayah": regions.name(region),
            "sumber": "RTK",
            "kunci": key,
            "kebutuhan": need_map.names[(RTK, key)] + (f" — {sector_name}" if sector_name else ""),
            "sektor": sector,
            "jumlah": _cell(n.get("jumlah")),
            "keterangan": _cell(n.get("keterangan")),
            "kualitas_data": quality,
            "status": status,
            "hits": hits,
        })
    return need_rows


def _judge_proposals(props: pd.DataFrame, codes, need_map: NeedMap, regions: Regions, known: _Known) -> tuple[list[dict], list[dict]]:
    """Proposals that answer no identified need of their place (unanchored), and those that
    cannot be judged because the needs they serve rest on illustrative inputs (unjudged)."""
    province = regions.province
    unanchored, unjudged = [], []
    for i, p in props.iterrows():
        code = codes[i]
        if not code or is_support(code):
            continue
        loc = _cell(p.get("lokasi_kabkota")) or _cell(p.get("wilayah_kode"))
        regs = [province, *regions.kabkota()] if loc == province else [loc]
        needed = set().union(*(known.identified.get(r, set()) for r in regs))
        needed_ill = set().union(*(known.illustrative.get(r, set()) for r in regs))
        unknown_here = set().union(*(known.unknown.get(r, set()) for r in regs))
        if not needed and not needed_ill:
            continue  # nothing identified for this place: cannot judge
        links = need_map.links_of(code)
        served = {(link.kind, link.key) for link in links}
        if served & (needed | needed_ill):
            continue  # answers a need (an illustrative one is labelled on the need itself)
        served_names = ", ".join(sorted({link.name for link in links})) or "—"
        row = {
            "row": int(p["row"]),
            "wilayah_kode": _cell(p.get("wilayah_kode")),
            "lokasi_kabkota": loc,
            "kode": code,
            "uraian": _cell(p.get("uraian")),
            "dilayani": served_names,
        }
        if served & unknown_here or not needed:
            what = ", ".join(sorted({need_map.names[k] for k in served & unknown_here})) if served & unknown_here else ""
            unjudged.append({**row, "penilaian": VERDICT_UNJUDGED, "alasan": (
                f"indikator IPK yang dilayani ({what}) di wilayah ini dihitung dari masukan ilustratif; apakah lemah belum diketahui"
                if what else "semua kebutuhan teridentifikasi di wilayah ini berasal dari data ilustratif")})
            continue
        reason = (
            "kode ini belum dipetakan ke indikator IPK atau kebutuhan RTK (lengkapi peta kebutuhan)"
            if not links
            else "kebutuhan yang dilayani kode ini tidak termasuk kebutuhan teridentifikasi di wilayah ini"
        )
        unanchored.append({**row, "penilaian": VERDICT_NO_NEED, "alasan": reason})
    return unanchored, unjudged

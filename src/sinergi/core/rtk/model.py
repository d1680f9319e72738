"""Data classes of the RTK engine: inputs (series, scenarios, IKN parameters) and results.

Everything here is plain data: no file access, no Django. Loaders that read the embedded
Kaltim statistics or user files live in :mod:`sinergi.documents.rtk_files`.
"""
from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

METHOD_VERSION = "sinergi-rtk 1.0 (METHOD.md §3; elastisitas majemuk/regresi, neraca sederhana)"

#: Variables a :class:`RegionSeries` understands (totals or by sector).
INPUT_VARIABLES = ("PUK", "AK", "KK", "PENGANGGUR", "PDRB", "TPAK", "PUK_PROYEKSI", "TPT", "PENDUDUK")

#: Method names written in the ``method`` column of a result (one per value).
METHOD_NAMES = {
    "data": "angka tahun dasar (data, atau diturunkan dari data dengan identitas)",
    "proyeksi_penduduk": "PUK mengikuti proyeksi penduduk BPS hasil SP2020 (rasio PUK/penduduk tahun dasar ditahan)",
    "tren_teredam": "tren multi-tahun yang diredam dan dibatasi rentang historis",
    "elastisitas": "kesempatan kerja dari elastisitas regresi (disusutkan, dibatasi) × pertumbuhan PDRB",
    "neraca": "neraca persediaan–kebutuhan (TPT berjangkar pada tahun dasar, lantai friksional)",
    "laju_provinsi": "angka wilayah sendiri digerakkan dengan laju/elastisitas provinsi",
    "turunan_provinsi": "turunan dari proyeksi provinsi (pangsa terakhir wilayah atau pangsa penduduk)",
    "identitas": "identitas (AK = PUK × TPAK; PRODUKTIVITAS = PDRB/KK; TAMBAHAN_KK = selisih KK)",
    "skenario": "asumsi skenario (pertumbuhan PDRB)",
    "ikn": "modul IKN",
    "pangsa": "rincian dari pangsa kelompok tahun terakhir",
    "tren_linear": "garis lurus KK (pembanding)",
    "sederhana": "metode pertama (sinergi-rtk 1.0): laju majemuk dan neraca sederhana",
}

#: Variables a projection writes, in display order.
OUTPUT_VARIABLES = (
    "PUK", "TPAK", "AK", "KK", "PENGANGGUR", "TPT", "KEKURANGAN",
    "PDRB", "PDRB_TUMBUH", "PRODUKTIVITAS", "TAMBAHAN_KK", "KK_TREN", "IKN_KK", "IKN_AK", "KK_PERMINTAAN",
)

#: Unit of each output variable (for tables and documents).
UNITS = {
    "PUK": "orang", "TPAK": "persen", "AK": "orang", "KK": "orang", "PENGANGGUR": "orang",
    "TPT": "persen", "KEKURANGAN": "orang", "PDRB": "miliar Rp (ADHK 2010)",
    "PDRB_TUMBUH": "persen per tahun", "PRODUKTIVITAS": "juta Rp per pekerja (ADHK 2010)",
    "TAMBAHAN_KK": "orang", "KK_TREN": "orang", "IKN_KK": "orang", "IKN_AK": "orang",
}

#: Human labels (Indonesian) of the output variables.
LABELS = {
    "PUK": "Penduduk usia kerja (15+)",
    "TPAK": "Tingkat partisipasi angkatan kerja",
    "AK": "Angkatan kerja (persediaan)",
    "KK": "Kesempatan kerja / penduduk bekerja (kebutuhan)",
    "PENGANGGUR": "Penganggur terbuka",
    "TPT": "Tingkat pengangguran terbuka",
    "KEKURANGAN": "Kekurangan tenaga kerja (KK melebihi AK)",
    "PDRB": "PDRB ADHK 2010",
    "PDRB_TUMBUH": "Pertumbuhan PDRB ADHK 2010",
    "PRODUKTIVITAS": "Produktivitas tenaga kerja (PDRB per pekerja)",
    "TAMBAHAN_KK": "Tambahan kesempatan kerja dibanding tahun sebelumnya",
    "KK_TREN": "Kesempatan kerja menurut tren garis lurus (pembanding)",
    "IKN_KK": "Tambahan kesempatan kerja dari modul IKN",
    "IKN_AK": "Tambahan angkatan kerja dari migrasi masuk IKN",
    "KK_PERMINTAAN": "Permintaan tenaga kerja menurut elastisitas (sebelum neraca)",
}

ELASTICITY_FORMS = ("majemuk", "regresi")


def group_key(dimension: str, group: str) -> str:
    """The ``group`` column of a result: ``""`` for the total, else ``"dimensi:kode"``
    (``sektor:F``, ``pendidikan:smp``, ``status:formal``)."""
    return f"{dimension}:{group}" if dimension else ""


# --------------------------------------------------------------------------------------
# Sector scheme
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SectorScheme:
    """Sector codes at three levels of detail and how they nest.

    ``categories``: the 17 PDRB/KBLI 2020 categories (code → name), e.g. ``A``, ``M-N``, ``R-U``.
    ``sections``: the 21 KBLI 2020 sections (letter → category code), e.g. ``M → M-N``.
    ``nine``: the 9 old PDRB sectors (code → name); ``to_nine`` maps each category to one.
    Built from ``data/rtk/sektor.csv`` by :func:`sinergi.documents.rtk_files.load_sector_scheme`.
    """

    categories: Mapping[str, str]
    sections: Mapping[str, str]
    nine: Mapping[str, str]
    to_nine: Mapping[str, str]

    def normalise(self, code: str) -> str | None:
        """A category code, a 9-sector code, or ``None`` when ``code`` is unknown.

        Accepts a KBLI section letter (``N`` → ``M-N``), a category (``R-U``), a group written
        with commas (``R,S,T,U``) and a 9-sector code (``KONSTRUKSI``); case-insensitive.
        """
        text = str(code).strip().upper().replace(" ", "")
        if not text:
            return ""
        cats = {c.upper(): c for c in self.categories}
        if text in cats:
            return cats[text]
        if text in {k.upper() for k in self.sections}:
            return self.sections[next(k for k in self.sections if k.upper() == text)]
        for sep in (",", "-", "/", "&"):
            if sep in text:
                parts = [p for p in text.split(sep) if p]
                mapped = {self.sections.get(p) for p in parts if p in self.sections}
                if len(mapped) == 1 and None not in mapped:
                    return mapped.pop()
        nine = {c.upper(): c for c in self.nine}
        if text in nine:
            return nine[text]
        return None

    def level(self, code: str) -> str:
        """``"17"`` for a category code, ``"9"`` for a 9-sector code, ``""`` otherwise."""
        if code in self.categories:
            return "17"
        if code in self.nine:
            return "9"
        return ""

    def name(self, code: str) -> str:
        return self.categories.get(code) or self.nine.get(code) or code


# --------------------------------------------------------------------------------------
# Input series
# --------------------------------------------------------------------------------------
SERIES_COLUMNS = ["year", "variable", "sector", "value", "source", "note", "caveat"]
GROUP_COLUMNS = ["dimension", "group", "year", "variable", "value", "source", "note"]


def _year_map(d: dict | None) -> dict[int, float]:
    """A year-keyed mapping read back from JSON (keys became strings)."""
    return {int(k): float(v) for k, v in (d or {}).items()}


@dataclass
class RegionSeries:
    """Historical observations of one region, one value per (year, variable, sector).

    ``data`` columns: ``year`` (int), ``variable`` (one of :data:`INPUT_VARIABLES`), ``sector``
    (``""`` for the total, else a sector code), ``value`` (float), ``source`` (URL or file
    reference), ``note`` (free text: vintage, how it was read) and ``caveat`` (a warning; a
    non-empty caveat is repeated in the result's notes whenever the observation is used).

    ``groups`` (optional) holds breakdowns: ``dimension`` (``pendidikan``, ``status``, ``umur``,
    ``jenis_kelamin``, ``kabkota``), ``group``, ``year``, ``variable`` (``PUK``, ``AK``, ``TPAK``
    or ``KK``), ``value``, ``source``, ``note``. Supply breakdowns need PUK and TPAK (or AK) by
    group; demand breakdowns need KK by group in at least one year up to the base year.

    ``PDRB`` is in billions of rupiah (miliar Rp) at constant 2010 prices; only its growth is
    used for the elasticity, the unit matters for productivity (juta Rp per pekerja).
    ``PUK_PROYEKSI`` rows (years after the base year) are a population projection of the
    working-age population; when present they replace the compound-growth PUK path.
    """

    region_code: str
    region_name: str = ""
    data: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SERIES_COLUMNS))
    groups: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=GROUP_COLUMNS))
    sectors: SectorScheme | None = None
    description: str = ""
    #: The province series of a regency/city (for the ladder of method v2), or ``None``.
    parent: RegionSeries | None = None

    def __post_init__(self) -> None:
        self.region_code = str(self.region_code)
        self.data = _normalise_frame(self.data, SERIES_COLUMNS)
        self.groups = _normalise_frame(self.groups, GROUP_COLUMNS)

    # -- construction ------------------------------------------------------------------
    # -- access ------------------------------------------------------------------------
    def total(self, variable: str) -> pd.Series:
        """Year → value of a total (sector ``""``), sorted by year."""
        d = self.data
        d = d[(d["variable"] == variable) & (d["sector"] == "")]
        return pd.Series(d["value"].to_numpy(dtype=float), index=d["year"].to_numpy(dtype=int)).sort_index()

    def by_sector(self, variable: str) -> pd.DataFrame:
        """Years × sectors table of a variable (sectors other than the total)."""
        d = self.data
        d = d[(d["variable"] == variable) & (d["sector"] != "")]
        if d.empty:
            return pd.DataFrame()
        return d.pivot_table(index="year", columns="sector", values="value", aggfunc="first").sort_index()

    def years(self, variable: str, sector: str = "") -> list[int]:
        d = self.data
        return sorted(d[(d["variable"] == variable) & (d["sector"] == sector)]["year"].astype(int).tolist())

    def observation(self, year: int, variable: str, sector: str = "") -> dict | None:
        d = self.data
        hit = d[(d["year"] == year) & (d["variable"] == variable) & (d["sector"] == sector)]
        if hit.empty:
            return None
        return hit.iloc[0].to_dict()

    def truncate(self, last_year: int) -> RegionSeries:
        """A copy with only the observations up to ``last_year`` (for backtests)."""
        d = self.data
        # population projections are kept: the backtest is conditional on demography as on PDRB growth
        keep = d[(d["year"] <= last_year) | (d["variable"] == "PENDUDUK")]
        keep = keep[keep["variable"] != "PUK_PROYEKSI"]
        g = self.groups[self.groups["year"] <= last_year] if len(self.groups) else self.groups
        parent = self.parent.truncate(last_year) if self.parent is not None else None
        return replace(self, data=keep.reset_index(drop=True), groups=g.reset_index(drop=True), parent=parent)

    def with_data(self, rows: pd.DataFrame) -> RegionSeries:
        """A copy whose observations are replaced, key by key, with ``rows``."""
        rows = _normalise_frame(rows, SERIES_COLUMNS)
        keys = set(zip(rows["year"], rows["variable"], rows["sector"], strict=False))
        old = self.data[[k not in keys for k in zip(self.data["year"], self.data["variable"], self.data["sector"], strict=False)]]
        return replace(self, data=pd.concat([old, rows], ignore_index=True))


def _normalise_frame(frame: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame:
    if frame is None:
        frame = pd.DataFrame(columns=columns)
    df = pd.DataFrame(frame).copy()
    for c in columns:
        if c not in df.columns:
            df[c] = "" if c not in ("year", "value") else np.nan
    df = df[columns].copy()
    if len(df):
        df["year"] = df["year"].astype(int)
        df["value"] = df["value"].astype(float)
    else:
        df["year"] = df["year"].astype("int64")
        df["value"] = df["value"].astype(float)
    for c in columns:
        if c not in ("year", "value"):
            df[c] = df[c].map(lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v).strip()).astype(object)
    return df.reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------
@dataclass
class IknParams:
    """Exogenous IKN (Ibu Kota Nusantara) shock, added on top of the elasticity path.

    Per-year levels (the number present in that year, not the yearly increase):

    * ``workers``: IKN workers on site other than relocated civil servants (year → persons);
    * ``spending``: IKN spending located in the region, in Rp trillion per year, turned into
      workers with ``jobs_per_trillion`` (14,000 per Rp 1 trillion, Bappenas 2019);
    * ``asn``: relocated civil servants, TNI/Polri (year → persons), all from outside.

    Only the change against the base year counts (the base year's data already contain the
    IKN workers of that year). ``sector_split`` spreads ``workers`` and spending-based jobs
    over sectors (e.g. ``{"F": 0.8, "G": 0.1, "I": 0.1}``); civil servants go to ``asn_sector``.

    Of the extra non-civil-servant jobs, ``local_share`` is filled by the region's own labour
    force (more KK, same AK); the rest is filled by workers from outside, of whom
    ``settle_share`` become residents (they add to both AK and KK: migration into supply);
    the others (commuters, workers housed outside the survey frame) add to neither.
    Civil servants settle with ``asn_settle_share``. ``dependants_in_labour_force`` adds that
    many job-seeking dependants to AK per settled migrant (default 0: no source).
    ``regions``: region codes the numbers are meant for (empty = any); :func:`project` refuses
    to apply the set to another region.
    """

    name: str = "ikn"
    label: str = "IKN"
    workers: dict[int, float] = field(default_factory=dict)
    spending: dict[int, float] = field(default_factory=dict)
    asn: dict[int, float] = field(default_factory=dict)
    jobs_per_trillion: float = 14000.0
    sector_split: dict[str, float] = field(default_factory=lambda: {"F": 1.0})
    asn_sector: str = "O"
    local_share: float = 0.27
    settle_share: float = 1.0
    asn_settle_share: float = 1.0
    dependants_in_labour_force: float = 0.0
    regions: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    note: str = ""

    def level(self, year: int) -> tuple[float, float, float]:
        """(workers, spending-based workers, civil servants) present in ``year``; a year not
        given takes the nearest earlier given year (0 before the first)."""
        return (
            _step(self.workers, year),
            _step(self.spending, year) * self.jobs_per_trillion,
            _step(self.asn, year),
        )

    def effects(self, base_year: int, years: Iterable[int]) -> pd.DataFrame:
        """Extra KK and AK per projection year and sector, relative to ``base_year``.

        Columns: ``year, sector, jobs, local, migrant_settled, kk_add, ak_add``.
        """
        w0, s0, a0 = self.level(base_year)
        split = _normalised_split(self.sector_split)
        rows = []
        for t in years:
            w, s, a = self.level(t)
            d_jobs = (w + s) - (w0 + s0)
            d_asn = a - a0
            for sec, share in split.items():
                jobs = d_jobs * share
                local = jobs * self.local_share
                settled = jobs * (1 - self.local_share) * self.settle_share
                rows.append((t, sec, jobs, local, settled, local + settled,
                             settled * (1 + self.dependants_in_labour_force)))
            if d_asn:
                settled = d_asn * self.asn_settle_share
                rows.append((t, self.asn_sector, d_asn, 0.0, settled, settled,
                             settled * (1 + self.dependants_in_labour_force)))
        out = pd.DataFrame(rows, columns=["year", "sector", "jobs", "local", "migrant_settled", "kk_add", "ak_add"])
        return out.groupby(["year", "sector"], as_index=False).sum() if len(out) else out

    def part(self, region_code: str, share: float, how: str = "") -> IknParams:
        """The share of IKN that falls in one region (6409 Penajam Paser Utara, 6403 Kutai
        Kartanegara): workers, spending and civil servants × ``share``, coefficients unchanged,
        valid for ``region_code`` only; ``how`` says where the share comes from."""
        return replace(
            self,
            label=f"IKN — bagian wilayah {region_code} ({100 * share:.0f} %)",
            workers={y: v * share for y, v in self.workers.items()},
            spending={y: v * share for y, v in self.spending.items()},
            asn={y: v * share for y, v in self.asn.items()},
            regions=[str(region_code)],
            note=(self.note + " " if self.note else "") + f"Bagian wilayah {region_code}: {100 * share:.1f} % ({how}).".replace(".", ",", 1),
        )

    def to_dict(self) -> dict:
        return {
            "name": self.name, "label": self.label,
            "workers": {int(k): float(v) for k, v in sorted(self.workers.items())},
            "spending_trillion": {int(k): float(v) for k, v in sorted(self.spending.items())},
            "asn": {int(k): float(v) for k, v in sorted(self.asn.items())},
            "jobs_per_trillion": self.jobs_per_trillion,
            "sector_split": dict(self.sector_split), "asn_sector": self.asn_sector,
            "local_share": self.local_share, "settle_share": self.settle_share,
            "asn_settle_share": self.asn_settle_share,
            "dependants_in_labour_force": self.dependants_in_labour_force,
            "regions": list(self.regions),
            "sources": list(self.sources), "note": self.note,
        }

    @classmethod
    def from_dict(cls, d: dict) -> IknParams:
        """The inverse of :meth:`IknParams.to_dict`."""
        return cls(
            name=d.get("name", "ikn"),
            label=d.get("label", "IKN"),
            workers=_year_map(d.get("workers")),
            spending=_year_map(d.get("spending_trillion")),
            asn=_year_map(d.get("asn")),
            jobs_per_trillion=float(d.get("jobs_per_trillion", 14000.0)),
            sector_split={str(k): float(v) for k, v in (d.get("sector_split") or {}).items()},
            asn_sector=d.get("asn_sector", "O") or "O",
            local_share=float(d.get("local_share", 0.27)),
            settle_share=float(d.get("settle_share", 1.0)),
            asn_settle_share=float(d.get("asn_settle_share", 1.0)),
            dependants_in_labour_force=float(d.get("dependants_in_labour_force", 0.0)),
            regions=[str(r) for r in d.get("regions") or []],
            sources=list(d.get("sources") or []),
            note=d.get("note", "") or "",
        )


def _step(values: Mapping[int, float], year: int) -> float:
    if not values:
        return 0.0
    earlier = [y for y in values if y <= year]
    return float(values[max(earlier)]) if earlier else 0.0


def _normalised_split(split: Mapping[str, float]) -> dict[str, float]:
    total = sum(float(v) for v in split.values())
    if total <= 0:
        return {"": 1.0}
    return {k: float(v) / total for k, v in split.items()}


@dataclass
class Scenario:
    """One explicit, stored set of projection assumptions.

    ``growth``: PDRB ADHK growth in percent per year for all sectors (year → %); a year not
    listed takes the nearest listed earlier year (or the first listed year).
    ``sector_growth``: sector code → (year → %) overriding ``growth`` for that sector.
    ``elasticity_form``: ``"majemuk"`` (compound rates over the window) or ``"regresi"``
    (slope of ln KK on ln PDRB). ``window``: ``(A, B)`` elasticity window or ``None`` for
    the default rule. ``puk_growth`` / ``tpak_growth``: optional overrides of the historical
    compound rates (percent per year). ``ikn``: the IKN shock, or ``None`` for none.
    """

    name: str
    label: str = ""
    growth: dict[int, float] = field(default_factory=dict)
    sector_growth: dict[str, dict[int, float]] = field(default_factory=dict)
    elasticity_form: str = "majemuk"
    window: tuple[int, int] | None = None
    puk_growth: float | None = None
    tpak_growth: float | None = None
    ikn: IknParams | None = None
    note: str = ""
    source: str = ""

    @classmethod
    def constant(cls, name: str, growth_pct: float, **kw) -> Scenario:
        """A scenario with the same PDRB growth (percent) every year and sector."""
        return cls(name=name, label=kw.pop("label", name), growth={0: float(growth_pct)}, **kw)

    def growth_for(self, year: int, sector: str = "") -> float:
        """PDRB growth in percent for ``year`` and ``sector``."""
        if sector and sector in self.sector_growth and self.sector_growth[sector]:
            return _lookup_year(self.sector_growth[sector], year)
        if not self.growth:
            raise ValueError(f"Skenario '{self.name}' tidak memuat laju pertumbuhan PDRB.")
        return _lookup_year(self.growth, year)

    def with_growth(self, growth_pct: float) -> Scenario:
        """A copy with the same growth (percent) every year and sector (``--pertumbuhan-pdrb``)."""
        return replace(self, growth={0: float(growth_pct)}, sector_growth={},
                       note=(self.note + " " if self.note else "") + f"Pertumbuhan PDRB ditetapkan {growth_pct} % per tahun untuk semua sektor.")

    def with_ikn(self, ikn: IknParams | None) -> Scenario:
        """A copy with the IKN shock (or without it for ``None``); the name gets ``+ikn``."""
        base = self.name.removesuffix("+ikn")
        if ikn is None:
            return replace(self, name=base, label=self.label.removesuffix(" + IKN"), ikn=None)
        return replace(self, name=f"{base}+ikn", label=f"{self.label or base} + IKN", ikn=ikn)

    def to_dict(self) -> dict:
        return {
            "name": self.name, "label": self.label,
            "growth_pct": {int(k): float(v) for k, v in sorted(self.growth.items())},
            "sector_growth_pct": {s: {int(k): float(v) for k, v in sorted(g.items())} for s, g in self.sector_growth.items()},
            "elasticity_form": self.elasticity_form,
            "window": list(self.window) if self.window else None,
            "puk_growth_pct": self.puk_growth, "tpak_growth_pct": self.tpak_growth,
            "ikn": self.ikn.to_dict() if self.ikn else None,
            "note": self.note, "source": self.source,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Scenario:
        """The inverse of :meth:`Scenario.to_dict` (JSON turned year keys into strings)."""
        window = d.get("window")
        return cls(
            name=d["name"],
            label=d.get("label", "") or "",
            growth=_year_map(d.get("growth_pct")),
            sector_growth={str(s): _year_map(g) for s, g in (d.get("sector_growth_pct") or {}).items()},
            elasticity_form=d.get("elasticity_form") or "majemuk",
            window=(int(window[0]), int(window[1])) if window else None,
            puk_growth=None if d.get("puk_growth_pct") is None else float(d["puk_growth_pct"]),
            tpak_growth=None if d.get("tpak_growth_pct") is None else float(d["tpak_growth_pct"]),
            ikn=IknParams.from_dict(d["ikn"]) if d.get("ikn") else None,
            note=d.get("note", "") or "",
            source=d.get("source", "") or "",
        )


def _lookup_year(values: Mapping[int, float], year: int) -> float:
    if year in values:
        return float(values[year])
    earlier = [y for y in values if y <= year]
    if earlier:
        return float(values[max(earlier)])
    return float(values[min(values)])


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------
@dataclass
class Elasticity:
    """Employment elasticity of one sector (``""`` = total)."""

    sector: str
    value: float
    form: str
    window: tuple[int, int]
    kk_growth: float | None = None  # compound annual rate, fraction (majemuk form)
    pdrb_growth: float | None = None
    fallback: str = ""  # why the aggregate value was used instead, if it was

    def to_dict(self) -> dict:
        return {
            "sector": self.sector, "value": self.value, "form": self.form,
            "window": list(self.window), "kk_growth_pct": None if self.kk_growth is None else 100 * self.kk_growth,
            "pdrb_growth_pct": None if self.pdrb_growth is None else 100 * self.pdrb_growth,
            "fallback": self.fallback,
        }


@dataclass
class ScenarioResult:
    """The projection of one scenario.

    ``table``: long form ``year, variable, group, value`` for the base year and every
    projected year (``group`` ``""`` = total, ``sektor:F``, ``pendidikan:smp`` …).
    """

    scenario: Scenario
    table: pd.DataFrame
    elasticities: list[Elasticity] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.scenario.name

    def value(self, variable: str, year: int, group: str = "") -> float:
        t = self.table
        hit = t[(t["variable"] == variable) & (t["year"] == year) & (t["group"] == group)]
        return float(hit["value"].iloc[0]) if len(hit) else float("nan")

    def series(self, variable: str, group: str = "") -> pd.Series:
        t = self.table
        t = t[(t["variable"] == variable) & (t["group"] == group)]
        return pd.Series(t["value"].to_numpy(dtype=float), index=t["year"].to_numpy(dtype=int), name=variable).sort_index()

    def wide(self, group: str = "") -> pd.DataFrame:
        """Years × variables for one group (default the totals)."""
        t = self.table[self.table["group"] == group]
        w = t.pivot_table(index="year", columns="variable", values="value", aggfunc="first")
        cols = [v for v in OUTPUT_VARIABLES if v in w.columns] + [v for v in w.columns if v not in OUTPUT_VARIABLES]
        return w[cols]

    def groups(self, dimension: str) -> list[str]:
        """Group codes of a dimension present in the table (``sektor``, ``pendidikan`` …)."""
        prefix = dimension + ":"
        return sorted({g[len(prefix):] for g in self.table["group"].unique() if g.startswith(prefix)})


@dataclass
class ProjectionResult:
    """All scenarios of one projection, with everything needed to explain the numbers."""

    region_code: str
    region_name: str
    base_year: int
    end_year: int
    scenarios: dict[str, ScenarioResult]
    window: tuple[int, int]
    supply_window: dict[str, tuple[int, int] | None]
    supply_method: str
    sector_detail: str
    provenance: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    method_version: str = METHOD_VERSION
    #: ``"v2"`` (default method) or ``"sederhana"`` (the first method, sinergi-rtk 1.0).
    method: str = "sederhana"
    #: Method parameters as run (v2: frictional floor, pass-through, damping …).
    params: dict = field(default_factory=dict)
    #: Observed values of projected years (``year, variable, value``), shown beside the projection.
    actuals: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["year", "variable", "value"]))

    @property
    def years(self) -> list[int]:
        """Projected years (base year excluded)."""
        return list(range(self.base_year + 1, self.end_year + 1))

    def __getitem__(self, name: str) -> ScenarioResult:
        return self.scenarios[name]

    def to_long(self, with_actuals: bool = False) -> pd.DataFrame:
        """The HASIL table: ``region_code, year, scenario, variable, group, value, method``
        (``method`` names how each value was produced, :data:`METHOD_NAMES`). With
        ``with_actuals`` the observed values of projected years follow as rows with scenario
        and method ``aktual``."""
        parts = []
        for name, res in self.scenarios.items():
            t = res.table.copy()
            if "method" not in t.columns:
                t["method"] = self.method if self.method == "sederhana" else ""
            t.insert(0, "scenario", name)
            parts.append(t)
        if with_actuals and len(self.actuals):
            a = self.actuals.copy()
            a["scenario"], a["group"], a["method"] = "aktual", "", "aktual"
            parts.append(a)
        cols = ["scenario", "year", "variable", "group", "value", "method"]
        out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
        out.insert(0, "region_code", self.region_code)
        out["year"] = out["year"].astype(int)
        return out[["region_code", "year", "scenario", "variable", "group", "value", "method"]]

    def method_of(self, scenario: str, variable: str, year: int, group: str = "") -> str:
        """The method that produced one value (``""`` when there is no such value)."""
        t = self.scenarios[scenario].table
        if "method" not in t.columns:
            return self.method
        hit = t[(t["variable"] == variable) & (t["year"] == year) & (t["group"] == group)]
        return str(hit["method"].iloc[0]) if len(hit) else ""

    def elasticity_table(self) -> pd.DataFrame:
        rows = []
        for name, res in self.scenarios.items():
            for e in res.elasticities:
                d = e.to_dict()
                d["scenario"] = name
                rows.append(d)
        return pd.DataFrame(rows)

    def parameters(self) -> pd.DataFrame:
        """One row per scenario parameter (for the parameter sheet of the XLSX)."""
        rows = []
        for name, res in self.scenarios.items():
            for key, value in _flatten(res.scenario.to_dict()):
                rows.append({"scenario": name, "parameter": key, "value": value})
        return pd.DataFrame(rows, columns=["scenario", "parameter", "value"])

    def long(self, with_actuals: bool = False) -> pd.DataFrame:
        """The old name of :meth:`to_long` (documents/rtkd still calls it)."""
        return self.to_long(with_actuals)

    @property
    def method_fingerprint(self) -> str:
        """First 16 hex digits of a SHA-256 over every parameter of the run — the method and its
        parameters, each scenario's parameters, the elasticity window and form — like
        :attr:`sinergi.core.ipk.Method.fingerprint`: equal fingerprints on equal data compute equal
        results. Not the version text, which names the method for people."""
        payload = {
            "method": self.method,
            "params": self.params,
            "window": list(self.window),
            "scenarios": {name: res.scenario.to_dict() for name, res in sorted(self.scenarios.items())},
        }
        text = json.dumps(_keys_as_text(payload), sort_keys=True, default=repr)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _keys_as_text(d):
    """``d`` with every mapping key as text, so mixed keys (years and names) sort."""
    if isinstance(d, dict):
        return {str(k): _keys_as_text(v) for k, v in d.items()}
    if isinstance(d, (list, tuple)):
        return [_keys_as_text(v) for v in d]
    return d


def _flatten(d, prefix=""):
    if isinstance(d, dict):
        for k, v in d.items():
            yield from _flatten(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(d, list) and d and isinstance(d[0], (dict, list)):
        for i, v in enumerate(d):
            yield from _flatten(v, f"{prefix}[{i}]")
    else:
        yield prefix, (", ".join(map(str, d)) if isinstance(d, list) else d)


@dataclass
class BacktestResult:
    """A projection from a past base year compared with what happened.

    ``errors``: one row per year, variable and method (``metode``, ``naif_tetap``,
    ``naif_laju``) with ``actual``, ``predicted``, ``error`` (predicted − actual; percentage
    points for rates) and ``pct_error`` (100 × error / actual; empty for rates).
    ``summary``: per variable and method, the mean absolute error and mean absolute
    percentage error over the years that have an actual value.
    ``not_tested``: variable → reason it could not be backtested.
    """

    region_code: str
    base_year: int
    end_year: int
    projection: ProjectionResult
    errors: pd.DataFrame
    summary: pd.DataFrame
    not_tested: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class TargetResult:
    """What it takes to reach a target TPT (goal seek).

    ``table`` per year: ``ak`` (projected supply), ``kk_required`` = AK × (1 − TPT*/100),
    ``kk_projected``, ``kk_gap`` (required − projected), ``growth_required_pct`` (PDRB growth
    that year needed, given the previous year on the required path: (KK*_t/KK*_{t−1} − 1)/E),
    ``growth_projected_pct``. ``uniform_growth_pct``: one constant PDRB growth rate that
    reaches the target in ``target_year`` (``None`` when no rate between −20 % and 50 % does).
    """

    scenario: str
    target_tpt: float
    target_year: int
    elasticity: float
    table: pd.DataFrame
    uniform_growth_pct: float | None
    notes: list[str] = field(default_factory=list)

"""BAB II of the RTKD: the historical tables (2.A.1 … 2.L.1) from observed statistics.

Observations come in the long form of ``data/kaltim/labour.csv`` and ``economy.csv``
(region_code, region, year, month, indicator, value, unit, source_url, note); imported rows in
the same form can be added. Where several rows give the same figure (two sources, two BPS
vintages) one is chosen by the project's single rule, :func:`sinergi.core.stats.choose_preferred`
(the same the web app applies); imported rows win over embedded ones.

Nothing here invents a number: a cell without an observation stays ``None`` and is printed
"data belum tersedia". Ratios that the tables need (productivity = PDRB / employed, the
structure of PDRB = sector / total) are computed from observed numerators and denominators
and say so in the table note.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import pandas as pd

from sinergi.core.regions import PROVINCE_CODE
from sinergi.core.stats import mark_preferred
from sinergi.core.stats.groups import CODE_GROUPS
from sinergi.data import EMBEDDED_STATISTICS, data_path
from sinergi.documents.docx_utils import MISSING, CaptionedTable, Column
from sinergi.documents.rtkd.catalog import BY_CODE, TableSpec
from sinergi.documents.rtkd.sources import SourceBook
from sinergi.documents.rtkd.text import ok
from sinergi.documents.stats_files import curated_preferences

# 17 lapangan usaha of PDRB (KBLI 2020 categories; M–N and R–U grouped as BPS does)
SECTORS: list[tuple[str, str]] = [
    ("A", "Pertanian, Kehutanan dan Perikanan"),
    ("B", "Pertambangan dan Penggalian"),
    ("C", "Industri Pengolahan"),
    ("D", "Pengadaan Listrik dan Gas"),
    ("E", "Pengadaan Air, Pengelolaan Sampah, Limbah dan Daur Ulang"),
    ("F", "Konstruksi"),
    ("G", "Perdagangan Besar dan Eceran; Reparasi Mobil dan Sepeda Motor"),
    ("H", "Transportasi dan Pergudangan"),
    ("I", "Penyediaan Akomodasi dan Makan Minum"),
    ("J", "Informasi dan Komunikasi"),
    ("K", "Jasa Keuangan dan Asuransi"),
    ("L", "Real Estat"),
    ("M,N", "Jasa Perusahaan"),
    ("O", "Administrasi Pemerintahan, Pertahanan dan Jaminan Sosial Wajib"),
    ("P", "Jasa Pendidikan"),
    ("Q", "Jasa Kesehatan dan Kegiatan Sosial"),
    ("R,S,T,U", "Jasa Lainnya"),
]
SECTOR_NAME = dict(SECTORS)

# indicator-name fragments in the embedded data → PDRB category
SECTOR_KEYS = {
    "pertanian": "A", "pertambangan": "B", "industri_pengolahan": "C", "listrik_gas": "D",
    "konstruksi": "F", "perdagangan": "G", "transportasi": "H", "akomodasi_makan_minum": "I",
    "jasa_keuangan": "K", "administrasi_pemerintahan": "O", "jasa_pendidikan": "P",
}

UNIT_SCALE = {
    "million persons": ("persons", 1e6),
    "million IDR per month": ("IDR per month", 1e6),
    "billion IDR": ("trillion IDR", 1e-3),
    "million IDR": ("trillion IDR", 1e-6),
}

@dataclass(frozen=True)
class Obs:
    value: float
    unit: str
    url: str
    note: str = ""


def _read_embedded(parts: tuple[str, ...]) -> pd.DataFrame:
    return pd.read_csv(data_path(*parts), dtype={"region_code": str})


DERIVED_PREFIX = "diturunkan:"


@dataclass(frozen=True)
class Derivation:
    inputs: tuple[str, str]
    op: str  # "+", "-", "%" (first / second × 100), "/%" (first / second% — a count from a rate), "*%" (first × second%)
    label: str

    @property
    def unit(self) -> str | None:
        return "percent" if self.op == "%" else None

    def compute(self, a: float, b: float) -> float | None:
        if self.op == "%":
            return round(a / b * 100, 2) if b else None
        if self.op == "/%":
            return round(a / b * 100) if b else None
        if self.op == "*%":
            return round(a * b / 100)
        return a - b if self.op == "-" else a + b


# (indicator, how it follows from published figures); counts before rates
DERIVATIONS: list[tuple[str, Derivation]] = [
    ("angkatan_kerja", Derivation(("bekerja", "pengangguran"), "+", "angkatan kerja = penduduk bekerja + penganggur")),
    ("angkatan_kerja", Derivation(("penduduk_usia_kerja", "bukan_angkatan_kerja"), "-",
                                  "angkatan kerja = penduduk usia kerja − bukan angkatan kerja")),
    ("penduduk_usia_kerja", Derivation(("angkatan_kerja", "bukan_angkatan_kerja"), "+",
                                       "penduduk usia kerja = angkatan kerja + bukan angkatan kerja")),
    ("pengangguran", Derivation(("angkatan_kerja", "bekerja"), "-", "penganggur = angkatan kerja − penduduk bekerja")),
    ("bekerja", Derivation(("angkatan_kerja", "pengangguran"), "-", "penduduk bekerja = angkatan kerja − penganggur")),
    # from a published rate (rounded to two decimals, so the count is approximate)
    ("angkatan_kerja", Derivation(("pengangguran", "tpt"), "/%", "angkatan kerja ≈ penganggur / TPT × 100")),
    ("pengangguran", Derivation(("angkatan_kerja", "tpt"), "*%", "penganggur ≈ angkatan kerja × TPT / 100")),
    ("angkatan_kerja", Derivation(("penduduk_usia_kerja", "tpak"), "*%", "angkatan kerja ≈ penduduk usia kerja × TPAK / 100")),
    ("bekerja", Derivation(("angkatan_kerja", "pengangguran"), "-", "penduduk bekerja = angkatan kerja − penganggur")),
    ("tpt", Derivation(("pengangguran", "angkatan_kerja"), "%", "TPT = penganggur / angkatan kerja × 100")),
    ("tpak", Derivation(("angkatan_kerja", "penduduk_usia_kerja"), "%",
                        "TPAK = angkatan kerja / penduduk usia kerja × 100")),
]


class Observations:
    """Long-form observations with one preferred value per (region, year, month, indicator)."""

    def __init__(self, frames: Iterable[pd.DataFrame], preferred: Iterable[pd.DataFrame] = ()):
        rows = [frame.assign(_priority=0) for frame in frames]
        # the user's own imported data win over embedded rows for the same figure
        rows += [frame.assign(_priority=1) for frame in preferred]
        data = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
            columns=["region_code", "region", "year", "month", "indicator", "value", "unit", "source_url", "note", "_priority"])
        # one rule for conflicting sources, shared with the web app (sinergi.core.stats)
        data = mark_preferred(data, curated_preferences(), priority_column="_priority")
        # figures named by their code only: a group's figure under a base code (youth TPT = "tpt" +
        # "pemuda") is not the figure of everyone (sinergi.core.stats.groups)
        data = data[(data["kelompok"] == "") | data["indicator"].isin(list(CODE_GROUPS))].reset_index(drop=True)
        scaled = data["unit"].map(lambda u: UNIT_SCALE.get(u))
        mask = scaled.notna()
        data.loc[mask, "value"] = data.loc[mask, "value"] * scaled[mask].map(lambda t: t[1])
        data.loc[mask, "unit"] = scaled[mask].map(lambda t: t[0])
        data["year"] = pd.to_numeric(data["year"], errors="coerce")
        data["month"] = pd.to_numeric(data["month"], errors="coerce")
        self.data = data
        self._index: dict[tuple, Obs] = {}
        for r in data[data["preferred"]].itertuples(index=False):
            y = int(r.year) if pd.notna(r.year) else None
            m = int(r.month) if pd.notna(r.month) else None
            self._index[(r.region_code, y, m, r.indicator)] = Obs(float(r.value), r.unit, r.source_url, r.note)
        self._derive()

    def _derive(self) -> None:
        """Fill a labour-force figure BPS did not publish from the ones it did, by the identities
        AK = bekerja + penganggur and PUK = AK + bukan angkatan kerja (and the rates from the counts),
        so that one figure never appears in one table and is missing from the next. Derived values
        carry their formula in ``Obs.note`` (``DERIVED_PREFIX …``); tables say so in a note."""
        keys = {(r, y, m) for (r, y, m, _) in self._index if y is not None}
        for key in sorted(keys, key=str):
            for _ in range(3):  # a derived figure can feed another
                for target, formula in DERIVATIONS:
                    if (*key, target) in self._index:
                        continue
                    inputs = [self._index.get((*key, name)) for name in formula.inputs]
                    if any(o is None for o in inputs):
                        continue
                    value = formula.compute(*(o.value for o in inputs))
                    if value is None:
                        continue
                    url = next((o.url for o in inputs if o.url), "")
                    self._index[(*key, target)] = Obs(value, inputs[0].unit if formula.unit is None else formula.unit, url,
                                                      f"{DERIVED_PREFIX} {formula.label}")

    @classmethod
    def embedded(cls, extra: Iterable[pd.DataFrame] = (), preferred: Iterable[pd.DataFrame] = ()) -> Observations:
        """The Kaltim statistics shipped with Sinergi, plus ``extra`` rows (chosen by the rule
        above) and ``preferred`` rows (the user's imported data, which win)."""
        return cls([*(_read_embedded(parts) for parts in EMBEDDED_STATISTICS), *extra], preferred=preferred)

    def get(self, indicator: str, year: int | None, region: str = PROVINCE_CODE, month: int | None | str = 8) -> Obs | None:
        """``month``: 8 (August Sakernas), ``None`` (annual / no month), or ``"any"``
        (August first, then annual, then any other month)."""
        region = str(region)
        if month == "any":
            for m in (8, None, 2, 3, 1, 5, 11):
                o = self._index.get((region, year, m, indicator))
                if o is not None:
                    return o
            return None
        return self._index.get((region, year, month, indicator))

    def indicators(self, region: str = PROVINCE_CODE, prefix: str = "") -> set[str]:
        """Indicators of a region in the data (a set per region, computed once: the chapters
        ask hundreds of times)."""
        cache = self.__dict__.setdefault("_indicators", {})
        region = str(region)
        if region not in cache:
            d = self.data
            cache[region] = frozenset(d.loc[d.region_code == region, "indicator"])
        return {i for i in cache[region] if isinstance(i, str) and i.startswith(prefix)}

    def years(self, indicator: str, region: str = PROVINCE_CODE) -> list[int]:
        d = self.data
        ys = d.loc[(d.region_code == str(region)) & (d.indicator == indicator), "year"].dropna()
        return sorted({int(y) for y in ys})


SERIES_INDICATORS = {
    "PUK": ("penduduk_usia_kerja", 8, "persons", 1.0),
    "AK": ("angkatan_kerja", 8, "persons", 1.0),
    "KK": ("bekerja", 8, "persons", 1.0),
    "PENGANGGUR": ("pengangguran", 8, "persons", 1.0),
    "TPAK": ("tpak", 8, "percent", 1.0),
    "PDRB": ("pdrb_adhk2010", None, "trillion IDR", 1e-3),  # series keep miliar Rp
}


def observations_from_series(series) -> pd.DataFrame:
    """Totals of an engine :class:`~sinergi.core.rtk.RegionSeries` (e.g. a ``--data`` file)
    in the long observation form, so BAB II shows the same figures the projection used."""
    d = series.data
    rows = []
    for r in d[d["sector"] == ""].itertuples():
        spec = SERIES_INDICATORS.get(r.variable)
        if spec is None:
            continue
        ind, month, unit, scale = spec
        rows.append({"region_code": series.region_code, "region": series.region_name, "year": int(r.year),
                     "month": month, "indicator": ind, "value": float(r.value) * scale, "unit": unit,
                     "source_url": str(r.source or ""), "note": str(r.note or "")})
    return pd.DataFrame(rows, columns=["region_code", "region", "year", "month", "indicator", "value", "unit",
                                       "source_url", "note"])


@lru_cache(maxsize=1)
def _regions() -> pd.DataFrame:
    """The shipped region list, read once per process (a document asks for it dozens of times)."""
    with resources.files("sinergi.data").joinpath("kaltim/regions.csv").open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype={"code": str})


def regions() -> pd.DataFrame:
    return _regions().copy()


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    kinds = {"provinsi": "Provinsi", "kota": "Kota", "kabupaten": "Kabupaten"}
    r = _regions()
    return {c: kinds[t] + " " + n for c, t, n in zip(r.code, r.type, r.name, strict=True)}


def region_label(code: str) -> str:
    """'Provinsi Kalimantan Timur', 'Kota Samarinda', 'Kabupaten Paser'."""
    return _labels()[str(code)]


def kabkota_codes() -> list[tuple[str, str]]:
    r = regions()
    r = r[r.type != "provinsi"]
    return [(c, ("Kota " if t == "kota" else "Kab. ") + n) for c, n, t in zip(r.code, r.name, r.type, strict=False)]


# ---------------------------------------------------------------------------
# table construction
# ---------------------------------------------------------------------------

@dataclass
class Built:
    """A table plus what the narrative needs from it."""

    table: CaptionedTable
    urls: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.table.placeholder


def year_columns(label: str, years: list[int], kind: str) -> list[Column]:
    return [Column(label, "text")] + [Column(str(y), kind) for y in years]


def placeholder(spec: TableSpec, what: str = "") -> CaptionedTable:
    """A table we have no data for: code and title stay, one row says where to get it."""
    lead = f"{MISSING} — perlu dilengkapi dari {spec.provider}"
    if what:
        lead += f" ({what})"
    return CaptionedTable(
        code=spec.code, title=spec.title, columns=[Column("Keterangan", "text")], rows=[[lead]],
        sources=[f"Belum ada data yang terhimpun; penyedia data: {spec.provider}."], placeholder=True)


class HistoryTables:
    """Builds the BAB II tables for one region and a window of historical years."""

    def __init__(self, obs: Observations, region: str, years: list[int], sources: SourceBook,
                 is_province: bool):
        self.obs = obs
        self.region = str(region)
        self.years = list(years)
        self.sources = sources
        self.is_province = is_province
        self._urls: list[str] = []
        self._derived: dict[str, list[tuple[str, int]]] = {}  # formula → (place, year) of derived figures in the table

    # -- helpers ----------------------------------------------------------
    def v(self, indicator: str, year: int | None, region: str | None = None, month=8) -> float | None:
        o = self.obs.get(indicator, year, region or self.region, month)
        if o is None:
            return None
        self._urls.append(o.url)
        if o.note.startswith(DERIVED_PREFIX):
            where = region_label(region) if region else ""  # a row of another region (kab/kota tables) names it
            self._derived.setdefault(o.note[len(DERIVED_PREFIX):].strip(), []).append((where, year))
        return o.value

    def row(self, label: str, indicator: str, region: str | None = None, month=8, years=None) -> list:
        return [label] + [self.v(indicator, y, region, month) for y in (years or self.years)]

    def _finish(self, code: str, columns: list[Column], rows: list[list], lead: str, notes=(),
                bold_last: bool = False, facts: dict | None = None, missing_hint: str = "",
                row_kinds: dict[int, str] | None = None) -> Built:
        spec = BY_CODE[code]
        urls, self._urls = self._urls, []
        derived, self._derived = self._derived, {}
        has_data = any(ok(v) for r in rows for v in r[1:])
        if not has_data:
            return Built(placeholder(spec, missing_hint), [], facts or {})
        notes = list(notes)
        for formula, cells in derived.items():
            by_place: dict[str, list[int]] = {}
            for where, y in cells:
                if y is not None:
                    by_place.setdefault(where, []).append(y)
            what = "; ".join(f"{where + ' ' if where else ''}{', '.join(map(str, sorted(set(ys))))}"
                             for where, ys in by_place.items())
            notes.append(f"Angka {what} tidak diterbitkan langsung; dihitung dari angka BPS yang terbit: {formula}.")
        if any(not ok(v) for r in rows for v in r[1:]):
            notes.append(f"Sel '{MISSING}': lengkapi dari {spec.provider}.")
        t = CaptionedTable(code=code, title=spec.title, columns=columns, rows=rows,
                           sources=[self.sources.line(urls, lead)], notes=notes,
                           bold_rows={len(rows) - 1} if bold_last else set(), row_kinds=row_kinds or {})
        return Built(t, urls, facts or {})

    def breakdown_missing_row(self, what: str) -> list:
        return [f"Rincian menurut {what}"] + [None] * len(self.years)

    # -- 2.A economy ------------------------------------------------------
    def sector_level(self, letter: str, year: int) -> float | None:
        for ind in self.obs.indicators(self.region, "pdrb_adhk2010_"):
            parts = ind.split("_")
            if len(parts) > 2 and parts[2] == letter:
                return self.v(ind, year, month=None)
        return None

    def sector_growth_obs(self, letter: str, year: int) -> float | None:
        for key, lab in SECTOR_KEYS.items():
            if lab == letter and self.obs.get(f"growth_sector_{key}", year, self.region, None):
                return self.v(f"growth_sector_{key}", year, month=None)
        return None

    def t_2A1(self) -> Built:
        rows = []
        for letter, name in SECTORS:
            vals = []
            for y in self.years:
                g = self.sector_growth_obs(letter, y)
                if g is None:
                    a, b = self.sector_level(letter, y - 1), self.sector_level(letter, y)
                    g = (b / a - 1) * 100 if ok(a) and ok(b) and a else None
                vals.append(g)
            rows.append([f"{letter} {name}"] + vals)
        total = [self.v("growth_pdrb_adhk", y, month=None) for y in self.years]
        rows.append(["PDRB"] + total)
        facts = {"growth": dict(zip(self.years, total, strict=False))}
        return self._finish("2.A.1", year_columns("Lapangan Usaha", self.years, "pct"), rows,
                            "BPS, PDRB menurut Lapangan Usaha ADHK 2010",
                            notes=["Laju sektor dihitung dari nilai ADHK 2010 tahun berurutan bila laju resminya tidak tercatat."],
                            bold_last=True, facts=facts)

    def t_2A2(self) -> Built:
        rows = []
        for letter, name in SECTORS:
            vals = []
            for y in self.years:
                lvl = self.sector_level(letter, y)
                tot = self.v("pdrb_adhk2010", y, month=None) if ok(lvl) else None
                vals.append(lvl / tot * 100 if ok(lvl) and ok(tot) and tot else None)
            rows.append([f"{letter} {name}"] + vals)
        levels = [self.v("pdrb_adhk2010", y, month=None) for y in self.years]
        rows.append(["PDRB ADHK 2010 (Rp triliun)"] + levels)
        # structure table shows percent rows and a level row: give the level row its own format
        cols = year_columns("Lapangan Usaha", self.years, "pct")
        return self._finish("2.A.2", cols, rows, "BPS, PDRB menurut Lapangan Usaha ADHK 2010",
                            notes=["Persentase = nilai ADHK 2010 lapangan usaha dibagi PDRB total tahun yang sama; "
                                   "baris terakhir dalam Rp triliun."],
                            bold_last=True, facts={"pdrb": dict(zip(self.years, levels, strict=False))},
                            row_kinds={len(rows) - 1: "dec2"})

    def t_2B1(self) -> Built:
        return Built(placeholder(BY_CODE["2.B.1"], "jumlah SD, SMP, SMA, SMK dan perguruan tinggi negeri/swasta"))

    def t_2B2(self) -> Built:
        return Built(placeholder(BY_CODE["2.B.2"], "nilai realisasi PMA/PMDN, jumlah proyek dan tenaga kerja per sektor"))

    # -- 2.C–2.E supply ------------------------------------------------------
    def _total_with_breakdown(self, code: str, what: str, label: str, indicator: str, kind: str,
                              lead: str, extra_rows: list[list] | None = None) -> Built:
        rows = [self.breakdown_missing_row(what)] + (extra_rows or []) + [self.row(label, indicator)]
        return self._finish(code, year_columns("Uraian", self.years, kind), rows, lead, bold_last=True,
                            missing_hint=f"rincian menurut {what}")

    def _kabkota(self, code: str, indicator: str, kind: str, lead: str) -> Built:
        rows = [self.row(name, indicator, region=c) for c, name in kabkota_codes()]
        rows.append(self.row("Kalimantan Timur", indicator, region=PROVINCE_CODE))
        return self._finish(code, year_columns("Kabupaten/Kota", self.years, kind), rows, lead, bold_last=True)

    SAK = "BPS, Sakernas Agustus"

    def t_2C(self) -> list[Built]:
        out = [self._total_with_breakdown("2.C.1", "golongan umur", "Penduduk usia kerja (15+)",
                                          "penduduk_usia_kerja", "int", self.SAK),
               self._total_with_breakdown("2.C.2", "pendidikan", "Penduduk usia kerja (15+)",
                                          "penduduk_usia_kerja", "int", self.SAK),
               self._total_with_breakdown("2.C.3", "jenis kelamin", "Penduduk usia kerja (15+)",
                                          "penduduk_usia_kerja", "int", self.SAK)]
        if self.is_province:
            out.append(self._kabkota("2.C.4", "penduduk_usia_kerja", "int", self.SAK))
        return out

    def t_2D(self) -> list[Built]:
        out = [self._total_with_breakdown("2.D.1", "golongan umur", "TPAK (persen)", "tpak", "pct", self.SAK),
               self._total_with_breakdown("2.D.2", "pendidikan", "TPAK (persen)", "tpak", "pct", self.SAK)]
        rows = [self.row("Laki-laki", "tpak_male"), self.row("Perempuan", "tpak_female"), self.row("Total", "tpak")]
        out.append(self._finish("2.D.3", year_columns("Jenis Kelamin", self.years, "pct"), rows, self.SAK, bold_last=True))
        if self.is_province:
            out.append(self._kabkota("2.D.4", "tpak", "pct", self.SAK))
        return out

    def t_2E(self) -> list[Built]:
        out = [self._total_with_breakdown("2.E.1", "golongan umur", "Angkatan kerja", "angkatan_kerja", "int", self.SAK),
               self._total_with_breakdown("2.E.2", "pendidikan", "Angkatan kerja", "angkatan_kerja", "int", self.SAK)]
        rows = [["Laki-laki"] + [None] * len(self.years), ["Perempuan"] + [None] * len(self.years),
                self.row("Total", "angkatan_kerja")]
        out.append(self._finish("2.E.3", year_columns("Jenis Kelamin", self.years, "int"), rows, self.SAK, bold_last=True))
        if self.is_province:
            out.append(self._kabkota("2.E.4", "angkatan_kerja", "int", self.SAK))
        return out

    # -- 2.F employed --------------------------------------------------------
    def t_2F(self) -> list[Built]:
        out = []
        # 2.F.1 shares by sector (the embedded data carry shares, not full counts)
        rows = []
        for letter, name in SECTORS:
            keys = [k for k, lab in SECTOR_KEYS.items() if lab == letter]
            vals = []
            for y in self.years:
                val = None
                for k in keys:
                    if self.obs.get(f"emp_share_{k}", y, self.region, 8):
                        val = self.v(f"emp_share_{k}", y)
                        break
                vals.append(val)
            rows.append([f"{letter} {name} (%)"] + vals)
        rows.append(self.row("Jumlah penduduk bekerja (orang)", "bekerja"))
        cols = year_columns("Lapangan Usaha", self.years, "dec2")
        out.append(self._finish("2.F.1", cols, rows, self.SAK, bold_last=True, row_kinds={len(rows) - 1: "int"},
                                notes=["Baris lapangan usaha berisi persentase terhadap seluruh penduduk bekerja "
                                       "(BPS umumnya hanya merilis tiga lapangan usaha terbesar); baris terakhir dalam orang."]))
        out.append(self._total_with_breakdown("2.F.2", "golongan umur", "Penduduk bekerja", "bekerja", "int", self.SAK))
        edu = [("SD ke bawah", "emp_edu_sd_kebawah"), ("SMP", "emp_edu_smp"), ("SMA/SMK", "emp_edu_sma_smk"),
               ("Diploma I/II/III", "emp_edu_diploma"), ("Universitas", "emp_edu_universitas")]
        rows = [self.row(lab, i) for lab, i in edu] + [self.row("Jumlah", "bekerja")]
        edu_facts = {lab: dict(zip(self.years, r[1:], strict=False)) for (lab, _), r in zip(edu, rows, strict=False)}
        out.append(self._finish("2.F.3", year_columns("Pendidikan", self.years, "int"), rows, self.SAK,
                                bold_last=True, facts={"edu": edu_facts},
                                missing_hint="penduduk bekerja menurut pendidikan"))
        rows = [["Laki-laki"] + [None] * len(self.years), ["Perempuan"] + [None] * len(self.years),
                self.row("Total", "bekerja")]
        out.append(self._finish("2.F.4", year_columns("Jenis Kelamin", self.years, "int"), rows, self.SAK, bold_last=True))
        rows = [self.row("Pekerja formal (%)", "formal_share"), self.row("Pekerja informal (%)", "informal_share"),
                self.row("Buruh/karyawan/pegawai (%)", "status_buruh_karyawan_share"),
                self.row("Berusaha sendiri (%)", "status_berusaha_sendiri_share"),
                self.row("Pekerja formal (orang)", "formal_workers"),
                self.row("Pekerja informal (orang)", "informal_workers")]
        out.append(self._finish("2.F.5", year_columns("Status Pekerjaan Utama", self.years, "dec2"), rows, self.SAK,
                                row_kinds={4: "int", 5: "int"},
                                notes=["Formal = berusaha dibantu buruh tetap dan buruh/karyawan/pegawai (definisi BPS)."]))
        out.append(Built(placeholder(BY_CODE["2.F.6"], "penduduk bekerja menurut jabatan KBJI 2014")))
        rows = [self.row("Bekerja < 35 jam/minggu (orang, Februari)", "workers_lt35h", month=2),
                self.row("Bekerja ≥ 35 jam/minggu (orang, Februari)", "workers_ge35h", month=2),
                self.row("Setengah penganggur (% penduduk bekerja)", "setengah_penganggur_share"),
                self.row("Pekerja paruh waktu (% penduduk bekerja)", "pekerja_paruh_waktu_share")]
        out.append(self._finish("2.F.7", year_columns("Jam Kerja", self.years, "dec2"), rows, self.SAK,
                                row_kinds={0: "int", 1: "int"}))
        if self.is_province:
            out.append(self._kabkota("2.F.8", "bekerja", "int", self.SAK))
        return out

    # -- 2.G unemployment ----------------------------------------------------
    def t_2G(self) -> list[Built]:
        out = [self._total_with_breakdown("2.G.1", "golongan umur", "Penganggur", "pengangguran", "int", self.SAK),
               self._total_with_breakdown("2.G.2", "golongan umur", "TPT (persen)", "tpt", "pct", self.SAK),
               self._total_with_breakdown("2.G.3", "pendidikan", "Penganggur", "pengangguran", "int", self.SAK)]
        edu = [("SD ke bawah", "tpt_edu_sd_kebawah"), ("SMP ke bawah", "tpt_edu_smp_kebawah"), ("SMP", "tpt_edu_smp"),
               ("SMA umum", "tpt_edu_sma"), ("SMK", "tpt_edu_smk"), ("SMA/SMK (gabungan)", "tpt_edu_sma_smk"),
               ("Universitas", "tpt_edu_universitas"), ("Perguruan tinggi (gabungan)", "tpt_edu_perguruan_tinggi")]
        rows = [self.row(lab, i) for lab, i in edu]
        rows = [r for r in rows if any(ok(x) for x in r[1:])] or [self.breakdown_missing_row("pendidikan")]
        rows.append(self.row("Total", "tpt"))
        facts = {"tpt_edu": {r[0]: dict(zip(self.years, r[1:], strict=False)) for r in rows[:-1]}}
        out.append(self._finish("2.G.4", year_columns("Pendidikan", self.years, "pct"), rows, self.SAK,
                                bold_last=True, facts=facts,
                                notes=["BPS memakai pengelompokan pendidikan yang berbeda antartahun; baris gabungan "
                                       "ditampilkan sebagaimana dirilis."]))
        rows = [["Laki-laki"] + [None] * len(self.years), ["Perempuan"] + [None] * len(self.years),
                self.row("Total", "pengangguran")]
        out.append(self._finish("2.G.5", year_columns("Jenis Kelamin", self.years, "int"), rows, self.SAK, bold_last=True))
        rows = [self.row("Laki-laki", "tpt_male"), self.row("Perempuan", "tpt_female"), self.row("Total", "tpt")]
        out.append(self._finish("2.G.6", year_columns("Jenis Kelamin", self.years, "pct"), rows, self.SAK, bold_last=True,
                                facts={"tpt_sex": {r[0]: dict(zip(self.years, r[1:], strict=False)) for r in rows}}))
        if self.is_province:
            out.append(self._kabkota("2.G.7", "pengangguran", "int", self.SAK))
            b = self._kabkota("2.G.8", "tpt", "pct", self.SAK)
            b.facts["tpt_kab"] = {r[0]: dict(zip(self.years, r[1:], strict=False)) for r in b.table.rows[:-1]}
            out.append(b)
        return out

    # -- 2.H–2.L -----------------------------------------------------------------
    def _emp_share(self, letter: str, year: int) -> float | None:
        for k, lab in SECTOR_KEYS.items():
            if lab == letter and self.obs.get(f"emp_share_{k}", year, self.region, 8) is not None:
                return self.v(f"emp_share_{k}", year)
        return None

    def t_2H(self) -> Built:
        rows = []
        for letter, name in SECTORS:
            vals = []
            for y in self.years:
                has_share = any(self.obs.get(f"emp_share_{k}", y, self.region, 8) is not None
                                for k, lab in SECTOR_KEYS.items() if lab == letter)
                has_level = any(self.obs.get(i, y, self.region, None) is not None
                                for i in self.obs.indicators(self.region, f"pdrb_adhk2010_{letter}_"))
                if not (has_share and has_level and self.obs.get("bekerja", y, self.region, 8)):
                    vals.append(None)
                    continue
                lvl, share, emp = self.sector_level(letter, y), self._emp_share(letter, y), self.v("bekerja", y)
                # Rp trillion → Rp million per worker
                vals.append(lvl * 1e6 / (share / 100 * emp) if share else None)
            rows.append([f"{letter} {name}"] + vals)
        total = []
        for y in self.years:
            if self.obs.get("pdrb_adhk2010", y, self.region, None) and self.obs.get("bekerja", y, self.region, 8):
                total.append(self.v("pdrb_adhk2010", y, month=None) * 1e6 / self.v("bekerja", y))
            else:
                total.append(None)
        rows.append(["Total"] + total)
        return self._finish("2.H.1", year_columns("Lapangan Usaha", self.years, "dec1"), rows,
                            "BPS, PDRB ADHK 2010 dan Sakernas Agustus, diolah",
                            notes=["Produktivitas = PDRB ADHK 2010 dibagi jumlah penduduk bekerja (juta rupiah per pekerja per tahun); "
                                   "per lapangan usaha hanya bila PDRB sektor dan pangsa pekerjanya tercatat pada tahun yang sama."],
                            bold_last=True, facts={"prod": dict(zip(self.years, total, strict=False))})

    def t_2I(self) -> Built:
        ys = self.years
        rows = [["Kapasitas terpasang BLK (orang per tahun)"] + [None] * len(ys),
                ["Jumlah instruktur (orang)"] + [None] * len(ys),
                self.row("Target peserta pelatihan BLKI provinsi (orang)", "blk_training_target_participants", month=None),
                self.row("Pendaftar pelatihan BLKI gelombang I (orang)", "blk_training_applicants_wave1", month=3),
                self.row("Peserta pelatihan BLKI gelombang I (orang)", "blk_training_participants_wave1", month=3),
                self.row("Peserta pelatihan program kabupaten (orang)", "trained_workers_kab_program", month=None),
                ["Lulusan pelatihan (orang)"] + [None] * len(ys)]
        return self._finish("2.I.1", year_columns("Uraian", ys, "int"), rows,
                            "Disnakertrans Kalimantan Timur (BLKI Balikpapan dan Bontang)",
                            notes=["Target bukan realisasi; lulusan dan kapasitas terpasang belum tercatat."])

    def t_2J(self) -> Built:
        return Built(placeholder(BY_CODE["2.J.1"], "pencari kerja terdaftar, lowongan, penempatan, bursa kerja dan pengantar kerja per tahun"))

    def t_2K1(self) -> Built:
        ys = self.years
        rows = [["Mediator hubungan industrial (orang)"] + [None] * len(ys),
                ["Peraturan perusahaan (PP) disahkan"] + [None] * len(ys),
                ["Perjanjian kerja bersama (PKB) terdaftar"] + [None] * len(ys),
                ["Serikat pekerja/serikat buruh"] + [None] * len(ys),
                ["LKS bipartit"] + [None] * len(ys),
                self.row("Perusahaan terdaftar WLKP (aktif)", "companies_wlkp_active", month="any"),
                self.row("Peserta aktif BPJS Ketenagakerjaan (orang)", "bpjstk_active_participants", month="any"),
                self.row("Kasus kecelakaan kerja (JKK), Januari–Agustus", "work_accident_cases_jan_aug", month="any")]
        return self._finish("2.K.1", year_columns("Uraian", ys, "int"), rows,
                            "Disnakertrans Kalimantan Timur, BPJS Ketenagakerjaan dan Kemnaker",
                            notes=["Peserta BPJS Ketenagakerjaan dicatat per Maret 2023 dan Februari 2025 (bulan rilis berbeda)."])

    def wage_years(self, until: int, span: int = 6) -> list[int]:
        """The last ``span`` years up to the latest decided UMP (never beyond ``until``)."""
        last = min(until, max([y for y in self.obs.years("ump", PROVINCE_CODE)] + [self.years[-1]]))
        return list(range(last - span + 1, last + 1))

    def t_2K2(self, until: int) -> Built:
        ys = self.wage_years(until)
        rows = [["UMP Kalimantan Timur"] + [self.v("ump", y, PROVINCE_CODE, None) for y in ys]]
        kab = kabkota_codes() if self.is_province else [(c, n) for c, n in kabkota_codes() if c == self.region]
        for c, name in kab:
            rows.append([f"UMK {name}"] + [self.v("umk", y, c, None) for y in ys])
        rows.append(["Rata-rata upah bersih buruh/karyawan (Sakernas Agustus)"]
                    + [self.v("avg_net_wage_employees", y, PROVINCE_CODE, 8) for y in ys])
        ump = dict(zip(ys, rows[0][1:], strict=False))
        b = self._finish("2.K.2", year_columns("Upah", ys, "rp"), rows,
                         "Keputusan Gubernur Kalimantan Timur tentang UMP/UMK dan BPS (Sakernas)",
                         notes=["Upah minimum berlaku mulai 1 Januari tahun yang tertera; tahun sesudah tahun dasar "
                                "ditampilkan bila sudah ditetapkan."],
                         facts={"ump": ump})
        return b

    def t_2L(self) -> Built:
        ys = self.years
        rows = [self.row("Perusahaan terdaftar WLKP (aktif)", "companies_wlkp_active", month="any"),
                ["Perusahaan yang diperiksa"] + [None] * len(ys),
                ["Pegawai pengawas ketenagakerjaan (orang)"] + [None] * len(ys),
                self.row("Perusahaan penerima penghargaan zero accident", "k3_award_zero_accident_companies", month="any"),
                self.row("Perusahaan penerima penghargaan SMK3", "k3_award_smk3_companies", month="any")]
        return self._finish("2.L.1", year_columns("Uraian", ys, "int"), rows,
                            "Disnakertrans Kalimantan Timur dan Kemnaker (WLKP)",
                            notes=["Sejak UU 23/2014 pengawasan ketenagakerjaan menjadi kewenangan provinsi."])

    def all(self, wage_until: int) -> list[Built]:
        out = [self.t_2A1(), self.t_2A2(), self.t_2B1(), self.t_2B2()]
        out += self.t_2C() + self.t_2D() + self.t_2E() + self.t_2F() + self.t_2G()
        out += [self.t_2H(), self.t_2I(), self.t_2J(), self.t_2K1(), self.t_2K2(wage_until), self.t_2L()]
        return out

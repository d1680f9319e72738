"""Files around the RTK engine: embedded Kaltim data and stored parameter sets in, user data
(``--data``, the BPS sector-table template) in, HASIL (CSV/XLSX) out.

* :func:`kaltim_series` — the embedded Kaltim statistics (``data/kaltim``) as a
  :class:`~sinergi.core.rtk.RegionSeries`, choosing one value per year and variable
  (August Sakernas; revised BPS vintages over original ones; exact counts over rounded ones)
  and marking caveats (pre-revision, early vintage, provisional, derived).
* :func:`load_scenarios`, :func:`load_ikn`, :func:`load_sector_scheme` — ``data/rtk``.
* :func:`read_data` — a ``--data`` file: long form ``region_code,year,variable,sector,value``
  or a filled import template; every problem is reported at once.
* :func:`write_template` / :func:`read_template` — the XLSX import template for the BPS
  tables (totals, 17-sector employment, 17-sector PDRB ADHK 2010).
* :func:`write_result` / :func:`write_backtest` — HASIL as CSV (long form) or XLSX (long form,
  a sheet per scenario, elasticities, parameters, sources, notes).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from sinergi.core.columns import spellings
from sinergi.core.numbers import is_blank, parse_number
from sinergi.core.problems import Problem, ProblemList, ValidationFailed
from sinergi.core.regions import PROVINCE_CODE
from sinergi.core.rtk import (
    LABELS,
    UNITS,
    BacktestResult,
    IknParams,
    ProjectionResult,
    RegionSeries,
    Scenario,
    SectorScheme,
)
from sinergi.core.rtk.inputs import LONG_COLUMNS, check_long_rows, template_values
from sinergi.documents.stats_files import embedded_observations
from sinergi.documents.tables import read_table, read_tables
from sinergi.documents.xlsx import write_sheets

LABOUR_MAP = {
    "penduduk_usia_kerja": "PUK",
    "angkatan_kerja": "AK",
    "bekerja": "KK",
    "pengangguran": "PENGANGGUR",
    "tpak": "TPAK",
}
EDUCATION = ("sd_kebawah", "smp", "sma_smk", "diploma", "universitas")
TEMPLATE_SHEETS = ("Wilayah", "Total", "KK_Sektor", "PDRB_Sektor")


def _data_file(*parts: str):
    return resources.files("sinergi.data").joinpath(*parts)


def _read_csv(*parts: str) -> pd.DataFrame:
    with _data_file(*parts).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


# --------------------------------------------------------------------------------------
# Stored parameter sets
# --------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def load_sector_scheme() -> SectorScheme:
    """The sector list of ``data/rtk/sektor.csv``: 17 categories, 21 KBLI 2020 sections, 9 sectors."""
    d = _read_csv("rtk", "sektor.csv")
    cats = {r.code: r.name for r in d[d["level"] == "17"].itertuples()}
    nine = {r.code: r.name for r in d[d["level"] == "9"].itertuples()}
    sections = {r.code: r.parent for r in d[d["level"] == "kbli"].itertuples()}
    to_nine = {r.code: r.parent for r in d[d["level"] == "17"].itertuples()}
    return SectorScheme(categories=cats, sections=sections, nine=nine, to_nine=to_nine)


def load_scenarios() -> dict[str, Scenario]:
    """The stored scenarios (``data/rtk/scenarios.csv``): moderat, optimis, pesimis."""
    d = _read_csv("rtk", "scenarios.csv")
    out: dict[str, Scenario] = {}
    for name, g in d.groupby("scenario", sort=False):
        growth, sector_growth, form, window, notes, sources = {}, {}, "majemuk", None, [], []
        for r in g.itertuples():
            if r.note and not r.note.startswith("sama dengan"):
                notes.append(r.note)
            if r.source:
                sources.append(r.source)
            if r.parameter == "pertumbuhan_pdrb":
                target = sector_growth.setdefault(r.sector, {}) if r.sector else growth
                target[int(r.year)] = float(r.value)
            elif r.parameter == "bentuk_elastisitas" and r.value:
                form = r.value
            elif r.parameter == "jendela_elastisitas" and r.value:
                window = parse_window(r.value)
        out[name] = Scenario(name=name, label=g["label"].iloc[0], growth=growth, sector_growth=sector_growth,
                             elasticity_form=form, window=window, note=" ".join(notes), source=" ; ".join(sources))
    return out


def load_ikn(region_code: str = PROVINCE_CODE) -> IknParams:
    """The default IKN parameter set (``data/rtk/ikn.csv``) — an assumption citing IKN.md's sources.

    For Penajam Paser Utara (6409) and Kutai Kartanegara (6403), where IKN lies, the set is
    their part of it: the share of each in the two regencies' combined population increase
    2020–2035 of the BPS SP2020-based projection (which BPS says carries the IKN inflow).
    Any other code gets the province set (which the engine refuses for a regency/city)."""
    shipped = _load_ikn()
    code = str(region_code)
    if code not in ("6409", "6403"):
        return shipped
    inc = {}
    for c in ("6409", "6403"):
        pop = kaltim_series(c).total("PENDUDUK")
        inc[c] = float(pop[pop.index.max()] - pop[2020]) if 2020 in pop.index and pop.index.max() > 2020 else 0.0
    total = sum(inc.values())
    share = inc[code] / total if total > 0 else 0.5
    how = ("pangsa pertambahan penduduk 2020–2035 menurut proyeksi BPS hasil SP2020 di antara PPU dan Kukar"
           if total > 0 else "dibagi rata, proyeksi penduduk tidak tersedia")
    return shipped.part(code, share, how)


def _load_ikn() -> IknParams:
    d = _read_csv("rtk", "ikn.csv")
    p = IknParams(name="ikn", label="IKN", workers={}, spending={}, asn={}, sector_split={})
    sources, notes = [], []
    for r in d.itertuples():
        if r.source:
            sources.extend(s.strip() for s in r.source.split(" ; ") if s.strip())
        if r.parameter == "label":
            p.label = r.value
            notes.append(r.note)
        elif r.parameter == "pekerja":
            p.workers[int(r.year)] = float(r.value)
        elif r.parameter == "belanja_triliun":
            p.spending[int(r.year)] = float(r.value)
        elif r.parameter == "asn":
            p.asn[int(r.year)] = float(r.value)
        elif r.parameter == "pekerja_per_triliun":
            p.jobs_per_trillion = float(r.value)
        elif r.parameter == "porsi_lokal":
            p.local_share = float(r.value)
        elif r.parameter == "porsi_menetap":
            p.settle_share = float(r.value)
        elif r.parameter == "porsi_menetap_asn":
            p.asn_settle_share = float(r.value)
        elif r.parameter == "tanggungan_ak":
            p.dependants_in_labour_force = float(r.value)
        elif r.parameter == "pembagian_sektor":
            p.sector_split[r.sector] = float(r.value)
        elif r.parameter == "sektor_asn":
            p.asn_sector = r.sector
        elif r.parameter == "wilayah":
            p.regions = [c.strip() for c in r.value.split() if c.strip()]
    p.sources = list(dict.fromkeys(sources))
    p.note = " ".join(n for n in notes if n)
    return p


def parse_window(text: str) -> tuple[int, int]:
    """``"2021-2024"`` (also with an en dash or a slash) → ``(2021, 2024)``; ValueError otherwise."""
    m = re.fullmatch(r"\s*(\d{4})\s*[-–/:]\s*(\d{4})\s*", str(text))
    if not m:
        raise ValueError(f"jendela '{text}' bukan bentuk TAHUN-TAHUN (mis. 2021-2024)")
    a, b = int(m.group(1)), int(m.group(2))
    if a >= b:
        raise ValueError(f"jendela '{text}': tahun awal harus sebelum tahun akhir")
    return a, b


# --------------------------------------------------------------------------------------
# Embedded Kaltim data
# --------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def region_names() -> dict[str, str]:
    d = _read_csv("kaltim", "regions.csv")
    return dict(zip(d["code"], d["name"], strict=False))


def _caveat(note: str) -> str:
    n = note.lower()
    parts = []
    if "pre-revision" in n or n.startswith("original") or "original sp2010" in n:
        parts.append("angka pra-revisi (bobot lama); angka revisi tidak ditemukan")
    if "early vintage" in n:
        parts.append("vintage awal (belum revisi)")
    if "provisional" in n:
        parts.append("angka sementara")
    if "mirror" in n:
        parts.append("dari situs cermin artikel ANTARA (keyakinan lebih rendah)")
    if "chart" in n:
        parts.append("dibaca dari grafik")
    return "; ".join(parts)


def _pick(rows: pd.DataFrame) -> pd.Series:
    """The preferred row of a group (only preferred rows are kept, one per figure)."""
    return rows.iloc[0]


def kaltim_series(region_code: str = PROVINCE_CODE, observations: pd.DataFrame | None = None) -> RegionSeries:
    """The embedded statistics of a Kaltim region as a :class:`RegionSeries`.

    ``observations``: the statistics to read instead of the embedded files, in their long form
    with a ``preferred`` column (the web app passes the primary values of its database, so a
    BPS value imported or a primary value chosen by a planner is what the projection uses);
    ``year`` and ``month`` as text, blank when not stated.

    Labour totals come from August Sakernas rounds (the annual reference); PDRB ADHK 2010 is
    converted to miliar Rp; years before the first PDRB level are chained back with the
    published growth rates (marked as derived). Employment by education (2018–2022) and by
    formal/informal status feed the demand breakdowns.
    """
    code = str(region_code).strip()
    names = region_names()
    if code not in names:
        raise ValidationFailed([Problem(
            code="WILAYAH_TIDAK_DIKENAL",
            message=f"Kode wilayah '{code}' tidak ada dalam data Kalimantan Timur (kode yang dikenal: {', '.join(names)}).",
            fix="Gunakan kode BPS wilayah Kaltim, atau berikan data wilayah lain dengan --data.",
            column="wilayah", value=code)])
    # one preferred value per figure, by the project's single rule (sinergi.core.stats)
    obs = embedded_observations() if observations is None else observations
    obs = obs[obs["preferred"].astype(bool) & (obs["region_code"] == code)].fillna({"year": "", "month": ""})
    lab = obs[obs["month"] == "8"]
    # annual figures only: quarterly rows (month 3, 6 …) of PDRB are not annual levels
    eco = obs[obs["month"] == ""]
    rows = []

    def add(year, variable, sector, value, source, note, caveat=""):
        rows.append({"year": int(year), "variable": variable, "sector": sector, "value": float(value),
                     "source": source, "note": note, "caveat": caveat})

    for ind, var in LABOUR_MAP.items():
        sub = lab[lab["indicator"] == ind]
        for year, g in sub.groupby("year"):
            r = _pick(g)
            add(year, var, "", parse_number(r["value"]), r["source_url"], r["note"], _caveat(r["note"]))
    # published TPT (used by method v2 where the counts are missing)
    for year, g in lab[lab["indicator"] == "tpt"].groupby("year"):
        r = _pick(g)
        add(year, "TPT", "", parse_number(r["value"]), r["source_url"], r["note"], _caveat(r["note"]))
    for year, (value, r) in sorted(_population_points(obs).items()):
        add(year, "PENDUDUK", "", value, r["source_url"], r["note"], "")
    # PDRB ADHK 2010 total, trillion → miliar
    pdrb = {}
    sub = eco[eco["indicator"] == "pdrb_adhk2010"]
    for year, g in sub.groupby("year"):
        r = _pick(g)
        scale = 1000.0 if "trillion" in r["unit"] else (1.0 if "billion" in r["unit"] else 1e-3)
        pdrb[int(year)] = parse_number(r["value"]) * scale
        add(year, "PDRB", "", pdrb[int(year)], r["source_url"], r["note"], _caveat(r["note"]))
    growth = {}
    for year, g in eco[eco["indicator"] == "growth_pdrb_adhk"].groupby("year"):
        r = _pick(g)
        growth[int(year)] = (parse_number(r["value"]), r["source_url"], r["note"])
    if pdrb:
        first = min(pdrb)
        y, level = first, pdrb[first]
        while y in growth and (y - 1) not in pdrb:
            rate, src, note = growth[y]
            level = level / (1 + rate / 100)
            add(y - 1, "PDRB", "", level, src,
                f"diturunkan: PDRB {y} / (1 + pertumbuhan {y} {rate:g} %)",
                f"diturunkan dari pertumbuhan terbit; vintage PDRB {y} dan laju {y} bisa berbeda")
            y -= 1
    # sector PDRB (categories A–J only in the embedded data)
    for r in eco[eco["indicator"].str.startswith("pdrb_adhk2010_")].itertuples():
        letter = r.indicator.split("_")[2]
        scale = 1.0 if "billion" in r.unit else (1000.0 if "trillion" in r.unit else 1e-3)
        add(r.year, "PDRB", letter, parse_number(r.value) * scale, r.source_url, r.note, _caveat(r.note))
    data = pd.DataFrame(rows)
    groups = _kaltim_groups(lab, data)
    desc = (
        "Data tertanam Kalimantan Timur (Sakernas Agustus; PDRB ADHK 2010). Tabel kesempatan kerja 17 lapangan usaha "
        "dan PDRB per sektor sesudah 2020 tidak tersedia; gunakan templat impor untuk melengkapinya."
    )
    parent = kaltim_series(PROVINCE_CODE, observations) if code != PROVINCE_CODE else None
    return RegionSeries(region_code=code, region_name=names[code], data=data, groups=groups,
                        sectors=load_sector_scheme(), description=desc, parent=parent)


def _population_points(obs: pd.DataFrame) -> dict[int, tuple[float, pd.Series]]:
    """Population of one region on the SP2020 basis only (never across vintages, NOTES_penduduk
    C1): the SP2020 census or the June-2020 projection base, BPS SP2020-based mid-year
    projections (month 6, or the kab/kota projection rows) from 2023 on. Rows a note marks as a
    typo are skipped; thousands and millions are converted to persons."""
    out: dict[int, tuple[float, pd.Series]] = {}

    def persons(r) -> float:
        v = parse_number(r["value"])
        unit = str(r["unit"]).lower()
        return v * 1e6 if "million" in unit else (v * 1e3 if "thousand" in unit else v)

    def usable(r) -> bool:
        n = str(r["note"]).lower()
        return not any(w in n for w in ("typo", "transposition", "do not use"))

    ordered = [
        ("population_projection_base", lambda r: r["month"] == "6"),
        ("population_sp2020", lambda r: r["month"] == "9"),
        ("population_sp2020", lambda r: True),
        ("population_projection", lambda r: r["month"] == "6"),
        ("population_projection", lambda r: r["region_code"] != PROVINCE_CODE),
        ("population_midyear", lambda r: r["month"] == "6" and r["region_code"] != PROVINCE_CODE and int(r["year"]) >= 2023),
    ]
    for ind, ok in ordered:
        for _, r in obs[obs["indicator"] == ind].iterrows():
            if not str(r["year"]).strip() or not ok(r) or not usable(r):
                continue
            y = int(r["year"])
            if y not in out:
                out[y] = (persons(r), r)
    return out


def _kaltim_groups(lab: pd.DataFrame, data: pd.DataFrame) -> pd.DataFrame:
    rows = []
    edu = lab[lab["indicator"].isin([f"emp_edu_{e}" for e in EDUCATION])]
    for year, g in edu.groupby("year"):
        if set(g["indicator"]) == {f"emp_edu_{e}" for e in EDUCATION}:
            for ind, gg in g.groupby("indicator"):
                r = _pick(gg)
                rows.append({"dimension": "pendidikan", "group": ind.removeprefix("emp_edu_"), "year": int(year),
                             "variable": "KK", "value": parse_number(r["value"]), "source": r["source_url"], "note": r["note"]})
    for ind, sex in (("tpak_male", "laki_laki"), ("tpak_female", "perempuan")):
        for year, g in lab[lab["indicator"] == ind].groupby("year"):
            r = _pick(g)
            rows.append({"dimension": "jenis_kelamin", "group": sex, "year": int(year), "variable": "TPAK",
                         "value": parse_number(r["value"]), "source": r["source_url"], "note": r["note"]})
    kk = {int(r["year"]): r for _, r in data[(data["variable"] == "KK") & (data["sector"] == "")].iterrows()}
    for year, g in lab[lab["indicator"] == "formal_workers"].groupby("year"):
        r = _pick(g)
        y = int(year)
        if y not in kk:
            continue
        formal = parse_number(r["value"])
        rows.append({"dimension": "status", "group": "formal", "year": y, "variable": "KK", "value": formal,
                     "source": r["source_url"], "note": r["note"]})
        rows.append({"dimension": "status", "group": "informal", "year": y, "variable": "KK",
                     "value": kk[y]["value"] - formal, "source": kk[y]["source"],
                     "note": "diturunkan: KK total − pekerja formal"})
    return pd.DataFrame(rows, columns=["dimension", "group", "year", "variable", "value", "source", "note"])


# --------------------------------------------------------------------------------------
# User data (--data)
# --------------------------------------------------------------------------------------
def read_data(path: str | Path, region_code: str, display_name: str | None = None) -> RegionSeries:
    """A ``--data`` file for one region: the long form ``region_code,year,variable,sector,value``
    (optional ``source``, ``note`` and ``kelompok``) or a filled import template (.xlsx with a
    ``Total`` sheet). A ``kelompok`` of ``laki_laki`` or ``perempuan`` on a TPAK row gives TPAK by
    sex (the series' ``jenis_kelamin`` groups, :mod:`sinergi.core.rtk.by_sex`); blank or ``semua``
    is the total. Rows of other regions are ignored. All problems are raised together."""
    path = Path(path)
    name = display_name or path.name
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheets = {t.sheet.strip().lower() for t in read_tables(path, name)}
        if "total" in sheets or "kk_sektor" in sheets:
            frame = read_template(path, display_name=name)
            return _series_from_long(frame, region_code, name)
    table = read_table(path, required=LONG_COLUMNS, display_name=name, aliases=spellings("region_code", "year"))
    code = str(region_code).strip()
    rows, group_rows = check_long_rows(table.frame, code, load_sector_scheme(), rows=table.rows, file=table.file,
                                       sheet=table.sheet, columns=table.columns, name=name)
    series = _series_from_long(pd.DataFrame(rows), code, name)
    if group_rows:
        series = replace(series, groups=pd.DataFrame(group_rows, columns=["dimension", "group", "year", "variable", "value", "source", "note"]))
    return series


def _series_from_long(frame: pd.DataFrame, region_code: str, name: str) -> RegionSeries:
    code = str(region_code)
    df = frame[frame["region_code"].astype(str) == code].copy() if len(frame) else frame
    if df.empty:
        raise ValidationFailed([Problem(code="WILAYAH_TIDAK_ADA_DI_DATA", message=f"Tidak ada data untuk wilayah {code}.",
                                        fix=f"Isi region_code {code}.", file=name)])
    # sectors given as KBLI sections (M, N …) are summed into their category
    for col in ("source", "note"):
        if col not in df.columns:
            df[col] = ""
    df = df.groupby(["year", "variable", "sector"], as_index=False).agg(
        value=("value", "sum"), source=("source", "first"), note=("note", "first"))
    df["caveat"] = ""
    # a Kaltim regency/city keeps its province for the ladder of method v2
    parent = kaltim_series(PROVINCE_CODE) if code != PROVINCE_CODE and code in region_names() else None
    return RegionSeries(region_code=code, region_name=region_names().get(code, ""), data=df,
                        sectors=load_sector_scheme(), description=f"Data dari berkas {name}", parent=parent)


# --------------------------------------------------------------------------------------
# Import template (BPS sector tables)
# --------------------------------------------------------------------------------------
def template_spec() -> pd.DataFrame:
    """The column description of the template (``data/rtk/templat_impor.csv``)."""
    return _read_csv("rtk", "templat_impor.csv")


def write_template(path: str | Path, region_code: str = "", years: range | list[int] = range(2019, 2025)) -> Path:
    """Write the XLSX import template: instructions, region, totals, 17-sector employment and
    17-sector PDRB ADHK 2010, one column per year, with a dropdown for the total variables."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    years = [int(y) for y in years]
    spec = template_spec()
    scheme = load_sector_scheme()
    book = Workbook()
    head = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCE6F1")
    info = book.active
    info.title = "Petunjuk"
    lines = [
        "Templat impor data RTK Sinergi — tabel BPS (Sakernas Agustus dan PDRB ADHK 2010 menurut lapangan usaha)",
        "",
        "1. Isi sheet Wilayah (kode BPS wilayah dan sumber).",
        "2. Isi sheet Total: satu baris per variabel, satu kolom per tahun. Sel kosong = data tidak ada; jangan diisi 0.",
        "3. Isi sheet KK_Sektor dan PDRB_Sektor dari tabel BPS 17 lapangan usaha (kolom tahun boleh ditambah).",
        "4. Jalankan: sinergi rtk proyeksi --wilayah KODE --tahun-dasar T0 --data berkas.xlsx --keluaran HASIL.xlsx",
        "Angka boleh ditulis cara Indonesia (1.234.567 atau 67,07).",
        "",
        "Kolom:",
    ]
    for r in spec.itertuples():
        lines.append(f"  {r.sheet} / {r.kolom}{' (wajib)' if r.wajib == 'ya' else ''}: {r.keterangan}"
                     + (f" Satuan: {r.satuan}." if r.satuan else ""))
    for i, line in enumerate(lines, start=1):
        info.cell(row=i, column=1, value=line)
    info["A1"].font = Font(bold=True, size=12)
    info.column_dimensions["A"].width = 140

    ws = book.create_sheet("Wilayah")
    for j, c in enumerate(("region_code", "nama_wilayah", "sumber"), start=1):
        ws.cell(row=1, column=j, value=c).font = head
    ws.cell(row=2, column=1, value=str(region_code))
    ws.cell(row=2, column=2, value=region_names().get(str(region_code), ""))
    ws.column_dimensions["C"].width = 80

    def sheet(title: str, first: list[str], rows: list[list[str]], number_format: str):
        s = book.create_sheet(title)
        header = first + [str(y) for y in years]
        for j, c in enumerate(header, start=1):
            cell = s.cell(row=1, column=j, value=c)
            cell.font = head
            cell.fill = fill
            cell.alignment = Alignment(wrap_text=True)
        for i, r in enumerate(rows, start=2):
            for j, v in enumerate(r, start=1):
                s.cell(row=i, column=j, value=v)
            for j in range(len(first) + 1, len(header) + 1):
                s.cell(row=i, column=j).number_format = number_format
        s.column_dimensions["A"].width = 16
        s.column_dimensions["B"].width = 60
        s.freeze_panes = "C2"
        return s

    total_vars = ["PUK", "AK", "KK", "PENGANGGUR", "PDRB", "TPAK", "PUK_PROYEKSI"]
    labels = {"PUK": "Penduduk usia kerja 15+ (orang)", "AK": "Angkatan kerja (orang)", "KK": "Penduduk bekerja (orang)",
              "PENGANGGUR": "Penganggur terbuka (orang)", "PDRB": "PDRB ADHK 2010 total (miliar Rp)",
              "TPAK": "TPAK (persen; boleh kosong bila PUK dan AK terisi)",
              "PUK_PROYEKSI": "Proyeksi PUK (orang; tahun sesudah tahun dasar, bila ada)"}
    s = sheet("Total", ["variabel", "keterangan"], [[v, labels[v]] for v in total_vars], "#,##0.##")
    dv = DataValidation(type="list", formula1='"' + ",".join(total_vars) + '"', allow_blank=True)
    s.add_data_validation(dv)
    dv.add(f"A2:A{len(total_vars) + 20}")
    cats = [[c, n] for c, n in scheme.categories.items()]
    sheet("KK_Sektor", ["kode", "lapangan_usaha"], cats, "#,##0")
    sheet("PDRB_Sektor", ["kode", "lapangan_usaha"], cats, "#,##0.00")
    book.save(str(path))
    return path


def read_template(path: str | Path, display_name: str | None = None) -> pd.DataFrame:
    """A filled template → long form ``region_code, year, variable, sector, value, source, note``.
    Every problem (unknown variable or sector code, text in a number cell, missing region) is
    reported at once with its sheet, row and column."""
    path = Path(path)
    name = display_name or path.name
    tables = {t.sheet.strip().lower(): t for t in read_tables(path, name)}
    problems = ProblemList()
    scheme = load_sector_scheme()
    region, source = "", name
    w = tables.get("wilayah")
    if w is not None and "region_code" in w.frame.columns:
        for _i, rec in w.records():
            if not is_blank(rec.get("region_code")):
                region = str(rec["region_code"]).strip().removesuffix(".0")
                if not is_blank(rec.get("sumber")):
                    source = str(rec["sumber"]).strip()
                break
    if not region:
        problems.add("WILAYAH_KOSONG", "Kode wilayah belum diisi.", "Isi region_code pada sheet Wilayah baris 2 (mis. 6401).",
                     file=name, sheet="Wilayah", row=2, column="region_code")
    rows = []
    specs = (("total", "variabel", None), ("kk_sektor", "kode", "KK"), ("pdrb_sektor", "kode", "PDRB"))
    for key, keycol, variable in specs:
        t = tables.get(key)
        if t is None:
            continue
        year_cols = []
        for c in t.frame.columns:
            m = re.fullmatch(r"(\d{4})(\.0)?", str(c))
            if m:
                year_cols.append((c, int(m.group(1))))
        if keycol not in t.frame.columns:
            problems.add("KOLOM_HILANG", f"Kolom '{keycol}' tidak ada.", "Gunakan templat dari 'sinergi rtk templat'.",
                         file=name, sheet=t.sheet, row=1, column=keycol)
            continue
        for i, var, sector, y, value in template_values(t.frame, keycol, variable, year_cols, scheme, problems, t.where):
            rows.append({"region_code": region, "year": y, "variable": var, "sector": sector, "value": value,
                         "source": f"{source} ({t.sheet} baris {t.rows[i]})", "note": ""})
    if not rows and not problems:
        problems.add("TEMPLAT_KOSONG", "Templat belum berisi angka.", "Isi sheet Total, KK_Sektor dan/atau PDRB_Sektor.", file=name)
    problems.raise_if_any()
    return pd.DataFrame(rows, columns=["region_code", "year", "variable", "sector", "value", "source", "note"])


# --------------------------------------------------------------------------------------
# HASIL
# --------------------------------------------------------------------------------------
def result_sheets(result: ProjectionResult) -> tuple[dict[str, pd.DataFrame], dict[str, list[str]]]:
    """The sheets of the HASIL workbook and the notes under them."""
    sheets: dict[str, pd.DataFrame] = {"HASIL": result.to_long(with_actuals=True)}
    # HASIL stays a clean machine-readable table; its explanation goes to the Catatan sheet
    notes: dict[str, list[str]] = {}
    header = [
        "HASIL dalam format panjang: group kosong = total; sektor:F, pendidikan:smp, status:formal = rincian; "
        "method = cara angka dihasilkan; skenario 'aktual' = angka yang sudah terjadi pada tahun proyeksi.",
        f"Metode: {result.method_version}. Tahun {result.base_year} = tahun dasar (data), "
        f"{result.years[0]}–{result.end_year} = proyeksi (perkiraan).",
    ]
    for name, res in result.scenarios.items():
        w = res.wide().reset_index()
        sheets[name] = w
        notes[name] = [f"{v}: {LABELS.get(v, v)} ({UNITS.get(v, '')})" for v in w.columns if v != "year"]
    sheets["Elastisitas"] = result.elasticity_table()
    sheets["Parameter"] = result.parameters()
    meta = pd.DataFrame([
        ("wilayah", f"{result.region_code} {result.region_name}".strip()),
        ("tahun_dasar", result.base_year), ("tahun_akhir", result.end_year),
        ("metode", result.method),
        ("jendela_elastisitas", f"{result.window[0]}-{result.window[1]}"),
        ("metode_persediaan", result.supply_method),
        ("jendela_persediaan", "; ".join(f"{k} {v[0]}-{v[1]}" if v else f"{k} -" for k, v in result.supply_window.items())),
        ("rincian_sektor", result.sector_detail),
        ("versi_metode", result.method_version),
        ("sidik_metode", result.method_fingerprint),
        *[(f"parameter_metode.{k}", v) for k, v in result.params.items()],
    ], columns=["parameter", "value"])
    meta.insert(0, "scenario", "(semua)")
    sheets["Parameter"] = pd.concat([meta, sheets["Parameter"]], ignore_index=True)
    sheets["Sumber"] = result.provenance
    sheets["Catatan"] = pd.DataFrame({"catatan": header + result.notes + [
        f"[{name}] {n}" for name, res in result.scenarios.items() for n in res.notes]})
    return sheets, notes


def write_result(result: ProjectionResult, path: str | Path, *, bands: pd.DataFrame | None = None,
                 warnings: dict | None = None) -> Path:
    """HASIL: ``.csv`` → the long form only; ``.xlsx`` → long form, a sheet per scenario,
    elasticities, parameters, sources and notes, and — when given — the uncertainty bands
    (sheet ``Pita``) and the guardrail warnings (``Peringatan``)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        result.to_long(with_actuals=True).to_csv(path, index=False, encoding="utf-8")
        return path
    if path.suffix.lower() != ".xlsx":
        raise ValidationFailed([Problem(code="FORMAT_TIDAK_DIDUKUNG", message=f"Format keluaran '{path.suffix}' tidak didukung.",
                                        fix="Akhiri nama berkas keluaran dengan .csv atau .xlsx.", file=path.name)])
    sheets, notes = result_sheets(result)
    if bands is not None:
        sheets["Pita"] = bands
        notes["Pita"] = ["Pita ketidakpastian dari galat uji balik bergulir metode: lower–upper mengapit value pada tingkat "
                         "'level'; n = banyaknya galat pada horizon itu; basis = cara lebar pita diperoleh."]
    if warnings is not None:
        sheets["Peringatan"] = pd.DataFrame([{"variable": k, "peringatan": v} for k, v in warnings.items()],
                                            columns=["variable", "peringatan"])
    return write_sheets(path, sheets, notes)


def backtest_long(bt: BacktestResult) -> pd.DataFrame:
    e = bt.errors.copy()
    e.insert(0, "region_code", bt.region_code)
    e.insert(1, "base_year", bt.base_year)
    return e


def write_backtest(bt: BacktestResult, path: str | Path) -> Path:
    """Backtest errors: ``.csv`` → one row per year, variable and method; ``.xlsx`` → errors,
    summary, the projection, its sources and notes."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        backtest_long(bt).to_csv(path, index=False, encoding="utf-8")
        return path
    if path.suffix.lower() != ".xlsx":
        raise ValidationFailed([Problem(code="FORMAT_TIDAK_DIDUKUNG", message=f"Format keluaran '{path.suffix}' tidak didukung.",
                                        fix="Akhiri nama berkas keluaran dengan .csv atau .xlsx.", file=path.name)])
    not_tested = pd.DataFrame([{"variable": k, "alasan": v} for k, v in bt.not_tested.items()], columns=["variable", "alasan"])
    sheets = {
        "Galat": backtest_long(bt),
        "Ringkasan": bt.summary,
        "Tidak_diuji": not_tested,
        "Proyeksi": bt.projection.to_long(),
        "Sumber": bt.projection.provenance,
        "Catatan": pd.DataFrame({"catatan": bt.notes}),
    }
    notes = {"Galat": ["error = prediksi − aktual (poin persen untuk TPAK dan TPT); pct_error = 100 × error / aktual.",
                       "metode = elastisitas Sinergi dengan PDRB aktual; naif_tetap = tidak berubah; naif_laju = laju tahun terakhir berlanjut."]}
    return write_sheets(path, sheets, notes)


def write_rolling_backtest(rb, path: str | Path) -> Path:
    """The rolling-origin backtest: ``.csv`` → exactly ``region_code, base_year, year, horizon,
    variable, method, actual, predicted, error``; ``.xlsx`` → those rows, the summary by
    variable × method, by variable × method × horizon, and the skipped base years."""
    from sinergi.core.rtk import ROLLING_COLUMNS

    path = Path(path)
    rows = rb.errors[ROLLING_COLUMNS]
    if path.suffix.lower() == ".csv":
        rows.to_csv(path, index=False, encoding="utf-8")
        return path
    if path.suffix.lower() != ".xlsx":
        raise ValidationFailed([Problem(code="FORMAT_TIDAK_DIDUKUNG", message=f"Format keluaran '{path.suffix}' tidak didukung.",
                                        fix="Akhiri nama berkas keluaran dengan .csv atau .xlsx.", file=path.name)])
    skipped = pd.DataFrame([{"base_year": y, "alasan": why} for y, why in sorted(rb.skipped.items())], columns=["base_year", "alasan"])
    sheets = {"Galat": rows, "Ringkasan": rb.summary(), "Per_horizon": rb.summary(by_horizon=True), "Dilewati": skipped,
              "Catatan": pd.DataFrame({"catatan": rb.notes + list(rb.worse_than_no_change().values())})}
    notes = {"Galat": ["error = prediksi − aktual (poin persen untuk TPAK dan TPT).",
                       "metode = metode proyeksi; naif_tetap = tidak berubah dari tahun dasar; naif_laju = laju tahun terakhir berlanjut."]}
    return write_sheets(path, sheets, notes)

"""The Rencana Tenaga Kerja Daerah (RTKD) as a Word document plus its companion workbook.

Public API::

    from sinergi.documents.rtkd import build_rtkd
    out = build_rtkd("64", 2024, 2029, "RTKD.docx")          # → RtkdOutput
    out.docx_path, out.xlsx_path                               # (also unpacks as a tuple)

    # or from a projection you already ran (notebook, web app):
    doc = compose_rtkd("64", 2024, 2029, result=my_result, series=my_series)
    write_docx(doc, "RTKD.docx"); write_workbook(doc, "RTKD.xlsx")

The outline is BAB I–VII of ``data/rtk/METHOD.md`` §4 with the official table codes
(2.A.1 … 5.D.2, see :mod:`sinergi.documents.rtkd_catalog`). BAB II comes from the observed
statistics (:mod:`sinergi.documents.rtkd_history`), BAB III–V from the projection engine
(:mod:`sinergi.core.rtk`, via :mod:`sinergi.documents.rtkd_projection`), BAB VI–VII are
written from those numbers. Missing values are printed "data belum tersedia", tables without
any data keep their code and title and say who holds the data.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd

from sinergi.core.problems import ValidationFailed
from sinergi.documents import rtkd_charts as charts
from sinergi.documents.docx_utils import CaptionedTable, Column, MISSING
from sinergi.documents.rtkd_catalog import BY_CODE, CHAPTERS, PROVINCE_ONLY, tables_for
from sinergi.documents.rtkd_history import Built, HistoryTables, Observations, kabkota_codes, region_label
from sinergi.documents.rtkd_projection import ProjectionTables, ProjectionView, scenario_label
from sinergi.documents.rtkd_render import Block, RtkdDocument, write_docx, write_workbook
from sinergi.documents.rtkd_sources import SourceBook
from sinergi.documents.rtkd_text import (
    cagr, change_phrase, clean, join_id, num, ok, orang, persen, poin, rate_change_phrase, rupiah, sentence, triliun,
)

IKN_REGIONS = {"64", "6409", "6403"}  # province, Penajam Paser Utara, Kutai Kartanegara
HISTORY_YEARS = 6


@dataclass
class RtkdOutput:
    docx_path: Path
    xlsx_path: Path
    document: RtkdDocument

    def __iter__(self):
        yield self.docx_path
        yield self.xlsx_path


# ---------------------------------------------------------------------------
# running the engine
# ---------------------------------------------------------------------------

@dataclass
class EngineRun:
    result: object | None = None
    series: object | None = None
    ikn: object | None = None
    backtest: object | None = None
    target: object | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    target_given: bool = False


def run_engine(region_code: str, base_year: int, end_year: int, *, with_ikn: bool, scenarios: Iterable[str] | None = None,
               target_tpt: float | None = None, series=None, main: str = "moderat",
               window: tuple[int, int] | None = None) -> EngineRun:
    """Load the region's series and run every stored scenario (plus IKN when asked).

    Problems that stop the projection (missing base-year data, no elasticity window) are
    returned as text, never raised: the document still renders and says what to import.
    """
    from sinergi.core import rtk
    from sinergi.documents import rtk_files

    run = EngineRun()
    try:
        run.series = series if series is not None else rtk_files.kaltim_series(region_code)
        stored = rtk_files.load_scenarios()
        chosen = [s for n, s in stored.items() if scenarios is None or n in set(scenarios) or n == main]
        if main not in stored:
            raise ValidationFailed([_problem(f"Skenario '{main}' tidak dikenal (tersedia: {', '.join(stored)}).")])
        run.ikn = rtk_files.load_ikn() if with_ikn else None
        run.result = rtk.project(run.series, base_year, end_year, chosen, ikn=run.ikn, window=window)
    except ValidationFailed as exc:
        run.problems = [p.message + (f" {p.fix}" if p.fix else "") for p in exc.problems]
        run.result = None
        return run
    main_name = f"{main}+ikn" if with_ikn else main
    try:
        tpt0 = run.result[main_name].value("TPT", base_year)
        goal = target_tpt if target_tpt is not None else max(0.5, round(tpt0 - 1.0, 2))
        run.target = rtk.required_growth_for_tpt(run.result, goal, scenario=main_name)
        run.target_given = target_tpt is not None
    except (ValidationFailed, ValueError, KeyError, StopIteration, ZeroDivisionError) as exc:
        run.notes.append(f"Sasaran TPT tidak dapat dihitung ({exc}).")
    try:
        run.backtest = rtk.backtest(run.series, base_year - 3, base_year)
    except (ValidationFailed, ValueError, KeyError) as exc:
        msg = "; ".join(p.message for p in exc.problems) if isinstance(exc, ValidationFailed) else str(exc)
        run.notes.append(f"Uji balik tidak dapat dijalankan: {msg}")
    return run


def _scenario_reason(note: str) -> str:
    """The reasoning part of a stored scenario note, without per-row remarks or file names."""
    text = re.split(r"\s(?:sama dengan \d{4}|laju majemuk KK dibagi|kosong = )", note.strip())[0]
    text = re.sub(r"\s*\([^)]*\.csv[^)]*\)", "", text).strip()
    return text if not text or text.endswith(".") else text + "."


def _problem(message: str):
    from sinergi.core.problems import Problem

    return Problem(code="SKENARIO_TIDAK_DIKENAL", message=message, fix="Pilih moderat, optimis atau pesimis.")


# ---------------------------------------------------------------------------
# composition
# ---------------------------------------------------------------------------

class Composer:
    """Collects blocks, numbers local tables and figures per chapter."""

    def __init__(self, rd: RtkdDocument):
        self.rd = rd
        self.chapter = 0
        self.local_tables = 0
        self.figures = 0

    def h1(self, roman: str, title: str):
        self.chapter += 1
        self.local_tables = 0
        self.figures = 0
        self.rd.body.append(Block("h1", f"BAB {roman} {title}"))

    def h2(self, letter: str, title: str):
        self.rd.body.append(Block("h2", f"{letter}. {title}"))

    def h3(self, text: str):
        self.rd.body.append(Block("h3", text))

    def p(self, *parts: str):
        text = clean(sentence(*parts))
        if text:
            self.rd.body.append(Block("p", text))

    def note(self, text: str):
        self.rd.body.append(Block("note", clean(text)))

    def bullets(self, items: Iterable[str], numbered: bool = False):
        items = [clean(i) for i in items if i]
        if items:
            self.rd.body.append(Block("numbered" if numbered else "bullets", items=items))

    def table(self, built: Built | CaptionedTable, urls: Iterable[str] = ()):
        t = built.table if isinstance(built, Built) else built
        if isinstance(built, Built):
            urls = list(urls) + list(built.urls)
        self.rd.body.append(Block("table", table=t))
        self.rd.table_urls[t.code] = [u for u in dict.fromkeys(urls) if str(u).startswith("http")]
        return t

    def local(self, title: str, columns: list[Column], rows: list[list], sources: list[str], notes=(), **kw) -> CaptionedTable:
        self.local_tables += 1
        t = CaptionedTable(code=f"{self.chapter}.{self.local_tables}", title=title, columns=columns, rows=rows,
                           sources=sources, notes=list(notes), **kw)
        return t

    def figure(self, png: bytes | None, title: str, source: str, width_cm: float = 14.5) -> str:
        if png is None:
            return ""
        self.figures += 1
        caption = f"Gambar {self.chapter}.{self.figures} {title}"
        self.rd.body.append(Block("figure", text=caption, image=png, source=source, width_cm=width_cm))
        return f"Gambar {self.chapter}.{self.figures}"


class Facts:
    """Quick access to observed values for the narrative (no source tracking)."""

    def __init__(self, obs: Observations, region: str):
        self.obs, self.region = obs, region

    def get(self, ind: str, year: int | None, month=8, region: str | None = None):
        o = self.obs.get(ind, year, region or self.region, month)
        return o.value if o else None

    def series(self, ind: str, years: Iterable[int], month=8, region: str | None = None) -> dict[int, float]:
        return {y: v for y in years if (v := self.get(ind, y, month, region)) is not None}

    def last(self, ind: str, upto: int, month=8, region: str | None = None) -> tuple[int | None, float | None]:
        for y in range(upto, upto - 12, -1):
            v = self.get(ind, y, month, region)
            if v is not None:
                return y, v
        return None, None


def compose_rtkd(region_code: str, base_year: int, end_year: int, *, scenario: str = "moderat",
                 ikn: bool | None = None, target_tpt: float | None = None, agency: str | None = None,
                 observations: Observations | None = None, engine: EngineRun | None = None,
                 result=None, series=None, window: tuple[int, int] | None = None) -> RtkdDocument:
    """Build the document model (text, tables, figures) without writing any file.

    ``engine`` (or ``result``/``series``) lets a caller pass a projection it already ran;
    otherwise the embedded data are projected with every stored scenario.
    """
    region_code = str(region_code)
    label = region_label(region_code)
    is_province = len(region_code) == 2
    with_ikn = (region_code in IKN_REGIONS and is_province) if ikn is None else bool(ikn)
    obs = observations or Observations.embedded()
    if engine is None:
        if result is not None:
            engine = EngineRun(result=result, series=series)
        else:
            engine = run_engine(region_code, base_year, end_year, with_ikn=with_ikn, target_tpt=target_tpt,
                                series=series, main=scenario, window=window)
    if engine.result is not None:
        names = list(engine.result.scenarios)
        main = f"{scenario}+ikn" if f"{scenario}+ikn" in names and with_ikn else scenario
        if main not in names:
            main = names[0]
        with_ikn = main.endswith("+ikn")
    else:
        main = scenario
    agency = agency or (f"Dinas Tenaga Kerja dan Transmigrasi {label}" if is_province else f"Dinas Tenaga Kerja {label}")
    rd = RtkdDocument(region_code=region_code, region_label=label, base_year=base_year, end_year=end_year,
                      is_province=is_province, title_period=f"{base_year + 1}–{end_year}", agency=agency,
                      cover_note="Draf untuk pembahasan — disusun dengan Sinergi; angka perlu diverifikasi dengan BPS "
                                 "sebelum ditetapkan.")
    rd.engine_problems = list(engine.problems)
    c = Composer(rd)
    f = Facts(obs, region_code)
    hist_years = list(range(base_year - HISTORY_YEARS + 1, base_year + 1))
    hist = HistoryTables(obs, region_code, hist_years, rd.sources, is_province)
    view = ProjectionView(engine.result, main, rd.sources, getattr(engine.series, "sectors", None)) if engine.result else None
    proj = ProjectionTables(view, is_province, base_year, end_year)
    ctx = Context(rd, c, f, hist, view, proj, engine, obs, label, is_province, with_ikn, main, hist_years)

    bab1(ctx)
    bab2(ctx)
    bab3(ctx)
    bab4(ctx)
    bab5(ctx)
    bab6(ctx)
    bab7(ctx)
    pustaka(ctx)
    front_matter(ctx)
    extra_sheets(ctx)
    _check_codes(rd)
    return rd


@dataclass
class Context:
    rd: RtkdDocument
    c: Composer
    f: Facts
    hist: HistoryTables
    view: ProjectionView | None
    proj: ProjectionTables
    engine: EngineRun
    obs: Observations
    label: str
    is_province: bool
    with_ikn: bool
    main: str
    hist_years: list[int]
    built: dict[str, Built] = field(default_factory=dict)
    gaps: dict[str, list[str]] = field(default_factory=dict)  # provider → table codes without data

    @property
    def base(self) -> int:
        return self.rd.base_year

    @property
    def end(self) -> int:
        return self.rd.end_year

    def add(self, built: Built, urls: Iterable[str] = ()) -> CaptionedTable:
        t = self.c.table(built, urls)
        self.built[t.code] = built
        if t.placeholder:
            spec = BY_CODE.get(t.code)
            if spec:
                self.gaps.setdefault(spec.provider, []).append(t.code)
        return t

    def total(self, var: str, name: str | None = None) -> dict[int, float | None]:
        return self.view.total(var, name) if self.view else {}


# ---------------------------------------------------------------------------
# BAB I
# ---------------------------------------------------------------------------

LEGAL_BASIS = [
    "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan, sebagaimana telah diubah terakhir dengan "
    "Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Perppu Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi "
    "Undang-Undang — Pasal 7 (pemerintah menetapkan kebijakan dan menyusun perencanaan tenaga kerja makro dan mikro "
    "sebagai pedoman kebijakan, strategi dan program) dan Pasal 8 (perencanaan disusun atas dasar informasi ketenagakerjaan).",
    "Peraturan Pemerintah Nomor 15 Tahun 2007 tentang Tata Cara Memperoleh Informasi Ketenagakerjaan dan Penyusunan "
    "serta Pelaksanaan Perencanaan Tenaga Kerja — Pasal 11–12 (perencanaan tenaga kerja makro kewilayahan provinsi dan "
    "kabupaten/kota), Pasal 14 (isi minimal RTK: persediaan, kebutuhan, neraca, serta arah kebijakan, strategi dan program), "
    "Pasal 15 (penghitungan persediaan dan kebutuhan) dan Pasal 28–30 (pelaksanaan, pemantauan dan evaluasi).",
    "Peraturan Pemerintah Nomor 33 Tahun 2013 tentang Perluasan Kesempatan Kerja.",
    "Peraturan Menteri Tenaga Kerja dan Transmigrasi Nomor PER.24/MEN/XII/2008 tentang Metode Penghitungan Persediaan "
    "dan Kebutuhan Tenaga Kerja.",
    "Peraturan Menteri Tenaga Kerja dan Transmigrasi Nomor PER.01/MEN/I/2009 tentang Pedoman Penggunaan Metoda "
    "Statistika Ketenagakerjaan.",
    "Peraturan Menteri Tenaga Kerja dan Transmigrasi Nomor PER.16/MEN/XI/2010 tentang Perencanaan Tenaga Kerja Makro.",
    "Keputusan Menteri Tenaga Kerja dan Transmigrasi Nomor 309 Tahun 2013 — format tabel RTK (kode tabel 2.A.1–5.D.2); "
    "judul dan isi keputusan ini belum dapat diverifikasi dari salinan publik.",
]
IKN_LAW = "Undang-Undang Nomor 3 Tahun 2022 tentang Ibu Kota Negara beserta perubahannya."


def bab1(x: Context):
    c, f, base, end = x.c, x.f, x.base, x.end
    c.h1("I", "PENDAHULUAN")
    c.h2("A", "Latar Belakang")
    c.p("Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan mewajibkan pemerintah menyusun perencanaan tenaga "
        "kerja sebagai pedoman dalam menetapkan kebijakan, strategi dan program pembangunan ketenagakerjaan. Rencana "
        f"Tenaga Kerja Daerah (RTKD) {x.label} ini adalah perencanaan tenaga kerja makro kewilayahan untuk periode "
        f"{base + 1}–{end} dengan {base} sebagai tahun dasar.")
    ak = f.get("angkatan_kerja", base)
    tpt = f.get("tpt", base)
    g = f.get("growth_pdrb_adhk", base, month=None)
    facts = []
    if ok(ak):
        facts.append(f"angkatan kerja {x.label} pada Agustus {base} berjumlah {orang(ak)}")
    if ok(tpt):
        facts.append(f"tingkat pengangguran terbuka (TPT) {persen(tpt)}")
    if ok(g):
        facts.append(f"ekonomi tumbuh {persen(g)} (PDRB ADHK 2010)")
    if facts:
        c.p(f"Menurut data yang terhimpun, {join_id(facts)}. Angka-angka ini menjadi titik tolak proyeksi "
            "persediaan dan kebutuhan tenaga kerja dalam dokumen ini.")
    else:
        c.p(f"Data ketenagakerjaan {x.label} untuk tahun dasar {base} belum lengkap di Sinergi; bagian yang "
            "belum dapat dihitung ditandai 'data belum tersedia' dan disebutkan sumber yang perlu diimpor.")
    if x.with_ikn or x.rd.region_code in IKN_REGIONS:
        c.p("Pembangunan Ibu Kota Nusantara (IKN) di Penajam Paser Utara dan Kutai Kartanegara menambah permintaan "
            "tenaga kerja, terutama konstruksi dan jasa, serta mendatangkan pekerja dari luar daerah. Dampak ini "
            "tidak tertangkap oleh elastisitas historis sehingga dihitung tersendiri dengan modul IKN.")
    c.h2("B", "Dasar Hukum")
    items = list(LEGAL_BASIS)
    if x.rd.region_code in IKN_REGIONS:
        items.append(IKN_LAW)
    c.bullets(items, numbered=True)
    c.note("Belum ditemukan peraturan nasional yang menggantikan PP 15/2007, PER.24/MEN/XII/2008 dan PER.16/MEN/XI/2010; "
           "keberlakuan peraturan pelaksana perlu dikonfirmasi ke JDIH Kementerian Ketenagakerjaan sebelum dokumen ditetapkan.")
    c.h2("C", "Maksud dan Tujuan")
    c.p(f"Maksud penyusunan RTKD adalah menyediakan gambaran persediaan, kebutuhan dan keseimbangan tenaga kerja "
        f"{x.label} sampai {end} sebagai dasar perumusan kebijakan ketenagakerjaan daerah. Tujuannya:")
    c.bullets([
        f"menggambarkan kondisi ketenagakerjaan {x.label} selama {x.hist_years[0]}–{base};",
        f"memperkirakan persediaan tenaga kerja (penduduk usia kerja, TPAK, angkatan kerja) {base + 1}–{end};",
        "memperkirakan kebutuhan tenaga kerja (kesempatan kerja) menurut lapangan usaha dan karakteristik pekerja;",
        "menghitung neraca tenaga kerja: penganggur, TPT dan kemungkinan kekurangan tenaga kerja;",
        "merumuskan arah kebijakan, strategi dan program pembangunan ketenagakerjaan yang didasarkan pada angka-angka tersebut.",
    ])
    c.h2("D", "Metodologi")
    _methodology(x)
    c.h2("E", "Sumber Data")
    c.p("Data historis berasal dari Survei Angkatan Kerja Nasional (Sakernas) BPS putaran Agustus — satu-satunya putaran "
        "dengan angka kabupaten/kota — dan dari PDRB atas dasar harga konstan 2010 (ADHK 2010) BPS. Upah minimum berasal "
        "dari Keputusan Gubernur; data pelatihan, penempatan, hubungan industrial dan pengawasan dari Disnakertrans, "
        "BPJS Ketenagakerjaan dan Kemnaker.")
    c.p("Sebagian besar angka yang tersimpan di Sinergi dibaca dari rilis resmi BPS dan berita yang mengutip BPS; "
        "alamat setiap sumber dicantumkan di bawah tabel dan di Daftar Pustaka. Angka tersebut belum dicocokkan satu per "
        "satu dengan tabel resmi BPS, sehingga perlu diverifikasi sebelum dokumen ditetapkan. Dua hal perlu diperhatikan: "
        "penimbang Sakernas direvisi pada 2020 (angka Agustus 2018–2019 tersedia dalam dua versi; dokumen ini memakai versi "
        "revisi bila ada) dan sejak 2023 BPS memakai proyeksi penduduk hasil SP2020 sebagai penimbang.")
    c.h2("F", "Pengertian")
    c.bullets([
        "Penduduk usia kerja (PUK): penduduk berumur 15 tahun ke atas.",
        "Angkatan kerja (AK): PUK yang bekerja atau menganggur; persediaan tenaga kerja.",
        "Tingkat partisipasi angkatan kerja (TPAK): AK dibagi PUK dikali 100.",
        "Penduduk bekerja / kesempatan kerja (KK): orang yang bekerja paling sedikit satu jam dalam seminggu terakhir, "
        "termasuk yang sementara tidak bekerja; kebutuhan tenaga kerja yang terisi.",
        "Penganggur terbuka: tidak bekerja dan mencari pekerjaan, mempersiapkan usaha, merasa tidak mungkin mendapat "
        "pekerjaan, atau sudah diterima bekerja tetapi belum mulai.",
        "Tingkat pengangguran terbuka (TPT): penganggur dibagi AK dikali 100.",
        "Pekerja formal: berusaha dibantu buruh tetap dan buruh/karyawan/pegawai; selebihnya informal.",
        "Setengah penganggur: bekerja kurang dari 35 jam seminggu dan masih mencari atau bersedia menerima pekerjaan lain.",
        "PDRB ADHK 2010: nilai tambah bruto seluruh lapangan usaha pada harga tetap tahun 2010.",
        "Elastisitas kesempatan kerja (E): persentase perubahan kesempatan kerja untuk setiap satu persen pertumbuhan PDRB.",
        "Kekurangan tenaga kerja: kesempatan kerja melebihi angkatan kerja setempat, yang harus dipenuhi dari luar daerah.",
    ])
    c.h2("G", "Sistematika Penulisan")
    c.bullets([f"BAB {r} {t.capitalize() if False else t.title()}: {desc}" for (r, t, _), desc in zip(CHAPTERS, [
        "latar belakang, dasar hukum, maksud dan tujuan, metodologi, sumber data, pengertian dan sistematika.",
        f"kondisi ekonomi dan ketenagakerjaan {x.hist_years[0]}–{base}.",
        f"perkiraan penduduk usia kerja, TPAK dan angkatan kerja {base + 1}–{end}.",
        f"perkiraan pertumbuhan ekonomi dan kesempatan kerja {base + 1}–{end}, termasuk pelatihan, penempatan, hubungan industrial dan pengawasan.",
        "neraca persediaan dan kebutuhan: penganggur, TPT dan kekurangan tenaga kerja.",
        "arah kebijakan, strategi dan program yang diturunkan dari hasil perkiraan.",
        "kesimpulan dan saran, termasuk data yang perlu dilengkapi.",
    ])])


def _methodology(x: Context):
    c, base, end = x.c, x.base, x.end
    c.p("Perkiraan disusun dengan metode perencanaan tenaga kerja makro (PP 15/2007 Pasal 15; PER.24/MEN/XII/2008) "
        "sebagaimana dilaksanakan oleh mesin proyeksi Sinergi:")
    c.bullets([
        "Persediaan: PUK dan TPAK tumbuh menurut laju majemuk tahunannya pada jendela historis (TPAK dibatasi 0–100); "
        "AK = PUK × TPAK / 100. Bila tersedia proyeksi penduduk usia kerja, proyeksi itu yang dipakai.",
        "Kebutuhan: elastisitas kesempatan kerja E = laju majemuk KK / laju majemuk PDRB pada jendela historis "
        "(atau kemiringan regresi ln KK terhadap ln PDRB), per lapangan usaha bila datanya ada; "
        "KK tahun t = KK tahun t−1 × (1 + E × pertumbuhan PDRB tahun t).",
        "Neraca: penganggur = maks(0; AK − KK); TPT = penganggur / AK × 100; kekurangan = maks(0; KK − AK).",
        "Skenario: moderat, optimis dan pesimis berbeda pada asumsi pertumbuhan PDRB; dampak IKN ditambahkan sebagai "
        "guncangan permintaan dan migrasi masuk yang terpisah dari elastisitas.",
        "Sasaran: kesempatan kerja yang diperlukan agar TPT mencapai sasaran, KK* = AK × (1 − TPT*/100), dan pertumbuhan "
        "PDRB yang diperlukan untuk itu.",
    ])
    if x.view is None:
        c.p(f"Untuk {x.label} proyeksi belum dapat dihitung karena data dasarnya belum lengkap (lihat BAB III); "
            "metode di atas akan dipakai begitu data diimpor.")
        return
    r = x.view.result
    a, b = r.window
    e = x.view.elasticity()
    c.p(f"Jendela elastisitas yang dipakai adalah {a}–{b}; elastisitas agregat skenario utama "
        f"({scenario_label(x.main)}) sebesar {num(e, 2) if ok(e) else MISSING}. Rincian lapangan usaha: "
        f"{'tersedia' if r.sector_detail not in ('', 'total') else 'tidak tersedia, proyeksi dihitung pada tingkat total'}. "
        f"Metode: {r.method_version}.")
    # scenario assumptions table
    rows = []
    for name in x.view.scenario_names:
        g = x.view.total("PDRB_TUMBUH", name)
        rows.append([scenario_label(name)] + [g.get(y) for y in x.view.years[1:]])
    t = c.local("Asumsi Pertumbuhan PDRB ADHK 2010 menurut Skenario (persen per tahun)",
                [Column("Skenario", "text")] + [Column(str(y), "pct") for y in x.view.years[1:]], rows,
                [x.view.sources.line([], "Parameter skenario tersimpan di Sinergi (data/rtk)")])
    c.table(t)
    assumed = []
    for name, res in r.scenarios.items():
        if name.endswith("+ikn"):
            continue
        first = _scenario_reason(getattr(res.scenario, "note", "") or "")
        if first:
            assumed.append(f"{scenario_label(name)}: {first}")
    c.p("Asumsi pertumbuhan PDRB setiap skenario adalah parameter perencanaan, bukan ramalan resmi; angka ini perlu "
        "diselaraskan dengan sasaran RPJMD dan asumsi makro Bappeda sebelum dokumen ditetapkan.",
        "" if x.is_province else f"Skenario tersimpan disusun dari pertumbuhan Provinsi Kalimantan Timur; untuk {x.label} "
        "laju yang sama dipakai sampai asumsi pertumbuhan kabupaten/kota dimasukkan.")
    if assumed:
        c.bullets(list(dict.fromkeys(assumed))[:6])
    if x.engine.ikn is not None:
        ikn = x.engine.ikn
        c.p("Modul IKN memakai parameter ilustratif yang disusun dari pernyataan pejabat di media (jumlah pekerja di "
            f"lokasi, belanja pembangunan, {num(getattr(ikn, 'jobs_per_trillion', None))} pekerja per Rp1 triliun, porsi "
            f"pekerja lokal {persen(100 * getattr(ikn, 'local_share', float('nan')), 0)}). Angka IKN dalam dokumen ini "
            "karenanya bersifat asumsi dan harus diganti dengan data Otorita IKN bila tersedia.")
    bt = x.engine.backtest
    if bt is not None and len(getattr(bt, "summary", [])):
        s = bt.summary
        rows = []
        var_col = "variable" if "variable" in s.columns else s.columns[0]
        method_col = "method" if "method" in s.columns else ("metode" if "metode" in s.columns else s.columns[1])
        mape_col = next((cname for cname in s.columns if "mape" in cname.lower()), None)
        mae_col = next((cname for cname in s.columns if cname.lower() == "mae" or cname.lower().startswith("mae")), None)
        for var in ("AK", "KK", "PENGANGGUR", "TPT"):
            sub = s[s[var_col] == var]
            if not len(sub):
                continue
            row = [var]
            for m in ("metode", "naif_tetap", "naif_laju"):
                hit = sub[sub[method_col] == m]
                col = "mae" if var == "TPT" else "mape"
                cname = mae_col if var == "TPT" else mape_col
                row.append(float(hit[cname].iloc[0]) if len(hit) and cname and ok(hit[cname].iloc[0]) else None)
            rows.append(row)
        if rows:
            t = c.local(f"Uji Balik Metode: Proyeksi dari {bt.base_year} Dibandingkan Data {bt.base_year + 1}–{bt.end_year}",
                        [Column("Variabel", "text"), Column("Metode Sinergi", "dec2"), Column("Naif: tetap", "dec2"),
                         Column("Naif: laju terakhir", "dec2")], rows,
                        [x.view.sources.line([], "Uji balik Sinergi dengan pertumbuhan PDRB aktual")],
                        notes=["Galat rata-rata absolut dalam persen (MAPE) untuk AK, KK dan penganggur; dalam poin persen (MAE) "
                               "untuk TPT. Angka lebih kecil berarti lebih tepat."])
            c.table(t)
            c.p(f"Uji balik menjalankan metode dari tahun dasar {bt.base_year} dengan data sampai tahun itu saja dan "
                "pertumbuhan PDRB yang benar-benar terjadi, lalu membandingkan hasilnya dengan data Sakernas dan dengan dua "
                "cara naif. Uji ini menguji elastisitas dan metode persediaan, bukan ramalan pertumbuhan ekonomi.")
            worse = [r[0] for r in rows if ok(r[1]) and any(ok(v) and v < r[1] for v in r[2:])]
            better = [r[0] for r in rows if ok(r[1]) and all(not ok(v) or r[1] <= v for v in r[2:])]
            names = {"AK": "angkatan kerja", "KK": "kesempatan kerja", "PENGANGGUR": "penganggur", "TPT": "TPT"}
            c.p((f"Metode lebih tepat daripada kedua cara naif untuk {join_id([names[v] for v in better])}. " if better else "")
                + (f"Untuk {join_id([names[v] for v in worse])} galat metode justru lebih besar daripada salah satu cara naif; "
                   "karena itu hasil BAB III–V harus dibaca sebagai skenario yang bergantung pada asumsi, bukan ramalan, dan "
                   "dipantau setiap tahun terhadap Sakernas." if worse else ""))
    for n in x.engine.notes:
        c.note(n)


# ---------------------------------------------------------------------------
# BAB II
# ---------------------------------------------------------------------------

def bab2(x: Context):
    c, f, base = x.c, x.f, x.base
    h = x.hist
    ys = x.hist_years
    c.h1("II", "KONDISI KETENAGAKERJAAN")
    c.p(f"Bab ini menggambarkan kondisi ekonomi dan ketenagakerjaan {x.label} selama {ys[0]}–{base} dari data yang "
        "terhimpun. Sel tabel yang belum memiliki data ditulis 'data belum tersedia' beserta instansi penyedianya.")
    built = {b.table.code: b for b in h.all(wage_until=x.end)}

    # 2.A
    c.h2("A", "Kondisi Ekonomi")
    growth = {y: f.get("growth_pdrb_adhk", y, month=None) for y in ys}
    have = {y: v for y, v in growth.items() if ok(v)}
    if have:
        lo = min(have, key=have.get)
        hi = max(have, key=have.get)
        pdrb = f.get("pdrb_adhk2010", base, month=None)
        def rate(v):
            return f"terkontraksi {persen(-v)}" if v < 0 else persen(v)

        if ok(growth.get(base)):
            first = f"Ekonomi {x.label} tumbuh {persen(growth[base])} pada {base}" if growth[base] >= 0 else \
                f"Ekonomi {x.label} {rate(growth[base])} pada {base}"
            if ok(growth.get(base - 1)):
                first += f", setelah {rate(growth[base - 1])} pada {base - 1}"
        else:
            last = max(have)
            first = (f"Laju pertumbuhan ekonomi {x.label} tahun {base} belum tersedia; angka terakhir yang tercatat "
                     f"adalah {rate(have[last])} pada {last}")
        spread = ""
        if len(have) >= 3:
            spread = (f"Selama {ys[0]}–{base} laju tertinggi tercatat pada {hi} ({persen(have[hi])}) dan terendah pada {lo} "
                      f"({rate(have[lo])}){', ketika pandemi COVID-19 menekan kegiatan ekonomi' if lo == 2020 and have[lo] < 0 else ''}.")
        c.p(first + ".", spread, f"Nilai PDRB ADHK 2010 tahun {base} mencapai {triliun(pdrb)}." if ok(pdrb) else "")
    else:
        c.p(f"Laju pertumbuhan PDRB {x.label} untuk {ys[0]}–{base} belum tersedia di Sinergi.")
    t = built["2.A.1"].table
    if not t.placeholder:
        fast = [(r[0], r[-1]) for r in t.rows[:-1] if ok(r[-1])]
        fast.sort(key=lambda kv: -kv[1])
        if fast:
            c.p(f"Laju lapangan usaha tahun {base} yang tercatat: "
                + join_id([f"{name.split(' ', 1)[1].lower()} {persen(v)}" for name, v in fast[:4]]) + ".",
                "Laju sektor yang belum tercatat perlu dilengkapi dari publikasi PDRB BPS (17 lapangan usaha).")
    shares = {}
    for ind, name in (("share_adhb_pertambangan", "pertambangan dan penggalian"), ("share_adhb_konstruksi", "konstruksi"),
                      ("share_adhb_industri_pengolahan", "industri pengolahan")):
        y, v = f.last(ind, base, month=None)
        if ok(v):
            shares.setdefault(y, []).append((name, v))
    if shares:
        y = max(shares)
        items = sorted(shares[y], key=lambda t: -t[1])
        mining = dict(items).get("pertambangan dan penggalian")
        c.p(f"Menurut harga berlaku, pada {y} pangsa " + join_id([f"{n} {persen(v)}" for n, v in items]) + " dari PDRB"
            + ("; ketergantungan sebesar itu pada pertambangan berarti guncangan harga komoditas cepat menjalar ke pasar "
               "kerja" if ok(mining) and mining >= 30 else "") + ".")
    x.add(built["2.A.1"])
    fig = charts.line_chart({"Pertumbuhan PDRB ADHK 2010": growth}, "persen")
    c.figure(fig, f"Laju Pertumbuhan PDRB ADHK 2010 {x.label}, {ys[0]}–{base} (persen)", "BPS, diolah (lihat Tabel 2.A.1)")
    x.add(built["2.A.2"])

    # 2.B
    c.h2("B", "Potensi Daerah")
    c.p("Potensi daerah yang relevan bagi perencanaan tenaga kerja adalah kapasitas pendidikan (jumlah sekolah menurut "
        "jenjang) dan realisasi investasi beserta kebutuhan tenaga kerjanya. Keduanya belum tersimpan di Sinergi.")
    x.add(built["2.B.1"])
    x.add(built["2.B.2"])

    # 2.C PUK
    c.h2("C", "Penduduk Usia Kerja")
    puk = f.series("penduduk_usia_kerja", ys)
    if len(puk) >= 2:
        y0, y1 = min(puk), max(puk)
        c.p(f"Penduduk usia kerja {x.label} berjumlah {orang(puk[y1])} pada {y1}, {change_phrase(puk[y0], puk[y1])} "
            f"dibanding {y0}.")
    elif puk:
        y1 = max(puk)
        c.p(f"Penduduk usia kerja {x.label} berjumlah {orang(puk[y1])} pada {y1}; angka tahun lain belum tersedia.")
    else:
        c.p(f"Jumlah penduduk usia kerja {x.label} belum tersedia di Sinergi.")
    c.p("Rincian PUK menurut golongan umur, pendidikan dan jenis kelamin belum tersedia; tabel-tabelnya perlu diisi dari "
        "tabulasi Sakernas Agustus BPS.")
    for code in ("2.C.1", "2.C.2", "2.C.3", "2.C.4"):
        if code in built:
            x.add(built[code])

    # 2.D TPAK
    c.h2("D", "Tingkat Partisipasi Angkatan Kerja")
    tpak = f.series("tpak", ys)
    if tpak:
        y1 = max(tpak)
        prev = tpak.get(y1 - 1)
        c.p(f"TPAK {x.label} tahun {y1} sebesar {persen(tpak[y1])}"
            + (f", {rate_change_phrase(prev, tpak[y1])} dibanding {y1 - 1}" if ok(prev) else "") + ".")
        m, w = f.get("tpak_male", y1), f.get("tpak_female", y1)
        if ok(m) and ok(w):
            c.p(f"Partisipasi perempuan jauh lebih rendah: TPAK laki-laki {persen(m)}, perempuan {persen(w)} "
                f"(selisih {poin(m - w)}). Rendahnya partisipasi perempuan adalah cadangan tenaga kerja sekaligus "
                "sasaran kebijakan perluasan kesempatan kerja.")
    else:
        c.p(f"TPAK {x.label} belum tersedia di Sinergi.")
    for code in ("2.D.1", "2.D.2", "2.D.3", "2.D.4"):
        if code in built:
            x.add(built[code])

    # 2.E AK
    c.h2("E", "Angkatan Kerja")
    ak = f.series("angkatan_kerja", ys)
    if len(ak) >= 2:
        y0, y1 = min(ak), max(ak)
        r = cagr(ak[y0], ak[y1], y1 - y0)
        c.p(f"Angkatan kerja {x.label} {change_phrase(ak[y0], ak[y1])} dari {orang(ak[y0])} ({y0}) menjadi "
            f"{orang(ak[y1])} ({y1})" + (f", rata-rata {persen(r)} per tahun." if y1 - y0 > 1 else "."))
        if ok(ak.get(base)) and ok(ak.get(base - 1)) and y0 != base - 1:
            c.p(f"Pada tahun dasar {base} angkatan kerja {change_phrase(ak[base - 1], ak[base])} dari tahun sebelumnya.")
    elif ak:
        y1 = max(ak)
        c.p(f"Angkatan kerja {x.label} berjumlah {orang(ak[y1])} pada {y1}; data tahun lain belum tersedia.")
    else:
        c.p(f"Jumlah angkatan kerja {x.label} belum tersedia di Sinergi.")
    for code in ("2.E.1", "2.E.2", "2.E.3", "2.E.4"):
        if code in built:
            x.add(built[code])

    # 2.F employed
    c.h2("F", "Penduduk yang Bekerja")
    kk = f.series("bekerja", ys)
    if len(kk) >= 2:
        y0, y1 = min(kk), max(kk)
        c.p(f"Penduduk yang bekerja {change_phrase(kk[y0], kk[y1])} dari {orang(kk[y0])} ({y0}) menjadi "
            f"{orang(kk[y1])} ({y1}).")
    elif kk:
        y1 = max(kk)
        c.p(f"Penduduk yang bekerja berjumlah {orang(kk[y1])} pada {y1}.")
    else:
        c.p(f"Jumlah penduduk bekerja {x.label} belum tersedia di Sinergi.")
    changes = []
    for ind, name in (("emp_change_konstruksi", "konstruksi"), ("emp_change_pertambangan", "pertambangan"),
                      ("emp_change_industri_pengolahan", "industri pengolahan"), ("emp_change_transportasi", "transportasi"),
                      ("emp_change_jasa_perusahaan", "jasa perusahaan")):
        for y in (base, base - 1):
            v = f.get(ind, y)
            if ok(v):
                changes.append((y, name, v))
    if changes:
        changes.sort(key=lambda t: (-t[0], -abs(t[2])))
        c.p("Perubahan lapangan usaha yang dilaporkan BPS: "
            + join_id([f"{name} {'bertambah' if v > 0 else 'berkurang'} {orang(abs(v))} pada {y}" for y, name, v in changes[:4]])
            + ".", "Kenaikan pekerja konstruksi sejalan dengan percepatan pembangunan, termasuk IKN." if
            any(n == "konstruksi" and v > 0 for _, n, v in changes) and x.rd.region_code in IKN_REGIONS else "")
    edu_y, low = None, None
    for y in reversed(ys):
        sd, smp, tot = f.get("emp_edu_sd_kebawah", y), f.get("emp_edu_smp", y), f.get("bekerja", y)
        if ok(sd) and ok(smp) and ok(tot):
            edu_y, low = y, (sd + smp) / tot * 100
            break
    if edu_y:
        c.p(f"Menurut pendidikan, {persen(low)} penduduk bekerja pada {edu_y} berpendidikan SMP ke bawah; kelompok SMA/SMK "
            "adalah yang terbesar. Struktur ini menentukan jenis pelatihan yang dibutuhkan.")
    fs = f.get("formal_share", base)
    fs0 = f.get("formal_share", base - 1)
    if ok(fs):
        c.p(f"Pekerja formal mencapai {persen(fs)} pada {base}"
            + (f", {rate_change_phrase(fs0, fs)} dari {base - 1}" if ok(fs0) else "") + ".")
    for code in ("2.F.1", "2.F.2", "2.F.3", "2.F.4", "2.F.5", "2.F.6", "2.F.7", "2.F.8"):
        if code in built:
            x.add(built[code])

    # 2.G unemployment
    c.h2("G", "Penganggur dan Tingkat Pengangguran Terbuka")
    tpt = f.series("tpt", ys)
    un = f.series("pengangguran", ys)
    if tpt:
        y1 = max(tpt)
        hi = max(tpt, key=tpt.get)
        c.p(f"TPT {x.label} tahun {y1} sebesar {persen(tpt[y1])}"
            + (f" ({orang(un[y1])} penganggur)" if ok(un.get(y1)) else "")
            + (f", {rate_change_phrase(tpt.get(y1 - 1), tpt[y1])} dari {y1 - 1}" if ok(tpt.get(y1 - 1)) else "") + ".",
            f"Puncak selama {min(tpt)}–{y1} terjadi pada {hi} ({persen(tpt[hi])})." if hi != y1 else
            f"Angka ini adalah yang tertinggi selama {min(tpt)}–{y1}.")
    else:
        c.p(f"TPT {x.label} belum tersedia di Sinergi.")
    edu_facts = built["2.G.4"].facts.get("tpt_edu", {})
    latest = []
    for label, by in edu_facts.items():
        yv = [(y, v) for y, v in by.items() if ok(v)]
        if yv:
            y, v = max(yv)
            latest.append((y, label, v))
    if latest:
        ymax = max(y for y, _, _ in latest)
        cur = sorted([(lab, v) for y, lab, v in latest if y == ymax], key=lambda t: -t[1])
        if cur:
            c.p(f"Menurut pendidikan ({ymax}), TPT tertinggi dialami lulusan {cur[0][0]} ({persen(cur[0][1])})"
                + (f" dan terendah lulusan {cur[-1][0]} ({persen(cur[-1][1])})" if len(cur) > 1 else "")
                + ". Pengangguran terdidik menengah menunjukkan ketidaksesuaian antara keterampilan lulusan dan kebutuhan "
                  "lapangan kerja.")
    for y in reversed(ys):
        m, w = f.get("tpt_male", y), f.get("tpt_female", y)
        if ok(m) and ok(w):
            c.p(f"TPT laki-laki {persen(m)} dan perempuan {persen(w)} pada {y}.")
            break
    if x.is_province:
        kab = built.get("2.G.8")
        if kab and not kab.table.placeholder:
            best_y, best = None, {}
            for y in reversed(ys):
                vals = {name: f.get("tpt", y, region=code) for code, name in kabkota_codes()}
                have = {k: v for k, v in vals.items() if ok(v)}
                if len(have) > len(best):
                    best_y, best = y, have
            if best:
                hi = max(best, key=best.get)
                lo = min(best, key=best.get)
                c.p(f"Antarwilayah ({best_y}, {len(best)} dari 10 kabupaten/kota tercatat), TPT tertinggi di {hi} "
                    f"({persen(best[hi])}) dan terendah di {lo} ({persen(best[lo])}). Kota-kota besar menjadi tujuan pencari "
                    "kerja sehingga TPT-nya cenderung lebih tinggi.")
    bars = charts.bars_with_rate(ys, {"Angkatan kerja": [f.get("angkatan_kerja", y) for y in ys],
                                      "Penduduk bekerja": [f.get("bekerja", y) for y in ys]},
                                 [tpt.get(y) for y in ys], "orang", "TPT (persen)")
    c.figure(bars, f"Angkatan Kerja, Penduduk Bekerja dan TPT {x.label}, {ys[0]}–{base}",
             "BPS, Sakernas Agustus (lihat Tabel 2.E.1 dan 2.G.2)")
    for code in ("2.G.1", "2.G.2", "2.G.3", "2.G.4", "2.G.5", "2.G.6", "2.G.7", "2.G.8"):
        if code in built:
            x.add(built[code])
    if x.is_province:
        for y in reversed(ys):
            vals = {name: f.get("tpt", y, region=code) for code, name in kabkota_codes()}
            if sum(ok(v) for v in vals.values()) >= 8:
                fig = charts.hbar(vals, "TPT (persen)", reference=f.get("tpt", y), reference_label=f"Provinsi {num(f.get('tpt', y), 2)}")
                c.figure(fig, f"TPT menurut Kabupaten/Kota, Agustus {y} (persen)", "BPS, Sakernas Agustus (lihat Tabel 2.G.8)")
                break

    # 2.H productivity
    c.h2("H", "Produktivitas Tenaga Kerja")
    prod = built["2.H.1"].facts.get("prod", {})
    pv = {y: v for y, v in prod.items() if ok(v)}
    if len(pv) >= 2:
        y0, y1 = min(pv), max(pv)
        r = cagr(pv[y0], pv[y1], y1 - y0)
        c.p(f"Produktivitas tenaga kerja (PDRB ADHK 2010 per pekerja) {change_phrase(pv[y0], pv[y1], 'juta rupiah', 1)} "
            f"dari {num(pv[y0], 1)} juta rupiah ({y0}) menjadi {num(pv[y1], 1)} juta rupiah per pekerja ({y1}).",
            "Dengan kenaikan kurang dari satu persen per tahun, pertumbuhan ekonomi lebih banyak ditopang tambahan pekerja "
            "daripada kenaikan output per pekerja." if ok(r) and abs(r) < 1 else "")
        sect = [(row[0], row[1:]) for row in built["2.H.1"].table.rows[:-1]]
        best = [(name, y, v) for name, vals in sect for y, v in zip(ys, vals) if ok(v)]
        if best:
            yb = max(y for _, y, _ in best)
            cur = sorted([(n, v) for n, y, v in best if y == yb], key=lambda t: -t[1])
            avg = prod.get(yb)
            if len(cur) >= 2 and ok(avg):
                c.p(f"Pada {yb} produktivitas {cur[0][0].split(' ', 1)[1].lower()} mencapai {num(cur[0][1], 1)} juta rupiah "
                    f"per pekerja, {num(cur[0][1] / avg, 1)} kali rata-rata, sedangkan {cur[-1][0].split(' ', 1)[1].lower()} "
                    f"hanya {num(cur[-1][1], 1)} juta rupiah; pergeseran pekerja antarsektor karenanya sangat memengaruhi "
                    "rata-rata produktivitas.")
    else:
        c.p("Produktivitas tenaga kerja belum dapat dihitung karena PDRB atau jumlah penduduk bekerja belum tersedia.")
    x.add(built["2.H.1"])

    # 2.I training
    c.h2("I", "Pelatihan Kerja")
    app, part = f.get("blk_training_applicants_wave1", 2023, month=3), f.get("blk_training_participants_wave1", 2023, month=3)
    if x.is_province and ok(app) and ok(part) and part:
        c.p(f"Minat pelatihan jauh melampaui daya tampung: pada gelombang I 2023 BLKI menerima {num(app)} pendaftar "
            f"untuk {num(part)} kursi ({num(app / part, 1)} pendaftar per kursi).",
            f"Target peserta BLKI provinsi tahun 2023 sebanyak {orang(f.get('blk_training_target_participants', 2023, month=None))}."
            if ok(f.get("blk_training_target_participants", 2023, month=None)) else "")
    c.p("Kapasitas terpasang, jumlah instruktur dan lulusan pelatihan per tahun belum tersimpan; angka ini diperlukan "
        "untuk menetapkan target pelatihan pada Tabel 4.E.2.")
    x.add(built["2.I.1"])

    # 2.J placement
    c.h2("J", "Penempatan Tenaga Kerja")
    c.p("Data pencari kerja terdaftar, lowongan, penempatan, bursa kerja dan pengantar kerja belum tersimpan di Sinergi.")
    x.add(built["2.J.1"])

    # 2.K HI & jamsos, wages
    c.h2("K", "Hubungan Industrial dan Jaminan Sosial")
    bp_y, bp = f.last("bpjstk_active_participants", base, month="any", region="64")
    ak_bp = f.get("angkatan_kerja", bp_y, region="64") if bp_y else None
    if x.is_province and ok(bp):
        c.p(f"Peserta aktif BPJS Ketenagakerjaan tercatat {orang(bp)} ({bp_y})"
            + (f", setara {persen(bp / ak_bp * 100)} dari angkatan kerja Sakernas tahun itu" if ok(ak_bp) and ak_bp else "")
            + ". BPJS memakai penyebut sendiri untuk cakupan, sehingga angkanya tidak sebanding langsung dengan BPS.")
    ump = built["2.K.2"].facts.get("ump", {})
    uv = {y: v for y, v in ump.items() if ok(v)}
    if len(uv) >= 2:
        y0, y1 = min(uv), max(uv)
        c.p(f"Upah minimum provinsi naik dari {rupiah(uv[y0])} ({y0}) menjadi {rupiah(uv[y1])} ({y1}), rata-rata "
            f"{persen(cagr(uv[y0], uv[y1], y1 - y0))} per tahun.")
    umk_y = max([y for y in range(x.hist_years[0], x.end + 1) if f.get("umk", y, month=None) is not None], default=None)
    if umk_y:
        c.p(f"UMK {x.label} tahun {umk_y} ditetapkan sebesar {rupiah(f.get('umk', umk_y, month=None))}.")
    elif x.is_province:
        vals = {}
        for y in range(x.end, x.hist_years[0] - 1, -1):
            vals = {n: f.get("umk", y, month=None, region=cd) for cd, n in kabkota_codes()}
            vals = {k: v for k, v in vals.items() if ok(v)}
            if len(vals) >= 8:
                hi, lo = max(vals, key=vals.get), min(vals, key=vals.get)
                c.p(f"UMK {y} berkisar antara {rupiah(vals[lo])} ({lo}) dan {rupiah(vals[hi])} ({hi}).")
                break
    x.add(built["2.K.1"])
    x.add(built["2.K.2"])
    fig = charts.line_chart({"UMP": {y: v / 1e6 for y, v in uv.items()}}, "juta rupiah per bulan") if uv else None
    c.figure(fig, "Perkembangan Upah Minimum Provinsi Kalimantan Timur (juta rupiah per bulan)",
             "Keputusan Gubernur Kalimantan Timur (lihat Tabel 2.K.2)")

    # 2.L
    c.h2("L", "Pengawasan Ketenagakerjaan")
    wl = f.get("companies_wlkp_active", 2023, month=1, region="64")
    if ok(wl):
        c.p(("" if x.is_province else "Pengawasan ketenagakerjaan adalah kewenangan provinsi; di tingkat Provinsi Kalimantan "
             "Timur, ")
            + ("P" if x.is_province else "p") + f"erusahaan aktif yang terdaftar dalam Wajib Lapor Ketenagakerjaan di "
            f"Perusahaan (WLKP) berjumlah {num(wl)} perusahaan (Januari 2023). Jumlah pegawai pengawas belum tersimpan, "
            "sehingga rasio perusahaan per pengawas belum dapat dihitung.")
    x.add(built["2.L.1"])


# ---------------------------------------------------------------------------
# BAB III–V
# ---------------------------------------------------------------------------

def _no_projection(x: Context, what: str):
    c = x.c
    if x.c.chapter > 3:
        c.p(f"Perkiraan {what} {x.label} belum dapat dihitung karena data dasar belum cukup (rincian kekurangan data "
            "dan cara melengkapinya ada pada pengantar BAB III). Tabel-tabel berikut tetap dicantumkan sebagai kerangka.")
        return
    c.p(f"Perkiraan {what} {x.label} belum dapat dihitung karena data dasar wilayah ini belum cukup. Mesin proyeksi "
        "melaporkan:")
    c.bullets(x.engine.problems or ["data dasar tidak lengkap"])
    c.p("Data yang harus diimpor (format panjang region_code, year, variable, sector, value, atau templat tabel BPS): "
        f"angkatan kerja (AK) dan penduduk bekerja (KK) tahun dasar {x.base}; KK dan PDRB ADHK 2010 pada sekurang-kurangnya "
        f"dua tahun dalam {x.base - 5}–{x.base}; penduduk usia kerja (PUK) dan TPAK untuk proyeksi persediaan. Sumbernya "
        f"BPS Kabupaten/Kota (Sakernas Agustus dan PDRB menurut lapangan usaha). Setelah data diimpor, dokumen dapat "
        "dibuat ulang dan tabel-tabel di bawah terisi otomatis.")


def _supply_text(r) -> str:
    method = (getattr(r, "supply_method", "") or "").strip()
    spans = getattr(r, "supply_window", {}) or {}

    def span(v):
        w = spans.get(v)
        return f"{w[0]}–{w[1]}" if w else ""

    if method.startswith("AK langsung"):
        text = (f"Angkatan kerja diproyeksikan langsung dengan laju majemuknya selama {span('AK') or 'jendela historis'}, "
                "karena PUK dan TPAK tidak tersedia pada tahun-tahun jendela yang sama; PUK diproyeksikan tersendiri"
                + (f" dengan laju {span('PUK')}" if span("PUK") else "") + " dan TPAK = AK / PUK.")
    else:
        text = ("Penduduk usia kerja dan TPAK diproyeksikan masing-masing dengan laju majemuknya"
                + (f" (PUK {span('PUK')}, TPAK {span('TPAK')})" if span("PUK") and span("TPAK") else "")
                + ", lalu AK = PUK × TPAK / 100.")
    short = [v for v, w in spans.items() if w and w[1] - w[0] < 3]
    if short:
        text += (f" Jendela {join_id([f'{v} {span(v)}' for v in short])} pendek, sehingga lajunya peka terhadap fluktuasi "
                 "satu tahun; proyeksi penduduk usia kerja BPS sebaiknya diimpor untuk menggantikannya.")
    return text


def bab3(x: Context):
    c, base, end = x.c, x.base, x.end
    c.h1("III", "PERKIRAAN PERSEDIAAN TENAGA KERJA")
    tables = {b.table.code: b for b in x.proj.bab3()}
    if x.view is None:
        _no_projection(x, "persediaan tenaga kerja")
    else:
        puk, tpak, ak = x.total("PUK"), x.total("TPAK"), x.total("AK")
        r = x.view.result
        c.p(_supply_text(r), "Persediaan tidak bergantung pada skenario pertumbuhan ekonomi, kecuali tambahan pekerja "
            "migran IKN yang menetap.")
    for letter, title, codes, var, what in (
            ("A", "Perkiraan Penduduk Usia Kerja", ("3.A.1", "3.A.2", "3.A.3", "3.A.4"), "PUK", "penduduk usia kerja"),
            ("B", "Perkiraan Tingkat Partisipasi Angkatan Kerja", ("3.B.1", "3.B.2", "3.B.3", "3.B.4"), "TPAK", "TPAK"),
            ("C", "Perkiraan Angkatan Kerja", ("3.C.1", "3.C.2", "3.C.3", "3.C.4"), "AK", "angkatan kerja")):
        c.h2(letter, title)
        if x.view is not None:
            s = x.total(var)
            a, b = s.get(base), s.get(end)
            if var == "TPAK":
                c.p(f"TPAK diperkirakan {rate_change_phrase(a, b) or 'tidak tersedia'} dari {persen(a)} pada {base} menjadi "
                    f"{persen(b)} pada {end}." if ok(a) and ok(b) else f"Perkiraan TPAK: {MISSING}.")
            elif ok(a) and ok(b):
                c.p(f"{what.capitalize()} diperkirakan {change_phrase(a, b)} dari {orang(a)} pada {base} menjadi "
                    f"{orang(b)} pada {end}, rata-rata {persen(cagr(a, b, end - base))} per tahun.")
                if var == "AK":
                    add = b - a
                    c.p(f"Setiap tahun rata-rata {orang(add / (end - base))} penduduk baru memasuki pasar kerja dan harus "
                        "ditampung oleh perluasan kesempatan kerja agar pengangguran tidak naik.")
                    ik = x.view.total("IKN_AK", x.main) if x.with_ikn else {}
                    if ok(ik.get(end)):
                        c.p(f"Dari jumlah itu, migrasi masuk yang terkait IKN menambah sekitar {orang(ik[end])} angkatan kerja "
                            f"sampai {end} (parameter asumsi modul IKN).")
            else:
                c.p(f"Perkiraan {what}: {MISSING}.")
            if any(not tables[cd].table.placeholder and tables[cd].facts.get("codes") == [] for cd in codes if cd in tables):
                pass
        for cd in codes:
            if cd in tables:
                x.add(tables[cd], x.view._urls if x.view else [])
        if x.view is not None and letter == "C":
            hist = x.f.series("angkatan_kerja", x.hist_years)
            series = {"Angkatan kerja (Sakernas)": hist}
            for name in x.view.scenario_names:
                if name in (x.main,):
                    series[f"Perkiraan ({scenario_label(name)})"] = {y: v for y, v in x.total("AK", name).items()}
            fig = charts.line_chart(series, "orang", decimals=0, vline=base + 0.5, vline_label="proyeksi")
            c.figure(fig, f"Angkatan Kerja {x.label}: Data {x.hist_years[0]}–{base} dan Perkiraan {base + 1}–{end}",
                     f"BPS (Sakernas Agustus) dan hasil proyeksi Sinergi, skenario {scenario_label(x.main)}")


def bab4(x: Context):
    c, base, end = x.c, x.base, x.end
    c.h1("IV", "PERKIRAAN KEBUTUHAN TENAGA KERJA")
    if x.view is None:
        _no_projection(x, "kebutuhan tenaga kerja")
    v = x.view
    # 4.A
    c.h2("A", "Perkiraan Perekonomian")
    if v is not None:
        parts = []
        for name in [n for n in v.scenario_names if not n.endswith("+ikn")]:
            g = [val for y, val in v.total("PDRB_TUMBUH", name).items() if y > base and ok(val)]
            if g:
                parts.append(f"{scenario_label(name)} rata-rata {persen(sum(g) / len(g))} per tahun")
        c.p(f"Asumsi pertumbuhan PDRB ADHK 2010 {base + 1}–{end}: " + join_id(parts) + ".",
            "Asumsi ini adalah parameter perencanaan yang perlu diselaraskan dengan RPJMD dan asumsi makro Bappeda.")
    x.add(x.proj.t_4A1(), v._urls if v else [])
    x.add(x.proj.t_4A2(), v._urls if v else [])
    # 4.B
    c.h2("B", "Rencana Pengembangan Potensi Daerah")
    if x.with_ikn and x.engine.ikn is not None:
        c.p("Rencana investasi yang sudah dapat dikuantifikasi adalah pembangunan IKN (parameter asumsi modul IKN). Rencana "
            "penanaman modal lain per sektor belum tersedia dan perlu diimpor dari DPMPTSP.")
    else:
        c.p("Rencana investasi per sektor belum tersedia di Sinergi; tabel berikut perlu diisi dari DPMPTSP dan LKPM.")
    b41 = x.proj.t_4B1(x.engine.ikn if x.with_ikn else None)
    x.add(b41, list(getattr(x.engine.ikn, "sources", []) or []) if x.engine.ikn is not None else [])
    if v is not None and x.with_ikn:
        ikn_name = x.main if x.main.endswith("+ikn") else next((n for n in v.scenario_names if n.endswith("+ikn")), None)
        if ikn_name:
            kk_add, ak_add = v.total("IKN_KK", ikn_name), v.total("IKN_AK", ikn_name)
            rows = [["Tambahan kesempatan kerja dari IKN (orang)"] + [kk_add.get(y) for y in v.years[1:]],
                    ["Tambahan angkatan kerja dari migrasi masuk IKN (orang)"] + [ak_add.get(y) for y in v.years[1:]]]
            t = c.local("Dampak Modul IKN terhadap Kesempatan Kerja dan Angkatan Kerja (kumulatif terhadap tahun dasar)",
                        [Column("Uraian", "text")] + [Column(str(y), "int") for y in v.years[1:]], rows,
                        [v.sources.line(list(getattr(x.engine.ikn, "sources", []) or []), "Modul IKN Sinergi (parameter asumsi)")],
                        notes=["Parameter modul IKN bersumber dari pernyataan pejabat di media (lihat Daftar Pustaka); angka ini "
                               "ilustratif dan harus diganti dengan data Otorita IKN bila tersedia."])
            c.table(t, list(getattr(x.engine.ikn, "sources", []) or []))

    # 4.C
    c.h2("C", "Perkiraan Kesempatan Kerja")
    if v is not None:
        e = v.elasticity()
        kk = v.total("KK")
        c.p(f"Dengan elastisitas kesempatan kerja agregat {num(e, 2) if ok(e) else MISSING}, setiap satu persen pertumbuhan "
            f"PDRB menambah kesempatan kerja sekitar {persen(e) if ok(e) else MISSING}.",
            f"Pada skenario {scenario_label(x.main)} kesempatan kerja {change_phrase(kk.get(base), kk.get(end))} dari "
            f"{orang(kk.get(base))} ({base}) menjadi {orang(kk.get(end))} ({end})." if ok(kk.get(base)) and ok(kk.get(end)) else "")
        others = []
        for name in v.scenario_names:
            if name == x.main:
                continue
            k2 = v.total("KK", name)
            if ok(k2.get(end)):
                others.append(f"{scenario_label(name)} {orang(k2[end])}")
        if others:
            c.p(f"Sebagai pembanding, kesempatan kerja {end} pada skenario lain: " + join_id(others) + ".")
        codes = v.codes("TAMBAHAN_KK", "sektor")
        if codes:
            adds = []
            for cd in codes:
                g = v.group("TAMBAHAN_KK", "sektor", cd)
                tot = sum(val for y, val in g.items() if y > base and ok(val))
                adds.append((cd, tot))
            adds.sort(key=lambda t: -t[1])
            top = [a for a in adds if a[1] > 0][:3]
            neg = [a for a in adds if a[1] < 0]
            c.p(f"Tambahan kesempatan kerja {base + 1}–{end} terbesar diperkirakan pada "
                + join_id([f"{v.label('sektor', cd).split(' ', 1)[-1].lower()} ({orang(val)})" for cd, val in top]) + "."
                if top else "",
                ("Lapangan usaha yang menyusut: " + join_id([f"{v.label('sektor', cd).split(' ', 1)[-1].lower()} "
                                                            f"({orang(abs(val))})" for cd, val in neg]) + ".") if neg else "")
            fig = charts.stacked_change([v.label("sektor", cd).split(" ", 1)[-1][:38] for cd, _ in adds],
                                        [val for _, val in adds], f"tambahan kesempatan kerja {base + 1}–{end}, orang")
            c.figure(fig, f"Tambahan Kesempatan Kerja menurut Lapangan Usaha, {base + 1}–{end} (skenario {scenario_label(x.main)})",
                     "Hasil proyeksi Sinergi (lihat Tabel 4.C.1)", width_cm=15)
        else:
            c.p("Rincian kesempatan kerja menurut lapangan usaha belum dapat diproyeksikan karena data penduduk bekerja per "
                "lapangan usaha (17 kategori) belum tersedia; tabel 4.C.1 menampilkan total saja.")
        if x.with_ikn:
            ik = v.total("IKN_KK", x.main)
            if ok(ik.get(end)):
                c.p(f"Modul IKN menambah sekitar {orang(ik[end])} kesempatan kerja pada {end} dibanding tahun dasar; "
                    "angka ini bergantung pada parameter asumsi (jumlah pekerja, belanja, porsi lokal) dan bukan hasil pengukuran.")
        series = {"Penduduk bekerja (Sakernas)": x.f.series("bekerja", x.hist_years)}
        for name in v.scenario_names:
            if name.endswith("+ikn") == x.main.endswith("+ikn"):
                series[f"Perkiraan {scenario_label(name)}"] = v.total("KK", name)
        fig = charts.line_chart(series, "orang", decimals=0, vline=base + 0.5, vline_label="proyeksi")
        c.figure(fig, f"Kesempatan Kerja {x.label} menurut Skenario, {x.hist_years[0]}–{end}",
                 "BPS (Sakernas Agustus) dan hasil proyeksi Sinergi")
    for b in x.proj.bab4_kk():
        x.add(b, v._urls if v else [])
    if v is not None:
        et = v.result.elasticity_table()
        if len(et):
            et = et[et["scenario"] == x.main] if "scenario" in et.columns else et
            rows = []
            for _, r in et.iterrows():
                sec = r.get("sector", "")
                rows.append([v.label("sektor", sec) if sec else "Total (agregat)", r.get("value"),
                             r.get("kk_growth_pct"), r.get("pdrb_growth_pct"),
                             "–".join(str(int(w)) for w in (r.get("window") or [])) or MISSING,
                             r.get("fallback") or "–"])
            t = c.local("Elastisitas Kesempatan Kerja terhadap PDRB ADHK 2010",
                        [Column("Lapangan usaha", "text", 4.6), Column("Elastisitas", "dec2", 2.0),
                         Column("Laju KK (%/thn)", "dec2", 2.0), Column("Laju PDRB (%/thn)", "dec2", 2.0),
                         Column("Jendela", "text", 1.9), Column("Keterangan", "text", 3.0)], rows,
                        [v.method_line()],
                        notes=["Elastisitas satu tahun berfluktuasi tajam (Kaltim 0,34–1,13 pada 2021–2024), karena itu dipakai "
                               "laju majemuk beberapa tahun."])
            c.table(t)
    # 4.D
    c.h2("D", "Perkiraan Produktivitas Tenaga Kerja")
    if v is not None:
        pr = v.total("PRODUKTIVITAS")
        if ok(pr.get(base)) and ok(pr.get(end)):
            c.p(f"Produktivitas tenaga kerja bruto diperkirakan {change_phrase(pr[base], pr[end], 'juta rupiah', 1)} dari "
                f"{num(pr[base], 1)} menjadi {num(pr[end], 1)} juta rupiah per pekerja. Kenaikan produktivitas berarti "
                "pertumbuhan ekonomi tidak sepenuhnya diterjemahkan menjadi tambahan kesempatan kerja (elastisitas di bawah satu)"
                if pr[end] > pr[base] else
                f"Produktivitas tenaga kerja bruto diperkirakan {change_phrase(pr[base], pr[end], 'juta rupiah', 1)} karena "
                "kesempatan kerja tumbuh lebih cepat dari PDRB (elastisitas di atas satu); tambahan pekerjaan cenderung berada "
                "di kegiatan berproduktivitas rendah.")
    x.add(x.proj.t_4D1(), v._urls if v else [])
    # 4.E training
    c.h2("E", "Pelatihan Kerja")
    fs = x.f.get("formal_share", base)
    c.p("Kebutuhan pelatihan diturunkan dari tambahan kesempatan kerja. Tanpa data kapasitas BLK/LPK dan tabel silang "
        "status × pendidikan, target pada Tabel 4.E.2 bersifat indikatif.")
    x.add(x.proj.t_4E1(), v._urls if v else [])
    x.add(x.proj.t_4E2(fs), v._urls if v else [])
    # 4.F placement
    c.h2("F", "Penempatan Tenaga Kerja")
    tg = x.engine.target
    if tg is not None:
        gap = tg.table["kk_gap"] if "kk_gap" in tg.table.columns else []
        gap_end = float(gap.iloc[-1]) if len(gap) else None
        c.p(f"Agar TPT turun menjadi {persen(tg.target_tpt)} pada {tg.target_year}, kesempatan kerja pada tahun itu harus "
            f"mencapai {orang(float(tg.table['kk_required'].iloc[-1]))}"
            + (f", atau {orang(gap_end)} lebih banyak dari perkiraan" if ok(gap_end) and gap_end > 0 else
               ", yang sudah terlampaui oleh perkiraan" if ok(gap_end) else "") + ".",
            f"Pertumbuhan PDRB seragam yang diperlukan sekitar {persen(tg.uniform_growth_pct)} per tahun."
            if ok(tg.uniform_growth_pct) else "")
    x.add(x.proj.t_4F1(), v._urls if v else [])
    x.add(x.proj.t_4F2(tg), v._urls if v else [])
    # 4.G
    c.h2("G", "Hubungan Industrial dan Jaminan Sosial")
    c.p("Target perangkat hubungan industrial (mediator, peraturan perusahaan, PKB, serikat pekerja, LKS bipartit) belum "
        "dapat diturunkan karena data dasarnya belum tersedia. Upah minimum ditetapkan tahunan oleh Gubernur.")
    x.add(x.proj.t_4G1())
    x.add(x.proj.t_4G2(x.built["2.K.2"].facts.get("ump", {}) if "2.K.2" in x.built else {}), x.built.get("2.K.2").urls if "2.K.2" in x.built else [])
    # 4.H
    c.h2("H", "Pengawasan Ketenagakerjaan")
    c.p("Target pengawasan memerlukan jumlah perusahaan yang wajib diawasi dan jumlah pegawai pengawas; keduanya perlu "
        "diimpor dari UPTD Pengawasan Ketenagakerjaan.")
    x.add(x.proj.t_4H1())


def bab5(x: Context):
    c, base, end = x.c, x.base, x.end
    c.h1("V", "PERKIRAAN KESEIMBANGAN PERSEDIAAN DAN KEBUTUHAN TENAGA KERJA")
    v = x.view
    if v is None:
        _no_projection(x, "keseimbangan tenaga kerja")
    else:
        ak, kk, un, tpt, short = (v.total(n) for n in ("AK", "KK", "PENGANGGUR", "TPT", "KEKURANGAN"))
        if all(ok(d.get(y)) for d in (ak, kk, tpt) for y in (base, end)):
            dak, dkk = ak[end] - ak[base], kk[end] - kk[base]
            gak, gkk = ak[end] / ak[base] * 100 - 100, kk[end] / kk[base] * 100 - 100
            c.p(f"Selama {base + 1}–{end} angkatan kerja bertambah {orang(dak)} ({persen(gak)}), sedangkan kesempatan kerja "
                f"bertambah {orang(dkk)} ({persen(gkk)}) pada skenario {scenario_label(x.main)}.",
                f"Karena kesempatan kerja tumbuh {'lebih cepat' if gkk > gak else 'lebih lambat'} dari angkatan kerja, "
                f"TPT diperkirakan {rate_change_phrase(tpt[base], tpt[end])} dari {persen(tpt[base])} menjadi {persen(tpt[end])}.",
                (f"Jumlah penganggur {change_phrase(un[base], un[end])} menjadi {orang(un[end])} pada {end}"
                 + (" karena tambahan kesempatan kerja secara absolut lebih kecil dari tambahan angkatan kerja"
                    if (dkk < dak) != (gkk < gak) and dkk < dak else "") + ".") if ok(un.get(base)) and ok(un.get(end)) else "")
            if any(ok(short.get(y)) and short[y] > 0 for y in v.years[1:]):
                y1 = next(y for y in v.years[1:] if ok(short.get(y)) and short[y] > 0)
                c.p(f"Mulai {y1} kesempatan kerja melebihi angkatan kerja setempat: kekurangan tenaga kerja sekitar "
                    f"{orang(short[end])} pada {end} yang harus dipenuhi migrasi masuk atau peningkatan partisipasi.")
        parts = []
        for name in v.scenario_names:
            t2 = v.total("TPT", name)
            if ok(t2.get(end)):
                parts.append(f"{scenario_label(name)} {persen(t2[end])}")
        if parts:
            c.p(f"TPT {end} menurut skenario: " + join_id(parts) + ".",
                "Rentang ini menggambarkan ketidakpastian akibat asumsi pertumbuhan ekonomi dan IKN.")
        series = {"TPT (Sakernas)": x.f.series("tpt", x.hist_years)}
        for name in v.scenario_names:
            series[f"{scenario_label(name)}"] = v.total("TPT", name)
        fig = charts.line_chart(series, "persen", vline=base + 0.5, vline_label="proyeksi")
        c.figure(fig, f"Tingkat Pengangguran Terbuka {x.label}: Data dan Perkiraan menurut Skenario (persen)",
                 "BPS (Sakernas Agustus) dan hasil proyeksi Sinergi")
        sb = x.proj.scenario_balance(f"{c.chapter}.{c.local_tables + 1}")
        if sb:
            c.local_tables += 1
            c.table(sb, v._urls)
    for letter, title in (("A", "Penganggur dan TPT menurut Golongan Umur"), ("B", "Penganggur dan TPT menurut Pendidikan"),
                          ("C", "Penganggur dan TPT menurut Jenis Kelamin"), ("D", "Penganggur dan TPT menurut Kabupaten/Kota")):
        if letter == "D" and not x.is_province:
            continue
        c.h2(letter, title)
        tables = [b for b in x.proj.bab5() if b.table.code.startswith(f"5.{letter}.")]
        if v is not None:
            dims = {"A": "umur", "B": "pendidikan", "C": "jenis_kelamin", "D": "kabkota"}
            codes = v.codes("TPT", dims[letter])
            if codes:
                tv = {v.label(dims[letter], cd): v.group("TPT", dims[letter], cd).get(end) for cd in codes}
                tv = {k: val for k, val in tv.items() if ok(val)}
                if tv:
                    hi = max(tv, key=tv.get)
                    c.p(f"Pada {end} TPT tertinggi diperkirakan pada kelompok {hi} ({persen(tv[hi])}).")
            else:
                c.p(f"Neraca menurut {title.split('menurut ')[1].lower()} belum dapat dihitung karena rincian persediaan dan "
                    "kebutuhan per kelompok belum tersedia; tabel berikut menampilkan total.")
        for b in tables:
            x.add(b, v._urls if v else [])


# ---------------------------------------------------------------------------
# BAB VI–VII, references, front matter
# ---------------------------------------------------------------------------

def bab6(x: Context):
    c, f, base, end, v = x.c, x.f, x.base, x.end, x.view
    c.h1("VI", "KEBIJAKAN, STRATEGI DAN PROGRAM PEMBANGUNAN KETENAGAKERJAAN")
    c.p("Arah kebijakan berikut diturunkan dari hasil perkiraan pada BAB III–V dan kondisi pada BAB II. Program yang "
        "disebut mengikuti nomenklatur urusan tenaga kerja (2.07) dan transmigrasi (3.32) agar dapat dimasukkan ke Renja dan "
        "RKPD.")
    tpt = x.total("TPT") if v else {}
    ak, kk = (x.total("AK"), x.total("KK")) if v else ({}, {})
    tg = x.engine.target
    c.h2("A", "Kebijakan Umum")
    if v and ok(tpt.get(base)) and ok(tpt.get(end)):
        rising = tpt[end] > tpt[base]
        c.p(f"Dengan TPT yang diperkirakan {rate_change_phrase(tpt[base], tpt[end])} menjadi {persen(tpt[end])} pada {end}, "
            + ("kebijakan umum diarahkan pada perluasan kesempatan kerja yang lebih cepat dari pertumbuhan angkatan kerja, "
               "dengan prioritas sektor padat karya." if rising else
               "kebijakan umum diarahkan pada menjaga laju penciptaan kerja sekaligus meningkatkan kualitas pekerjaan "
               "(formalitas, produktivitas dan perlindungan)."))
        if tg is not None:
            c.p(f"Sasaran TPT yang dipakai dalam dokumen ini adalah {persen(tg.target_tpt)} pada {tg.target_year}"
                + (" — satu poin persen di bawah TPT tahun dasar — sebagai sasaran ilustratif; sasaran resmi diambil dari RPJMD."
                   if not x.engine.target_given else " sebagaimana ditetapkan pengguna.")
                + " Tabel berikut menjabarkan sasaran itu per tahun.")
            _target_table(x)
    else:
        c.p("Kebijakan umum belum dapat dikuantifikasi karena proyeksi belum tersedia; arah kebijakan berikut bersifat "
            "kualitatif dan perlu diperbarui setelah data diimpor.")
    c.bullets(["Menjadikan penciptaan kesempatan kerja sebagai indikator kinerja lintas perangkat daerah (pengarusutamaan "
               "ketenagakerjaan dalam RPJMD/RKPD, PP 15/2007 Pasal 30).",
               "Memperbarui RTKD setiap tahun dengan data Sakernas Agustus terbaru dan mengevaluasi capaian sasaran."])
    c.h2("B", "Pengendalian Tambahan Angkatan Kerja")
    if v and ok(ak.get(base)) and ok(ak.get(end)):
        c.p(f"Angkatan kerja bertambah rata-rata {orang((ak[end] - ak[base]) / (end - base))} per tahun.",
            "Pengendalian diarahkan pada mutu, bukan menahan partisipasi: memperpanjang masa sekolah penduduk muda, "
            "memperluas pemagangan, dan menyiapkan layanan bagi migran kerja yang datang karena IKN." if x.with_ikn else
            "Pengendalian diarahkan pada mutu: memperpanjang masa sekolah penduduk muda dan memperluas pemagangan.")
    m, w = f.last("tpak_male", base)[1], f.last("tpak_female", base)[1]
    if ok(m) and ok(w):
        c.p(f"Kesenjangan TPAK laki-laki dan perempuan ({poin(m - w)}) membuka ruang program kewirausahaan dan kerja "
            "fleksibel bagi perempuan.")
    c.h2("C", "Pendidikan dan Pelatihan")
    edu = x.built.get("2.G.4")
    prio = []
    if edu is not None:
        latest = {}
        for label, by in edu.facts.get("tpt_edu", {}).items():
            yv = [(y, val) for y, val in by.items() if ok(val)]
            if yv:
                latest[label] = max(yv)
        if latest:
            ymax = max(y for y, _ in latest.values())
            total = f.get("tpt", ymax)
            prio = [lab for lab, (y, val) in latest.items() if y == ymax and ok(total) and val > total]
    if prio:
        c.p(f"Kelompok pendidikan dengan TPT di atas rata-rata ({join_id(prio)}) menjadi prioritas pelatihan berbasis "
            "kompetensi dan penyelarasan kurikulum SMK dengan kebutuhan industri (link and match).")
    b42 = x.built.get("4.E.2")
    if b42 is not None and not b42.table.placeholder and len(b42.table.rows) > 1 and ok(b42.table.rows[1][-1]):
        need = sum(val for val in b42.table.rows[1][1:] if ok(val))
        c.p(f"Kebutuhan lulusan pelatihan indikatif {base + 1}–{end} sekitar {orang(need)} (Tabel 4.E.2, asumsi). "
            "Kapasitas BLK/LPK perlu dibandingkan dengan angka ini begitu data kapasitas diimpor.")
    app, part = f.get("blk_training_applicants_wave1", 2023, month=3, region="64"), f.get("blk_training_participants_wave1", 2023, month=3, region="64")
    if ok(app) and ok(part) and part:
        c.p(f"Rasio {num(app / part, 1)} pendaftar per kursi di BLKI provinsi (2023) menunjukkan bahwa penambahan kapasitas "
            "pelatihan, termasuk kerja sama dengan LPK swasta dan industri, adalah kebutuhan nyata.")
    c.bullets(["Program Pelatihan Kerja dan Produktivitas Tenaga Kerja: pelatihan berbasis kompetensi, sertifikasi, "
               "pemagangan dan peningkatan produktivitas.",
               "Penyusunan peta kebutuhan kompetensi per lapangan usaha bersama asosiasi industri dan perguruan tinggi."])
    c.h2("D", "Kebijakan Sektoral")
    if v is not None:
        codes = v.codes("TAMBAHAN_KK", "sektor")
        if codes:
            adds = sorted(((cd, sum(val for y, val in v.group("TAMBAHAN_KK", "sektor", cd).items() if y > base and ok(val)))
                           for cd in codes), key=lambda t: -t[1])
            top = [v.label("sektor", cd).split(" ", 1)[-1].lower() for cd, val in adds[:3] if val > 0]
            neg = [v.label("sektor", cd).split(" ", 1)[-1].lower() for cd, val in adds if val < 0]
            c.p(("Lapangan usaha dengan tambahan kesempatan kerja terbesar — " + join_id(top) + " — menjadi prioritas "
                 "pelatihan dan penempatan. ") if top else "",
                ("Pekerja di lapangan usaha yang menyusut (" + join_id(neg) + ") memerlukan program alih keterampilan.") if neg else "")
        else:
            c.p("Proyeksi menurut lapangan usaha belum tersedia; kebijakan sektoral perlu ditetapkan setelah data penduduk "
                "bekerja menurut 17 lapangan usaha diimpor.")
    y_m, mining = f.last("share_adhb_pertambangan", base, month=None)
    if ok(mining) and mining >= 30:
        c.p(f"Pangsa pertambangan {persen(mining)} dari PDRB ({y_m}) menuntut diversifikasi ke industri pengolahan, "
            "pertanian modern, pariwisata dan jasa, yang lebih padat karya, serta penyiapan pekerja tambang untuk transisi "
            "energi.")
    c.h2("E", "Penempatan Tenaga Kerja")
    if v and tg is not None and "kk_gap" in tg.table.columns and len(tg.table):
        gap = float(tg.table["kk_gap"].iloc[-1])
        c.p(f"Untuk mencapai sasaran TPT diperlukan tambahan penempatan sekitar {orang(max(gap, 0))} di atas kesempatan kerja "
            f"yang diperkirakan pada {tg.target_year} (Tabel 4.F.2)." if ok(gap) and gap > 0 else
            "Perkiraan kesempatan kerja sudah mencapai sasaran TPT; fokus penempatan adalah mutu kecocokan kerja.")
    c.bullets(["Program Penempatan Tenaga Kerja: layanan antarkerja, bursa kerja, pendaftaran pencari kerja (AK/I) dan "
               "lowongan melalui SIAPkerja/Karirhub, serta pengantar kerja.",
               "Perluasan kesempatan kerja melalui padat karya, kewirausahaan dan tenaga kerja mandiri (PP 33/2013)."])
    c.h2("F", "Hubungan Industrial dan Jaminan Sosial")
    c.p("Perluasan kepesertaan BPJS Ketenagakerjaan bagi pekerja informal dan bukan penerima upah, penguatan LKS bipartit "
        "dan mediasi, serta penetapan upah minimum yang menjaga daya beli tanpa menghambat penciptaan kerja.")
    c.bullets(["Program Hubungan Industrial: pengesahan PP, pendaftaran PKB, pembinaan SP/SB dan LKS bipartit/tripartit, "
               "penyelesaian perselisihan.",
               "Pendataan perangkat hubungan industrial per tahun agar Tabel 2.K.1 dan 4.G.1 dapat diisi."])
    c.h2("G", "Pengawasan Ketenagakerjaan")
    c.p("Pengawasan ketenagakerjaan adalah kewenangan provinsi; sasarannya adalah kepatuhan norma kerja, keselamatan dan "
        "kesehatan kerja (K3) dan upah minimum, terutama di sektor berisiko tinggi seperti pertambangan dan konstruksi.")
    acc = f.get("work_accident_cases_jan_aug", 2024, month=None, region="64")
    if ok(acc):
        c.p(f"Kasus kecelakaan kerja yang tercatat BPJS Ketenagakerjaan mencapai {num(acc)} kasus pada Januari–Agustus 2024.")
    c.h2("H", "Kebijakan Lainnya: Ibu Kota Nusantara")
    if x.with_ikn and v is not None:
        ikn_name = x.main if x.main.endswith("+ikn") else next((n for n in v.scenario_names if n.endswith("+ikn")), None)
        ik = v.total("IKN_KK", ikn_name) if ikn_name else {}
        c.p(f"Modul IKN memperkirakan tambahan sekitar {orang(ik.get(end))} kesempatan kerja pada {end} (asumsi)."
            if ok(ik.get(end)) else "",
            "Data pekerja IKN dipegang Otorita IKN dan kementerian teknis, bukan Disnakertrans; sebagian besar pekerja konstruksi "
            "yang tercatat berasal dari luar Kalimantan.")
        c.bullets(["Kesepakatan berbagi data pekerja IKN (jumlah, asal daerah, sektor, keterampilan) antara Otorita IKN, "
                   "Kementerian PU dan Disnakertrans.",
                   "Target porsi tenaga kerja lokal pada proyek IKN, didukung pelatihan keterampilan konstruksi bersertifikat.",
                   "Penyiapan layanan penempatan dan perlindungan bagi pekerja migran yang menetap."])
    else:
        c.p("Dampak IKN tidak dimasukkan dalam proyeksi wilayah ini. Bila wilayah ini memasok tenaga kerja ke IKN, jalankan "
            "ulang dengan pilihan --ikn dan data pekerja IKN yang bersumber dari Otorita IKN.")


def _target_table(x: Context):
    c, base, v, tg = x.c, x.base, x.view, x.engine.target
    tpt, kk = x.total("TPT"), x.total("KK")
    rows = [["TPT perkiraan (persen)"] + [tpt.get(y) for y in v.years[1:]]]
    if tg is not None and len(tg.table):
        tb = tg.table.set_index("year")
        t0 = tpt.get(base)
        n = tg.target_year - base
        path = [t0 + (tg.target_tpt - t0) * (y - base) / n if ok(t0) and n else None for y in v.years[1:]]
        rows.append(["TPT sasaran (lintasan lurus, persen)"] + path)
        rows.append(["Kesempatan kerja perkiraan (orang)"] + [kk.get(y) for y in v.years[1:]])
        rows.append(["Kesempatan kerja untuk TPT sasaran akhir (orang)"]
                    + [float(tb.loc[y, "kk_required"]) if y in tb.index else None for y in v.years[1:]])
        rows.append(["Pertumbuhan PDRB yang diperlukan (persen)"]
                    + [float(tb.loc[y, "growth_required_pct"]) if y in tb.index else None for y in v.years[1:]])
    kinds = {0: "pct", 1: "pct", 4: "pct"}
    t = c.local("Sasaran Indikator Ketenagakerjaan per Tahun", [Column("Indikator", "text")] + [Column(str(y), "int") for y in v.years[1:]],
                rows, [v.method_line()], row_kinds={i: k for i, k in kinds.items() if i < len(rows)},
                notes=[("Sasaran TPT ilustratif (TPT tahun dasar dikurangi satu poin persen) karena sasaran RPJMD belum dimasukkan; "
                        "ganti dengan sasaran resmi melalui pilihan --sasaran-tpt.") if not x.engine.target_given else
                       "Sasaran TPT ditetapkan pengguna (--sasaran-tpt); lintasan antartahun ditarik lurus dari tahun dasar."])
    c.table(t, v._urls)


def bab7(x: Context):
    c, base, end, v = x.c, x.base, x.end, x.view
    c.h1("VII", "PENUTUP")
    c.h2("A", "Kesimpulan")
    items = []
    if v is not None:
        ak, kk, tpt = x.total("AK"), x.total("KK"), x.total("TPT")
        if ok(ak.get(end)):
            items.append(f"Persediaan tenaga kerja (angkatan kerja) {x.label} diperkirakan mencapai {orang(ak[end])} pada {end}.")
        if ok(kk.get(end)):
            items.append(f"Kebutuhan tenaga kerja (kesempatan kerja) skenario {scenario_label(x.main)} diperkirakan {orang(kk[end])} pada {end}.")
        if ok(tpt.get(end)):
            items.append(f"TPT diperkirakan {persen(tpt[end])} pada {end} (tahun dasar {persen(tpt.get(base))}).")
    else:
        items.append(f"Proyeksi {x.label} belum dapat dihitung; BAB III–V memuat kerangka tabel yang akan terisi setelah data diimpor.")
    n_tables = len(x.rd.tables)
    n_empty = sum(1 for t in x.rd.tables if t.placeholder)
    items.append(f"Dari {n_tables} tabel dalam dokumen ini, {n_empty} belum memiliki data sama sekali dan banyak tabel lain "
                 "masih memuat sel 'data belum tersedia'.")
    c.bullets(items, numbered=True)
    c.h2("B", "Saran")
    c.p("Agar RTKD dapat ditetapkan dan dipakai sebagai dasar program, data berikut perlu diimpor ke Sinergi:")
    gaps = []
    for provider, codes in x.gaps.items():
        gaps.append(f"{provider}: Tabel {', '.join(codes)}.")
    c.bullets(gaps or ["Tidak ada tabel yang kosong."])
    c.bullets(["Verifikasi seluruh angka historis dengan tabel resmi BPS sebelum penetapan.",
               "Selaraskan asumsi pertumbuhan PDRB dengan RPJMD dan sasaran TPT resmi.",
               "Tetapkan RTKD dengan peraturan kepala daerah dan evaluasi capaiannya setiap tahun."])


def pustaka(x: Context):
    c = x.c
    c.rd.body.append(Block("h1", "DAFTAR PUSTAKA"))
    c.bullets([law.split(" — ")[0] + "." if " — " in law else law
               for law in LEGAL_BASIS + ([IKN_LAW] if x.rd.region_code in IKN_REGIONS else [])])
    c.p("Sumber data (nomor rujukan dipakai di bawah tabel):")
    entries = x.rd.sources.entries()
    if entries:
        x.rd.body.append(Block("refs", items=entries))
    else:
        c.p("Belum ada sumber data yang dikutip.")


def front_matter(x: Context):
    rd = x.rd
    v = x.view
    base, end = x.base, x.end
    kp = [Block("p", f"Rencana Tenaga Kerja Daerah (RTKD) {x.label} tahun {rd.title_period} disusun sebagai pelaksanaan "
                     "Undang-Undang Nomor 13 Tahun 2003 dan Peraturan Pemerintah Nomor 15 Tahun 2007, yang mewajibkan "
                     "perencanaan tenaga kerja sebagai dasar kebijakan, strategi dan program ketenagakerjaan."),
          Block("p", "Dokumen ini memuat kondisi ketenagakerjaan, perkiraan persediaan dan kebutuhan tenaga kerja, neraca "
                     "keduanya, serta arah kebijakan yang diturunkan dari angka-angka tersebut. Seluruh tabel juga tersedia "
                     "dalam buku kerja Excel pendamping agar dapat diperiksa dan diperbarui."),
          Block("p", "Kami mengharapkan masukan dari perangkat daerah, BPS, dunia usaha dan serikat pekerja untuk "
                     "penyempurnaan dokumen ini."),
          Block("signature", items=[f"{x.label}, ............ {pd.Timestamp.today().year}",
                                    f"Kepala {rd.agency.split(' ' + x.label)[0]}", "", "", "(....................................)"])]
    summary: list[str] = []
    if v is not None:
        ak, kk, un, tpt = (v.total(n) for n in ("AK", "KK", "PENGANGGUR", "TPT"))
        if ok(ak.get(base)) and ok(ak.get(end)):
            summary.append(f"Angkatan kerja diperkirakan {change_phrase(ak[base], ak[end])} dari {orang(ak[base])} ({base}) "
                           f"menjadi {orang(ak[end])} ({end}).")
        if ok(kk.get(base)) and ok(kk.get(end)):
            summary.append(f"Kesempatan kerja (skenario {scenario_label(x.main)}) diperkirakan {change_phrase(kk[base], kk[end])} "
                           f"menjadi {orang(kk[end])} pada {end}.")
        if ok(tpt.get(base)) and ok(tpt.get(end)):
            summary.append(f"TPT diperkirakan {rate_change_phrase(tpt[base], tpt[end])} dari {persen(tpt[base])} menjadi "
                           f"{persen(tpt[end])}; penganggur {orang(un.get(end))} pada {end}.")
        rng = [v.total("TPT", n).get(end) for n in v.scenario_names]
        rng = [r for r in rng if ok(r)]
        if len(rng) > 1:
            summary.append(f"Menurut seluruh skenario, TPT {end} berada pada rentang {persen(min(rng))}–{persen(max(rng))}"
                           + ("; TPT 0 berarti kesempatan kerja melampaui angkatan kerja setempat (kekurangan tenaga kerja "
                              "yang dipenuhi migrasi masuk)." if min(rng) < 0.005 else "."))
        if x.with_ikn:
            summary.append("Dampak IKN dihitung dengan parameter asumsi yang bersumber dari pernyataan pejabat; angkanya "
                           "ilustratif.")
        if x.engine.target is not None:
            tg = x.engine.target
            summary.append(f"Untuk TPT {persen(tg.target_tpt)} pada {tg.target_year} diperlukan pertumbuhan PDRB sekitar "
                           f"{persen(tg.uniform_growth_pct)} per tahun." if ok(tg.uniform_growth_pct) else
                           f"Sasaran TPT {persen(tg.target_tpt)} tidak tercapai dengan pertumbuhan PDRB yang wajar.")
    else:
        summary.append(f"Proyeksi {x.label} belum dapat dihitung karena data dasar belum lengkap; lihat BAB III untuk daftar "
                       "data yang harus diimpor.")
    n_empty = sum(1 for t in rd.tables if t.placeholder)
    summary.append(f"Dokumen memuat {len(rd.tables)} tabel; {n_empty} di antaranya belum memiliki data dan menyebutkan "
                   "instansi penyedianya.")
    exec_blocks = [Block("p", clean(f"Ringkasan hasil perencanaan tenaga kerja {x.label} {rd.title_period}:")),
                   Block("bullets", items=[clean(s) for s in summary])]
    rd.front = [("KATA PENGANTAR", kp), ("RINGKASAN EKSEKUTIF", exec_blocks), ("DAFTAR ISI", []),
                ("DAFTAR TABEL", []), ("DAFTAR GAMBAR", [])]


def extra_sheets(x: Context):
    if x.view is None:
        return
    r = x.view.result
    try:
        x.rd.extra_sheets["Hasil Proyeksi"] = r.long()
        x.rd.extra_sheets["Parameter"] = r.parameters()
        x.rd.extra_sheets["Asal Data"] = r.provenance
    except Exception as exc:  # pragma: no cover - optional extras never block the document
        x.rd.warnings.append(f"Sheet tambahan tidak ditulis: {exc}")


def _check_codes(rd: RtkdDocument) -> None:
    want = [t.code for t in tables_for(rd.is_province)]
    have = {t.code for t in rd.tables}
    missing = [c for c in want if c not in have]
    if missing:
        rd.warnings.append("Tabel resmi tidak ada di dokumen: " + ", ".join(missing))
    if not rd.is_province:
        extra = sorted(have & PROVINCE_ONLY)
        if extra:
            rd.warnings.append("Tabel khusus provinsi muncul di dokumen kabupaten/kota: " + ", ".join(extra))


# ---------------------------------------------------------------------------
# entry point
# ---------------------------------------------------------------------------

def build_rtkd(region_code: str, base_year: int, end_year: int, output: str | Path = "RTKD.docx", *,
               xlsx: str | Path | None = None, scenario: str = "moderat", ikn: bool | None = None,
               target_tpt: float | None = None, agency: str | None = None, **kw) -> RtkdOutput:
    """Compose and write the RTKD (.docx) and its companion workbook (.xlsx, default: same
    name beside it). ``ikn=None`` includes the IKN module for the province only."""
    output = Path(output)
    if output.suffix.lower() != ".docx":
        output = output.with_suffix(".docx")
    xlsx = Path(xlsx) if xlsx else output.with_suffix(".xlsx")
    rd = compose_rtkd(region_code, base_year, end_year, scenario=scenario, ikn=ikn, target_tpt=target_tpt,
                      agency=agency, **kw)
    write_docx(rd, output)
    write_workbook(rd, xlsx)
    return RtkdOutput(output, xlsx, rd)

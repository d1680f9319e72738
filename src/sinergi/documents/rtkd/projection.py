"""BAB III–V of the RTKD: projection tables (3.A.1 … 5.D.2) from an engine result.

Works on :class:`sinergi.core.rtk.ProjectionResult`. The document shows one *main* scenario
in the official tables (default ``moderat``, with the IKN shock when it was run) and compares
all scenarios in extra tables. When there is no result (the data of a kabupaten/kota are too
sparse for a projection), every table still appears with "data belum tersedia" and the
narrative says which data must be imported.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sinergi.documents.docx_utils import MISSING, CaptionedTable, Column
from sinergi.documents.rtkd.catalog import BY_CODE
from sinergi.documents.rtkd.history import SECTOR_NAME, SECTORS, Built, kabkota_codes, placeholder
from sinergi.documents.rtkd.sources import SourceBook
from sinergi.documents.rtkd.text import ok

DIMENSIONS = {
    "umur": "golongan umur",
    "pendidikan": "pendidikan",
    "jenis_kelamin": "jenis kelamin",
    "kabkota": "kabupaten/kota",
    "status": "status pekerjaan",
    "sektor": "lapangan usaha",
    "jabatan": "jabatan",
    "jam_kerja": "jumlah jam kerja",
}

GROUP_LABELS = {
    "pendidikan": {
        "sd_kebawah": "SD ke bawah", "sd": "SD ke bawah", "smp": "SMP", "smp_kebawah": "SMP ke bawah",
        "sma_smk": "SMA/SMK", "sma": "SMA umum", "smk": "SMK", "diploma": "Diploma I/II/III",
        "universitas": "Universitas", "perguruan_tinggi": "Perguruan tinggi", "diploma_universitas": "Diploma dan universitas",
    },
    "status": {"formal": "Formal", "informal": "Informal"},
    "jenis_kelamin": {"l": "Laki-laki", "laki_laki": "Laki-laki", "laki-laki": "Laki-laki", "male": "Laki-laki",
                      "p": "Perempuan", "perempuan": "Perempuan", "female": "Perempuan"},
}

SCENARIO_LABELS = {"moderat": "Moderat", "optimis": "Optimis", "pesimis": "Pesimis"}


def scenario_label(name: str) -> str:
    base, _, plus = name.partition("+")
    label = SCENARIO_LABELS.get(base, base.capitalize())
    return f"{label} + IKN" if plus == "ikn" else label


def group_label(dim: str, code: str) -> str:
    if dim == "sektor":
        key = code.replace("-", ",")
        if key in SECTOR_NAME:
            return f"{key} {SECTOR_NAME[key]}"
        if code in SECTOR_NAME:
            return f"{code} {SECTOR_NAME[code]}"
        return code
    if dim == "kabkota":
        names = dict(kabkota_codes())
        return names.get(code, code)
    return GROUP_LABELS.get(dim, {}).get(code.lower(), code.replace("_", " ").capitalize())


def natural_order(dim: str, code: str) -> tuple:
    """Categories in the order a reader expects: education low → high, age groups young → old,
    men before women, formal before informal, regencies by BPS code."""
    from sinergi.documents.rtk_files import EDUCATION

    if dim == "pendidikan":
        return (EDUCATION.index(code) if code in EDUCATION else len(EDUCATION), code)
    if dim == "umur":
        digits = "".join(ch if ch.isdigit() else " " for ch in code).split()
        return (int(digits[0]) if digits else 999, code)
    order = {"jenis_kelamin": ("laki_laki", "laki-laki", "l", "perempuan", "p"), "status": ("formal", "informal")}.get(dim)
    if order:
        return (order.index(code) if code in order else len(order), code)
    return (0, code)


IMPUTED_NOTE = ("Rincian menurut {what} tidak diproyeksikan per kelompok: jumlahnya dibagi dengan pangsa setiap kelompok "
                "pada tahun data terakhir (imputasi), sehingga pangsa kelompok tetap sepanjang periode.")


def sector_order(code: str) -> tuple:
    order = [c for c, _ in SECTORS]
    key = code.replace("-", ",")
    return (order.index(key) if key in order else 99, code)


#: short planners' names of the method codes of :data:`sinergi.core.rtk.METHOD_NAMES`
METHOD_SHORT = {
    "data": "data", "proyeksi_penduduk": "proyeksi penduduk BPS", "tren_teredam": "tren teredam",
    "elastisitas": "elastisitas", "neraca": "neraca", "laju_provinsi": "laju provinsi",
    "turunan_provinsi": "turunan provinsi", "identitas": "identitas", "skenario": "asumsi skenario",
    "ikn": "modul IKN", "pangsa": "pangsa kelompok", "tren_linear": "tren linear", "sederhana": "metode pertama",
}
#: what each method does, in planners' words (the document never prints code names)
METHOD_TEXT = {
    "data": "angka tahun dasar (data BPS, atau dihitung dari angka BPS yang terbit)",
    "proyeksi_penduduk": "mengikuti proyeksi penduduk BPS hasil SP2020",
    "tren_teredam": "tren beberapa tahun yang diredam, di dalam rentang historisnya",
    "elastisitas": "elastisitas kesempatan kerja terhadap PDRB dikali pertumbuhan PDRB skenario",
    "neraca": "neraca persediaan dan kebutuhan: TPT berjangkar pada tahun dasar dan tidak turun di bawah lantai "
              "pengangguran friksional",
    "laju_provinsi": "angka wilayah sendiri digerakkan dengan laju provinsi",
    "turunan_provinsi": "diturunkan dari perkiraan provinsi dengan pangsa terakhir wilayah",
    "identitas": "dihitung dari angka lain (angkatan kerja = penduduk usia kerja × TPAK; produktivitas = PDRB dibagi "
                 "penduduk bekerja; tambahan = selisih tahunan)",
    "skenario": "asumsi pertumbuhan PDRB skenario",
    "ikn": "modul IKN (parameter asumsi)",
    "pangsa": "rincian dengan pangsa kelompok pada tahun data terakhir",
    "tren_linear": "garis lurus (pembanding)",
    "sederhana": "metode pertama: laju majemuk dan neraca sederhana",
}
BAND_PREFIX = "Pita "  # rows of a band under a total (not a breakdown)
METHOD_ROW = "Metode"
BANDED = ("PUK", "TPAK", "AK", "KK", "PENGANGGUR", "TPT")


def method_label(code: str) -> str:
    return METHOD_SHORT.get(code, code.replace("_", " "))


@dataclass
class ProjectionView:
    """Read access to one projection result for the document."""

    result: object  # ProjectionResult
    main: str
    sources: SourceBook
    scheme: object | None = None  # SectorScheme for sector names
    run: object | None = None  # EngineRun: methods, bands and warnings of the figures
    _urls: list[str] = field(default_factory=list)
    _index: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        prov = getattr(self.result, "provenance", None)
        if prov is not None and len(prov) and "source" in prov.columns:
            self._urls = [u for u in dict.fromkeys(prov["source"].astype(str)) if u.startswith("http")]

    @property
    def base(self) -> int:
        return int(self.result.base_year)

    @property
    def end(self) -> int:
        return int(self.result.end_year)

    @property
    def years(self) -> list[int]:
        return [self.base] + list(self.result.years)

    @property
    def scenario_names(self) -> list[str]:
        return list(self.result.scenarios)

    def res(self, name: str | None = None):
        return self.result.scenarios[name or self.main]

    def _values(self, name: str | None, var: str, group: str) -> dict[int, float | None]:
        """``{year: value}`` of one series, from an index built once per scenario (the
        chapters read the same series many times)."""
        name = name or self.main
        index = self._index.get(name)
        if index is None:
            t = self.res(name).table
            index = {}
            for v, g, y, x in zip(t["variable"], t["group"], t["year"].astype(int), t["value"].astype(float), strict=True):
                index.setdefault((v, g), {})[y] = x  # the last row of a year, as a Series lookup
            self._index[name] = index
        s = index.get((var, group), {})
        return {y: (float(s[y]) if y in s and ok(s[y]) else None) for y in self.years}

    def total(self, var: str, name: str | None = None) -> dict[int, float | None]:
        return self._values(name, var, "")

    def group(self, var: str, dim: str, code: str, name: str | None = None) -> dict[int, float | None]:
        return self._values(name, var, f"{dim}:{code}")

    def codes(self, var: str, dim: str, name: str | None = None) -> list[str]:
        t = self.res(name).table
        prefix = dim + ":"
        gs = t.loc[(t["variable"] == var) & t["group"].str.startswith(prefix), "group"].unique()
        codes = sorted({g[len(prefix):] for g in gs})
        if dim == "sektor":
            codes.sort(key=sector_order)
        else:
            codes.sort(key=lambda c: natural_order(dim, c))
        return codes

    def imputed(self, var: str, dim: str, codes: list[str], years: list[int]) -> bool:
        """Whether the breakdown of ``var`` by ``dim`` was apportioned by the groups' last shares (not projected per group)."""
        return any(self.method(var, y, group=f"{dim}:{c}") == "pangsa" for c in codes for y in years[1:])

    def method(self, var: str, year: int, name: str | None = None, group: str = "") -> str:
        """The method code of one value (``data`` for the base year)."""
        if self.run is not None:
            return self.run.method(name or self.main, var, year, group)
        return ""

    def band(self, var: str, year: int, name: str | None = None) -> tuple[float, float] | None:
        return self.run.band(var, year, name or self.main) if self.run is not None else None

    @property
    def band_level(self) -> float | None:
        return self.run.band_level if self.run is not None else None

    def warning(self, var: str) -> str:
        """The runner's guardrail text with variable codes in planners' words."""
        text = self.run.warnings.get(var, "") if self.run is not None else ""
        for code, words in (("PENGANGGUR", "penganggur"), ("KEKURANGAN", "kekurangan tenaga kerja")):
            text = text.replace(code, words)
        return text

    def band_rows(self, var: str, years: list[int], name: str | None = None) -> list[list]:
        """Rows 'Pita 80 %: batas bawah/atas' (empty list when the backtest gives no band for ``var``)."""
        if var not in BANDED or self.band_level is None:
            return []
        bands = {y: self.band(var, y, name) for y in years}
        if not any(bands.values()):
            return []
        pct = f"{self.band_level * 100:.0f} %"
        base = years[0]  # the base year is data: no band
        return [[f"{BAND_PREFIX}{pct}: batas bawah"] + ["–" if y == base else bands[y][0] if bands[y] else None for y in years],
                [f"{BAND_PREFIX}{pct}: batas atas"] + ["–" if y == base else bands[y][1] if bands[y] else None for y in years]]

    def method_row(self, var: str, years: list[int], name: str | None = None) -> list | None:
        codes = [self.method(var, y, name) for y in years]
        if not any(codes):
            return None
        return [METHOD_ROW] + [method_label(c) if c else "–" for c in codes]

    def method_notes(self, var: str, years: list[int], name: str | None = None) -> list[str]:
        """One note naming the methods behind ``var`` and the band's basis (for a table's notes)."""
        codes = [c for c in dict.fromkeys(self.method(var, y, name) for y in years) if c and c != "data"]
        out = []
        if codes:
            out.append("Metode per angka: " + "; ".join(f"{method_label(c)} = {METHOD_TEXT.get(c, method_label(c))}" for c in codes) + ".")
        if self.band_rows(var, years, name):
            out.append(f"Pita {self.band_level * 100:.0f} %: rentang tempat angka sebenarnya diperkirakan berada, dari galat "
                       "uji balik bergulir metode ini pada data wilayah untuk jarak tahun yang sama (lihat BAB I).")
        w = self.warning(var)
        if w:
            out.append("Peringatan: " + w)
        return out

    def sector_name(self, code: str) -> str:
        if self.scheme is not None:
            try:
                name = self.scheme.name(code)
                if name and name != code:
                    return f"{code} {name}"
            except Exception:  # pragma: no cover - scheme is optional
                pass
        return group_label("sektor", code)

    def label(self, dim: str, code: str) -> str:
        return self.sector_name(code) if dim == "sektor" else group_label(dim, code)

    def method_line(self, name: str | None = None) -> str:
        for u in self._urls:
            self.sources.number(u)
        return (f"Hasil perkiraan, metode perencanaan tenaga kerja makro (metode setiap angka pada baris 'Metode' dan "
                f"catatan tabel; uraian di BAB I), skenario {scenario_label(name or self.main)}; data dasar: BPS "
                f"(Sakernas Agustus, PDRB ADHK 2010, proyeksi penduduk), rincian sumber di Daftar Pustaka")

    def elasticity(self, name: str | None = None) -> float | None:
        for e in self.res(name).elasticities:
            if e.sector == "":
                return float(e.value)
        return None


def year_cols(label: str, years: list[int], base: int, kind: str, estimated: bool = False) -> list[Column]:
    """Year columns; the base year is marked '(dasar)', or '(dasar, taksiran)' when the method had to
    estimate the base-year figures because BPS published none complete for the region."""
    mark = " (dasar, taksiran)" if estimated else " (dasar)"
    return [Column(label, "text")] + [Column(f"{y}{mark}" if y == base else str(y), kind) for y in years]


ESTIMATED_BASE_NOTE = ("Angka tahun dasar {base} pada tabel ini adalah taksiran metode ({how}), karena angka terbit BPS "
                       "wilayah ini untuk tahun itu tidak lengkap; angka yang terbit ditampilkan pada BAB II dan dapat "
                       "berbeda. Perkiraan tahun-tahun berikutnya bertolak dari taksiran ini.")


class ProjectionTables:
    """Builds 3.A.1 … 5.D.2 (plus scenario comparison tables) from a :class:`ProjectionView`,
    or placeholders when ``view`` is ``None``."""

    def __init__(self, view: ProjectionView | None, is_province: bool, base: int, end: int,
                 missing_reason: str = ""):
        self.view = view
        self.is_province = is_province
        self.base = base
        self.end = end
        self.years = [base] + list(range(base + 1, end + 1))
        self.missing_reason = missing_reason

    # -- generic ------------------------------------------------------------------
    def _no_result(self, code: str) -> Built:
        spec = BY_CODE[code]
        rows = [[f"{MISSING} — proyeksi belum dapat dihitung; lengkapi data dasar (lihat bagian pengantar bab ini)"]]
        return Built(CaptionedTable(code=code, title=spec.title, columns=[Column("Keterangan", "text")], rows=rows,
                                    sources=["Proyeksi belum dihitung: data dasar wilayah ini belum lengkap."],
                                    placeholder=True))

    def by_group(self, code: str, var: str, dim: str, kind: str, total_label: str = "Jumlah",
                 notes: list[str] | None = None) -> Built:
        if self.view is None:
            return self._no_result(code)
        v = self.view
        rows = []
        codes = v.codes(var, dim) if dim else []
        for c in codes:
            vals = v.group(var, dim, c)
            rows.append([v.label(dim, c)] + [vals[y] for y in self.years])
        if dim and not codes:
            rows.append([f"Rincian menurut {DIMENSIONS.get(dim, dim)}"] + [None] * len(self.years))
        tot = v.total(var)
        rows.append([total_label] + [tot[y] for y in self.years])
        total_at = len(rows) - 1
        rows += v.band_rows(var, self.years)
        mrow = v.method_row(var, self.years)
        kinds = {}
        if mrow:
            rows.append(mrow)
            kinds[len(rows) - 1] = "text"
        notes = list(notes or []) + v.method_notes(var, self.years)
        if codes and v.imputed(var, dim, codes, self.years):
            notes.append(IMPUTED_NOTE.format(what=DIMENSIONS.get(dim, dim)))
        if dim and not codes:
            notes.append(f"Rincian menurut {DIMENSIONS.get(dim, dim)} belum dapat diproyeksikan: data dasar per kelompok "
                         f"belum tersedia — perlu dilengkapi dari {BY_CODE[code].provider}.")
        base_method = v.method(var, self.base)
        estimated = base_method not in ("", "data")
        if estimated:
            notes.append(ESTIMATED_BASE_NOTE.format(base=self.base, how=method_label(base_method)))
        t = CaptionedTable(code=code, title=BY_CODE[code].title, columns=year_cols("Uraian" if dim != "sektor" else "Lapangan Usaha",
                                                                                     self.years, self.base, kind, estimated),
                           rows=rows, sources=[v.method_line()], notes=notes, bold_rows={total_at}, row_kinds=kinds)
        return Built(t, facts={"codes": codes})

    # -- BAB III ------------------------------------------------------------------
    def bab3(self) -> list[Built]:
        out = []
        for letter, var, kind, total in (("A", "PUK", "int", "Jumlah"), ("B", "TPAK", "pct", "Total"),
                                         ("C", "AK", "int", "Jumlah")):
            for i, dim in enumerate(("umur", "pendidikan", "jenis_kelamin", "kabkota"), start=1):
                if dim == "kabkota" and not self.is_province:
                    continue
                out.append(self.by_group(f"3.{letter}.{i}", var, dim, kind, total))
        return out

    # -- BAB IV -------------------------------------------------------------------
    def t_4A1(self) -> Built:
        if self.view is None:
            return self._no_result("4.A.1")
        return self.by_group("4.A.1", "PDRB_TUMBUH", "sektor", "pct", "PDRB",
                             notes=["Laju tahun dasar adalah laju teramati; tahun proyeksi memakai asumsi skenario."])

    def t_4A2(self) -> Built:
        if self.view is None:
            return self._no_result("4.A.2")
        v = self.view
        codes = v.codes("PDRB", "sektor")
        tot = v.total("PDRB")
        rows = []
        for c in codes:
            g = v.group("PDRB", "sektor", c)
            rows.append([v.label("sektor", c)] + [g[y] / tot[y] * 100 if ok(g[y]) and ok(tot[y]) and tot[y] else None
                                                  for y in self.years])
        if not codes:
            rows.append(["Rincian menurut lapangan usaha"] + [None] * len(self.years))
        rows.append(["PDRB ADHK 2010 (Rp miliar)"] + [tot[y] for y in self.years])
        t = CaptionedTable(code="4.A.2", title=BY_CODE["4.A.2"].title,
                           columns=year_cols("Lapangan Usaha", self.years, self.base, "pct"), rows=rows,
                           sources=[v.method_line()], bold_rows={len(rows) - 1}, row_kinds={len(rows) - 1: "int"},
                           notes=["Struktur = PDRB lapangan usaha dibagi PDRB total tahun yang sama."]
                           + ([] if codes else [f"Rincian PDRB menurut lapangan usaha belum tersedia — perlu dilengkapi dari {BY_CODE['4.A.2'].provider}."]))
        return Built(t)

    def t_4B1(self, ikn: object | None) -> Built:
        spec = BY_CODE["4.B.1"]
        if self.view is None or ikn is None:
            return Built(placeholder(spec, "rencana nilai investasi, jumlah proyek dan kebutuhan tenaga kerja per sektor"))
        v = self.view
        proj = self.years[1:]
        spend = getattr(ikn, "spending", {}) or {}
        workers = getattr(ikn, "workers", {}) or {}

        def step(d, y):
            ks = [k for k in d if int(k) <= y]
            return float(d[max(ks)]) if ks else None

        ikn_name = next((n for n in v.scenario_names if n.endswith("+ikn")), None)
        jobs = v.total("IKN_KK", ikn_name) if ikn_name else {}
        rows = [["Belanja pembangunan IKN (Rp triliun per tahun, asumsi)"] + [step(spend, y) for y in proj],
                ["Pekerja konstruksi IKN di lokasi (orang, asumsi)"] + [step(workers, y) for y in proj],
                ["Tambahan kesempatan kerja dari modul IKN (orang, kumulatif)"] + [jobs.get(y) for y in proj],
                ["Rencana investasi lain (PMA/PMDN) per sektor"] + [None] * len(proj)]
        t = CaptionedTable(code="4.B.1", title=spec.title, columns=[Column("Uraian", "text")] + [Column(str(y), "int") for y in proj],
                           rows=rows, row_kinds={0: "dec2"},
                           sources=[v.sources.line(list(getattr(ikn, "sources", []) or []),
                                                   f"Parameter perhitungan dampak IKN ('{getattr(ikn, 'label', '') or getattr(ikn, 'name', 'IKN')}')")],
                           notes=["Angka IKN adalah parameter asumsi yang bersumber dari pernyataan pejabat di media, bukan rencana "
                                  "investasi resmi; ganti dengan data DPMPTSP/OIKN bila tersedia.",
                                  f"Rencana investasi lain: {MISSING} — perlu dilengkapi dari {spec.provider}."])
        return Built(t)

    def bab4_kk(self) -> list[Built]:
        out = []
        dims = ["sektor", "umur", "pendidikan", "jenis_kelamin", "status", "jabatan", "jam_kerja", "kabkota"]
        for i, dim in enumerate(dims, start=1):
            if dim == "kabkota" and not self.is_province:
                continue
            out.append(self.by_group(f"4.C.{i}", "KK", dim, "int"))
        return out

    def t_4D1(self) -> Built:
        if self.view is None:
            return self._no_result("4.D.1")
        return self.by_group("4.D.1", "PRODUKTIVITAS", "sektor", "dec1", "Total",
                             notes=["Produktivitas = PDRB ADHK 2010 dibagi kesempatan kerja (juta rupiah per pekerja per tahun)."])

    def _added(self, code: str, dims: list[str], notes: list[str]) -> Built:
        if self.view is None:
            return self._no_result(code)
        v = self.view
        proj = self.years[1:]
        rows = []
        for dim in dims:
            codes = v.codes("TAMBAHAN_KK", dim)
            if not codes:
                rows.append([f"Rincian menurut {DIMENSIONS[dim]}"] + [None] * len(proj))
            for c in codes:
                g = v.group("TAMBAHAN_KK", dim, c)
                rows.append([f"{DIMENSIONS[dim].capitalize()}: {v.label(dim, c)}"] + [g[y] for y in proj])
            if codes and v.imputed("TAMBAHAN_KK", dim, codes, self.years):
                notes = list(notes) + [IMPUTED_NOTE.format(what=DIMENSIONS[dim])]
        tot = v.total("TAMBAHAN_KK")
        rows.append(["Jumlah tambahan kesempatan kerja"] + [tot[y] for y in proj])
        t = CaptionedTable(code=code, title=BY_CODE[code].title,
                           columns=[Column("Uraian", "text")] + [Column(str(y), "int") for y in proj], rows=rows,
                           sources=[v.method_line()], notes=notes, bold_rows={len(rows) - 1})
        return Built(t)

    def t_4E1(self) -> Built:
        return self._added("4.E.1", ["status", "pendidikan"],
                           ["Tabel silang status × pendidikan belum tersedia; ditampilkan menurut masing-masing rincian. "
                            "Nilai negatif berarti kesempatan kerja kelompok itu menyusut."])

    def t_4F1(self) -> Built:
        return self._added("4.F.1", ["status", "sektor"],
                           ["Tabel silang status × lapangan usaha belum tersedia; ditampilkan menurut masing-masing rincian."])

    def t_4E2(self, formal_share: float | None) -> Built:
        spec = BY_CODE["4.E.2"]
        if self.view is None:
            return self._no_result("4.E.2")
        v = self.view
        proj = self.years[1:]
        add = v.total("TAMBAHAN_KK")
        rows = [["Tambahan kesempatan kerja (orang)"] + [add[y] for y in proj]]
        share_note = []
        if ok(formal_share):
            rows.append([f"Kebutuhan lulusan pelatihan indikatif, batas atas (orang) = tambahan KK × pangsa formal {formal_share:.2f} %".replace(".", ",")]
                        + [max(0.0, add[y] * formal_share / 100) if ok(add[y]) else None for y in proj])
            share_note = ["Kebutuhan pelatihan indikatif memakai asumsi bahwa setiap tambahan pekerjaan formal memerlukan satu "
                          "lulusan pelatihan berbasis kompetensi; ini aturan perencanaan (asumsi), bukan hasil pengukuran."]
        rows += [["Kapasitas terpasang BLK/LPK (orang per tahun)"] + [None] * len(proj),
                 ["Instruktur yang diperlukan (orang)"] + [None] * len(proj)]
        t = CaptionedTable(code="4.E.2", title=spec.title, columns=[Column("Uraian", "text")] + [Column(str(y), "int") for y in proj],
                           rows=rows, sources=[v.method_line()],
                           notes=share_note + [f"Kapasitas dan instruktur: {MISSING} — perlu dilengkapi dari {spec.provider}."])
        return Built(t)

    def t_4F2(self, target) -> Built:
        spec = BY_CODE["4.F.2"]
        if self.view is None or target is None:
            return Built(placeholder(spec, "target lowongan, pencari kerja dan penempatan per tahun"))
        v = self.view
        proj = self.years[1:]
        tab = target.table.set_index("year") if "year" in target.table.columns else target.table
        def col(c):
            return [float(tab.loc[y, c]) if y in tab.index and c in tab.columns and ok(tab.loc[y, c]) else None for y in proj]
        pen = v.total("PENGANGGUR")
        rows = [["Penganggur terbuka menurut proyeksi (orang)"] + [pen[y] for y in proj],
                ["Kesempatan kerja yang diperlukan untuk TPT sasaran (orang)"] + col("kk_required"),
                ["Selisih KK diperlukan − KK perkiraan (orang; negatif = sasaran terlampaui)"] + col("kk_gap"),
                ["Lowongan terdaftar, pencari kerja terdaftar, bursa kerja dan pengantar kerja"] + [None] * len(proj)]
        tt = target.target_tpt
        t = CaptionedTable(code="4.F.2", title=spec.title, columns=[Column("Uraian", "text")] + [Column(str(y), "int") for y in proj],
                           rows=rows, sources=[v.method_line()],
                           notes=[f"TPT sasaran {tt:.2f} persen pada {target.target_year} (lihat BAB VI); selisih positif = "
                                  "pekerjaan yang harus diisi melalui penempatan di luar yang diproyeksikan.".replace(".", ",", 1),
                                  f"Data layanan penempatan: {MISSING} — perlu dilengkapi dari {spec.provider}."])
        return Built(t)

    def t_4G1(self) -> Built:
        return Built(placeholder(BY_CODE["4.G.1"], "target tahunan mediator, PP, PKB, SP/SB, LKS bipartit, perusahaan dan tenaga kerja"))

    def t_4G2(self, ump: dict[int, float | None]) -> Built:
        spec = BY_CODE["4.G.2"]
        proj = self.years[1:]
        vals = [ump.get(y) for y in proj]
        if not any(ok(x) for x in vals):
            return Built(placeholder(spec, "target upah minimum per tahun"))
        rows = [["UMP yang telah ditetapkan"] + vals]
        t = CaptionedTable(code="4.G.2", title=spec.title, columns=[Column("Uraian", "text")] + [Column(str(y), "rp") for y in proj],
                           rows=rows, sources=["Keputusan Gubernur Kalimantan Timur tentang UMP (lihat Tabel 2.K.2)"],
                           notes=["Upah minimum ditetapkan setiap tahun oleh Gubernur menurut formula pengupahan nasional; "
                                  "dokumen ini tidak memperkirakannya. Tahun yang belum ditetapkan tertulis 'data belum tersedia'."])
        return Built(t)

    def t_4H1(self) -> Built:
        return Built(placeholder(BY_CODE["4.H.1"], "target perusahaan yang diperiksa dan pegawai pengawas"))

    # -- BAB V --------------------------------------------------------------------
    def bab5(self) -> list[Built]:
        out = []
        for letter, dim in zip("ABCD", ("umur", "pendidikan", "jenis_kelamin", "kabkota"), strict=False):
            if dim == "kabkota" and not self.is_province:
                continue
            out.append(self.by_group(f"5.{letter}.1", "PENGANGGUR", dim, "int"))
            out.append(self.by_group(f"5.{letter}.2", "TPT", dim, "pct", "Total"))
        return out

    # -- comparison tables (local numbers) -------------------------------------------
    def scenario_balance(self, code: str) -> Built | None:
        if self.view is None:
            return None
        v = self.view
        rows, kinds = [], {}
        seen_ak = {}
        for name in v.scenario_names:
            key = "dengan IKN" if name.endswith("+ikn") else "tanpa IKN"
            if key not in seen_ak:
                seen_ak[key] = v.total("AK", name)
        for key, tot in seen_ak.items():
            label = "Angkatan kerja" + (f" ({key})" if len(seen_ak) > 1 else "")
            rows.append([label] + [tot[y] for y in self.years])
        for name in v.scenario_names:
            for var, label in (("KK", "kesempatan kerja"), ("PENGANGGUR", "penganggur"), ("TPT", "TPT (persen)"),
                               ("KEKURANGAN", "kekurangan tenaga kerja")):
                tot = v.total(var, name)
                if var == "KEKURANGAN" and not any(ok(tot[y]) and tot[y] > 0 for y in self.years):
                    continue
                if var == "TPT":
                    kinds[len(rows)] = "pct"
                rows.append([f"{scenario_label(name)}: {label}"] + [tot[y] for y in self.years])
        t = CaptionedTable(code=code, title="Neraca Tenaga Kerja menurut Skenario",
                           columns=year_cols("Skenario dan uraian", self.years, self.base, "int",
                                             any(v.method(var, self.base) not in ("", "data") for var in ("AK", "KK", "PENGANGGUR"))),
                           rows=rows, row_kinds=kinds, sources=[v.method_line()],
                           notes=["Kekurangan tenaga kerja (kesempatan kerja melebihi angkatan kerja) hanya ditampilkan bila ada; "
                                  "kekurangan itu dipenuhi migrasi masuk atau kenaikan partisipasi."])
        return Built(t)

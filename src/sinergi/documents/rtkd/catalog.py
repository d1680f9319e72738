"""The official RTK table list (codes 2.A.1 … 5.D.2) and the document outline.

The codes and their order follow the outline in ``data/rtk/METHOD.md`` §4.1 (77 tables;
tables marked *khusus provinsi* — the breakdowns by kabupaten/kota — are left out of a
kabupaten/kota document). For each table we also record who would hold the data when the
embedded statistics do not (``provider``), so that an empty table tells the planner where to
get it instead of silently disappearing.
"""
from __future__ import annotations

from dataclasses import dataclass

SAKERNAS = ("BPS Provinsi Kalimantan Timur — tabulasi Sakernas Agustus (publikasi Keadaan Angkatan "
            "Kerja, atau permintaan tabulasi khusus ke BPS)")
PDRB_LU = ("BPS — publikasi PDRB Provinsi/Kabupaten/Kota menurut Lapangan Usaha (tabel 17 kategori "
           "ADHK 2010)")
DIKBUD = "Dinas Pendidikan (data Dapodik Kemendikdasmen) atau BPS — Dalam Angka"
INVESTASI = "DPMPTSP dan Kementerian Investasi/BKPM (Laporan Kegiatan Penanaman Modal, LKPM)"
BLK = "Bidang Pelatihan Disnakertrans dan UPTD BLK (Sisnaker/SIAPkerja Kemnaker)"
PENEMPATAN = ("Bidang Penempatan Tenaga Kerja Disnakertrans (pencari kerja AK/I, lowongan, "
              "penempatan; SIAPkerja/Karirhub Kemnaker)")
HI = ("Bidang Hubungan Industrial dan Jaminan Sosial Disnakertrans; BPJS Ketenagakerjaan "
      "Kantor Wilayah Kalimantan")
PENGAWASAN = ("UPTD Pengawasan Ketenagakerjaan Disnakertrans Provinsi (kewenangan provinsi) dan "
              "Wajib Lapor Ketenagakerjaan di Perusahaan (WLKP) Kemnaker")
UPAH = "Keputusan Gubernur tentang UMP/UMK (Dewan Pengupahan Provinsi/Kabupaten/Kota)"


@dataclass(frozen=True)
class TableSpec:
    code: str
    title: str
    province_only: bool = False
    provider: str = SAKERNAS

    @property
    def bab(self) -> int:
        return int(self.code.split(".")[0])

    @property
    def sub(self) -> str:
        return self.code.split(".")[1]


def _by(prefix: str, title: str, breakdowns: list[tuple[str, str]], start: int = 1,
        provider: str = SAKERNAS) -> list[TableSpec]:
    out = []
    for i, (label, kind) in enumerate(breakdowns, start=start):
        out.append(TableSpec(f"{prefix}.{i}", f"{title} menurut {label}", kind == "prov", provider))
    return out


FOUR = [("Golongan Umur", ""), ("Pendidikan Tertinggi yang Ditamatkan", ""), ("Jenis Kelamin", ""),
        ("Kabupaten/Kota", "prov")]
EIGHT = [("Lapangan Usaha", ""), ("Golongan Umur", ""), ("Pendidikan Tertinggi yang Ditamatkan", ""),
         ("Jenis Kelamin", ""), ("Status Pekerjaan Utama", ""), ("Jabatan", ""), ("Jumlah Jam Kerja", ""),
         ("Kabupaten/Kota", "prov")]


def _g(prefix: str, projected: bool) -> list[TableSpec]:
    """Penganggur and TPT pairs (2.G.1/2 … 2.G.7/8 or 5.A.1/2 … 5.D.2)."""
    pre = "Perkiraan " if projected else ""
    out = []
    pairs = [("Golongan Umur", False), ("Pendidikan Tertinggi yang Ditamatkan", False),
             ("Jenis Kelamin", False), ("Kabupaten/Kota", True)]
    if projected:
        for letter, (label, prov) in zip("ABCD", pairs, strict=False):
            out.append(TableSpec(f"5.{letter}.1", f"{pre}Penganggur menurut {label}", prov))
            out.append(TableSpec(f"5.{letter}.2", f"{pre}Tingkat Pengangguran Terbuka menurut {label}", prov))
    else:
        n = 1
        for label, prov in pairs:
            out.append(TableSpec(f"{prefix}.{n}", f"Penganggur menurut {label}", prov))
            out.append(TableSpec(f"{prefix}.{n + 1}", f"Tingkat Pengangguran Terbuka menurut {label}", prov))
            n += 2
    return out


TABLES: list[TableSpec] = [
    TableSpec("2.A.1", "Laju Pertumbuhan PDRB Atas Dasar Harga Konstan 2010 menurut Lapangan Usaha (persen)",
              provider=PDRB_LU),
    TableSpec("2.A.2", "Struktur PDRB Atas Dasar Harga Konstan 2010 menurut Lapangan Usaha (persen)",
              provider=PDRB_LU),
    TableSpec("2.B.1", "Jumlah Sekolah Negeri dan Swasta menurut Jenjang Pendidikan", provider=DIKBUD),
    TableSpec("2.B.2", "Realisasi Investasi menurut Sektor: Nilai, Jumlah Proyek dan Kebutuhan Tenaga Kerja",
              provider=INVESTASI),
    *_by("2.C", "Penduduk Usia Kerja", FOUR),
    *_by("2.D", "Tingkat Partisipasi Angkatan Kerja", FOUR),
    *_by("2.E", "Angkatan Kerja", FOUR),
    *_by("2.F", "Penduduk yang Bekerja", EIGHT),
    *_g("2.G", projected=False),
    TableSpec("2.H.1", "Produktivitas Tenaga Kerja menurut Lapangan Usaha (juta rupiah per pekerja, ADHK 2010)",
              provider=PDRB_LU + "; " + SAKERNAS),
    TableSpec("2.I.1", "Kapasitas Terpasang, Instruktur dan Lulusan Pelatihan Kerja", provider=BLK),
    TableSpec("2.J.1", "Pencari Kerja, Lowongan, Penempatan, Bursa Kerja dan Pengantar Kerja", provider=PENEMPATAN),
    TableSpec("2.K.1", "Perangkat Hubungan Industrial dan Kepesertaan Jaminan Sosial Tenaga Kerja", provider=HI),
    TableSpec("2.K.2", "Perkembangan Upah Minimum (rupiah per bulan)", provider=UPAH),
    TableSpec("2.L.1", "Jumlah Perusahaan dan Pegawai Pengawas Ketenagakerjaan", provider=PENGAWASAN),
    *_by("3.A", "Perkiraan Penduduk Usia Kerja", FOUR),
    *_by("3.B", "Perkiraan Tingkat Partisipasi Angkatan Kerja", FOUR),
    *_by("3.C", "Perkiraan Angkatan Kerja", FOUR),
    TableSpec("4.A.1", "Perkiraan Laju Pertumbuhan PDRB ADHK 2010 menurut Lapangan Usaha (persen)", provider=PDRB_LU),
    TableSpec("4.A.2", "Perkiraan Struktur PDRB ADHK 2010 menurut Lapangan Usaha (persen)", provider=PDRB_LU),
    TableSpec("4.B.1", "Rencana Investasi: Nilai, Jumlah Proyek dan Kebutuhan Tenaga Kerja", provider=INVESTASI),
    *_by("4.C", "Perkiraan Kesempatan Kerja", EIGHT),
    TableSpec("4.D.1", "Perkiraan Produktivitas Tenaga Kerja Bruto menurut Lapangan Usaha (juta rupiah per pekerja)",
              provider=PDRB_LU),
    TableSpec("4.E.1", "Perkiraan Tambahan Kesempatan Kerja menurut Status Pekerjaan dan Pendidikan"),
    TableSpec("4.E.2", "Target Kapasitas Terpasang, Instruktur dan Lulusan Pelatihan", provider=BLK),
    TableSpec("4.F.1", "Perkiraan Tambahan Kesempatan Kerja menurut Status Pekerjaan dan Lapangan Usaha"),
    TableSpec("4.F.2", "Target Lowongan, Pencari Kerja, Penempatan, Bursa Kerja dan Pengantar Kerja",
              provider=PENEMPATAN),
    TableSpec("4.G.1", "Target Mediator, Peraturan Perusahaan, PKB, SP/SB, LKS Bipartit, Perusahaan dan Tenaga Kerja",
              provider=HI),
    TableSpec("4.G.2", "Target Upah Minimum (rupiah per bulan)", provider=UPAH),
    TableSpec("4.H.1", "Target Pengawasan Ketenagakerjaan: Perusahaan dan Pegawai Pengawas", provider=PENGAWASAN),
    *_g("5", projected=True),
]

BY_CODE: dict[str, TableSpec] = {t.code: t for t in TABLES}
PROVINCE_ONLY: frozenset[str] = frozenset(t.code for t in TABLES if t.province_only)


def tables_for(is_province: bool) -> list[TableSpec]:
    """The official tables a document for this kind of region must carry, in order."""
    return [t for t in TABLES if is_province or not t.province_only]


# BAB I–VII and their sub-chapters (METHOD.md §4.1)
CHAPTERS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("I", "PENDAHULUAN", [("A", "Latar Belakang"), ("B", "Dasar Hukum"), ("C", "Maksud dan Tujuan"),
                          ("D", "Metodologi"), ("E", "Sumber Data"), ("F", "Pengertian"),
                          ("G", "Sistematika Penulisan")]),
    ("II", "KONDISI KETENAGAKERJAAN", [
        ("A", "Kondisi Ekonomi"), ("B", "Potensi Daerah"), ("C", "Penduduk Usia Kerja"),
        ("D", "Tingkat Partisipasi Angkatan Kerja"), ("E", "Angkatan Kerja"), ("F", "Penduduk yang Bekerja"),
        ("G", "Penganggur dan Tingkat Pengangguran Terbuka"), ("H", "Produktivitas Tenaga Kerja"),
        ("I", "Pelatihan Kerja"), ("J", "Penempatan Tenaga Kerja"),
        ("K", "Hubungan Industrial dan Jaminan Sosial"), ("L", "Pengawasan Ketenagakerjaan")]),
    ("III", "PERKIRAAN PERSEDIAAN TENAGA KERJA", [
        ("A", "Perkiraan Penduduk Usia Kerja"), ("B", "Perkiraan Tingkat Partisipasi Angkatan Kerja"),
        ("C", "Perkiraan Angkatan Kerja")]),
    ("IV", "PERKIRAAN KEBUTUHAN TENAGA KERJA", [
        ("A", "Perkiraan Perekonomian"), ("B", "Rencana Pengembangan Potensi Daerah"),
        ("C", "Perkiraan Kesempatan Kerja"), ("D", "Perkiraan Produktivitas Tenaga Kerja"),
        ("E", "Pelatihan Kerja"), ("F", "Penempatan Tenaga Kerja"),
        ("G", "Hubungan Industrial dan Jaminan Sosial"), ("H", "Pengawasan Ketenagakerjaan")]),
    ("V", "PERKIRAAN KESEIMBANGAN PERSEDIAAN DAN KEBUTUHAN TENAGA KERJA", [
        ("A", "Penganggur dan TPT menurut Golongan Umur"), ("B", "Penganggur dan TPT menurut Pendidikan"),
        ("C", "Penganggur dan TPT menurut Jenis Kelamin"), ("D", "Penganggur dan TPT menurut Kabupaten/Kota")]),
    ("VI", "KEBIJAKAN, STRATEGI DAN PROGRAM PEMBANGUNAN KETENAGAKERJAAN", [
        ("A", "Kebijakan Umum"), ("B", "Pengendalian Tambahan Angkatan Kerja"),
        ("C", "Pendidikan dan Pelatihan"), ("D", "Kebijakan Sektoral"), ("E", "Penempatan Tenaga Kerja"),
        ("F", "Hubungan Industrial dan Jaminan Sosial"), ("G", "Pengawasan Ketenagakerjaan"),
        ("H", "Kebijakan Lainnya: Ibu Kota Nusantara")]),
    ("VII", "PENUTUP", [("A", "Kesimpulan"), ("B", "Saran")]),
]

ROMAN = {i + 1: r for i, (r, _, _) in enumerate(CHAPTERS)}

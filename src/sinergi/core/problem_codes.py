"""The registry of problem codes: every :class:`~sinergi.core.problems.Problem` names one of these.

Each code has a short title (what went wrong, as a planner would say it) and a general fix; the place
that raises a problem gives the specific message and usually a more specific fix. The list of codes in
``docs/kode.md`` is generated from this registry (``python scripts/gen_code_docs.py``) and a test checks
that every code raised in the source is here and that the document is current.

Checks on a proposal (``core/sync/findings.FINDING_CODES``) can also be reported as problems (a form
that refuses a blocking finding); they are registered there and accepted here.
"""
from __future__ import annotations

from typing import NamedTuple


class ProblemCode(NamedTuple):
    title: str
    fix: str
    area: str


_FILE = "berkas"
_STATS = "statistik"
_IPK = "ipk"
_RTK = "rtk"
_SYNC = "sinkronisasi"
_BPS = "impor BPS"
_MAP = "peta"
_BACKUP = "cadangan"
_ACCOUNT = "akun"

AREAS = {
    _FILE: "Membaca berkas (CSV, XLSX)",
    _STATS: "Statistik",
    _BPS: "Tabel dan API BPS",
    _IPK: "IPK",
    _RTK: "RTK",
    _SYNC: "Nomenklatur dan usulan",
    _MAP: "Batas wilayah (peta)",
    _BACKUP: "Cadangan dan pemulihan",
    _ACCOUNT: "Akun",
}

PROBLEM_CODES: dict[str, ProblemCode] = {
    # -- reading files --------------------------------------------------------------------------
    "BERKAS_TIDAK_ADA": ProblemCode("Berkas tidak ditemukan", "Periksa nama dan lokasi berkas.", _FILE),
    "BERKAS_KOSONG": ProblemCode("Berkas kosong", "Isi berkas dengan data di bawah baris judul, atau pilih berkas yang benar.", _FILE),
    "BERKAS_RUSAK": ProblemCode("Berkas rusak atau berformat lain", "Buka berkas di Excel atau LibreOffice dan simpan ulang sebagai .xlsx, atau unggah sebagai CSV.", _FILE),
    "BERKAS_TERLALU_BESAR": ProblemCode("Berkas terlalu besar", "Pecah berkas menjadi beberapa bagian (mis. per tahun atau per wilayah) dan impor satu per satu.", _FILE),
    "BUKU_KERJA_TERKUNCI": ProblemCode("Buku kerja terkunci atau .xls lama", "Buka di Excel, hapus kata sandi (File › Info › Protect Workbook), lalu simpan sebagai .xlsx.", _FILE),
    "BUKU_KERJA_TERLALU_BESAR": ProblemCode("Isi buku kerja terlalu besar", "Hapus sheet, baris dan kolom yang tidak dipakai, atau pecah berkas menjadi beberapa bagian.", _FILE),
    "TERLALU_BANYAK_SEL": ProblemCode("Terlalu banyak sel", "Pecah berkas menjadi beberapa bagian, hapus kolom dan baris yang tidak dipakai, lalu impor satu per satu.", _FILE),
    "SEL_TERLALU_JAUH": ProblemCode("Sel terisi jauh di luar tabel", "Hapus isi sel yang jauh di luar tabel (di Excel, Ctrl+End menuju sel terakhir yang terpakai), lalu simpan ulang.", _FILE),
    "CSV_RUSAK": ProblemCode("CSV tidak dapat dibaca", "Periksa tanda kutip pada baris itu, atau simpan ulang sebagai 'CSV UTF-8' dari Excel atau LibreOffice.", _FILE),
    "ENKODING_TIDAK_DIKENAL": ProblemCode("Enkoding teks tidak dikenal", "Simpan ulang sebagai 'CSV UTF-8' dari Excel atau LibreOffice.", _FILE),
    "KARAKTER_NUL": ProblemCode("Karakter NUL dalam sel", "Hapus karakter tak terlihat itu (salin ulang teksnya, atau simpan ulang berkas sebagai 'CSV UTF-8').", _FILE),
    "SHEET_TIDAK_ADA": ProblemCode("Sheet tidak ditemukan", "Gunakan templat resmi atau ganti nama sheet data sesuai templat.", _FILE),
    "SEL_DIGABUNG": ProblemCode("Sel digabung melintasi baris", "Pisahkan sel (Unmerge Cells) dan isi nilai di setiap baris.", _FILE),
    "RUMUS_BELUM_DIHITUNG": ProblemCode("Hasil rumus tidak tersimpan", "Buka berkas di Excel atau LibreOffice lalu simpan ulang, atau ganti rumus dengan nilainya.", _FILE),
    "BARIS_TIDAK_SESUAI_JUDUL": ProblemCode("Baris lebih lebar dari judul", "Tulis angka desimal dengan titik (5.72) atau apit dengan tanda kutip (\"5,72\"), atau simpan ulang sebagai CSV dengan pemisah titik koma.", _FILE),
    "KOLOM_HILANG": ProblemCode("Kolom wajib tidak ada", "Gunakan templat resmi, atau tambahkan kolom itu dengan judul yang sama persis.", _FILE),
    "WAJIB_KOSONG": ProblemCode("Isian wajib kosong", "Isi kolom itu pada baris yang disebut.", _FILE),
    "FORMAT_TIDAK_DIDUKUNG": ProblemCode("Format berkas tidak didukung", "Gunakan berkas .csv atau .xlsx (atau format yang disebut pada pesan).", _FILE),
    "TERLALU_PANJANG": ProblemCode("Teks terlalu panjang", "Ringkas teksnya sampai batas yang disebut.", _FILE),
    "TEKS_TERLALU_PANJANG": ProblemCode("Teks terlalu panjang", "Ringkas teksnya; alamat sumber tanpa parameter pelacakan, keterangan ke kolom note.", _FILE),
    "MASALAH_LAIN": ProblemCode("Masalah serupa lainnya", "Perbaiki nilai-nilai lain dengan masalah yang sama.", _FILE),
    # -- statistics -----------------------------------------------------------------------------
    "TAHUN_TIDAK_VALID": ProblemCode("Tahun tidak sah", "Tulis tahun empat angka, misalnya 2023.", _STATS),
    "BULAN_TIDAK_VALID": ProblemCode("Bulan tidak sah", "Tulis angka 1–12 (8 = Sakernas Agustus), atau kosongkan untuk angka tahunan.", _STATS),
    "INDIKATOR_TIDAK_DIKENAL": ProblemCode("Indikator tidak ada di katalog", "Gunakan kode dari katalog (Statistik › Katalog indikator) atau minta admin menambahkannya.", _STATS),
    "NILAI_BUKAN_ANGKA": ProblemCode("Nilai bukan angka", "Tulis angka saja, misalnya 4,72 atau 1.234.567 (tanpa satuan atau teks).", _STATS),
    "KUALITAS_TIDAK_DIKENAL": ProblemCode("Tanda kualitas tidak dikenal", "Gunakan salah satu: bertentangan, keyakinan_rendah, turunan, ilustratif (atau kosongkan).", _STATS),
    "JENIS_SUMBER_TIDAK_DIKENAL": ProblemCode("Jenis sumber tidak dikenal", "Gunakan salah satu: bps, pemerintah, berita, ilustratif (atau kosongkan).", _STATS),
    "BARIS_GANDA": ProblemCode("Baris ganda", "Hapus salah satu baris yang sama.", _STATS),
    "SUMBER_BUKAN_ALAMAT_WEB": ProblemCode("Sumber bukan alamat web", "Isi alamat publikasi yang diawali https:// atau http://, atau kosongkan.", _STATS),
    "IMPOR_BERSAMAAN": ProblemCode("Impor lain sedang berjalan", "Ulangi impor sebentar lagi; baris yang sudah tersimpan akan dilewati.", _STATS),
    "NILAI_TIDAK_ADA": ProblemCode("Nilai tidak ditemukan", "Muat ulang halaman lalu pilih lagi.", _STATS),
    "TIDAK_BERWENANG": ProblemCode("Tidak berwenang", "Minta perencana provinsi atau admin melakukannya.", _STATS),
    "KELOMPOK_TIDAK_DIKENAL": ProblemCode("Kelompok penduduk tidak dikenal", "Gunakan kode kelompok yang disebut pada pesan, atau kosongkan untuk semua penduduk.", _STATS),
    "KELOMPOK_BERTENTANGAN": ProblemCode("Kelompok bertentangan dengan kode indikator", "Kosongkan kolom kelompok, atau pakai kode dasar indikatornya untuk kelompok lain.", _STATS),
    # -- BPS tables and API ---------------------------------------------------------------------
    "JSON_RUSAK": ProblemCode("Bukan teks JSON", "Simpan ulang jawaban API BPS sebagai berkas .json.", _BPS),
    "JSON_BUKAN_API_BPS": ProblemCode("JSON bukan jawaban API BPS", "Simpan jawaban permintaan 'data' API BPS (berisi var, vervar, tahun, datacontent).", _BPS),
    "DATACONTENT_TIDAK_ADA": ProblemCode("Jawaban API BPS tanpa angka", "Ulangi permintaan API BPS untuk variabel, wilayah dan tahun yang tersedia, lalu simpan jawabannya.", _BPS),
    "DAFTAR_API_TIDAK_ADA": ProblemCode("Daftar API BPS tidak lengkap", "Simpan jawaban API BPS apa adanya; daftar var, vervar dan tahun diperlukan.", _BPS),
    "KUNCI_API_TIDAK_TERBACA": ProblemCode("Kunci API BPS tidak terbaca", "Simpan ulang jawaban API BPS utuh.", _BPS),
    "PERIODE_TIDAK_DIKENAL": ProblemCode("Periode bukan bulan atau tahunan", "Minta data tahunan atau per bulan (mis. Februari/Agustus) dari API BPS.", _BPS),
    "TABEL_BPS_TIDAK_DIKENALI": ProblemCode("Tabel BPS tidak dikenali", "Unggah tabel dinamis BPS apa adanya, atau bentuk panjang Sinergi.", _BPS),
    "KOLOM_WILAYAH_TIDAK_ADA": ProblemCode("Tabel tanpa kolom wilayah", "Unduh ulang tabel dari BPS dengan wilayah di kolom pertama.", _BPS),
    "TAHUN_TIDAK_DITEMUKAN": ProblemCode("Tahun kolom tidak ditemukan", "Pastikan judul kolom atau judul tabel memuat tahunnya (mis. '2023').", _BPS),
    "TIDAK_ADA_WILAYAH_KITA": ProblemCode("Tidak ada angka Kalimantan Timur", "Unduh tabel BPS untuk Kalimantan Timur (provinsi dan kabupaten/kota) dari kaltim.bps.go.id.", _BPS),
    "TIDAK_ADA_ANGKA": ProblemCode("Tidak ada angka yang dapat diimpor", "Periksa bahwa tabelnya memuat wilayah Kalimantan Timur dan sel angkanya terisi.", _BPS),
    "VARIABEL_BELUM_PASTI": ProblemCode("Variabel BPS belum pasti", "Pilih indikator katalog untuk variabel itu (--indikator di CLI, pilihan di halaman impor).", _BPS),
    "SUMBER_TIDAK_ADA": ProblemCode("Alamat sumber tidak ada", "Beri alamat tabel atau permintaan API BPS-nya (--sumber URL, atau isian 'Alamat sumber').", _BPS),
    "SUMBER_BUKAN_URL": ProblemCode("Alamat sumber bukan alamat web", "Tulis alamat lengkap, misalnya https://kaltim.bps.go.id/id/statistics-table/…", _BPS),
    # -- IPK ------------------------------------------------------------------------------------
    "IPK_METODE_KOSONG": ProblemCode("Metode IPK tanpa sub-indikator", "Isi satu baris untuk setiap sub-indikator di bawah baris judul.", _IPK),
    "IPK_KODE_KOSONG": ProblemCode("Kode indikator IPK kosong", "Isi kode indikator (misalnya I3) pada baris ini atau baris pertama kelompoknya.", _IPK),
    "IPK_BOBOT_KOSONG": ProblemCode("Bobot IPK kosong", "Isi bobot sebagai pecahan (0,25) atau persen (25%).", _IPK),
    "IPK_BOBOT_BUKAN_ANGKA": ProblemCode("Bobot IPK bukan angka", "Tulis bobot sebagai pecahan (0,25) atau persen (25%).", _IPK),
    "IPK_BOBOT_NEGATIF": ProblemCode("Bobot IPK negatif", "Bobot harus 0 atau lebih.", _IPK),
    "IPK_BOBOT_INDIKATOR_BERBEDA": ProblemCode("Bobot indikator berbeda antarbaris", "Tulis bobot indikator yang sama pada semua baris indikator itu.", _IPK),
    "IPK_BOBOT_INDIKATOR_TIDAK_1": ProblemCode("Bobot indikator tidak berjumlah 1", "Perbaiki bobot indikator agar jumlahnya tepat 1 (atau 100%).", _IPK),
    "IPK_BOBOT_SUB_TIDAK_1": ProblemCode("Bobot sub-indikator tidak berjumlah 1", "Perbaiki bobot sub-indikator agar jumlahnya dalam satu indikator tepat 1 (atau 100%).", _IPK),
    "IPK_BATAS_KOSONG": ProblemCode("Batas (goalpost) kosong", "Isi batas minimum dan maksimum dalam satuan sub-indikator.", _IPK),
    "IPK_BATAS_BUKAN_ANGKA": ProblemCode("Batas (goalpost) bukan angka", "Tulis angka saja dalam satuan sub-indikator, misalnya 4,5 atau 100.", _IPK),
    "IPK_MIN_SAMA_MAX": ProblemCode("Batas minimum sama dengan maksimum", "Isi batas minimum yang lebih kecil dari batas maksimum.", _IPK),
    "IPK_MIN_LEBIH_BESAR": ProblemCode("Batas minimum lebih besar dari maksimum", "Tukar kedua angka; arah baik/buruk diatur kolom 'direction'.", _IPK),
    "IPK_ARAH_TIDAK_DIKENAL": ProblemCode("Arah sub-indikator tidak dikenal", "Isi 'positive' (makin tinggi makin baik) atau 'negative' (makin rendah makin baik).", _IPK),
    "IPK_STATUS_TIDAK_DIKENAL": ProblemCode("Status bukti tidak dikenal", "Isi verified, inferred atau provisional.", _IPK),
    "IPK_STATUS_TERLALU_KUAT": ProblemCode("Status lebih kuat dari bagiannya", "Isi status bagian yang terlemah.", _IPK),
    "IPK_SUB_GANDA": ProblemCode("Sub-indikator tercantum dua kali", "Hapus atau beri kode lain salah satunya.", _IPK),
    "IPK_NAMA_INDIKATOR_BERBEDA": ProblemCode("Nama indikator berbeda antarbaris", "Tulis nama indikator yang sama pada semua barisnya.", _IPK),
    "IPK_KATEGORI_KOSONG": ProblemCode("Kategori IPK kosong", "Isi minimal satu kategori dengan batas bawah 0.", _IPK),
    "IPK_KATEGORI_TANPA_NAMA": ProblemCode("Kategori IPK tanpa nama", "Isi nama kategori.", _IPK),
    "IPK_KATEGORI_GANDA": ProblemCode("Kategori IPK ganda", "Hapus salah satunya.", _IPK),
    "IPK_KATEGORI_BATAS": ProblemCode("Batas kategori di luar 0–100", "Isi angka 0–100.", _IPK),
    "IPK_KATEGORI_URUTAN": ProblemCode("Urutan kategori salah", "Urutkan kategori dari terendah ke tertinggi dengan batas bawah yang naik.", _IPK),
    "IPK_KOLOM_HILANG": ProblemCode("Kolom data IPK tidak ada", "Data IPK berbentuk panjang dengan kolom region_code, year, sub_code, value.", _IPK),
    "IPK_WILAYAH_KOSONG": ProblemCode("Kode wilayah kosong", "Isi kode wilayah BPS, misalnya 64 atau 6401.", _IPK),
    "IPK_TAHUN_TIDAK_SAH": ProblemCode("Tahun tidak sah", "Tulis tahun data empat angka, misalnya 2023.", _IPK),
    "IPK_SUB_KOSONG": ProblemCode("Kode sub-indikator kosong", "Isi kode sub-indikator sesuai lembar metode.", _IPK),
    "IPK_SUB_TIDAK_DIKENAL": ProblemCode("Sub-indikator tidak ada dalam metode", "Gunakan kode sub-indikator dari lembar metode.", _IPK),
    "IPK_NILAI_STRIP": ProblemCode("Nilai '-' tidak jelas", "Tulis 0 bila nilainya memang nol, atau kosongkan sel bila data belum tersedia.", _IPK),
    "IPK_NILAI_BUKAN_ANGKA": ProblemCode("Nilai bukan angka", "Tulis angka saja, misalnya 5,31 (tanpa satuan); kosongkan bila data belum tersedia.", _IPK),
    "IPK_KUALITAS_TIDAK_DIKENAL": ProblemCode("Kualitas tidak dikenal", "Isi real, derived atau illustrative, atau kosongkan.", _IPK),
    "IPK_DATA_GANDA": ProblemCode("Data IPK ganda", "Setiap wilayah-tahun-sub-indikator hanya boleh satu baris; hapus salah satunya.", _IPK),
    "IPK_TEMPLAT_CAMPUR": ProblemCode("Templat berisi beberapa wilayah-tahun", "Gunakan satu templat untuk satu wilayah dan satu tahun.", _IPK),
    "IPK_TEMPLAT_LAIN": ProblemCode("Templat untuk wilayah-tahun lain", "Unggah templat yang diunduh untuk wilayah-tahun ini.", _IPK),
    "IPK_TEMPLAT_BARIS_HILANG": ProblemCode("Baris templat hilang", "Unduh templat baru atau tambahkan kembali baris itu (nilai boleh kosong).", _IPK),
    "IPK_VERSI_SUDAH_ADA": ProblemCode("Versi metode sudah ada", "Isi versi lain, atau kosongkan agar Sinergi memberi nomor berikutnya.", _IPK),
    # -- RTK ------------------------------------------------------------------------------------
    "VARIABEL_TIDAK_DIKENAL": ProblemCode("Variabel RTK tidak dikenal", "Gunakan variabel yang disebut pada pesan (lihat templat 'sinergi rtk templat').", _RTK),
    "SEKTOR_TIDAK_DIKENAL": ProblemCode("Sektor tidak dikenal", "Kosongkan untuk total, atau isi huruf seksi KBLI 2020 (A–U), kategori PDRB atau kode 9 sektor.", _RTK),
    "SEKTOR_TIDAK_BERLAKU": ProblemCode("Variabel tidak dirinci menurut sektor", "Kosongkan kolom sector; rincian sektor hanya untuk KK dan PDRB.", _RTK),
    "NILAI_KOSONG": ProblemCode("Nilai kosong", "Isi angkanya, atau hapus baris bila datanya tidak ada (jangan diisi 0).", _RTK),
    "ANGKA_RAGU": ProblemCode("Angka meragukan", "Tulis jumlah orang tanpa pemisah ribuan (574000) atau dengan dua titik atau lebih (1.574.000).", _RTK),
    "NILAI_TIDAK_SAH": ProblemCode("Nilai tidak sah", "Periksa angkanya; jumlah orang dan PDRB tidak negatif.", _RTK),
    "BUKAN_ANGKA": ProblemCode("Bukan angka", "Tulis angka saja, mis. 2083469 atau 67,07 (tanpa satuan).", _RTK),
    "WILAYAH_KOSONG": ProblemCode("Kode wilayah belum diisi", "Isi region_code pada sheet Wilayah (mis. 6401).", _RTK),
    "WILAYAH_BERBEDA": ProblemCode("Berkas untuk wilayah lain", "Unggah berkas ini di halaman data wilayahnya, atau perbaiki region_code.", _RTK),
    "WILAYAH_TIDAK_ADA_DI_DATA": ProblemCode("Tidak ada baris untuk wilayah itu", "Isi kolom region_code dengan kode wilayah yang diminta.", _RTK),
    "WILAYAH_TIDAK_DIKENAL": ProblemCode("Kode wilayah tidak dikenal", "Gunakan kode BPS Kalimantan Timur (64, 6401–6474).", _RTK),
    "TEMPLAT_KOSONG": ProblemCode("Templat belum berisi angka", "Isi sheet Total, KK_Sektor dan/atau PDRB_Sektor.", _RTK),
    "DATA_PERSEDIAAN_KURANG": ProblemCode("Data persediaan tenaga kerja kurang", "Lengkapi AK (atau PUK dan TPAK) tahun dasar, atau pilih tahun dasar lain.", _RTK),
    "DATA_DASAR_KURANG": ProblemCode("Data tahun dasar kurang", "Lengkapi KK dan PDRB tahun dasar, atau pilih tahun dasar lain.", _RTK),
    "DATA_WILAYAH_KURANG": ProblemCode("Data wilayah kurang", "Lengkapi data wilayah (seri sendiri atau penduduk untuk pangsa).", _RTK),
    "METODE_TIDAK_DIKENAL": ProblemCode("Metode tidak dikenal", "Pilih salah satu metode yang disebut pada pesan.", _RTK),
    "BENTUK_TIDAK_DIKENAL": ProblemCode("Bentuk elastisitas tidak dikenal", "Pilih salah satu bentuk yang disebut pada pesan.", _RTK),
    "SKENARIO_KOSONG": ProblemCode("Tidak ada skenario", "Pilih moderat, optimis, pesimis atau semua.", _RTK),
    "SKENARIO_TIDAK_DIKENAL": ProblemCode("Skenario tidak dikenal", "Pilih moderat, optimis atau pesimis.", _RTK),
    "IKN_TIDAK_BERLAKU": ProblemCode("Modul IKN tidak berlaku di wilayah ini", "Jalankan tanpa modul IKN, atau siapkan parameter IKN khusus wilayah ini.", _RTK),
    "JENDELA_TIDAK_SAH": ProblemCode("Jendela elastisitas tidak sah", "Tulis dua tahun dengan tanda hubung, mis. --jendela-elastisitas 2021-2024.", _RTK),
    "JENDELA_TIDAK_ADA": ProblemCode("Tidak ada jendela elastisitas", "Lengkapi KK dan PDRB beberapa tahun sampai tahun dasar.", _RTK),
    "ELASTISITAS_TIDAK_BERMAKNA": ProblemCode("Elastisitas tidak dapat dipakai", "Pilih jendela lain dengan --jendela-elastisitas A-B, atau periksa data KK dan PDRB.", _RTK),
    "PARAMETER_DI_LUAR_BATAS": ProblemCode("Parameter di luar batas", "Isi parameter di dalam batas yang disebut pada pesan.", _RTK),
    "KELOMPOK_TIDAK_BERLAKU": ProblemCode("Kelompok tidak berlaku untuk variabel ini", "Isi kelompok laki_laki atau perempuan hanya pada baris TPAK; kosongkan untuk total.", _RTK),
    "TPAK_MELEBIHI_100": ProblemCode("TPAK melewati 100 %", "Turunkan laju TPAK sehingga TPAK tetap di bawah 100 %.", _RTK),
    "TAHUN_TIDAK_SAH": ProblemCode("Tahun tidak sah", "Pilih tahun di dalam rentang data (tahun akhir sesudah tahun dasar).", _RTK),
    "TAHUN_DASAR_KOSONG": ProblemCode("Tahun dasar belum dipilih", "Tambahkan --tahun-dasar (mis. 2019), atau pakai --bergulir.", _RTK),
    "PDRB_AKTUAL_KURANG": ProblemCode("PDRB aktual kurang untuk uji balik", "Lengkapi PDRB ADHK tahun-tahun yang diuji.", _RTK),
    "UJI_BALIK_KOSONG": ProblemCode("Tidak ada tahun yang dapat diuji", "Lengkapi data beberapa tahun (AK, KK, PUK/TPAK dan PDRB) lalu jalankan ulang.", _RTK),
    # -- nomenclature and proposals -------------------------------------------------------------
    "FORMAT_NOMENKLATUR_TIDAK_DIKENAL": ProblemCode("Format nomenklatur tidak dikenal", "Unggah ekspor nomenklatur sub-kegiatan dari SIPD (.xlsx) atau CSV dengan kolom code, level, name, authority.", _SYNC),
    "KODE_KOSONG": ProblemCode("Kode kosong", "Isi kode berbentuk U.BB.PP.L.KK.SSSS (mis. 2.07.04.2.01.0002) atau hapus barisnya.", _SYNC),
    "KODE_TIDAK_SAH": ProblemCode("Kode tidak sah", "Tulis kode berbentuk U.BB.PP.L.KK.SSSS, mis. 2.07.04.2.01.0002.", _SYNC),
    "KODE_DINORMALKAN": ProblemCode("Kode dinormalkan", "Tidak perlu tindakan; periksa bahwa kode hasil normalisasi yang dimaksud.", _SYNC),
    "KODE_GANDA": ProblemCode("Kode ganda", "Hapus salah satu baris atau perbaiki kodenya.", _SYNC),
    "TINGKAT_TIDAK_DIKENAL": ProblemCode("Tingkat tidak dikenal", "Gunakan urusan, bidang, program, kegiatan atau sub_kegiatan (atau kosongkan).", _SYNC),
    "TINGKAT_TIDAK_COCOK": ProblemCode("Tingkat tidak cocok dengan kode", "Perbaiki kode atau kolom level agar sesuai.", _SYNC),
    "KEWENANGAN_TIDAK_DIKENAL": ProblemCode("Kewenangan tidak dikenal", "Gunakan provinsi, kabkota atau both.", _SYNC),
    "KEWENANGAN_KOSONG": ProblemCode("Kewenangan kosong", "Isi kolom authority dengan provinsi atau kabkota.", _SYNC),
    "KEWENANGAN_TIDAK_COCOK": ProblemCode("Kewenangan tidak cocok dengan kode", "L = 1 untuk provinsi dan L = 2 untuk kabupaten/kota; isi kewenangan yang sesuai.", _SYNC),
    "NAMA_KOSONG": ProblemCode("Nama kosong", "Isi nama resmi program/kegiatan/sub-kegiatan.", _SYNC),
    "INDUK_TIDAK_ADA": ProblemCode("Induk tidak ada dalam berkas", "Tambahkan baris kegiatan induknya, atau perbaiki kode sub-kegiatan.", _SYNC),
    "TIDAK_ADA_SUB_KEGIATAN": ProblemCode("Tidak ada sub-kegiatan 2.07/3.32", "Periksa bahwa berkas ini nomenklatur sub-kegiatan, bukan daftar lain.", _SYNC),
    "TIDAK_ADA_USULAN": ProblemCode("Tidak ada usulan", "Isi minimal satu baris usulan di bawah baris judul.", _SYNC),
    "VERSI_KOSONG": ProblemCode("Nama versi kosong", "Isi nama versi, mis. 'SIPD 2027'.", _SYNC),
    "VERSI_SUDAH_ADA": ProblemCode("Versi sudah ada", "Beri nama versi lain, mis. dengan tanggal pemutakhiran.", _SYNC),
    "VERSI_FORMULIR_TIDAK_SAH": ProblemCode("Versi formulir tidak sah", "Muat ulang halaman (data terbaru akan tampil), lalu simpan lagi.", _SYNC),
    "KOLOM_PLAFON": ProblemCode("Kolom berkas plafon salah", "Baris judul harus tepat 'wilayah_kode,plafon'.", _SYNC),
    "PLAFON_TIDAK_VALID": ProblemCode("Plafon bukan angka rupiah", "Tulis angka rupiah tanpa 'Rp', mis. 2.500.000.000; kosongkan bila belum ditetapkan.", _SYNC),
    "TANGGAL_TIDAK_VALID": ProblemCode("Tanggal tidak sah", "Tulis tanggal sebagai TTTT-BB-HH, mis. 2027-03-31.", _SYNC),
    "BUKAN_USULAN_DISEPAKATI": ProblemCode("Usulan belum disepakati", "Target dan realisasi triwulanan hanya untuk usulan yang diterima (disepakati).", _SYNC),
    "USULAN_TIDAK_DIKENAL": ProblemCode("Nomor usulan tidak dikenal", "Isi nomor usulan (#) seperti di halaman tindak lanjut.", _SYNC),
    "BUKAN_WILAYAH_ANDA": ProblemCode("Usulan wilayah lain", "Hapus baris ini; isi hanya usulan wilayah Anda sendiri.", _SYNC),
    "TRIWULAN_TIDAK_VALID": ProblemCode("Triwulan tidak dikenal", "Tulis 1, 2, 3, 4 atau I, II, III, IV.", _SYNC),
    "REALISASI_MELEBIHI_PAGU": ProblemCode("Realisasi melebihi pagu", "Periksa angka per triwulan (bukan kumulatif); jumlahnya tidak boleh melebihi pagu yang disepakati.", _SYNC),
    "BELUM_ADA_REALISASI_PELATIHAN": ProblemCode("Belum ada realisasi pelatihan", "Isi realisasi triwulanan usulan pelatihan lebih dulu.", _SYNC),
    # -- boundaries (map) -----------------------------------------------------------------------
    "GEOJSON_TIDAK_SAH": ProblemCode("Bukan GeoJSON", "Ekspor batas wilayah sebagai GeoJSON (FeatureCollection, koordinat WGS84).", _MAP),
    "GEOJSON_KOSONG": ProblemCode("GeoJSON tanpa fitur", "Ekspor ulang batas wilayah kabupaten/kota.", _MAP),
    "GEOMETRI_TIDAK_SAH": ProblemCode("Fitur tanpa poligon", "Pastikan setiap fitur berupa Polygon atau MultiPolygon.", _MAP),
    "KODE_WILAYAH_TIDAK_ADA": ProblemCode("Fitur tanpa kode wilayah", "Tambahkan properti 'bps_code' (mis. 6402) atau 'kemendagri_code' (mis. 64.07).", _MAP),
    "WILAYAH_GANDA": ProblemCode("Wilayah ganda", "Gabungkan poligonnya menjadi satu MultiPolygon per kabupaten/kota.", _MAP),
    "BATAS_TERLALU_BESAR": ProblemCode("Berkas batas terlalu besar", "Sederhanakan geometri sebelum mengekspor (QGIS: Simplify, toleransi 0,0005°).", _MAP),
    "BATAS_TERLALU_RINCI": ProblemCode("Batas terlalu rinci", "Sederhanakan geometri sebelum mengekspor (QGIS: Simplify, toleransi 0,0005°).", _MAP),
    # -- backups --------------------------------------------------------------------------------
    "CADANGAN_RUSAK": ProblemCode("Cadangan tidak utuh", "Gunakan berkas .zip yang dibuat oleh 'sinergi data cadangkan'.", _BACKUP),
    "CADANGAN_LEBIH_BARU": ProblemCode("Format cadangan lebih baru", "Perbarui Sinergi ke versi yang membuat cadangan ini, lalu ulangi.", _BACKUP),
    "SKEMA_LEBIH_BARU": ProblemCode("Skema cadangan lebih baru", "Perbarui Sinergi lalu pulihkan lagi. Basis data tidak diubah.", _BACKUP),
    "CADANGAN_TANPA_TANDA_TANGAN": ProblemCode("Cadangan tanpa tanda tangan", "Bila berkas pasti asli, pulihkan dengan --terima-tanpa-tanda-tangan.", _BACKUP),
    "TANDA_TANGAN_TIDAK_COCOK": ProblemCode("Tanda tangan cadangan tidak cocok", "Gunakan berkas cadangan asli dan kunci instalasi yang membuatnya.", _BACKUP),
    "DATA_CADANGAN_BERUBAH": ProblemCode("Isi cadangan berubah", "Gunakan berkas cadangan asli. Basis data tidak diubah.", _BACKUP),
    "BASIS_DATA_LEBIH_BARU": ProblemCode("Basis data lebih baru dari cadangan", "Buat cadangan sekarang lebih dulu; bila perubahan boleh hilang, pulihkan dengan --timpa.", _BACKUP),
    "CADANGAN_TIDAK_DAPAT_DIMUAT": ProblemCode("Cadangan tidak dapat dimuat", "Basis data tidak diubah; laporkan pesan ini dan berkas cadangan ke pengembang.", _BACKUP),
    "NILAI_BERISI_NUL": ProblemCode("Nilai cadangan berisi karakter NUL", "Perbaiki nilai itu di instalasi asal, buat cadangan baru, lalu pulihkan lagi.", _BACKUP),
    "NILAI_TERLALU_PANJANG": ProblemCode("Nilai cadangan terlalu panjang untuk kolomnya", "Perbaiki nilai itu di instalasi asal, buat cadangan baru, lalu pulihkan lagi.", _BACKUP),
    "PEMULIHAN_TIDAK_COCOK": ProblemCode("Hasil pemulihan tidak cocok", "Basis data tidak diubah; laporkan berkas cadangan ini ke pengembang.", _BACKUP),
    # -- accounts -------------------------------------------------------------------------------
    "AKUN_TIDAK_SAH": ProblemCode("Akun tidak sah", "Periksa isian akun yang disebut pada pesan.", _ACCOUNT),
    "PERAN_TIDAK_DIKENAL": ProblemCode("Peran tidak dikenal", "Pilih admin, perencana, operator atau pemantau.", _ACCOUNT),
    "NAMA_PENGGUNA_TIDAK_SAH": ProblemCode("Nama pengguna tidak sah", "Pakai 2–150 huruf kecil a–z, angka, titik, garis bawah atau tanda hubung.", _ACCOUNT),
    "NAMA_PENGGUNA_DIPAKAI": ProblemCode("Nama pengguna sudah dipakai", "Pilih nama lain, atau buka akun yang ada untuk mengubahnya.", _ACCOUNT),
    "NAMA_TERLALU_PANJANG": ProblemCode("Nama terlalu panjang", "Singkat namanya.", _ACCOUNT),
    "INSTANSI_TERLALU_PANJANG": ProblemCode("Nama instansi terlalu panjang", "Singkat nama instansinya.", _ACCOUNT),
    "SANDI_TIDAK_MEMENUHI": ProblemCode("Kata sandi terlalu lemah", "Pakai kata sandi yang lebih panjang dan tidak umum, mis. tiga kata acak dengan angka.", _ACCOUNT),
    "SANDI_LAMA_SALAH": ProblemCode("Kata sandi saat ini salah", "Ketik kata sandi yang Anda pakai untuk masuk.", _ACCOUNT),
    "SANDI_BARU_KOSONG": ProblemCode("Kata sandi baru kosong", "Ketik kata sandi baru.", _ACCOUNT),
    "SANDI_TIDAK_SAMA": ProblemCode("Kata sandi baru tidak sama", "Ketik kata sandi baru yang sama dua kali.", _ACCOUNT),
    "SANDI_SAMA": ProblemCode("Kata sandi baru sama dengan yang lama", "Pilih kata sandi yang berbeda.", _ACCOUNT),
}

"""BAB I Pendahuluan: background, legal basis, aims, method (with the backtest), data sources and definitions."""
from __future__ import annotations

from sinergi.documents.docx_utils import MISSING, Column
from sinergi.documents.rtkd.catalog import CHAPTERS
from sinergi.documents.rtkd.context import IKN_REGIONS, Context
from sinergi.documents.rtkd.engine import _scenario_reason
from sinergi.documents.rtkd.projection import scenario_label
from sinergi.documents.rtkd.text import (
    join_id,
    num,
    ok,
    orang,
    persen,
)

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
        c.p(f"Data ketenagakerjaan {x.label} untuk tahun dasar {base} belum lengkap; bagian yang "
            "belum dapat dihitung ditandai 'data belum tersedia' beserta instansi yang memegang datanya.")
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
    c.p("Sebagian besar angka dalam dokumen ini dibaca dari rilis resmi BPS dan berita yang mengutip BPS; "
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
    c.bullets([f"BAB {r} {t.title()}: {desc}" for (r, t, _), desc in zip(CHAPTERS, [
        "latar belakang, dasar hukum, maksud dan tujuan, metodologi, sumber data, pengertian dan sistematika.",
        f"kondisi ekonomi dan ketenagakerjaan {x.hist_years[0]}–{base}.",
        f"perkiraan penduduk usia kerja, TPAK dan angkatan kerja {base + 1}–{end}.",
        f"perkiraan pertumbuhan ekonomi dan kesempatan kerja {base + 1}–{end}, termasuk pelatihan, penempatan, hubungan industrial dan pengawasan.",
        "neraca persediaan dan kebutuhan: penganggur, TPT dan kekurangan tenaga kerja.",
        "arah kebijakan, strategi dan program yang diturunkan dari hasil perkiraan.",
        "kesimpulan dan saran, termasuk data yang perlu dilengkapi.",
    ], strict=False)])


V2_STEPS = [
    "Persediaan: penduduk usia kerja (PUK) mengikuti proyeksi penduduk BPS hasil SP2020 bila tersedia (rasio PUK terhadap "
    "penduduk tahun dasar ditahan), selain itu tren beberapa tahun yang diredam — tidak pernah dari satu tahun saja; TPAK "
    "mengikuti tren teredam di dalam rentang historisnya; AK = PUK × TPAK / 100.",
    "Kebutuhan: kesempatan kerja (KK) tumbuh dengan elastisitas terhadap PDRB ADHK 2010 yang ditaksir dengan regresi atas "
    "beberapa tahun, disusutkan dan dibatasi agar satu tahun yang janggal tidak menentukan hasil, dikali pertumbuhan PDRB "
    "menurut skenario.",
    "Neraca: TPT dijangkarkan pada angka tahun dasar dan bergerak menurut selisih pertumbuhan kebutuhan dan persediaan, "
    "tidak pernah turun di bawah lantai pengangguran friksional; kebutuhan di atas lantai itu dicatat sebagai kekurangan "
    "tenaga kerja yang dipenuhi migrasi masuk atau penglaju, bukan TPT nol.",
    "Kabupaten/kota: data wilayah sendiri bila lengkap; bila tidak, angka wilayah digerakkan dengan laju provinsi, atau "
    "diturunkan dari perkiraan provinsi dengan pangsa terakhir wilayah. Metode setiap angka disebut pada tabelnya.",
    "Skenario: moderat, optimis dan pesimis berbeda pada asumsi pertumbuhan PDRB; dampak IKN ditambahkan sebagai "
    "guncangan permintaan dan migrasi masuk yang terpisah dari elastisitas.",
    "Ketidakpastian: pita 80 % setiap angka perkiraan berasal dari galat uji balik bergulir metode ini pada data wilayah, "
    "menurut jarak tahun dari tahun dasar.",
    "Sasaran: kesempatan kerja yang diperlukan agar TPT mencapai sasaran, KK* = AK × (1 − TPT*/100), dan pertumbuhan "
    "PDRB yang diperlukan untuk itu.",
]
VARIABLE_NAMES = {"PUK": "Penduduk usia kerja", "TPAK": "TPAK", "AK": "Angkatan kerja", "KK": "Kesempatan kerja",
                  "PENGANGGUR": "Penganggur", "TPT": "TPT"}
RATES = ("TPT", "TPAK")


def _rolling_table(x: Context):
    """BAB I: the rolling-origin backtest errors by variable × horizon, beside 'no change'."""
    c, roll = x.c, x.engine.rolling
    if roll is None or getattr(roll, "errors", None) is None or roll.errors.empty:
        return
    s = roll.summary(by_horizon=True)
    horizons = sorted(int(h) for h in s["horizon"].unique())
    rows = []
    for var in VARIABLE_NAMES:
        for m, label in (("metode", "metode dokumen ini"), ("naif_tetap", "anggapan tidak berubah")):
            sub = s[(s["variable"] == var) & (s["method"] == m)]
            if not len(sub):
                continue
            col = "mae" if var in RATES else "mape"
            by_h = {int(r.horizon): float(getattr(r, col)) for r in sub.itertuples() if ok(getattr(r, col))}
            rows.append([f"{VARIABLE_NAMES[var]}: {label}"] + [by_h.get(h) for h in horizons])
    if not rows:
        return
    t = c.local("Galat Uji Balik Bergulir menurut Variabel dan Jarak Tahun dari Tahun Dasar",
                [Column("Variabel dan metode", "text", 5.6)] + [Column(f"{h} tahun", "dec2") for h in horizons], rows,
                ["Uji balik bergulir atas data BPS (Sakernas Agustus, PDRB ADHK 2010) wilayah ini"],
                notes=["Setiap tahun dasar yang datanya cukup dipakai sebagai titik awal; perkiraan dibandingkan dengan angka "
                       "yang kemudian terbit. TPT dan TPAK: galat absolut rata-rata dalam poin persen; variabel lain: galat "
                       "absolut rata-rata dalam persen. Jumlah pasangan makin sedikit untuk jarak tahun yang makin jauh."])
    c.table(t)
    warn = x.engine.warnings
    if warn:
        c.p("Untuk " + join_id([VARIABLE_NAMES.get(v, v) if v in RATES else VARIABLE_NAMES.get(v, v).lower() for v in warn]) + " metode ini meramal lebih buruk "
            "daripada anggapan bahwa angkanya tidak berubah; angka perkiraan variabel tersebut diberi peringatan di setiap "
            "tabel dan ringkasan, dan sebaiknya dibaca bersama angka tahun dasar.")
    else:
        c.p("Untuk semua variabel di atas metode ini meramal sekurang-kurangnya setepat anggapan bahwa angkanya tidak berubah.")


def _methodology(x: Context):
    c = x.c
    c.p("Perkiraan disusun dengan metode perencanaan tenaga kerja makro (PP 15/2007 Pasal 15; PER.24/MEN/XII/2008) "
        "dengan langkah berikut:")
    v2 = x.view is not None and not str(x.view.result.method_version).startswith("sinergi-rtk 1")
    c.bullets(V2_STEPS if v2 else [
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
            "metode di atas akan dipakai begitu data dasarnya dilengkapi.")
        return
    r = x.view.result
    a, b = r.window
    e = x.view.elasticity()
    c.p(f"Jendela elastisitas yang dipakai adalah {a}–{b}; elastisitas agregat skenario utama "
        f"({scenario_label(x.main)}) sebesar {num(e, 2) if ok(e) else MISSING}. Rincian lapangan usaha: "
        f"{'tersedia' if r.sector_detail not in ('', 'total') else 'tidak tersedia, proyeksi dihitung pada tingkat total'}.")
    # scenario assumptions table
    rows = []
    for name in x.view.scenario_names:
        g = x.view.total("PDRB_TUMBUH", name)
        rows.append([scenario_label(name)] + [g.get(y) for y in x.view.years[1:]])
    t = c.local("Asumsi Pertumbuhan PDRB ADHK 2010 menurut Skenario (persen per tahun)",
                [Column("Skenario", "text")] + [Column(str(y), "pct") for y in x.view.years[1:]], rows,
                [x.view.sources.line([], "Asumsi perencanaan penyusun dokumen (lihat Lampiran Catatan Teknis)")])
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
                cname = mae_col if var == "TPT" else mape_col
                row.append(float(hit[cname].iloc[0]) if len(hit) and cname and ok(hit[cname].iloc[0]) else None)
            rows.append(row)
        if rows:
            t = c.local(f"Uji Balik Metode: Proyeksi dari {bt.base_year} Dibandingkan Data {bt.base_year + 1}–{bt.end_year}",
                        [Column("Variabel", "text"), Column("Metode dokumen ini", "dec2"), Column("Naif: tetap", "dec2"),
                         Column("Naif: laju terakhir", "dec2")], rows,
                        [x.view.sources.line([], "Uji balik dengan pertumbuhan PDRB aktual; data BPS (Sakernas Agustus)")],
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
    _rolling_table(x)
    if x.engine.notes:
        c.note("Sebagian perhitungan pendukung tidak dapat dijalankan; keterangannya ada pada Lampiran Catatan Teknis.")


# ---------------------------------------------------------------------------
# BAB II

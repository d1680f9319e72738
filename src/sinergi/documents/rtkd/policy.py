"""BAB VI–VII: policy, strategy and programmes derived from the projection, and the closing chapter."""
from __future__ import annotations

from sinergi.core.regions import PROVINCE_CODE
from sinergi.documents.docx_utils import Column
from sinergi.documents.rtkd.context import Context
from sinergi.documents.rtkd.matter import coverage_sentence
from sinergi.documents.rtkd.projection import scenario_label
from sinergi.documents.rtkd.text import (
    join_id,
    num,
    ok,
    orang,
    persen,
    poin,
    rate_change_phrase,
)


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
            "kualitatif dan perlu diperbarui setelah data dasarnya dilengkapi.")
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
            "Kapasitas BLK/LPK perlu dibandingkan dengan angka ini begitu data kapasitasnya terhimpun.")
    app, part = f.get("blk_training_applicants_wave1", 2023, month=3, region=PROVINCE_CODE), f.get("blk_training_participants_wave1", 2023, month=3, region=PROVINCE_CODE)
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
                "bekerja menurut 17 lapangan usaha tersedia.")
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
    acc = f.get("work_accident_cases_jan_aug", 2024, month=None, region=PROVINCE_CODE)
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
        c.p("Dampak IKN tidak dimasukkan dalam perkiraan wilayah ini. Bila wilayah ini memasok tenaga kerja ke IKN, "
            "perkiraan perlu disusun ulang dengan dampak IKN dan data pekerja IKN yang bersumber dari Otorita IKN.")


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
                        "ganti dengan sasaran resmi RPJMD sebelum dokumen ditetapkan.") if not x.engine.target_given else
                       "Sasaran TPT ditetapkan penyusun; lintasan antartahun ditarik lurus dari tahun dasar."])
    c.table(t, v._urls)


def bab7(x: Context):
    c, base, end, v = x.c, x.base, x.end, x.view
    c.h1("VII", "PENUTUP")
    c.h2("A", "Kesimpulan")
    items = []
    if v is not None:
        ak, kk, tpt = x.total("AK"), x.total("KK"), x.total("TPT")
        if ok(ak.get(end)):
            items.append(f"Persediaan tenaga kerja (angkatan kerja) {x.label} diperkirakan mencapai {orang(ak[end])} pada {end}{x.flag('AK')}.")
        if ok(kk.get(end)):
            items.append(f"Kebutuhan tenaga kerja (kesempatan kerja) skenario {scenario_label(x.main)} diperkirakan {orang(kk[end])} pada {end}{x.flag('KK')}.")
        if ok(tpt.get(end)):
            items.append(f"TPT diperkirakan {persen(tpt[end])} pada {end} (tahun dasar {persen(tpt.get(base))}){x.flag('TPT')}.")
    else:
        items.append(f"Perkiraan {x.label} belum dapat dihitung; BAB III–V memuat kerangka tabel yang akan terisi setelah data dasarnya dilengkapi.")
    items.append(coverage_sentence(x))
    c.bullets(items, numbered=True)
    c.h2("B", "Saran")
    c.p("Agar RTKD dapat ditetapkan dan dipakai sebagai dasar program, data berikut perlu dilengkapi dari instansi "
        "yang memegangnya:")
    gaps = []
    for provider, codes in x.gaps.items():
        gaps.append(f"{provider}: Tabel {', '.join(codes)}.")
    c.bullets(gaps or ["Tidak ada tabel yang kosong."])
    c.bullets(["Verifikasi seluruh angka historis dengan tabel resmi BPS sebelum penetapan.",
               "Selaraskan asumsi pertumbuhan PDRB dengan RPJMD dan sasaran TPT resmi.",
               "Tetapkan RTKD dengan peraturan kepala daerah dan evaluasi capaiannya setiap tahun."])

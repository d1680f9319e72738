"""BAB II Kondisi ketenagakerjaan: the observed economy and labour market of the last years."""
from __future__ import annotations

from sinergi.core.regions import PROVINCE_CODE
from sinergi.documents.rtkd import charts
from sinergi.documents.rtkd.context import IKN_REGIONS, Context
from sinergi.documents.rtkd.history import kabkota_codes
from sinergi.documents.rtkd.text import (
    cagr,
    change_phrase,
    join_id,
    num,
    ok,
    orang,
    persen,
    poin,
    rate_change_phrase,
    rupiah,
    triliun,
)

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
        c.p(f"Laju pertumbuhan PDRB {x.label} untuk {ys[0]}–{base} belum tersedia dalam data yang terhimpun.")
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
        "jenjang) dan realisasi investasi beserta kebutuhan tenaga kerjanya. Keduanya belum terhimpun.")
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
        c.p(f"Jumlah penduduk usia kerja {x.label} belum tersedia dalam data yang terhimpun.")
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
        c.p(f"TPAK {x.label} belum tersedia dalam data yang terhimpun.")
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
        c.p(f"Jumlah angkatan kerja {x.label} belum tersedia dalam data yang terhimpun.")
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
        c.p(f"Jumlah penduduk bekerja {x.label} belum tersedia dalam data yang terhimpun.")
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
        c.p(f"TPT {x.label} belum tersedia dalam data yang terhimpun.")
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
        best = [(name, y, v) for name, vals in sect for y, v in zip(ys, vals, strict=False) if ok(v)]
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
    c.p("Data pencari kerja terdaftar, lowongan, penempatan, bursa kerja dan pengantar kerja belum terhimpun.")
    x.add(built["2.J.1"])

    # 2.K HI & jamsos, wages
    c.h2("K", "Hubungan Industrial dan Jaminan Sosial")
    bp_y, bp = f.last("bpjstk_active_participants", base, month="any", region=PROVINCE_CODE)
    ak_bp = f.get("angkatan_kerja", bp_y, region=PROVINCE_CODE) if bp_y else None
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
    wl = f.get("companies_wlkp_active", 2023, month=1, region=PROVINCE_CODE)
    if ok(wl):
        c.p(("" if x.is_province else "Pengawasan ketenagakerjaan adalah kewenangan provinsi; di tingkat Provinsi Kalimantan "
             "Timur, ")
            + ("P" if x.is_province else "p") + f"erusahaan aktif yang terdaftar dalam Wajib Lapor Ketenagakerjaan di "
            f"Perusahaan (WLKP) berjumlah {num(wl)} perusahaan (Januari 2023). Jumlah pegawai pengawas belum tersimpan, "
            "sehingga rasio perusahaan per pengawas belum dapat dihitung.")
    x.add(built["2.L.1"])

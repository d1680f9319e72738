"""BAB III–V: supply, demand and their balance, from the projection."""
from __future__ import annotations

from sinergi.documents.docx_utils import MISSING, Column
from sinergi.documents.rtkd import charts
from sinergi.documents.rtkd.context import Context
from sinergi.documents.rtkd.projection import scenario_label
from sinergi.documents.rtkd.text import (
    cagr,
    change_phrase,
    join_id,
    num,
    ok,
    orang,
    persen,
    rate_change_phrase,
)


def _no_projection(x: Context, what: str):
    c = x.c
    if x.c.chapter > 3:
        c.p(f"Perkiraan {what} {x.label} belum dapat dihitung karena data dasar belum cukup (rincian kekurangan data "
            "dan cara melengkapinya ada pada pengantar BAB III). Tabel-tabel berikut tetap dicantumkan sebagai kerangka.")
        return
    c.p(f"Perkiraan {what} {x.label} belum dapat dihitung karena data dasar wilayah ini belum cukup. Yang diperlukan: "
        f"angkatan kerja dan penduduk bekerja tahun dasar {x.base}; penduduk bekerja dan PDRB ADHK 2010 pada "
        f"sekurang-kurangnya dua tahun dalam {x.base - 5}–{x.base}; penduduk usia kerja dan TPAK untuk perkiraan persediaan. "
        "Sumbernya BPS Kabupaten/Kota (Sakernas Agustus dan PDRB menurut lapangan usaha). Tabel-tabel berikut tetap "
        "dicantumkan sebagai kerangka; rincian kekurangan data ada pada Lampiran Catatan Teknis.")


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
                 "satu tahun; proyeksi penduduk usia kerja BPS sebaiknya dipakai untuk menggantikannya.")
    return text


def bab3(x: Context):
    c, base, end = x.c, x.base, x.end
    c.h1("III", "PERKIRAAN PERSEDIAAN TENAGA KERJA")
    tables = {b.table.code: b for b in x.proj.bab3()}
    if x.view is None:
        _no_projection(x, "persediaan tenaga kerja")
    else:
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
            band, band_label = x.band("AK")
            fig = charts.line_chart(series, "orang", decimals=0, vline=base + 0.5, vline_label="proyeksi",
                                    band=band, band_label=band_label)
            c.figure(fig, f"Angkatan Kerja {x.label}: Data {x.hist_years[0]}–{base} dan Perkiraan {base + 1}–{end}"
                     + (f" dengan {band_label}" if band else ""),
                     f"BPS (Sakernas Agustus) dan hasil perkiraan, skenario {scenario_label(x.main)}")


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
            "penanaman modal lain per sektor belum tersedia dan perlu diminta dari DPMPTSP.")
    else:
        c.p("Rencana investasi per sektor belum tersedia; tabel berikut perlu diisi dari DPMPTSP dan LKPM.")
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
                        [v.sources.line(list(getattr(x.engine.ikn, "sources", []) or []), "Perhitungan dampak IKN (parameter asumsi)")],
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
                     "Hasil perkiraan (lihat Tabel 4.C.1)", width_cm=15)
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
        band, band_label = x.band("KK")
        fig = charts.line_chart(series, "orang", decimals=0, vline=base + 0.5, vline_label="proyeksi",
                                band=band, band_label=band_label)
        c.figure(fig, f"Kesempatan Kerja {x.label} menurut Skenario, {x.hist_years[0]}–{end}"
                 + (f" ({band_label})" if band else ""), "BPS (Sakernas Agustus) dan hasil perkiraan")
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
        "diminta dari UPTD Pengawasan Ketenagakerjaan.")
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
                f"TPT diperkirakan {rate_change_phrase(tpt[base], tpt[end])} dari {persen(tpt[base])} menjadi {persen(tpt[end])}"
                f"{x.flag('TPT')}.",
                (f"Jumlah penganggur {change_phrase(un[base], un[end])} menjadi {orang(un[end])} pada {end}{x.flag('PENGANGGUR')}"
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
                "Rentang ini menggambarkan ketidakpastian akibat asumsi pertumbuhan ekonomi" + (" dan IKN." if x.with_ikn else "; "
                "ketidakpastian metode sendiri ditunjukkan pita pada gambar dan tabel."))
        series = {"TPT (Sakernas)": x.f.series("tpt", x.hist_years)}
        for name in v.scenario_names:
            series[f"{scenario_label(name)}"] = v.total("TPT", name)
        band, band_label = x.band("TPT")
        fig = charts.line_chart(series, "persen", vline=base + 0.5, vline_label="proyeksi", band=band,
                                band_label=band_label, rate=True)
        c.figure(fig, f"Tingkat Pengangguran Terbuka {x.label}: Data dan Perkiraan menurut Skenario (persen)"
                 + (f", dengan {band_label}" if band else ""), "BPS (Sakernas Agustus) dan hasil perkiraan")
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

"""Front and back matter: foreword, executive summary, references and the workbook's extra sheets."""
from __future__ import annotations

import pandas as pd

from sinergi.documents.rtkd.catalog import BY_CODE
from sinergi.documents.rtkd.context import IKN_REGIONS, Context
from sinergi.documents.rtkd.intro import IKN_LAW, LEGAL_BASIS
from sinergi.documents.rtkd.projection import BAND_PREFIX, METHOD_ROW, scenario_label
from sinergi.documents.rtkd.render import Block
from sinergi.documents.rtkd.text import (
    change_phrase,
    clean,
    ok,
    orang,
    persen,
    rate_change_phrase,
)


def pustaka(x: Context):
    c = x.c
    c.rd.body.append(Block("h1", "DAFTAR PUSTAKA"))
    c.bullets([law.split(" — ")[0] + "." if " — " in law else law
               for law in LEGAL_BASIS + ([IKN_LAW] if x.rd.region_code in IKN_REGIONS else [])])
    c.p("Sumber data (nomor rujukan dipakai di bawah tabel), publikasi BPS lebih dahulu, lalu instansi pemerintah, lalu "
        "media dan salinan yang mengutip keduanya:")
    groups = x.rd.sources.grouped()
    for heading, entries in groups:
        c.h3(heading)
        x.rd.body.append(Block("refs", items=entries))
    if not groups:
        c.p("Belum ada sumber data yang dikutip.")


def coverage(x: Context) -> dict[str, list[str]]:
    """The official tables of this document by what they hold: 'rinci' (a breakdown with figures), 'total' (only the
    total row has figures) and 'kosong' (no figure at all)."""
    out: dict[str, list[str]] = {"rinci": [], "total": [], "kosong": []}
    for t in x.rd.tables:
        if t.code not in BY_CODE:
            continue
        with_data = {i for i, r in enumerate(t.rows) if any(ok(v) for v in r[1:])
                     and not str(r[0]).startswith((BAND_PREFIX, METHOD_ROW))}  # a band or method row belongs to its total
        if t.placeholder or not with_data:
            out["kosong"].append(t.code)
        elif with_data - set(t.bold_rows):
            out["rinci"].append(t.code)
        else:
            out["total"].append(t.code)
    return out


def coverage_sentence(x: Context) -> str:
    cov = coverage(x)
    n = sum(len(v) for v in cov.values())
    return (f"Dari {n} tabel resmi dalam dokumen ini, {len(cov['rinci'])} berisi rincian, {len(cov['total'])} hanya berisi "
            f"angka total (rinciannya belum tersedia) dan {len(cov['kosong'])} belum berisi angka sama sekali; instansi "
            "penyedia data disebutkan pada setiap tabel.")


def meter_sentence(x: Context) -> str:
    """How much of the base year the projection starts from is sourced, derived, illustrative or
    missing in the statistics the document was built from (the real-data meter)."""
    from sinergi.core.stats.meter import rtk_base_meter

    m = rtk_base_meter(x.obs.data, x.rd.region_code, x.base, subject=f"Data tahun dasar {x.label} {x.base}")
    return (m.text() + " (penduduk usia kerja, angkatan kerja, bekerja, penganggur dan TPAK Sakernas Agustus, PDRB ADHK "
            "2010); angka yang tidak tersedia diperkirakan dengan metode yang disebut pada setiap tabel.")


def catatan_teknis(x: Context):
    """The annex that says, in planners' words, how the document was produced and how to renew it."""
    c, rd = x.c, x.rd
    rd.body.append(Block("h1", "LAMPIRAN CATATAN TEKNIS"))
    c.h2("A", "Cara Dokumen Ini Disusun")
    c.p("Dokumen ini disusun dengan aplikasi perencanaan tenaga kerja Sinergi dari data yang terhimpun di dalamnya: "
        "statistik BPS (Sakernas Agustus, PDRB ADHK 2010, proyeksi penduduk) dan data instansi daerah. Setiap angka "
        "tabel juga tersedia dalam buku kerja Excel pendamping, satu lembar per kode tabel, dengan alamat sumbernya.")
    if x.view is not None:
        r = x.view.result
        c.p(f"Versi metode perkiraan: {r.method_version}. Skenario utama: {scenario_label(x.main)}; dampak IKN "
            + ("dimasukkan." if x.with_ikn else "tidak dimasukkan.")
            + (" Sasaran TPT ditetapkan penyusun." if x.engine.target_given else
               " Sasaran TPT ilustratif (TPT tahun dasar dikurangi satu poin persen) sampai sasaran RPJMD dimasukkan."))
    c.p("Asumsi pertumbuhan PDRB setiap skenario, parameter dampak IKN dan sasaran TPT dapat diubah oleh penyusun pada "
        "halaman rencana RTK di aplikasi; dokumen dan buku kerjanya kemudian dibuat ulang dari angka yang sama.")
    c.h2("B", "Memperbarui Data")
    c.p("Angka baru (misalnya hasil Sakernas Agustus terbaru, atau tabulasi BPS menurut golongan umur, pendidikan dan "
        "lapangan usaha) diunggah oleh pengelola data pada halaman data wilayah dengan templat tabel yang disediakan "
        "aplikasi. Angka yang diunggah menggantikan angka bawaan untuk tahun dan indikator yang sama; tabel yang kini "
        "kosong terisi ketika dokumen dibuat ulang.")
    c.p(coverage_sentence(x))
    c.p(meter_sentence(x))
    problems = list(x.engine.problems) + list(x.engine.notes)
    if problems:
        c.h2("C", "Keterangan Perhitungan")
        c.p("Perhitungan berikut tidak dapat dijalankan atau memakai jalan lain:")
        c.bullets(problems)


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
                           f"menjadi {orang(ak[end])} ({end}){_band_text(x, 'AK', end)}{x.flag('AK')}.")
        if ok(kk.get(base)) and ok(kk.get(end)):
            summary.append(f"Kesempatan kerja (skenario {scenario_label(x.main)}) diperkirakan {change_phrase(kk[base], kk[end])} "
                           f"menjadi {orang(kk[end])} pada {end}{_band_text(x, 'KK', end)}{x.flag('KK')}.")
        if ok(tpt.get(base)) and ok(tpt.get(end)):
            summary.append(f"TPT diperkirakan {rate_change_phrase(tpt[base], tpt[end])} dari {persen(tpt[base])} menjadi "
                           f"{persen(tpt[end])}{_band_text(x, 'TPT', end)}{x.flag('TPT')}; penganggur {orang(un.get(end))} "
                           f"pada {end}{_band_text(x, 'PENGANGGUR', end)}{x.flag('PENGANGGUR')}.")
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
                       "data yang harus dilengkapi.")
    summary.append(coverage_sentence(x))
    summary.append(meter_sentence(x))
    exec_blocks = [Block("p", clean(f"Ringkasan hasil perencanaan tenaga kerja {x.label} {rd.title_period}:")),
                   Block("bullets", items=[clean(s) for s in summary])]
    rd.front = [("KATA PENGANTAR", kp), ("RINGKASAN EKSEKUTIF", exec_blocks), ("DAFTAR ISI", []),
                ("DAFTAR TABEL", []), ("DAFTAR GAMBAR", [])]


def _band_text(x: Context, var: str, year: int) -> str:
    """' (pita 80 %: a–b)' for a headline figure, or ''."""
    b = x.view.band(var, year) if x.view is not None else None
    if not b:
        return ""
    fmt = persen if var in ("TPT", "TPAK") else orang
    return f" (pita {x.view.band_level * 100:.0f} %: {fmt(b[0])}–{fmt(b[1])})"


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

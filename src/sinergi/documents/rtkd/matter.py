"""Front and back matter: foreword, executive summary, references and the workbook's extra sheets."""
from __future__ import annotations

import pandas as pd

from sinergi.documents.rtkd.projection import scenario_label
from sinergi.documents.rtkd.render import Block
from sinergi.documents.rtkd.text import (
    change_phrase, clean, ok, orang, persen, rate_change_phrase,
)
from sinergi.documents.rtkd.context import IKN_REGIONS, Context
from sinergi.documents.rtkd.intro import LEGAL_BASIS, IKN_LAW


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

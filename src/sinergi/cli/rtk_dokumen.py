"""``sinergi rtk dokumen``: the RTKD as a Word document plus its companion workbook.

Contract::

    sinergi rtk dokumen --wilayah 64 --tahun-dasar 2024 --tahun-akhir 2029 --keluaran RTKD.docx
        [--skenario moderat|optimis|pesimis] [--ikn | --tanpa-ikn] [--sasaran-tpt PERSEN]
        [--jendela-elastisitas A-B] [--data DATA.csv|xlsx] [--xlsx TABEL.xlsx] [--instansi NAMA]

Writes the .docx and, beside it, the .xlsx holding every table of the document (one sheet
per table code), then prints both paths. A kabupaten/kota whose data are too sparse for a
projection still gets a document; the command then also says which data must be imported.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sinergi.core.problems import Problem, ValidationFailed
from sinergi.core.regions import PROVINCE_CODE

SCENARIOS = ("moderat", "optimis", "pesimis")


def register(rtk_subparsers) -> None:
    """Add ``dokumen`` to the ``sinergi rtk`` command group."""
    p = rtk_subparsers.add_parser(
        "dokumen",
        help="dokumen RTKD (Word) beserta buku kerja tabelnya (Excel)",
        description="Menyusun dokumen Rencana Tenaga Kerja Daerah BAB I–VII dengan kode tabel resmi, grafik, sumber "
                    "di bawah setiap tabel, dan buku kerja pendamping berisi setiap tabel (satu sheet per kode tabel).",
    )
    p.add_argument("--wilayah", default=PROVINCE_CODE, metavar="KODE",
                   help=f"kode BPS wilayah: {PROVINCE_CODE} provinsi, 4 angka kabupaten/kota (bawaan: {PROVINCE_CODE})")
    p.add_argument("--tahun-dasar", type=int, metavar="T0",
                   help="bawaan: tahun terakhir yang datanya cukup untuk metode")
    p.add_argument("--tahun-akhir", type=int, metavar="T1", help="bawaan: tahun dasar + 5")
    p.add_argument("--keluaran", type=Path, required=True, metavar="RTKD.docx")
    p.add_argument("--xlsx", type=Path, metavar="TABEL.xlsx", help="bawaan: nama dokumen dengan akhiran .xlsx")
    p.add_argument("--skenario", choices=SCENARIOS, default="moderat",
                   help="skenario utama pada tabel resmi (semua skenario tetap dibandingkan; bawaan: moderat)")
    ikn = p.add_mutually_exclusive_group()
    ikn.add_argument("--ikn", dest="ikn", action="store_true", default=None,
                     help="sertakan modul IKN (bawaan: ya untuk provinsi, Penajam Paser Utara dan Kutai Kartanegara)")
    ikn.add_argument("--tanpa-ikn", dest="ikn", action="store_false", help="tanpa modul IKN")
    p.add_argument("--sasaran-tpt", type=_percent, metavar="PERSEN",
                   help="TPT sasaran pada tahun akhir (bawaan: TPT tahun dasar dikurangi 1 poin persen, ilustratif)")
    p.add_argument("--jendela-elastisitas", metavar="A-B", help="jendela elastisitas, mis. 2021-2024 (bawaan: dari data)")
    p.add_argument("--data", type=Path, metavar="DATA.csv|xlsx",
                   help="data wilayah (bentuk panjang region_code,year,variable,sector,value, atau templat terisi)")
    p.add_argument("--metode", choices=("v2", "sederhana"), default="v2",
                   help="metode proyeksi (bawaan: v2; 'sederhana' = metode pertama, angka seperti sebelumnya)")
    p.add_argument("--instansi", metavar="NAMA", help="nama perangkat daerah penyusun (sampul dan kata pengantar)")
    p.set_defaults(func=cmd_dokumen)


def _percent(text: str) -> float:
    from sinergi.core.numbers import NotANumber, parse_number

    try:
        return parse_number(text)
    except NotANumber:
        raise argparse.ArgumentTypeError(f"'{text}' bukan angka persen (mis. 4,5 atau 4.5)") from None


def cmd_dokumen(args) -> int:
    from sinergi.documents import rtk_files
    from sinergi.documents.rtkd import build_rtkd
    from sinergi.documents.rtkd.history import Observations, observations_from_series, regions

    problems: list[Problem] = []
    code = str(args.wilayah).strip()
    known = set(regions()["code"])
    if code not in known:
        problems.append(Problem(code="WILAYAH_TIDAK_DIKENAL", message=f"Kode wilayah '{code}' tidak dikenal.",
                                fix=f"Gunakan salah satu kode BPS: {', '.join(sorted(known))}.", column="wilayah", value=code))
    end = args.tahun_akhir if args.tahun_akhir is not None or args.tahun_dasar is None else args.tahun_dasar + 5
    if end is not None and args.tahun_dasar is not None and end <= args.tahun_dasar:
        problems.append(Problem(code="TAHUN_TIDAK_SAH", message=f"Tahun akhir {end} harus sesudah tahun dasar {args.tahun_dasar}.",
                                fix="Pilih --tahun-akhir yang lebih besar dari --tahun-dasar.", column="tahun-akhir", value=str(end)))
    if args.keluaran.suffix.lower() != ".docx":
        problems.append(Problem(code="FORMAT_TIDAK_DIDUKUNG",
                                message=f"Dokumen harus berakhiran .docx (diberikan '{args.keluaran.name}').",
                                fix="Akhiri nama berkas --keluaran dengan .docx.", file=args.keluaran.name))
    if args.xlsx is not None and args.xlsx.suffix.lower() != ".xlsx":
        problems.append(Problem(code="FORMAT_TIDAK_DIDUKUNG", message=f"Buku kerja harus berakhiran .xlsx (diberikan '{args.xlsx.name}').",
                                fix="Akhiri nama berkas --xlsx dengan .xlsx.", file=args.xlsx.name))
    window = None
    if args.jendela_elastisitas:
        try:
            window = rtk_files.parse_window(args.jendela_elastisitas)
        except ValueError as exc:
            problems.append(Problem(code="JENDELA_TIDAK_SAH", message=f"--jendela-elastisitas: {exc}.",
                                    fix="Tulis dua tahun dengan tanda hubung, mis. --jendela-elastisitas 2021-2024.",
                                    column="jendela-elastisitas", value=args.jendela_elastisitas))
    if problems:
        raise ValidationFailed(problems)
    series, observations = None, None
    if args.data is not None:
        series = rtk_files.read_data(args.data, code)
        observations = Observations.embedded(preferred=[observations_from_series(series)])
    out = build_rtkd(code, args.tahun_dasar, end, args.keluaran, xlsx=args.xlsx, scenario=args.skenario, ikn=args.ikn,
                     target_tpt=args.sasaran_tpt, agency=args.instansi, series=series, observations=observations,
                     window=window, method=args.metode)
    doc = out.document
    print(f"Dokumen RTKD : {out.docx_path}")
    print(f"Buku kerja   : {out.xlsx_path}")
    empty = [t.code for t in doc.tables if t.placeholder]
    print(f"{len(doc.tables)} tabel; {len(empty)} belum berisi data.")
    if doc.engine_problems:
        print("Proyeksi belum dapat dihitung; data yang perlu diimpor:", file=sys.stderr)
        for msg in doc.engine_problems:
            print(f"  - {msg}", file=sys.stderr)
    for w in doc.warnings:
        print(f"Peringatan: {w}", file=sys.stderr)
    return 0

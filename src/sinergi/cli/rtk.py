"""``sinergi rtk …``: RTK projections (``proyeksi``), their backtest (``uji-balik``) and the
import template for BPS sector tables (``templat``). ``dokumen`` is registered by
:mod:`sinergi.cli.rtk_dokumen` when that module is installed.

Contract (scripts rely on it)::

    sinergi rtk proyeksi --wilayah KODE [--tahun-dasar T0] [--tahun-akhir T1]
        [--skenario moderat|optimis|pesimis|semua] [--pertumbuhan-pdrb PERSEN] [--metode v2|sederhana]
        [--lantai-tpt PERSEN] [--elastisitas E] [--ikn | --tanpa-ikn]
        [--jendela-elastisitas A-B] [--data DATA.csv|xlsx] --keluaran HASIL.csv|xlsx
    sinergi rtk uji-balik --wilayah 64 --tahun-dasar 2019 --tahun-akhir 2024 --keluaran GALAT.csv|xlsx
    sinergi rtk uji-balik --wilayah 64 --bergulir --keluaran U.csv|xlsx

HASIL is long form ``region_code,year,scenario,variable,group,value,method`` (empty group =
total; ``method`` names how the value was produced; rows with scenario ``aktual`` are the
observed values of projected years). The rolling backtest writes
``region_code,base_year,year,horizon,variable,method,actual,predicted,error``.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from sinergi.core.problems import Problem, ValidationFailed

SCENARIO_CHOICES = ("moderat", "optimis", "pesimis", "semua")


def register(sub) -> None:
    rtk = sub.add_parser("rtk", help="Rencana Tenaga Kerja: proyeksi, uji balik, templat impor, dokumen")
    group = rtk.add_subparsers(dest="rtk_command", metavar="PERINTAH")

    p = group.add_parser(
        "proyeksi",
        help="proyeksi persediaan, kebutuhan dan neraca tenaga kerja per skenario",
        description="Proyeksi PUK, TPAK, AK, KK, penganggur, TPT dan kekurangan tenaga kerja (METHOD.md §3).",
    )
    _common(p)
    p.add_argument("--skenario", choices=SCENARIO_CHOICES, default="semua",
                   help="skenario tersimpan yang dijalankan (bawaan: semua)")
    p.add_argument("--pertumbuhan-pdrb", type=_percent, metavar="PERSEN",
                   help="laju pertumbuhan PDRB per tahun untuk semua sektor, menggantikan jalur tersimpan skenario")
    ikn = p.add_mutually_exclusive_group()
    ikn.add_argument("--ikn", action="store_true", default=None,
                     help="jalankan juga setiap skenario dengan modul IKN (nama skenario + '+ikn'); "
                          "bawaan: menyala untuk provinsi (64), Penajam Paser Utara (6409) dan Kutai Kartanegara (6403)")
    ikn.add_argument("--tanpa-ikn", dest="ikn", action="store_false", help="matikan modul IKN")
    p.add_argument("--lantai-tpt", type=_percent, metavar="PERSEN",
                   help="lantai pengangguran friksional metode v2 (bawaan: 0,6 × TPT terendah wilayah, paling rendah 2)")
    p.add_argument("--elastisitas", type=_percent, metavar="E",
                   help="elastisitas kesempatan kerja tetap untuk metode v2 (bawaan: diestimasi dari data)")
    p.add_argument("--bentuk-elastisitas", choices=("majemuk", "regresi"),
                   help="bentuk elastisitas (bawaan: yang tersimpan di skenario, biasanya majemuk)")
    _by_sex_option(p, "proyeksi TPAK laki-laki, perempuan dan selisihnya (kolom region_code,year,variable,value,basis)")
    p.set_defaults(func=cmd_proyeksi)

    b = group.add_parser(
        "uji-balik",
        help="uji balik metode dari tahun dasar lampau, dibanding dua pembanding naif",
        description="Menjalankan metode dengan data sampai tahun dasar dan PDRB aktual, lalu membandingkan dengan kenyataan.",
    )
    _common(b)
    b.add_argument("--bentuk-elastisitas", choices=("majemuk", "regresi"), default="majemuk")
    b.add_argument("--bergulir", action="store_true",
                   help="uji balik bergulir: setiap tahun dasar dari yang paling awal sampai tahun terakhir − 1, horizon 1–5")
    _by_sex_option(b, "uji balik bergulir TPAK laki-laki, perempuan dan selisihnya (kolom seperti uji balik bergulir)")
    b.set_defaults(func=cmd_uji_balik)

    t = group.add_parser("templat", help="templat XLSX untuk mengimpor tabel BPS (total, KK dan PDRB 17 lapangan usaha)")
    t.add_argument("--keluaran", type=Path, required=True, metavar="TEMPLAT.xlsx")
    t.add_argument("--wilayah", default="", metavar="KODE")
    t.add_argument("--tahun-awal", type=int, default=2019)
    t.add_argument("--tahun-akhir", type=int, default=2024)
    t.set_defaults(func=cmd_templat)

    try:
        # import_module raises ModuleNotFoundError (``from … import`` would raise a bare ImportError)
        rtk_dokumen = importlib.import_module("sinergi.cli.rtk_dokumen")
    except ModuleNotFoundError as exc:
        if exc.name != "sinergi.cli.rtk_dokumen":
            raise
    else:
        rtk_dokumen.register(group)
    rtk.set_defaults(func=lambda args: (rtk.print_help(), 2)[1])


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wilayah", required=True, metavar="KODE", help="kode BPS wilayah (64 provinsi, 6401 … 6474)")
    p.add_argument("--tahun-dasar", type=int, metavar="T0",
                   help="bawaan: tahun terakhir dengan data yang dibutuhkan metode")
    p.add_argument("--tahun-akhir", type=int, metavar="T1", help="bawaan: tahun dasar + 5")
    p.add_argument("--metode", choices=("v2", "sederhana"), default="v2",
                   help="v2 (bawaan) atau sederhana (metode pertama, sinergi-rtk 1.0)")
    p.add_argument("--jendela-elastisitas", metavar="A-B", help="jendela elastisitas, mis. 2021-2024 (bawaan: dari data)")
    p.add_argument("--data", type=Path, metavar="DATA.csv|xlsx",
                   help="data wilayah (bentuk panjang region_code,year,variable,sector,value, atau templat terisi); "
                        "menggantikan data tertanam untuk wilayah itu")
    p.add_argument("--keluaran", type=Path, required=True, metavar="HASIL.csv|xlsx")


def _by_sex_option(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--keluaran-jenis-kelamin", type=Path, metavar="JENIS_KELAMIN.csv",
                   help=f"berkas CSV tambahan: {what}; bila datanya belum ada, berkas hanya berisi judul kolom")


def _write_by_sex(path: Path | None, frame) -> None:
    if path is None:
        return
    frame.to_csv(path, index=False)  # codes and numbers only (region, year, variable, value, basis/method)
    print(f"Hasil menurut jenis kelamin ditulis ke {path}")


def _print_by_sex_projection(series, base: int, end: int, params) -> None:
    """Extra lines (the existing output is unchanged): TPAK by sex and the gap at the end year."""
    from sinergi.core.numbers import format_id
    from sinergi.core.rtk.by_sex import project_by_sex

    frame, why = project_by_sex(series, base, end, params)
    if frame.empty:
        print(f"  Menurut jenis kelamin: {why}.")
        return frame
    last = frame[frame["year"] == frame["year"].max()].set_index("variable")["value"]
    print(f"  Menurut jenis kelamin {int(frame['year'].max())}: TPAK laki-laki {format_id(last['TPAK_LAKI_LAKI'], 2)} %, "
          f"perempuan {format_id(last['TPAK_PEREMPUAN'], 2)} %, selisih {format_id(last['SELISIH_TPAK'], 2)} poin")
    return frame


def _percent(text: str) -> float:
    from sinergi.core.numbers import NotANumber, parse_number

    try:
        return parse_number(text)
    except NotANumber:
        raise argparse.ArgumentTypeError(f"'{text}' bukan angka persen (mis. 5,6 atau 5.6)") from None


def _inputs(args):
    """Series, window and end year from the common arguments; every problem at once."""
    from sinergi.documents import rtk_files

    problems: list[Problem] = []
    window = None
    if args.jendela_elastisitas:
        try:
            window = rtk_files.parse_window(args.jendela_elastisitas)
        except ValueError as exc:
            problems.append(Problem(code="JENDELA_TIDAK_SAH", message=f"--jendela-elastisitas: {exc}.",
                                    fix="Tulis dua tahun dengan tanda hubung, mis. --jendela-elastisitas 2021-2024.",
                                    column="jendela-elastisitas", value=args.jendela_elastisitas))
    end = args.tahun_akhir if args.tahun_akhir is not None else (
        args.tahun_dasar + 5 if args.tahun_dasar is not None else None)
    if end is not None and args.tahun_dasar is not None and end <= args.tahun_dasar:
        problems.append(Problem(code="TAHUN_TIDAK_SAH", message=f"Tahun akhir {end} harus sesudah tahun dasar {args.tahun_dasar}.",
                                fix="Pilih --tahun-akhir yang lebih besar dari --tahun-dasar.", column="tahun-akhir", value=str(end)))
    suffix = args.keluaran.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        problems.append(Problem(code="FORMAT_TIDAK_DIDUKUNG", message=f"Format keluaran '{suffix or '(tanpa akhiran)'}' tidak didukung.",
                                fix="Akhiri nama berkas --keluaran dengan .csv atau .xlsx.", file=args.keluaran.name))
    series = None
    try:
        if args.data is not None:
            series = rtk_files.read_data(args.data, args.wilayah)
        else:
            series = rtk_files.kaltim_series(args.wilayah)
    except ValidationFailed as exc:
        problems.extend(exc.problems)
    if problems:
        raise ValidationFailed(problems)
    return series, window, end


def _method_params(args):
    from sinergi.core.rtk import MethodParams

    return MethodParams(frictional_floor=getattr(args, "lantai_tpt", None), elasticity=getattr(args, "elastisitas", None))


def cmd_proyeksi(args) -> int:
    from sinergi.core.rtk import ikn_default_on, run_plan
    from sinergi.documents import rtk_files

    series, window, end = _inputs(args)
    stored = rtk_files.load_scenarios()
    names = [n for n in ("moderat", "optimis", "pesimis") if n in stored] if args.skenario == "semua" else [args.skenario]
    scenarios = []
    for n in names:
        s = stored[n]
        if args.pertumbuhan_pdrb is not None:
            s = s.with_growth(args.pertumbuhan_pdrb)
        scenarios.append(s)
    with_ikn = args.ikn if args.ikn is not None else ikn_default_on(series.region_code)
    ikn = rtk_files.load_ikn(series.region_code) if with_ikn else None
    # the XLSX also carries the uncertainty bands and guardrail warnings from the rolling backtest
    xlsx = args.keluaran.suffix.lower() == ".xlsx"
    run = run_plan(series, scenarios, base_year=args.tahun_dasar, end_year=end, ikn=ikn, main=scenarios[0].name,
                   window=window, form=args.bentuk_elastisitas, method=args.metode, params=_method_params(args),
                   with_backtest=xlsx)
    if not run.ok:
        raise ValidationFailed(run.problems)
    result = run.result
    out = rtk_files.write_result(result, args.keluaran, bands=run.bands if xlsx else None,
                                 warnings=run.warnings if xlsx else None)
    _print_projection(result)
    for text in run.warnings.values():
        print(f"  Peringatan: {text}")
    print(f"Hasil ditulis ke {out}")
    if args.keluaran_jenis_kelamin is not None:
        _write_by_sex(args.keluaran_jenis_kelamin, _print_by_sex_projection(series, result.base_year, result.end_year, _method_params(args)))
    return 0


def _print_projection(result) -> None:
    from sinergi.core.numbers import format_id

    print(f"Proyeksi RTK {result.region_code} {result.region_name}".rstrip() + f", {result.base_year}–{result.end_year}"
          f" (metode {result.method})")
    agg = {name: next((e for e in res.elasticities if e.sector == ""), None) for name, res in result.scenarios.items()}
    first = next(iter(agg.values()))
    if result.method == "sederhana":
        print(f"  Jendela elastisitas {result.window[0]}–{result.window[1]}, bentuk {first.form}, E = {format_id(first.value, 3)}; "
              f"rincian sektor: {result.sector_detail}; persediaan: {result.supply_method}")
    else:
        e = f"E = {format_id(first.value, 3)}" if first is not None else "E provinsi"
        print(f"  {e}; PUK: {result.supply_method}; lantai TPT {format_id(result.params.get('frictional_floor'), 2)} %; "
              f"rincian sektor: {result.sector_detail}")
    print(f"  {'skenario':<14}{'tahun':>6}{'AK':>14}{'KK':>14}{'TPT %':>8}{'kekurangan':>13}  metode TPT")
    for name, res in result.scenarios.items():
        t = result.end_year
        print(f"  {name:<14}{t:>6}{format_id(res.value('AK', t), 0):>14}{format_id(res.value('KK', t), 0):>14}"
              f"{format_id(res.value('TPT', t), 2):>8}{format_id(res.value('KEKURANGAN', t), 0):>13}  "
              f"{result.method_of(name, 'TPT', t)}")
    for note in result.notes:
        print(f"  Catatan: {note}")
    seen = set()
    for res in result.scenarios.values():
        for note in res.notes:
            if note not in seen:
                seen.add(note)
                print(f"  Catatan: {note}")


def cmd_uji_balik(args) -> int:
    from sinergi.core.numbers import format_id
    from sinergi.core.rtk import backtest
    from sinergi.documents import rtk_files

    series, window, end = _inputs(args)
    if args.bergulir:
        return _uji_balik_bergulir(args, series)
    if args.tahun_dasar is None:
        raise ValidationFailed([Problem(code="TAHUN_DASAR_KOSONG", message="Uji balik satu tahun dasar butuh --tahun-dasar.",
                                        fix="Tambahkan --tahun-dasar (mis. 2019), atau pakai --bergulir untuk semua tahun dasar.",
                                        column="tahun-dasar")])
    bt = backtest(series, args.tahun_dasar, end, window=window, form=args.bentuk_elastisitas, method=args.metode)
    out = rtk_files.write_backtest(bt, args.keluaran)
    print(f"Uji balik RTK {bt.region_code}, tahun dasar {bt.base_year}, dibanding kenyataan {bt.base_year + 1}–{bt.end_year}"
          f" (metode {args.metode})")
    print(f"  {'variabel':<12}{'metode':<14}{'n':>3}{'galat abs. rata-rata':>22}{'MAPE %':>9}")
    for r in bt.summary.itertuples():
        mape = "" if r.mape != r.mape else format_id(r.mape, 2)
        print(f"  {r.variable:<12}{r.method:<14}{r.n:>3}{format_id(r.mae, 2 if r.unit == 'poin persen' else 0):>22}{mape:>9}")
    for var, why in bt.not_tested.items():
        print(f"  Tidak diuji: {var} — {why}")
    for note in bt.notes:
        print(f"  Catatan: {note}")
    print(f"Hasil ditulis ke {out}")
    return 0


def _uji_balik_bergulir(args, series) -> int:
    from sinergi.core.numbers import format_id
    from sinergi.core.rtk import rolling_backtest
    from sinergi.documents import rtk_files

    rb = rolling_backtest(series, method=args.metode, params=_method_params(args))
    if rb.errors.empty:
        raise ValidationFailed([Problem(
            code="UJI_BALIK_KOSONG",
            message=f"Wilayah {series.region_code}: tidak ada tahun dasar yang dapat diuji ("
                    + "; ".join(f"{y}: {why}" for y, why in sorted(rb.skipped.items())) + ").",
            fix="Lengkapi data beberapa tahun (AK, KK, PUK/TPAK dan PDRB) lalu jalankan ulang.")])
    out = rtk_files.write_rolling_backtest(rb, args.keluaran)
    years = rb.base_years
    print(f"Uji balik bergulir RTK {series.region_code} {series.region_name}".rstrip()
          + f", metode {rb.method}, tahun dasar {years[0]}–{years[-1]}, horizon 1–5")
    print(f"  {'variabel':<12}{'metode':<12}{'n':>4}{'galat abs. rata-rata':>22}{'MAPE %':>9}")
    for r in rb.summary().itertuples():
        dec = 2 if r.variable in ("TPT", "TPAK") else 0
        mape = "" if r.mape != r.mape else format_id(r.mape, 2)
        print(f"  {r.variable:<12}{r.method:<12}{r.n:>4}{format_id(r.mae, dec):>22}{mape:>9}")
    for y, why in sorted(rb.skipped.items()):
        print(f"  Tahun dasar {y} dilewati: {why}")
    for _var, text in rb.worse_than_no_change().items():
        print(f"  Peringatan: {text}")
    for note in rb.notes:
        print(f"  Catatan: {note}")
    print(f"Hasil ditulis ke {out}")
    if args.keluaran_jenis_kelamin is not None:
        _write_by_sex(args.keluaran_jenis_kelamin, _print_by_sex_backtest(series, args))
    return 0


def _print_by_sex_backtest(series, args):
    """Extra lines after the total's rolling backtest: the same backtest of TPAK by sex and the gap."""
    from sinergi.core.numbers import format_id
    from sinergi.core.rtk.by_sex import rolling_backtest_by_sex

    rb = rolling_backtest_by_sex(series, _method_params(args))
    if rb.errors.empty:
        reasons = rb.notes + [f"tahun dasar {y}: {why}" for y, why in sorted(rb.skipped.items())]
        print(f"  Menurut jenis kelamin: tidak ada tahun dasar yang dapat diuji ({'; '.join(reasons)}).")
        return rb.errors
    years = rb.base_years
    print(f"  Menurut jenis kelamin (TPAK, poin persen), tahun dasar {years[0]}–{years[-1]}:")
    for r in rb.summary().itertuples():
        print(f"  {r.variable:<16}{r.method:<12}{r.n:>4}{format_id(r.mae, 2):>22}")
    return rb.errors


def cmd_templat(args) -> int:
    from sinergi.documents import rtk_files

    if args.keluaran.suffix.lower() != ".xlsx":
        raise ValidationFailed([Problem(code="FORMAT_TIDAK_DIDUKUNG", message="Templat hanya tersedia sebagai .xlsx.",
                                        fix="Akhiri nama berkas --keluaran dengan .xlsx.", file=args.keluaran.name)])
    if args.tahun_akhir < args.tahun_awal:
        raise ValidationFailed([Problem(code="TAHUN_TIDAK_SAH", message="Tahun akhir templat sebelum tahun awal.",
                                        fix="Periksa --tahun-awal dan --tahun-akhir.")])
    out = rtk_files.write_template(args.keluaran, args.wilayah, range(args.tahun_awal, args.tahun_akhir + 1))
    print(f"Templat impor ditulis ke {out}. Isi lalu jalankan: sinergi rtk proyeksi --data {out.name} …")
    return 0


if __name__ == "__main__":  # pragma: no cover
    from sinergi.cli import main

    sys.exit(main(["rtk", *sys.argv[1:]]))

"""``sinergi ipk …``: compute, explain, plan and stress-test the IPK from the command line.

Contract (scripts and acceptance checks rely on it)::

    sinergi ipk hitung --metode METODE.csv|xlsx --data DATA.csv|xlsx --keluaran HASIL.csv|xlsx
    sinergi ipk ketidakpastian --metode … --data … --n 10000 --seed 1 --keluaran …
    sinergi ipk target --metode … --data … --wilayah 6401 --tahun 2023 --kategori "menengah atas"

``--metode`` defaults to (or accepts the name) ``bawaan`` — the shipped provisional method;
``--data`` defaults to the shipped Kalimantan Timur input data. Commands exit 0 when they
ran, 1 when an input file has problems (all listed, with file/sheet/row/column), 2 for a
wrong option.
"""
from __future__ import annotations

import sys
from pathlib import Path

from sinergi.core.ipk import (
    ILLUSTRATIVE_EXPLANATION,
    PROVISIONAL_EXPLANATION,
    PROVISIONAL_LABEL,
    UncertaintySettings,
    compare_results,
    compute,
    explain,
    simulate,
    sobol_indices,
    solve_target,
    yearly_change_bounds,
)
from sinergi.core.numbers import NotANumber, format_id, parse_number


def _files():
    from sinergi.documents import ipk_files

    return ipk_files


def register(sub) -> None:
    ipk = sub.add_parser(
        "ipk",
        help="Indeks Pembangunan Ketenagakerjaan: hitung, jelaskan, target, ketidakpastian",
        description="Indeks Pembangunan Ketenagakerjaan (struktur Kepmenaker 206/2017). "
        "Tanpa --metode dipakai metode bawaan (sementara); tanpa --data dipakai data bawaan Kalimantan Timur.",
    )
    isub = ipk.add_subparsers(dest="ipk_command", metavar="PERINTAH")

    def common(p, data=True):
        p.add_argument("--metode", default="bawaan", help="berkas metode (.csv/.xlsx) atau 'bawaan' (bawaan: metode sementara Sinergi)")
        if data:
            p.add_argument("--data", default="bawaan", help="data masukan bentuk panjang region_code,year,sub_code,value (.csv/.xlsx) atau 'bawaan'")
            p.add_argument("--peringkat", choices=("level", "all"), default="level", help="level: provinsi dan kab/kota diperingkat terpisah (bawaan); all: satu peringkat")

    p = isub.add_parser("hitung", help="hitung IPK semua wilayah-tahun")
    common(p)
    p.add_argument("--keluaran", type=Path, help="HASIL.csv (bentuk panjang) atau HASIL.xlsx (lengkap, dapat dihitung ulang di Excel)")
    p.add_argument("--desimal", type=int, default=2, help="desimal pada ringkasan layar (hasil berkas tetap presisi penuh)")
    p.set_defaults(func=cmd_hitung)

    p = isub.add_parser("jelaskan", help="kontribusi tiap sub-indikator, poin yang hilang, jarak ke kategori berikutnya")
    common(p)
    p.add_argument("--wilayah", required=True)
    p.add_argument("--tahun", required=True, type=int)
    p.add_argument("--desimal", type=int, default=2)
    p.set_defaults(func=cmd_jelaskan)

    p = isub.add_parser("target", help="perbaikan terkecil untuk mencapai skor atau kategori target")
    common(p)
    p.add_argument("--wilayah", required=True, help="kode wilayah BPS, misalnya 6401")
    p.add_argument("--tahun", required=True, type=int)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--kategori", help="kategori target, misalnya \"menengah atas\" (bawaan: kategori berikutnya)")
    g.add_argument("--skor", help="skor target, misalnya 70")
    p.add_argument("--maks-perubahan", action="append", default=[], metavar="SUB=NILAI", help="perubahan terbesar yang layak, dalam satuan sub-indikator (boleh diulang)")
    p.add_argument("--tetap", action="append", default=[], metavar="SUB", help="sub-indikator yang tidak dapat diubah (boleh diulang)")
    p.add_argument("--upaya", action="append", default=[], metavar="SUB=BOBOT", help="bobot upaya per sub-indikator (bawaan 1)")
    p.add_argument("--horizon", "--jangka", dest="horizon", type=int, metavar="TAHUN",
                   help="rencanakan dalam sekian tahun: tiap sub-indikator berubah paling banyak laju tahunan terbesar dalam riwayat data "
                        "(atau 10 %% rentang batas per tahun bila tanpa riwayat) × tahun; menyebut bila target di luar jangkauan")
    p.add_argument("--desimal", type=int, default=2, help="pembulatan usulan (dibulatkan ke arah perbaikan)")
    p.add_argument("--keluaran", type=Path, help="rencana ke .csv/.xlsx")
    p.set_defaults(func=cmd_target)

    p = isub.add_parser("ketidakpastian", help="Monte Carlo atas bobot, batas dan galat data: selang skor, peringkat, peluang kategori")
    common(p)
    _uncertainty_args(p, n=1000)
    p.add_argument("--keluaran", type=Path, help="ringkasan ke .csv/.xlsx")
    p.set_defaults(func=cmd_ketidakpastian)

    p = isub.add_parser("sensitivitas", help="indeks Sobol per kelompok parameter")
    common(p)
    _uncertainty_args(p, n=256)
    p.add_argument("--kelompok", choices=("jenis", "indikator", "sub"), default="jenis", help="pengelompokan parameter")
    p.add_argument("--keluaran", type=Path)
    p.set_defaults(func=cmd_sensitivitas)

    p = isub.add_parser("banding", help="bandingkan hasil beberapa metode (atau versi) berdampingan")
    p.add_argument("--metode", action="append", required=True, help="berkas metode atau 'bawaan' (ulangi untuk tiap metode)")
    p.add_argument("--data", default="bawaan")
    p.add_argument("--keluaran", type=Path)
    p.set_defaults(func=cmd_banding)

    metode = isub.add_parser("metode", help="impor, ekspor atau tampilkan metode")
    msub = metode.add_subparsers(dest="metode_command", metavar="PERINTAH")
    p = msub.add_parser("impor", help="validasi lembar metode (mis. lampiran resmi) dan simpan versi yang dinormalkan")
    p.add_argument("berkas", type=Path)
    p.add_argument("--nama", help="nama metode (bawaan: dari sheet info atau nama berkas)")
    p.add_argument("--versi", help="label versi")
    p.add_argument("--keluaran", type=Path, help="tulis metode yang sudah divalidasi ke .csv/.xlsx")
    p.set_defaults(func=cmd_metode_impor)
    p = msub.add_parser("ekspor", help="tulis metode (bawaan atau berkas) ke .csv/.xlsx — juga templat lembar metode resmi")
    p.add_argument("--metode", default="bawaan")
    p.add_argument("--keluaran", type=Path, required=True)
    p.set_defaults(func=cmd_metode_ekspor)
    p = msub.add_parser("tampil", help="tampilkan indikator, sub-indikator, bobot, batas dan status")
    p.add_argument("--metode", default="bawaan")
    p.set_defaults(func=cmd_metode_tampil)

    templat = isub.add_parser("templat", help="templat Excel isian per wilayah-tahun")
    tsub = templat.add_subparsers(dest="templat_command", metavar="PERINTAH")
    p = tsub.add_parser("buat", help="buat templat isian satu wilayah-tahun")
    p.add_argument("--metode", default="bawaan")
    p.add_argument("--wilayah", required=True)
    p.add_argument("--tahun", required=True, type=int)
    p.add_argument("--nama-wilayah", default="")
    p.add_argument("--isi-dari", help="isi awal dari data (berkas atau 'bawaan')")
    p.add_argument("--keluaran", type=Path, required=True)
    p.set_defaults(func=cmd_templat_buat)
    p = tsub.add_parser("impor", help="impor templat terisi (semua atau tidak sama sekali) menjadi data bentuk panjang")
    p.add_argument("berkas", type=Path, nargs="+")
    p.add_argument("--metode", default="bawaan")
    p.add_argument("--keluaran", type=Path, required=True, help="DATA.csv/.xlsx gabungan")
    p.set_defaults(func=cmd_templat_impor)

    for parser in (ipk, metode, templat):
        parser.set_defaults(func=lambda args, parser=parser: _help(parser))


def _help(parser) -> int:
    parser.print_help()
    return 2


def _uncertainty_args(p, n: int) -> None:
    p.add_argument("--n", type=int, default=n, help=f"jumlah undian/sampel (bawaan {n})")
    p.add_argument("--seed", type=int, default=1, help="benih acak (disimpan bersama hasil)")
    p.add_argument("--bobot", type=float, default=0.2, help="gangguan bobot: faktor seragam 1 ± nilai ini, lalu dinormalkan (bawaan 0,2)")
    p.add_argument("--batas", type=float, default=0.1, help="gangguan batas min/maks: ± bagian rentang (bawaan 0,1; < 0,5)")
    p.add_argument("--galat-data", type=float, default=0.05, help="galat data relatif untuk semua sub-indikator (bawaan 0,05 = ±5 %%)")
    p.add_argument("--galat", action="append", default=[], metavar="SUB=NILAI", help="galat data relatif per sub-indikator (boleh diulang)")
    p.add_argument("--distribusi", choices=("uniform", "normal"), default="uniform", help="sebaran galat data: uniform (± nilai) atau normal (simpangan baku = nilai)")


class UsageError(Exception):
    pass


def _pairs(items, what: str) -> dict[str, float]:
    out = {}
    for item in items:
        if "=" not in item:
            raise UsageError(f"{what} '{item}' harus berbentuk SUB=NILAI, misalnya I2.4=1,5.")
        k, v = item.split("=", 1)
        try:
            out[k.strip()] = parse_number(v.strip())
        except NotANumber:
            raise UsageError(f"{what} '{item}': '{v}' bukan angka.") from None
    return out


def _load(args):
    f = _files()
    method = f.resolve_method(args.metode)
    data = f.resolve_data(getattr(args, "data", None), method)
    return method, data


def _banner(provisional: bool, illustrative: bool = False) -> None:
    if provisional:
        print(f"PERHATIAN — {PROVISIONAL_LABEL.upper()}: {PROVISIONAL_EXPLANATION}")
    if illustrative:
        print(f"PERHATIAN — DATA ILUSTRATIF: {ILLUSTRATIVE_EXPLANATION}")


def _method_line(method) -> str:
    v = f" versi {method.version}" if method.version else ""
    return f"Metode: {method.name}{v} (sidik {method.fingerprint}; {method.status_text()})"


def _guard(fn):
    def run(args):
        try:
            return fn(args)
        except UsageError as exc:
            print(f"Kesalahan: {exc}", file=sys.stderr)
            return 2
        except (ValueError, KeyError) as exc:
            msg = exc.args[0] if exc.args else str(exc)
            print(f"Kesalahan: {msg}", file=sys.stderr)
            return 2

    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run


@_guard
def cmd_hitung(args) -> int:
    method, data = _load(args)
    result = compute(method, data, rank_by=args.peringkat).with_official(_files().load_published())
    for w in method.warnings:
        print(f"Catatan metode: {w}")
    _banner(result.provisional, result.illustrative)
    print(_method_line(method))
    print(result.summary_text(decimals=args.desimal))
    n_ok = int(result.units["scored"].sum())
    print(f"{n_ok} dari {len(result.units)} wilayah-tahun dinilai.")
    _print_meters(result)
    _print_official(result)
    if args.keluaran:
        _files().write_result(result, args.keluaran)
        print(f"Hasil ditulis ke {args.keluaran}")
    return 0


def _print_meters(result) -> None:
    """The real-data meter of every region-year and of the whole result."""
    from sinergi.core.stats.meter import meter_of_row

    meters = result.meters()
    total = None
    print()
    print("Data nyata yang dipakai (bersumber / turunan / ilustratif):")
    for r in meters.to_dict(orient="records"):
        print(f"  {r['text']}")
        m = meter_of_row(r)
        total = m if total is None else total + m
    if total is not None:
        print(f"  Seluruhnya: {total.text()}")


def _print_official(result) -> None:
    """The official IPK beside each estimate that has one, with the difference and why."""
    off = result.official
    if off is None or off["official_ipk"].isna().all():
        return
    print()
    print("IPK resmi di samping perkiraan:")
    for r in off[off["official_ipk"].notna()].to_dict(orient="records"):
        print(f"  {r['region_code']} {r['year']}: {r['why']}")


@_guard
def cmd_jelaskan(args) -> int:
    method, data = _load(args)
    result = compute(method, data, rank_by=args.peringkat)
    print(_method_line(method))
    ex = explain(result, str(args.wilayah), args.tahun)
    print(ex.text(decimals=args.desimal, top=5))
    print(result.meter(str(args.wilayah), args.tahun).text())
    off = result.with_official(_files().load_published()).official
    hit = off[(off["region_code"] == str(args.wilayah)) & (off["year"] == args.tahun) & off["official_ipk"].notna()]
    if len(hit):
        print(hit["why"].iloc[0])
    if ex.scored:
        print()
        print(f"{'Sub-indikator':<52} {'Nilai':>12} {'Poin':>7} {'Maks':>7} {'Hilang':>7}")
        for r in ex.subs.itertuples(index=False):
            name = f"{r.sub_code} {r.sub_name}"[:52]
            print(
                f"{name:<52} {format_id(r.value, args.desimal):>12} {format_id(r.points, args.desimal):>7} "
                f"{format_id(r.max_points, args.desimal):>7} {format_id(r.points_lost, args.desimal):>7}"
                + ("  ilustratif" if r.quality == "illustrative" else "")
            )
    return 0


@_guard
def cmd_target(args) -> int:
    method, data = _load(args)
    result = compute(method, data, rank_by=args.peringkat)
    target = args.kategori if args.kategori is not None else args.skor
    if args.skor is not None:
        try:
            target = parse_number(args.skor)
        except NotANumber:
            raise UsageError(f"skor '{args.skor}' bukan angka.") from None
    plan = solve_target(
        result,
        str(args.wilayah),
        args.tahun,
        target=target,
        max_change=_pairs(args.maks_perubahan, "--maks-perubahan"),
        locked=args.tetap,
        effort=_pairs(args.upaya, "--upaya"),
        decimals=args.desimal,
        horizon=args.horizon,
        yearly_change=yearly_change_bounds(result.inputs, method) if args.horizon is not None else None,
    )
    print(_method_line(method))
    print(plan.text(decimals=args.desimal))
    if plan.yearly is not None:
        hist = plan.yearly[plan.yearly["basis"] == "riwayat"]["sub_code"].tolist()
        print(f"Laju tahunan dari riwayat data: {', '.join(hist) or 'tidak ada'}; sub-indikator lain memakai 10 % rentang batas per tahun.")
    if args.keluaran:
        _files().write_target_plan(plan, args.keluaran)
        print(f"Rencana ditulis ke {args.keluaran}")
    return 0


def _settings(args, method) -> UncertaintySettings:
    by_sub = _pairs(args.galat, "--galat")
    return UncertaintySettings(
        n=args.n,
        seed=args.seed,
        weight_share=args.bobot,
        goalpost_share=args.batas,
        data_error=args.galat_data,
        data_error_by_sub=by_sub,
        data_distribution=args.distribusi,
    )


@_guard
def cmd_ketidakpastian(args) -> int:
    method, data = _load(args)
    result = compute(method, data, rank_by=args.peringkat)
    settings = _settings(args, method)
    unc = simulate(method, result, settings, rank_by=args.peringkat)
    _banner(unc.provisional, result.illustrative)
    print(_method_line(method))
    print(
        f"Monte Carlo: {settings.n} undian, benih {unc.seed}; bobot ±{format_id(settings.weight_share * 100, 0)} %, "
        f"batas ±{format_id(settings.goalpost_share * 100, 0)} % rentang, galat data {settings.data_distribution} "
        f"{format_id(settings.data_error * 100, 1)} %."
    )
    cats = unc.categories
    head = f"{'Wilayah':<26} {'Tahun':>5} {'IPK':>6} {'rerata':>6} {'p05':>6} {'p95':>6} {'peringkat p05–p95':>18}  peluang kategori"
    print(head)
    print("-" * len(head))
    s = unc.summary
    from sinergi.core.ipk.uncertainty import prob_column

    for r in s.itertuples(index=False):
        row = r._asdict()
        name = f"{row['region_code']} {row['region_name']}".strip()[:26]
        if row["rank"] == 0:
            print(f"{name:<26} {row['year']:>5} {'—':>6}  {row['note']}")
            continue
        probs = ", ".join(f"{c} {_pct(row[prob_column(c)])}" for c in cats if row[prob_column(c)] > 0)
        print(
            f"{name:<26} {row['year']:>5} {format_id(row['score'], 2):>6} {format_id(row['mean'], 2):>6} "
            f"{format_id(row['p05'], 2):>6} {format_id(row['p95'], 2):>6} {str(row['rank_p05']) + '–' + str(row['rank_p95']) + ' dari ' + str(row['n_ranked']):>18}  {probs}"
        )
    if args.keluaran:
        _files().write_uncertainty(unc, args.keluaran)
        print(f"Ringkasan ditulis ke {args.keluaran}")
    return 0


def _pct(p: float) -> str:
    """A probability as a whole percent that never rounds a possibility away."""
    if 0 < p < 0.005:
        return "<1 %"
    if 0.995 <= p < 1:
        return ">99 %"
    return f"{format_id(100 * p, 0)} %"


@_guard
def cmd_sensitivitas(args) -> int:
    method, data = _load(args)
    result = compute(method, data, rank_by=args.peringkat)
    settings = _settings(args, method)
    grouping = {"jenis": "type", "indikator": "indicator", "sub": "sub"}[args.kelompok]
    sob = sobol_indices(method, result, settings, n=args.n, grouping=grouping, seed=args.seed)
    _banner(sob.provisional, result.illustrative)
    print(_method_line(method))
    print("Indeks Sobol total (ST): bagian varians skor yang berasal dari tiap kelompok parameter.")
    wide = sob.wide("ST")
    print(wide.round(3).to_string(index=False))
    if args.keluaran:
        _files().write_sobol(sob, args.keluaran)
        print(f"Indeks ditulis ke {args.keluaran}")
    return 0


@_guard
def cmd_banding(args) -> int:
    f = _files()
    methods = [f.resolve_method(m) for m in args.metode]
    results = [compute(m, f.resolve_data(args.data, m)) for m in methods]
    frame = compare_results(results)
    if any(r.provisional for r in results):
        _banner(True)
    short = [f"M{i + 1}" for i in range(len(results))]
    for tag, info in zip(short, frame.attrs["methods"], strict=False):
        print(f"{tag} = {info['label']} (sidik {info['fingerprint']})")
    shown = compare_results(results, labels=short)
    print(shown.round(2).to_string(index=False))
    if args.keluaran:
        f.write_comparison(frame, args.keluaran)
        print(f"Perbandingan ditulis ke {args.keluaran}")
    return 0


@_guard
def cmd_metode_impor(args) -> int:
    f = _files()
    method = f.read_method_file(args.berkas, name=args.nama, version=args.versi)
    print(f"Metode '{method.name}' valid: {len(method.indicator_codes)} indikator, {method.n_subs} sub-indikator.")
    print(_method_line(method))
    for w in method.warnings:
        print(f"Catatan: {w}")
    if method.provisional:
        print(f"Hasil dengan metode ini akan diberi label '{PROVISIONAL_LABEL}'.")
    else:
        print("Semua parameter berstatus terverifikasi: hasil dengan metode ini tidak diberi label perkiraan.")
    if args.keluaran:
        f.write_method(method, args.keluaran)
        print(f"Metode ditulis ke {args.keluaran}")
    return 0


@_guard
def cmd_metode_ekspor(args) -> int:
    f = _files()
    method = f.resolve_method(args.metode)
    f.write_method(method, args.keluaran)
    print(f"Metode '{method.name}' ditulis ke {args.keluaran}")
    return 0


@_guard
def cmd_metode_tampil(args) -> int:
    method = _files().resolve_method(args.metode)
    print(_method_line(method))
    _banner(method.provisional)
    for ind in method.indicators().itertuples(index=False):
        print(f"{ind.indicator_code} {ind.indicator_name} — bobot {format_id(100 * ind.indicator_weight, 2)} %")
        sel = method.table[method.table["indicator_code"] == ind.indicator_code]
        for r in sel.itertuples(index=False):
            arrow = "↑" if r.direction == "positive" else "↓"
            print(
                f"   {r.sub_code:<7} {format_id(100 * r.sub_weight, 2):>6} %  {arrow} [{format_id(r.min, 2)}; {format_id(r.max, 2)}] "
                f"{r.sub_name} ({r.unit}) — {r.status}"
            )
    return 0


@_guard
def cmd_templat_buat(args) -> int:
    f = _files()
    method = f.resolve_method(args.metode)
    values = f.resolve_data(args.isi_dari, method) if args.isi_dari else None
    name = args.nama_wilayah
    if not name and values is not None and "region_name" in values.columns:
        hit = values.loc[values["region_code"] == str(args.wilayah), "region_name"]
        name = hit.iloc[0] if len(hit) else ""
    f.write_input_template(method, str(args.wilayah), args.tahun, args.keluaran, region_name=name, values=values)
    print(f"Templat isian {args.wilayah} tahun {args.tahun} ditulis ke {args.keluaran}")
    return 0


@_guard
def cmd_templat_impor(args) -> int:
    f = _files()
    method = f.resolve_method(args.metode)
    frames = [f.read_input_template(p, method) for p in args.berkas]
    data = f.merge_inputs(frames, method)
    out = args.keluaran
    if out.suffix.lower() == ".xlsx":
        from sinergi.documents.xlsx import write_sheets

        write_sheets(out, {"data": data})
    else:
        f.write_csv(data, out)
    n_units = len(data[["region_code", "year"]].drop_duplicates())
    print(f"{len(args.berkas)} templat diimpor ({n_units} wilayah-tahun, {len(data)} baris) ke {out}")
    return 0


__all__ = ["register"]

"""``sinergi serve``, ``sinergi data …`` and ``sinergi peta …``: the commands that use the database."""
from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("serve", help="jalankan aplikasi web (migrasi, data bawaan, akun demo)")
    p.add_argument("--host", default="127.0.0.1",
                   help="alamat yang didengarkan (bawaan 127.0.0.1: hanya komputer ini; 0.0.0.0: seluruh jaringan kantor)")
    p.add_argument("--port", type=int, default=8000, help="nomor port (bawaan 8000)")
    p.set_defaults(func=cmd_serve)

    data = sub.add_parser("data", help="impor, ekspor, cadangkan dan pulihkan data")
    dsub = data.add_subparsers(dest="data_command", metavar="PERINTAH")
    imp = dsub.add_parser("impor", help="impor statistik: bentuk panjang (CSV/XLSX), tabel BPS (XLSX/CSV) atau jawaban API BPS (JSON)")
    imp.add_argument("berkas", type=Path)
    imp.add_argument("--sumber", default="", metavar="URL", help="alamat tabel/permintaan BPS (bila berkasnya tidak menyebut)")
    imp.add_argument("--bulan", type=int, default=None, metavar="N", help="bulan untuk angka tanpa putaran (8 = Sakernas Agustus)")
    imp.add_argument("--indikator", action="append", default=[], metavar="KODE",
                     help="kode katalog untuk variabel BPS yang belum pasti; 'Variabel=KODE' bila lebih dari satu (boleh diulang)")
    imp.add_argument("--pratinjau", action="store_true", help="hanya tampilkan pratinjau; tidak menulis apa pun")
    imp.set_defaults(func=cmd_data_impor)
    exp = dsub.add_parser("ekspor", help="ekspor semua observasi ke CSV/XLSX")
    exp.add_argument("--keluaran", type=Path, required=True)
    exp.add_argument("--hanya-utama", action="store_true", dest="hanya_utama",
                     help="hanya nilai utama: tepat satu nilai per wilayah-tahun-bulan-indikator (kolom sama)")
    exp.set_defaults(func=cmd_data_ekspor)
    bak = dsub.add_parser("cadangkan", help="cadangkan seluruh basis data ke satu berkas .zip")
    bak.add_argument("--keluaran", type=Path, required=True)
    bak.set_defaults(func=cmd_data_cadangkan)
    res = dsub.add_parser("pulihkan", help="pulihkan basis data dari berkas cadangan (mengganti semua isi)")
    res.add_argument("berkas", type=Path)
    res.add_argument("--timpa", action="store_true", help="pulihkan walaupun basis data berisi perubahan yang lebih baru daripada cadangan (perubahan itu hilang)")
    res.add_argument("--kunci", metavar="KUNCI", help="SINERGI_SECRET_KEY instalasi yang membuat cadangan, bila bukan instalasi ini ('-' = baca dari stdin)")
    res.add_argument("--terima-tanpa-tanda-tangan", action="store_true", help="terima cadangan format lama yang belum ditandatangani")
    res.set_defaults(func=cmd_data_pulihkan)
    load = dsub.add_parser("muat", help="terapkan migrasi dan muat data bawaan Kalimantan Timur")
    load.set_defaults(func=cmd_data_muat)

    peta = sub.add_parser("peta", help="batas wilayah untuk peta")
    psub = peta.add_subparsers(dest="peta_command", metavar="PERINTAH")
    pimp = psub.add_parser("impor", help="impor batas kabupaten/kota dari GeoJSON (kode BPS atau Kemendagri)")
    pimp.add_argument("berkas", type=Path)
    pimp.set_defaults(func=cmd_peta_impor)


def django_setup() -> None:
    from sinergi.web.setup import django_setup as setup

    setup()


def _ready() -> dict:
    from sinergi.web.setup import prepare

    django_setup()
    return prepare()


def cmd_serve(args) -> int:
    loaded = _ready()
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer, run  # noqa: F401

    from sinergi.web.accounts.demo import create_demo_accounts
    from sinergi.web.wsgi import application

    print(f"Sinergi — data di {settings.HOME}")
    if loaded.get("observasi"):
        print(f"Data bawaan dimuat: {loaded['wilayah']} wilayah, {loaded['indikator']} indikator, {loaded['observasi']} angka.")
    accounts = create_demo_accounts()
    if accounts:
        lines = ["Akun demo (simpan kata sandinya; hanya ditampilkan sekali):"]
        lines += [f"  {u:<22} {p:<16} {d}" for u, p, d in accounts]
        text = "\n".join(lines)
        print(text)
        path = Path(settings.HOME) / "akun-demo.txt"
        path.write_text(text + "\n", encoding="utf-8")
        try:
            path.chmod(0o600)
        except OSError:  # pragma: no cover
            pass
        print(f"(juga disimpan di {path})")
    else:
        demo = Path(settings.HOME) / "akun-demo.txt"
        if demo.exists():
            print(f"Akun demo: lihat {demo}")
    print(f"Buka http://{args.host}:{args.port}/ di peramban. Tekan Ctrl+C untuk berhenti.")
    sys.stdout.flush()
    try:
        run(args.host, args.port, application, ipv6=":" in args.host, threading=True)
    except KeyboardInterrupt:
        print("\nSinergi berhenti.")
    return 0


def cmd_data_muat(args) -> int:
    loaded = _ready()
    print(f"Siap: {loaded['wilayah']} wilayah baru, {loaded['indikator']} indikator baru, {loaded['observasi']} angka baru.")
    return 0


def cmd_data_impor(args) -> int:
    _ready()
    from sinergi.web.statistics.actions import (
        describe_primary_change,
        import_statistics,
        prepare_import,
        preview_import,
    )

    choices = {}
    for item in args.indikator:
        label, sep, code = item.rpartition("=")
        choices[label.strip() if sep else ""] = code.strip()
    prepared = prepare_import(args.berkas, source_url=args.sumber, month=args.bulan, indicators=choices)
    for line in preview_lines(prepared, preview_import(None, prepared)):
        print(line)
    if args.pratinjau:
        print("Pratinjau saja (--pratinjau): tidak ada yang ditulis.")
        return 0
    result = import_statistics(None, args.berkas, prepared=prepared)
    print(f"Impor {result.file_name} berhasil: {result.added} baris ditambah, {result.changed} diubah, {result.skipped} sudah ada.")
    if result.primary_changes:
        print(f"Nilai utama yang berubah ({len(result.primary_changes)}):")
        for change in result.primary_changes:
            print(f"  {describe_primary_change(change)}")
    else:
        print("Tidak ada nilai utama yang berubah.")
    if result.ipk_followed:
        print(f"Masukan IPK yang mengikuti nilai utama ({len(result.ipk_followed)}):")
        for line in result.ipk_followed:
            print(f"  {line}")
    return 0


def preview_lines(prepared, preview) -> list[str]:
    """The preview of an import as printed by ``sinergi data impor``."""
    from sinergi.web.statistics.actions import describe_primary_change

    kinds = {"panjang": "bentuk panjang", "tabel_bps": "tabel BPS", "api_bps": "jawaban API BPS"}
    out = [f"Berkas {prepared.name}: {kinds.get(prepared.kind, prepared.kind)}" + (f" — {prepared.title}" if prepared.title else "")]
    for v in prepared.variables:
        target = "dilewati" if v.indicator == "-" else v.indicator
        out.append(f"  variabel '{v.label}' → {target} ({v.how})")
    out += [f"  catatan: {n}" for n in prepared.notes]
    out.append(f"Pratinjau: {preview.total} angka — {preview.new} baru, {preview.unchanged} tidak berubah, {preview.changed} berubah.")
    if preview.primary_changes:
        out.append(f"Pratinjau nilai utama yang akan berubah ({len(preview.primary_changes)}):")
        out += [f"  {describe_primary_change(c)}" for c in preview.primary_changes]
    else:
        out.append("Pratinjau: tidak ada nilai utama yang akan berubah.")
    return out


def cmd_data_ekspor(args) -> int:
    _ready()
    from sinergi.web.statistics.actions import export_observations

    n = export_observations(args.keluaran, primary_only=args.hanya_utama)
    print(f"{n} {'nilai utama' if args.hanya_utama else 'angka'} ditulis ke {args.keluaran}")
    return 0


def cmd_peta_impor(args) -> int:
    _ready()
    from sinergi.web.regions.actions import import_boundaries

    codes = import_boundaries(None, args.berkas)
    print(f"Batas {len(codes)} kabupaten/kota diimpor: {', '.join(codes)}")
    return 0


def cmd_data_cadangkan(args) -> int:
    _ready()
    from sinergi.web.audit.actions import record
    from sinergi.web.backup import create_backup

    record(None, "cadangkan", "basis_data", "", after={"berkas": str(args.keluaran)}, summary=f"Cadangan dibuat: {args.keluaran.name}")
    manifest = create_backup(args.keluaran)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    print(f"Cadangan ditulis ke {args.keluaran}: {len(manifest['tables'])} tabel, {rows} baris.")
    return 0


def cmd_data_pulihkan(args) -> int:
    django_setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from sinergi.web.backup import restore_backup

    key = args.kunci
    if key == "-":
        key = sys.stdin.readline().strip()
    got = restore_backup(args.berkas, overwrite=args.timpa, key=key or None, accept_unsigned=args.terima_tanpa_tanda_tangan)
    rows = sum(t["rows"] for t in got.values())
    print(f"Dipulihkan dari {args.berkas}: {len(got)} tabel, {rows} baris; tanda tangan sah, jumlah baris dan checksum cocok dengan cadangan.")
    return 0

"""``sinergi akun …``: user accounts from the command line (whoever runs it controls the
server, so it acts as the system; every change is audited as ``(sistem)``).

Passwords never go on the command line (they would stay in the shell history and the process
list): without ``--sandi-stdin`` or ``--tanya-sandi`` a random password is generated and
printed once; ``--sandi-stdin`` reads the first line of standard input (for scripts);
``--tanya-sandi`` asks twice without echo.
"""
from __future__ import annotations

import getpass
import sys

from sinergi.core.problems import ValidationFailed

ROLES = ("admin", "perencana", "operator", "pemantau")


def register(sub) -> None:
    akun = sub.add_parser("akun", help="kelola akun pengguna (buat, nonaktifkan, atur sandi, pensiunkan akun demo)",
                          description="Kelola akun pengguna. Kata sandi tidak pernah ditulis sebagai argumen: tanpa "
                                      "--sandi-stdin atau --tanya-sandi, kata sandi acak dibuat dan dicetak sekali.")
    asub = akun.add_subparsers(dest="akun_command", metavar="PERINTAH")

    p = asub.add_parser("daftar", help="tampilkan semua akun")
    p.set_defaults(func=cmd_daftar)

    p = asub.add_parser("buat", help="buat akun baru")
    p.add_argument("nama_pengguna", metavar="NAMA_PENGGUNA", help="huruf kecil, angka, titik, garis bawah, tanda hubung (mis. op-samarinda)")
    p.add_argument("--peran", required=True, choices=ROLES, help="admin, perencana, operator (wajib --wilayah) atau pemantau")
    p.add_argument("--wilayah", metavar="KODE", help="kode BPS wilayah, mis. 6472 (wajib untuk operator)")
    p.add_argument("--nama", default="", help="nama lengkap")
    p.add_argument("--instansi", default="", help="instansi, mis. 'Disnaker Kota Samarinda'")
    _password_options(p)
    p.set_defaults(func=cmd_buat)

    p = asub.add_parser("nonaktifkan", help="nonaktifkan akun (tidak dapat masuk lagi; riwayat audit tetap)")
    p.add_argument("nama_pengguna", metavar="NAMA_PENGGUNA")
    p.set_defaults(func=cmd_nonaktifkan, active=False)

    p = asub.add_parser("aktifkan", help="aktifkan kembali akun yang dinonaktifkan")
    p.add_argument("nama_pengguna", metavar="NAMA_PENGGUNA")
    p.set_defaults(func=cmd_nonaktifkan, active=True)

    p = asub.add_parser("atur-sandi", help="atur ulang kata sandi akun")
    p.add_argument("nama_pengguna", metavar="NAMA_PENGGUNA")
    _password_options(p)
    p.set_defaults(func=cmd_atur_sandi)

    p = asub.add_parser("pensiunkan-demo", help="nonaktifkan semua akun demo sekaligus; tidak dibuat ulang oleh serve")
    p.set_defaults(func=cmd_pensiunkan_demo)


def _password_options(p) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--sandi-stdin", action="store_true", help="baca kata sandi dari baris pertama masukan standar (untuk skrip)")
    g.add_argument("--tanya-sandi", action="store_true", help="tanyakan kata sandi (dua kali, tidak ditampilkan)")


class _Refused(Exception):
    pass


def _read_password(args) -> str | None:
    """The password asked for, or ``None`` to have one generated."""
    if args.sandi_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise _Refused("Masukan standar kosong: kirim kata sandi pada baris pertama, mis. `printf '%s\\n' \"$SANDI\" | sinergi akun …`.")
        return line
    if args.tanya_sandi:
        first = getpass.getpass("Kata sandi baru: ")
        if first != getpass.getpass("Ulangi kata sandi baru: "):
            raise _Refused("Kedua kata sandi tidak sama; tidak ada yang diubah.")
        if not first:
            raise _Refused("Kata sandi kosong; tidak ada yang diubah.")
        return first
    return None


def _setup() -> None:
    """Migrations and the regions (an account may name one); the rest of the embedded data is
    not needed here and is loaded by `data muat`/`serve`."""
    from sinergi.cli.app import django_setup

    django_setup()
    from django.core.management import call_command

    from sinergi.web.regions.actions import load_regions

    call_command("migrate", interactive=False, verbosity=0)
    load_regions()


def _user(username: str):
    from sinergi.web.accounts.actions import normalise_username
    from sinergi.web.accounts.models import User

    user = User.objects.filter(username=normalise_username(username)).first() or User.objects.filter(username=username).first()
    if user is None:
        raise _Refused(f"Akun '{username}' tidak ada. Lihat `sinergi akun daftar`.")
    return user


def _run(func) -> int:
    """Prepare the database (as every database command does), run, and report refusals and
    input problems on stderr with exit status 1."""
    _setup()
    from sinergi.web.accounts.actions import ActionRefused

    try:
        return func()
    except (_Refused, ActionRefused) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except ValidationFailed as exc:  # one line per problem, without the "no data saved" wording of imports
        for p in exc.problems:
            print(f"{p.message} {p.fix}".strip(), file=sys.stderr)
        print("Tidak ada yang diubah.", file=sys.stderr)
        return 1


def _print_password(username: str, password: str) -> None:
    print(f"Kata sandi {username} (hanya ditampilkan sekali): {password}")


def cmd_daftar(args) -> int:
    _setup()
    from sinergi.web.accounts.actions import demo_usernames
    from sinergi.web.accounts.models import User

    demo = demo_usernames()
    for u in User.objects.order_by("-is_active", "role", "username"):
        flags = ("aktif" if u.is_active else "nonaktif") + (" demo" if u.username in demo else "")
        print(f"{u.username:<24} {u.role:<10} {u.region_id or '-':<6} {flags:<14} {u.first_name or ''}")
    return 0


def cmd_buat(args) -> int:
    def go():
        password = _read_password(args)
        from sinergi.web.accounts.actions import create_user

        user, generated = create_user(None, args.nama_pengguna, role=args.peran, region=args.wilayah, name=args.nama,
                                      office=args.instansi, password=password)
        where = f", {user.region}" if user.region_id else ""
        print(f"Akun {user.username} dibuat ({user.role_label}{where}).")
        if generated:
            _print_password(user.username, generated)
        return 0

    return _run(go)


def cmd_nonaktifkan(args) -> int:
    def go():
        from sinergi.web.accounts.actions import set_active

        user = _user(args.nama_pengguna)
        changed = set_active(None, user, args.active)
        state = "aktif" if args.active else "nonaktif"
        print(f"Akun {user.username} kini {state}." if changed else f"Akun {user.username} sudah {state}; tidak ada yang diubah.")
        return 0

    return _run(go)


def cmd_atur_sandi(args) -> int:
    def go():
        password = _read_password(args)
        from sinergi.web.accounts.actions import reset_password

        user = _user(args.nama_pengguna)
        generated = reset_password(None, user, password)
        print(f"Kata sandi {user.username} diatur ulang.")
        if generated:
            _print_password(user.username, generated)
        return 0

    return _run(go)


def cmd_pensiunkan_demo(args) -> int:
    def go():
        from sinergi.web.accounts.actions import retire_demo_accounts

        retired = retire_demo_accounts(None)
        if retired:
            print(f"{len(retired)} akun demo dipensiunkan: {', '.join(retired)}.")
            print("Akun itu tidak dapat masuk lagi dan tidak dibuat ulang oleh `sinergi serve`.")
        else:
            print("Tidak ada akun demo yang masih aktif.")
        return 0

    return _run(go)

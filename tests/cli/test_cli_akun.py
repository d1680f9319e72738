"""`sinergi akun …`: accounts from the command line. In-process on the test database (SQLite,
and PostgreSQL when SINERGI_TEST_DATABASE_URL is set), plus one run of the real commands in a
fresh SINERGI_HOME: serve prints demo accounts, they are retired, serve does not bring them back."""
import io
import os
import re
import subprocess
import sys
import time

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.cli import main
from sinergi.web.accounts.demo import create_demo_accounts
from sinergi.web.accounts.models import Role, User
from sinergi.web.audit.models import AuditEvent


def signs_in(username, password) -> bool:
    r = Client().post(reverse("login"), {"username": username, "password": password})
    return r.status_code == 302 and not r["Location"].startswith(reverse("login"))


def generated_password(out: str) -> str:
    return re.search(r"hanya ditampilkan sekali\): (\S+)", out).group(1)


@pytest.mark.django_db
def test_buat_prints_a_generated_password_once_and_it_signs_in(capsys):
    assert main(["akun", "buat", "Op-Berau", "--peran", "operator", "--wilayah", "6405", "--nama", "Sari",
                 "--instansi", "Disnaker Berau"]) == 0
    out = capsys.readouterr().out
    password = generated_password(out)
    assert "Akun op-berau dibuat (Operator kabupaten/kota, Berau)" in out
    user = User.objects.get(username="op-berau")
    assert (user.role, user.region_id, user.first_name, user.office) == (Role.OPERATOR, "6405", "Sari", "Disnaker Berau")
    assert signs_in("op-berau", password)
    e = AuditEvent.objects.get(action="buat_pengguna")
    assert e.actor_username == "(sistem)" and password not in str(e.after)


@pytest.mark.django_db
def test_buat_reads_the_password_from_stdin_for_scripts(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("kuda-laut-biru-42\n"))
    assert main(["akun", "buat", "kepala", "--peran", "admin", "--sandi-stdin"]) == 0
    out = capsys.readouterr().out
    assert "kuda-laut-biru-42" not in out and "hanya ditampilkan" not in out
    assert signs_in("kepala", "kuda-laut-biru-42")


@pytest.mark.django_db
def test_refusals_exit_1_with_the_reason_and_change_nothing(capsys, monkeypatch, make_user):
    make_user("op-berau", Role.OPERATOR, "6405")
    n = User.objects.count()
    monkeypatch.setattr(sys, "stdin", io.StringIO("pendek\n"))
    assert main(["akun", "buat", "pemantau2", "--peran", "pemantau", "--sandi-stdin"]) == 1
    assert "terlalu pendek" in capsys.readouterr().err
    assert main(["akun", "buat", "op-baru", "--peran", "operator"]) == 1
    assert "Operator harus terikat pada satu kabupaten/kota" in capsys.readouterr().err
    assert main(["akun", "buat", "OP-BERAU", "--peran", "pemantau"]) == 1
    assert "sudah dipakai" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["akun", "buat", "pemantau3", "--peran", "pemantau", "--sandi-stdin"]) == 1
    assert "Masukan standar kosong" in capsys.readouterr().err
    assert main(["akun", "nonaktifkan", "tidak-ada"]) == 1
    assert "tidak ada" in capsys.readouterr().err
    assert User.objects.count() == n and not AuditEvent.objects.filter(action="buat_pengguna").exists()
    with pytest.raises(SystemExit):  # argparse: the roles are listed
        main(["akun", "buat", "x", "--peran", "raja"])


@pytest.mark.django_db
def test_nonaktifkan_and_atur_sandi(capsys, monkeypatch, make_user):
    make_user("kepala", Role.ADMIN, "64")
    make_user("op-paser", Role.OPERATOR, "6401")
    assert main(["akun", "nonaktifkan", "op-paser"]) == 0
    assert "kini nonaktif" in capsys.readouterr().out
    assert not signs_in("op-paser", "rahasia-uji-123")
    assert main(["akun", "nonaktifkan", "op-paser"]) == 0
    assert "sudah nonaktif" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="nonaktifkan_pengguna", actor_username="(sistem)").count() == 1
    assert main(["akun", "aktifkan", "op-paser"]) == 0
    assert signs_in("op-paser", "rahasia-uji-123")
    assert main(["akun", "atur-sandi", "op-paser"]) == 0
    password = generated_password(capsys.readouterr().out)
    assert signs_in("op-paser", password) and not signs_in("op-paser", "rahasia-uji-123")
    answers = iter(["merpati-putih-88", "merpati-putih-88"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["akun", "atur-sandi", "op-paser", "--tanya-sandi"]) == 0
    assert "merpati-putih-88" not in capsys.readouterr().out
    assert signs_in("op-paser", "merpati-putih-88")
    answers = iter(["satu-dua-tiga-44", "satu-dua-tiga-55"])
    assert main(["akun", "atur-sandi", "op-paser", "--tanya-sandi"]) == 1
    assert "tidak sama" in capsys.readouterr().err
    assert signs_in("op-paser", "merpati-putih-88")
    assert AuditEvent.objects.filter(action="atur_sandi_pengguna").count() == 2
    assert main(["akun", "nonaktifkan", "kepala"]) == 1  # the only admin
    assert "satu-satunya admin aktif" in capsys.readouterr().err


@pytest.mark.django_db
def test_pensiunkan_demo_then_data_muat_does_not_bring_them_back(capsys, django_capture_on_commit_callbacks):
    demo = {u: p for u, p, _ in create_demo_accounts()}
    assert main(["akun", "pensiunkan-demo"]) == 1  # no admin of one's own yet
    assert "Belum ada akun admin selain akun demo" in capsys.readouterr().err
    assert signs_in("admin", demo["admin"])
    assert main(["akun", "buat", "kepala", "--peran", "admin"]) == 0
    capsys.readouterr()
    with django_capture_on_commit_callbacks(execute=True):
        assert main(["akun", "pensiunkan-demo"]) == 0
    out = capsys.readouterr().out
    assert "13 akun demo dipensiunkan" in out and "op-samarinda" in out
    assert main(["data", "muat"]) == 0
    assert create_demo_accounts() == []
    for username, password in demo.items():
        assert not signs_in(username, password), username
    assert User.objects.filter(is_active=True).count() == 1
    assert AuditEvent.objects.get(action="pensiunkan_akun_demo").actor_username == "(sistem)"
    assert main(["akun", "daftar"]) == 0
    listing = capsys.readouterr().out
    assert re.search(r"op-samarinda\s+operator\s+6472\s+nonaktif demo", listing), listing


# -------------------------------------------------------------------- the real commands, once
def _run(home, *args, stdin=None):
    env = dict(os.environ, SINERGI_HOME=str(home))
    for k in ("DJANGO_SETTINGS_MODULE", "SINERGI_DATABASE_URL", "DATABASE_URL"):
        env.pop(k, None)
    return subprocess.run([sys.executable, "-m", "sinergi.cli", *args], capture_output=True, text=True, env=env,
                          input=stdin, timeout=300)


def _serve_banner(home) -> str:
    """What `sinergi serve` prints before it starts listening (then it is stopped)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, SINERGI_HOME=str(home))
    for k in ("DJANGO_SETTINGS_MODULE", "SINERGI_DATABASE_URL", "DATABASE_URL"):
        env.pop(k, None)
    proc = subprocess.Popen([sys.executable, "-m", "sinergi.cli", "serve", "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)
    out = []
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            line = proc.stdout.readline()
            out.append(line)
            if "Buka http://" in line or proc.poll() is not None:
                break
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return "".join(out)


def test_serve_retire_serve_in_a_fresh_home(tmp_path):
    first = _serve_banner(tmp_path)
    assert "Akun demo" in first and "op-samarinda" in first
    assert (tmp_path / "akun-demo.txt").exists()
    r = _run(tmp_path, "akun", "buat", "kepala", "--peran", "admin", "--sandi-stdin", stdin="kuda-laut-biru-42\n")
    assert r.returncode == 0, r.stderr
    r = _run(tmp_path, "akun", "pensiunkan-demo")
    assert r.returncode == 0, r.stderr
    assert "13 akun demo dipensiunkan" in r.stdout
    assert not (tmp_path / "akun-demo.txt").exists()  # the printed passwords are gone with the accounts
    second = _serve_banner(tmp_path)
    assert "Akun demo" not in second and "op-samarinda" not in second, second
    assert "Buka http://" in second
    r = _run(tmp_path, "data", "muat")
    assert r.returncode == 0, r.stderr
    r = _run(tmp_path, "akun", "daftar")
    active = [ln.split()[0] for ln in r.stdout.splitlines() if " aktif" in ln]
    assert active == ["kepala"], r.stdout

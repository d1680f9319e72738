"""Production settings pass Django's deployment checklist."""
import os
import subprocess
import sys


def test_check_deploy_is_clean(tmp_path):
    env = dict(
        os.environ,
        SINERGI_HOME=str(tmp_path),
        SINERGI_PRODUCTION="1",
        SINERGI_SECRET_KEY="uji-" + "k3y-" * 20,
        SINERGI_ALLOWED_HOSTS="sinergi.example.go.id",
        DJANGO_SETTINGS_MODULE="sinergi.web.settings",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    r = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no issues" in r.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = dict(os.environ, SINERGI_HOME=str(tmp_path), SINERGI_PRODUCTION="1", DJANGO_SETTINGS_MODULE="sinergi.web.settings")
    env.pop("SINERGI_SECRET_KEY", None)
    r = subprocess.run([sys.executable, "-m", "django", "check"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert r.returncode != 0 and "SINERGI_SECRET_KEY" in r.stderr

"""The README's first command: `sinergi serve` on an empty SINERGI_HOME."""
import os
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_loads_data_prints_demo_accounts_and_answers_in_indonesian(tmp_path):
    port = free_port()
    env = dict(os.environ, SINERGI_HOME=str(tmp_path))
    for k in ("DJANGO_SETTINGS_MODULE", "SINERGI_DATABASE_URL", "DATABASE_URL"):
        env.pop(k, None)
    proc = subprocess.Popen([sys.executable, "-m", "sinergi.cli", "serve", "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        out = []
        deadline = time.time() + 120
        while time.time() < deadline:
            line = proc.stdout.readline()
            out.append(line)
            if "Buka http://" in line or proc.poll() is not None:
                break
        text = "".join(out)
        assert "Akun demo" in text and "op-samarinda" in text and "admin" in text, text
        assert "1081 angka" in text  # every embedded figure (631 + 450 of tambahan_2026_12)
        for _ in range(100):  # the address line is printed just before the socket is bound
            try:
                html = urllib.request.urlopen(f"http://127.0.0.1:{port}/masuk/", timeout=20).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "Masuk ke Sinergi" in html and 'lang="id"' in html
        assert (tmp_path / "akun-demo.txt").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=20)

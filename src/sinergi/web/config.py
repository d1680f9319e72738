"""Where Sinergi keeps its data and which database it uses — read from the environment.

- ``SINERGI_HOME``: folder for the SQLite database, uploads and backups
  (default: the per-user data folder, e.g. ``~/.local/share/sinergi``).
- ``SINERGI_DATABASE_URL`` or ``DATABASE_URL``: ``postgresql://user:pass@host:5432/name``
  switches to PostgreSQL; ``sqlite:///path`` names another SQLite file.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse


def sinergi_home() -> Path:
    home = os.environ.get("SINERGI_HOME")
    if home:
        path = Path(home).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("sinergi", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_from_url(url: str | None, home: Path) -> dict:
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(home / "sinergi.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    parts = urlparse(url)
    scheme = parts.scheme.split("+")[0]
    if scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    if scheme == "sqlite":
        db = database_from_url(None, home)
        db["NAME"] = unquote(parts.path) if parts.path not in ("", "/") else db["NAME"]
        return db
    raise ValueError(f"DATABASE_URL tidak dikenali: {url!r} (gunakan postgresql://… atau sqlite:///…)")


def database_url() -> str | None:
    return os.environ.get("SINERGI_DATABASE_URL") or os.environ.get("DATABASE_URL")

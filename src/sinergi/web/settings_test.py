"""Settings for the test suite: a throw-away SINERGI_HOME, SQLite unless
SINERGI_TEST_DATABASE_URL names a PostgreSQL server."""
from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SINERGI_HOME", tempfile.mkdtemp(prefix="sinergi-test-"))

from sinergi.web.config import database_from_url  # noqa: E402
from sinergi.web.settings import *  # noqa: E402,F403

DATABASES = {"default": database_from_url(os.environ.get("SINERGI_TEST_DATABASE_URL"), HOME)}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "sinergi.web.accounts.hashers.SinergiArgon2PasswordHasher",
                    "django.contrib.auth.hashers.Argon2PasswordHasher"]
ALLOWED_HOSTS = ["*"]

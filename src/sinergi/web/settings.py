"""Django settings. Works with no configuration at all (SQLite in SINERGI_HOME, debug off,
a secret key generated once and kept in SINERGI_HOME). Production values come from the
environment; see docs/deploy.md."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from sinergi.core.regions import PROVINCE_CODE
from sinergi.web.config import database_from_url, database_url, sinergi_home

BASE_DIR = Path(__file__).resolve().parent
HOME = sinergi_home()


def _secret_key() -> str:
    key = os.environ.get("SINERGI_SECRET_KEY")
    if key:
        return key
    path = HOME / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        try:
            path.chmod(0o600)
        except OSError:  # pragma: no cover - Windows
            pass
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("SINERGI_DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("SINERGI_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("SINERGI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "sinergi.web.accounts",
    "sinergi.web.audit",
    "sinergi.web.regions",
    "sinergi.web.statistics",
    "sinergi.web.ipk",
    "sinergi.web.rtk",
    "sinergi.web.proposals",
    "sinergi.web.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sinergi.web.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sinergi.web.accounts.session_renewal.SessionRenewalMiddleware",
    "sinergi.web.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sinergi.web.audit.middleware.RequestIdMiddleware",
    "sinergi.web.caching.GenerationMiddleware",
    "sinergi.web.accounts.signals.DeviceCookieMiddleware",
]

ROOT_URLCONF = "sinergi.web.urls"
CSRF_FAILURE_VIEW = "sinergi.web.errors.csrf_failure"  # an Indonesian page in the site's layout
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sinergi.web.context.navigation",
                "sinergi.web.notifications.context.notifications",
            ],
            # angka, satuan, waktu: the number, unit and time policy on every page (formatting.py)
            "builtins": ["sinergi.web.templatefilters", "sinergi.web.sharedtags"],
        },
    }
]
WSGI_APPLICATION = "sinergi.web.wsgi.application"

DATABASES = {"default": database_from_url(database_url(), HOME)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# One backend: normalised usernames and the login throttle for every way in (see accounts.throttle).
AUTHENTICATION_BACKENDS = ["sinergi.web.accounts.backends.SinergiBackend"]
# Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or networks, e.g.
# "127.0.0.1,10.0.0.0/24"). Empty: the client address is REMOTE_ADDR.
SINERGI_PROXY_TERPERCAYA = [p.strip() for p in os.environ.get("SINERGI_PROXY_TERPERCAYA", "").split(",") if p.strip()]
SINERGI_LOGIN_MAX_FAILURES = 5  # per normalised username within the window: that username is locked
SINERGI_LOGIN_ADDRESS_MAX_FAILURES = 20  # per client address: only browsers that signed in before get through
SINERGI_LOGIN_WINDOW_MINUTES = 15
# The province this installation serves (BPS code, env SINERGI_PROVINSI, default 64); read once by the core.
SINERGI_PROVINSI = PROVINCE_CODE
# Argon2id at the OWASP minimum (19 MiB, t=2, p=1; ~40 ms of one core here) with a bounded
# number of concurrent hashes per process: see accounts/hashers.py and docs/deploy.md.
PASSWORD_HASHERS = [
    "sinergi.web.accounts.hashers.SinergiArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Local time of pages and the audit CSV (WITA for Kalimantan Timur); SINERGI_TIME_ZONE sets another
# zone (Asia/Jakarta for WIB, Asia/Jayapura for WIT).
TIME_ZONE = os.environ.get("SINERGI_TIME_ZONE") or "Asia/Makassar"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
if os.environ.get("SINERGI_STATIC_MANIFEST") == "1":
    # after `python -m django collectstatic`: names carry a content hash (browsers keep them for
    # a year, WhiteNoise marks them immutable) and gzip/brotli copies are served as they are
    STORAGES["staticfiles"]["BACKEND"] = "sinergi.web.staticstorage.SinergiStaticStorage"
    WHITENOISE_USE_FINDERS = False

# The page cache (see web/caching.py): local memory of each process unless SINERGI_CACHE names a
# cache all gunicorn workers share: "db" (a table in the database, `python -m django
# createcachetable` once) or "file:/path" (a directory); entries are keyed by change marks kept in
# the database, so even separate per-process caches never serve a page older than the last change.
_cache = os.environ.get("SINERGI_CACHE", "")
if _cache == "db":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "sinergi_cache"}}
elif _cache.startswith("file:"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": _cache[5:]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sinergi",
                          "OPTIONS": {"MAX_ENTRIES": 2000}}}
MEDIA_ROOT = HOME / "unggahan"

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SINERGI_MAX_UPLOAD_BYTES = int(os.environ.get("SINERGI_MAX_UPLOAD_MB", "25")) * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
# A session ends after a working day without activity (a request renews it; see below).
SESSION_COOKIE_AGE = int(float(os.environ.get("SINERGI_SESI_JAM", "8")) * 3600)
# renewed at most every 5 minutes, not written on every request (accounts/session_renewal.py)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: forms (htmx posts included) send the {% csrf_token %} field.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Production (behind an HTTPS reverse proxy): set SINERGI_PRODUCTION=1; see docs/deploy.md.
if os.environ.get("SINERGI_PRODUCTION") == "1":
    DEBUG = False
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("SINERGI_SSL_REDIRECT", "1") == "1"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SINERGI_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = os.environ.get("SINERGI_HSTS_PRELOAD", "1") == "1"
    if not os.environ.get("SINERGI_SECRET_KEY"):
        raise RuntimeError("SINERGI_PRODUCTION=1 needs SINERGI_SECRET_KEY set in the environment")

# E-mail for notifications (see docs/deploy.md). Nothing is sent unless SINERGI_EMAIL_HOST (SMTP) or
# SINERGI_EMAIL_BACKEND (any Django mail backend, e.g. console for a trial) is set.
EMAIL_HOST = os.environ.get("SINERGI_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("SINERGI_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("SINERGI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SINERGI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("SINERGI_EMAIL_TLS", "1") == "1"
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("SINERGI_EMAIL_FROM", "sinergi@localhost")
EMAIL_BACKEND = os.environ.get("SINERGI_EMAIL_BACKEND") or "django.core.mail.backends.smtp.EmailBackend"
SINERGI_EMAIL = bool(EMAIL_HOST or os.environ.get("SINERGI_EMAIL_BACKEND"))
# The address of the site as users reach it (for links in e-mails), e.g. https://sinergi.kaltimprov.go.id
SINERGI_BASE_URL = os.environ.get("SINERGI_BASE_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SINERGI_LOG_LEVEL", "WARNING")},
}

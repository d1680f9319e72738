"""Web addresses taken from files: the one rule for what may become a link.

A source address (``source_url``) from a file or a form is a link only when it is an
``http://`` or ``https://`` address with a host and no spaces or control characters;
anything else (``javascript:``, ``data:``, ``file:``, a bare word) is refused by the importers
and never rendered as ``<a href>``.
"""
from __future__ import annotations

from urllib.parse import urlsplit

MAX_URL_CHARS = 500  # longest source address kept (the IPK input column holds 500 characters)
WEB_SCHEMES = ("http", "https")


def is_web_url(text) -> bool:
    """True when ``text`` is an http(s) address with a host (surrounding spaces ignored)."""
    if not isinstance(text, str):
        return False
    url = text.strip()
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname) and url.lower().startswith(parts.scheme.lower() + "://")


def web_url(text) -> str:
    """``text`` stripped when it is a web address (see :func:`is_web_url`), else ``""``."""
    return text.strip() if is_web_url(text) else ""

"""Error pages in the site's layout and in Bahasa Indonesia (English with the language switch):
400, 403, 404 and 500. Django calls these only with DEBUG off (urls.py names them)."""
from __future__ import annotations

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render

log = logging.getLogger(__name__)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def forbidden(request, exception=None):
    return render(request, "forbidden.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", {"path": request.path}, status=404)


def server_error(request):
    """The layout needs the database (navigation); when that is what failed, a plain page."""
    try:
        return render(request, "500.html", status=500)
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        log.exception("halaman galat 500 tidak dapat dibuat dengan tata letak situs")
        return HttpResponseServerError(
            "<!doctype html><html lang=id><meta charset=utf-8><title>Terjadi kesalahan — Sinergi</title>"
            "<h1>Terjadi kesalahan pada server</h1><p>Coba lagi sebentar lagi. Bila masih terjadi, "
            "hubungi admin Disnakertrans Provinsi.</p><p><a href=/>Kembali ke beranda</a></p>"
        )


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (often a page left open past the session)."""
    return render(request, "csrf_gagal.html", status=403)

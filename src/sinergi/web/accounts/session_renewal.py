"""A signed-in session lasts ``SESSION_COOKIE_AGE`` (a working day) after the last request.

Django can renew the session on every request (``SESSION_SAVE_EVERY_REQUEST``), which writes the
session row — a database write and commit — on every page view. This renews it instead at most
once every :data:`RENEW_SECONDS`: the session then ends between ``SESSION_COOKIE_AGE`` minus five
minutes and ``SESSION_COOKIE_AGE`` after the last request, and a page view costs no write.
"""
from __future__ import annotations

import time

RENEW_SECONDS = 5 * 60
KEY = "_sinergi_diperbarui"


class SessionRenewalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        response = self.get_response(request)
        if session is not None and not session.is_empty() and "_auth_user_id" in session:
            now = int(time.time())
            if now - int(session.get(KEY, 0)) >= RENEW_SECONDS:
                session[KEY] = now  # marks the session modified: saved with a new expiry
        return response

"""Security headers: a Content-Security-Policy that the pages (vendored htmx, Vega with its
CSP-safe expression interpreter, no inline scripts) work under."""
from django.conf import settings

DEFAULT_CSP = (
    "default-src 'self'; "
    "script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; "  # Vega and htmx set style attributes on elements
    "img-src 'self' data: blob:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = getattr(settings, "SINERGI_CSP", DEFAULT_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        if self.csp and not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", self.csp)
        elif self.csp:
            # the Django admin ships inline scripts in a few widgets; keep everything else strict
            response.headers.setdefault("Content-Security-Policy", self.csp.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"))
        response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response

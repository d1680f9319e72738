"""Bahasa Indonesia unless the user chose English in the page header.

Django's LocaleMiddleware would follow the browser's Accept-Language, which on most office
laptops is English; Sinergi speaks Indonesian first, so only the explicit choice (the
language cookie set by the header switch) changes the language.
"""
from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        if lang not in self.available:
            lang = settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        translation.deactivate()
        return response

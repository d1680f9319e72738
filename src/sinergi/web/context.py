"""Template context shared by every page: navigation according to the user's permissions.

A domain app adds itself to the main menu by giving its AppConfig a ``nav`` list of
``(label, url_name, order)``; the label is translated in the template.
"""
from functools import cache

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from sinergi.web.accounts.permissions import can


@cache  # the apps and their URLs are fixed once the process runs; labels are translated in the template
def _nav_items():
    items = []
    for config in apps.get_app_configs():
        for label, url_name, order in getattr(config, "nav", ()):
            try:
                items.append((order, label, reverse(url_name)))
            except NoReverseMatch:
                continue
    return [{"label": label, "url": url} for _, label, url in sorted(items)]


def navigation(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "may_admin": can(user, "admin"),
        "may_review": can(user, "review"),
        "may_edit_any": bool(signed_in and (can(user, "review") or getattr(user, "region_id", None))),
        "extra_nav": _nav_items() if signed_in else [],
    }

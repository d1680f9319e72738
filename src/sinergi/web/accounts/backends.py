"""The one authentication backend: usernames compared in normalised form, the login throttle
checked before any password (for /masuk/, /admin/login/ and every other caller of
``authenticate``)."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from sinergi.web.accounts import throttle


def find_user(username):
    """The one user whose normalised username equals the normalised ``username``, else None
    (also None when two accounts would collide, e.g. "Ana" and "ana")."""
    name = throttle.normalise_username(username)
    if not name:
        return None
    User = get_user_model()
    candidates = [u for u in User._default_manager.filter(username__iexact=name) if throttle.normalise_username(u.username) == name]
    if not candidates:
        # case-folding differs from SQL lower-casing for a few letters (ß → ss); compare in Python
        pks = [pk for pk, un in User._default_manager.values_list("pk", "username") if throttle.normalise_username(un) == name]
        candidates = list(User._default_manager.filter(pk__in=pks))
    return candidates[0] if len(candidates) == 1 else None


class SinergiBackend(ModelBackend):
    def get_user(self, user_id):
        """The signed-in user of a request with its region (shown in every page header: one
        query instead of two)."""
        User = get_user_model()
        try:
            user = User._default_manager.select_related("region").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        name = throttle.normalise_username(username)
        ip = throttle.client_ip(request)
        why = throttle.refusal(name, ip, throttle.device_username(request))
        if why:
            if request is not None:
                request.sinergi_login_refusal = why
            raise PermissionDenied(why)  # authenticate() stops here and sends user_login_failed
        user = find_user(name)
        if user is None:
            get_user_model()().set_password(password)  # same time as a wrong password (no user enumeration by timing)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            if request is not None:
                request.sinergi_login_name = name
            return user
        return None

"""Template context shared by every page: navigation according to the user's permissions."""
from sinergi.web.accounts.permissions import can


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "may_admin": can(user, "admin"),
        "may_review": can(user, "review"),
        "may_edit_any": bool(user and user.is_authenticated and (can(user, "review") or getattr(user, "region_id", None))),
    }

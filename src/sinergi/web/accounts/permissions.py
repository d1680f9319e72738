"""The one permission helper: may this user do this to this region's data?

Verbs:
- ``view``: read statistics, results and exports of a region (every signed-in user: the
  figures are public statistics and published results).
- ``view_drafts``: see a region's unsubmitted work (proposal drafts, scenario drafts): its own
  operator, province planners and admins.
- ``edit``: change a region's data (statistics, proposals, scenarios): its own operator,
  province planners and admins.
- ``review``: review proposals, run the province's synchronisation: planners and admins.
- ``admin``: manage users, methods, nomenclature and master tables: admins only.

Every view calls :func:`can` or :func:`require`; templates use the same rule.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied

from sinergi.web.accounts.models import Role

VERBS = ("view", "view_drafts", "edit", "review", "admin")


def _region_code(region) -> str | None:
    if region is None:
        return None
    return getattr(region, "code", None) or getattr(region, "pk", None) or str(region)


def can(user, verb: str, region=None) -> bool:
    if verb not in VERBS:
        raise ValueError(f"unknown verb {verb!r}")
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    code = _region_code(region)
    if verb == "view":
        return True
    if verb == "admin":
        return False
    if user.role == Role.PLANNER:
        return verb in ("view_drafts", "edit", "review")
    if user.role == Role.OPERATOR:
        if verb in ("view_drafts", "edit"):
            return code is not None and code == user.region_id
        return False
    return False  # viewer: read-only


def require(user, verb: str, region=None) -> None:
    if not can(user, verb, region):
        raise PermissionDenied("Anda tidak berwenang melakukan tindakan ini untuk wilayah tersebut.")


def own_office(user) -> str | None:
    """The region code of the office an operator works for; ``None`` for reviewers (planners,
    admins), viewers and anyone who may not edit a region of their own. Pages that show an
    operator only its own office use this one rule."""
    if can(user, "review"):
        return None
    own = getattr(user, "region_id", None)
    return own if own and can(user, "edit", own) else None

"""Writing audit events. Call :func:`record` inside the same transaction as the change."""
from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder

from sinergi.web.audit.middleware import current_request_id
from sinergi.web.audit.models import AuditEvent


def _jsonable(value):
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, default=str))


def record(actor, action: str, object_type: str, object_id="", *, before=None, after=None, region=None, summary="", actor_name=None) -> AuditEvent:
    """``actor_name`` names who acted when there is no signed-in user (e.g. the username tried in a failed login)."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    region_code = getattr(region, "code", region) or ""
    from sinergi.web.audit.labels import check_action
    from sinergi.web.caching import changed_object

    check_action(action)
    changed_object(object_type)  # the cached pages showing this kind of object are rebuilt
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_pk=actor.pk if authenticated else None,
        actor_username=actor.get_username() if authenticated else (actor_name or "(sistem)")[:150],
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        region_code=str(region_code),
        summary=summary,
        before=_jsonable(before),
        after=_jsonable(after),
        request_id=current_request_id.get(),
    )

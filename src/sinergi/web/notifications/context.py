"""Template context: the unread notification count shown in the header."""
from sinergi.web.notifications.actions import unread_count


def notifications(request):
    user = getattr(request, "user", None)
    return {"unread_notifications": unread_count(user) if user is not None and user.is_authenticated else 0}

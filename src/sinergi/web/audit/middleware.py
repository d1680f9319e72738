"""Gives every request an id that audit events carry (and the response returns as X-Request-ID)."""
import contextvars
import uuid

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("sinergi_request_id", default="")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = str(uuid.uuid4())
        request.request_id = rid
        token = current_request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = rid
        return response

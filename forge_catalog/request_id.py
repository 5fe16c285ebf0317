"""One id per HTTP request, in the response header, the logs and 5xx bodies.

``RequestIdMiddleware`` takes the caller's ``X-Request-ID`` when it is a sane
token (a proxy in front usually sets one, as django-ansible-base reads it),
else makes one; it stores it on ``request.request_id``, answers it in the
``X-Request-ID`` header, and keeps it for the request's thread so that
``RequestIdFilter`` can put ``%(request_id)s`` into every log record.

A 5xx body shows the id (never the server's text), so a user can quote it and
an operator find the traceback logged under it.
"""

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
_META_KEY = "HTTP_X_REQUEST_ID"
# Letters, digits and -_.:; anything else (or longer) is replaced, so a
# caller cannot forge log lines or bloat headers through it.
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,64}")

_current = contextvars.ContextVar("forge_catalog_request_id", default="-")


def request_id_of(request):
    """The id of this request: the middleware's, or a new one kept on the
    request when the host runs without the middleware."""
    rid = getattr(request, "request_id", None)
    if not rid:
        rid = _incoming(request) or uuid.uuid4().hex
        try:
            request.request_id = rid
        except AttributeError:
            pass
    return rid


def _incoming(request):
    value = getattr(request, "META", {}).get(_META_KEY, "")
    return value if _SANE.fullmatch(value) else ""


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request_id_of(request)
        token = _current.set(rid)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = rid
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record ("-" outside a request)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = _current.get()
        return True

"""One error shape for the whole API, whoever raised the error.

400 (the core's field errors, DRF's parsing errors, our size limits)::

    {
      "errors": [{"path": "extra_vars.hostname", "code": "required",
                  "message": "hostname: a value is required"}],
      "extra_vars.hostname": ["hostname: a value is required"]
    }

An error about a survey question also carries the question's ``label``, and
its message names the label (forge_catalog/labels.py).

``errors`` keeps the core's list as it is (order, codes); each path is also a
top-level key holding its messages, so a plain DRF client reading
``response["name"]`` still finds the messages of the ``name`` field, and a form
can look its field up by path. Paths follow the core: ``a.b`` for object keys,
``a[3]`` for list items; problems about no single field use
``non_field_errors`` as DRF does. ``truncated`` is present (true) when the core
found more problems than it reports.

403/404: ``{"detail": ..., "code": ...}`` (``code`` is the core's reason for a
403). 409: ``{"detail": ..., "code": "conflict", "errors": [...]}`` with the
core's reasons when it gave some.

5xx: ``{"detail": <a short sentence>, "code": "server_error" | "busy",
"request_id": ...}``, never the exception's text; the traceback goes to the
``django.request`` logger under the same request id. 503 (``busy``, with
``Retry-After``) when the database could not give a lock in time.
"""

import logging
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework import status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from forge_catalog import _core
from forge_catalog import exceptions as fc_exceptions
from forge_catalog.request_id import request_id_of

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY
# The logger Django (and the controller's LOGGING) uses for 5xx answers.
request_logger = logging.getLogger("django.request")
RETRY_AFTER_SECONDS = 2
# PostgreSQL: lock_not_available, deadlock_detected, serialization_failure.
_BUSY_SQLSTATES = {"55P03", "40P01", "40001"}


class FieldErrors(drf_exceptions.APIException):
    """A 400 carrying a list of ``{path, code, message}`` (our own checks)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "Invalid input."
    default_code = "invalid"

    def __init__(self, errors, truncated=False):
        super().__init__()
        self.errors = list(errors)
        self.truncated = truncated


def field_error(path, message, code="invalid"):
    return FieldErrors([{"path": path, "code": code, "message": message}])


def _join(prefix, key):
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    if not prefix or key == NON_FIELD:
        return prefix or str(key)
    return f"{prefix}.{key}"


def _flatten_drf(detail, prefix=""):
    """DRF's nested ``ValidationError.detail`` as the core's flat list."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            # ListField/DictField children arrive with int or str keys.
            if isinstance(key, str) and key.isdigit() and isinstance(value, (list, dict)):
                key = int(key)
            out += _flatten_drf(value, _join(prefix, key))
        return out
    if isinstance(detail, list):
        if all(isinstance(d, drf_exceptions.ErrorDetail | str) for d in detail):
            return [
                {"path": prefix, "code": getattr(d, "code", "invalid") or "invalid", "message": str(d)}
                for d in detail
            ]
        out = []
        for index, value in enumerate(detail):
            if value:  # DRF reports list children that are fine as {} / []
                out += _flatten_drf(value, _join(prefix, index))
        return out
    return [{"path": prefix, "code": getattr(detail, "code", "invalid") or "invalid", "message": str(detail)}]


# "extra_vars['a']['b'][3]: integer ..." (the binding's ConversionError).
_PLACE = re.compile(r"^([A-Za-z_]\w*)((?:\['(?:[^'\\]|\\.)*'\]|\[\d+\])*): ")
_STEP = re.compile(r"\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]")


def conversion_path(message):
    """The core-style path of the place a ConversionError's message names
    ("extra_vars['a'][3]: ..." -> "extra_vars.a[3]"), or "" if it names none."""
    match = _PLACE.match(message)
    if match is None:
        return ""
    path = match.group(1)
    for key, index in _STEP.findall(match.group(2)):
        path = f"{path}[{index}]" if index else f"{path}.{key}"
    return path


def field_error_body(errors, truncated=False):
    body = {"errors": []}
    for error in errors:
        path = error.get("path") or NON_FIELD
        entry = {"path": path, "code": error.get("code") or "invalid", "message": error.get("message", "")}
        if error.get("label"):  # the question's label (forge_catalog/labels.py)
            entry["label"] = error["label"]
        body["errors"].append(entry)
        body.setdefault(path, []).append(entry["message"])
    if truncated:
        body["truncated"] = True
    return body


def exception_handler(exc, context):
    """DRF exception handler for forge-catalog's views (set on the views, not
    globally, so the host's own handler stays in charge of the host's API)."""
    if isinstance(exc, _core.ValidationError):
        return Response(field_error_body(exc.errors, getattr(exc, "truncated", False)), status=400)
    if isinstance(exc, FieldErrors):
        return Response(field_error_body(exc.errors, exc.truncated), status=400)
    if isinstance(exc, _core.ConversionError):
        message = str(exc)
        error = {"path": conversion_path(message), "code": "conversion", "message": message}
        return Response(field_error_body([error]), status=400)
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = f"The request body is larger than {limit} bytes."
        return Response(field_error_body([{"path": "", "code": "too_large", "message": message}]), status=400)
    if isinstance(exc, drf_exceptions.ParseError):
        # Malformed JSON: the same shape as any other 400, plus DRF's detail.
        code = getattr(exc.detail, "code", None) or "parse_error"  # "limit": too deep
        body = field_error_body([{"path": "", "code": code, "message": str(exc.detail)}])
        return Response({"detail": str(exc.detail), **body}, status=400)
    if isinstance(exc, drf_exceptions.ValidationError):
        return Response(field_error_body(_flatten_drf(exc.detail)), status=400)
    if isinstance(exc, _core.TransitionError | fc_exceptions.Conflict):
        errors = getattr(exc, "errors", None)
        # The core's own sentence ("cannot approve a request that is
        # running"), not the binding's "transition: status: ..." summary.
        detail = errors[0]["message"] if isinstance(exc, _core.TransitionError) and errors else str(exc)
        body = {
            "detail": detail or "The request cannot change state now.",
            "code": getattr(exc, "code", None) or "conflict",
        }
        if errors:
            body["errors"] = list(errors)
        return Response(body, status=409)
    if isinstance(exc, fc_exceptions.NotVisible):
        # Same body as any unknown id: the object's existence must not leak.
        return Response({"detail": "Not found.", "code": "not_found"}, status=404)
    if isinstance(exc, fc_exceptions.PermissionDenied):
        # code: the core's reason ("not_approver", "self_approval", ...).
        detail = str(exc) or "You do not have permission to perform this action."
        return Response({"detail": detail, "code": exc.code}, status=403)
    if isinstance(exc, drf_exceptions.APIException | Http404 | DjangoPermissionDenied):
        response = drf_exception_handler(exc, context)
        if response is not None and isinstance(response.data, dict) and "detail" in response.data:
            code = getattr(getattr(exc, "detail", None), "code", None)
            response.data.setdefault(
                "code", code or ("not_found" if response.status_code == 404 else "error")
            )
        return response
    return server_error(exc, context)


def is_lock_timeout(exc):
    """The database could not give a lock in time (SQLite's "database is
    locked" after its busy timeout; PostgreSQL's lock or serialization
    failures): the same request may well succeed a moment later."""
    if not isinstance(exc, OperationalError):
        return False
    if getattr(exc.__cause__, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    text = str(exc)
    return "database is locked" in text or "database table is locked" in text


def server_error(exc, context):
    """Anything else: a JSON 500 (503 for a lock timeout) that shows only a
    short sentence and the request id; the traceback is logged under it."""
    request = getattr(context.get("request"), "_request", None) or context.get("request")
    rid = request_id_of(request) if request is not None else "-"
    if is_lock_timeout(exc):
        body = {"detail": "The server is busy; try again in a moment.", "code": "busy"}
        response = Response({**body, "request_id": rid}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        message = "Service Unavailable (database lock): %s"
    else:
        body = {"detail": "The server could not complete this request.", "code": "server_error"}
        response = Response({**body, "request_id": rid}, status=500)
        message = "Internal Server Error: %s"
    set_rollback()
    request_logger.error(
        message,
        getattr(request, "path", "?"),
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"status_code": response.status_code, "request": request, "request_id": rid},
    )
    # Django would log the answer again, without the traceback.
    response._has_been_logged = True
    return response

"""The controller's own pages that AWX has and forge-catalog must not shadow:
the API roots (awx/api/views/root.py), the UI every non-API path serves
(awx/ui/urls.py behind ``^(?!api/).*``) and the error handler that answers
JSON under ``/api/`` (awx/main/views.py ``handle_error``)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults

from forge_catalog.request_id import request_id_of

NOT_FOUND = "The requested resource could not be found."


def api_root(request, prefix):
    current = f"/api{prefix}v2/"
    return JsonResponse(
        {"description": "devhost REST API", "current_version": current, "available_versions": {"v2": current}}
    )


def api_v2_root(request, prefix):
    return JsonResponse({"description": "devhost REST API, version 2 (AWX lists its resources here)"})


def ui_index(request):
    """What AWX's UI index is to AWX: the page for every path the controller's
    other routes did not take."""
    return render(request, "devhost/ui.html")


def _is_api(request):
    return request.path.startswith("/api/")


def handle_400(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "Bad request.", "code": "bad_request"}, status=400)
    return defaults.bad_request(request, exception)


def handle_403(request, exception=None):
    if _is_api(request):
        detail = "You do not have permission to perform this action."
        return JsonResponse({"detail": detail, "code": "permission_denied"}, status=403)
    return defaults.permission_denied(request, exception)


def handle_404(request, exception):
    if _is_api(request):
        return JsonResponse({"detail": NOT_FOUND}, status=404)
    return defaults.page_not_found(request, exception)


def handle_500(request):
    # A crash outside a view (forge-catalog's views answer their own): a
    # short sentence and the id its logged traceback carries.
    if _is_api(request):
        body = {
            "detail": "The server could not complete this request.",
            "code": "server_error",
            "request_id": request_id_of(request),
        }
        return JsonResponse(body, status=500)
    return defaults.server_error(request)

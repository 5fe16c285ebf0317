"""The controller's own pages that AWX has and forge-catalog must not shadow:
the API roots (awx/api/views/root.py), the UI every non-API path serves
(awx/ui/urls.py behind ``^(?!api/).*``) and the error handler that answers
JSON under ``/api/`` (awx/main/views.py ``handle_error``)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.defaults import page_not_found

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


def handle_404(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": NOT_FOUND}, status=404)
    return page_not_found(request, exception)

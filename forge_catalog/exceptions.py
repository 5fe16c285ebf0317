"""Errors the lifecycle and authz raise; forge_catalog.api maps them to HTTP.

The core's own errors pass through unchanged: ``_core.ValidationError``
(400 with its ``errors`` list) and ``_core.TransitionError`` (409).
"""


class ForgeCatalogError(Exception):
    """Base class. ``errors`` is a list of {path, code, message} like the core's."""

    default_code = "error"

    def __init__(self, message, *, errors=None, code=None):
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.errors = list(errors) if errors else []


class Conflict(ForgeCatalogError):
    """409: the request's state does not allow this now (e.g. stored answers no
    longer fit the template's current survey at approval)."""

    default_code = "conflict"


class PermissionDenied(ForgeCatalogError):
    """403: the caller can see the object but may not do this."""

    default_code = "permission_denied"


class NotVisible(ForgeCatalogError):
    """404: the caller may not even learn that the object exists."""

    default_code = "not_found"


class LaunchError(ForgeCatalogError):
    """The controller refused or failed to start the job (the request becomes
    ``failed`` with this message as the reason)."""

    default_code = "launch_failed"

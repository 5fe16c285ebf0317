"""Controller-style pagination: ``{count, next, previous, results}``.

Like the controller, ``page`` and ``page_size`` are query parameters, the page
size is capped, and next/previous are site-relative links (the controller
answers behind proxies whose public host it does not know).

A ``page_size`` that is not a whole number from 1 up is a 400 naming it (DRF
would quietly use the default, so ``page_size=null`` looked accepted); above
the cap it is the cap, as in the controller. A ``page`` past the last one, or
not a number, is DRF's 404 "Invalid page".
"""

import re
from urllib.parse import urlsplit, urlunsplit

from rest_framework.pagination import PageNumberPagination

from .exceptions import field_error

_WHOLE = re.compile(r"[0-9]{1,18}")


class ControllerPagination(PageNumberPagination):
    page_size = 25  # the controller's PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 200  # the controller's MAX_PAGE_SIZE

    @staticmethod
    def _relative(url):
        if url is None:
            return None
        parts = urlsplit(url)
        return urlunsplit(("", "", parts.path, parts.query, parts.fragment))

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not _WHOLE.fullmatch(raw) or int(raw) < 1:
            raise field_error(self.page_size_query_param, "A whole number from 1 up.")
        return min(int(raw), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Results per page (at most {self.max_page_size}; more reads as that)."
                )
        return parameters

    def get_next_link(self):
        return self._relative(super().get_next_link())

    def get_previous_link(self):
        return self._relative(super().get_previous_link())

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        for key in ("next", "previous"):
            response["properties"][key]["format"] = "uri-reference"
            page = 4 if key == "next" else 2
            response["properties"][key]["example"] = f"/api/v2/service_requests/?page={page}"
        return response

"""Controller-style pagination: ``{count, next, previous, results}``.

Like the controller, ``page`` and ``page_size`` are query parameters, the page
size is capped, and next/previous are site-relative links (the controller
answers behind proxies whose public host it does not know).
"""

from urllib.parse import urlsplit, urlunsplit

from rest_framework.pagination import PageNumberPagination


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

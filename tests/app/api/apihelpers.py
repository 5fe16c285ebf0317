"""Helpers shared by the API tests (imported as ``apihelpers``)."""

import json

from django.urls import reverse
from rest_framework.test import APIClient

from forge_catalog import urlmount

NAMESPACE = "forge_catalog_api"


def url(name, *args, query=None):
    path = reverse(f"{NAMESPACE}:{name}", args=args, urlconf=urlmount.mounted_urlconf())
    if query:
        from urllib.parse import urlencode

        path += "?" + urlencode(query)
    return path


class Api:
    def __init__(self):
        self.client = APIClient()

    def call(self, method, path, *, user=None, data=None, expect=None, **query):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        kwargs = {"format": "json"} if data is not None else {}
        if query:
            from urllib.parse import urlencode

            path += ("&" if "?" in path else "?") + urlencode(query)
        response = (
            getattr(client, method)(path, data, **kwargs)
            if data is not None
            else getattr(client, method)(path)
        )
        if expect is not None:
            body = response.content.decode(errors="replace")[:2000]
            who = getattr(user, "username", "anonymous")
            assert response.status_code == expect, (
                f"{method.upper()} {path} as {who}: {response.status_code} != {expect}\n{body}"
            )
        return response

    def get(self, path, **kw):
        return self.call("get", path, **kw)

    def post(self, path, data=None, **kw):
        return self.call("post", path, data=data if data is not None else {}, **kw)

    def patch(self, path, data=None, **kw):
        return self.call("patch", path, data=data if data is not None else {}, **kw)

    def delete(self, path, **kw):
        return self.call("delete", path, **kw)


def body(response):
    return json.loads(response.content) if response.content else None

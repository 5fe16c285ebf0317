"""The devhost's login backend: Django's ModelBackend, except that a
username PostgreSQL cannot even compare (a NUL byte: "string literal cannot
contain NUL") is simply no such user. Every credential path (Basic auth of
the API, the session login form) goes through ``authenticate()``, so all of
them answer "wrong credentials" (401, or the form's error) instead of a 500.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class DevhostModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if isinstance(username, str) and "\x00" in username:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

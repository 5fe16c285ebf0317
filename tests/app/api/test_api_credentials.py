"""Issue 7 item 8: a credential the database cannot even compare (a NUL
byte) is wrong credentials on every path, never a 500."""

import base64

import pytest
from apihelpers import url
from django.test import Client

from tests.app.conftest import PASSWORD


def basic(username, password):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.mark.parametrize(
    ("username", "password"),
    [("al\x00ice", PASSWORD), ("\x00", "x"), ("alice", "p\x00w")],
)
def test_basic_auth_with_a_nul_byte_answers_401(alice, username, password):
    response = Client().get(url("service_catalog_item-list"), **basic(username, password))
    assert response.status_code == 401, response.content[:300]
    assert response["Content-Type"].startswith("application/json")


def test_basic_auth_still_works(alice):
    response = Client().get(url("service_catalog_item-list"), **basic("alice", PASSWORD))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("username", "password"),
    [("al\x00ice", PASSWORD), ("alice", "p\x00w"), ("\x00", "\x00")],
)
def test_the_login_form_with_a_nul_byte_is_a_failed_login(alice, username, password):
    response = Client().post("/login/", {"username": username, "password": password})
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in Client().session


def test_authenticate_refuses_a_nul_username_without_a_query(alice, django_assert_num_queries):
    from django.contrib.auth import authenticate

    with django_assert_num_queries(0):
        assert authenticate(None, username="al\x00ice", password=PASSWORD) is None

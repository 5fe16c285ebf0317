"""Issue 7 item 7: a deeply nested body is a 400 before any recursion, on
every endpoint that reads a body; values the binding can convert still reach
the core and get its field-level limit error."""

import json

import pytest
from apihelpers import body, url
from rest_framework.test import APIClient

from forge_catalog import _core
from forge_catalog.api.parsers import MAX_BODY_DEPTH, nesting_depth


def nested(depth):
    return "[" * depth + "]" * depth


def post_raw(user, path, text, method="post"):
    client = APIClient()
    client.force_authenticate(user)
    return getattr(client, method)(path, data=text, content_type="application/json")


def test_the_limit_is_derived_from_the_core():
    assert MAX_BODY_DEPTH == 8 * _core.LIMITS["max_depth"]


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ("{}", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('["[[[[", "\\"[[", "\\\\", {"x": "]]]"}]', 2),  # brackets in strings do not count
        (nested(5000), 5000),
    ],
)
def test_nesting_depth_counts_brackets_outside_strings(text, depth):
    assert nesting_depth(text) == depth


@pytest.mark.parametrize("depth", [990, 5000, MAX_BODY_DEPTH + 1])
def test_a_body_nested_too_deep_answers_400_on_submit(depth, alice, catalog_item_factory):
    item = catalog_item_factory()
    text = '{"justification": "x", "extra_vars": {"v": ' + nested(depth) + "}}"
    response = post_raw(alice, url("service_catalog_item-submit", item.pk), text)
    assert response.status_code == 400, response.content[:300]
    assert body(response)["errors"][0]["code"] == "limit"


def test_every_endpoint_that_reads_a_body_refuses_it(alice, org_admin, catalog_item_factory, request_factory):
    item = catalog_item_factory(requires_approval=True)
    pending = request_factory(item)
    text = nested(990)
    calls = [
        (org_admin, "post", url("service_catalog_item-list")),
        (org_admin, "patch", url("service_catalog_item-detail", item.pk)),
        (alice, "post", url("service_catalog_item-submit", item.pk)),
        (org_admin, "post", url("service_request-approve", pending.pk)),
        (org_admin, "post", url("service_request-reject", pending.pk)),
    ]
    for user, method, path in calls:
        response = post_raw(user, path, text, method=method)
        assert response.status_code == 400, (method, path, response.content[:300])
        assert body(response)["errors"][0]["code"] == "limit", (method, path)


def test_a_value_the_binding_converts_gets_the_cores_field_error(
    alice, catalog_item_factory, job_template_factory
):
    # Past the core's max_depth but well within the parser's bound: the
    # core names the field.
    template = job_template_factory(ask_variables_on_launch=True)
    item = catalog_item_factory(template)
    deep = nested(_core.LIMITS["max_depth"] + 5)
    text = json.dumps({"justification": "x", "extra_vars": {"deep": "PLACEHOLDER"}}).replace(
        '"PLACEHOLDER"', deep
    )
    response = post_raw(alice, url("service_catalog_item-submit", item.pk), text)
    assert response.status_code == 400, response.content[:300]
    paths = [e["path"] for e in body(response)["errors"]]
    assert any(p.startswith("extra_vars.deep") for p in paths), paths


def test_a_body_at_the_limit_is_parsed(alice, catalog_item_factory):
    item = catalog_item_factory()
    # Depth MAX_BODY_DEPTH exactly: parsed, then refused by the rules (not the parser).
    text = '{"justification": "x", "extra_vars": {"v": ' + nested(MAX_BODY_DEPTH - 2) + "}}"
    response = post_raw(alice, url("service_catalog_item-submit", item.pk), text)
    assert response.status_code == 400, response.content[:300]
    assert body(response)["errors"][0]["code"] != "parse_error"
    assert "deeper than" not in body(response)["errors"][0]["message"]

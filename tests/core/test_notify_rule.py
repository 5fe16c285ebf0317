"""The same-organization rule for notification templates through the
binding (fc_notify.h; the C cases are tests/c/test_notify.c)."""

import pytest

from forge_catalog import _core


def check(organization, *templates):
    return _core.check_notification_templates({"organization": organization, "templates": list(templates)})


def entry(path, template_id, organization=None):
    return {"path": path, "id": template_id, "organization": organization}


def test_the_item_s_organization_s_templates_pass():
    assert check(1, entry("a[0]", 4, 1), entry("a[1]", 5, 1)) is None
    assert check(1) is None


def test_others_and_missing_ones_are_refused_alike_in_order():
    with pytest.raises(_core.ValidationError) as raised:
        check(1, entry("a[0]", 4, 2), entry("a[1]", 5, 1), entry("b[0]", 2**70, None))
    assert raised.value.errors == [
        {
            "path": "a[0]",
            "code": "other_organization",
            "message": "notification template 4 does not exist in the item's organization",
        },
        {
            "path": "b[0]",
            "code": "other_organization",
            "message": f"notification template {2**70} does not exist in the item's organization",
        },
    ]


def test_no_item_organization_takes_no_template():
    with pytest.raises(_core.ValidationError) as raised:
        check(None, entry("a[0]", 4, None))
    assert [e["path"] for e in raised.value.errors] == ["a[0]"]


@pytest.mark.parametrize(
    "facts",
    [{}, {"organization": 1}, {"organization": "1", "templates": []}, {"organization": 1, "templates": [{}]}],
)
def test_a_malformed_call_is_a_value_error(facts):
    with pytest.raises(ValueError):
        _core.check_notification_templates(facts)

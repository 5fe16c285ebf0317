"""An item may require a justification (issue 10 item 6, owned with the
editor): the core refuses a blank one at submit, with every other problem."""

from apihelpers import body, url

from forge_catalog.models import ServiceRequest


def test_contact_and_justification_required_round_trip(api, org_admin, catalog_item_factory):
    item = catalog_item_factory()
    data = body(
        api.patch(
            url("service_catalog_item-detail", item.pk),
            {"contact": "#platform-help", "justification_required": True},
            user=org_admin,
            expect=200,
        )
    )
    assert (data["contact"], data["justification_required"]) == ("#platform-help", True)
    bad = body(
        api.patch(
            url("service_catalog_item-detail", item.pk),
            {"contact": "c" * 513},
            user=org_admin,
            expect=400,
        )
    )
    assert bad["contact"] == ["contact must be at most 512 characters (it has 513)"]


def test_blank_justification_is_refused_with_the_survey_problems(
    api, alice, catalog_item_factory, job_template_factory
):
    template = job_template_factory(survey_spec=[{"variable": "host", "max": 5}])
    item = catalog_item_factory(template, justification_required=True, requires_approval=True)
    submit = url("service_catalog_item-submit", item.pk)
    refused = body(
        api.post(
            submit, {"justification": "   ", "extra_vars": {"host": "toolonghost"}}, user=alice, expect=400
        )
    )
    assert [e["path"] for e in refused["errors"]] == ["justification", "extra_vars.host"]
    assert refused["justification"] == ["a justification is required for this item"]
    alone = body(api.post(submit, {"extra_vars": {"host": "web1"}}, user=alice, expect=400))
    assert [e["path"] for e in alone["errors"]] == ["justification"]
    assert not ServiceRequest.objects.exists()
    made = body(
        api.post(
            submit, {"justification": "load test", "extra_vars": {"host": "web1"}}, user=alice, expect=201
        )
    )
    assert made["status"] == "pending_approval"


def test_without_the_setting_a_justification_stays_optional(api, alice, catalog_item_factory):
    item = catalog_item_factory()
    api.post(url("service_catalog_item-submit", item.pk), {}, user=alice, expect=201)

"""What the host adapter does for every controller (issue 11 item 6): cancel
reaches the concrete job class."""

import pytest

from forge_catalog import lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.models import ServiceRequest


@pytest.fixture
def running(alice, catalog_item_factory, job_template_factory, workflow_factory):
    """running("job" | "workflow"): a running request of that kind."""

    def make(kind):
        template = job_template_factory()
        if kind == "workflow":
            template = workflow_factory(nodes={"only": template})
        sr = lifecycle.submit(catalog_item_factory(template), alice, justification="x")
        sr.refresh_from_db()
        assert sr.status == "running"
        return sr

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("kind, concrete", [("job", dh.Job), ("workflow", dh.WorkflowJob)])
def test_cancel_calls_cancel_on_the_concrete_job(running, alice, monkeypatch, kind, concrete):
    # AWX's UnifiedJob is polymorphic: WorkflowJob (and ProjectUpdate...)
    # override parts of cancel(), so it must run on the real instance.
    sr = running(kind)
    called = []
    inherited = dh.UnifiedJob.cancel

    def concrete_cancel(self, *args, **kwargs):
        called.append(type(self))
        return inherited(self, *args, **kwargs)

    monkeypatch.setattr(concrete, "cancel", concrete_cancel)
    lifecycle.cancel(ServiceRequest.objects.get(pk=sr.pk), alice)
    assert called == [concrete]
    assert dh.UnifiedJob.objects.get(pk=sr.job_id).cancel_flag is True

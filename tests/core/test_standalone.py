"""The seed's "standalone, no Django bootstrap" tests of the service catalog
(tests_standalone/test_service_catalog.py, 22 tests), rebuilt on _core: state
machine, terminal statuses, launch_data shape, survey merge, node_survey_data.
The seed's payloads are used as they appear in its description."""

import pytest
from core_helpers import question, spec

from forge_catalog import _core

# --- state machine ---------------------------------------------------------


def test_submit_without_approval_launches():
    assert _core.transition("created", "submit", requires_approval=False) == ("approved", "launch")


def test_submit_with_approval_waits_for_it():
    assert _core.transition("created", "submit", requires_approval=True) == ("pending_approval", "none")


def test_approve_launches():
    assert _core.transition("pending_approval", "approve", approvals=1, approvals_required=1) == (
        "approved", "launch")


def test_second_approval_needed_records_the_first():
    assert _core.transition("pending_approval", "approve", approvals=1, approvals_required=2) == (
        "pending_approval", "record_approval")


def test_reject_needs_a_reason():
    assert _core.transition("pending_approval", "reject", has_reason=True).state == "rejected"
    with pytest.raises(_core.ValidationError) as info:
        _core.transition("pending_approval", "reject", has_reason=False)
    assert [(e["path"], e["code"]) for e in info.value.errors] == [("reason", "required")]


def test_launched_then_job_status_sync():
    assert _core.transition("approved", "launched").state == "running"
    assert _core.transition("running", "job_status", job_status="successful").state == "successful"
    assert _core.transition("running", "job_status", job_status="pending").state == "running"


def test_launch_failure_fails_the_request():
    assert _core.transition("approved", "launch_failed").state == "failed"


def test_nothing_moves_out_of_a_terminal_state():
    for state in _core.TERMINAL_STATES:
        for event in _core.EVENTS:
            with pytest.raises(_core.TransitionError):
                _core.transition(state, event, requires_approval=True, approvals=1, has_reason=True,
                                 job_status="successful")


def test_cannot_approve_what_is_not_pending():
    with pytest.raises(_core.TransitionError):
        _core.transition("running", "approve", approvals=1)


def test_delete_only_while_nothing_was_launched():
    assert [s for s in _core.STATES if _core.is_deletable(s)] == [
        "pending_approval", "rejected", "needs_info", "expired"]


# --- terminal statuses -----------------------------------------------------


def test_terminal_statuses_are_the_seed_s_and_expired():
    assert set(_core.TERMINAL_STATES) == {"rejected", "successful", "failed", "canceled", "expired"}
    assert not _core.is_terminal("running") and _core.is_terminal("canceled")


def test_job_status_mapping():
    assert {s: _core.job_status_to_state(s) for s in _core.JOB_STATUSES} == {
        "new": "running", "pending": "running", "waiting": "running", "running": "running",
        "successful": "successful", "failed": "failed", "error": "failed", "canceled": "canceled"}
    assert [s for s in _core.JOB_STATUSES if _core.is_terminal_job_status(s)] == [
        "successful", "failed", "error", "canceled"]


# --- launch_data shape -------------------------------------------------------

HOST_SPEC = spec(question("hostname", required=True))
DEPLOY_SPEC = spec(question("version", required=True), question("token", "password", default="t0k"))


def test_launch_data_for_a_job_template():
    data = _core.launch_data(_core.Survey(HOST_SPEC), is_workflow=False)
    assert data == {"is_workflow": False, "survey_enabled": True, "survey_spec": HOST_SPEC,
                    "ask_variables_on_launch": False, "node_surveys": []}


def test_launch_data_for_a_workflow_lists_node_surveys():
    deploy = _core.Survey(DEPLOY_SPEC)
    data = _core.launch_data(_core.Survey(HOST_SPEC), is_workflow=True,
                             nodes=[(10, "deploy", deploy), (11, "notify", None)])
    assert list(data) == ["is_workflow", "survey_enabled", "survey_spec", "ask_variables_on_launch",
                          "node_surveys"]
    assert [(n["node_id"], n["identifier"]) for n in data["node_surveys"]] == [(10, "deploy")]
    node_spec = data["node_surveys"][0]["survey_spec"]
    assert node_spec["spec"][1]["default"] == "$encrypted$", "password defaults are never shown"


def test_launch_data_of_a_disabled_survey_is_empty():
    data = _core.launch_data(_core.Survey(HOST_SPEC, enabled=False), is_workflow=False)
    assert data["survey_enabled"] is False and data["survey_spec"] == {}


def test_launch_data_rejects_duplicate_identifiers():
    deploy = _core.Survey(DEPLOY_SPEC)
    with pytest.raises(ValueError):
        _core.launch_data(_core.Survey(None), is_workflow=True,
                          nodes=[(1, "deploy", deploy), (2, "deploy", deploy)])


# --- survey merge ----------------------------------------------------------


def test_seed_submit_payload_extra_vars_are_accepted():
    survey = _core.Survey(HOST_SPEC)
    assert survey.validate({"hostname": "web03"}) == {"hostname": "web03"}


def test_merge_order_template_then_defaults_then_answers():
    survey = _core.Survey(spec(question("size", default="small"), question("region", default="eu")))
    merged = survey.extra_vars({"size": "tiny", "owner": "ops", "region": "us"}, {"size": "large"})
    assert merged == {"size": "large", "owner": "ops", "region": "eu"}


def test_variables_outside_the_survey_are_rejected_not_dropped():
    with pytest.raises(_core.ValidationError) as info:
        _core.Survey(HOST_SPEC).validate({"hostname": "web03", "rogue": 1})
    assert [(e["path"], e["code"]) for e in info.value.errors] == [("extra_vars.rogue", "unknown")]
    open_survey = _core.Survey(HOST_SPEC, ask_variables_on_launch=True)
    assert open_survey.validate({"hostname": "web03", "rogue": 1}) == {"hostname": "web03", "rogue": 1}


# --- node_survey_data --------------------------------------------------------


def test_seed_node_survey_data_is_accepted_per_node():
    nodes = [(10, "deploy_node", _core.Survey(DEPLOY_SPEC))]
    accepted = _core.validate_node_survey_data(nodes, {"deploy_node": {"version": "2.0"}})
    assert accepted == {"deploy_node": {"version": "2.0", "token": "t0k"}}


def test_node_survey_data_errors_name_node_and_variable():
    nodes = [(10, "deploy", _core.Survey(DEPLOY_SPEC))]
    with pytest.raises(_core.ValidationError) as info:
        _core.validate_node_survey_data(nodes, {"deploy": {}, "ghost": {"x": 1}})
    paths = {(e["path"], e["code"]) for e in info.value.errors}
    assert paths == {("node_survey_data.deploy.version", "required"),
                     ("node_survey_data.ghost", "unknown")}


def test_node_survey_data_none_means_empty():
    assert _core.validate_node_survey_data([(1, "plain", None)], None) == {}

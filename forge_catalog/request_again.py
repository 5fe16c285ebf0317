"""Request again (issue 10 item 5): a request's answers as a prefill for the
dialog, against the item's surveys *as they are now*, with what changed.

The core judges: the prefill is validated by the same compiled surveys as a
submit, and every answer it refuses is reported as ``changed`` (with the
core's, labelled, message). Secrets are never prefilled (the requester types
them again); a question that is gone is ``removed``; a question the old
answers lack is ``new``. Nothing here decrypts anything.
"""

from forge_catalog import _core, authz, removals, surveys
from forge_catalog.labels import ItemLabels, labelled_errors

SECRET = "Enter this secret again: answers that are secret are never filled in."
REMOVED = "The form no longer asks this; the answer is left out."
NEW = "A new question since this request."


def _difference(differences, seen, node, variable, label, change, message):
    if (node, variable) in seen:
        return
    seen.add((node, variable))
    differences.append(
        {"node": node, "variable": variable, "label": label, "change": change, "message": message}
    )


def _split(stored, encrypted, secret_now, questions, free_form, node, labels, differences, seen):
    """The stored answers of one survey: (prefill, free-form extra vars)."""
    prefill, extra = {}, {}
    for variable, value in (stored or {}).items():
        label = labels.of(variable, node)
        if variable in encrypted or variable in secret_now:
            _difference(differences, seen, node, variable, label, "secret", SECRET)
        elif variable in questions:
            prefill[variable] = value
        elif free_form:
            extra[variable] = value
        else:
            _difference(differences, seen, node, variable, label, "removed", REMOVED)
    for variable in questions:
        if variable not in (stored or {}):
            _difference(differences, seen, node, variable, labels.of(variable, node), "new", NEW)
    return prefill, extra


def _refusals(call, item, secret_paths):
    """The labelled errors the core gives for the prefill (none: [])."""
    try:
        call()
    except _core.ValidationError as exc:
        # A secret left blank is the requester's to type, not a change.
        return [e for e in labelled_errors(exc.errors, item) if e.get("path") not in secret_paths]
    return []


def prefill(service_request, user):
    """What the dialog opens with. Raises NotVisible / PermissionDenied (the
    caller may not submit the item now), Conflict (item or template gone)."""
    item = service_request.catalog_item
    removals.require_item(item)
    authz.require(user, "submit", item=item)
    removals.require_template(item)
    template = item.underlying_template
    survey = surveys.template_survey(template)
    labels = ItemLabels(item)
    differences, seen = [], set()
    questions = labels.template if survey.enabled else {}

    extra_vars, free_form = _split(
        service_request.extra_vars,
        surveys.encrypted_names(service_request.encrypted_variables),
        set(survey.secret_variables),
        questions,
        survey.ask_variables_on_launch,
        None,
        labels,
        differences,
        seen,
    )
    secret_paths = {f"extra_vars.{v}" for v in survey.secret_variables}
    nodes = surveys.launch_nodes(item)
    node_answers = {}
    stored_nodes = service_request.node_survey_data or {}
    for _, identifier, node_survey in nodes:
        node_questions = (
            labels.nodes.get(identifier, {}) if node_survey is not None and node_survey.enabled else {}
        )
        secret_now = set(node_survey.secret_variables) if node_survey is not None else set()
        secret_paths |= {f"node_survey_data.{identifier}.{v}" for v in secret_now}
        answers, _ = _split(
            stored_nodes.get(identifier),
            surveys.encrypted_names(service_request.encrypted_variables, identifier),
            secret_now,
            node_questions,
            False,
            identifier,
            labels,
            differences,
            seen,
        )
        node_answers[identifier] = answers
    known = {identifier for _, identifier, _ in nodes}
    for identifier, stored in stored_nodes.items():
        if identifier not in known:
            for variable in stored or {}:
                _difference(differences, seen, identifier, variable, variable, "removed", REMOVED)

    refused = _refusals(
        lambda: survey.validate({**extra_vars, **free_form}, path="extra_vars"), item, secret_paths
    )
    if item.is_workflow:
        refused += _refusals(lambda: _core.validate_node_survey_data(nodes, node_answers), item, secret_paths)
    for error in refused:
        place = labels.locate(error.get("path"))
        if place is None:
            continue
        node, variable = place
        # A new question's refusal ("a value is required") says more than "new".
        seen.discard((node, variable))
        differences[:] = [d for d in differences if (d["node"], d["variable"]) != (node, variable)]
        _difference(
            differences, seen, node, variable, error.get("label", variable), "changed", error["message"]
        )

    return {
        "request": service_request.pk,
        "catalog_item": item.pk,
        "justification": service_request.justification,
        "extra_vars": extra_vars,
        "free_form_extra_vars": free_form,
        "node_survey_data": node_answers if item.is_workflow else {},
        "differences": differences,
    }

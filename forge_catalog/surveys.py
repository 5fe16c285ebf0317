"""Surveys of the wrapped templates, compiled by the core and cached, and the
handling of answers between the request and the controller.

The core decides (validation, defaults, secret variables, launch data);
this module reads templates through the host adapter, keeps compiled
``_core.Survey`` objects per template version, and moves secrets between
their stored (encrypted) and in-memory (plaintext, launch only) forms.
"""

import hashlib
import json
import threading
from collections import OrderedDict

from forge_catalog import _core
from forge_catalog.conf import fc_settings
from forge_catalog.hosts import get_host
from forge_catalog.secrets import ENCRYPTED, SecretError

_lock = threading.Lock()
_cache = OrderedDict()


def _spec_digest(spec):
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def template_survey(template):
    """The compiled survey of a JT or WFJT, cached per template version
    (pk, modified, the survey fields); raises _core.ValidationError for a
    spec the core cannot read."""
    host = get_host()
    spec, enabled, ask = host.template_survey(template)
    key = (
        type(template)._meta.label_lower,
        host.template_version(template),
        enabled,
        ask,
        _spec_digest(spec),
    )
    with _lock:
        survey = _cache.get(key)
        if survey is not None:
            _cache.move_to_end(key)
            return survey
    survey = _core.Survey(spec, enabled=enabled, ask_variables_on_launch=ask)
    with _lock:
        _cache[key] = survey
        while len(_cache) > max(1, int(fc_settings.SURVEY_CACHE_SIZE)):
            _cache.popitem(last=False)
    return survey


def clear_cache():
    with _lock:
        _cache.clear()


def launch_nodes(item):
    """[(node_id, identifier, Survey | None)] of a workflow item; () for a JT.
    A node's survey is its job template's (the core knows whether it is on)."""
    if not item.is_workflow:
        return ()
    return tuple(
        (node_id, identifier, template_survey(jt) if jt is not None else None)
        for node_id, identifier, jt in get_host().workflow_nodes(item.workflow_job_template)
    )


def launch_data(item):
    """The seed's launch_data without "catalog_item" (the API adds it)."""
    template = item.underlying_template
    return _core.launch_data(
        template_survey(template), is_workflow=item.is_workflow, nodes=launch_nodes(item)
    )


def _merge_errors(excs):
    """One ValidationError carrying every problem found, in order."""
    first = excs[0]
    first.errors = [error for exc in excs for error in exc.errors]
    return first


def validate(item, extra_vars, node_survey_data):
    """Validate answers against the *current* surveys. Returns (template
    survey, nodes, accepted extra_vars, accepted node answers); raises one
    _core.ValidationError listing template and node problems together."""
    survey = template_survey(item.underlying_template)
    nodes = launch_nodes(item)
    errors = []
    accepted = accepted_nodes = None
    try:
        accepted = survey.validate(extra_vars or {}, path="extra_vars")
    except _core.ValidationError as exc:
        errors.append(exc)
    try:
        # For a JT item (no nodes) the core refuses any node_survey_data key.
        accepted_nodes = _core.validate_node_survey_data(nodes, node_survey_data or {})
    except _core.ValidationError as exc:
        errors.append(exc)
    if errors:
        raise _merge_errors(errors)
    return survey, nodes, accepted, accepted_nodes


# -- secrets at rest ----------------------------------------------------------


def is_ciphertext(value):
    return isinstance(value, str) and value.startswith(ENCRYPTED) and value != ENCRYPTED


def _protect_values(values, secret_variables, host):
    out = dict(values)
    for var in secret_variables:
        value = out.get(var)
        # "$encrypted$" alone means "use the stored default": nothing secret.
        if isinstance(value, str) and value != ENCRYPTED:
            out[var] = host.encrypt(value)
    return out


def protect(survey, nodes, extra_vars, node_survey_data):
    """The answers as stored: the secret variables the core names for each
    survey are encrypted; everything else unchanged."""
    host = get_host()
    stored_vars = _protect_values(extra_vars or {}, survey.secret_variables, host)
    node_secrets = {identifier: (s.secret_variables if s is not None else ()) for _, identifier, s in nodes}
    stored_nodes = {}
    for identifier, answers in (node_survey_data or {}).items():
        stored_nodes[identifier] = _protect_values(answers or {}, node_secrets.get(identifier, ()), host)
    return stored_vars, stored_nodes


def _reveal_values(values, host):
    out = dict(values)
    for var, value in out.items():
        if is_ciphertext(value):
            try:
                out[var] = host.decrypt(value)
            except (SecretError, ValueError):
                pass  # a typed value that only looks encrypted stays as it is
    return out


def reveal(extra_vars, node_survey_data):
    """Plaintext answers, in memory only (approval re-validation and launch)."""
    host = get_host()
    return (
        _reveal_values(extra_vars or {}, host),
        {k: _reveal_values(v or {}, host) for k, v in (node_survey_data or {}).items()},
    )


def display(values):
    """Stored answers for output: every encrypted value shows "$encrypted$"."""
    return {k: (ENCRYPTED if is_ciphertext(v) else v) for k, v in (values or {}).items()}


def display_nodes(node_survey_data):
    return {k: display(v) for k, v in (node_survey_data or {}).items()}

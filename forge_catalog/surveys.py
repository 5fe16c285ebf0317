"""Surveys of the wrapped templates, compiled by the core and cached, and the
handling of answers between the request and the controller.

The core decides (validation, defaults, secret variables, launch data);
this module reads templates through the host adapter, keeps compiled
``_core.Survey`` objects per template version, and moves secrets between
their stored (encrypted) and in-memory (plaintext, launch only) forms.
"""

import copy
import threading
from collections import OrderedDict

from forge_catalog import _core, hosts
from forge_catalog.conf import fc_settings
from forge_catalog.hosts import get_host
from forge_catalog.secrets import ENCRYPTED

_lock = threading.Lock()
_cache = OrderedDict()
# Bumped by clear_cache(): a memo of another generation is stale.
_generation = 0
_MEMO = "_forge_catalog_survey"


class _Entry:
    """One template's compiled survey and what it was compiled from: the spec
    object last seen (identity: the O(1) hit), a private copy of its content
    (what a differing object is compared with) and the version."""

    __slots__ = ("version", "seen", "snapshot", "survey")

    def __init__(self, version, spec, survey):
        self.version = version
        self.seen = spec
        self.snapshot = copy.deepcopy(spec)
        self.survey = survey


class _Memo:
    """The compiled survey remembered on the template object itself, for
    the calls of one request that read the same object: the hit path is one
    tuple comparison (the spec by identity first), without the shared cache's
    lock. A copy of the template (deepcopy, pickle) starts without one."""

    __slots__ = ("generation", "state", "survey")

    def __init__(self, generation=-1, state=None, survey=None):
        self.generation = generation
        self.state = state
        self.survey = survey

    def __reduce__(self):
        return (_Memo, ())

    def __deepcopy__(self, memo):
        return _Memo()


def template_survey(template):
    """The compiled survey of a JT or WFJT, cached per template; raises
    _core.ValidationError for a spec the core cannot read.

    A template object remembers its survey (_Memo): while the fields it was
    compiled from are the same (the spec the same object, or an equal one,
    and ``modified`` and the survey flags equal), the lookup is one tuple
    comparison and takes no lock. Otherwise the shared cache is asked: O(1)
    while the spec object is the one last seen there; any other object (a
    template read again from the database) is compared with a copy of what
    was compiled, so a survey changed without ``modified`` moving (a bulk
    UPDATE) is still noticed; only a changed survey is compiled again."""
    host = hosts._host or get_host()  # the configured host, without get_host's frame
    state = host.template_survey_state(template)
    try:
        memo = template.__dict__[_MEMO]
    except KeyError:
        pass
    else:
        if memo.state == state and memo.generation == _generation:
            return memo.survey
    spec, enabled, ask = host.template_survey(template)
    survey = _shared_survey((type(template)._meta.label_lower, template.pk), spec, enabled, ask, state[3])
    template.__dict__[_MEMO] = _Memo(_generation, state, survey)
    return survey


def _shared_survey(key, spec, enabled, ask, modified):
    version = (modified, enabled, ask)
    with _lock:
        entry = _cache.get(key)
        if entry is not None and entry.version == version and entry.seen is spec:
            _cache.move_to_end(key)
            return entry.survey
        if entry is not None and entry.version[1:] == version[1:] and entry.snapshot == spec:
            entry.version, entry.seen = version, spec
            _cache.move_to_end(key)
            return entry.survey
    survey = _core.Survey(spec, enabled=enabled, ask_variables_on_launch=ask)
    with _lock:
        _cache[key] = _Entry(version, spec, survey)
        _cache.move_to_end(key)
        while len(_cache) > max(1, int(fc_settings.SURVEY_CACHE_SIZE)):
            _cache.popitem(last=False)
    return survey


def survey_problems(template):
    """What of a template's survey can never work, as the core lists it
    ({"path": "spec[3].default", "code", "message"}, ...): the controller saved
    the spec, so the item stays usable and admins see what to fix. A spec the
    core cannot read at all gives its spec errors here instead. [] for none."""
    if template is None:
        return []
    try:
        return list(template_survey(template).problems)
    except _core.ValidationError as exc:
        return list(exc.errors)


def clear_cache():
    global _generation
    with _lock:
        _cache.clear()
        _generation += 1


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
    """The seed's launch_data without "catalog_item" (the API adds it), with
    the item's form overlays (docs/forms.md) so the dialog renders in one call."""
    template = item.underlying_template
    data = _core.launch_data(
        template_survey(template), is_workflow=item.is_workflow, nodes=launch_nodes(item)
    )
    data["form_overlay"] = item.form_overlay if isinstance(item.form_overlay, dict) else {}
    nodes = item.node_form_overlays if isinstance(item.node_form_overlays, dict) else {}
    data["node_form_overlays"] = nodes
    return data


# -- secrets at rest ----------------------------------------------------------
#
# What is secret is known, never guessed from a value's look: at submit the
# core names each survey's secret variables, protect() encrypts those answers
# and returns their list, and the request stores it (``encrypted_variables``,
# shape below). Only the variables on that list are ever decrypted or masked;
# any other answer, even one that starts with "$encrypted$" or holds a real
# ciphertext, is the requester's text and passes through verbatim.
#
#   {"extra_vars": ["password"], "node_survey_data": {"deploy": ["token"]}}


def _protect_values(values, secret_variables, host):
    out = dict(values)
    encrypted = []
    for var in secret_variables:
        value = out.get(var)
        # "$encrypted$" alone means "use the stored default": nothing secret.
        if isinstance(value, str) and value != ENCRYPTED:
            out[var] = host.encrypt(value)
            encrypted.append(var)
    return out, encrypted


def protect(survey, nodes, extra_vars, node_survey_data):
    """The answers as stored: (extra_vars, node_survey_data,
    encrypted_variables). The secret variables the core names for each
    survey are encrypted and listed; everything else is unchanged."""
    host = get_host()
    stored_vars, encrypted_vars = _protect_values(extra_vars or {}, survey.secret_variables, host)
    node_secrets = {identifier: (s.secret_variables if s is not None else ()) for _, identifier, s in nodes}
    stored_nodes, encrypted_nodes = {}, {}
    for identifier, answers in (node_survey_data or {}).items():
        stored, encrypted = _protect_values(answers or {}, node_secrets.get(identifier, ()), host)
        stored_nodes[identifier] = stored
        if encrypted:
            encrypted_nodes[identifier] = encrypted
    record = {"extra_vars": encrypted_vars, "node_survey_data": encrypted_nodes}
    return stored_vars, stored_nodes, record


def encrypted_names(encrypted_variables, identifier=None):
    """The variables a request encrypted: of its template answers, or of one
    node's answers when ``identifier`` is given."""
    record = encrypted_variables if isinstance(encrypted_variables, dict) else {}
    if identifier is None:
        names = record.get("extra_vars")
    else:
        names = (record.get("node_survey_data") or {}).get(identifier)
    return frozenset(n for n in (names or ()) if isinstance(n, str))


def _reveal_values(values, names, host):
    out = dict(values)
    for var in names:
        if isinstance(out.get(var), str):
            # A listed value that does not decrypt (another SECRET_KEY,
            # tampering) raises SecretError: never launched as ciphertext.
            out[var] = host.decrypt(out[var])
    return out


def reveal(extra_vars, node_survey_data, encrypted_variables):
    """Plaintext answers, in memory only (approval re-validation and launch):
    exactly the listed variables are decrypted. Raises SecretError."""
    host = get_host()
    return (
        _reveal_values(extra_vars or {}, encrypted_names(encrypted_variables), host),
        {
            k: _reveal_values(v or {}, encrypted_names(encrypted_variables, k), host)
            for k, v in (node_survey_data or {}).items()
        },
    )


def secret_values(encrypted_variables, plain_vars, plain_nodes):
    """The plaintext of every secret a request encrypted, given its revealed
    answers: what no message or output may show."""
    values = [plain_vars.get(var) for var in encrypted_names(encrypted_variables)]
    for identifier, plain in plain_nodes.items():
        values += [plain.get(var) for var in encrypted_names(encrypted_variables, identifier)]
    return [value for value in values if isinstance(value, str) and value]


def mask_text(text, secret_plaintexts):
    """``text`` with every occurrence of a secret replaced by "$encrypted$"
    (longest first, so a secret containing another is masked whole)."""
    for secret in sorted(set(secret_plaintexts), key=len, reverse=True):
        if secret:
            text = text.replace(secret, ENCRYPTED)
    return text


def display(values, names):
    """Stored answers for output: the listed (encrypted) variables show
    "$encrypted$"; the caller also applies the current survey's redact."""
    return {k: (ENCRYPTED if k in names else v) for k, v in (values or {}).items()}


def node_surveys(item):
    """{identifier: Survey or None} of a workflow item's nodes ({} for a JT
    item, or when a node's spec cannot be read)."""
    try:
        return {identifier: survey for _, identifier, survey in launch_nodes(item)}
    except _core.Error:
        return {}


def display_nodes(node_survey_data, encrypted_variables, surveys_by_node=None):
    """Node answers for output: each node's listed variables masked, then
    redacted by that node's survey in the core, as template answers are."""
    out = {}
    for identifier, values in (node_survey_data or {}).items():
        shown = display(values, encrypted_names(encrypted_variables, identifier))
        survey = (surveys_by_node or {}).get(identifier)
        out[identifier] = survey.redact(shown) if survey is not None else shown
    return out

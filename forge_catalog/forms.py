"""Request forms: the item's overlay on its surveys (docs/forms.md).

The core decides: it compiles an overlay with the survey it belongs to
(every problem at its path), and for a set of answers says which questions
are visible, which answers are wrong, and what is accepted. This module
reads the overlays off the item, computes the choices of ``choices_from``
questions through the host adapter (the controller's own objects and access
rules: I/O, so Python's), checks answers against them, and assembles one
verdict. Submit, approval and the dry-run endpoint all call ``decide``, so
the dry-run answers exactly as submit decides.
"""

import copy
import json
import threading
import time
from collections import OrderedDict

from forge_catalog import _core, hosts, surveys
from forge_catalog.conf import fc_settings
from forge_catalog.hosts import get_host
from forge_catalog.models import template_of

OVERLAY_FIELD = "form_overlay"
NODE_OVERLAYS_FIELD = "node_form_overlays"

_lock = threading.Lock()
_cache = OrderedDict()


def _overlay_key(overlay):
    return json.dumps(overlay, sort_keys=True, separators=(",", ":"))


def overlay_path(identifier=None):
    """Where an overlay's problems are reported: ``form_overlay`` for the
    template's, ``node_form_overlays.<identifier>`` for a node's."""
    return OVERLAY_FIELD if identifier is None else f"{NODE_OVERLAYS_FIELD}.{identifier}"


def compiled(survey, overlay, path=OVERLAY_FIELD):
    """The core's ``Form`` for ``survey`` with ``overlay``, cached per
    (compiled survey, overlay content, path); raises _core.ValidationError
    with every problem of the overlay at ``<path>.<variable>.<key>``."""
    overlay = overlay if overlay is not None else {}
    key = (id(survey), path, _overlay_key(overlay))
    with _lock:
        entry = _cache.get(key)
        if entry is not None and entry[0] is survey:
            _cache.move_to_end(key)
            return entry[1]
    form = _core.Form(survey, overlay, path=path)
    with _lock:
        _cache[key] = (survey, form)
        while len(_cache) > max(1, int(fc_settings.SURVEY_CACHE_SIZE)):
            _cache.popitem(last=False)
    return form


def clear_cache():
    global _generation
    with _lock:
        _cache.clear()
        _generation += 1
    with _defaults_lock:
        _defaults_cache.clear()


# -- what an item's form needs on every call, remembered on the item --------------

_PLANS = "_forge_catalog_form_plans"
# Bumped by clear_cache(): a plan of another generation is stale.
_generation = 0


class _Plan:
    """One survey's compiled Form for an item, with what decide() asks of
    it on every call read once (the core's getters build a new object on
    each read). Valid while the survey is the same compiled object and the
    overlay the same object with the content it was compiled from (an
    overlay edited in place is noticed: a dict comparison, in C); the
    check is _plan's."""

    __slots__ = ("generation", "survey", "overlay", "snapshot", "form", "choices_from", "needs_now", "reads")

    def __init__(self, survey, overlay, form):
        self.generation = _generation
        self.survey = survey
        self.overlay = overlay
        self.snapshot = copy.deepcopy(overlay)
        self.form = form
        self.choices_from = form.choices_from
        self.needs_now = form.needs_now
        self.reads = bool(self.choices_from or self.needs_now)  # the call needs choices or the time


class _Plans(dict):
    """{identifier: _Plan} on an item object; a copy of the item (deepcopy,
    pickle) starts without any."""

    def __reduce__(self):
        return (_Plans, ())

    def __deepcopy__(self, memo):
        return _Plans()


def _new_plan(item, identifier, survey, overlay):
    """A new _Plan for this survey (None: the template's) and overlay,
    remembered on the item; raises _core.ValidationError as compiled() does."""
    plan = _Plan(survey, overlay, compiled(survey, overlay, overlay_path(identifier)))
    plans = item.__dict__.get(_PLANS)
    if plans is None:
        plans = item.__dict__[_PLANS] = _Plans()
    plans[identifier] = plan
    return plan


# -- the overlay, when saved ----------------------------------------------------


def overlay_errors(item):
    """Every problem of the item's overlays against its current surveys, at
    paths ``form_overlay.<variable>.<key>`` and
    ``node_form_overlays.<identifier>.<variable>.<key>``; [] when they fit."""
    errors = []
    overlay, node_overlays = item.form_overlay, item.node_form_overlays
    if not isinstance(overlay, dict):
        errors.append(_error(OVERLAY_FIELD, "type", "The form overlay must be an object keyed by variable."))
        overlay = None
    if not isinstance(node_overlays, dict):
        message = "The node overlays must be an object keyed by node identifier."
        errors.append(_error(NODE_OVERLAYS_FIELD, "type", message))
        node_overlays = None
    template = item.underlying_template
    if template is None:
        return errors
    try:
        survey = surveys.template_survey(template)
    except _core.ValidationError:
        return errors  # a spec the core cannot read: the item's survey_problems say why
    if overlay:
        errors += _form_errors(survey, overlay, OVERLAY_FIELD)
    if node_overlays:
        nodes = {identifier: node_survey for _, identifier, node_survey in _nodes(item)}
        for identifier, node_overlay in node_overlays.items():
            path = overlay_path(identifier)
            if identifier not in nodes:
                errors.append(_error(path, "unknown", f"The workflow has no node {identifier!r}."))
            elif not isinstance(node_overlay, dict):
                errors.append(_error(path, "type", "A node's overlay must be an object keyed by variable."))
            elif node_overlay and nodes[identifier] is None:
                errors.append(_error(path, "unknown", f"Node {identifier!r} runs no job template survey."))
            elif node_overlay:
                errors += _form_errors(nodes[identifier], node_overlay, path)
    return errors


def _nodes(item):
    try:
        return surveys.launch_nodes(item)
    except _core.ValidationError:
        return ()


def _form_errors(survey, overlay, path):
    try:
        compiled(survey, overlay, path)
    except _core.ValidationError as exc:
        return list(exc.errors)
    return []


def _error(path, code, message):
    return {"path": path, "code": code, "message": message}


# -- answers: submit, approval, dry-run -------------------------------------------


class Verdict:
    """What the core and the controller's objects say about one answer set:
    ``errors`` (every problem, in form order), per survey the state of each
    question (``states[None]`` for the template's, ``states[identifier]``
    for a node's: {variable: {"visible", "choices", "more", "default"}}),
    and the accepted answers when there is no error. Made by _verdict()."""

    __slots__ = (
        "errors", "states", "visible", "accepted", "accepted_nodes", "survey", "nodes", "workflow", "launch"
    )

    @property
    def valid(self):
        return not self.errors

    def raise_for_errors(self):
        if self.errors:
            exc = _core.ValidationError("invalid answers")
            exc.errors = list(self.errors)
            exc.truncated = False
            raise exc

    def launch_values(self):
        """(final extra_vars, {identifier: node answers} or None for a job
        template item) of a verdict decided with ``launch``; raises
        _core.ValidationError when the answers do not fit."""
        if not self.launch:
            raise ValueError("the verdict was not decided for launch")
        if self.errors:
            self.raise_for_errors()
        return self.accepted, (self.accepted_nodes if self.workflow else None)


def _verdict(workflow, launch, survey, errors, visible, accepted, accepted_nodes):
    # The one way a Verdict is made: a plain call (Verdict(...) through type()
    # and __init__ cost ~300 more instructions on the answer path).
    verdict = _new(Verdict)
    verdict.errors = errors
    verdict.states = {}
    verdict.visible = visible  # None or identifier -> the variables shown, in form order
    verdict.accepted = accepted
    verdict.accepted_nodes = accepted_nodes
    verdict.survey = survey
    verdict.nodes = ()
    verdict.workflow = workflow
    verdict.launch = launch  # accepted and accepted_nodes are the launch's values
    return verdict


_new = object.__new__


def item_overlays(item):
    overlay = item.form_overlay if isinstance(item.form_overlay, dict) else {}
    nodes = item.node_form_overlays if isinstance(item.node_form_overlays, dict) else {}
    return overlay, {k: v for k, v in nodes.items() if isinstance(v, dict)}


def decide(item, user, extra_vars, node_survey_data, *, search=None, limit=None, with_choices=False,
           launch=False):
    """The verdict on these answers for ``user`` (whose view of the
    controller bounds choices_from). ``with_choices`` also reports each
    question's state (the dry-run): visibility, default, and the choices of
    a choices_from question, narrowed by ``search`` ({question path: text})
    and bounded by ``limit``. With ``launch`` the accepted values are what
    to launch with, decided in the same core call (``Verdict.launch_values``:
    template extra_vars < survey defaults, a hidden question's too and a
    password's in its stored form < accepted answers, the controller's
    precedence). Submit and the last approval decide so once for both.

    Called on every submit, approval and launch: the path of a job template
    item answered without node answers reads each field once and calls the
    core once."""
    workflow, template = template_of(item)
    overlay = item.form_overlay
    if not isinstance(overlay, dict):
        overlay = _NO_OVERLAY
    survey = surveys.template_survey(template)
    template_vars = (hosts._host or get_host()).template_extra_vars(template) if launch else None
    if not (workflow or node_survey_data or with_choices):
        # The usual request: a job template's own form with nothing to read
        # for it (no choices, no clock) is one core call; else the general path.
        try:
            plan = _plan(item, None, survey, overlay)
        except _core.ValidationError:
            plan = None  # _decide_one reports the overlay's errors
        if plan is not None and not plan.reads:
            visible, errors, accepted = _ask(plan, extra_vars, "extra_vars", launch, template_vars)
            accepted_nodes = None if errors else {}
            return _verdict(False, launch, survey, [*errors], {None: visible}, accepted, accepted_nodes)
    # What _Context is made of, made into one only when choices are read.
    ctx = (item, user, search, limit, with_choices)
    verdict = _verdict(workflow, launch, survey, [], {}, None, None)
    verdict.accepted = _decide_one(
        ctx, verdict, None, survey, overlay, extra_vars, "extra_vars", launch, template_vars
    )
    if not workflow and not node_survey_data:
        # A job template item without node answers: nothing more to ask.
        verdict.accepted_nodes = {} if not verdict.errors else None
        return verdict
    verdict.nodes = nodes = surveys.launch_nodes(item)
    node_answers = node_survey_data if isinstance(node_survey_data, dict) else {}
    with_survey = {identifier for _, identifier, node_survey in nodes if node_survey is not None}
    try:
        # Unknown identifiers and answers for a node without a survey (a JT
        # item has no nodes at all) are the core's to refuse.
        _core.validate_node_survey_data(
            [(node_id, identifier, None) for node_id, identifier, _ in nodes],
            {k: ({} if k in with_survey else v) for k, v in node_answers.items()},
        )
    except _core.ValidationError as exc:
        verdict.errors += exc.errors
    node_overlays = item_overlays(item)[1]
    accepted_nodes = {}
    for _, identifier, node_survey in nodes:
        if node_survey is None:
            continue
        answers = node_answers.get(identifier)
        path = f"node_survey_data.{identifier}"
        node_overlay = node_overlays.get(identifier) or _NO_OVERLAY
        accepted = _decide_one(ctx, verdict, identifier, node_survey, node_overlay, answers, path, launch)
        if accepted:
            accepted_nodes[identifier] = accepted
    if verdict.valid:
        verdict.accepted_nodes = accepted_nodes
    return verdict


def initial_state(item, user):
    """The form's state for no answers yet, as the dry-run reports it (each
    question's visibility, default and first choices for ``user``):
    {"extra_vars": {"questions": ...}, "node_survey_data": {identifier:
    {"questions": ...}}}. launch_data carries it so the dialog renders in one
    call."""
    verdict = decide(item, user, {}, {}, with_choices=True)
    return {
        "extra_vars": {"questions": verdict.states.get(None, {})},
        "node_survey_data": {
            identifier: {"questions": states}
            for identifier, states in verdict.states.items()
            if identifier is not None
        },
    }


# The overlay of an item without one (compiled once per survey; never mutated).
_NO_OVERLAY = {}


class _Context:
    """What the choices of choices_from questions are read for: read only
    when a form has such a question or the states are asked for."""

    __slots__ = ("item", "user", "_search", "_limit", "with_choices")

    def __init__(self, item, user, search, limit, with_choices):
        self.item = item
        self.user = user
        self._search = search
        self._limit = limit
        self.with_choices = with_choices

    @property
    def organization(self):
        # An item being edited may have no organization yet (the editor's preview).
        return self.item.organization if self.item.organization_id is not None else None

    @property
    def search(self):
        return dict(self._search or {})

    @property
    def limit(self):
        return int(fc_settings.CHOICES_PAGE_SIZE if self._limit is None else self._limit)


def _plan(item, identifier, survey, overlay):
    """The item's _Plan for this survey (identifier None: the template's) and
    overlay: the remembered one while it fits, else a new one; raises
    _core.ValidationError as compiled() does."""
    try:
        plan = item.__dict__[_PLANS][identifier]
    except KeyError:
        return _new_plan(item, identifier, survey, overlay)
    if (
        plan.survey is not survey
        or plan.overlay is not overlay
        or plan.generation != _generation
        or overlay != plan.snapshot
    ):
        return _new_plan(item, identifier, survey, overlay)
    return plan


def _decide_one(ctx, verdict, identifier, survey, overlay, answers, path, launch=False, template_vars=None):
    """One survey's part of the verdict; returns its accepted answers (None
    when it has errors), with ``launch`` the values to launch with. ``ctx``:
    decide()'s (item, user, search, limit, with_choices)."""
    try:
        plan = _plan(ctx[0], identifier, survey, overlay)
    except _core.ValidationError as exc:
        # The survey changed under a saved overlay: refuse at the overlay's
        # paths rather than ask the form without its rules.
        verdict.errors += exc.errors
        return None
    if not plan.reads:
        visible, errors, accepted = _ask(plan, answers, path, launch, template_vars)
    else:
        if answers is None:
            answers = {}
        reads = plan.choices_from and isinstance(answers, dict)
        choices = _choice_sets(_Context(*ctx), plan, answers) if reads else {}
        now = int(time.time()) if plan.needs_now else None
        visible, errors, accepted = plan.form.validate(
            answers, choices=choices, now=now, path=path, launch=launch, template_extra_vars=template_vars
        )
    verdict.visible[identifier] = visible  # in form order
    if ctx[4]:
        verdict.states[identifier] = _states(_Context(*ctx), plan, frozenset(visible), path)
    if errors:
        verdict.errors += errors
    return accepted


def _ask(plan, answers, path, launch, template_vars):
    """The form's verdict (visible, errors, accepted) when it reads no
    choices and no clock: the core call without a keyword it does not read
    (each costs the call)."""
    if answers is None:
        answers = {}
    if launch:
        return plan.form.validate(answers, path=path, launch=True, template_extra_vars=template_vars)
    return plan.form.validate(answers, path=path)


def _names(value):
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str) and v]


def _choice_sets(ctx, plan, answers):
    """{variable: the requester-visible names among its effective value}: the
    core refuses any other name, and a hidden host gets the very error of a
    missing one, since neither is in the set."""
    host = get_host()
    defaults = _defaults(plan.survey)
    organization = ctx.organization
    sets = {}
    for variable, source in plan.choices_from.items():
        names = _names(answers[variable] if variable in answers else defaults.get(variable))
        seen = host.visible_inventory_names(ctx.user, organization, source, names) if names else set()
        sets[variable] = sorted(seen)
    return sets


def _states(ctx, plan, visible, path):
    """{variable: {"visible", "default"?, "choices"?, "more"?}} in form order."""
    host = get_host()
    sources = plan.choices_from
    defaults = _defaults(plan.survey)
    organization, search, page = (ctx.organization, ctx.search, ctx.limit) if sources else (None, {}, 0)
    out = {}
    for variable in plan.form.order:
        state = {"visible": variable in visible}
        if variable in defaults:
            state["default"] = defaults[variable]
        if variable in sources and variable in visible:
            text = search.get(f"{path}.{variable}", "")
            limit = min(page, sources[variable].get("limit") or page)
            choices, more = host.inventory_choices(
                ctx.user, organization, sources[variable], search=text, limit=limit
            )
            state["choices"], state["more"] = choices, more
        out[variable] = state
    return out


def _default_of(question):
    """{variable: default} as the core reads one question's default (a
    multiselect's newline text becomes its list), {} when it has none that
    is a valid answer."""
    single = _core.Survey({"name": "", "spec": [{**question, "required": False}]})
    try:
        return dict(single.validate({}, path="extra_vars"))
    except _core.ValidationError:
        return {}


_defaults_lock = threading.Lock()
_defaults_cache = OrderedDict()


def _defaults(survey):
    """{variable: default as the core reads it} of the survey's questions
    whose default is a valid answer (a multiselect's newline default becomes
    its list, a password's stays hidden). Asked of the core one question at a
    time, so one bad default does not hide the others; cached per survey."""
    key = id(survey)
    with _defaults_lock:
        entry = _defaults_cache.get(key)
        if entry is not None and entry[0] is survey:
            return entry[1]
    defaults = {}
    for question in (survey.display_spec() or {}).get("spec") or ():
        if not isinstance(question, dict) or "default" not in question or question.get("type") == "password":
            continue
        defaults.update(_default_of(question))
    with _defaults_lock:
        _defaults_cache[key] = (survey, defaults)
        while len(_defaults_cache) > max(1, int(fc_settings.SURVEY_CACHE_SIZE)):
            _defaults_cache.popitem(last=False)
    return defaults

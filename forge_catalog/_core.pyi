"""forge_catalog._core: the C core's decisions, for Python.

The binding decides nothing: every function converts its arguments to the
core's types, calls libforgecatalog and converts the answer back. JSON-like
values (dict with str keys, list, tuple, str, int of any size (beyond 64 bits
the core compares it exactly), finite float, bool, None) are converted
directly, without a JSON text round trip;
results come back as dict, list, str, int, float, bool, None.

Errors: ValidationError for what the core rejects (answer 400), TransitionError
for an illegal state change (409), ConversionError for a value with no JSON
form, ValueError for an unknown name or an argument the core refuses (e.g.
approve with approvals=0), TypeError for arguments of the wrong shape.
"""

from collections.abc import Mapping, Sequence
from typing import Any, Final, NamedTuple, final

STATES: Final[tuple[str, ...]]          # "created", "pending_approval", ...
TERMINAL_STATES: Final[tuple[str, ...]]  # "rejected", "successful", "failed", "canceled", "expired"
EVENTS: Final[tuple[str, ...]]          # "submit", "approve", "reject", "cancel", "launched",
                                        # "launch_failed", "job_status", "request_info",
                                        # "resubmit", "expire"
EXPIRY_OUTCOMES: Final[tuple[str, ...]] # "reject", "escalate", "approve"
JOB_STATUSES: Final[tuple[str, ...]]    # the controller's: "new", "pending", ... "canceled"
ACTIONS: Final[tuple[str, ...]]         # "see_item", "submit", "manage_item", ...
ENCRYPTED: Final[str]                   # "$encrypted$"
LIMITS: Final[dict[str, int]]           # fc_limits.h, e.g. LIMITS["max_spec_bytes"]

class Error(Exception):
    """Base of the errors below."""

class ValidationError(Error, ValueError):
    """Invalid input: answer 400 with the field-level list."""
    errors: list[dict[str, str]]  # [{"path": ..., "code": ..., "message": ...}], in report order
    truncated: bool               # more problems existed than FC_LIMIT_MAX_ERRORS

class TransitionError(Error):
    """Illegal state change: answer 409 (nothing may change)."""
    errors: list[dict[str, str]]  # as ValidationError.errors (path "status", code "state")
    truncated: bool

class ConversionError(Error, TypeError):
    """A Python value with no JSON equivalent (an int with more digits than
    sys.get_int_max_str_digits(), NaN/inf,
    non-str key, key containing NUL, lone surrogate, cycle, other type, or
    nesting far beyond LIMITS['max_depth']: a value only somewhat too deep is
    converted and reported by the core as a ValidationError "limit" problem).
    The message names the place, e.g.
    "extra_vars['a'][3]: integer out of range (JSON integers are 64-bit)"."""

def is_terminal(state: str, /) -> bool: ...
def is_deletable(state: str, /) -> bool: ...
def job_status_to_state(job_status: str, /) -> str:
    """Request state a running request takes for this job status
    ("running" for non-terminal statuses). ValueError for unknown statuses."""
def is_terminal_job_status(job_status: str, /) -> bool: ...

class Transition(NamedTuple):
    state: str   # the next state
    effect: str  # "none", "launch", "record_approval", "cancel_job", "next_step", "escalate",
                 # "withdraw_votes"

def transition(
    state: str,
    event: str,
    *,
    requires_approval: bool = False,
    approvals: int = 0,
    approvals_required: int = 1,
    already_voted: bool = False,
    has_reason: bool = False,
    job_status: str | None = None,
    has_next_step: bool = False,
    has_question: bool = False,
    expiry_outcome: str | None = None,
    auto_approve_allowed: bool = False,
    escalated: bool = False,
    justification_required: bool = False,
    has_justification: bool = False,
    answers_changed: bool = False,
) -> Transition:
    """Raises TransitionError (409) or ValidationError (reject without
    reason, path "reason"; submit without the justification the item
    requires, path "justification"); ValueError for unknown names and for facts the
    core refuses (approve with approvals=0, job_status event without
    job_status)."""

class Decision(NamedTuple):
    allowed: bool
    visible: bool  # False: answer 404
    reason: str    # "allowed" or why not, e.g. "self_approval"

def decide(
    action: str,
    *,
    is_authenticated: bool = True,
    is_superuser: bool = False,
    is_org_admin: bool = False,
    is_org_reader: bool = False,
    is_approver_team_member: bool = False,
    is_requester: bool = False,
    item_enabled: bool = True,
    item_has_approver_team: bool = False,
    allow_self_approval: bool = False,
    is_org_member: bool = False,
    is_audience_team_member: bool = False,
    item_has_audience_team: bool = False,
    is_other_step_team_member: bool = False,
    approved_other_step: bool = False,
    is_system_auditor: bool = False,
    is_org_auditor: bool = False,
) -> Decision: ...

def expiry_decide(
    *,
    now: int,
    step_entered_at: int,
    expire_after: int = 0,
    remind_every: int = 0,
    last_reminded_at: int = -1,
) -> dict[str, Any]:
    """The clock of a waiting step (fc_expiry.h): {"action": "none" |
    "remind" | "expire", "expired": bool (approve/reject refused),
    "expires_at": int | None, "next_remind_at": int | None} (epoch seconds;
    None: never). What an expiry does is transition(..., "expire", ...).
    ValueError for negative durations or times."""

def check_expiry_policy(
    *,
    expire_after: int = 0,
    remind_every: int = 0,
    outcome: str = "reject",
    auto_approve_allowed: bool = False,
) -> None:
    """Raises ValidationError (paths expire_after, remind_every, expiry_outcome)."""

def request_actions(
    state: str,
    *,
    already_voted: bool = False,
    is_authenticated: bool = True,
    is_superuser: bool = False,
    is_org_admin: bool = False,
    is_org_reader: bool = False,
    is_approver_team_member: bool = False,
    is_requester: bool = False,
    item_enabled: bool = True,
    item_has_approver_team: bool = False,
    allow_self_approval: bool = False,
    is_org_member: bool = False,
    is_audience_team_member: bool = False,
    item_has_audience_team: bool = False,
    is_other_step_team_member: bool = False,
    approved_other_step: bool = False,
    is_system_auditor: bool = False,
    is_org_auditor: bool = False,
) -> dict[str, bool]:
    """What the caller may do with the request now: can_approve,
    can_reject, can_request_info, can_answer, can_cancel, can_delete (each
    the core's decide() and transition() together)."""

def validate_catalog_item(item: Mapping[str, Any], /) -> None:
    """Raises ValidationError listing every problem (see fc_catalog.h for keys)."""

def check_notification_templates(facts: Mapping[str, Any], /) -> None:
    """The same-organization rule (fc_notify.h): facts {organization,
    templates: [{path, id, organization or None}]}; raises ValidationError
    with an ``other_organization`` problem at each refused path."""

@final
class Survey:
    """A compiled survey (immutable, thread-safe to read; cache it per
    template version). Raises ValidationError only for a spec no controller
    saves; every spec AWX accepts compiles, and what of it can never work is
    listed in problems."""
    def __init__(
        self,
        survey_spec: Mapping[str, Any] | None,
        *,
        enabled: bool = True,
        ask_variables_on_launch: bool = False,
    ) -> None: ...
    @property
    def enabled(self) -> bool: ...
    @property
    def ask_variables_on_launch(self) -> bool: ...
    @property
    def question_count(self) -> int: ...
    @property
    def secret_variables(self) -> tuple[str, ...]: ...
    @property
    def problems(self) -> tuple[dict[str, str], ...]:
        """What of the spec can never work ({"path": "spec[3].default",
        "code", "message"}, ...), in spec order; () when all is well. The
        survey works for everything else; answers that meet a problem are
        refused at their path."""
    def validate(self, answers: Mapping[str, Any] | None, *, path: str = "extra_vars") -> dict[str, Any]:
        """Accepted answers (defaults applied, $encrypted$ resolved): a new
        dict whose values are the caller's own objects where they are plain
        JSON already (dict, list, str, int, float, bool, None all the way
        down; no copy is made), else plain copies (a tuple becomes a list, a
        subclass its base type). Defaults are fresh for each call."""
    def extra_vars(
        self,
        template_extra_vars: Mapping[str, Any] | None,
        answers: Mapping[str, Any] | None,
        *,
        path: str = "extra_vars",
    ) -> dict[str, Any]:
        """Final extra_vars for launch: template < defaults < answers, built
        in one pass; values as for validate (template values too)."""
    def redact(self, values: Mapping[str, Any], /) -> dict[str, Any]:
        """Copy with every secret variable shown as "$encrypted$" (ValueError
        unless values is a dict)."""
    def display_spec(self) -> dict[str, Any]: ...

# One workflow node: (node_id, identifier, survey or None).
LaunchNode = tuple[int, str, Survey | None]

def launch_data(
    template_survey: Survey, *, is_workflow: bool, nodes: Sequence[LaunchNode] = ()
) -> dict[str, Any]:
    """The seed's launch_data without "catalog_item". ValueError for
    duplicate node identifiers."""

def validate_node_survey_data(
    nodes: Sequence[LaunchNode], node_survey_data: Mapping[str, Any] | None
) -> dict[str, dict[str, Any]]:
    """Accepted answers per node identifier; raises ValidationError with
    paths "node_survey_data.<identifier>.<variable>"."""

class FormVerdict(NamedTuple):
    visible: tuple[str, ...]        # visible variables, in form order
    errors: list[dict[str, str]]    # {path, code, message}; [] when valid
    accepted: dict[str, Any] | None  # what submit accepts (visible questions only); None on errors

@final
class Form:
    """A Survey with a catalog item's overlay (docs/forms.md), compiled once
    (immutable, thread-safe to read; keeps its survey alive). Raises
    ValidationError listing every problem of the overlay, with paths
    "<path>.<variable>.<key>" (e.g. "overlay.host.visible_if")."""
    def __init__(
        self, survey: Survey, overlay: Mapping[str, Any] | None, *, path: str = "overlay"
    ) -> None: ...
    @property
    def survey(self) -> Survey: ...
    @property
    def order(self) -> tuple[str, ...]:
        """Variables in form order (the overlay's "order", then spec order)."""
    @property
    def needs_now(self) -> bool:
        """True when a question has date bounds: validate() then needs now."""
    @property
    def choices_from(self) -> dict[str, dict[str, Any]]:
        """{variable: {"inventory": name | id, "kind": "hosts" | "groups",
        "filter": str | None, "limit": int}}: the sets validate() needs."""
    def display(self) -> list[dict[str, Any]]:
        """One dict per question in form order: variable, visible_if, pattern,
        pattern_message, format, min_days, max_days, help, placeholder,
        section, choices_from (None when not set)."""
    def validate(
        self,
        answers: Mapping[str, Any] | None,
        /,
        *,
        choices: Mapping[str, Sequence[str]] | None = None,
        now: int | None = None,
        path: str = "extra_vars",
        launch: bool = False,
        template_extra_vars: Mapping[str, Any] | None = None,
    ) -> FormVerdict:
        """The one decision of dry run, submit and launch: visibility, then
        the survey's checks on visible questions, then patterns, formats and
        choice sets. Invalid answers give errors (no exception). choices
        maps a choices_from variable to the strings its answer must be among
        (a visible answered one without a set is refused); now is Unix
        seconds (UTC), required when needs_now (ValueError). With launch,
        accepted is the launch's final extra_vars (as extra_vars() builds
        it: template_extra_vars < survey defaults, hidden questions' too <
        accepted answers). Answers are read as borrowed views: accepted
        values are the caller's own objects when plain JSON."""
    def extra_vars(
        self,
        template_extra_vars: Mapping[str, Any] | None,
        answers: Mapping[str, Any] | None,
        /,
        *,
        choices: Mapping[str, Sequence[str]] | None = None,
        now: int | None = None,
        path: str = "extra_vars",
    ) -> dict[str, Any]:
        """Final extra_vars for launch: template < survey defaults (a hidden
        question's too, as the controller applies it) < the answers validate()
        accepts. Raises ValidationError with validate()'s errors."""

"""The one hook the request lifecycle calls for notifications (issue 12
item 5). Every transition that someone should hear about calls ``emit``
inside its transaction, with the request row locked, so whatever it records
(an outbox row) commits or rolls back with the decision itself.

Kinds (``KINDS``): ``approval_needed`` (a step starts waiting: its
approvers), ``needs_info`` (the requester is asked a question), ``approved``,
``rejected``, ``expired``, ``reminder``, ``launched``, ``finished``.

Until the outbox lands this records nothing; callers must not depend on
its return value.
"""

KINDS = (
    "approval_needed",
    "reminder",
    "needs_info",
    "approved",
    "rejected",
    "expired",
    "launched",
    "finished",
)


def emit(request, kind, *, step=None, actor=None):
    """Record that ``kind`` happened to ``request`` (at ``step``, a
    ServiceRequestStep, by ``actor``). Never raises for a known kind."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")

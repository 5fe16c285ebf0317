"""A waiting request's step clock as SQL expressions, for the tick's due
filter (tick_due.py) and the partial indexes that serve it (models.py), so
both spell them identically (PostgreSQL matches an expression index only on
the same expression). What they mean is expiry.decide's: the step began at
``step_entered_at`` (else ``created``); the reminder clock runs from the
later of that and ``last_reminded_at``.
"""

from django.db.models.functions import Coalesce, Greatest

WAITING_STATES = ("pending_approval", "needs_info")
REMINDED_STATE = "pending_approval"  # needs_info sends the approvers no reminder

# Coalesce first: Greatest is NULL on SQLite (the demo) when any argument is.
ENTERED = Coalesce("step_entered_at", "created")
REMIND_SINCE = Greatest(Coalesce("last_reminded_at", ENTERED), ENTERED)

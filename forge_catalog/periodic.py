"""The tick inside AWX's own dispatcher, by settings alone
(docs/install-controller.md "The periodic tick").

AWX's dispatcher (``awx/main/dispatch/worker/base.py``, ``AWXConsumerPG``)
schedules ``settings.CELERYBEAT_SCHEDULE``. A ``task`` entry must name an
``awx.``-prefixed function decorated with AWX's ``@task``
(``TaskWorker.resolve_callable`` refuses anything else), so no package of
ours can be one without editing the controller. A ``control`` entry, the
form AWX uses for its own ``pool_cleanup``, is called as it is in the
dispatcher's main process on every node: ``schedule_entry()`` builds one.

This module imports nothing of Django at import time, so a settings file
(``/etc/tower/conf.d/*.py``) may import it before the apps are ready.
"""

import datetime
import logging

logger = logging.getLogger("forge_catalog.periodic")

# AWX's scheduler refuses to start when it has more entries than the
# shortest interval has seconds; a minute keeps well clear of that.
DEFAULT_INTERVAL = 60


def dispatcher_tick():
    """One tick, as a ``control`` entry runs it: in the dispatcher's main
    process, so it must never raise (AWX would log and go on anyway) and must
    stay short (tick.run works in bounded batches and only locks what is
    due). Returns the TickReport, or None after an error."""
    from django.db import close_old_connections, connection

    from forge_catalog import tick

    # A long-lived process: drop a connection the server closed meanwhile
    # (never inside a transaction, where that would end it).
    if not connection.in_atomic_block:
        close_old_connections()
    try:
        report = tick.run()
    except Exception:  # noqa: BLE001 - the dispatcher's loop must go on
        logger.exception("forge-catalog tick failed in the dispatcher; the next one retries")
        return None
    if report.failed:
        logger.warning("%s", report.summary())
    return report


def schedule_entry(seconds=DEFAULT_INTERVAL):
    """``CELERYBEAT_SCHEDULE['forge_catalog_tick'] = schedule_entry()``."""
    return {"control": dispatcher_tick, "schedule": datetime.timedelta(seconds=seconds)}

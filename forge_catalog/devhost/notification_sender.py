"""The devhost worker's notification sender: a thread beside the job loop
(a playbook run must not hold messages back) that runs forge-catalog's
``deliver_pending()`` every poll interval, as AWX's dispatcher runs
``send_notifications`` beside its jobs. Its own database connection; an
outage is waited out with the worker's back-off."""

import logging
import threading

from django.db import close_old_connections, connection

from forge_catalog.notify_delivery import deliver_pending, new_sender_id

logger = logging.getLogger("forge_catalog.devhost.notification_sender")


class NotificationSender:
    def __init__(self, *, poll_interval=1.0, log=None):
        self.poll_interval = poll_interval
        self.log = log or (lambda msg: logger.info("%s", msg))
        self.sender_id = new_sender_id()
        self._stop = threading.Event()
        self._thread = None

    def start(self):
        self._thread = threading.Thread(target=self._run, name="notification-sender", daemon=True)
        self._thread.start()

    def stop(self, timeout=15.0):
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self):
        from .worker import CONNECTION_ERRORS, backoff, drop_connection, short

        failures = 0
        try:
            while not self._stop.is_set():
                try:
                    close_old_connections()
                    sent = deliver_pending(sender=self.sender_id)
                    failures = 0
                    if sent:
                        self.log(f"notifications sent: {sent}")
                except CONNECTION_ERRORS as exc:
                    failures += 1
                    self.log(f"notifications: database unavailable ({short(exc)})")
                    drop_connection()
                    self._stop.wait(backoff(failures))
                    continue
                except Exception:  # noqa: BLE001 - the sender outlives any one message
                    logger.exception("notification sender round failed")
                self._stop.wait(self.poll_interval)
        finally:
            connection.close()

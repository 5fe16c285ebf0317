"""The host adapter: what differs between controllers (DESIGN.md "The
controller contract"). ``get_host()`` returns the configured instance."""

import threading

from django.utils.module_loading import import_string

_lock = threading.Lock()
_host = None


def get_host():
    global _host
    host = _host
    if host is None:
        from forge_catalog.conf import fc_settings

        with _lock:
            if _host is None:
                cls = fc_settings.HOST
                if isinstance(cls, str):
                    cls = import_string(cls)
                _host = cls()
            host = _host
    return host


def reset_host():
    global _host
    with _lock:
        _host = None

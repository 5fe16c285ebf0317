"""Encryption at rest for password answers (awx-facts.md "Passwords").

Fernet (cryptography) with a key derived from SECRET_KEY by HKDF, so a
stored request holds ``$encrypted$FERNET$<token>`` and never the password.
Inside AWX the host adapter may use the controller's own helpers instead
(hosts/awx.py); the app always goes through ``get_host().encrypt/decrypt``.
"""

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

ENCRYPTED = "$encrypted$"
PREFIX = ENCRYPTED + "FERNET$"


class SecretError(ValueError):
    """A stored secret that cannot be decrypted (wrong SECRET_KEY, tampering)."""


@functools.lru_cache(maxsize=8)
def _fernet(secret_key, context):
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=context.encode()).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(value, *, context="forge_catalog"):
    if not isinstance(value, str):
        raise TypeError("only strings are encrypted")
    token = _fernet(settings.SECRET_KEY, context).encrypt(value.encode())
    return PREFIX + token.decode("ascii")


def decrypt(value, *, context="forge_catalog"):
    if not isinstance(value, str) or not value.startswith(PREFIX):
        raise SecretError("not an encrypted value")
    try:
        return _fernet(settings.SECRET_KEY, context).decrypt(value[len(PREFIX) :].encode("ascii")).decode()
    except (InvalidToken, UnicodeError) as exc:
        raise SecretError("stored secret cannot be decrypted") from exc

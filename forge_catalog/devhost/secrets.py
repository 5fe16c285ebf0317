"""The devhost controller's own encryption, in AWX's format and with AWX's
rules (awx/main/utils/encryption.py), written here from the format:

- a value is stored as ``$encrypted$UTF8$AESCBC$<base64 of a token>``, the
  token laid out as a Fernet token (version, time, IV, AES-CBC ciphertext,
  HMAC-SHA256) but with AES-256: the 64-byte key is SHA-512 of SECRET_KEY,
  the row's pk (when given) and the field name, signing key first;
- ``encrypt_value(value)`` encrypts as field ``"value"`` with no pk, which is
  what AWX uses for survey password answers and defaults;
- a value that already starts with ``$encrypted$`` is left as it is, so an
  encrypted default or node answer passes through a launch unchanged.

A separate key from forge-catalog's own (forge_catalog/secrets.py, HKDF).
"""

import base64
import hashlib
import hmac as std_hmac
import os
import struct
import time

from cryptography.hazmat.primitives import hashes, hmac, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

from forge_catalog.secrets import ENCRYPTED, SecretError

PREFIX = ENCRYPTED + "UTF8$AESCBC$"
_VERSION = b"\x80"


def _keys(field_name, pk):
    digest = hashlib.sha512()
    digest.update(settings.SECRET_KEY.encode())
    if pk is not None:
        digest.update(str(pk).encode())
    digest.update(field_name.encode())
    key = digest.digest()
    return key[:32], key[32:]  # (signing, encryption)


def _sign(signing_key, data):
    mac = hmac.HMAC(signing_key, hashes.SHA256())
    mac.update(data)
    return mac.finalize()


def is_encrypted(value):
    return isinstance(value, str) and value.startswith(ENCRYPTED) and len(value) > len(ENCRYPTED)


def encrypt_field_value(value, field_name, pk=None):
    if not isinstance(value, str):
        raise TypeError("only strings are encrypted")
    if not value or value.startswith(ENCRYPTED):
        return value  # AWX's encrypt_field: never encrypted twice
    signing_key, encryption_key = _keys(field_name, pk)
    iv = os.urandom(16)
    padder = padding.PKCS7(algorithms.AES.block_size).padder()
    padded = padder.update(value.encode()) + padder.finalize()
    encryptor = Cipher(algorithms.AES(encryption_key), modes.CBC(iv)).encryptor()
    body = (
        _VERSION + struct.pack(">Q", int(time.time())) + iv + encryptor.update(padded) + encryptor.finalize()
    )
    token = base64.urlsafe_b64encode(body + _sign(signing_key, body))
    return PREFIX + base64.b64encode(token).decode("ascii")


def decrypt_field_value(value, field_name, pk=None):
    if not isinstance(value, str) or not value.startswith(PREFIX):
        raise SecretError("not an encrypted value")
    try:
        raw = base64.urlsafe_b64decode(base64.b64decode(value[len(PREFIX) :], validate=True))
    except ValueError as exc:
        raise SecretError("stored secret cannot be decrypted") from exc
    signing_key, encryption_key = _keys(field_name, pk)
    body, mac = raw[:-32], raw[-32:]
    if len(body) < 1 + 8 + 16 + 16 or body[:1] != _VERSION:
        raise SecretError("stored secret cannot be decrypted")
    if not std_hmac.compare_digest(_sign(signing_key, body), mac):
        raise SecretError("stored secret cannot be decrypted")
    iv, ciphertext = body[9:25], body[25:]
    try:
        decryptor = Cipher(algorithms.AES(encryption_key), modes.CBC(iv)).decryptor()
        padded = decryptor.update(ciphertext) + decryptor.finalize()
        unpadder = padding.PKCS7(algorithms.AES.block_size).unpadder()
        return (unpadder.update(padded) + unpadder.finalize()).decode()
    except ValueError as exc:  # bad padding or not UTF-8
        raise SecretError("stored secret cannot be decrypted") from exc


def encrypt_value(value, pk=None):
    return encrypt_field_value(value, "value", pk)


def decrypt_value(value, pk=None):
    return decrypt_field_value(value, "value", pk)


def encrypt_dict(data, fields):
    """Encrypt in place the string values of ``data`` under ``fields``."""
    for key in set(data) & set(fields):
        if isinstance(data[key], str):
            data[key] = encrypt_value(data[key])

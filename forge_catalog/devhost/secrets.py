"""The devhost controller's own encryption of job password answers (AWX has
awx.main.utils.encryption); a separate key context from forge-catalog's."""

from forge_catalog import secrets


def encrypt_value(value):
    return secrets.encrypt(value, context="devhost")


def decrypt_value(value):
    return secrets.decrypt(value, context="devhost")

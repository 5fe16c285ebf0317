"""AWX / Forge: the controller's own encryption helpers for stored password
answers (awx/main/utils/encryption.py, as AWX does for survey passwords),
imported lazily so this module loads without AWX. Everything else is the
shared contract of the base adapter."""

from forge_catalog.hosts.base import BaseHost
from forge_catalog.secrets import SecretError


class AWXHost(BaseHost):
    def encrypt(self, value):
        from awx.main.utils.encryption import encrypt_value

        return encrypt_value(value)

    def decrypt(self, value):
        from awx.main.utils.encryption import decrypt_value, get_encryption_key

        # encrypt_value() encrypts as field "value" with no pk.
        try:
            return decrypt_value(get_encryption_key("value", pk=None), value)
        except Exception as exc:  # InvalidToken, malformed token
            raise SecretError("stored secret cannot be decrypted") from exc

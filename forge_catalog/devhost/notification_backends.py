"""The devhost's notification channels, with AWX's backend interface
(awx/main/notifications/*): a class per ``notification_type`` with
``init_parameters`` (a ``password`` type is encrypted at rest),
``recipient_parameter``, ``sender_parameter``, ``format_body(body)`` and
Django's ``send_messages(messages)`` returning how many went out.

- email: Django's SMTP backend itself (AWX's CustomEmailBackend);
- webhook: a POST (or PUT) of the JSON body, as AWX's WebhookBackend, plus
  one devhost addition: with a ``signing_secret`` the request carries
  ``X-Forge-Catalog-Signature: sha256=<HMAC-SHA256 of the body>``, so a
  receiver can tell the message is ours (stock AWX has no signature).
"""

import hashlib
import hmac
import json
import urllib.error
import urllib.request

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend

SIGNATURE_HEADER = "X-Forge-Catalog-Signature"


class CustomEmailBackend(EmailBackend):
    init_parameters = {
        "host": {"label": "Host", "type": "string"},
        "port": {"label": "Port", "type": "int"},
        "username": {"label": "Username", "type": "string"},
        "password": {"label": "Password", "type": "password"},
        "use_tls": {"label": "Use TLS", "type": "bool"},
        "use_ssl": {"label": "Use SSL", "type": "bool"},
        "sender": {"label": "Sender Email", "type": "string"},
        "recipients": {"label": "Recipient List", "type": "list"},
        "timeout": {"label": "Timeout", "type": "int", "default": 30},
    }
    recipient_parameter = "recipients"
    sender_parameter = "sender"

    def format_body(self, body):
        return body


class WebhookBackend(BaseEmailBackend):
    init_parameters = {
        "url": {"label": "Target URL", "type": "string"},
        "http_method": {"label": "HTTP Method", "type": "string", "default": "POST"},
        "disable_ssl_verification": {"label": "Verify SSL", "type": "bool", "default": False},
        "username": {"label": "Username", "type": "string", "default": ""},
        "password": {"label": "Password", "type": "password", "default": ""},
        "headers": {"label": "HTTP Headers", "type": "object"},
        "signing_secret": {"label": "Signing secret", "type": "password", "default": ""},
    }
    recipient_parameter = "url"
    sender_parameter = None
    TIMEOUT_SECONDS = 10

    def __init__(
        self,
        http_method="POST",
        headers=None,
        disable_ssl_verification=False,
        fail_silently=False,
        username=None,
        password=None,
        signing_secret="",
        **kwargs,
    ):
        super().__init__(fail_silently=fail_silently)
        self.http_method = http_method
        self.headers = headers or {}
        self.username = username
        self.password = password
        self.signing_secret = signing_secret or ""

    def format_body(self, body):
        """AWX: the body is a string holding a JSON object; anything else is {}."""
        try:
            value = json.loads(body)
        except (TypeError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}

    def send_messages(self, messages):
        if str(self.http_method).lower() not in ("put", "post"):
            raise ValueError("HTTP method must be either 'POST' or 'PUT'.")
        sent = 0
        for message in messages:
            url = str(message.recipients()[0])
            data = json.dumps(message.body or {}, ensure_ascii=False).encode("utf-8")
            headers = {"Content-Type": "application/json", **self.headers}
            if self.signing_secret:
                digest = hmac.new(self.signing_secret.encode(), data, hashlib.sha256).hexdigest()
                headers[SIGNATURE_HEADER] = f"sha256={digest}"
            request = urllib.request.Request(url, data=data, headers=headers, method=self.http_method.upper())
            if self.username or self.password:
                import base64

                token = base64.b64encode(f"{self.username or ''}:{self.password or ''}".encode()).decode()
                request.add_header("Authorization", f"Basic {token}")
            try:
                with urllib.request.urlopen(request, timeout=self.TIMEOUT_SECONDS) as response:
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            if status >= 400:
                if not self.fail_silently:
                    raise Exception(f"Error sending webhook notification: {status}")
                continue
            if 200 <= status < 300:
                sent += 1
        return sent


CLASS_FOR_NOTIFICATION_TYPE = {"email": CustomEmailBackend, "webhook": WebhookBackend}

"""Real receivers for the notification tests: an SMTP server (aiosmtpd) and
an HTTP webhook receiver, each on a free local port, started and stopped by
the test. Both can be down (not listening) and brought up on the same port."""

import email
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self, inbox):
        self.inbox = inbox

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        self.inbox.append(
            {
                "from": envelope.mail_from,
                "to": list(envelope.rcpt_tos),
                "subject": message["Subject"],
                "body": message.get_payload(decode=True).decode(),
                "auth": getattr(session, "authenticated", None),
            }
        )
        return "250 Message accepted for delivery"


class SMTPReceiver:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.messages = []
        self._controller = None

    def start(self):
        self._controller = Controller(_Handler(self.messages), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


class WebhookReceiver:
    """Records every request (headers, raw body, JSON). ``status`` is what
    it answers; ``hold`` (an Event) keeps a handler from answering until set."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.requests = []
        self.status = 200
        self.hold = None
        self.arrived = threading.Event()
        self._server = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append({"headers": dict(self.headers), "raw": raw, "json": json.loads(raw)})
                receiver.arrived.set()
                if receiver.hold is not None:
                    receiver.hold.wait(60)
                self.send_response(receiver.status)
                self.end_headers()

            do_PUT = do_POST

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

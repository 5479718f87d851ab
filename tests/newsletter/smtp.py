"""A real SMTP server (aiosmtpd) on a free local port, answering from a script."""

import contextlib
from collections import Counter, defaultdict
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.processes import free_port


class ScriptedHandler:
    """Accepts every message, except that a recipient listed in `rcpt` or `data` gets the
    replies given there, one per attempt, at that stage (then 250): {"a@x.org": ["451 ..."]}.
    """

    def __init__(self, rcpt: dict | None = None, data: dict | None = None):
        self.rcpt = defaultdict(list, {k: list(v) for k, v in (rcpt or {}).items()})
        self.data = defaultdict(list, {k: list(v) for k, v in (data or {}).items()})
        self.attempts = Counter()
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.attempts[address] += 1
        if self.rcpt[address]:
            return self.rcpt[address].pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            if self.data[address]:
                return self.data[address].pop(0)
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def parsed(self) -> list[EmailMessage]:
        return [message_from_bytes(data, policy=policy.default) for _rcpt, data in self.messages]


@contextlib.contextmanager
def smtp_server(settings, handler=None):
    """Start a server and point Django's SMTP backend at it."""
    handler = handler or ScriptedHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "portal.core.mail_smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()

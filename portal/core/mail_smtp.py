"""The SMTP email backend production uses (EMAIL_URL=smtp://…): Django's, with the envelope
addresses checked faster.

Django's backend runs `sanitize_address` on the sender and on every recipient of every
message: a full RFC 5322 parse, then a Header and an Address object, about a fifth of the
processor time of a newsletter send. A plain address (a dot-atom before the "@", an ASCII
host name after it) comes out of that function exactly as it went in, so it is used as it
is; anything else (a display name, non-ASCII, quotes, a domain literal, a label over 63
characters) still goes through Django's function, errors included. The tests compare both
on generated addresses (tests/portal/test_mail_smtp.py).

One difference, on purpose: an address whose addr-spec holds an RFC 2047 encoded word
(`=?utf-8?q?someone=40example.org?=@example.net`) is refused with ValueError, as Django
refuses an address it cannot parse. Django decodes such a word into another address, so
whoever typed it in a form could have the portal's email sent to someone else; RFC 2047
(section 5) forbids encoded words in an address.
"""

import re
import smtplib

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.core.mail.message import sanitize_address as django_sanitize_address

# RFC 5322 atext, in dot-atom form (no leading, trailing or doubled dot), and host names of
# LDH labels of 1 to 63 characters (longer ones make Django's IDNA step raise).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PLAIN = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})*", re.ASCII)


def sanitize_address(addr, encoding: str) -> str:
    """What `django.core.mail.message.sanitize_address(addr, encoding)` returns (or raises),
    without its parse for a plain address; ValueError for an encoded word in the address."""
    spec = addr[1] if isinstance(addr, tuple) else str(addr).rpartition("<")[2]
    if "=?" in spec:
        raise ValueError(f'Invalid address "{addr}": an encoded word in an address')
    if isinstance(addr, str) and _PLAIN.fullmatch(addr):
        return addr
    return django_sanitize_address(addr, encoding)


class EmailBackend(DjangoSMTPBackend):
    def _send(self, email_message):
        # Django 5.2's _send, with this module's sanitize_address.
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        from_email = sanitize_address(email_message.from_email, encoding)
        recipients = [sanitize_address(addr, encoding) for addr in email_message.recipients()]
        message = email_message.message()
        try:
            self.connection.sendmail(from_email, recipients, message.as_bytes(linesep="\r\n"))
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True

"""The MIME side of bulk emails: messages whose parts and shared headers are built once per
language and edition, then serialised for each reader (newsletter issues, and the alert
emails that reuse them)."""

import secrets
from email.mime.multipart import MIMEMultipart
from email.policy import Compat32
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import DNS_NAME, SafeMIMEMultipart, formatdate, make_msgid

if TYPE_CHECKING:  # the type only: newsletter.emails builds on this module
    from newsletter.emails import Edition


def short_lines(text: str, limit: int = 900) -> str:
    """Break lines longer than `limit` at a space. With every line under SMTP's 998-octet
    limit, Django sends the body as 8bit instead of quoted-printable, which costs much less
    to encode for each of thousands of recipients. In HTML and in plain text a newline
    between two words reads as a space."""
    out = []
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            if cut <= 0:
                break
            out.append(line[:cut])
            line = line[cut + 1 :]
        out.append(line)
    return "\n".join(out)


class HeaderFolding(Compat32):
    """Python's compat32 policy (the one Django's messages use), which writes a short ASCII
    header as it is without running it through the Header class: folding a dozen headers
    that need no folding cost a third of serialising each message. Anything else goes to
    compat32 itself. A Policy subclass is the email package's documented way to change how
    headers are written; tests check that both give the same bytes."""

    def fold_binary(self, name: str, value) -> bytes:
        if (
            isinstance(value, str)
            and value.isascii()
            and value.isprintable()  # no control character: no line break of any kind
            and len(name) + 2 + len(value) <= (self.max_line_length or 78)
            and value == value.strip()
        ):
            return f"{name}: {value}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


HEADER_FOLDING = HeaderFolding()
SMTP_LINE_LIMIT = 998  # octets, RFC 5322
ONE_CLICK = "List-Unsubscribe=One-Click"  # RFC 8058
CRLF = "\r\n"  # what the SMTP backend asks as_bytes() for


class IssueMIME(SafeMIMEMultipart):
    """A reader's MIME message. Its two body parts are every reader's but for the personal
    link, so their bytes are serialised once per language (`Edition.wire`): `as_bytes()`,
    what the SMTP backend sends, writes the headers as the generator does and puts the
    reader's link into the language's bytes instead of walking every line of both parts
    again. Anything else (another line ending, a part changed or added) is serialised by
    the generator itself; tests check that both give the same bytes."""

    wire: tuple[bytes, ...] = ()  # the edition's serialised body, split at MANAGE_URL
    manage: bytes = b""  # the reader's link, in its place
    parts: tuple = ()  # the parts the wire was serialised from
    folded: dict | None = None  # every reader's headers, written once (Edition.folded)

    def as_bytes(self, unixfrom=False, linesep="\n"):
        payload = self.get_payload()
        if (
            unixfrom
            or linesep != CRLF
            or not self.wire
            or not isinstance(payload, list)
            or len(payload) != len(self.parts)
            or any(part is not ours for part, ours in zip(payload, self.parts, strict=True))
            or self.preamble is not None
            or self.epilogue is not None
        ):
            return super().as_bytes(unixfrom=unixfrom, linesep=linesep)
        # BytesGenerator writes each header with the policy's fold_binary, then a blank line.
        policy = HEADER_FOLDING_CRLF if self.policy is HEADER_FOLDING else self.policy
        policy = policy.clone(linesep=CRLF) if policy.linesep != CRLF else policy
        folded = self.folded or {}
        headers = b"".join(
            folded.get((name, value)) or policy.fold_binary(name, value)
            for name, value in self.raw_items()
        )
        return headers + CRLF.encode() + self.manage.join(self.wire)


HEADER_FOLDING_CRLF = HEADER_FOLDING.clone(linesep=CRLF)


class IssueEmail(EmailMultiAlternatives):
    """An issue's message for one reader, built from what every reader of a language shares
    (`edition`): the subject already RFC 2047-encoded, the MIME boundary, and the two body
    parts' headers. Overriding message() is how Django's documentation says to put other
    content into the MIME object; the parts are the email package's documented classes,
    their 8bit UTF-8 bodies set as bytes (`Message.set_payload`)."""

    edition: "Edition"
    # The reader's link in place of MANAGE_URL, and the bodies the renderer made with it:
    # while the bodies are those, the edition's serialised parts hold for this message.
    manage: str | None = None
    personal: tuple[str, str] | None = None

    def message(self):
        edition = self.edition
        plain = edition.part(edition.plain, self.body)
        html = edition.part(edition.html, self.alternatives[0][0])
        changed = (
            self.subject != edition.rendered.subject
            or self.cc
            or self.reply_to
            or self.attachments
            or len(self.alternatives) != 1
            or {"to", "date", "message-id"} & {name.lower() for name in self.extra_headers}
            or self.extra_headers.get("From", edition.from_email) != edition.from_email
        )
        if changed or plain is None or html is None:
            return super().message()  # not the edition as rendered, or a line too long for 8bit
        mime = IssueMIME(
            _subtype="alternative",
            boundary=self.edition.boundary,
            _subparts=[plain, html],
            encoding=settings.DEFAULT_CHARSET,
            policy=HEADER_FOLDING,
        )
        if edition.wire and self.personal == (self.body, self.alternatives[0][0]):
            mime.wire, mime.manage, mime.parts = edition.wire, self.manage.encode(), (plain, html)
            mime.folded = edition.folded
        # The headers in the order and form Django's own message() writes them. The subject
        # and the From header are the edition's, checked by Django's header rules once
        # (Edition.headers), so they are set with the email package's own __setitem__.
        for name, value in edition.headers:
            MIMEMultipart.__setitem__(mime, name, value)
        mime["To"] = ", ".join(str(address) for address in self.to)
        mime["Date"] = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
        mime["Message-ID"] = make_msgid(domain=DNS_NAME)
        for name, value in self.extra_headers.items():
            if name.lower() != "from":
                mime[name] = value
        return mime


def boundary_for(*parts: str) -> str:
    """A MIME boundary found in none of `parts`. Personal links, put in later, cannot
    contain it: "=_" appears in no URL the portal makes. 96 random bits keep the
    Content-Type header short enough to need no folding."""
    while True:
        boundary = f"=_{secrets.token_hex(12)}_="
        if not any(boundary in part for part in parts):
            return boundary

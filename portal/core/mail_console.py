"""The development email backend (`make run`, DJANGO_DEBUG=1 without EMAIL_URL): each email
printed readably on the console, where the person trying the site is already looking.

Django's console backend prints the raw MIME message: quoted-printable text, the HTML part,
base64 attachments and whole calendar files. This one prints what a person checks: the
subject, sender and recipients, the text body, every link in it listed on its own line (to
click or copy), and each attachment by name, type and size.
"""

import re

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend
from django.core.mail.message import EmailMessage

RULE = "-" * 79
# A link in a text body ends at whitespace or at a closing bracket/quote around it.
LINK = re.compile(r"https?://[^\s<>\"')\]]+")
# Headers shown when a message carries them (the rest stays out of the way).
SHOWN_HEADERS = ("Reply-To", "List-Unsubscribe")


def readable(message: EmailMessage) -> str:
    """`message` as a few lines a person reads at a glance."""
    lines = [
        f"Subject: {message.subject}",
        f"From: {message.from_email}",
        f"To: {', '.join(message.to)}",
    ]
    if message.cc:
        lines.append(f"Cc: {', '.join(message.cc)}")
    if message.bcc:
        lines.append(f"Bcc: {', '.join(message.bcc)}")
    if message.reply_to:
        lines.append(f"Reply-To: {', '.join(message.reply_to)}")
    lines += [
        f"{name}: {message.extra_headers[name]}"
        for name in SHOWN_HEADERS
        if name in message.extra_headers and name != "Reply-To"
    ]
    body = message.body.strip()
    lines += ["", body or "(no text body)"]
    links = list(dict.fromkeys(LINK.findall(message.body)))
    if links:
        lines += ["", "Links:"] + [f"  {link}" for link in links]
    alternatives = [mimetype for _content, mimetype in getattr(message, "alternatives", [])]
    attachments = [describe_attachment(attachment) for attachment in message.attachments]
    if alternatives or attachments:
        lines.append("")
    lines += [f"Alternative part: {mimetype} (not shown)" for mimetype in alternatives]
    lines += [f"Attachment: {line}" for line in attachments]
    return "\n".join(lines)


def describe_attachment(attachment) -> str:
    """'name (type, size)' for a (filename, content, mimetype) triple or a MIME part."""
    if isinstance(attachment, tuple):
        filename, content, mimetype = attachment
    else:  # a MIMEBase added with attach(part)
        filename = attachment.get_filename()
        content = attachment.get_payload(decode=True) or b""
        mimetype = attachment.get_content_type()
    size = len(content.encode() if isinstance(content, str) else content)
    mimetype = (mimetype or "application/octet-stream").split(";")[0]
    return f"{filename or '(unnamed)'} ({mimetype}, {human_size(size)})"


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class EmailBackend(DjangoConsoleBackend):
    """Django's console backend (its locking and stream handling), printing `readable()`
    instead of the raw message. The message is built first, as the SMTP backend does, so a
    header Django refuses (a line break in a name) fails in development as in production."""

    def write_message(self, message: EmailMessage) -> None:
        message.message()
        self.stream.write(f"{RULE}\nEmail\n{readable(message)}\n{RULE}\n")

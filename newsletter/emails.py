"""The newsletter's emails: subscription confirmation and the email edition of an issue."""

from dataclasses import dataclass
from email.utils import make_msgid
from functools import lru_cache

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from newsletter.models import Issue, Subscriber
from newsletter.tokens import CONFIRM_SALT, MANAGE_SALT, make_token
from portal.core.i18n import is_missing_in
from portal.core.models import SiteSettings

# Placeholders replaced per recipient, so an issue is rendered once per language.
MANAGE_URL = "https://placeholder.invalid/manage-subscription"
ONE_CLICK_URL = "https://placeholder.invalid/one-click-unsubscribe"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def manage_url(subscriber: Subscriber, token: str | None = None) -> str:
    token = token or make_token(subscriber, MANAGE_SALT)
    with translation.override(subscriber.language):
        return absolute(reverse("newsletter:subscription-manage", kwargs={"token": token}))


def one_click_url(subscriber: Subscriber, token: str | None = None) -> str:
    token = token or make_token(subscriber, MANAGE_SALT)
    return absolute(reverse("newsletter-unsubscribe-one-click", kwargs={"token": token}))


def confirmation_message(subscriber: Subscriber) -> EmailMultiAlternatives:
    with translation.override(subscriber.language):
        token = make_token(subscriber, CONFIRM_SALT)
        context = {
            "site": SiteSettings.load(),
            "confirm_url": absolute(reverse("newsletter:subscription-confirm", args=[token])),
        }
        subject = _("Please confirm your subscription to our newsletter")
        text = render_to_string("newsletter/email/confirm.txt", context)
        html = css_inline.inline(render_to_string("newsletter/email/confirm.html", context))
    message = EmailMultiAlternatives(subject, text, to=[subscriber.email])
    message.attach_alternative(html, "text/html")
    return message


def manage_link_message(subscriber: Subscriber) -> EmailMultiAlternatives:
    """The "here is a new link to manage your subscription" email."""
    with translation.override(subscriber.language):
        context = {
            "site": SiteSettings.load(),
            "manage_url": manage_url(subscriber),
            "days": settings.NEWSLETTER_LINK_MAX_AGE_DAYS,
        }
        subject = _("Your link to manage your newsletter subscription")
        text = render_to_string("newsletter/email/manage_link.txt", context)
        html = css_inline.inline(render_to_string("newsletter/email/manage_link.html", context))
    message = EmailMultiAlternatives(subject, text, to=[subscriber.email])
    message.attach_alternative(html, "text/html")
    return message


@dataclass(frozen=True)
class RenderedIssue:
    subject: str
    text: str
    html: str


def render_issue(issue: Issue, language: str) -> RenderedIssue:
    """The email edition of `issue` in `language`, with placeholder personal links."""
    with translation.override(language):
        articles = list(issue.articles.all())
        for article in articles:
            article.absolute_url = absolute(article.get_absolute_url())
            article.fallback = is_missing_in(article, language)
        context = {
            "issue": issue,
            "articles": articles,
            "site": SiteSettings.load(),
            "site_url": settings.SITE_URL,
            "issue_url": absolute(issue.get_absolute_url()),
            "manage_url": MANAGE_URL,
            "language": language,
        }
        subject = str(issue)
        text = short_lines(render_to_string("newsletter/email/issue.txt", context))
        html = short_lines(
            css_inline.inline(render_to_string("newsletter/email/issue.html", context))
        )
    return RenderedIssue(subject=subject, text=text, html=html)


def short_lines(text: str, limit: int = 900) -> str:
    """Break lines longer than `limit` at a space. With every line under SMTP's 998-octet
    limit, Django sends the body as 8bit instead of quoted-printable, so the per-recipient
    placeholders stay intact in the bytes. In HTML and in plain text a newline between two
    words reads as a space."""
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


TO_PLACEHOLDER = "recipient@placeholder.invalid"
MSGID_PLACEHOLDER = "<message-id@placeholder.invalid>"


class _Prebuilt:
    """Stands in for the MIME message Django would build: its bytes are already made."""

    def __init__(self, data: bytes):
        self.data = data

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.data if linesep == "\r\n" else self.data.replace(b"\r\n", linesep.encode())


class PrebuiltEmail(EmailMultiAlternatives):
    """An email whose MIME bytes were made from a per-language template. Its attributes
    (subject, body, alternatives, headers) are the real ones, for the locmem backend and
    the admin; only the costly MIME building is skipped."""

    prebuilt: bytes = b""
    envelope_from: str = ""

    def message(self, *args, **kwargs):
        return _Prebuilt(self.prebuilt)


class IssueRenderer:
    """Renders and encodes each language once, then personalises the bytes per recipient:
    building a MIME message with Python's email package costs more than sending it."""

    def __init__(self, issue: Issue):
        self.issue = issue
        self._render = lru_cache(maxsize=None)(lambda language: render_issue(issue, language))
        self._template = lru_cache(maxsize=None)(self._mime_template)
        self.envelope_from = sanitize_address(settings.DEFAULT_FROM_EMAIL, "utf-8")

    def _build(
        self,
        rendered: RenderedIssue,
        to: str,
        manage: str,
        one_click: str,
        cls: type[EmailMultiAlternatives] = EmailMultiAlternatives,
        **kwargs,
    ) -> EmailMultiAlternatives:
        message = cls(
            rendered.subject,
            rendered.text.replace(MANAGE_URL, manage),
            to=[to],
            headers={
                "List-Unsubscribe": f"<{one_click}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                **kwargs.pop("headers", {}),
            },
            **kwargs,
        )
        message.attach_alternative(rendered.html.replace(MANAGE_URL, manage), "text/html")
        return message

    def _mime_template(self, language: str) -> bytes | None:
        """The issue's MIME bytes in `language` with placeholders, or None when encoding
        would hide a placeholder (then each message is built the ordinary way)."""
        message = self._build(
            self._render(language),
            TO_PLACEHOLDER,
            MANAGE_URL,
            ONE_CLICK_URL,
            headers={"Message-ID": MSGID_PLACEHOLDER},
        )
        data = message.message().as_bytes(linesep="\r\n")
        placeholders = (TO_PLACEHOLDER, MANAGE_URL, ONE_CLICK_URL, MSGID_PLACEHOLDER)
        if all(p.encode() in data for p in placeholders):
            return data
        return None

    def message(self, subscriber: Subscriber, connection=None) -> EmailMultiAlternatives:
        """The issue for `subscriber`. With Django's SMTP backend, its MIME bytes are made
        from the per-language template (sent by `services._deliver`); any other backend
        (console, file, local memory, a provider's API) gets an ordinary message, since
        each reads the message its own way."""
        rendered = self._render(subscriber.language)
        token = make_token(subscriber, MANAGE_SALT)  # one signature for both links
        manage = manage_url(subscriber, token)
        one_click = one_click_url(subscriber, token)
        prebuilt = isinstance(connection, SMTPBackend) and subscriber.email.isascii()
        template = self._template(subscriber.language) if prebuilt else None
        if template is None:
            return self._build(rendered, subscriber.email, manage, one_click, connection=connection)
        message = self._build(
            rendered, subscriber.email, manage, one_click, connection=connection, cls=PrebuiltEmail
        )
        message.envelope_from = self.envelope_from
        message.prebuilt = (
            template.replace(TO_PLACEHOLDER.encode(), subscriber.email.encode())
            .replace(MANAGE_URL.encode(), manage.encode())
            .replace(ONE_CLICK_URL.encode(), one_click.encode())
            .replace(MSGID_PLACEHOLDER.encode(), make_msgid(domain=DNS_NAME).encode())
        )
        return message

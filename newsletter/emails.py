"""The newsletter's emails: subscription confirmation and the email edition of an issue."""

import secrets
from dataclasses import dataclass
from email.header import Header
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from newsletter.models import Issue, Subscriber
from newsletter.tokens import CONFIRM_SALT, MANAGE_SALT, make_token
from portal.core.emails import RenderedEmail, email_message, render_email
from portal.core.i18n import is_missing_in
from portal.core.links import absolute_url
from portal.core.models import SiteSettings

# Stands for the subscriber's own link in an issue rendered once per language; replaced in
# the rendered text and HTML strings, before Django builds each message.
MANAGE_URL = "https://placeholder.invalid/manage-subscription"


def manage_url(subscriber: Subscriber, token: str | None = None) -> str:
    token = token or make_token(subscriber, MANAGE_SALT)
    with translation.override(subscriber.language):
        return absolute_url(reverse("newsletter:subscription-manage", kwargs={"token": token}))


def one_click_url(subscriber: Subscriber, token: str | None = None) -> str:
    token = token or make_token(subscriber, MANAGE_SALT)
    return absolute_url(reverse("newsletter-unsubscribe-one-click", kwargs={"token": token}))


def confirmation_message(subscriber: Subscriber) -> EmailMultiAlternatives:
    with translation.override(subscriber.language):
        token = make_token(subscriber, CONFIRM_SALT)
        context = {
            "site": SiteSettings.load(),
            "confirm_url": absolute_url(reverse("newsletter:subscription-confirm", args=[token])),
        }
        return email_message(
            "newsletter/email/confirm",
            context,
            subject=_("Please confirm your subscription to our newsletter"),
            to=[subscriber.email],
            language=subscriber.language,
        )


def manage_link_message(subscriber: Subscriber) -> EmailMultiAlternatives:
    """The "here is a new link to manage your subscription" email."""
    with translation.override(subscriber.language):
        context = {
            "site": SiteSettings.load(),
            "manage_url": manage_url(subscriber),
            "days": settings.NEWSLETTER_LINK_MAX_AGE_DAYS,
        }
        return email_message(
            "newsletter/email/manage_link",
            context,
            subject=_("Your link to manage your newsletter subscription"),
            to=[subscriber.email],
            language=subscriber.language,
        )


def render_issue(issue: Issue, language: str) -> RenderedEmail:
    """The email edition of `issue` in `language`, with MANAGE_URL for the personal link."""
    with translation.override(language):
        articles = list(issue.articles.all())
        for article in articles:
            article.absolute_url = absolute_url(article.get_absolute_url())
            article.fallback = is_missing_in(article, language)
        context = {
            "issue": issue,
            "articles": articles,
            "site": SiteSettings.load(),
            "site_url": settings.SITE_URL,
            "issue_url": absolute_url(issue.get_absolute_url()),
            "manage_url": MANAGE_URL,
            "language": language,
        }
        rendered = render_email("newsletter/email/issue", context, subject=issue, language=language)
    return RenderedEmail(
        subject=rendered.subject, text=short_lines(rendered.text), html=short_lines(rendered.html)
    )


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


class IssueEmail(EmailMultiAlternatives):
    """An issue's message, made with what is the same for every reader of a language
    computed once: the subject's RFC 2047 encoding (Python's encoder costs a third of
    building a message) and the MIME boundary (left unset, the generator draws one per
    message and compiles a regular expression to check that the body does not contain it).
    Overriding message() is how Django's documentation says to extend a message;
    email.header.Header and set_boundary() are the email package's documented API."""

    encoded_subject: tuple[str, str] = ("", "")  # (subject, its RFC 2047 form)
    boundary: str = ""

    def message(self):
        subject = self.subject
        if subject and subject == self.encoded_subject[0]:  # not changed since (a test send)
            self.subject = self.encoded_subject[1]  # ASCII already: Django adds it as it is
        try:
            mime = super().message()
        finally:
            self.subject = subject
        if self.boundary and mime.is_multipart():
            mime.set_boundary(self.boundary)
        return mime


def boundary_for(*parts: str) -> str:
    """A MIME boundary found in none of `parts`. Personal links, put in later, cannot
    contain it: "=_" appears in no URL the portal makes."""
    while True:
        boundary = f"=_{secrets.token_hex(16)}_="
        if not any(boundary in part for part in parts):
            return boundary


@dataclass(frozen=True)
class Edition:
    """An issue rendered in one language, and what every message of it shares."""

    rendered: RenderedEmail
    encoded_subject: tuple[str, str]  # the subject and what Django would make of it
    boundary: str

    @classmethod
    def of(cls, issue: Issue, language: str) -> "Edition":
        rendered = render_issue(issue, language)
        return cls(
            rendered=rendered,
            # Unfolded (Django refuses a newline in a header); folded again when sent.
            encoded_subject=(
                rendered.subject,
                Header(rendered.subject, settings.DEFAULT_CHARSET).encode().replace("\n", ""),
            ),
            boundary=boundary_for(rendered.text, rendered.html),
        )


class IssueRenderer:
    """Renders each language of an issue once (templates and CSS inlining are the costly
    part), then makes each subscriber's message from those strings: their personal links
    put in place of MANAGE_URL, and an ordinary Django message, which any email backend
    sends the documented way."""

    def __init__(self, issue: Issue):
        self.issue = issue
        self.edition = lru_cache(maxsize=None)(lambda language: Edition.of(issue, language))

    def message(self, subscriber: Subscriber, connection=None) -> EmailMultiAlternatives:
        """The issue for `subscriber`, with the List-Unsubscribe headers (RFC 8058)."""
        edition = self.edition(subscriber.language)
        rendered = edition.rendered
        token = make_token(subscriber, MANAGE_SALT)  # one signature for both links
        manage = manage_url(subscriber, token)
        message = IssueEmail(
            rendered.subject,
            rendered.text.replace(MANAGE_URL, manage),
            to=[subscriber.email],
            headers={
                "List-Unsubscribe": f"<{one_click_url(subscriber, token)}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            connection=connection,
        )
        message.attach_alternative(rendered.html.replace(MANAGE_URL, manage), "text/html")
        message.encoded_subject = edition.encoded_subject
        message.boundary = edition.boundary
        return message

"""The newsletter's emails: subscription confirmation and the email edition of an issue."""

import copy
from dataclasses import dataclass
from email.header import Header
from email.utils import parseaddr
from functools import cached_property, lru_cache

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import (
    SafeMIMEMultipart,
    SafeMIMEText,
    forbid_multi_line_headers,
)
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from newsletter.mime import (
    CRLF,
    HEADER_FOLDING,
    HEADER_FOLDING_CRLF,
    ONE_CLICK,
    SMTP_LINE_LIMIT,
    IssueEmail,
    boundary_for,
    short_lines,
)
from newsletter.models import Issue, Subscriber
from newsletter.tokens import CONFIRM_SALT, MANAGE_SALT, make_token
from portal.core.emails import RenderedEmail, email_message, message_from, render_email, sender
from portal.core.i18n import is_missing_in
from portal.core.links import absolute_url
from portal.core.models import SiteSettings

# Stands for the subscriber's own link in an issue rendered once per language; replaced in
# the rendered text and HTML strings, before Django builds each message.
MANAGE_URL = "https://placeholder.invalid/manage-subscription"
# Stands for a subscriber's token in a link reversed once per language (reverse() leaves a
# token's characters as they are: letters, digits, "-", "_" and ":").
SLOT = "SUBSCRIBER0SLOT"


# The header that marks a newsletter email as the portal's: the delivery's id, signed. A
# bounce or complaint report counts only when the original message's headers, returned in
# it, carry a valid one (newsletter.services.bounces).
DELIVERY_HEADER = "X-Portal-Delivery"
DELIVERY_SALT = "newsletter.delivery-header"


def delivery_signer() -> signing.Signer:
    return signing.Signer(salt=DELIVERY_SALT, sep=".")


def delivery_header(delivery_id: int) -> str:
    """ "<id>.<signature>", for DELIVERY_HEADER."""
    return delivery_signer().sign(str(delivery_id))


def delivery_from_header(value: str | None) -> int | None:
    """The delivery id a DELIVERY_HEADER value carries, or None if it is not one the portal
    signed."""
    if not value:
        return None
    try:
        unsigned = delivery_signer().unsign(str(value).strip())
    except signing.BadSignature:
        return None
    return int(unsigned) if unsigned.isdigit() else None


def manage_url(
    subscriber: Subscriber | None, token: str | None = None, language: str | None = None
) -> str:
    token = token or make_token(subscriber, MANAGE_SALT)
    with translation.override(language or subscriber.language):
        return absolute_url(reverse("newsletter:subscription-manage", kwargs={"token": token}))


def one_click_url(subscriber: Subscriber | None, token: str | None = None) -> str:
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


def render_issue(issue: Issue, language: str, *, test: bool = False) -> RenderedEmail:
    """The email edition of `issue` in `language`, with MANAGE_URL for the personal link;
    with `test`, a banner saying it is a test."""
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
            "test": test,
        }
        rendered = render_email("newsletter/email/issue", context, subject=issue, language=language)
    return RenderedEmail(
        subject=rendered.subject, text=short_lines(rendered.text), html=short_lines(rendered.html)
    )


def inert_unsubscribe_url(language: str) -> str:
    """Where a test email's unsubscribe link leads: a page saying it was a test."""
    with translation.override(language):
        return absolute_url(reverse("newsletter:test-unsubscribe"))


def issue_test_rendering(issue: Issue, language: str) -> RenderedEmail:
    """The issue as a test in `language`: subject marked [TEST], a banner, and the personal
    link replaced by one to a page that changes nothing."""
    rendered = render_issue(issue, language, test=True)
    inert = inert_unsubscribe_url(language)
    return RenderedEmail(
        subject=f"[TEST] {rendered.subject}",
        text=rendered.text.replace(MANAGE_URL, inert),
        html=rendered.html.replace(MANAGE_URL, inert),
    )


def issue_test_message(issue: Issue, language: str, email: str, connection=None):
    """A test of the issue to `email`: no subscriber is involved, and there is no
    List-Unsubscribe header, so neither the mail client's button nor any link in it
    unsubscribes anyone."""
    return message_from(
        issue_test_rendering(issue, language),
        to=[email],
        from_email=sender(language),
        connection=connection,
    )


@dataclass(frozen=True)
class Edition:
    """An issue rendered in one language, and what every message of it shares."""

    rendered: RenderedEmail
    encoded_subject: str  # RFC 2047, unfolded (Django refuses a newline in a header)
    boundary: str
    plain: SafeMIMEText  # the body parts as Django builds them (8bit UTF-8): their
    html: SafeMIMEText  # headers are every reader's; each reader's body is set on a copy
    manage_url: str  # with SLOT for the reader's token
    from_email: str  # the site's name in this language (portal.core.emails.sender)
    # The multipart body as the generator writes it (CRLF), split at MANAGE_URL: empty when
    # a part does not go as 8bit (then each message is serialised by the generator).
    wire: tuple[bytes, ...]
    # Subject and From as Django's header rules leave them, and the bytes of every header
    # all readers of the language share, as the generator writes them (CRLF).
    headers: tuple[tuple[str, str], ...]
    folded: dict[tuple[str, str], bytes]

    @cached_property  # read for every message of a send
    def envelope_from(self) -> str:
        """The sender's bare address: what the SMTP backend parses for the envelope (the
        From header, with the site's name, is set from `from_email`)."""
        return parseaddr(self.from_email)[1]

    @classmethod
    def of(cls, issue: Issue, language: str) -> "Edition":
        rendered = render_issue(issue, language)
        charset = settings.DEFAULT_CHARSET
        boundary = boundary_for(rendered.text, rendered.html)
        plain = SafeMIMEText(rendered.text, "plain", charset)
        html = SafeMIMEText(rendered.html, "html", charset)
        encoded_subject = Header(rendered.subject, charset).encode().replace("\n", "")
        from_email = sender(language)
        headers = cls.subject_and_from(encoded_subject, from_email)
        return cls(
            rendered=rendered,
            encoded_subject=encoded_subject,
            boundary=boundary,
            plain=plain,
            html=html,
            manage_url=manage_url(None, SLOT, language),
            from_email=from_email,
            wire=cls.serialised_body(rendered, boundary, plain, html),
            headers=headers,
            folded=cls.folded_headers(boundary, headers),
        )

    @staticmethod
    def subject_and_from(encoded_subject: str, from_email: str) -> tuple[tuple[str, str], ...]:
        """Subject and From as Django's header rules leave them (checked once)."""
        return tuple(
            forbid_multi_line_headers(name, value, settings.DEFAULT_CHARSET)
            for name, value in (("Subject", encoded_subject), ("From", from_email))
        )

    @staticmethod
    def folded_headers(boundary: str, headers) -> dict[tuple[str, str], bytes]:
        mime = SafeMIMEMultipart(
            _subtype="alternative",
            boundary=boundary,
            encoding=settings.DEFAULT_CHARSET,
            policy=HEADER_FOLDING,
        )
        shared = [*mime.raw_items(), *headers, ("List-Unsubscribe-Post", ONE_CLICK)]
        return {
            (name, value): HEADER_FOLDING_CRLF.fold_binary(name, value) for name, value in shared
        }

    @classmethod
    def serialised_body(cls, rendered, boundary, plain, html) -> tuple[bytes, ...]:
        """The two parts in their multipart, as BytesGenerator writes them after the headers,
        split where MANAGE_URL stands (a URL: no line break, no character the 8bit parts
        would encode, so a reader's link goes in its place byte for byte)."""
        parts = [cls.part(plain, rendered.text), cls.part(html, rendered.html)]
        if None in parts:
            return ()
        mime = SafeMIMEMultipart(
            _subtype="alternative",
            boundary=boundary,
            _subparts=parts,
            encoding=settings.DEFAULT_CHARSET,
            policy=HEADER_FOLDING,
        )
        data = mime.as_bytes(linesep=CRLF)
        body = data.split(b"\r\n\r\n", 1)[1]  # the headers end at the first blank line
        return tuple(body.split(MANAGE_URL.encode()))

    @staticmethod
    def part(template: SafeMIMEText, body: str) -> SafeMIMEText | None:
        """A copy of `template` (the plain or HTML part) carrying `body`, or None when a line
        of it is too long to go as 8bit."""
        data = body.encode(settings.DEFAULT_CHARSET)
        if template["Content-Transfer-Encoding"] != "8bit" or any(
            len(line) > SMTP_LINE_LIMIT for line in data.splitlines()
        ):
            return None
        part = copy.copy(template)
        part.set_payload(data)  # bytes: stored as they are, the part's headers unchanged
        return part


class IssueRenderer:
    """Renders each language of an issue once (templates and CSS inlining are the costly
    part), then makes each subscriber's message from those strings: their personal links
    put in place of MANAGE_URL, and an ordinary Django message, which any email backend
    sends the documented way."""

    def __init__(self, issue: Issue):
        self.issue = issue
        self.edition = lru_cache(maxsize=None)(lambda language: Edition.of(issue, language))
        self.one_click_url = one_click_url(None, SLOT)

    def message(
        self, subscriber: Subscriber, connection=None, delivery_id: int | None = None
    ) -> EmailMultiAlternatives:
        """The issue for `subscriber`, with the List-Unsubscribe headers (RFC 8058) and, for
        a delivery, its signed DELIVERY_HEADER."""
        edition = self.edition(subscriber.language)
        rendered = edition.rendered
        token = make_token(subscriber, MANAGE_SALT)  # one signature for both links
        manage = edition.manage_url.replace(SLOT, token)
        message = IssueEmail(
            rendered.subject,
            rendered.text.replace(MANAGE_URL, manage),
            from_email=edition.envelope_from,
            to=[subscriber.email],
            headers={
                "From": edition.from_email,
                "List-Unsubscribe": f"<{self.one_click_url.replace(SLOT, token)}>",
                "List-Unsubscribe-Post": ONE_CLICK,
                **({DELIVERY_HEADER: delivery_header(delivery_id)} if delivery_id else {}),
            },
            connection=connection,
        )
        html = rendered.html.replace(MANAGE_URL, manage)
        message.attach_alternative(html, "text/html")
        message.edition = edition
        message.manage, message.personal = manage, (message.body, html)
        return message

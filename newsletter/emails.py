"""The newsletter's emails: subscription confirmation and the email edition of an issue."""

from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from newsletter.models import Issue, Subscriber
from newsletter.tokens import CONFIRM_SALT, MANAGE_SALT, make_token
from portal.core.emails import RenderedEmail, absolute, email_message, message_from, render_email
from portal.core.i18n import is_missing_in
from portal.core.models import SiteSettings

# Stands for the subscriber's own link in an issue rendered once per language; replaced in
# the rendered text and HTML strings, before Django builds each message.
MANAGE_URL = "https://placeholder.invalid/manage-subscription"


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
        return render_email("newsletter/email/issue", context, subject=issue, language=language)


class IssueRenderer:
    """Renders each language of an issue once (templates and CSS inlining are the costly
    part), then makes each subscriber's message from those strings: their personal links
    put in place of MANAGE_URL, and an ordinary Django message, which any email backend
    sends the documented way."""

    def __init__(self, issue: Issue):
        self.issue = issue
        self.rendered = lru_cache(maxsize=None)(lambda language: render_issue(issue, language))

    def message(self, subscriber: Subscriber, connection=None) -> EmailMultiAlternatives:
        """The issue for `subscriber`, with the List-Unsubscribe headers (RFC 8058)."""
        rendered = self.rendered(subscriber.language)
        token = make_token(subscriber, MANAGE_SALT)  # one signature for both links
        manage = manage_url(subscriber, token)
        return message_from(
            RenderedEmail(
                subject=rendered.subject,
                text=rendered.text.replace(MANAGE_URL, manage),
                html=rendered.html.replace(MANAGE_URL, manage),
            ),
            to=[subscriber.email],
            headers={
                "List-Unsubscribe": f"<{one_click_url(subscriber, token)}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            connection=connection,
        )

"""The newsletter's emails: subscription confirmation and the email edition of an issue."""

from dataclasses import dataclass
from functools import lru_cache

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from newsletter.models import Issue, Subscriber
from newsletter.tokens import CONFIRM_SALT, MANAGE_SALT, make_token
from portal.i18n import is_missing_in
from portal.models import SiteSettings

# Placeholders replaced per recipient, so an issue is rendered once per language.
MANAGE_URL = "https://placeholder.invalid/manage-subscription"
ONE_CLICK_URL = "https://placeholder.invalid/one-click-unsubscribe"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def manage_url(subscriber: Subscriber) -> str:
    with translation.override(subscriber.language):
        token = make_token(subscriber, MANAGE_SALT)
        return absolute(reverse("newsletter:subscription-manage", kwargs={"token": token}))


def one_click_url(subscriber: Subscriber) -> str:
    token = make_token(subscriber, MANAGE_SALT)
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
        text = render_to_string("newsletter/email/issue.txt", context)
        html = css_inline.inline(render_to_string("newsletter/email/issue.html", context))
    return RenderedIssue(subject=subject, text=text, html=html)


class IssueRenderer:
    """Renders each language once and personalises per recipient (fast for big sends)."""

    def __init__(self, issue: Issue):
        self.issue = issue
        self._render = lru_cache(maxsize=None)(lambda language: render_issue(issue, language))

    def message(self, subscriber: Subscriber, connection=None) -> EmailMultiAlternatives:
        rendered = self._render(subscriber.language)
        manage = manage_url(subscriber)
        one_click = one_click_url(subscriber)
        message = EmailMultiAlternatives(
            rendered.subject,
            rendered.text.replace(MANAGE_URL, manage),
            to=[subscriber.email],
            connection=connection,
            headers={
                "List-Unsubscribe": f"<{one_click}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(rendered.html.replace(MANAGE_URL, manage), "text/html")
        return message

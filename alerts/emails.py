"""Alert emails: an immediate alert (one item) or the weekly digest, in the member's
language, with their "stop these alerts" link and RFC 8058 one-click unsubscribe headers
(separate from the newsletter's).

Fast for thousands of members (a digest send is benchmarked against plain SMTP): each item
is rendered once per language (text, and HTML with its CSS inlined), and the frame of each
kind of email once per language; a member's message is those strings joined, with their
own link put in place of a slot."""

import re
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEText
from django.template.defaultfilters import striptags
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alerts.models import AlertDelivery, AlertItem, AlertSubscription
from alerts.tokens import make_token
from events.templatetags.events import session_time_text
from newsletter.emails import Edition
from newsletter.mime import IssueEmail, boundary_for, short_lines
from portal.core import text
from portal.core.emails import RenderedEmail, render_email, sender
from portal.core.i18n import fallback_language, is_missing_in
from portal.core.links import absolute_url
from portal.core.models import SiteSettings
from portal.core.templatetags.portal import long_date

# Stands for a member's token in a link reversed once per language (reverse() leaves a
# token's characters as they are), and for the items in a frame rendered once.
SLOT = "ALERTS0TOKEN0SLOT"
ITEMS_SLOT = "ALERTS0ITEMS0SLOT"
_ITEM_HTML = re.compile(r"<!--alert-item:(\d+)-->(.*?)<!--/alert-item-->", re.DOTALL)
SUMMARY_WORDS = 40
EIGHT_BIT_SAMPLE = "\u2019"


def stop_url(language: str, token: str = SLOT) -> str:
    with translation.override(language):
        return absolute_url(reverse("alerts:stop", kwargs={"token": token}))


def one_click_url(token: str = SLOT) -> str:
    return absolute_url(reverse("alerts-unsubscribe-one-click", kwargs={"token": token}))


def preferences_url(language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse("alerts:preferences"))


_BLOCK_END = re.compile(r"</(p|li|h[1-6]|div|blockquote)>|<br\s*/?>", re.IGNORECASE)


def plain(html: str) -> str:
    """Rich text as one paragraph of plain text: blocks end with a space, so that
    "<p>One.</p><p>Two.</p>" reads "One. Two.", not "One.Two."."""
    return striptags(_BLOCK_END.sub(lambda match: match.group(0) + " ", html))


@dataclass(frozen=True)
class ItemView:
    """What an email shows of an item, in one language."""

    pk: int
    kind: str
    label: str
    title: str
    summary: str
    when: str
    url: str
    fallback: bool  # shown in the fallback language (English)
    english_only: bool


def item_view(item: AlertItem, language: str) -> ItemView:
    """`item` as read in `language` (call it inside translation.override(language))."""
    subject = item.subject
    kind = AlertItem.Kind
    if item.kind == kind.CALL_OPENED:
        label = _("Call for cooperation open")
        summary = plain(subject.description)
        if subject.closes_at:
            when = _("Open until %(date)s") % {"date": long_date(subject.closes_at.date())}
        else:
            when = _("Open, no closing date announced")
    elif item.kind in (kind.EVENT_ANNOUNCED, kind.EVENT_DATE_SET):
        label = _("Date set") if item.kind == kind.EVENT_DATE_SET else _("New event")
        summary = plain(subject.description)
        session = item.session or next(iter(subject.sessions.all()), None)
        when = session_time_text(session) if session else ""
    else:
        label = _("Newsletter article")
        summary = subject.summary or plain(subject.body)
        published = subject.issue.published_on
        if isinstance(published, datetime):
            published = timezone.localdate(published)
        when = long_date(published)
    return ItemView(
        pk=item.pk,
        kind=item.kind,
        label=label,
        title=subject.title,
        summary=text.truncate_words(" ".join(summary.split()), SUMMARY_WORDS),
        when=when,
        url=absolute_url(subject.get_absolute_url()),
        fallback=is_missing_in(subject, language),
        english_only=bool(getattr(subject, "english_only", False)),
    )


@dataclass(frozen=True)
class Frame:
    """An alert email in one language with ITEMS_SLOT for the items and SLOT for the
    member's token."""

    rendered: RenderedEmail
    from_email: str


def edition(frame: Frame, subject: str) -> Edition:
    """What every message of `frame` with `subject` shares, for the newsletter's fast
    message class (newsletter.mime.IssueEmail: the subject encoded once, the MIME parts'
    headers built once, each member's bodies set on copies). The boundary is checked
    against the frame; items and links, put in later, never hold "=_"."""
    charset = settings.DEFAULT_CHARSET
    rendered = RenderedEmail(subject=subject, text=frame.rendered.text, html=frame.rendered.html)
    # The parts' headers come from a non-ASCII sample, so that they say 8bit: a frame in
    # plain ASCII (English) would say 7bit, and a member's items (a title with "ô", "’")
    # would then not fit it and go the slow way.
    encoded_subject = Header(subject, charset).encode().replace("\n", "")
    return Edition(
        rendered=rendered,
        encoded_subject=encoded_subject,
        boundary=boundary_for(rendered.text, rendered.html),
        plain=SafeMIMEText(EIGHT_BIT_SAMPLE, "plain", charset),
        html=SafeMIMEText(EIGHT_BIT_SAMPLE, "html", charset),
        manage_url="",
        from_email=frame.from_email,
        # Each member's bodies differ: serialised by the generator, not from shared bytes.
        wire=(),
        headers=Edition.subject_and_from(encoded_subject, frame.from_email),
        folded={},
    )


class AlertRenderer:
    """Renders each item and each frame once per language, then makes each member's
    message from those strings. One renderer serves a whole send."""

    def __init__(self):
        self.frame = lru_cache(maxsize=None)(self._frame)
        self.edition = lru_cache(maxsize=1024)(edition)
        self._items: dict[tuple[int, str], tuple[str, str, str]] = {}
        self.one_click = one_click_url()

    def _frame(self, language: str, kind: str, count: int) -> Frame:
        with translation.override(language):
            if kind == AlertDelivery.Kind.DIGEST:
                subject = ngettext(
                    "Your alerts of the week: %(count)s new item",
                    "Your alerts of the week: %(count)s new items",
                    count,
                ) % {"count": count}
            else:
                subject = ""  # the item's own (`message`)
            context = {
                "site": SiteSettings.load(),
                "digest": kind == AlertDelivery.Kind.DIGEST,
                "items_slot": ITEMS_SLOT,
                "stop_url": stop_url(language),
                "preferences_url": preferences_url(language),
                "language": language,
            }
            rendered = render_email(
                "alerts/email/alert", context, subject=subject, language=language
            )
        return Frame(rendered=rendered, from_email=sender(language))

    def items(self, items: list[AlertItem], language: str) -> list[tuple[str, str, str]]:
        """Each item's (text, html, subject line) in `language`, rendering those not
        rendered yet."""
        missing = [item for item in items if (item.pk, language) not in self._items]
        if missing:
            with translation.override(language):
                views = [item_view(item, language) for item in missing]
                rendered = render_email(
                    "alerts/email/items",
                    {
                        "items": views,
                        "language": language,
                        "fallback_language": fallback_language(),
                        "site": SiteSettings.load(),
                        "separator": "\f",  # between items in the text
                    },
                    subject="",
                    language=language,
                )
                texts = rendered.text.split("\f")
                htmls = {int(pk): html.strip() for pk, html in _ITEM_HTML.findall(rendered.html)}
                for view, item_text in zip(views, texts, strict=False):
                    line = _("%(label)s: %(title)s") % {"label": view.label, "title": view.title}
                    self._items[(view.pk, language)] = (
                        short_lines(item_text.strip("\n")),
                        short_lines(htmls[view.pk]),
                        line,
                    )
        return [self._items[(item.pk, language)] for item in items]

    def message(
        self, delivery: AlertDelivery, items: list[AlertItem], connection=None
    ) -> EmailMultiAlternatives:
        subscription: AlertSubscription = delivery.subscription
        language = subscription.language
        frame = self.frame(language, delivery.kind, len(items))
        parts = self.items(items, language)
        token = make_token(subscription)
        rendered = frame.rendered
        subject = rendered.subject or parts[0][2]  # an immediate alert: the item's title
        body = rendered.text.replace(ITEMS_SLOT, "\n\n".join(part[0] for part in parts))
        html = rendered.html.replace(ITEMS_SLOT, "".join(part[1] for part in parts))
        message = IssueEmail(
            subject,
            body.replace(SLOT, token),
            from_email=frame.from_email,
            to=[subscription.email],
            headers={
                "List-Unsubscribe": f"<{self.one_click.replace(SLOT, token)}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            connection=connection,
        )
        message.attach_alternative(html.replace(SLOT, token), "text/html")
        message.edition = self.edition(frame, subject)
        return message

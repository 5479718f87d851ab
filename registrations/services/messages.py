"""Messages staff write to the people of a session: who will be emailed (the audience, per
language), sending (one delivery row per person, sent exactly once by portal.core.mailing,
like the newsletter and alerts), and the text each person receives in their language.

Each person gets the message in their registration's language; a subject or text left
empty in that language is sent in the fallback language (the site's modeltranslation
fallback), and the pages say so before staff confirm. People without an email address
(walk-ins added at the door) are skipped and counted.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from modeltranslation.utils import build_localized_fieldname

from events.models import Session
from portal.core import mailing
from portal.core.i18n import fallback_language
from registrations.emails import session_message_email
from registrations.exceptions import MessageIncomplete, NobodyToMessage
from registrations.models import (
    AUDIENCE_STATUSES,
    Registration,
    SessionMessage,
    SessionMessageDelivery,
)
from registrations.models.event_registration import ERASED_DOMAIN
from registrations.signals import session_message_sending_requested

TEXT_FIELDS = ("subject", "body")


@dataclass(frozen=True)
class Audience:
    """Who a message to a session reaches: per language (in settings' order) and per
    status, and how many are skipped for having no email address."""

    statuses: tuple[str, ...]
    by_language: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    without_email: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_language.values())


def audience_statuses(statuses) -> tuple[str, ...]:
    """The statuses asked for that a message may go to, in the usual order."""
    wanted = {str(status) for status in statuses}
    return tuple(status.value for status in AUDIENCE_STATUSES if status.value in wanted)


def _people(session: Session, statuses) -> QuerySet:
    return Registration.objects.filter(session=session, status__in=statuses).exclude(
        email__endswith=ERASED_DOMAIN
    )


def recipients(*, session: Session, statuses) -> QuerySet:
    """The registrations a message to `statuses` is sent to (those with an address)."""
    return _people(session, audience_statuses(statuses)).exclude(email="")


def session_message_audience(*, session: Session, statuses) -> Audience:
    """Who a message to the people of `session` with `statuses` would email now."""
    statuses = audience_statuses(statuses)
    people = _people(session, statuses)
    languages = dict(
        people.exclude(email="").values_list("language").annotate(n=Count("pk")).order_by()
    )
    by_status = dict(
        people.exclude(email="").values_list("status").annotate(n=Count("pk")).order_by()
    )
    by_language = {code: languages.get(code, 0) for code, _name in settings.LANGUAGES}
    for code, count in languages.items():  # a language since removed from settings
        if code not in by_language:
            by_language[fallback_language()] += count
    return Audience(
        statuses=statuses,
        by_language=by_language,
        by_status={status: by_status.get(status, 0) for status in statuses},
        without_email=people.filter(email="").count(),
    )


def missing_texts(texts: dict[str, str]) -> list[str]:
    """Languages (codes) whose subject or text is empty in `texts` ({localized field name:
    text}): their readers get the fallback language's."""
    return [
        code
        for code, _name in settings.LANGUAGES
        if any(not (texts.get(build_localized_fieldname(name, code)) or "").strip()
               for name in TEXT_FIELDS)
    ]  # fmt: skip


def session_message_send(
    *, session: Session, statuses, texts: dict[str, str], token=None, user=None
) -> SessionMessage:
    """Queue a message to the people of `session` whose registration has one of
    `statuses`: one delivery per person with an address, sent after the commit. `texts`
    maps each localized field name (subject_en, body_fr, ...) to its text; the fallback
    language's must be complete (MessageIncomplete). `token` (from the write page) makes a
    second confirmation of the same message return the first instead of sending again.
    NobodyToMessage when nobody with an address has these statuses."""
    statuses = audience_statuses(statuses)
    fallback = fallback_language()
    if fallback in missing_texts(texts):
        raise MessageIncomplete
    if token is not None:
        existing = SessionMessage.objects.filter(token=token).first()
        if existing is not None:
            return existing
    audience = session_message_audience(session=session, statuses=statuses)
    if not audience.total:
        raise NobodyToMessage
    message = SessionMessage(
        session=session,
        statuses=list(statuses),
        created_by=user,
        skipped_without_email=audience.without_email,
        languages={code: n for code, n in audience.by_language.items() if n},
        fallback_languages=[code for code in missing_texts(texts) if code != fallback],
    )
    if token is not None:
        message.token = token
    for name in TEXT_FIELDS:
        for code, _name in settings.LANGUAGES:
            localized = build_localized_fieldname(name, code)
            setattr(message, localized, (texts.get(localized) or "").strip())
    try:
        with transaction.atomic():
            message.save()
            rows = [
                SessionMessageDelivery(message=message, registration_id=pk)
                for pk in recipients(session=session, statuses=statuses).values_list(
                    "pk", flat=True
                )
            ]
            SessionMessageDelivery.objects.bulk_create(rows, batch_size=2000)
            message.recipients = len(rows)
            message.save(update_fields=["recipients"])
            _request_sending(message.pk)
    except IntegrityError:
        # The same page confirmed twice at once: the other request made it.
        existing = SessionMessage.objects.filter(token=message.token).first()
        if existing is None:
            raise
        return existing
    return message


def _request_sending(message_id: int, run_after=None) -> None:
    transaction.on_commit(
        lambda: session_message_sending_requested.send(
            SessionMessage, message_id=message_id, run_after=run_after
        )
    )


def message_texts(message: SessionMessage, language: str) -> tuple[str, str]:
    """(subject, text) for a reader of `language`: as written in it, else the fallback
    language's, field by field."""
    fallback = fallback_language()
    return tuple(
        message.text_in(name, language).strip() or message.text_in(name, fallback)
        for name in TEXT_FIELDS
    )


class SessionMessageMailing(mailing.Mailing):
    """One message's deliveries: each person in their language."""

    model = SessionMessageDelivery
    related = ("registration__session__event", "registration__session__country")

    def __init__(self, message_id: int):
        self.message_id = message_id
        self.message_row = SessionMessage.objects.get(pk=message_id)

    def rows(self) -> QuerySet:
        return SessionMessageDelivery.objects.filter(message_id=self.message_id)

    def message(self, delivery: SessionMessageDelivery, connection):
        registration = delivery.registration
        if (
            registration.status not in self.message_row.statuses
            or not registration.email
            or registration.email.endswith(ERASED_DOMAIN)
        ):
            return None  # cancelled or erased since staff confirmed
        subject, body = message_texts(self.message_row, registration.language)
        return session_message_email(registration, subject, body, connection=connection)

    def requeue(self, run_after=None) -> None:
        _request_sending(self.message_id, run_after=run_after)

    def __str__(self) -> str:
        return f"session message {self.message_id}"


def session_message_deliveries_send(*, message_id: int, batch_size: int | None = None) -> dict:
    """Send the due deliveries of a message, each exactly once (portal.core.mailing)."""
    return mailing.send_due(SessionMessageMailing(message_id), batch_size=batch_size)


def session_message_deliveries_recover() -> int:
    """Periodic: deliveries of a dead worker (see portal.core.mailing.recover_stale)."""

    def requeue(due) -> int:
        ids = list(due.values_list("message_id", flat=True).distinct())
        for message_id in ids:
            _request_sending(message_id)
        return len(ids)

    return mailing.recover_stale(SessionMessageDelivery, requeue, group_by="message_id")

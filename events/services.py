"""Writes and rules of events: saving an event and its sessions, cancelling or deleting a
session, whoever does it (the admin, a shell, a future API).

A change of date or place raises the session's calendar SEQUENCE and is announced
(`session_rescheduled`); a larger capacity is announced (`session_capacity_raised`); a
cancelled session (`session_cancelled`) and an event set to cancelled (`event_cancelled`)
raise the SEQUENCE too and are announced. The registrations app listens (events knows
nothing of registrations): it tells the registrants, cancels their places or offers the new
ones. Changes are found by comparing with the stored row, so no caller can skip them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import router, transaction
from django.db.models import F, ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils import timezone

from events.exceptions import SessionNotDeletable
from events.models import Event, Session
from events.signals import (
    event_cancelled,
    session_cancelled,
    session_capacity_raised,
    session_rescheduled,
)

# Changing one of these changes the calendar entry people imported: SEQUENCE goes up and
# the registrants are told (translated fields are compared in every language).
SCHEDULE_FIELDS = (
    "starts_at", "ends_at", "date_to_be_determined", "time_zone", "venue_name", "address",
    "city", "country", "online_url",
)  # fmt: skip


def _schedule_columns() -> list[str]:
    suffixes = tuple(f"_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES)
    return [
        field.attname
        for field in Session._meta.concrete_fields
        if field.name in SCHEDULE_FIELDS
        or (field.name.endswith(suffixes) and field.name.rsplit("_", 1)[0] in SCHEDULE_FIELDS)
    ]


def _comparable(value):
    # Forms give times to the minute: seconds left by a script are not a new date. Browsers
    # post a text area's line breaks as CRLF: an address saved unchanged is not a new place.
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def _capacity_raised(before: int | None, after: int | None) -> bool:
    if before is None:
        return False  # it was unlimited
    return after is None or after > before


@dataclass(frozen=True)
class SessionChange:
    """What saving a changed session would announce (see `session_save`)."""

    rescheduled: bool = False
    was_to_be_determined: bool = False
    capacity_raised: bool = False

    def __bool__(self) -> bool:
        return self.rescheduled or self.capacity_raised


def _change(previous: Session | None, session: Session) -> SessionChange:
    if previous is None:
        return SessionChange()
    return SessionChange(
        rescheduled=any(
            _comparable(getattr(previous, column)) != _comparable(getattr(session, column))
            for column in _schedule_columns()
        ),
        was_to_be_determined=previous.date_to_be_determined,
        capacity_raised=_capacity_raised(previous.capacity, session.capacity),
    )


def session_change(*, session: Session) -> SessionChange:
    """What saving `session` as it is now (unsaved changes) would announce, compared with
    the stored row; nothing is saved. Lets the admin say who will be emailed first."""
    if session.pk is None:
        return SessionChange()
    return _change(Session.objects.filter(pk=session.pk).first(), session)


def event_cancelling(*, event: Event) -> bool:
    """Whether saving `event` as it is now would cancel it (and tell its registrants)."""
    if event.pk is None or event.status != Event.Status.CANCELLED:
        return False
    before = Event.objects.filter(pk=event.pk).values_list("status", flat=True).first()
    return before is not None and before != Event.Status.CANCELLED


def session_save(*, session: Session) -> Session:
    """Save a session (new or changed). When its date or place changed, its calendar
    SEQUENCE goes up and its registrants are told; when its capacity grew, the new places
    go to the waiting list. SEQUENCE is always taken from the stored row (it is counted
    here only)."""
    with transaction.atomic():
        previous = None
        if session.pk is not None:
            previous = Session.objects.select_for_update().filter(pk=session.pk).first()
        if previous is None:
            session.save()
            return session
        change = _change(previous, session)
        session.sequence = previous.sequence + (1 if change.rescheduled else 0)
        session.save()
        if change.rescheduled:
            session_rescheduled.send(
                Session, session=session, was_to_be_determined=change.was_to_be_determined
            )
        if change.capacity_raised:
            session_capacity_raised.send(Session, session=session)
    return session


def session_cancel(*, session: Session) -> Session:
    """Cancel a session: it takes no more registrations, its calendar entry says cancelled
    (SEQUENCE up), and its registrations are cancelled and each registrant told (by the
    registrations app, on `session_cancelled`). Cancelling twice does nothing more."""
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
        if session.cancelled_at is None:
            session.cancelled_at = timezone.now()
            session.sequence += 1
            session.save(update_fields=["cancelled_at", "sequence"])
            session_cancelled.send(Session, session=session)
    return session


def session_delete_check(*, session: Session) -> None:
    """Raise SessionNotDeletable when rows protect `session` (its registrations: their
    registrants would never hear of it), without deleting anything. A session not yet
    saved, or one nobody registered for, passes."""
    if session.pk is None:
        return
    try:
        Collector(using=router.db_for_write(Session)).collect([session])
    except (ProtectedError, RestrictedError):
        raise SessionNotDeletable(session) from None


def session_delete(*, session: Session) -> None:
    """Delete a session nobody registered for; SessionNotDeletable otherwise (cancel it
    with `session_cancel`: its registrants are told)."""
    with transaction.atomic():
        session_delete_check(session=session)
        session.delete()


def sessions_save(
    *,
    saved: Iterable[Session] = (),
    deleted: Iterable[Session] = (),
    cancelled: Iterable[Session] = (),
) -> None:
    """What an event form does to its sessions, in one transaction: the deleted ones go
    (refused for a session with registrations), the new or changed ones are saved (a new
    date, place or capacity is announced), then the ones ticked for cancellation are
    cancelled (their registrants told)."""
    with transaction.atomic():
        for session in deleted:
            session_delete(session=session)
        for session in saved:
            session_save(session=session)
        for session in cancelled:
            session_cancel(session=session)


def event_save(*, event: Event) -> Event:
    """Save an event. Setting it to cancelled raises every session's calendar SEQUENCE
    (calendars that imported a session show it cancelled) and tells its registrants."""
    with transaction.atomic():
        before = None
        if event.pk is not None:
            before = (
                Event.objects.select_for_update()
                .filter(pk=event.pk)
                .values_list("status", flat=True)
                .first()
            )
        event.save()
        if (
            before is not None
            and before != Event.Status.CANCELLED
            and event.status == Event.Status.CANCELLED
        ):
            event.sessions.update(sequence=F("sequence") + 1)
            event_cancelled.send(Event, event=event)
    return event

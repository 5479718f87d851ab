"""Writes and rules of event registration: taking a place, the waiting list, dates set
later, reminders.

Places are counted on `events.Session.places_taken` (confirmed and offered registrations),
changed only here, under the session's row lock, in one transaction: on PostgreSQL
`SELECT ... FOR UPDATE` on the session row; on SQLite every transaction takes the write lock
at BEGIN (`transaction_mode` IMMEDIATE in the settings), which serialises writers the same
way. Two requests for the last place therefore queue up, and the second sees it taken. A
check constraint on the session is the last line of defence.

Emails are announced with `transaction.on_commit` (registrations.signals; the receivers
queue the tasks): a failed email never undoes a registration.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from events.models import Event, Session
from portal.core.cache import invalidate_objects
from registrations.exceptions import (
    AlreadyRegistered,
    NotAvailable,
    OfferExpired,
    RegistrationClosed,
    SessionFull,
)
from registrations.models import Registration
from registrations.signals import registration_email_due, registration_requested

logger = logging.getLogger(__name__)
Status = Registration.Status


def _email(registration: Registration, kind: str) -> None:
    """Email `kind` (see registrations.emails) is due once the transaction commits (the
    receiver queues it)."""
    registration_id = registration.pk
    transaction.on_commit(
        lambda: registration_email_due.send(
            Registration, registration_id=registration_id, kind=kind
        )
    )


def _lock_session(session_id: int) -> Session:
    return Session.objects.select_for_update().select_related("event").get(pk=session_id)


def _take_place(session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(places_taken=F("places_taken") + 1)
    session.places_taken += 1
    _renew_event_pages(session)


def _free_place(session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(places_taken=F("places_taken") - 1)
    session.places_taken -= 1
    _renew_event_pages(session)


def _renew_event_pages(session: Session) -> None:
    """The places left changed: the event's page is renewed (at commit), every other cached
    page stays, lists included: the places left show on the event's page only, in its
    sessions (tests/portal/test_cache_tags.py checks that no list shows them)."""
    invalidate_objects(session, session.event, lists=False)


def _has_room(session: Session) -> bool:
    return session.capacity is None or session.places_taken < session.capacity


def _someone_ahead(session: Session) -> bool:
    """Whether anyone is waiting or holds an offer: places go to them first."""
    return session.registrations.filter(status__in=(Status.WAITING, Status.OFFERED)).exists()


def _place_or_queue(registration: Registration, session: Session, now: datetime) -> None:
    """Confirm `registration` if a place is free and nobody is ahead (waiting, or holding
    an offer), else put it at the end of the list (`_offer_free_places` then serves the
    list in order)."""
    if _has_room(session) and not _someone_ahead(session):
        _take_place(session)
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
    else:
        registration.status = Status.WAITING
    registration.queued_at = now


def registration_request(*, session: Session, email: str, **details) -> None:
    """What the public form calls: `registration_create` is queued (by the receiver of
    `registration_requested`, at once: nothing is written here). The visitor sees the same
    answer, in the same time, whether the address was registered already or not (the lookup
    and the email, the personal link or a confirmation, happen in the task)."""
    registration_requested.send(Registration, session_id=session.pk, email=email, details=details)


def registration_create(*, session: Session, email: str, **details) -> Registration:
    """Register `email` for `session`: confirmed while places last, then on the waiting
    list; pre-registered while the date is to be determined. Raises RegistrationClosed, or
    AlreadyRegistered (and sends the personal link again, at most once an hour) for a
    second active registration.
    """
    email = email.strip().lower()
    now = timezone.now()
    # Built and validated before the session's row lock (on SQLite, the database's write
    # lock): while one registration holds it, the others queue, so it covers only what
    # needs it (the place, the list, the row's insertion). The status, set under the lock
    # from Registration.Status, is the only field left unchecked.
    registration = Registration(session=session, email=email, consent_at=now, **details)
    registration.full_clean(exclude=["session", "token", "status"], validate_constraints=False)
    try:
        with transaction.atomic():
            session = _lock_session(session.pk)
            if not session.accepts_registrations(now):
                raise RegistrationClosed
            existing = session.registrations.active().filter(email=email).first()
            if existing is None:
                registration.session = session
                if session.date_to_be_determined:
                    registration.status = Status.PRE_REGISTERED
                else:
                    _place_or_queue(registration, session, now)
                registration.save()
                _registered(registration, session, now)
                return registration
    except IntegrityError:
        # Only the unique constraint can get here (the lock serialises the rest): the same
        # person submitted twice at once.
        existing = Registration.objects.active().filter(session=session, email=email).first()
        if existing is None:
            raise
    _resend_link(existing, now)  # outside the block above: kept, not rolled back
    raise AlreadyRegistered(existing)


LINK_RESEND_AFTER = timedelta(hours=1)


def _resend_link(registration: Registration, now: datetime) -> None:
    """Send the personal link again, unless it was sent again less than an hour ago: a
    stranger typing someone's address cannot flood their inbox. The conditional UPDATE
    claims the slot, so two requests at once send one email."""
    claimed = (
        Registration.objects.filter(pk=registration.pk)
        .filter(Q(link_sent_at__isnull=True) | Q(link_sent_at__lte=now - LINK_RESEND_AFTER))
        .update(link_sent_at=now)
    )
    if claimed:
        _email(registration, "link")


def _offer_next(session: Session, now: datetime) -> Registration | None:
    """Offer the free place (taken on their behalf) to the first person waiting."""
    if not _has_room(session) or session.starts_at is None or session.starts_at <= now:
        return None
    first = session.registrations.waiting_in_order().select_for_update().first()
    if first is None:
        return None
    _take_place(session)
    first.status = Status.OFFERED
    first.offered_at = now
    first.offer_expires_at = now + timedelta(hours=settings.EVENT_OFFER_CLAIM_HOURS)
    first.save(update_fields=["status", "offered_at", "offer_expires_at"])
    _email(first, "offer")
    return first


def _offer_free_places(session: Session, now: datetime) -> list[int]:
    """Offer every free place, in the order of the waiting list; returns who got one."""
    offered = []
    while (registration := _offer_next(session, now)) is not None:
        offered.append(registration.pk)
    return offered


def _registered(registration: Registration, session: Session, now: datetime) -> None:
    """After a newcomer joined the list: serve it in order, then tell them where they are
    (someone offered a place gets the offer email instead)."""
    if registration.status == Status.WAITING and registration.pk in _offer_free_places(
        session, now
    ):
        registration.refresh_from_db()
        return
    _email(registration, "registered")


def session_places_offer(*, session: Session) -> int:
    """After staff raised the capacity: the new places go to the people waiting, in order
    (each is offered one to claim). Returns how many places were offered."""
    now = timezone.now()
    with transaction.atomic():
        session = _lock_session(session.pk)
        return len(_offer_free_places(session, now))


def session_cancelled_notify(*, session: Session) -> int:
    """The session is cancelled (events.services.session_cancel): every active registration
    is cancelled, its place freed, and each registrant told in their language. Returns how
    many registrants were told."""
    now = timezone.now()
    with transaction.atomic():
        session = _lock_session(session.pk)
        people = session.registrations.active().select_for_update().order_by("pk")
        told = 0
        for registration in people:
            registration.status = Status.CANCELLED
            registration.cancelled_at = now
            registration.save(update_fields=["status", "cancelled_at"])
            if registration.email:  # a walk-in may have given none
                _email(registration, "session-cancelled")
                told += 1
        Session.objects.filter(pk=session.pk).update(places_taken=0)
        session.places_taken = 0
        _renew_event_pages(session)
    return told


def _locked(registration: Registration) -> tuple[Registration, Session]:
    session = _lock_session(registration.session_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.session = session
    return registration, session


def registration_cancel(*, registration: Registration) -> Registration:
    """Cancel; a place it held goes to the first person waiting."""
    now = timezone.now()
    with transaction.atomic():
        registration, session = _locked(registration)
        if not registration.is_active:
            raise NotAvailable
        held_place = registration.status in Registration.HOLDS_PLACE
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        _email(registration, "cancelled")
        if held_place:
            _free_place(session)
            _offer_next(session, now)
    return registration


def registration_claim(*, registration: Registration) -> Registration:
    """Take the place offered from the waiting list, before the offer expires."""
    now = timezone.now()
    with transaction.atomic():
        registration, session = _locked(registration)
        if registration.status == Status.EXPIRED:
            raise OfferExpired
        if registration.status != Status.OFFERED:
            raise NotAvailable
        if registration.offer_expires_at <= now:
            _expire(registration, session, now)
        else:
            registration.status = Status.CONFIRMED
            registration.confirmed_at = now
            registration.save(update_fields=["status", "confirmed_at"])
            _email(registration, "confirmed")
            return registration
    raise OfferExpired


def _expire(registration: Registration, session: Session, now: datetime) -> None:
    registration.status = Status.EXPIRED
    registration.save(update_fields=["status"])
    _email(registration, "expired")
    _free_place(session)
    _offer_next(session, now)


def offers_expire() -> int:
    """Periodic: end the offers not claimed in time, and offer each place to the next."""
    now = timezone.now()
    expired = 0
    due = Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
    for registration in due.only("pk", "session_id"):
        with transaction.atomic():
            registration, session = _locked(registration)
            if registration.status == Status.OFFERED and registration.offer_expires_at <= now:
                _expire(registration, session, now)
                expired += 1
    return expired


def registration_confirm(*, registration: Registration) -> Registration:
    """A pre-registrant confirms once the date is set: a place if one is left (in the order
    people confirm), else the waiting list."""
    now = timezone.now()
    with transaction.atomic():
        registration, session = _locked(registration)
        if registration.status != Status.PRE_REGISTERED or session.starts_at is None:
            raise NotAvailable
        if session.starts_at <= now or session.event.status != Event.Status.SCHEDULED:
            raise RegistrationClosed
        _place_or_queue(registration, session, now)
        registration.save(update_fields=["status", "confirmed_at", "queued_at"])
        _registered(registration, session, now)
    return registration


def registration_promote(*, registration: Registration) -> Registration:
    """Staff: confirm someone from the waiting list directly, if a place is free."""
    now = timezone.now()
    with transaction.atomic():
        registration, session = _locked(registration)
        if registration.status != Status.WAITING:
            raise NotAvailable
        if not _has_room(session):
            raise SessionFull
        _take_place(session)
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        _email(registration, "confirmed")
    return registration


def registrations_mark_attended(*, registrations) -> int:
    """Staff check-in: mark confirmed registrations as attended (once)."""
    return registrations.filter(status=Status.CONFIRMED, attended_at__isnull=True).update(
        attended_at=timezone.now()
    )


def session_rescheduled_notify(*, session: Session, was_to_be_determined: bool) -> int:
    """The date was set (pre-registrants are asked to confirm) or changed (registrants get
    the updated calendar entry). Returns how many emails were queued."""
    if session.starts_at is None:
        return 0
    if was_to_be_determined:
        people = session.registrations.filter(status=Status.PRE_REGISTERED)
        kind = "dated"
    else:
        people = session.registrations.filter(status__in=Registration.ACTIVE)
        kind = "rescheduled"
    queued = 0
    for registration in people.exclude(email="").only("pk"):  # walk-ins may have no address
        _email(registration, kind)
        queued += 1
    return queued


def event_cancelled_notify(*, event: Event) -> int:
    queued = 0
    people = Registration.objects.filter(session__event=event, status__in=Registration.ACTIVE)
    for registration in people.exclude(email="").only("pk"):
        _email(registration, "event-cancelled")
        queued += 1
    return queued


def reminders_send() -> int:
    """Periodic: remind confirmed registrants `EVENT_REMINDER_HOURS` before their session.
    Each reminder is claimed by a conditional UPDATE before it is queued, so two workers
    (or two runs) never remind the same person twice."""
    now = timezone.now()
    soon = now + timedelta(hours=settings.EVENT_REMINDER_HOURS)
    due = Registration.objects.filter(
        status=Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        session__starts_at__gt=now,
        session__starts_at__lte=soon,
        session__event__status=Event.Status.SCHEDULED,
    ).exclude(email="")
    sent = 0
    for registration in due.only("pk"):
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if claimed:
                _email(registration, "reminder")
                sent += 1
    return sent

"""Check-in at the door: marking people as arrived (and undoing it), admitting someone from
the waiting list on the spot, adding walk-ins, and changing the session's capacity.

Every write takes the session's row lock (as the other registration services do), so a
check-in, a walk-in and an online registration for the last place queue up. Check-in and
undo set a state ("arrived" or not) rather than toggle it, and a walk-in carries the id the
check-in page gave it: the page may send the same action again after a lost connection and
the outcome stays the same.

Nobody is emailed from here: the person is standing at the door.
"""

import uuid
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from events.models import Session
from events.services import session_save
from portal.core.cache import invalidate_objects
from registrations.exceptions import (
    CapacityTooLow,
    EmailsToConfirm,
    NotCheckable,
    OverCapacity,
    WalkInElsewhere,
    WrongSession,
)
from registrations.models import Registration
from registrations.services.announcements import (
    announcements_signature,
    event_change_announcements,
)
from registrations.services.events import _has_room, _lock_session, _locked, _take_place

Status = Registration.Status

# People the check-in page lists: everyone who may turn up with a claim to a place.
LISTED = (Status.CONFIRMED, Status.OFFERED, Status.WAITING, Status.PRE_REGISTERED)


def _raise_capacity_for_one(session: Session) -> None:
    """Staff confirmed adding someone to a full session: one more place, in the same
    transaction as the place taken (the session_not_overbooked constraint stays true)."""
    session.capacity = session.places_taken + 1
    session.save(update_fields=["capacity"])  # a save, not an update: the history shows it


def _admit(registration: Registration, session: Session, now: datetime, over_capacity: bool):
    """Give `registration` a confirmed place now: an open offer is ended by confirming it
    (the place is already held); someone waiting or pre-registered takes a free place, or
    one more when staff confirmed going over capacity."""
    if registration.status == Status.CONFIRMED:
        return
    if registration.status != Status.OFFERED:
        if not _has_room(session):
            if not over_capacity:
                raise OverCapacity(session)
            _raise_capacity_for_one(session)
        _take_place(session)
    registration.status = Status.CONFIRMED
    registration.confirmed_at = now
    registration.offer_expires_at = None


def attendance_set(
    *, registration: Registration, session: Session, arrived: bool, over_capacity: bool = False
) -> Registration:
    """Mark `registration` as arrived (`arrived=True`) or not: the check-in and its undo.

    Arriving admits someone who is not confirmed yet (waiting, pre-registered, or holding an
    offer to claim), raising OverCapacity when the session is full unless `over_capacity`.
    Undoing only clears the arrival: a place given at the door stays given. WrongSession for
    a registration to another session than `session`; NotCheckable for a cancelled or
    expired one. Setting the state it already has changes nothing.
    """
    now = timezone.now()
    with transaction.atomic():
        registration, locked_session = _locked(registration)
        if registration.session_id != session.pk:
            raise WrongSession(registration)
        if arrived:
            if registration.status not in LISTED:
                raise NotCheckable
            _admit(registration, locked_session, now, over_capacity)
            registration.attended_at = registration.attended_at or now
        else:
            registration.attended_at = None
        registration.save(
            update_fields=["status", "confirmed_at", "offer_expires_at", "attended_at"]
        )
    return registration


def walk_in_add(
    *,
    session: Session,
    client_id: uuid.UUID,
    name: str,
    email: str = "",
    language: str,
    over_capacity: bool = False,
) -> tuple[Registration, bool]:
    """Add someone who came without registering, confirmed and arrived; returns
    (registration, created). The same `client_id` again returns the first one (a replay
    from the check-in page); WalkInElsewhere when that id was added to another session
    (two replays racing for two sessions end the same way, not in a database error).
    OverCapacity when the session is full unless `over_capacity`. Someone already
    registered with `email` is checked in instead of added twice."""
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        session = _lock_session(session.pk)
        existing = _walk_in_replayed(client_id, session)
        if existing is not None:
            return existing, False
        if email:
            registered = session.registrations.active().filter(email=email).first()
            if registered is not None:
                registration = attendance_set(
                    registration=registered,
                    session=session,
                    arrived=True,
                    over_capacity=over_capacity,
                )
                return registration, False
        registration = Registration(
            session=session,
            client_id=client_id,
            source=Registration.Source.DOOR,
            status=Status.CONFIRMED,
            name=name.strip(),
            email=email,
            language=language,
            consent_at=now,
            queued_at=now,
            confirmed_at=now,
            attended_at=now,
        )
        # client_id's uniqueness is the database's: a replay that raced us is an
        # IntegrityError below, answered as the replay it is.
        registration.full_clean(
            exclude=["session", "token", "client_id"], validate_constraints=False
        )
        try:
            with transaction.atomic():  # a savepoint: the place is given back with the row
                if not _has_room(session):
                    if not over_capacity:
                        raise OverCapacity(session)
                    _raise_capacity_for_one(session)
                _take_place(session)
                registration.save()
        except IntegrityError:
            # The same id was added meanwhile, through another session's lock.
            existing = _walk_in_replayed(client_id, session)
            if existing is None:
                raise
            return existing, False
    return registration, True


def _walk_in_replayed(client_id: uuid.UUID, session: Session) -> Registration | None:
    """The walk-in already added with `client_id`, if any; WalkInElsewhere when it was
    added to another session than `session`."""
    existing = Registration.objects.select_related("session__event")
    existing = existing.filter(client_id=client_id).first()
    if existing is not None and existing.session_id != session.pk:
        raise WalkInElsewhere(existing)
    return existing


def session_capacity_change(
    *, session: Session, capacity: int | None, emails_confirmed: str | None = None
) -> int:
    """Set the session's capacity (None: unlimited), through events.services.session_save,
    so that new places are offered to the waiting list in order (while the session has
    not started). CapacityTooLow below the places taken. When places would be offered
    (people emailed), EmailsToConfirm unless `emails_confirmed` is the signature of exactly
    those emails (the events admin's rule: registrations.services.announcements); None
    skips the question (a caller that asked already). Returns how many places were
    offered."""
    with transaction.atomic():
        session = _lock_session(session.pk)
        if capacity is not None and capacity < session.places_taken:
            raise CapacityTooLow(session.places_taken)
        session.capacity = capacity
        announcements = event_change_announcements(sessions=[session])
        signature = announcements_signature(announcements)
        if announcements and emails_confirmed is not None and emails_confirmed != signature:
            raise EmailsToConfirm(sum(a.count for a in announcements), signature)
        offered_before = session.registrations.filter(status=Status.OFFERED).count()
        session_save(session=session)
        invalidate_objects(session, session.event)  # the places offered: its event's pages
        return session.registrations.filter(status=Status.OFFERED).count() - offered_before


def checkin_counts(*, session: Session) -> dict[str, int]:
    """The figures at the top of the check-in page: expected (confirmed, and offered a
    place), arrived, waiting (and pre-registered, who may still turn up)."""
    counts = session.registrations.aggregate(
        expected=Count("pk", filter=Q(status__in=Registration.HOLDS_PLACE)),
        arrived=Count("pk", filter=Q(attended_at__isnull=False, status=Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status__in=(Status.WAITING, Status.PRE_REGISTERED))),
    )
    return counts

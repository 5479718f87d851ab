"""Who a change made in the events admin will email, before it is saved: a date set on a
session "to be determined", a new date or place, a larger capacity (places offered to the
waiting list), a cancelled session, a cancelled event. The rules mirror the receivers of
the events signals (registrations.receivers → services.events), which send the emails."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from events import services as events_services
from events.models import Event, Session
from registrations.models import Registration
from registrations.models.event_registration import ERASED_DOMAIN

Status = Registration.Status


@dataclass(frozen=True)
class Announcement:
    """One email a change sends: what it says, and to whom (per status)."""

    key: str  # stable: "rescheduled:12", to sign what staff confirmed
    what: str
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(self.by_status.values())

    def status_lines(self) -> list[tuple[str, int]]:
        labels = dict(Status.choices)
        return [(labels[status], count) for status, count in self.by_status.items() if count]


def _by_status(registrations) -> dict[str, int]:
    rows = (
        registrations.exclude(email="")
        .exclude(email__endswith=ERASED_DOMAIN)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict(rows)
    return {status.value: counts[status.value] for status in Status if counts.get(status.value)}


def _session_announcements(session: Session, now) -> list[Announcement]:
    change = events_services.session_change(session=session)
    people = Registration.objects.filter(session_id=session.pk)
    found = []
    if change.rescheduled and session.starts_at is not None:
        if change.was_to_be_determined:
            found.append(
                Announcement(
                    f"dated:{session.pk}",
                    _("%(session)s: the date is set; pre-registered people are asked to confirm.")
                    % {"session": session},
                    _by_status(people.filter(status=Status.PRE_REGISTERED)),
                )
            )
        else:
            found.append(
                Announcement(
                    f"rescheduled:{session.pk}",
                    _("%(session)s: new date or place, with the new calendar entry.")
                    % {"session": session},
                    _by_status(people.filter(status__in=Registration.ACTIVE)),
                )
            )
    if change.capacity_raised and session.starts_at is not None and session.starts_at > now:
        stored = Session.objects.get(pk=session.pk)
        waiting = people.waiting_in_order().exclude(email="")
        if session.capacity is not None:
            free = max(session.capacity - stored.places_taken, 0)
            waiting = waiting[:free]
        waiting_ids = list(waiting.values_list("pk", flat=True))
        found.append(
            Announcement(
                f"offered:{session.pk}",
                _("%(session)s: more places; the first people waiting are offered one.")
                % {"session": session},
                _by_status(Registration.objects.filter(pk__in=waiting_ids)),
            )
        )
    return found


def event_change_announcements(
    *,
    event: Event | None = None,
    sessions: Iterable[Session] = (),
    cancelled: Iterable[Session] = (),
) -> list[Announcement]:
    """The emails saving `event` (when given) and `sessions` as they are now (unsaved changes) and
    cancelling the `cancelled` sessions would send, with how many people each reaches.
    Only announcements that reach someone are listed."""
    now = timezone.now()
    found = []
    if event is not None and events_services.event_cancelling(event=event):
        found.append(
            Announcement(
                f"event-cancelled:{event.pk}",
                _("The event is cancelled: its registrants are told."),
                _by_status(
                    Registration.objects.filter(
                        session__event=event, status__in=Registration.ACTIVE
                    )
                ),
            )
        )
    for session in sessions:
        if session.pk is not None:
            found.extend(_session_announcements(session, now))
    for session in cancelled:
        if session.pk is not None and session.cancelled_at is None:
            found.append(
                Announcement(
                    f"session-cancelled:{session.pk}",
                    _("%(session)s: cancelled; its registrations are cancelled and people told.")
                    % {"session": session},
                    _by_status(
                        Registration.objects.filter(
                            session_id=session.pk, status__in=Registration.ACTIVE
                        )
                    ),
                )
            )
    return [announcement for announcement in found if announcement.count]


def announcements_signature(announcements: Iterable[Announcement]) -> str:
    """What staff confirmed, as a short string: a confirmation of other counts (people
    registered in between) does not count as confirmed."""
    text = ";".join(
        f"{a.key}={','.join(f'{s}:{n}' for s, n in sorted(a.by_status.items()))}"
        for a in announcements
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]

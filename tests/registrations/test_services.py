from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import Event, Session
from events.services import session_save
from portal.core.periodic import periodic_task_paths
from registrations import services
from registrations.exceptions import (
    AlreadyRegistered,
    NotAvailable,
    OfferExpired,
    RegistrationClosed,
    SessionFull,
)
from registrations.models import Registration
from tests.events.factories import EventFactory, SessionFactory
from tests.registrations.factories import details

pytestmark = pytest.mark.django_db
Status = Registration.Status


def register(session, n, **overrides):
    return services.registration_create(session=session, **details(n, **overrides))


def places_taken(session) -> int:
    return Session.objects.get(pk=session.pk).places_taken


def test_places_are_confirmed_until_full_then_people_wait_in_order():
    session = SessionFactory(capacity=2)
    statuses = [register(session, n).status for n in range(4)]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITING, Status.WAITING]
    waiting = Registration.objects.filter(status=Status.WAITING).order_by("pk")
    assert [r.waiting_position() for r in waiting] == [1, 2]
    assert places_taken(session) == 2


def test_unlimited_session_confirms_everyone():
    session = SessionFactory(capacity=None)
    assert {register(session, n).status for n in range(5)} == {Status.CONFIRMED}


def test_a_second_registration_with_the_same_email_is_refused_and_gets_the_link_again(
    committed,
):
    session = SessionFactory(capacity=5)
    first = register(session, 1)
    with committed(), pytest.raises(AlreadyRegistered) as error:
        register(session, 1, email="  PERSON1@example.org ")
    assert error.value.registration == first
    assert Registration.objects.count() == 1
    assert places_taken(session) == 1
    assert len(mail.outbox) == 1
    assert first.get_absolute_url() in mail.outbox[0].body


def test_after_cancelling_the_same_email_may_register_again():
    session = SessionFactory(capacity=5)
    services.registration_cancel(registration=register(session, 1))
    assert register(session, 1).status == Status.CONFIRMED
    assert places_taken(session) == 1


@pytest.mark.parametrize(
    "event_kwargs, session_kwargs",
    [
        ({"status": Event.Status.CANCELLED}, {}),
        ({"status": Event.Status.POSTPONED}, {}),
        ({"is_published": False}, {}),
        ({"registration_closes_at": timezone.now() - timedelta(hours=1)}, {}),
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, {}),
        ({}, {"past": True}),
    ],
)
def test_registration_is_refused_outside_its_window(event_kwargs, session_kwargs):
    session = SessionFactory(event=EventFactory(**event_kwargs), capacity=5, **session_kwargs)
    with pytest.raises(RegistrationClosed):
        register(session, 1)
    assert not Registration.objects.exists()


def test_cancelling_a_confirmed_place_offers_it_to_the_first_waiting_with_a_claim_link(
    settings, committed
):
    settings.EVENT_OFFER_CLAIM_HOURS = 12
    session = SessionFactory(capacity=1)
    confirmed = register(session, 1)
    first, second = register(session, 2), register(session, 3)

    with committed():
        services.registration_cancel(registration=confirmed)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.OFFERED
    assert first.offer_expires_at == first.offered_at + timedelta(hours=12)
    assert second.status == Status.WAITING and second.waiting_position() == 1
    assert places_taken(session) == 1  # held for the person offered
    offer = next(m for m in mail.outbox if m.to == ["person2@example.org"])
    assert "claim" in offer.body.lower() and first.get_absolute_url() in offer.body


def test_claiming_in_time_confirms():
    session = SessionFactory(capacity=1)
    confirmed, waiting = register(session, 1), register(session, 2)
    services.registration_cancel(registration=confirmed)
    claimed = services.registration_claim(registration=waiting)
    assert claimed.status == Status.CONFIRMED
    assert places_taken(session) == 1


def test_an_offer_not_claimed_in_time_expires_and_goes_to_the_next_person(settings):
    settings.EVENT_OFFER_CLAIM_HOURS = 24
    session = SessionFactory(capacity=1, starts_at=timezone.now() + timedelta(days=10))
    confirmed = register(session, 1)
    first, second = register(session, 2), register(session, 3)
    services.registration_cancel(registration=confirmed)

    with time_machine.travel(timezone.now() + timedelta(hours=23)):
        assert services.offers_expire() == 0
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert services.offers_expire() == 1
        with pytest.raises(OfferExpired):
            services.registration_claim(registration=first)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.EXPIRED
    assert second.status == Status.OFFERED
    assert places_taken(session) == 1


def test_claiming_after_the_deadline_before_the_task_ran_expires_the_offer_then():
    session = SessionFactory(capacity=1)
    confirmed, first, second = register(session, 1), register(session, 2), register(session, 3)
    services.registration_cancel(registration=confirmed)
    with time_machine.travel(timezone.now() + timedelta(days=3)), pytest.raises(OfferExpired):
        services.registration_claim(registration=first)
    second.refresh_from_db()
    assert second.status == Status.OFFERED


def test_cancelling_a_waiting_registration_frees_no_place():
    session = SessionFactory(capacity=1)
    register(session, 1)
    waiting = register(session, 2)
    services.registration_cancel(registration=waiting)
    assert places_taken(session) == 1
    with pytest.raises(NotAvailable):
        services.registration_cancel(registration=waiting)


def test_staff_promotion_needs_a_free_place():
    session = SessionFactory(capacity=1)
    register(session, 1)
    waiting = register(session, 2)
    with pytest.raises(SessionFull):
        services.registration_promote(registration=waiting)
    Session.objects.filter(pk=session.pk).update(capacity=2)
    assert services.registration_promote(registration=waiting).status == Status.CONFIRMED
    assert places_taken(session) == 2


def test_mark_attended_only_marks_confirmed_people_once():
    session = SessionFactory(capacity=1)
    register(session, 1)
    register(session, 2)  # waiting: did not have a place
    assert services.registrations_mark_attended(registrations=Registration.objects.all()) == 1
    assert services.registrations_mark_attended(registrations=Registration.objects.all()) == 0


def test_to_be_determined_sessions_take_pre_registrations_without_using_places():
    session = SessionFactory(tbd=True, capacity=1)
    people = [register(session, n) for n in range(3)]
    assert {p.status for p in people} == {Status.PRE_REGISTERED}
    assert places_taken(session) == 0
    with pytest.raises(NotAvailable):  # nothing to confirm before the date is set
        services.registration_confirm(registration=people[0])


def test_once_dated_places_go_in_the_order_people_confirm():
    session = SessionFactory(tbd=True, capacity=2)
    a, b, c = (register(session, n) for n in range(3))
    start = timezone.now() + timedelta(days=20)
    Session.objects.filter(pk=session.pk).update(
        date_to_be_determined=False, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    assert services.registration_confirm(registration=c).status == Status.CONFIRMED
    assert services.registration_confirm(registration=a).status == Status.CONFIRMED
    assert services.registration_confirm(registration=b).status == Status.WAITING
    with pytest.raises(NotAvailable):
        services.registration_confirm(registration=a)


def test_reminders_go_once_to_confirmed_people_of_sessions_starting_soon(settings, committed):
    settings.EVENT_REMINDER_HOURS = 24
    soon = SessionFactory(capacity=1, starts_at=timezone.now() + timedelta(hours=20))
    later = SessionFactory(capacity=5, starts_at=timezone.now() + timedelta(days=5))
    register(soon, 1)
    register(soon, 2)  # waiting: no reminder
    register(later, 3)
    with committed():
        assert services.reminders_send() == 1
        assert services.reminders_send() == 0
    assert [m.to for m in mail.outbox] == [["person1@example.org"]]
    assert "Reminder" in mail.outbox[0].subject


def test_expiry_and_reminders_run_by_themselves_in_the_worker(settings):
    from django.utils.module_loading import import_string

    for path in ("registrations.tasks.expire_offers", "registrations.tasks.send_reminders"):
        assert path in periodic_task_paths()
        assert import_string(path).call() == 0  # nothing due: runs and does nothing


def statuses(people) -> list[str]:
    return [Registration.objects.get(pk=person.pk).status for person in people]


def test_a_newcomer_waits_behind_people_already_waiting_when_a_place_is_free(committed):
    session = SessionFactory(capacity=1)
    people = [register(session, n) for n in range(3)]  # one confirmed, two waiting
    # A place frees without being offered (a capacity raised behind the services' back).
    Session.objects.filter(pk=session.pk).update(capacity=2)
    mail.outbox.clear()
    with committed():
        newcomer = register(session, 3)
    assert newcomer.status == Status.WAITING
    # The free place went to the first person waiting, not to the newcomer.
    assert statuses(people) == [Status.CONFIRMED, Status.OFFERED, Status.WAITING]
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["person1@example.org"].startswith("A place is free for you")
    assert subjects["person3@example.org"].startswith("You are on the waiting list")


def test_a_newcomer_waits_while_someone_holds_an_offer():
    session = SessionFactory(capacity=1)
    first, second = register(session, 0), register(session, 1)
    services.registration_cancel(registration=first)  # the place is offered to `second`
    assert statuses([second]) == [Status.OFFERED]
    Session.objects.filter(pk=session.pk).update(capacity=2)
    newcomer = register(session, 2)
    # In line behind the offer; the free place is then offered in order: to the newcomer.
    assert newcomer.status == Status.OFFERED
    assert places_taken(session) == 2


def test_raising_the_capacity_offers_the_new_places_in_order(committed):
    session = SessionFactory(capacity=1)
    people = [register(session, n) for n in range(4)]
    mail.outbox.clear()
    session = Session.objects.get(pk=session.pk)
    session.capacity = 3
    with committed():
        session_save(session=session)
    assert statuses(people) == [Status.CONFIRMED, Status.OFFERED, Status.OFFERED, Status.WAITING]
    assert places_taken(session) == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["person1@example.org", "person2@example.org"]
    # A newcomer now queues behind the person still waiting.
    assert register(session, 9).status == Status.WAITING


def test_making_the_session_unlimited_offers_a_place_to_everyone_waiting():
    session = SessionFactory(capacity=1)
    people = [register(session, n) for n in range(3)]
    session = Session.objects.get(pk=session.pk)
    session.capacity = None
    session_save(session=session)
    assert statuses(people) == [Status.CONFIRMED, Status.OFFERED, Status.OFFERED]


def test_saving_without_raising_the_capacity_offers_nothing():
    session = SessionFactory(capacity=2)
    people = [register(session, n) for n in range(3)]
    session = Session.objects.get(pk=session.pk)
    session.capacity = 2
    session.position = 1
    session_save(session=session)
    assert statuses(people) == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITING]


def test_a_registration_that_does_not_validate_never_takes_the_session_lock(
    django_assert_num_queries,
):
    """Validation runs before the lock: a request that will fail keeps no one waiting."""
    session = SessionFactory(capacity=2)
    with django_assert_num_queries(0), pytest.raises(ValidationError):
        register(session, 1, country_of_residence="not a country")
    assert places_taken(session) == 0

"""At the door and online at once: walk-ins, the same walk-in replayed, and online
registrations racing for the last places never overbook nor make a person twice.

Real threads, each on its own database connection (tests/registrations/test_concurrency.py)."""

import uuid

import pytest

from events.models import Session
from registrations import services
from registrations.exceptions import OverCapacity, WalkInElsewhere
from registrations.models import Registration
from registrations.services.checkin import walk_in_add
from tests.events.factories import SessionFactory
from tests.registrations.factories import details
from tests.registrations.test_concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)


def test_walk_ins_and_online_registrations_racing_for_five_places():
    session = SessionFactory(capacity=5)

    def work(n):
        if n % 2:
            return walk_in_add(
                session=session, client_id=uuid.uuid4(), name=f"Door {n}", language="en"
            )
        return services.registration_create(session=session, **details(n))

    results = race(work, 20)
    unexpected = [
        r for r in results if isinstance(r, Exception) and not isinstance(r, OverCapacity)
    ]
    assert unexpected == []
    session = Session.objects.get(pk=session.pk)
    holding = Registration.objects.filter(session=session, status__in=Registration.HOLDS_PLACE)
    assert holding.count() == session.places_taken == 5 and session.capacity == 5


def test_one_walk_in_sent_ten_times_at_once_is_one_person():
    session = SessionFactory(capacity=None)
    client_id = uuid.uuid4()
    results = race(
        lambda n: walk_in_add(session=session, client_id=client_id, name="Once", language="en"),
        10,
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(created for _registration, created in results) == 1
    assert Registration.objects.filter(name="Once").count() == 1
    assert Session.objects.get(pk=session.pk).places_taken == 1


def test_one_walk_in_replayed_at_once_to_two_sessions_is_one_person_and_no_error():
    sessions = [SessionFactory(capacity=None), SessionFactory(capacity=None)]
    client_id = uuid.uuid4()
    results = race(
        lambda n: walk_in_add(
            session=sessions[n % 2], client_id=client_id, name="Once", language="en"
        ),
        10,
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(error, WalkInElsewhere) for error in errors), errors
    person = Registration.objects.get(name="Once")
    assert sum(1 for r in results if not isinstance(r, Exception) and r[1]) == 1
    assert len(errors) == 5  # every request to the other session is refused
    taken = {s.pk: Session.objects.get(pk=s.pk).places_taken for s in sessions}
    assert taken == {s.pk: int(s.pk == person.session_id) for s in sessions}

"""Many people at once for the last places: never more confirmed than the capacity.

Each thread has its own database connection, so the requests really race, on whichever
database the suite runs against (CI runs it on PostgreSQL and on SQLite)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from events.models import Session
from registrations import services
from registrations.exceptions import AlreadyRegistered
from registrations.models import Registration
from tests.events.factories import SessionFactory
from tests.registrations.factories import details

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 50
CAPACITY = 10


def race(work, count: int) -> list:
    """Run `work(n)` for n in range(count) in `count` threads released at the same instant."""
    barrier = threading.Barrier(count)

    def run(n):
        barrier.wait()
        try:
            return work(n)
        except Exception as error:
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_fifty_concurrent_registrations_never_overbook_ten_places():
    session = SessionFactory(capacity=CAPACITY)
    results = race(lambda n: services.registration_create(session=session, **details(n)), THREADS)

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == [], f"{connection.vendor}: {errors[:3]}"
    statuses = [r.status for r in results]
    assert statuses.count(Registration.Status.CONFIRMED) == CAPACITY
    assert statuses.count(Registration.Status.WAITING) == THREADS - CAPACITY
    assert Session.objects.get(pk=session.pk).places_taken == CAPACITY
    # The waiting list has one distinct position per person, 1 to 40.
    waiting = Registration.objects.filter(status=Registration.Status.WAITING)
    assert sorted(r.waiting_position() for r in waiting) == list(range(1, 41))


def test_the_same_person_clicking_twice_at_once_gets_one_registration():
    session = SessionFactory(capacity=CAPACITY)
    results = race(lambda n: services.registration_create(session=session, **details(1)), 10)

    assert sum(isinstance(r, Registration) for r in results) == 1
    assert sum(isinstance(r, AlreadyRegistered) for r in results) == 9
    assert Registration.objects.count() == 1
    assert Session.objects.get(pk=session.pk).places_taken == 1


def test_concurrent_cancellations_and_registrations_keep_the_count_exact():
    session = SessionFactory(capacity=CAPACITY)
    first = [services.registration_create(session=session, **details(n)) for n in range(20)]

    def work(n):
        if n < 10:
            return services.registration_cancel(registration=first[n])  # confirmed ones
        return services.registration_create(session=session, **details(100 + n))

    results = race(work, 30)
    assert [r for r in results if isinstance(r, Exception)] == []
    holding = Registration.objects.filter(session=session, status__in=Registration.HOLDS_PLACE)
    assert holding.count() == Session.objects.get(pk=session.pk).places_taken == CAPACITY

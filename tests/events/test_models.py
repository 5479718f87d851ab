from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import Event, Session
from tests.events.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_session_needs_a_start_or_date_to_be_determined():
    session = SessionFactory.build(event=EventFactory(), starts_at=None, ends_at=None)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "starts_at" in error.value.message_dict


def test_session_cannot_be_both_dated_and_to_be_determined():
    session = SessionFactory.build(event=EventFactory(), date_to_be_determined=True)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "date_to_be_determined" in error.value.message_dict


def test_session_must_end_after_it_starts():
    start = timezone.now()
    session = SessionFactory.build(event=EventFactory(), starts_at=start, ends_at=start)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "ends_at" in error.value.message_dict


def test_database_refuses_a_session_without_date_nor_tbd():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(event=event, starts_at=None)


def test_to_be_determined_session_is_valid_without_dates():
    session = SessionFactory.build(event=EventFactory(), tbd=True, approximate_period="spring 2027")
    session.full_clean()


def test_time_zone_must_be_an_iana_name():
    session = SessionFactory.build(event=EventFactory(), time_zone="Mars/Olympus")
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "time_zone" in error.value.message_dict


def test_unknown_spoken_language_is_refused():
    event = EventFactory.build(languages="fr,xx")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "languages" in error.value.message_dict


def test_local_start_is_in_the_venue_time_zone():
    session = SessionFactory(
        starts_at=datetime(2019, 3, 14, 8, 0, tzinfo=UTC), ends_at=None, time_zone="Africa/Niamey"
    )
    assert session.local_starts_at.hour == 9
    assert session.zone_abbreviation == "WAT"


def test_remaining_places_is_none_when_unlimited():
    assert SessionFactory(capacity=None).remaining_places() is None


def test_remaining_places_subtracts_the_places_taken():
    session = SessionFactory(capacity=30)
    assert session.remaining_places() == 30
    Session.objects.filter(pk=session.pk).update(places_taken=30)
    session.refresh_from_db()
    assert session.remaining_places() == 0


def test_saving_a_loaded_session_keeps_places_taken_by_registrations_meanwhile():
    session = SessionFactory(capacity=30)
    Session.objects.filter(pk=session.pk).update(places_taken=7)  # a registration, meanwhile
    session.city = "Liège"
    session.save()
    session.refresh_from_db()
    assert (session.city, session.places_taken) == ("Liège", 7)


def test_the_database_refuses_more_places_taken_than_the_capacity():
    session = SessionFactory(capacity=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(places_taken=3)


def test_capacity_cannot_go_below_the_places_taken():
    session = SessionFactory(capacity=10)
    Session.objects.filter(pk=session.pk).update(places_taken=8)
    session.refresh_from_db()
    session.capacity = 5
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "capacity" in error.value.message_dict


def test_upcoming_has_future_and_tbd_events_and_past_has_the_others():
    future = SessionFactory(starts_at=timezone.now() + timedelta(days=3)).event
    tbd = SessionFactory(tbd=True).event
    past = SessionFactory(past=True).event
    ongoing = SessionFactory(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=1)
    ).event
    mixed = SessionFactory(past=True).event
    SessionFactory(event=mixed, starts_at=timezone.now() + timedelta(days=1))
    EventFactory()  # no session at all: neither upcoming nor past
    assert list(Event.objects.published().upcoming()) == [ongoing, mixed, future, tbd]
    assert list(Event.objects.published().past()) == [past]


def test_published_hides_unpublished_events():
    SessionFactory(event__is_published=False)
    assert not Event.objects.published().upcoming().exists()


def test_in_country_finds_events_held_there_or_of_a_project_concerning_it():
    from tests.projects.factories import CountryFactory, ProjectFactory

    rwanda, belgium = CountryFactory(code="RW"), CountryFactory(code="BE")
    held = SessionFactory(country=belgium).event
    of_project = SessionFactory(event__project=ProjectFactory(countries=[rwanda])).event
    assert list(Event.objects.in_country(belgium)) == [held]
    assert list(Event.objects.in_country(rwanda)) == [of_project]

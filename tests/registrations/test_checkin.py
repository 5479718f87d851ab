"""Check-in at the door: the signed check-in code and the services (arrive, undo, admit,
walk-ins, capacity). The admin page: test_checkin_views.py."""

import re
import uuid

import pytest
from django.core import signing

from events.models import Session
from registrations import services
from registrations.checkin_codes import BadCode, checkin_code, checkin_code_read
from registrations.exceptions import (
    CapacityTooLow,
    NotCheckable,
    OverCapacity,
    WalkInElsewhere,
    WrongSession,
)
from registrations.models import Registration
from registrations.services.checkin import (
    attendance_set,
    checkin_counts,
    session_capacity_change,
    walk_in_add,
)
from tests.events.factories import SessionFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


# The check-in code


def test_checkin_code_is_short_and_survives_typing():
    registration = RegistrationFactory()
    code = checkin_code(registration)
    assert re.fullmatch(
        rf"R{registration.pk}-[0-9A-HJKMNP-TV-Z]{{4}}-[0-9A-HJKMNP-TV-Z]{{4}}", code
    )
    assert checkin_code_read(code) == registration.pk
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert checkin_code_read(f"  {typed}\n") == registration.pk
    assert checkin_code_read(code.replace("-", "")) == registration.pk
    assert registration.token not in code  # not the personal link's secret
    # The long signed code emailed before the short one still reads.
    legacy = signing.Signer(salt="registrations.checkin", sep=".").sign(f"R{registration.pk}")
    assert checkin_code_read(legacy) == registration.pk


def _other_character(character: str) -> str:
    return "X" if character != "X" else "Y"


@pytest.mark.parametrize(
    "forged",
    [
        lambda code: code.replace("R", "R1", 1),  # another registration, same HMAC
        lambda code: code[:-1] + _other_character(code[-1]),
        lambda code: code[:-1],  # a character missing
        lambda code: code.replace("R", "R0", 1),  # the same number, written otherwise
        lambda code: "R" + code,
        lambda code: code[1:],  # no R
        lambda code: code.split("-", 1)[0] + "-" + "٣" * 8,  # not our alphabet
        lambda code: signing.Signer(salt="another-salt", sep=".").sign(code.split("-")[0]),
        lambda code: signing.Signer(salt="registrations.checkin", sep=".").sign("12"),  # no R
        lambda code: "",
        lambda code: "https://example.org/",
    ],
)
def test_forged_or_damaged_checkin_code_is_refused(forged):
    code = checkin_code(RegistrationFactory())
    with pytest.raises(BadCode):
        checkin_code_read(forged(code))


# Services


def test_check_in_and_undo_set_a_state_and_repeat_harmlessly(full_session):
    session, people = full_session
    first = attendance_set(registration=people[0], session=session, arrived=True)
    arrived_at = first.attended_at
    assert arrived_at is not None
    again = attendance_set(registration=people[0], session=session, arrived=True)
    assert again.attended_at == arrived_at  # the first arrival is kept
    assert checkin_counts(session=session) == {"expected": 2, "arrived": 1, "waiting": 2}
    attendance_set(registration=people[0], session=session, arrived=False)
    attendance_set(registration=people[0], session=session, arrived=False)
    people[0].refresh_from_db()
    assert people[0].attended_at is None and people[0].status == Status.CONFIRMED


def test_waiting_person_at_a_full_session_needs_a_deliberate_over_capacity(full_session):
    session, people = full_session
    waiting = people[2]
    with pytest.raises(OverCapacity, match="raises its capacity to 3"):
        attendance_set(registration=waiting, session=session, arrived=True)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITING and waiting.attended_at is None
    attendance_set(registration=waiting, session=session, arrived=True, over_capacity=True)
    waiting.refresh_from_db()
    session.refresh_from_db()
    assert waiting.status == Status.CONFIRMED and waiting.attended_at is not None
    assert (session.capacity, session.places_taken) == (3, 3)


def test_promoting_someone_holding_an_offer_ends_the_offer(full_session):
    session, people = full_session
    services.registration_cancel(registration=people[0])  # people[2] is offered the place
    offered = Registration.objects.get(pk=people[2].pk)
    assert offered.status == Status.OFFERED
    attendance_set(registration=offered, session=session, arrived=True)
    offered.refresh_from_db()
    session.refresh_from_db()
    assert offered.status == Status.CONFIRMED and offered.offer_expires_at is None
    assert session.places_taken == 2  # the offered place became theirs, nothing more
    assert services.offers_expire() == 0


def test_waiting_person_takes_a_free_place_without_confirmation():
    session = SessionFactory(capacity=1)
    waiting = RegistrationFactory(session=session, status=Status.WAITING)
    attendance_set(registration=waiting, session=session, arrived=True)
    session.refresh_from_db()
    assert session.places_taken == 1 and session.capacity == 1


def test_code_for_another_session_or_a_cancelled_registration_is_refused(full_session):
    session, people = full_session
    elsewhere = RegistrationFactory(session=SessionFactory(city_en="Liège"))
    with pytest.raises(WrongSession, match="another session"):
        attendance_set(registration=elsewhere, session=session, arrived=True)
    services.registration_cancel(registration=people[1])
    with pytest.raises(NotCheckable):
        attendance_set(registration=people[1], session=session, arrived=True)


def test_walk_in_within_capacity_replayed_makes_one_person():
    session = SessionFactory(capacity=5)
    client_id = uuid.uuid4()
    person, created = walk_in_add(
        session=session, client_id=client_id, name=" Amina Diallo ", language="fr"
    )
    again, created_again = walk_in_add(
        session=session, client_id=client_id, name="Amina Diallo", language="fr"
    )
    assert created and not created_again and again.pk == person.pk
    assert Registration.objects.count() == 1
    person.refresh_from_db()
    assert person.name == "Amina Diallo" and person.email == ""
    assert person.source == Registration.Source.DOOR and person.status == Status.CONFIRMED
    assert person.attended_at is not None and person.country_of_origin == ""
    session.refresh_from_db()
    assert session.places_taken == 1


def test_walk_in_id_of_another_session_is_refused_not_taken_for_a_replay():
    first, second = SessionFactory(capacity=5), SessionFactory(capacity=5)
    client_id = uuid.uuid4()
    person, _created = walk_in_add(session=first, client_id=client_id, name="A", language="en")
    with pytest.raises(WalkInElsewhere) as refused:
        walk_in_add(session=second, client_id=client_id, name="A", language="en")
    assert str(first) in refused.value.message
    assert list(Registration.objects.values_list("pk", flat=True)) == [person.pk]
    second.refresh_from_db()
    assert second.places_taken == 0


def test_two_walk_ins_without_email_are_two_people():
    session = SessionFactory(capacity=None)
    for name in ("A", "B"):
        walk_in_add(session=session, client_id=uuid.uuid4(), name=name, language="en")
    assert session.registrations.filter(email="").count() == 2


def test_walk_in_over_capacity_raises_it_by_one_when_confirmed(full_session):
    session, _people = full_session
    with pytest.raises(OverCapacity):
        walk_in_add(session=session, client_id=uuid.uuid4(), name="Late", language="en")
    assert not Registration.objects.filter(name="Late").exists()
    walk_in_add(
        session=session, client_id=uuid.uuid4(), name="Late", language="en", over_capacity=True
    )
    session.refresh_from_db()
    assert (session.capacity, session.places_taken) == (3, 3)


def test_walk_in_with_the_email_of_a_registrant_checks_them_in(full_session):
    session, people = full_session
    person, created = walk_in_add(
        session=session,
        client_id=uuid.uuid4(),
        name="Person Zero",
        email="PERSON0@example.org",
        language="en",
    )
    assert not created and person.pk == people[0].pk and person.attended_at is not None


def test_online_registration_still_needs_an_email():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        RegistrationFactory(email="", source=Registration.Source.ONLINE)


def test_public_form_still_requires_email_and_countries():
    from registrations.forms import RegistrationForm

    form = RegistrationForm(data={"name": "X", "language": "en", "consent": "on"})
    assert not form.is_valid()
    assert {"email", "country_of_residence", "country_of_origin"} <= set(form.errors)


def test_capacity_raised_from_the_page_offers_places_to_the_waiting_list(full_session):
    session, people = full_session
    assert session_capacity_change(session=session, capacity=3) == 1
    assert Registration.objects.get(pk=people[2].pk).status == Status.OFFERED
    assert Registration.objects.get(pk=people[3].pk).status == Status.WAITING
    with pytest.raises(CapacityTooLow):
        session_capacity_change(session=session, capacity=1)
    assert Session.objects.get(pk=session.pk).capacity == 3


def test_going_over_capacity_is_in_the_session_history(full_session):
    session, people = full_session
    attendance_set(registration=people[2], session=session, arrived=True, over_capacity=True)
    assert [record.capacity for record in session.history.order_by("history_date")][-1] == 3


def test_walk_ins_without_an_address_are_left_out_of_registrant_emails(
    mailoutbox, django_capture_on_commit_callbacks
):
    """Rescheduling, cancelling and reminders email the people with an address only; the
    walk-in is still cancelled with the session."""
    from datetime import timedelta

    from django.utils import timezone

    session = SessionFactory(capacity=None, starts_at=timezone.now() + timedelta(hours=3))
    RegistrationFactory(session=session, email="online@example.org")
    walk_in, _created = walk_in_add(
        session=session, client_id=uuid.uuid4(), name="At the door", language="en"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.session_rescheduled_notify(session=session, was_to_be_determined=False) == 1
        assert services.reminders_send() == 1
        assert services.session_cancelled_notify(session=session) == 1
    assert all(message.to == ["online@example.org"] for message in mailoutbox)
    assert len(mailoutbox) == 3
    walk_in.refresh_from_db()
    assert walk_in.status == Status.CANCELLED

"""The check-in page's words in each language: one label per state, messages that need no
elision in French, times on the French clock, the session's date in the header, one name for
the page, and the capacity line sent back after going over capacity."""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from events.models import Session
from registrations.models import Registration
from registrations.services.checkin import attendance_set
from tests.events.factories import SessionFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}
FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}
NNBSP = "\u202f"


def page_url(session) -> str:
    return reverse("admin:registrations_registration_checkin", args=[session.pk])


def set_url(session) -> str:
    return reverse("admin:registrations_registration_checkin_set", args=[session.pk])


def walk_in_url(session) -> str:
    return reverse("admin:registrations_registration_checkin_walk_in", args=[session.pk])


def test_each_state_has_its_own_label_in_french(admin_client, full_session):
    session, _people = full_session
    html = admin_client.get(page_url(session), **FRENCH).text
    assert html.count("Place confirmée") == 2
    assert html.count("En liste d’attente") == 2
    assert "Attendues</span>" not in html  # the plural count label stays on the count only
    assert "Attendues</dt>" in html


def test_checked_in_messages_need_no_elision_and_time_is_on_the_french_clock(admin_client):
    session = SessionFactory(capacity=None, time_zone="Europe/Paris")
    eric = RegistrationFactory(session=session, name="Eric Niyonzima", status="confirmed")
    data = admin_client.post(set_url(session), {"registration": eric.pk}, **JSON, **FRENCH).json()
    assert data["message"] == f"Arrivée enregistrée{NNBSP}: Eric Niyonzima."
    eric.refresh_from_db()
    local = eric.attended_at.astimezone(ZoneInfo("Europe/Paris"))
    assert f"Arrivée enregistrée à {local.hour}\u00a0h\u00a0{local:%M}" in data["row"]
    assert data["arrived_at"] == f"{local.hour}\u00a0h\u00a0{local:%M}"
    undone = admin_client.post(
        set_url(session), {"registration": eric.pk, "arrived": "0"}, **JSON, **FRENCH
    ).json()
    assert undone["message"] == f"Arrivée annulée{NNBSP}: Eric Niyonzima."


def test_english_time_is_django_s_english_time(admin_client):
    session = SessionFactory(capacity=None, time_zone="Europe/London")
    person = RegistrationFactory(session=session, status="confirmed")
    attendance_set(registration=person, session=session, arrived=True)
    Registration.objects.filter(pk=person.pk).update(
        attended_at=datetime(2026, 12, 3, 9, 48, tzinfo=ZoneInfo("Europe/London"))
    )
    html = admin_client.get(page_url(session)).text
    assert "Arrived at 9:48 a.m." in html


def test_header_shows_the_session_date_time_and_city_and_one_page_name(admin_client):
    session = SessionFactory(
        capacity=None,
        time_zone="Europe/Brussels",
        starts_at=datetime(2026, 12, 14, 9, 30, tzinfo=ZoneInfo("Europe/Brussels")),
        ends_at=datetime(2026, 12, 14, 12, 0, tzinfo=ZoneInfo("Europe/Brussels")),
    )
    french = admin_client.get(page_url(session), **FRENCH).text
    assert "14 décembre 2026" in french and "9\u00a0h\u00a030" in french
    assert "Bruxelles" in french
    assert "| Pointage à l’entrée |" in french and "Pointage des arrivées" not in french
    english = admin_client.get(page_url(session)).text
    assert "14 December 2026, 09:30" in english and "Brussels" in english
    assert "| Check-in at the door |" in english
    assert english.count("Check-in at the door") >= 3  # title, heading, breadcrumbs


def test_over_capacity_answers_carry_the_new_capacity_line(admin_client, full_session):
    session, people = full_session
    client_id = str(uuid.uuid4())
    asked = admin_client.post(
        walk_in_url(session), {"name": "Door One", "client_id": client_id}, **JSON
    ).json()
    assert asked["over_capacity"] and asked["capacity_line"] == "2 of 2 places taken."
    confirmed = admin_client.post(
        walk_in_url(session),
        {"name": "Door One", "client_id": client_id, "over_capacity": "1"},
        **JSON,
    ).json()
    assert confirmed["capacity_line"] == "3 of 3 places taken."
    # Admitting someone from the waiting list over capacity: the same.
    admitted = admin_client.post(
        set_url(session), {"registration": people[2].pk, "over_capacity": "1"}, **JSON
    ).json()
    assert admitted["ok"] and admitted["capacity_line"] == "4 of 4 places taken."
    assert Session.objects.get(pk=session.pk).capacity == 4


def test_error_about_a_person_has_french_typography(admin_client, full_session):
    session, _people = full_session
    cancelled = RegistrationFactory(session=session, name="Oumar Ba", status="cancelled")
    data = admin_client.post(
        set_url(session), {"registration": cancelled.pk}, **JSON, **FRENCH
    ).json()
    assert data["message"].startswith(f"Oumar Ba{NNBSP}: ")

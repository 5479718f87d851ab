from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command
from django.utils import timezone

from events.models import Event, Session

pytestmark = pytest.mark.django_db


def snapshot() -> str:
    objects = [*Event.objects.order_by("pk"), *Session.objects.order_by("pk")]
    return serializers.serialize("json", objects)


def test_load_demo_twice_changes_nothing_for_events():
    call_command("load_demo", stdout=StringIO())
    first = snapshot()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == first
    assert "events.demo: 0 object(s) created" in out.getvalue()


def test_demo_has_the_newsletter_events_in_both_languages():
    call_command("load_demo", stdout=StringIO())
    past = list(Event.objects.published().past())
    assert len(past) == 3
    for event in Event.objects.all():
        assert event.title_en and event.title_fr and event.description_fr and event.slug_fr
    mauritania = Event.objects.get(slug_en="mauritanian-diaspora-meetings-2019")
    assert [s.city_fr for s in mauritania.sessions.all()] == ["Bruxelles", "Francfort", "Paris"]
    rwanda = Event.objects.get(slug_en="rwanda-diaspora-info-session-brussels")
    assert rwanda.project.slug_en == "rwanda-diaspora-health-education"
    assert rwanda.sessions.get().date_to_be_determined


def test_demo_example_session_is_labelled_and_three_weeks_away():
    call_command("load_demo", stdout=StringIO())
    example = Event.objects.get(title_en__startswith="Example: ")
    assert example.title_fr.startswith("Exemple : ")
    session = example.sessions.get()
    assert session.capacity == 30
    days = (session.starts_at - timezone.now()).days
    assert 19 <= days <= 21
    assert example.registration_opens_at < timezone.now() < example.registration_closes_at

import json
import re
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command
from django.utils import timezone, translation

from events.models import Event, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def snapshot() -> str:
    objects = [*Event.objects.order_by("pk"), *Session.objects.order_by("pk")]
    return serializers.serialize("json", objects)


def jsonld(html: str):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def page(client, slug_en: str, language: str) -> str:
    event = Event.objects.get(slug_en=slug_en)
    with translation.override(language):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return response.text


def test_load_demo_twice_changes_nothing_for_events(demo):
    first = snapshot()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == first
    assert "events.demo: 0 object(s) created" in out.getvalue()


def test_demo_has_the_newsletter_events_in_both_languages(demo):
    past = list(Event.objects.published().past())
    assert len(past) == 3
    for event in Event.objects.all():
        assert event.title_en and event.title_fr and event.description_fr and event.slug_fr
    mauritania = Event.objects.get(slug_en="mauritanian-diaspora-meetings-2019")
    assert [s.city_fr for s in mauritania.sessions.all()] == ["Bruxelles", "Francfort", "Paris"]
    rwanda = Event.objects.get(slug_en="rwanda-diaspora-info-session-brussels")
    assert rwanda.project.slug_en == "rwanda-diaspora-health-education"
    assert rwanda.sessions.get().date_to_be_determined


def test_demo_invents_no_time_for_the_2019_events(demo):
    sessions = Session.objects.filter(starts_at__year=2019)
    assert sessions.count() == 5
    assert not sessions.filter(date_precision=Session.Precision.TIME).exists()
    assert not sessions.exclude(ends_at=None).exists()
    # "June 2019" and "March 2019" stay months; "5 October" stays a day.
    assert {s.event.slug_en: s.date_precision for s in sessions} == {
        "mauritanian-diaspora-meetings-2019": Session.Precision.MONTH,
        "tahoua-job-fair-2019": Session.Precision.MONTH,
        "rencontre-des-nigeriens-d-europe-2019": Session.Precision.DAY,
    }


def test_demo_invents_no_venue_and_no_languages(demo):
    assert not Event.objects.exclude(languages="").exists()
    real = Session.objects.exclude(event__slug_en__startswith="example-")
    assert not real.exclude(venue_name="").exists()
    assert not real.exclude(address="").exists()
    rencontre = Session.objects.get(event__slug_en="rencontre-des-nigeriens-d-europe-2019")
    assert rencontre.city == "" and rencontre.country is None


def test_month_only_meetings_show_the_month_and_no_hours(client, demo):
    for language, month in [("en", "June 2019"), ("fr", "juin 2019")]:
        html = page(client, "mauritanian-diaspora-meetings-2019", language)
        # The page header and the key facts give the first date, then each of the 3 sessions.
        assert html.count(f'<time datetime="2019-06">{month}</time>') == 5
        assert "14:00" not in html and "14 h" not in html
        assert "Europe/Berlin" not in html


def test_day_only_meeting_shows_the_day_and_an_unknown_place(client, demo):
    html = page(client, "rencontre-des-nigeriens-d-europe-2019", "fr")
    assert '<time datetime="2019-10-05">5 octobre 2019</time>' in html
    assert "Lieu non précisé" in html
    data = jsonld(html)
    assert data["startDate"] == "2019-10-05" and "endDate" not in data
    assert data["location"] == {"@type": "Place", "name": "Lieu non précisé"}


def test_info_session_to_be_determined_has_its_city_and_a_venue_to_be_announced(client, demo):
    for language, city in [("en", "Brussels"), ("fr", "Bruxelles")]:
        html = page(client, "rwanda-diaspora-info-session-brussels", language)
        data = jsonld(html)
        assert "startDate" not in data
        assert data["location"]["@type"] == "Place"
        assert data["location"]["address"]["addressLocality"] == city
        assert data["location"]["address"]["addressCountry"] == "BE"
    assert "Lieu exact à préciser" in html


def test_demo_example_session_is_labelled_and_three_weeks_away(demo):
    example = Event.objects.get(title_en__startswith="Example: ")
    assert example.title_fr.startswith("Exemple\u202f: ")
    assert "not a real event" in example.description_en
    session = example.sessions.get()
    assert session.capacity == 30
    days = (session.starts_at - timezone.now()).days
    assert 19 <= days <= 21
    assert example.registration_opens_at < timezone.now() < example.registration_closes_at

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from events.models import Event
from tests.events.factories import EventFactory, SessionFactory
from tests.projects.factories import CountryFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/en/events/"


TEASER_TITLE = r'<a class="teaser__link" href="[^"]+"(?: lang="[^"]+")?>([^<]+)</a>'


def titles(html: str) -> set[str]:
    return set(re.findall(TEASER_TITLE, html))


def jsonld(html: str):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_french_list_url_is_translated():
    with translation.override("fr"):
        assert reverse("events:event-list") == "/fr/evenements/"


@pytest.fixture
def catalogue():
    rwanda, belgium = CountryFactory(code="RW"), CountryFactory(code="BE")
    project = ProjectFactory(title_en="Rwanda skills", countries=[rwanda])
    SessionFactory(
        event__title_en="Brussels info", event__project=project, country=belgium, tbd=True
    )
    SessionFactory(event__title_en="Kigali fair", event__kind=Event.Kind.JOB_FAIR, country=rwanda)
    SessionFactory(
        event__title_en="Online webinar", event__kind=Event.Kind.WEBINAR, event__project=project
    )
    SessionFactory(event__title_en="Old meeting", country=belgium, past=True)
    SessionFactory(event__title_en="Hidden", event__is_published=False)
    return project


def test_list_shows_upcoming_published_events_by_default(client, catalogue):
    assert titles(client.get(LIST_URL).text) == {"Brussels info", "Kigali fair", "Online webinar"}


def test_list_shows_past_events_on_request(client, catalogue):
    assert titles(client.get(LIST_URL, {"when": "past"}).text) == {"Old meeting"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "job-fair"}, {"Kigali fair"}),
        ({"country": "be"}, {"Brussels info"}),
        ({"project": "PROJECT"}, {"Brussels info", "Online webinar"}),
        ({"project": "PROJECT", "kind": "webinar"}, {"Online webinar"}),
        ({"project": "PROJECT", "country": "rw"}, set()),
        ({"country": "be", "when": "past"}, {"Old meeting"}),
        ({"kind": "nonsense"}, {"Brussels info", "Kigali fair", "Online webinar"}),
    ],
)
def test_filters_combine(client, catalogue, query, expected):
    query = {k: str(catalogue.pk) if v == "PROJECT" else v for k, v in query.items()}
    assert titles(client.get(LIST_URL, query).text) == expected


def test_past_list_filter_form_keeps_to_past_events(client, catalogue):
    html = client.get(LIST_URL, {"when": "past", "country": "be"}).text
    assert f'<form method="get" action="{LIST_URL}"' in html
    assert '<input type="hidden" name="when" value="past">' in html
    assert f'href="{LIST_URL}?when=past">Clear filters</a>' in html


def test_upcoming_list_filter_form_has_no_hidden_field(client, catalogue):
    html = client.get(LIST_URL, {"country": "be"}).text
    assert 'name="when"' not in html.split('class="list-filters')[1].split("</form>")[0]
    assert f'href="{LIST_URL}">Clear filters</a>' in html


def test_list_is_paginated(client):
    for _ in range(12):
        SessionFactory()
    first, second = client.get(LIST_URL), client.get(LIST_URL, {"page": 2})
    assert len(titles(first.text)) == 10 and len(titles(second.text)) == 2
    assert 'rel="next"' in first.text


def test_detail_shows_time_in_venue_zone_with_zone_named(client):
    session = SessionFactory(
        time_zone="Africa/Niamey",
        starts_at=datetime(2030, 3, 14, 8, 0, tzinfo=UTC),
        ends_at=datetime(2030, 3, 14, 16, 0, tzinfo=UTC),
    )
    html = client.get(session.event.get_absolute_url()).text
    assert "14 March 2030, 09:00 to 17:00" in html
    assert "(Niamey time)" in html and "Africa/Niamey" not in html


def test_detail_shows_date_to_be_determined_with_approximate_period(client):
    session = SessionFactory(tbd=True, approximate_period_en="spring 2027")
    html = client.get(session.event.get_absolute_url()).text
    assert "Date to be determined" in html and "spring 2027" in html
    assert "calendar.ics" not in html  # nothing to put in a calendar yet


def test_detail_shows_address_remaining_places_and_project(client):
    project = ProjectFactory(title_en="Rwanda skills")
    session = SessionFactory(capacity=30, event__project=project, country=CountryFactory(code="BE"))
    html = client.get(session.event.get_absolute_url()).text
    assert "<address" in html and "Rue de l’Exemple 1<br>1000 Brussels<br>" in html
    assert "30 places left of 30" in html
    assert f'href="{project.get_absolute_url()}"' in html


def test_french_detail_is_in_french_with_french_slug(client):
    session = SessionFactory(capacity=1, tbd=True)
    with translation.override("fr"):
        url = session.event.get_absolute_url()
    assert url.startswith("/fr/evenements/evenement-")
    response = client.get(url)
    assert response.status_code == 200
    assert "Bruxelles" in response.text


def test_unpublished_event_is_not_found(client):
    session = SessionFactory(event__is_published=False)
    assert client.get(session.event.get_absolute_url()).status_code == 404


def test_jsonld_follows_the_event_contract(client):
    session = SessionFactory(capacity=30, country=CountryFactory(code="BE"))
    data = jsonld(client.get(session.event.get_absolute_url()).text)
    assert data["@type"] == "Event"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["startDate"] == session.local_starts_at.isoformat()
    assert data["startDate"].endswith(("+01:00", "+02:00"))
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["addressLocality"] == "Brussels"
    assert data["location"]["address"]["addressCountry"] == "BE"
    assert data["maximumAttendeeCapacity"] == 30
    assert data["remainingAttendeeCapacity"] == 30


def test_jsonld_of_postponed_tbd_online_event(client):
    session = SessionFactory(
        tbd=True,
        event__status=Event.Status.POSTPONED,
        venue_name="",
        address="",
        city_en="",
        city_fr="",
        online_url="https://meet.example.org/x",
    )
    data = jsonld(client.get(session.event.get_absolute_url()).text)
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    assert "startDate" not in data and "maximumAttendeeCapacity" not in data
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/x"}


def test_jsonld_has_one_event_per_session(client):
    first = SessionFactory(event__status=Event.Status.CANCELLED)
    SessionFactory(event=first.event, tbd=True)
    data = jsonld(client.get(first.event.get_absolute_url()).text)
    assert [d["eventStatus"] for d in data] == ["https://schema.org/EventCancelled"] * 2


def test_ics_has_one_vevent_per_dated_session_with_stable_uid(client, settings):
    settings.SITE_URL = "https://portal.example.org"
    session = SessionFactory(
        time_zone="Europe/Paris",
        starts_at=datetime(2030, 6, 22, 12, 0, tzinfo=UTC),
        sequence=2,
        country=CountryFactory(code="FR", name_en="France"),
    )
    SessionFactory(event=session.event, tbd=True)  # left out
    response = client.get(session.event.get_calendar_url())
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == 1
    vevent = vevents[0]
    assert str(vevent["UID"]) == f"session-{session.pk}@portal.example.org"
    assert vevent["SEQUENCE"] == 2
    start = vevent.decoded("DTSTART")
    assert start == session.starts_at and str(start.tzinfo) == "Europe/Paris"
    assert start.hour == 14
    assert vevent.decoded("DTEND") == session.ends_at
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert "Rue de l’Exemple 1" in str(vevent["LOCATION"])
    assert str(vevent["URL"]) == f"https://portal.example.org{session.event.get_absolute_url()}"
    assert calendar.walk("VTIMEZONE")


@pytest.mark.parametrize(
    ("status", "expected"),
    [(Event.Status.CANCELLED, "CANCELLED"), (Event.Status.POSTPONED, "TENTATIVE")],
)
def test_ics_status_follows_event_status(client, status, expected):
    session = SessionFactory(event__status=status)
    vevent = Calendar.from_ical(client.get(session.event.get_calendar_url()).content).walk(
        "VEVENT"
    )[0]
    assert str(vevent["STATUS"]) == expected


def test_ics_uid_is_the_same_in_both_languages(client):
    session = SessionFactory()
    with translation.override("fr"):
        fr_url = session.event.get_calendar_url()
    en = Calendar.from_ical(client.get(session.event.get_calendar_url()).content)
    fr = Calendar.from_ical(client.get(fr_url).content)
    assert en.walk("VEVENT")[0]["UID"] == fr.walk("VEVENT")[0]["UID"]


def test_home_shows_the_next_three_upcoming_events(client):
    for days, title in [(5, "Third"), (1, "First"), (3, "Second"), (9, "Fourth")]:
        SessionFactory(event__title_en=title, starts_at=timezone.now() + timedelta(days=days))
    html = client.get("/en/").text
    found = re.findall(r'<a class="teaser__link" href="/en/events/[^"]+">([^<]+)</a>', html)
    assert found == ["First", "Second", "Third"]


def test_project_and_country_pages_list_related_upcoming_events(client):
    rwanda = CountryFactory(code="RW")
    project = ProjectFactory(countries=[rwanda])
    SessionFactory(event__title_en="Project info", event__project=project)
    SessionFactory(event__title_en="Past one", event__project=project, past=True)
    html = client.get(project.get_absolute_url()).text
    assert "Project info" in html and "Past one" not in html
    # The country page has both, each under its heading.
    html = client.get(rwanda.get_absolute_url()).text
    upcoming, past = html.split('id="country-past-events"')
    assert "Project info" in upcoming and "Past one" not in upcoming
    assert "Past one" in past and "Project info" not in past


def test_sitemap_lists_events_in_both_languages(client):
    session = SessionFactory()
    xml = client.get("/sitemap.xml").text
    assert f"/en/events/{session.event.slug_en}/" in xml
    assert f"/fr/evenements/{session.event.slug_fr}/" in xml


def test_search_finds_events(client):
    SessionFactory(event__title_en="Kinyarwanda evening")
    html = client.get("/en/search/", {"q": "kinyarwanda"}).text
    assert "Kinyarwanda evening" in html or "<mark>Kinyarwanda</mark> evening" in html


def make_events(count: int) -> Event:
    countries = CountryFactory.create_batch(2)
    project = ProjectFactory(countries=countries[:1])
    event = None
    for _ in range(count):
        event = EventFactory(project=project)
        SessionFactory(event=event, country=countries[0], capacity=20)
        SessionFactory(event=event, country=countries[1])
        SessionFactory(event=event, tbd=True)
        SessionFactory(event=EventFactory(project=project), country=countries[0], past=True)
    return event


# Budgets once the site settings and navigation pages are cached, as they are in production.
# The dialogue app adds 3 to detail pages (their Q&A section) and 1 to each list with cards
# (the Q&A counts: portal/core/contract.py `card_tags`).
QUERY_BUDGETS = {
    "list": 6, "past": 6, "detail": 5, "ics": 2, "home": 7, "project": 13,
    "country": 11,  # projects, calls, upcoming and past events with their sessions, news
}  # fmt: skip


@pytest.mark.parametrize("count", [10, 100])
def test_pages_make_the_same_number_of_queries_for_10_or_100_events(
    client, django_assert_max_num_queries, count
):
    event = make_events(count)
    country = event.sessions.first().country
    urls = {
        "list": f"{LIST_URL}?country={country.code.lower()}&project={event.project.pk}&page=2",
        "past": f"{LIST_URL}?when=past&page=2",
        "detail": event.get_absolute_url(),
        "ics": event.get_calendar_url(),
        "home": "/en/",
        "project": event.project.get_absolute_url(),
        "country": country.get_absolute_url(),
    }
    client.get("/en/")  # warm the site settings cache
    for name, url in urls.items():
        with django_assert_max_num_queries(QUERY_BUDGETS[name], info=name):
            assert client.get(url).status_code == 200


def test_address_block_does_not_repeat_a_city_it_already_names(client):
    session = SessionFactory(address="Rue de l’Exemple 1\n1000 Brussels", country=None)
    with translation.override("fr"):
        html = client.get(session.event.get_absolute_url()).text
    assert "1000 Brussels<br>" in html and "Bruxelles<br>" not in html


def test_ics_is_found_by_the_event_slug_in_any_language(client):
    session = SessionFactory(starts_at=timezone.now() + timedelta(days=3))
    event = session.event
    for slug in (event.slug_en, event.slug_fr):
        response = client.get(reverse("events:event-calendar", kwargs={"slug": slug}))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
    missing = reverse("events:event-calendar", kwargs={"slug": "nothing"})
    assert client.get(missing).status_code == 404


def test_event_cards_carry_a_date_badge_or_say_the_date_is_to_be_announced(client):
    dated = SessionFactory(
        event=EventFactory(title_en="Dated"),
        starts_at=datetime(2030, 3, 1, 9, 0, tzinfo=UTC),
        ends_at=datetime(2030, 3, 1, 11, 0, tzinfo=UTC),
    )
    SessionFactory(event=EventFactory(title_en="Undated"), tbd=True)
    html = client.get("/fr/evenements/").text
    assert (
        '<time class="date-badge" datetime="2030-03-01"><span class="date-badge__day">1</span>'
        ' <span class="date-badge__month">mars</span>'
    ) in html
    assert '<span class="date-badge date-badge--tbd">Date à déterminer</span>' in html
    assert dated.event.title_fr in html


def test_a_fallback_event_title_is_marked_on_the_title_alone(client):
    SessionFactory(event=EventFactory(title_en="English event", title_fr="", slug_fr=None))
    html = client.get("/fr/evenements/").text
    assert re.search(r'<a class="teaser__link" href="[^"]+" lang="en">English event</a>', html)
    assert '<li class="teaser event-card">' in html


def test_session_known_only_to_the_month_or_day_shows_no_hours(client):
    month = SessionFactory(
        past=True,
        starts_at=datetime(2019, 6, 1, tzinfo=UTC),
        ends_at=None,
        time_zone="UTC",
        date_precision="month",
    )
    html = client.get(month.event.get_absolute_url()).text
    assert '<time datetime="2019-06">June 2019</time>' in html
    assert "00:00" not in html and "(.ics)" not in html
    assert jsonld(html)["startDate"] == "2019-06"
    with translation.override("fr"):
        html = client.get(month.event.get_absolute_url()).text
    assert '<time datetime="2019-06">juin 2019</time>' in html


def test_calendar_entry_of_a_session_known_to_the_day_is_all_day(client):
    session = SessionFactory(
        starts_at=datetime(2030, 10, 5, tzinfo=UTC),
        ends_at=None,
        time_zone="UTC",
        date_precision="day",
    )
    body = client.get(session.event.get_calendar_url()).content
    vevent = Calendar.from_ical(body).walk("VEVENT")[0]
    assert vevent.decoded("dtstart") == datetime(2030, 10, 5).date()
    assert vevent.decoded("dtend") == datetime(2030, 10, 6).date()


def test_session_without_any_place_still_has_a_jsonld_location(client):
    session = SessionFactory(venue_name="", address="", city_en="", city_fr="")
    data = jsonld(client.get(session.event.get_absolute_url()).text)
    assert data["location"] == {"@type": "Place", "name": "Place to be announced"}

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from events.models import Event
from tests.events.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_event_list_shows_kind_status_first_session_and_translation(admin_client):
    SessionFactory(event__title_en="Half done", event__title_fr="", event__slug_fr=None)
    html = admin_client.get(reverse("admin:events_event_changelist")).text
    assert "Half done" in html and "Info session" in html and "Scheduled" in html
    assert (
        '<span class="translation-missing" title="missing">FR ✗'
        '<span class="visually-hidden"> missing</span></span>'
    ) in html


def test_event_list_filters_by_kind_and_missing_translation(admin_client):
    EventFactory(title_en="Fair", kind=Event.Kind.JOB_FAIR)
    EventFactory(title_en="Webinar untranslated", kind=Event.Kind.WEBINAR, description_fr="")
    url = reverse("admin:events_event_changelist")
    html = admin_client.get(url, {"kind__exact": "job-fair"}).text
    assert "Fair" in html and "Webinar untranslated" not in html
    html = admin_client.get(url, {"translation": "missing-fr"}).text
    assert "Webinar untranslated" in html and ">Fair<" not in html


def test_event_is_created_with_a_tbd_session_and_languages_as_check_boxes(admin_client):
    url = reverse("admin:events_event_add")
    assert 'type="checkbox" name="languages" value="rw"' in admin_client.get(url).text
    data = {
        "title_en": "Info session", "title_fr": "Séance", "slug_en": "info", "slug_fr": "seance",
        "description_en": "<p>Hello</p>", "description_fr": "<p>Bonjour</p>",
        "kind": "info-session", "languages": ["fr", "rw"], "status": "scheduled",
        "is_published": "on",
        "sessions-TOTAL_FORMS": "1", "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0", "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-position": "0", "sessions-0-city_en": "Brussels",
        "sessions-0-city_fr": "Bruxelles", "sessions-0-time_zone": "Europe/Brussels",
        "sessions-0-date_to_be_determined": "on",
        "sessions-0-approximate_period_en": "spring 2027",
        "sessions-0-sequence": "0",
    }  # fmt: skip
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    event = Event.objects.get(slug_en="info")
    assert event.languages == "fr,rw"
    assert event.spoken_languages == ["French", "Kinyarwanda"]
    assert event.sessions.get().date_to_be_determined


def test_admin_refuses_a_session_without_date_nor_tbd(admin_client):
    event = EventFactory()
    data = {
        "title_en": event.title_en, "slug_en": event.slug_en, "description_en": "<p>x</p>",
        "kind": "meeting", "status": "scheduled",
        "sessions-TOTAL_FORMS": "1", "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0", "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-position": "0", "sessions-0-city_en": "Paris",
        "sessions-0-time_zone": "Europe/Paris", "sessions-0-sequence": "0",
    }  # fmt: skip
    response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 200
    assert "tick “date to be determined”" in response.text


def session_data(event, **fields) -> dict:
    """The event change form as posted, with one session (new, or `fields["sessions-0-id"]`)."""
    data = {
        "title_en": event.title_en, "title_fr": event.title_fr, "slug_en": event.slug_en,
        "slug_fr": event.slug_fr, "description_en": event.description_en,
        "description_fr": event.description_fr, "kind": event.kind, "status": event.status,
        "is_published": "on",
        "sessions-TOTAL_FORMS": "1", "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0", "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-position": "0", "sessions-0-city_en": "Niamey",
        "sessions-0-event": str(event.pk), "sessions-0-date_precision": "time",
    }  # fmt: skip
    data.update(fields)
    return data


def test_new_event_is_a_draft_until_staff_publish_it(admin_client):
    assert Event().is_published is False
    html = admin_client.get(reverse("admin:events_event_add")).text
    assert 'name="is_published" id="id_is_published" checked' not in html
    assert 'name="is_published"' in html


def test_session_times_are_typed_on_the_sessions_own_clock(admin_client, settings):
    """A Brussels office enters a session held in Niamey at 18:00 Niamey time (17:00 UTC,
    19:00 in Brussels in summer): the stored instant is 18:00 in Niamey."""
    settings.TIME_ZONE = "Europe/Brussels"
    event = EventFactory()
    data = session_data(
        event,
        **{
            "sessions-0-time_zone": "Africa/Niamey",
            "sessions-0-starts_at_0": "2027-06-10", "sessions-0-starts_at_1": "18:00",
            "sessions-0-ends_at_0": "2027-06-10", "sessions-0-ends_at_1": "20:00",
        },
    )  # fmt: skip
    response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    session = event.sessions.get()
    assert session.starts_at == datetime(2027, 6, 10, 17, 0, tzinfo=UTC)
    assert session.local_starts_at.strftime("%H:%M") == "18:00"
    assert session.ends_at == datetime(2027, 6, 10, 19, 0, tzinfo=UTC)

    changelist = admin_client.get(reverse("admin:events_event_changelist")).text
    assert "10 June 2027, 18:00 (Niamey time)" in changelist

    # Shown back on the session's clock, with its city and abbreviation, not in Brussels time.
    html = admin_client.get(reverse("admin:events_event_change", args=[event.pk])).text
    assert 'name="sessions-0-starts_at_1" value="18:00:00"' in html
    assert "18:00 Niamey time (WAT)" in html
    assert '<option value="Africa/Niamey" selected>Niamey time</option>' in html


def test_unchanged_session_clock_is_not_a_change(admin_client, settings):
    """Saving the form again without touching the date must not reschedule the session
    (which would email its registrants)."""
    settings.TIME_ZONE = "Europe/Brussels"
    session = SessionFactory(
        time_zone="Africa/Niamey", starts_at=datetime(2027, 6, 10, 17, 0, tzinfo=UTC)
    )
    event = session.event
    data = session_data(
        event,
        **{
            "sessions-INITIAL_FORMS": "1", "sessions-0-id": str(session.pk),
            "sessions-0-time_zone": "Africa/Niamey",
            "sessions-0-starts_at_0": "2027-06-10", "sessions-0-starts_at_1": "18:00:00",
            "sessions-0-ends_at_0": "2027-06-10", "sessions-0-ends_at_1": "20:00:00",
            "sessions-0-city_en": session.city_en, "sessions-0-venue_name": session.venue_name,
            "sessions-0-address": session.address, "sessions-0-city_fr": session.city_fr,
        },
    )  # fmt: skip
    response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    session.refresh_from_db()
    assert session.starts_at == datetime(2027, 6, 10, 17, 0, tzinfo=UTC)
    assert session.sequence == 0  # no date change announced

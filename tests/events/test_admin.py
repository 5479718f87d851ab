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

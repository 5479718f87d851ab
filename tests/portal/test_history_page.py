"""The history page read in French: why a version was saved (stored in English) in the
staff member's language, no changes nobody made, shortened values in French."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.events.factories import EventFactory
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def history(admin_client, obj, app_model: str) -> str:
    return admin_client.get(
        reverse(f"admin:{app_model}_history", args=[obj.pk]),
        headers={"accept-language": "fr"},
    ).text


def test_the_reason_for_a_version_is_read_in_french(admin_client):
    subscriber = SubscriberFactory()
    subscriber._change_reason = "Imported from a CSV file"  # as newsletter.services stores it
    subscriber.save()
    html = history(admin_client, subscriber, "newsletter_subscriber")
    assert "Imported from a CSV file" not in html
    with translation.override("fr"):
        assert translation.gettext("Imported from a CSV file") in html


def test_saving_from_the_french_admin_shows_no_change_to_the_other_language(admin_client):
    """The language-less column holds whatever language the version was saved in: a save in
    French after one in English must not read "Titre : Info session → Séance"."""
    event = EventFactory(title_en="Info session", title_fr="Séance d'information")
    with translation.override("fr"):
        event.status = event.Status.POSTPONED
        event.save()
    html = history(admin_client, event, "events_event")
    assert "Info session" not in html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "Reporté" in html  # the change that was made


def test_a_shortened_value_says_how_much_was_left_out_in_french(admin_client):
    event = EventFactory(description_en="<p>" + "a" * 300 + "</p>")
    event.description_en = "<p>" + "b" * 300 + "</p>"
    event.save()
    html = history(admin_client, event, "events_event")
    assert "chars]" not in html
    assert "caractères" in html

"""Editors who reach a page about people see a staff page in the admin frame that says what
each role may do (not the public "Access denied" page), and are not shown links to it."""

import pytest
from django.urls import reverse

from registrations import services
from tests.events.factories import SessionFactory
from tests.registrations.factories import details

pytestmark = pytest.mark.django_db

REGISTRATIONS = reverse("admin:registrations_registration_changelist")


def test_editor_refused_registrations_sees_a_staff_page_explaining_roles(editor_client):
    response = editor_client.get(REGISTRATIONS, {"session__event__id__exact": "1"})
    assert response.status_code == 403
    html = response.text
    assert "Access denied" not in html  # not the public page
    assert 'id="site-name"' in html  # the admin's frame
    assert "This page is not open to your role" in html
    assert "<dt>Editors (your role)</dt>" in html
    assert "<dt>Programme officers</dt>" in html
    assert "Handle the people: event registrations" in html
    assert response["Cache-Control"] == "private, no-store"


def test_refusal_page_is_in_french_for_a_french_editor(editor_client):
    editor_client.cookies["django_language"] = "fr"
    html = editor_client.get(REGISTRATIONS).text
    assert "Cette page n’est pas ouverte à votre rôle" in html
    assert "Rédacteurs (votre rôle)" in html


def test_editor_sees_registration_counts_without_links_to_people(editor_client):
    session = SessionFactory(capacity=1, event__title_en="Info session in Brussels")
    for n in range(2):
        services.registration_create(session=session, **details(n))
    html = editor_client.get(reverse("admin:events_event_changelist")).text
    assert "1 / 1 / 0 / 0" in html
    assert "registrations/registration/" not in html
    html = editor_client.get(reverse("admin:events_event_change", args=[session.event.pk])).text
    assert "1 confirmed, 1 waiting, capacity 1" in html
    assert "registrations/registration/" not in html


def test_programme_officer_keeps_the_links(client, programme_officer):
    client.force_login(programme_officer)
    session = SessionFactory()
    services.registration_create(session=session, **details(0))
    html = client.get(reverse("admin:events_event_changelist")).text
    assert f"{REGISTRATIONS}?session__event__id__exact={session.event.pk}" in html
    assert client.get(REGISTRATIONS).status_code == 200


def test_password_only_staff_still_goes_to_the_login(client, staff_without_role, settings):
    """Without the admin login (here: no staff permission at all), no staff page."""
    client.force_login(staff_without_role)
    response = client.get(REGISTRATIONS)
    assert response.status_code == 403
    assert "This page is not open to your role" in response.text
    assert "<dt>Editors</dt>" in response.text
    assert "Your account holds neither role yet." in response.text

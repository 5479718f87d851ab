"""What the attacker review of My space found, each with the test that failed before."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts.models import AlertSubscription
from newsletter.models import Subscriber
from portal.core import privacy
from registrations import services
from registrations.models import Application, Registration
from tests.events.factories import SessionFactory
from tests.newsletter.factories import SubscriberFactory
from tests.registrations.factories import ApplicationFactory, details

pytestmark = pytest.mark.django_db

VICTIM = "carol@eximple.com"
LOOK_ALIKE = "carol@ex\u0131mple.com"  # a dotless ı: PostgreSQL's UPPER() makes it an I


@pytest.fixture
def victim():
    SubscriberFactory(email=VICTIM)
    services.registration_create(
        session=SessionFactory(capacity=5), **details(email=VICTIM, name="Carol Victim")
    )
    return ApplicationFactory(email=VICTIM, name="Carol Victim")


def test_a_look_alike_address_reaches_nothing_of_the_real_one(client, sign_in_as, victim):
    sign_in_as(client, LOOK_ALIKE)
    space = client.get("/en/my-space/")
    assert space.status_code == 200
    assert "Carol Victim" not in space.text and VICTIM not in space.text
    download = client.post(reverse("members:data-download"))
    records = json.loads(download.content)["records"]
    assert set(records) == {"members.signinlink"}  # only the look-alike's own sign-in
    assert VICTIM not in download.content.decode() and "Carol Victim" not in download.text
    client.post(reverse("members:erase"), {"confirm": "on"})
    assert Application.objects.filter(email=VICTIM).exists()
    assert Registration.objects.filter(email=VICTIM).exists()
    assert Subscriber.objects.filter(email=VICTIM).exists()


def test_an_ascii_address_reaches_nothing_stored_under_a_look_alike():
    ApplicationFactory(email=LOOK_ALIKE)
    assert privacy.export_for_email(VICTIM)["records"] == {}
    assert privacy.export_for_email(LOOK_ALIKE)["records"]["registrations.application"]
    assert privacy.export_for_email(VICTIM.upper())["records"] == {}


def test_mixed_case_ascii_still_matches_for_staff():
    ApplicationFactory(email="Mixed.Case@Example.org")
    assert privacy.export_for_email("mixed.case@example.ORG")["records"]


def test_erasing_ends_the_members_sessions_in_every_browser(client, sign_in_as, victim):
    other_browser = sign_in_as(Client(), VICTIM)
    sign_in_as(client, VICTIM)
    assert other_browser.get("/en/my-space/").status_code == 200
    client.post(reverse("members:erase"), {"confirm": "on"})
    response = other_browser.get("/en/my-space/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    # Signing in again afterwards works (the erasure does not lock the address out).
    sign_in_as(other_browser, VICTIM)
    assert other_browser.get("/en/my-space/").status_code == 200


def test_programme_officers_cannot_turn_stopped_alerts_back_on(client, programme_officer):
    subscription = AlertSubscription.objects.create(
        email="amina@example.org", language="en", consent_at=timezone.now(), active=False
    )
    client.force_login(programme_officer)
    url = reverse("admin:alerts_alertsubscription_change", args=[subscription.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="active"' not in page.text
    assert client.post(url, {"active": "on", "language": "en"}).status_code == 403
    subscription.refresh_from_db()
    assert not subscription.active


def test_withdrawing_answers_only_get_and_post(client, sign_in_as):
    application = ApplicationFactory(email="amina@example.org")
    sign_in_as(client, "amina@example.org")
    url = reverse("registrations:submission-withdraw", args=[application.reference])
    assert client.put(url).status_code == 405
    assert client.get(url).status_code == 200

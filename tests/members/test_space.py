"""My space (issue 16, item 2): what is held under the address, its consents, the data
download and the self-service erasure (the same service and the same whole-database scan as
staff erasure)."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsletter.models import Subscriber
from portal.core import privacy
from portal.core.models import PersonalDataRequest
from registrations import services
from registrations.models import Application, Registration
from tests.events.factories import SessionFactory
from tests.newsletter.factories import SubscriberFactory
from tests.portal.test_erasure import hits_in_database
from tests.registrations.factories import ApplicationFactory, RegistrationFactory, details

pytestmark = pytest.mark.django_db

EMAIL = "amina.uwase@example.org"
SPACE = "/en/my-space/"


@pytest.fixture
def member(client, sign_in_as):
    """A member subscribed to the newsletter and registered for an event."""
    SubscriberFactory(email=EMAIL, language="fr", privacy_version="2026-11")
    services.registration_create(
        session=SessionFactory(capacity=5),
        **details(email=EMAIL, name="Amina Uwase", privacy_version="2026-10"),
    )
    return sign_in_as(client, EMAIL)


def test_my_space_asks_to_sign_in_first(client):
    response = client.get(SPACE)
    assert response.status_code == 302
    assert response["Location"] == "/en/my-space/sign-in/?next=%2Fen%2Fmy-space%2F"


def test_my_space_shows_the_address_sections_consents_and_data(member):
    page = member.get(SPACE)
    assert page.status_code == 200
    text = page.text
    assert f"<strong>{EMAIL}</strong>" in text
    assert "We hold nothing under this address yet." not in text
    assert "Event registrations" in text and "Consents you gave" in text
    # Both consents, with their notice versions, each with its withdraw button.
    assert "2026-11" in text and "2026-10" in text
    assert text.count("Withdraw consent") == 2
    assert 'action="/en/my-space/sign-out/"' in text
    assert 'action="/en/my-space/my-data/download/"' in text
    assert 'href="/en/my-space/my-data/erase/"' in text


def test_my_space_is_in_french_on_the_french_page(client, sign_in_as):
    SubscriberFactory(email=EMAIL)
    sign_in_as(client, EMAIL, language="fr")
    page = client.get("/fr/mon-espace/")
    assert page.status_code == 200
    assert '<html lang="fr"' in page.text
    for french in ("Mon espace", "Vos consentements", "Vos données", "Se déconnecter"):
        assert french in page.text, french


def test_the_page_shows_nothing_of_other_members(member):
    RegistrationFactory(email="someone.else@example.org", name="Somebody Else")
    SubscriberFactory(email="someone.else@example.org")
    text = member.get(SPACE).text
    assert "someone.else@example.org" not in text and "Somebody Else" not in text


def test_download_gives_the_same_json_export_as_staff_never_cached(member):
    response = member.post("/en/my-space/my-data/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["email"] == EMAIL
    for label in ("newsletter.subscriber", "registrations.registration", "members.signinlink"):
        assert label in data["records"], label
    assert PersonalDataRequest.objects.get().action == "export"


def test_download_is_a_post_for_the_signed_in_member_only(client, member):
    assert member.get("/en/my-space/my-data/download/").status_code == 405
    member.post("/en/my-space/sign-out/")
    assert member.post("/en/my-space/my-data/download/").status_code == 302


def test_erase_asks_for_confirmation_first(member):
    page = member.get("/en/my-space/my-data/erase/")
    assert page.status_code == 200
    assert "What will be erased" in page.text and "Event registrations" in page.text
    refused = member.post("/en/my-space/my-data/erase/", {})
    assert refused.status_code == 400
    assert "Tick this box to confirm" in refused.text
    assert Subscriber.objects.filter(email=EMAIL).exists()


def test_erase_leaves_nothing_and_signs_out(member):
    assert hits_in_database(EMAIL, "Amina Uwase")  # the scan sees her before
    response = member.post("/en/my-space/my-data/erase/", {"confirm": "on"})
    assert response.status_code == 200
    assert "Everything is erased" in response.text
    assert hits_in_database(EMAIL, "Amina Uwase") == []
    assert member.get(SPACE).status_code == 302  # signed out
    assert PersonalDataRequest.objects.get().action == "erase"
    # The registration stays, anonymised and cancelled (its place counts went back).
    assert Registration.objects.get().status == Registration.Status.CANCELLED


def test_withdrawing_a_consent_asks_then_calls_the_apps_service(member):
    subscriber = Subscriber.objects.get(email=EMAIL)
    url = f"/en/my-space/consents/newsletter.subscriber/{subscriber.pk}/withdraw/"
    page = member.get(url)
    assert page.status_code == 200
    assert "Unsubscribe from the newsletter" in page.text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED  # nothing yet
    response = member.post(url, follow=True)
    assert "Your consent is withdrawn." in response.text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    # Withdrawn: listed with its date, no button any more.
    assert response.text.count("Withdraw consent") == 1


def test_withdrawing_a_registration_consent_cancels_it(member):
    registration = Registration.objects.get(email=EMAIL)
    url = f"/en/my-space/consents/registrations.registration/{registration.pk}/withdraw/"
    member.post(url)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_withdrawing_a_registration_cancelled_meanwhile_is_no_error(member):
    registration = Registration.objects.get(email=EMAIL)
    entry = privacy.registry()["registrations.registration"]
    services.registration_cancel(registration=registration)
    entry.revoke(registration)  # the stale row of a second tab
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    url = f"/en/my-space/consents/registrations.registration/{registration.pk}/withdraw/"
    response = member.post(url, follow=True)
    assert response.status_code == 200
    assert "There is nothing left to withdraw here." in response.text


def test_withdrawing_an_application_consent_withdraws_it_unless_staff_decided_meanwhile(member):
    application = ApplicationFactory(email=EMAIL)
    url = f"/en/my-space/consents/registrations.application/{application.pk}/withdraw/"
    assert "Withdraw the application" in member.get(url).text
    Application.objects.filter(pk=application.pk).update(status="selected")  # staff, meanwhile
    response = member.post(url, follow=True)
    assert "Your consent is withdrawn." not in response.text
    assert "There is nothing left to withdraw here." in response.text
    other = ApplicationFactory(email=EMAIL)
    response = member.post(
        f"/en/my-space/consents/registrations.application/{other.pk}/withdraw/", follow=True
    )
    assert "Your consent is withdrawn." in response.text
    assert Application.objects.get(pk=other.pk).status == "withdrawn"
    assert Application.objects.get(pk=application.pk).status == "selected"


def test_another_persons_consent_is_not_found(member):
    other = SubscriberFactory(email="other@example.org")
    registration = RegistrationFactory(email="other@example.org")
    for label, pk in (
        ("newsletter.subscriber", other.pk),
        ("registrations.registration", registration.pk),
        ("newsletter.subscriber", 999_999),
        ("auth.user", 1),
        ("members.signinlink", 1),
    ):
        url = f"/en/my-space/consents/{label}/{pk}/withdraw/"
        assert member.get(url).status_code == 404, label
        assert member.post(url).status_code == 404, label
    other.refresh_from_db()
    assert other.status == Subscriber.Status.CONFIRMED


def test_consents_are_listed_newest_first_with_a_bounded_number_of_queries(
    member, django_assert_max_num_queries
):
    for n in range(6):
        RegistrationFactory(
            email=EMAIL,
            consent_at=timezone.now() - timedelta(days=n + 1),
            privacy_version=f"policy-{n}",
        )
    with django_assert_max_num_queries(40):
        text = member.get(SPACE).text
    # Hyphenated markers: a two-character one such as "v5" also turns up in the page's random
    # CSRF token now and then, which once made this test fail by chance.
    assert text.index("policy-0") < text.index("policy-5")


def test_my_space_query_count_does_not_grow_with_the_data(client, sign_in_as):
    sign_in_as(client, EMAIL)
    RegistrationFactory(email=EMAIL)
    client.get(SPACE)
    with CaptureQueriesContext(connection) as few:
        client.get(SPACE)
    for _n in range(8):
        RegistrationFactory(email=EMAIL, status=Registration.Status.WAITING)
    with CaptureQueriesContext(connection) as many:
        client.get(SPACE)
    assert len(many) <= len(few) + 1  # the waiting positions: one query for them all

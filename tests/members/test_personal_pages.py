"""Existing personal links lead into My space (issue 16, item 1): the registration page, the
newsletter subscription page and the submission thanks page offer a way in; the header
links to My space (the same for everyone: anonymous pages are cached)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from newsletter.tokens import MANAGE_SALT, make_token
from registrations import services
from tests.events.factories import SessionFactory
from tests.members.conftest import last_link_to
from tests.newsletter.factories import SubscriberFactory
from tests.portal import documents
from tests.projects.factories import CallFactory, SectorFactory
from tests.registrations.factories import application_data, details

pytestmark = pytest.mark.django_db

EMAIL = "amina@example.org"
BUTTON = "Email me a link to My space"
GO = 'href="/en/my-space/">Go to My space'


@pytest.fixture
def registration():
    return services.registration_create(session=SessionFactory(capacity=5), **details(email=EMAIL))


def manage_url(subscriber) -> str:
    return reverse(
        "newsletter:subscription-manage", kwargs={"token": make_token(subscriber, MANAGE_SALT)}
    )


def test_the_registration_page_offers_a_link_to_my_space_by_email(client, registration):
    page = client.get(registration.get_absolute_url())
    assert BUTTON in page.text and GO not in page.text
    assert f'name="email" value="{EMAIL}"' in page.text
    # The button asks for a sign-in link to that address, with the same answer as the form.
    response = client.post("/en/my-space/sign-in/", {"email": EMAIL})
    assert response["Location"] == "/en/my-space/sign-in/sent/"
    assert client.post(last_link_to(EMAIL))["Location"] == "/en/my-space/"


def test_signed_in_as_that_address_the_page_links_to_my_space(client, registration, sign_in_as):
    sign_in_as(client, EMAIL)
    page = client.get(registration.get_absolute_url())
    assert GO in page.text and BUTTON not in page.text


def test_signed_in_as_another_address_the_page_offers_the_email(client, registration, sign_in_as):
    sign_in_as(client, "someone.else@example.org")
    page = client.get(registration.get_absolute_url())
    assert BUTTON in page.text and GO not in page.text


def test_the_subscription_page_leads_to_my_space(client, sign_in_as):
    subscriber = SubscriberFactory(email=EMAIL)
    assert BUTTON in client.get(manage_url(subscriber)).text
    sign_in_as(client, EMAIL)
    assert GO in client.get(manage_url(subscriber)).text


def test_the_thanks_page_leads_to_my_space_for_the_browser_that_sent_the_form(client, private_dir):
    call, sector = CallFactory(), SectorFactory()
    data = application_data(call, sector, email=EMAIL)
    data["cv"] = documents.upload(documents.PDF)
    with translation.override("en"):
        url = reverse("registrations:apply", args=[call.slug_en])
    response = client.post(url, data, follow=True)
    assert "Application received" in response.text
    assert BUTTON in response.text and f'value="{EMAIL}"' in response.text
    # Without the cookie (the link passed on): nothing personal, no button.
    other = client.__class__().get(response.redirect_chain[-1][0])
    assert BUTTON not in other.text


def test_the_header_links_to_my_space_in_each_language(client):
    assert 'href="/en/my-space/">My space</a>' in client.get("/en/").text
    assert 'href="/fr/mon-espace/">Mon espace</a>' in client.get("/fr/").text


def test_the_sign_in_email_is_sent_once_per_request(client, registration):
    mail.outbox.clear()
    client.post("/en/my-space/sign-in/", {"email": EMAIL})
    assert [m.to for m in mail.outbox] == [[EMAIL]]

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from newsletter.emails import one_click_url
from newsletter.models import Delivery, Subscriber
from tests.newsletter.factories import IssueFactory, SubscriberFactory
from tests.portal.factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribe(django_capture_on_commit_callbacks):
    """Post the subscribe form and run what the view queued for after the commit (emails)."""

    def post(client, email="amina@example.org", language="fr", **extra):
        data = {"email": email, "language": language, "consent": "on", **extra}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/en/news/subscribe/", data)

    return post


def link_in(message) -> str:
    return re.search(r"^http://\S+/$", message.body, re.MULTILINE).group(0)


def test_subscribing_sends_a_confirmation_in_the_chosen_language(client, subscribe):
    response = subscribe(client, language="fr")
    assert response.status_code == 302
    assert response["Location"] == "/en/news/subscribe/thanks/"
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Merci de confirmer votre abonnement à notre lettre d’information"
    assert "/fr/actualites/abonnement/confirmer/" in message.body


def test_consent_time_privacy_version_and_source_are_stored(client, subscribe):
    PageFactory(key="privacy", version="2026-11")
    subscribe(client, source="home")
    subscriber = Subscriber.objects.get()
    assert subscriber.privacy_version == "2026-11"
    assert subscriber.source == "home"
    assert abs(subscriber.consent_at - timezone.now()) < timedelta(seconds=5)


def test_address_is_confirmed_only_after_the_click(client, subscribe):
    subscribe(client)
    url = link_in(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    page = client.get(url)
    assert page.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert client.post(url).status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None


def test_a_tampered_confirmation_link_is_refused_in_the_visitors_language(client, subscribe):
    subscribe(client)
    url = link_in(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    response = client.post(url.replace("/confirmer/", "/confirmer/x"))
    assert response.status_code == 400
    assert "Ce lien ne fonctionne plus" in response.text
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_a_confirmation_link_expires_after_a_week(client, subscribe):
    subscribe(client)
    url = link_in(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.post(url).status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_subscribing_a_confirmed_address_again_reveals_nothing_and_sends_nothing(client, subscribe):
    SubscriberFactory(email="known@example.org")
    unknown = subscribe(client, email="new@example.org")
    mail.outbox.clear()
    known = subscribe(client, email="KNOWN@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert mail.outbox == []
    assert Subscriber.objects.filter(email__iexact="known@example.org").count() == 1


def test_a_second_request_for_a_pending_address_sends_no_duplicate(client, subscribe):
    subscribe(client)
    subscribe(client)
    assert len(mail.outbox) == 1
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        subscribe(client)
    assert len(mail.outbox) == 2


def test_consent_is_required_with_an_error_linked_to_the_field(client):
    response = client.post(
        "/fr/actualites/abonnement/", {"email": "a@example.org", "language": "fr"}
    )
    assert response.status_code == 400
    assert '<a href="#id_consent">' in response.text
    assert "veuillez accepter le traitement de vos données" in response.text
    assert 'value="a@example.org"' in response.text  # nothing typed is lost
    assert not Subscriber.objects.exists()


def test_the_honeypot_stores_nothing(client, subscribe):
    response = subscribe(client, website="http://spam.example")
    assert response.status_code == 400
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_rate_limit_stops_floods_from_one_address(client, subscribe, settings):
    settings.FORM_RATE_LIMIT_PER_HOUR = 10
    for n in range(10):
        subscribe(client, email=f"bot{n}@example.org")
    response = subscribe(client, email="bot-last@example.org")
    assert response.status_code == 429
    assert not Subscriber.objects.filter(email="bot-last@example.org").exists()


def test_manage_page_changes_the_language(client):
    subscriber = SubscriberFactory(language="en")
    url = one_click_url(subscriber).replace("http://127.0.0.1:8000", "")
    manage = client.get(url)
    assert manage.status_code == 302
    response = client.post(manage["Location"], {"language": "fr"}, follow=True)
    assert "Your preferences are saved." in response.text
    subscriber.refresh_from_db()
    assert subscriber.language == "fr"


def test_manage_page_unsubscribes(client):
    subscriber = SubscriberFactory()
    manage = client.get(one_click_url(subscriber).replace("http://127.0.0.1:8000", ""))
    client.post(manage["Location"], {"unsubscribe": "1"})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_one_click_unsubscribe_post_works_without_login_or_csrf_token(client):
    from django.test import Client

    subscriber = SubscriberFactory()
    Delivery.objects.create(issue=IssueFactory(), subscriber=subscriber)
    url = one_click_url(subscriber).replace("http://127.0.0.1:8000", "")
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert not Delivery.objects.filter(status="pending").exists()


def test_one_click_unsubscribe_with_a_forged_token_is_404(client):
    subscriber = SubscriberFactory()
    response = client.post(f"/newsletter/unsubscribe/{subscriber.pk}:forged/")
    assert response.status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_the_french_error_summary_names_the_missing_field_between_guillemets(client):
    response = client.post("/fr/actualites/abonnement/", {"email": "", "language": "fr"})
    assert response.status_code == 400
    assert "«\u202fAdresse de courriel\u202f» est obligatoire." in response.text

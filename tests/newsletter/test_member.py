"""The newsletter in My space: the signed-in member's subscription, subscribing (confirmed at
once: signing in proved the address), changing the language, unsubscribing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from newsletter.models import Delivery, Subscriber
from newsletter.tokens import MANAGE_SALT, make_token
from portal.core.member_session import EMAIL_KEY, SIGNED_IN_AT_KEY
from tests.newsletter.factories import IssueFactory, SubscriberFactory
from tests.portal.factories import PageFactory

pytestmark = pytest.mark.django_db

SPACE = {"en": "/en/my-space/", "fr": "/fr/mon-espace/"}
SUBSCRIBE = {
    "en": "/en/news/subscription/mine/subscribe/",
    "fr": "/fr/actualites/abonnement/le-mien/s-abonner/",
}
LANGUAGE = {
    "en": "/en/news/subscription/mine/language/",
    "fr": "/fr/actualites/abonnement/le-mien/langue/",
}
UNSUBSCRIBE = {
    "en": "/en/news/subscription/mine/unsubscribe/",
    "fr": "/fr/actualites/abonnement/le-mien/se-desabonner/",
}
EMAIL = "amina@example.org"


def sign_in(client: Client, email: str = EMAIL) -> Client:
    session = client.session
    session[EMAIL_KEY] = email
    session[SIGNED_IN_AT_KEY] = timezone.now().timestamp()
    session.save()
    return client


@pytest.fixture
def member(client):
    return sign_in(client)


def section(response) -> str:
    html = response.content.decode()
    start = html.index('aria-labelledby="newsletter-title"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_member_without_a_subscription_is_offered_one(member, language):
    response = member.get(SPACE[language])
    assert response.status_code == 200
    html = section(response)
    if language == "en":
        assert "You are not subscribed to the newsletter" in html
        assert "Subscribe</button>" in html
    else:
        assert "Cette adresse n’est pas abonnée à la lettre d’information" in html
        assert "S’abonner</button>" in html
    assert f'action="{SUBSCRIBE[language]}"' in html
    assert 'id="id_newsletter-consent"' in html  # ids apart from other sections' fields


def test_subscribing_from_my_space_is_confirmed_at_once_without_an_email(member):
    PageFactory(key="privacy", version="2026-11")
    before = timezone.now()
    response = member.post(
        SUBSCRIBE["en"], {"newsletter-language": "fr", "newsletter-consent": "on"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/my-space/#newsletter-title"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == EMAIL
    assert (subscriber.status, subscriber.language) == ("confirmed", "fr")
    assert subscriber.confirmed_at >= before
    assert subscriber.consent_at >= before
    assert subscriber.privacy_version == "2026-11"
    assert subscriber.source == "my-space"
    assert mail.outbox == []  # signing in proved the address: no confirmation email

    page = member.get(response["Location"])
    assert "You are subscribed to the newsletter." in page.content.decode()
    html = section(page)
    assert "Subscribed" in html
    assert "French" in html
    assert "privacy notice version 2026-11" in html


def test_subscribing_without_consent_says_so_in_french_and_saves_nothing(member):
    response = member.post(SUBSCRIBE["fr"], {"newsletter-language": "fr"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Pour vous abonner, veuillez accepter le traitement de vos données" in html
    assert 'class="notice notice--error error-summary"' in html
    assert not Subscriber.objects.exists()


def test_a_forged_language_is_refused_and_saves_nothing(member):
    response = member.post(
        SUBSCRIBE["en"], {"newsletter-language": "xx", "newsletter-consent": "on"}
    )
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_a_pending_subscription_is_confirmed_from_my_space_with_fresh_consent(member):
    PageFactory(key="privacy", version="2026-12")
    old = timezone.now() - timedelta(days=3)
    subscriber = SubscriberFactory(
        email=EMAIL, status="pending", language="en", consent_at=old, confirmed_at=None
    )
    html = section(member.get(SPACE["en"]))
    assert "Waiting for confirmation" in html
    assert "Confirm my subscription" in html

    member.post(SUBSCRIBE["en"], {"newsletter-language": "fr", "newsletter-consent": "on"})

    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.language) == ("confirmed", "fr")
    assert subscriber.consent_at > old
    assert subscriber.privacy_version == "2026-12"
    assert Subscriber.objects.count() == 1


def test_an_unsubscribed_member_can_subscribe_again(member):
    gone = timezone.now() - timedelta(days=30)
    subscriber = SubscriberFactory(
        email="Amina@Example.org", status="unsubscribed", unsubscribed_at=gone
    )
    html = section(member.get(SPACE["en"]))
    assert "This address receives no newsletter" in html
    assert "Unsubscribed on" in html

    member.post(SUBSCRIBE["en"], {"newsletter-language": "en", "newsletter-consent": "on"})

    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"
    assert subscriber.unsubscribed_at is None
    assert Subscriber.objects.count() == 1


def test_subscribing_again_while_subscribed_changes_nothing(member):
    subscriber = SubscriberFactory(email=EMAIL, language="en")
    consent_at = subscriber.consent_at
    member.post(SUBSCRIBE["en"], {"newsletter-language": "fr", "newsletter-consent": "on"})
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.consent_at) == ("en", consent_at)


def test_a_subscribed_member_changes_the_language(member):
    subscriber = SubscriberFactory(email=EMAIL, language="en")
    html = section(member.get(SPACE["en"]))
    assert f'action="{LANGUAGE["en"]}"' in html
    assert 'value="en"' in html and "checked" in html

    response = member.post(LANGUAGE["fr"], {"newsletter-language": "fr"}, follow=True)

    subscriber.refresh_from_db()
    assert subscriber.language == "fr"
    assert "Vos préférences sont enregistrées." in response.content.decode()


def test_a_forged_language_change_is_refused_with_a_message(member):
    subscriber = SubscriberFactory(email=EMAIL, language="en")
    response = member.post(LANGUAGE["en"], {"newsletter-language": "xx"}, follow=True)
    subscriber.refresh_from_db()
    assert subscriber.language == "en"
    assert "Choose one of the languages offered." in response.content.decode()


def test_unsubscribing_asks_to_confirm_then_stops_everything(member):
    subscriber = SubscriberFactory(email=EMAIL)
    old_link = make_token(subscriber, MANAGE_SALT)
    pending = Delivery.objects.create(issue=IssueFactory(), subscriber=subscriber)

    page = member.get(UNSUBSCRIBE["fr"])
    assert page.status_code == 200
    assert "Se désabonner de la lettre d’information\u202f?" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"  # the GET changed nothing

    response = member.post(UNSUBSCRIBE["fr"], follow=True)

    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
    assert subscriber.unsubscribed_at is not None
    assert not Delivery.objects.filter(pk=pending.pk).exists()
    assert make_token(subscriber, MANAGE_SALT) != old_link  # the emails' links died
    assert "Votre désabonnement est enregistré" in response.content.decode()


def test_actions_without_a_subscription_answer_404(member):
    assert member.post(LANGUAGE["en"], {"newsletter-language": "fr"}).status_code == 404
    assert member.get(UNSUBSCRIBE["en"]).status_code == 404
    assert member.post(UNSUBSCRIBE["en"]).status_code == 404


def test_a_member_sees_and_changes_only_the_subscription_under_their_address(member):
    other = SubscriberFactory(email="someone@example.org", language="en")
    html = section(member.get(SPACE["en"]))
    assert "someone@example.org" not in html
    assert "You are not subscribed" in html

    assert member.post(UNSUBSCRIBE["en"]).status_code == 404
    member.post(SUBSCRIBE["en"], {"newsletter-language": "fr", "newsletter-consent": "on"})

    other.refresh_from_db()
    assert (other.status, other.language) == ("confirmed", "en")
    assert Subscriber.objects.get(email=EMAIL).status == "confirmed"


@pytest.mark.parametrize(
    ("method", "url"),
    [("post", SUBSCRIBE["en"]), ("post", LANGUAGE["en"]), ("post", UNSUBSCRIBE["en"])],
)
def test_visitors_not_signed_in_are_sent_to_sign_in_and_nothing_changes(client, method, url):
    subscriber = SubscriberFactory(email=EMAIL, language="en")
    response = getattr(client, method)(
        url, {"newsletter-language": "fr", "newsletter-consent": "on"}
    )
    assert response.status_code == 302
    assert "/en/my-space/" in response["Location"]
    assert "next=" in response["Location"]
    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.language) == ("confirmed", "en")


def test_actions_need_the_csrf_token():
    subscriber = SubscriberFactory(email=EMAIL, language="en")
    client = sign_in(Client(enforce_csrf_checks=True))
    response = client.post(LANGUAGE["en"], {"newsletter-language": "fr"})
    assert response.status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.language == "en"


def test_the_language_change_takes_post_only(member):
    SubscriberFactory(email=EMAIL)
    assert member.get(LANGUAGE["en"]).status_code == 405


def test_member_pages_are_never_cached(member):
    SubscriberFactory(email=EMAIL)
    for url in (SPACE["en"], UNSUBSCRIBE["en"], SUBSCRIBE["en"]):
        assert "no-store" in member.get(url)["Cache-Control"]

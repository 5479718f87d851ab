"""Subscribers' links (issue 12, point 10): opaque, expiring, rotated, dead after
unsubscribing or erasure; old-format links get a page that offers a new one."""

import base64
import contextlib
import re
import zlib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from newsletter.emails import IssueRenderer, confirmation_message, manage_url, one_click_url
from newsletter.models import Subscriber
from portal.core.privacy import erase_for_email
from tests.newsletter.factories import ArticleFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def path(url: str) -> str:
    return url.replace(SITE, "")


def decoded_pieces(token: str) -> str:
    """Every piece of `token` read as URL-safe base64 (compressed or not), as text."""
    out = [token]
    for piece in re.split(r"[:.]", token):
        try:
            raw = base64.urlsafe_b64decode(piece + "=" * (-len(piece) % 4))
        except ValueError:
            continue
        for data in (raw, raw[1:]):
            with contextlib.suppress(zlib.error):
                data = zlib.decompress(data)
            out.append(data.decode("latin-1"))
    return " ".join(out)


def tokens_in(text: str) -> list[str]:
    return re.findall(
        r"/(?:subscription|abonnement/gerer|confirm|confirmer|unsubscribe)/([^/\s\"<>]+)/", text
    )


def test_links_carry_no_personal_data():
    subscriber = SubscriberFactory(email="amina.diallo@example.org")
    issue_message = IssueRenderer(ArticleFactory().issue).message(subscriber)
    texts = [
        confirmation_message(subscriber).body,
        issue_message.body,
        issue_message.extra_headers["List-Unsubscribe"],
        manage_url(subscriber),
    ]
    found = [token for text in texts for token in tokens_in(text)]
    assert len(found) >= 4
    for token in found:
        readable = decoded_pieces(token).lower()
        assert "amina" not in readable
        assert "example.org" not in readable
        assert '"id"' not in readable


def test_a_manage_link_expires_and_its_page_offers_a_new_one(client, settings):
    settings.NEWSLETTER_LINK_MAX_AGE_DAYS = 30
    subscriber = SubscriberFactory()
    url = path(manage_url(subscriber))
    one_click = path(one_click_url(subscriber))
    assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = client.get(url)
        assert response.status_code == 400
        assert "Send me a new link" in response.text
        assert subscriber.email not in response.text
        # The one-click button of a mail client does nothing with it either.
        assert Client().post(one_click).status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_old_format_link_gives_a_friendly_page_not_an_error(client, language):
    subscriber = SubscriberFactory()
    # The first format: the id and address in base64 JSON, signed without a timestamp check.
    old = signing.dumps({"id": subscriber.pk, "email": subscriber.email}, salt="newsletter.manage")
    prefix = "/fr/actualites/abonnement/gerer/" if language == "fr" else "/en/news/subscription/"
    response = client.get(f"{prefix}{old}/")
    assert response.status_code == 400
    assert subscriber.email not in response.text
    expected = "M’envoyer un nouveau lien" if language == "fr" else "Send me a new link"
    assert expected in response.text
    old_confirm = signing.dumps(
        {"id": subscriber.pk, "email": subscriber.email}, salt="newsletter.confirm"
    )
    assert client.post(f"/en/news/subscription/confirm/{old_confirm}/").status_code == 400
    assert Client().post(f"/newsletter/unsubscribe/{old}/").status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_unsubscribing_kills_every_link_sent_before(client):
    subscriber = SubscriberFactory()
    manage = path(manage_url(subscriber))
    one_click = path(one_click_url(subscriber))
    response = client.post(manage, {"unsubscribe": "1"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert client.get(manage).status_code == 400
    assert Client().post(one_click).status_code == 404


def test_one_click_unsubscribing_kills_the_links_too(client):
    subscriber = SubscriberFactory()
    manage = path(manage_url(subscriber))
    one_click = path(one_click_url(subscriber))
    assert Client(enforce_csrf_checks=True).post(one_click).status_code == 200
    assert client.get(manage).status_code == 400


def test_a_confirmation_link_is_dead_after_unsubscribing(client):
    subscriber = SubscriberFactory(status="pending")
    confirm = path(re.search(r"^http://\S+/$", confirmation_message(subscriber).body, re.M)[0])
    client.post(path(manage_url(subscriber)), {"unsubscribe": "1"})
    assert client.post(confirm).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_erasure_kills_the_links(client):
    subscriber = SubscriberFactory()
    manage = path(manage_url(subscriber))
    erase_for_email(subscriber.email)
    assert client.get(manage).status_code == 400
    assert Client().post(path(one_click_url(subscriber))).status_code == 404


def new_link(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/en/news/subscription/new-link/", {"email": email})


def test_a_new_link_is_sent_once_an_hour_and_leaves_the_old_ones_working(
    client, django_capture_on_commit_callbacks
):
    """Anyone can ask a link for any address: that must not kill the unsubscribe links in
    the subscriber's inbox (only the subscriber ends them, below)."""
    subscriber = SubscriberFactory(email="amina@example.org", language="fr")
    old = path(manage_url(subscriber))
    response = new_link(client, "Amina@Example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == "/en/news/subscription/new-link/sent/"
    assert client.get(response["Location"]).status_code == 200
    [message] = mail.outbox
    assert message.to == ["amina@example.org"]
    assert message.subject == "Votre lien pour gérer votre abonnement à la lettre d’information"
    [fresh] = re.findall(r"^http://\S+/$", message.body, re.M)
    assert client.get(path(fresh)).status_code == 200
    assert client.get(old).status_code == 200
    # Asked again within the hour: nothing more is sent, and the link just sent still works.
    new_link(client, "amina@example.org", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert client.get(path(fresh)).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        new_link(client, "amina@example.org", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_asking_a_new_link_answers_the_same_for_any_address(
    client, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="known@example.org")
    SubscriberFactory(email="gone@example.org", status="unsubscribed")
    answers = [
        new_link(client, email, django_capture_on_commit_callbacks)
        for email in ("known@example.org", "unknown@example.org", "gone@example.org")
    ]
    assert {(r.status_code, r["Location"], r.content) for r in answers} == {
        (302, "/en/news/subscription/new-link/sent/", b"")
    }
    assert [m.to for m in mail.outbox] == [["known@example.org"]]


def test_one_click_unsubscribe_from_an_issue_email_works(django_capture_on_commit_callbacks):
    subscriber = SubscriberFactory()
    message = IssueRenderer(ArticleFactory().issue).message(subscriber)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = path(message.extra_headers["List-Unsubscribe"].strip("<>"))
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_the_history_keeps_no_link_secret():
    subscriber = SubscriberFactory()
    history = Subscriber.history.model
    assert "token" not in {field.name for field in history._meta.get_fields()}
    assert history.objects.filter(id=subscriber.pk).exists()


def test_the_subscriber_can_end_every_link_sent_so_far(client):
    subscriber = SubscriberFactory(email="amina@example.org")
    old = path(manage_url(subscriber))
    response = client.post(old, {"rotate": "1"})
    assert response.status_code == 302
    new = response["Location"]
    assert new != old
    page = client.get(new)
    assert page.status_code == 200
    assert "Your earlier links no longer work" in page.content.decode()
    assert client.get(old).status_code == 400
    [message] = mail.outbox  # the new link, by email
    assert path(new) in message.body
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_a_pending_address_asking_a_new_link_gets_the_confirmation_again(
    client, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="amina@example.org", status="pending", language="fr")
    new_link(client, "amina@example.org", django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert "/fr/actualites/abonnement/confirmer/" in message.body


def test_the_subscribe_page_leads_to_a_new_link_for_those_already_subscribed(client):
    page = client.get("/fr/actualites/abonnement/").text
    assert 'href="/fr/actualites/abonnement/nouveau-lien/"' in page

"""The confirmation link (issue 18, section 1): opening it shows a button (mail scanners open
links), pressing it moves the question to the moderation queue once; expired and forged links
get a clear page. The email is in the asker's language."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.core.cache import caches
from django.utils import timezone

from dialogue.models import Question
from dialogue.services import asking
from portal.core.cache import CHANGED_KEY
from portal.core.models import SiteSettings
from tests.dialogue.factories import QuestionFactory
from tests.dialogue.helpers import ask_url, post_data, url
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/\S+/)$", re.MULTILINE)


def unconfirmed(**kwargs) -> Question:
    return QuestionFactory(status=Question.Status.UNCONFIRMED, confirmed_at=None, **kwargs)


def link_from_email(client, committed, language: str = "en") -> str:
    data = post_data(language=language, text="Où se tiendra la séance de Kigali ?")
    with committed():
        client.post(ask_url(ProjectFactory(), language=language), data)
    [message] = mail.outbox
    return LINK.search(message.body)[1]


def test_the_link_in_the_email_shows_a_button_and_confirms_on_post(client, committed):
    path = link_from_email(client, committed)
    question = Question.objects.get()
    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm my question" in page.text and 'method="post"' in page.text
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    question.refresh_from_db()
    assert question.status == Question.Status.UNCONFIRMED  # opening the link did nothing
    response = client.post(path)
    assert response.status_code == 200
    assert "Your question is confirmed" in response.text
    question.refresh_from_db()
    assert question.status == Question.Status.PENDING and question.confirmed_at is not None


def test_the_email_and_its_pages_are_in_the_askers_language(client, committed):
    path = link_from_email(client, committed, language="fr")
    [message] = mail.outbox
    assert message.subject == "Veuillez confirmer votre question"
    assert path.startswith("/fr/")
    assert "Où se tiendra la séance de Kigali ?" not in message.body  # the item only
    assert "a laissé un message sur «\u202f" in message.body
    assert "Le lien est valable 48\u202fheures" not in message.body  # a plain space here
    assert "Le lien est valable 48 heures" in message.body
    html = message.alternatives[0][0]
    assert 'lang="fr"' in html and "Confirmer ma question" in html
    assert "Confirmer ma question" in client.get(path).text
    assert "Votre question est confirmée" in client.post(path).text


def test_a_second_click_says_it_was_confirmed_already(client):
    question = unconfirmed()
    path = url("confirm", token=asking.make_token(question))
    client.post(path)
    confirmed_at = Question.objects.get().confirmed_at
    again = client.post(path)
    assert again.status_code == 200 and "Your question was already confirmed" in again.text
    assert "already confirmed" in client.get(path).text
    assert Question.objects.get().confirmed_at == confirmed_at  # unchanged


def test_a_confirmed_question_is_not_moved_back_by_an_old_link(client):
    question = unconfirmed()
    token = asking.make_token(question)
    Question.objects.filter(pk=question.pk).update(status=Question.Status.APPROVED)
    assert "already confirmed" in client.post(url("confirm", token=token)).text
    assert Question.objects.get().status == Question.Status.APPROVED


@pytest.mark.parametrize(
    "language, message",
    [
        ("en", "This confirmation link does not work: it has expired or it is incomplete."),
        ("fr", "Ce lien de confirmation ne fonctionne pas\u202f: il a expiré ou il est incomplet."),
    ],
)
def test_an_expired_link_confirms_nothing(client, settings, language, message):
    question = unconfirmed()
    token = asking.make_token(question)
    later = timezone.now() + timedelta(hours=settings.DIALOGUE_CONFIRM_HOURS, minutes=1)
    with time_machine.travel(later):
        for response in (
            client.get(url("confirm", language, token=token)),
            client.post(url("confirm", language, token=token)),
        ):
            assert response.status_code == 400
            assert message in response.text
    assert Question.objects.get().status == Question.Status.UNCONFIRMED


@pytest.mark.parametrize(
    "forge",
    [
        lambda q: asking.make_token(q)[:-2] + "xx",  # signature tampered with
        lambda q: signing.TimestampSigner(salt="newsletter.confirm.v2").sign(str(q.pk)),
        lambda q: signing.TimestampSigner(salt=asking.CONFIRM_SALT).sign("not-a-number"),
        lambda q: signing.TimestampSigner(salt=asking.CONFIRM_SALT).sign(str(q.pk + 1000)),
        lambda q: "garbage",
    ],
)
def test_a_forged_link_confirms_nothing(client, forge):
    question = unconfirmed()
    response = client.post(url("confirm", token=forge(question)))
    assert response.status_code == 400
    assert "This confirmation link does not work" in response.text
    assert Question.objects.get().status == Question.Status.UNCONFIRMED


def test_confirming_does_not_renew_the_public_page_cache(client, committed, settings):
    question = unconfirmed()
    SiteSettings.load()  # created on first use: a change every page shows
    cache = caches[settings.PAGE_CACHE_ALIAS]
    cache.set(CHANGED_KEY, 1234, None)
    with committed():
        client.post(url("confirm", token=asking.make_token(question)))
    assert cache.get(CHANGED_KEY) == 1234


def test_asking_does_not_renew_the_public_page_cache(client, committed, settings):
    project = ProjectFactory()
    SiteSettings.load()  # created on first use: a change every page shows
    cache = caches[settings.PAGE_CACHE_ALIAS]
    cache.set(CHANGED_KEY, 1234, None)
    with committed():
        assert client.post(ask_url(project), post_data()).status_code == 302
    assert cache.get(CHANGED_KEY) == 1234


def test_no_email_for_a_question_confirmed_or_gone_before_the_task_runs():
    question = unconfirmed()
    Question.objects.filter(pk=question.pk).update(status=Question.Status.PENDING)
    asking.confirmation_send(question_id=question.pk)
    asking.confirmation_send(question_id=question.pk + 1000)
    assert mail.outbox == []


def test_a_failed_email_keeps_the_question(client, committed, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    with committed():
        response = client.post(ask_url(ProjectFactory()), post_data())
    assert response.status_code == 302
    assert Question.objects.get().status == Question.Status.UNCONFIRMED

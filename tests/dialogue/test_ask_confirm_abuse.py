"""The confirmation email goes to whatever address is typed in: it must not carry the
visitor's text (spam sent from the office), and one address gets a few an hour at most."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from dialogue.models import Question
from tests.dialogue.helpers import ask_url, post_data, url
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

SPAM = "Cheap pills at pills.example and www.pills.example"


def test_the_confirmation_email_names_the_item_but_not_the_text(client, committed):
    project = ProjectFactory()
    with committed():
        client.post(ask_url(project), post_data(text=SPAM))
    [message] = mail.outbox
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "pills" not in body
        assert project.title in body


def test_one_address_gets_a_few_confirmation_emails_an_hour(client, committed, settings):
    settings.DIALOGUE_QUESTIONS_PER_HOUR = 100  # many visitors, or many networks
    settings.DIALOGUE_CONFIRMATIONS_PER_HOUR = 3
    project = ProjectFactory()
    sent = f"{url('sent')}?kind=project&item={project.pk}"
    for index in range(5):
        email = "Victim@Example.org" if index % 2 else "victim@example.org"
        with committed():
            response = client.post(ask_url(project), post_data(email=email))
        # The same page either way: the visitor cannot tell the cap from a success.
        assert response.status_code == 302 and response["Location"] == sent
    assert Question.objects.filter(email="victim@example.org").count() == 5
    assert len(mail.outbox) == 3
    with committed():
        client.post(ask_url(project), post_data(email="other@example.org"))
    assert len(mail.outbox) == 4
    with time_machine.travel(timezone.now() + timedelta(minutes=61)), committed():
        client.post(ask_url(project), post_data(email="victim@example.org"))
    assert len(mail.outbox) == 5

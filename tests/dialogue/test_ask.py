"""Asking under a published item (issue 18, section 1): anonymous visitors confirm by email,
signed-in members go straight to moderation; the form's page and the compact form."""

import re

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory

from dialogue.models import Question
from tests.dialogue.helpers import MEMBER, ask_url, post_data, sign_in, url
from tests.events.factories import EventFactory
from tests.newsletter.factories import ArticleFactory
from tests.projects.factories import CallFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_anonymous_question_waits_for_its_email_confirmation(client, committed):
    project = ProjectFactory()
    with committed():
        response = client.post(ask_url(project), post_data())
    assert response.status_code == 302
    assert response["Location"] == f"{url('sent')}?kind=project&item={project.pk}"
    question = Question.objects.get()
    assert question.project == project
    assert question.status == Question.Status.UNCONFIRMED and question.confirmed_at is None
    assert question.text_en == "When will the Rwanda info session take place?"
    assert question.email == "jean.mugabo@example.org"
    assert question.display_name == "Jean" and question.kind == "question"
    assert question.consent_at is not None
    [message] = mail.outbox
    assert message.to == ["jean.mugabo@example.org"]
    assert message.subject == "Please confirm your question"
    assert url("confirm", token="x").rsplit("x/", 1)[0] in message.body
    page = client.get(response["Location"])
    assert "Check your inbox to confirm your question" in page.text
    assert f'href="{project.get_absolute_url()}"' in page.text  # a way back


@pytest.mark.parametrize("query", ["?kind=project&item=999", "?kind=nope&item=1", "?item=x"])
def test_the_sent_page_links_back_only_to_a_published_item(client, query):
    page = client.get(url("sent") + query)
    assert page.status_code == 200 and "Back to" not in page.text


def test_french_question_is_kept_in_the_french_column_and_mailed_in_french(client, committed):
    project = ProjectFactory()
    data = post_data(language="fr", text="Quand aura lieu la séance d’information ?")
    with committed():
        response = client.post(ask_url(project, language="fr"), data)
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.language == "fr"
    assert question.text_fr == "Quand aura lieu la séance d’information ?"
    assert not question.text_en
    [message] = mail.outbox
    assert message.subject == "Veuillez confirmer votre question"
    assert "/fr/" in message.body and "Quand aura lieu" not in message.body  # item only


def test_the_text_language_is_the_askers_choice_not_the_pages(client, committed):
    with committed():
        client.post(ask_url(ProjectFactory(), language="fr"), post_data(language="en"))
    question = Question.objects.get()
    assert question.language == "en" and question.text_en and not question.text_fr
    assert mail.outbox[0].subject == "Please confirm your question"


def test_signed_in_member_skips_confirmation_and_is_not_asked_an_address(client, committed):
    project = ProjectFactory()
    sign_in(client)
    page = client.get(ask_url(project))
    assert 'name="ask-email"' not in page.text
    assert MEMBER in page.text
    with committed():
        response = client.post(ask_url(project), post_data(email=None, display_name=""))
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.email == MEMBER
    assert question.status == Question.Status.PENDING and question.confirmed_at is not None
    assert question.display_name == ""
    assert mail.outbox == []
    assert "waiting for moderation" in client.get(response["Location"]).text


def test_member_email_in_the_post_is_ignored(client):
    sign_in(client)
    client.post(ask_url(ProjectFactory()), post_data(email="someone.else@example.org"))
    assert Question.objects.get().email == MEMBER


@pytest.mark.parametrize(
    "kind, factory",
    [
        ("project", ProjectFactory),
        ("call", CallFactory),
        ("event", EventFactory),
        ("article", ArticleFactory),
    ],
)
def test_questions_can_be_asked_under_every_kind_of_item(client, kind, factory):
    item = factory()
    page = client.get(ask_url(item, kind))
    assert page.status_code == 200
    assert str(item) in page.text and item.get_absolute_url() in page.text
    assert client.post(ask_url(item, kind), post_data(kind="comment")).status_code == 302
    question = Question.objects.get()
    assert question.item == item and question.kind == "comment"


def test_unknown_kind_or_unpublished_item_is_404_and_stores_nothing(client):
    hidden = ProjectFactory(is_published=False)
    assert client.get(ask_url(hidden)).status_code == 404
    assert client.post(ask_url(hidden), post_data()).status_code == 404
    assert client.post(url("ask", kind="partner", pk=1), post_data()).status_code == 404
    assert client.get(url("ask", kind="__class__", pk=1)).status_code == 404
    assert not Question.objects.exists() and mail.outbox == []


def test_ask_page_in_french_defaults_to_french_text(client):
    page = client.get(ask_url(ProjectFactory(), language="fr"))
    assert page.status_code == 200
    assert '<html lang="fr"' in page.text
    assert re.search(r'name="ask-language" value="fr"[^>]*checked', page.text)
    assert not re.search(r'name="ask-language" value="en"[^>]*checked', page.text)
    assert "Poser une question ou laisser un commentaire" in page.text


def render_include(request, item, kind="project") -> str:
    template = Template("{% load dialogue_ask %}{% ask_form item item_kind %}")
    return template.render(Context({"request": request, "item": item, "item_kind": kind}))


def test_compact_form_for_an_anonymous_visitor_holds_nothing_personal(client):
    project = ProjectFactory()
    request = RequestFactory().get(project.get_absolute_url())
    request.session = client.session
    html = render_include(request, project)
    assert f'action="{ask_url(project)}"' in html
    assert 'name="ask-email"' in html and 'name="ask-website"' in html
    assert "signed in" not in html


def test_compact_form_for_a_member_leaves_the_address_out(client):
    project = ProjectFactory()
    sign_in(client)
    request = RequestFactory().get(project.get_absolute_url())
    request.session = client.session
    html = render_include(request, project)
    assert 'name="ask-email"' not in html and MEMBER in html

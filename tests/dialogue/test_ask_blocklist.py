"""The staff-editable blocklist (issue 18, section 1): editors write it in the admin,
programme officers read it, and a term added there refuses questions at once."""

import pytest
from django.urls import reverse

from dialogue.models import BlockedTerm, Question
from tests.dialogue.helpers import ask_url, post_data
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_an_editor_adds_a_term_that_then_refuses_questions(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:dialogue_blockedterm_add"),
        {"term": "Easy Money", "is_active": "on", "note": "Spam wave of November"},
    )
    assert response.status_code == 302
    assert BlockedTerm.objects.get().term == "Easy Money"
    client.logout()
    text = "Is there easy money in this call for investors?"
    assert client.post(ask_url(ProjectFactory()), post_data(text=text)).status_code == 400
    assert not Question.objects.exists()


def test_a_programme_officer_edits_the_list_too(client, programme_officer):
    # Both roles moderate, so both keep the list of refused words.
    BlockedTerm.objects.create(term="casino")
    client.force_login(programme_officer)
    assert client.get(reverse("admin:dialogue_blockedterm_changelist")).status_code == 200
    assert client.get(reverse("admin:dialogue_blockedterm_add")).status_code == 200

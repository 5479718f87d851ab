"""Tricks that slipped past the ask form's checks: invisible characters inside a blocked
word or a domain, other scripts' full stops, "_" around a word, bidi overrides."""

import pytest

from dialogue.forms import CONTROL_ERROR, NAME_CONTROL_ERROR, blocked_terms_found, count_links
from tests.dialogue.helpers import ask_url, post_data
from tests.projects.factories import ProjectFactory

TERMS = ["casino", "free money"]


@pytest.mark.parametrize(
    "text", ["Visit our cas\u200bino", "Visit our cas\u00adino", "free\u200b money now", "_casino_"]
)
def test_blocked_words_are_found_through_invisible_characters_and_underscores(text):
    assert blocked_terms_found(text, TERMS)


def test_a_word_that_only_contains_a_blocked_one_is_still_fine():
    assert not blocked_terms_found("casinos and freemoney", TERMS)


@pytest.mark.parametrize(
    "text", ["see a\u200b.com", "see a\u3002com", "see a\uff0ecom", "a\uff61com"]
)
def test_disguised_domains_count_as_links(text):
    assert count_links(text) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "message"), [("text", CONTROL_ERROR), ("display_name", NAME_CONTROL_ERROR)]
)
@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_bidi_controls_are_refused_with_a_message(client, field, message, control):
    value = f"When is the session {control}moc.elpmaxe?" if field == "text" else f"Ama{control}x"
    response = client.post(ask_url(ProjectFactory()), post_data(**{field: value}))
    assert response.status_code != 302
    assert str(message) in response.content.decode()

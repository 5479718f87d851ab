"""The Q&A display in a real browser (issue 18, section 4): an event page with its FAQ and
Q&A (translated, not translated, unanswered), a question's own page and the event's
questions page have no accessibility violations in English and French, on a phone and a
wide screen; the FAQ opens with the keyboard; nothing is wider than the screen."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from dialogue.models import Question
from events.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Screenshots for a person to look at: SCREENSHOT_DIR=/tmp/shots pytest tests/browser/...
SHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.fixture
def questions(transactional_db) -> dict[str, Question]:
    call_command("load_demo", verbosity=0)
    event = Event.objects.get(slug_en="rwanda-diaspora-info-session-brussels")
    now = timezone.now()
    common = dict(
        event=event, email="asker@example.org", consent_at=now, confirmed_at=now,
        status=Question.Status.APPROVED, decided_at=now,
    )  # fmt: skip
    answered = dict(answered_at=now, answered_by=Question.AnsweredBy.PROGRAMME)
    return {
        "faq": Question.objects.create(
            **common, **answered, language="en", display_name="Jean",
            text_en="Is the info session free?",
            text_fr="La séance d’information est-elle gratuite\u202f?",
            answer_language="en", answer_en="Yes: entry is free, registration is required.",
            answer_fr="Oui\u202f: l’entrée est gratuite, l’inscription est obligatoire.",
            is_faq=True, faq_position=1,
        ),
        "french": Question.objects.create(
            **common, **answered, language="fr", display_name="Amina",
            text_fr="Peut-on suivre la séance à distance\u202f?", answer_language="fr",
            answer_fr="Oui, un lien sera envoyé aux personnes inscrites la veille.",
        ),
        "english": Question.objects.create(
            **common, language="en", display_name="",
            text_en="Will there be someone from the embassy to answer questions on documents?",
        ),
        "comment": Question.objects.create(
            **common, language="en", kind=Question.Kind.COMMENT, display_name="Eric",
            text_en="Thank you for organising this session in Brussels again.",
        ),
    }  # fmt: skip


def check(page, run_axe, path: str, width: int, name: str) -> None:
    response = page.goto(path)
    assert response.status == 200, path
    assert run_axe(page) == [], path
    assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_qa_display_is_accessible_in_both_languages(page, questions, run_axe, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    event = questions["faq"].event
    with translation.override(language):
        event_path = event.get_absolute_url()
        question_path = questions["french"].get_absolute_url()
        item_path = reverse("dialogue:item", kwargs={"kind": "event", "pk": event.pk})
    check(page, run_axe, event_path, width, f"event-{language}-{width}")
    section = page.locator("#questions")
    assert section.locator(".qa-entry").count() == 3
    # The French-only question is marked French on the English page, and announced.
    french = page.locator(f"#question-{questions['french'].pk}")
    if language == "en":
        assert french.locator(".qa-entry__text").get_attribute("lang") == "fr"
        assert "shown in French" in french.locator(".fallback-notice").inner_text()
    else:
        assert french.locator(".qa-entry__text").get_attribute("lang") is None
        english = page.locator(f"#question-{questions['english'].pk}")
        assert english.locator(".qa-entry__text").get_attribute("lang") == "en"
        assert "affiché en anglais" in english.locator(".fallback-notice").inner_text()
    # The FAQ opens with the keyboard, and is still accessible open.
    summary = section.locator(".faq__question").first
    summary.focus()
    page.keyboard.press("Enter")
    assert section.locator(".faq__answer").first.is_visible()
    assert run_axe(page) == [], "FAQ open"
    if SHOTS:
        section.screenshot(path=f"{SHOTS}/section-{language}-{width}.png")

    check(page, run_axe, question_path, width, f"question-{language}-{width}")
    assert page.locator("h1").count() == 1
    assert page.locator(".qa-answer").is_visible()
    check(page, run_axe, item_path, width, f"items-{language}-{width}")
    # The test's FAQ entry and those of the demo content under the same event.
    faq = Question.objects.public().filter(event=questions["faq"].event, is_faq=True)
    assert page.locator(".faq__item").count() == faq.count() >= 1
    assert page.watcher.console_errors == []
    assert page.watcher.foreign_requests == []

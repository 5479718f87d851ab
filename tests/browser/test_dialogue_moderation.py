"""The moderation queue and the answer and reject pages in a browser: both admin languages,
on a laptop and a phone, accessible (axe) and without sideways scrolling."""

import os

import pytest

from dialogue.models import Question
from tests.browser.test_editorial import log_in
from tests.dialogue.factories import QuestionFactory, ReportFactory
from tests.events.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("MODERATION_SCREENSHOTS")  # a folder, to look at the pages
TEXTS = {
    "en": {"queue": "Moderation queue", "reject": "Reject the question", "emailed": "rejected"},
    "fr": {"queue": "File de modération", "reject": "Refuser la question", "emailed": "refusée"},
}


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def look(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_queue_answer_and_reject_pages_are_accessible(
    page, live_server, editor, run_axe, language, width
):
    long_title = "Information session on the programmes for the diaspora in Belgium and Rwanda"
    event = EventFactory(title_en=long_title, title_fr=long_title)
    question = QuestionFactory(
        project=None,
        event=event,
        language="fr",
        text_fr="Quelle est la date de la séance d’information au Rwanda ? Merci d’avance " * 3,
    )
    reported = ReportFactory(question__project=None, question__event=event)
    Question.objects.filter(pk=reported.question.pk).update(report_count=1)
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, editor)
    texts = TEXTS[language]

    page.goto("/admin/dialogue/question/")
    assert texts["queue"] in page.locator("#changelist-filter").inner_text()
    assert page.locator("#result_list tbody tr").count() == 2
    assert overflow(page) <= 0
    assert run_axe(page) == [], "queue"
    look(page, f"queue-{language}-{width}")

    page.goto(f"/admin/dialogue/question/{question.pk}/change/")
    # Not checked with axe: the language tabs are modeltranslation's, on every translated
    # admin, and axe finds faults in them (an unlabelled main switch, nested controls).
    assert page.locator(".moderation-decisions a").count() == 4
    look(page, f"change-{language}-{width}")

    page.goto(f"/admin/dialogue/question/{question.pk}/answer/")
    assert overflow(page) <= 0
    assert run_axe(page) == [], "answer page"
    look(page, f"answer-{language}-{width}")

    page.goto(f"/admin/dialogue/question/{question.pk}/reject/")
    assert texts["reject"] in page.locator("h1").inner_text()
    assert overflow(page) <= 0
    assert run_axe(page) == [], "reject page"
    look(page, f"reject-{language}-{width}")
    page.locator("#id_reason").fill("Merci, la date est déjà sur la page de l’événement.")
    page.locator(".submit-row input[type=submit]").click()
    page.wait_for_url("**/admin/dialogue/question/")
    assert texts["emailed"] in page.locator(".messagelist").inner_text()
    assert run_axe(page) == [], "queue after the decision"
    assert Question.objects.get(pk=question.pk).status == Question.Status.REJECTED

"""Reporting a question and "Your questions" in My space, in a real browser (issue 18):
no accessibility violations in either language, on a phone and a wide screen, and the
report and the withdrawal work with the page's own buttons."""

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from dialogue.models import Question, Report
from portal.core.member_session import EMAIL_KEY, SIGNED_IN_AT_KEY
from tests.dialogue.factories import EventQuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "amina.uwase@example.org"
SCREENSHOTS = Path("/tmp/dialogue-report-screens")  # noqa: S108  (looked at by hand)


def path(name: str, language: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_report_form_is_accessible_and_works(page, run_axe, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    question = EventQuestionFactory(answered=True, text_en="Where exactly is the venue?")
    page.goto(path("dialogue:report", language, question.pk))
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_text("Where exactly is the venue?").is_visible()
    assert run_axe(page) == [], "report form"
    fits(page, width)
    page.locator("main form button[type=submit]").click()  # no reason: an error
    assert page.locator(".error-summary").is_visible()
    assert run_axe(page) == [], "report form with an error"
    shot(page, f"report-error-{language}-{width}")
    assert not Report.objects.exists()
    page.locator("input[name=reason][value=wrong]").check()
    page.locator("textarea[name=note]").fill("The venue has changed.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{path('dialogue:report-thanks', language, question.pk)}")
    assert run_axe(page) == [], "thank-you page"
    shot(page, f"report-thanks-{language}-{width}")
    assert Report.objects.get().note == "The venue has changed."
    # The refused form is answered 400 on purpose; nothing else may fail.
    assert [e for e in page.watcher.console_errors if "400" not in e] == []
    assert page.watcher.foreign_requests == []


def signed_in(page, live_server) -> None:
    """A member session as the sign-in link leaves it (the link is tested in test_members)."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[EMAIL_KEY], session[SIGNED_IN_AT_KEY] = EMAIL, timezone.now().timestamp()
    session.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key,
          "url": live_server.url}]
    )  # fmt: skip


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_your_questions_in_my_space_are_accessible(page, live_server, run_axe, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    answered = EventQuestionFactory(email=EMAIL, answered=True, answer_fr="")  # fallback shown
    EventQuestionFactory(
        email=EMAIL, language="fr", text_en="", text_fr="Y a-t-il un parking\u202f?"
    )
    EventQuestionFactory(email=EMAIL, status=Question.Status.REJECTED)
    signed_in(page, live_server)
    page.goto(path("members:space", language))
    section = page.locator("#my-questions")
    assert section.locator("article").count() == 3
    assert run_axe(page) == [], "My space with questions"
    fits(page, width)
    shot(page, f"space-{language}-{width}")
    section.locator(f"a[href='{path('dialogue:withdraw', language, answered.pk)}']").click()
    assert run_axe(page) == [], "withdraw confirmation"
    shot(page, f"withdraw-{language}-{width}")
    page.locator("main form button.btn-danger").click()
    page.wait_for_url(re.compile(re.escape(path("members:space", language)) + "#my-questions$"))
    assert page.locator(".messages").is_visible()
    assert run_axe(page) == [], "My space after withdrawing"
    answered.refresh_from_db()
    assert answered.status == Question.Status.WITHDRAWN
    assert page.watcher.console_errors == [] and page.watcher.foreign_requests == []

"""Asking in a real browser (issue 18, section 1): the ask page, which shows the compact form
that items carry under their Q&A, with an error, the "check your inbox" page and the
confirmation pages have no accessibility violations in either language, on a phone and a
wide screen, and nothing is wider than the screen."""

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from dialogue.models import Question
from tests.projects.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"^https?://[^/\s]+(/\S+/)$", re.MULTILINE)
# Screenshots to look at, when SCREENSHOTS_DIR names a directory.
SHOTS = os.environ.get("SCREENSHOTS_DIR")
TEXT = {
    "en": "When will the Rwanda info session take place, and where?",
    "fr": "Quand et où aura lieu la séance d’information sur le Rwanda ?",
}


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=Path(SHOTS) / f"dialogue-{name}.png", full_page=True)


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_asking_and_confirming_are_accessible(page, run_axe, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    project = ProjectFactory(title_en="Rwanda diaspora fund", title_fr="Fonds de la diaspora")
    with translation.override(language):
        path = reverse("dialogue:ask", kwargs={"kind": "project", "pk": project.pk})
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".ask-box form").count() == 1  # the compact form, as under an item
    assert run_axe(page) == [], "ask page"
    assert fits(page, width)
    shot(page, f"ask-{language}-{width}")

    # Sent empty: the error summary, focused, each error linked to its field.
    page.locator("#id_ask-text").fill("   ")
    page.locator(".ask-box button[type=submit]").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert run_axe(page) == [], "ask page with errors"
    assert fits(page, width)
    shot(page, f"ask-errors-{language}-{width}")
    assert not Question.objects.exists()

    page.locator("#id_ask-text").fill(TEXT[language])
    page.locator(f"input[name=ask-language][value={language}]").check()
    page.locator("#id_ask-display_name").fill("Amina")
    page.locator("#id_ask-email").fill("amina.uwase@example.org")
    page.locator("#id_ask-consent").check()
    page.locator(".ask-box button[type=submit]").click()
    page.wait_for_url(re.compile(r"/(sent|envoyee)/(\?kind=\w+&item=\d+)?$"))
    assert run_axe(page) == [], "check your inbox"
    assert fits(page, width)
    shot(page, f"sent-{language}-{width}")

    [message] = mail.outbox[-1:]
    page.goto(LINK.search(message.body)[1])
    assert run_axe(page) == [], "the link's page"
    assert fits(page, width)
    shot(page, f"confirm-{language}-{width}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert run_axe(page) == [], "confirmed"
    shot(page, f"confirmed-{language}-{width}")
    assert Question.objects.get().status == Question.Status.PENDING
    # The one console message: the browser reporting the refused submission's 400.
    assert [e for e in page.watcher.console_errors if "status of 400" not in e] == []
    assert page.watcher.foreign_requests == []

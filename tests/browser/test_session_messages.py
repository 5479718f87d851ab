"""Writing to a session's people, and the events admin's "who will be emailed" page, in a
browser: both admin languages, on a laptop and a phone, accessible (axe), without sideways
scrolling."""

import os

import pytest
from django.core import mail

from events.models import Session
from registrations.models import Registration, SessionMessage
from tests.browser.test_editorial import log_in
from tests.events.factories import SessionFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SESSION_MESSAGE_SCREENSHOTS")  # a folder, to look at the pages
TEXTS = {
    "en": {"count": "3 people will be emailed", "sent": "being sent to 3 people",
           "confirm": "Saving these changes will email 3 people", "subject": "Room change"},
    "fr": {"count": "3 personnes recevront le courriel", "sent": "part à 3 personnes",
           "confirm": "Enregistrer ces modifications enverra un courriel à 3 personnes",
           "subject": "Changement de salle"},
}  # fmt: skip


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def look(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def session():
    title = "Information session on the programmes for the diaspora in Belgium and Rwanda"
    session = SessionFactory(capacity=10, event__title_en=title, event__title_fr=title)
    RegistrationFactory(session=session, email="ann@example.org")
    RegistrationFactory(session=session, email="bea@example.org", language="fr")
    RegistrationFactory(session=session, email="carl@example.org", status="waiting")
    RegistrationFactory(session=session, email="", source=Registration.Source.DOOR, name="Walk-in")
    return session


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_write_preview_confirm_and_see_the_log(
    page, live_server, programme_officer, run_axe, session, language, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, programme_officer)
    texts = TEXTS[language]

    page.goto(f"/admin/events/event/{session.event_id}/change/")
    page.locator(".session-message-log a.button").first.click()
    page.wait_for_url(f"**/session/{session.pk}/write/")
    assert overflow(page) <= 0
    assert run_axe(page) == [], "write page"
    look(page, f"write-{language}-{width}")

    page.locator("input[name=statuses][value=waiting]").check()
    page.locator("#id_subject_en").fill("Room change")
    page.locator("#id_body_en").fill("We meet in room 204.\n\nBring your passport.")
    page.locator("#id_subject_fr").fill("Changement de salle")
    page.locator("#id_body_fr").fill("Rendez-vous salle 204.")
    page.locator("input[name=_preview]").click()
    page.wait_for_selector(".session-message-audience")
    assert texts["count"] in page.locator(".session-message-count").inner_text()
    assert overflow(page) <= 0
    assert run_axe(page) == [], "preview page"
    look(page, f"preview-{language}-{width}")
    assert mail.outbox == []

    page.locator("input[name=_confirm]").click()
    page.wait_for_url("**/admin/registrations/sessionmessage/*/change/")
    assert texts["sent"] in page.locator(".messagelist").inner_text()
    assert overflow(page) <= 0
    assert run_axe(page) == [], "message page"
    look(page, f"message-{language}-{width}")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ann@example.org", "bea@example.org", "carl@example.org",
    ]  # fmt: skip
    assert SessionMessage.objects.get().recipients == 3

    page.goto(f"/admin/events/event/{session.event_id}/change/")
    log = page.locator(".session-message-log")
    assert texts["subject"] in log.inner_text()  # in the staff member's language
    look(page, f"event-log-{language}-{width}")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_cancelling_a_session_says_who_will_be_emailed_first(
    page, live_server, programme_officer, superuser, run_axe, session, language, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, superuser)
    page.goto(f"/admin/events/event/{session.event_id}/change/")
    page.locator("#id_sessions-0-cancel_session").check()
    page.locator("input[name=_continue]").click()
    page.wait_for_selector(".event-email-announcements")
    assert TEXTS[language]["confirm"] in page.locator(".event-email-total").inner_text()
    assert overflow(page) <= 0
    assert run_axe(page) == [], "confirmation page"
    look(page, f"event-confirm-{language}-{width}")
    assert Session.objects.get(pk=session.pk).cancelled_at is None
    assert mail.outbox == []

    # "No, take me back": the form again, nothing saved, nobody emailed.
    page.locator("#content-main .cancel-link").click()
    page.wait_for_selector("#id_sessions-0-cancel_session")
    assert Session.objects.get(pk=session.pk).cancelled_at is None
    assert mail.outbox == []
    page.locator("#id_sessions-0-cancel_session").check()
    page.locator("input[name=_continue]").click()
    page.wait_for_selector(".event-email-announcements")

    page.locator("#content-main input[type=submit]").click()
    page.wait_for_url(f"**/admin/events/event/{session.event_id}/change/")
    assert Session.objects.get(pk=session.pk).cancelled_at is not None
    assert Registration.objects.filter(session=session, status="cancelled").count() == 4
    assert len(mail.outbox) == 3
    look(page, f"event-confirmed-{language}-{width}")

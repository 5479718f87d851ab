"""The newsletter section of My space in a browser, at 390 px, in both languages: no
accessibility violation in any of its states or pages."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone, translation

from newsletter.models import Subscriber
from portal.core.member_session import EMAIL_KEY, SIGNED_IN_AT_KEY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "amina@example.org"


def sign_in(page, live_server) -> None:
    """A member session, as the sign-in link leaves it, in the browser's cookie."""
    session = SessionStore()
    session[EMAIL_KEY] = EMAIL
    session[SIGNED_IN_AT_KEY] = timezone.now().timestamp()
    session.create()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_newsletter_section_works_and_is_accessible(page, live_server, run_axe, language):
    sign_in(page, live_server)
    with translation.override(language):
        space = reverse("members:space")
        unsubscribe = reverse("newsletter:member-unsubscribe")

    assert page.goto(space).status == 200
    assert page.locator("html").get_attribute("lang") == language
    section = page.locator("section[aria-labelledby=newsletter-title]")
    assert section.is_visible()
    assert run_axe(page) == []

    # Without consent: the form's own page, its error summary linking to the checkbox.
    section.locator("button[type=submit]").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert run_axe(page) == []
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_newsletter-consent"

    page.locator("#id_newsletter-consent").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{space}#newsletter-title")
    assert Subscriber.objects.get(email=EMAIL).status == "confirmed"
    assert page.locator(".notice--success").is_visible()
    assert page.locator("section[aria-labelledby=newsletter-title] .tag--open").is_visible()
    assert run_axe(page) == []

    assert page.goto(unsubscribe).status == 200
    assert run_axe(page) == []
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{space}#newsletter-title")
    assert Subscriber.objects.get(email=EMAIL).status == "unsubscribed"
    assert run_axe(page) == []
    # Only the form sent without consent, answered 400 on purpose.
    assert [e for e in page.watcher.console_errors if "status of 400" not in e] == []
    assert page.watcher.foreign_requests == []

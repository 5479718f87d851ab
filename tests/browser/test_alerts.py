"""The alert preferences page in a real browser, in both languages, on a phone and a
desktop: no accessibility violation (axe), with and without errors; saving works."""

from importlib import import_module

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from alerts.models import AlertSubscription
from portal.core.member_session import EMAIL_KEY, SIGNED_IN_AT_KEY
from tests.projects.factories import CountryFactory, SectorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EMAIL = "amina@example.org"


def sign_in(page, live_server, email: str = EMAIL) -> None:
    """A member session made as the members app makes it, its cookie given to the browser."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[EMAIL_KEY] = email
    store[SIGNED_IN_AT_KEY] = timezone.now().timestamp()
    store.create()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": live_server.url}]
    )


@pytest.fixture
def choices(transactional_db):
    CountryFactory(code="RW", name_en="Rwanda", name_fr="Rwanda")
    CountryFactory(code="NE", name_en="Niger", name_fr="Niger")
    CountryFactory(code="BE", name_en="Belgium", name_fr="Belgique", is_focus=False)
    SectorFactory(code="health", name_en="Health", name_fr="Santé")
    SectorFactory(code="education", name_en="Education", name_fr="Éducation")


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [390, 1280])
def test_preferences_page_is_accessible_and_saves(
    page, live_server, run_axe, choices, language, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server)
    with translation.override(language):
        path = reverse("alerts:preferences")
    assert page.goto(path).status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert run_axe(page) == [], path
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # Without consent: an error summary in the page's language, still accessible.
    page.locator("main form button[type=submit]").first.click()
    assert page.locator(".error-summary").is_visible()
    assert run_axe(page) == []
    # The invalid form answers 400, which Chromium logs as a failed load: nothing else may.
    assert all("400" in error for error in page.watcher.console_errors)
    page.watcher.console_errors.clear()

    page.get_by_label("Rwanda").check()
    page.get_by_label("Santé" if language == "fr" else "Health").check()
    page.locator("input[name=frequency][value=immediate]").check()
    page.locator("input[name=consent]").check()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    subscription = AlertSubscription.objects.get(email=EMAIL)
    assert subscription.frequency == "immediate"
    assert [c.code for c in subscription.countries.all()] == ["RW"]
    assert run_axe(page) == []  # with the "saved" message and the "stop" section
    assert page.watcher.console_errors == [] and page.watcher.foreign_requests == []

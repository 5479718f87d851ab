"""My space and signing in, in a real browser (issue 16): the pages have no accessibility
violations in either language, on a phone and a wide screen, and the whole way in works
with a keyboard: ask for a link, open it, press "Sign in", see My space, sign out."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from newsletter.models import Subscriber
from registrations import services
from tests.registrations.factories import details

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "amina.uwase@example.org"
PATHS = {
    "en": {"sign_in": "/en/my-space/sign-in/", "space": "/en/my-space/"},
    "fr": {"sign_in": "/fr/mon-espace/connexion/", "space": "/fr/mon-espace/"},
}
LINK = re.compile(r"^https?://[^/\s]+(/\w+/[\w-]+/[\w-]+/[\w:-]+/)$", re.MULTILINE)


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def member_with_data():
    """A subscriber registered for two demo sessions (one dated, one to be determined)."""
    from events.models import Event

    Subscriber.objects.create(
        email=EMAIL, language="fr", status="confirmed", privacy_version="2026-11",
        consent_at="2026-11-02T10:00:00Z",
    )  # fmt: skip
    for slug in ("example-info-session-brussels", "rwanda-diaspora-info-session-brussels"):
        session = Event.objects.get(slug_en=slug).sessions.get()
        services.registration_create(session=session, **details(email=EMAIL, name="Amina"))


def sign_in(page, language: str, run_axe) -> None:
    paths = PATHS[language]
    page.goto(paths["sign_in"])
    assert page.locator("html").get_attribute("lang") == language
    assert run_axe(page) == [], "sign-in page"
    # A bad address: the error summary, still accessible.
    page.locator("#id_email").fill("not an address")
    page.locator("main form button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    assert run_axe(page) == [], "sign-in page with an error"
    page.locator("#id_email").fill(EMAIL)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/(sent|envoye)/$"))
    assert run_axe(page) == [], "check your inbox"
    [message] = [m for m in mail.outbox if m.to == [EMAIL]][-1:]
    page.goto(LINK.search(message.body)[1])
    assert run_axe(page) == [], "the link's page"
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{paths['space']}")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_sign_in_and_my_space_are_accessible(page, demo, run_axe, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    member_with_data()
    sign_in(page, language, run_axe)
    assert page.locator("h1").inner_text() == ("My space" if language == "en" else "Mon espace")
    assert page.get_by_text(EMAIL).first.is_visible()
    assert page.locator(".summary-list").count() >= 4  # two registrations, two consents
    assert run_axe(page) == [], "My space"
    # Nothing wider than the screen on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The confirmation pages of the section's actions.
    page.locator("a[href*='/withdraw/'], a[href*='/retirer/']").first.click()
    assert run_axe(page) == [], "withdraw consent"
    page.go_back()
    page.locator("a[href$='/erase/'], a[href$='/effacer/']").first.click()
    assert run_axe(page) == [], "erase"
    page.locator("main form button.btn-outline-danger").click()  # without the box: an error
    assert page.locator(".error-summary").is_visible()
    assert run_axe(page) == [], "erase with an error"
    page.goto(PATHS[language]["space"])
    page.locator(".page-header form button[type=submit]").click()  # sign out
    page.wait_for_url(re.compile(r"/(sign-in|connexion)/$"))
    assert (
        page.goto(PATHS[language]["space"]).url.split("?")[0].endswith(PATHS[language]["sign_in"])
    )
    assert page.watcher.foreign_requests == []


def test_an_empty_my_space_and_a_used_link_are_accessible(page, demo, run_axe):
    sign_in(page, "en", run_axe)
    assert page.get_by_text("We hold nothing under this address yet.").is_visible()
    assert run_axe(page) == []
    [message] = [m for m in mail.outbox if m.to == [EMAIL]][-1:]
    path = LINK.search(message.body)[1]
    assert page.goto(path).status == 400  # used already: said at once, with the form
    assert page.get_by_role("heading", name="This link does not work").is_visible()
    assert run_axe(page) == []

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from events.models import Event
from portal.core.models import Page
from registrations.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def example_session():
    return Event.objects.get(slug_en="example-info-session-brussels").sessions.get()


def tbd_session():
    return Event.objects.get(slug_en="rwanda-diaspora-info-session-brussels").sessions.get()


def personal_link(email: str) -> str:
    """The path of the personal link in the last email to `email` (it goes by email only)."""
    [message] = [m for m in mail.outbox if m.to == [email]][-1:]
    pattern = r"^https?://[^/\s]+(/\w+/(?:registrations|inscriptions)/[\w-]+/)$"
    return re.search(pattern, message.body, re.MULTILINE)[1]


def fill(page, email: str) -> None:
    page.locator("#id_name").fill("Amina Uwase")
    page.locator("#id_email").fill(email)
    page.locator("#id_country_of_residence").select_option("BE")
    page.locator("#id_country_of_origin").select_option("RW")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_registration_pages_have_no_accessibility_violations(page, demo, run_axe, language):
    with translation.override(language):
        form_url = reverse("registrations:register", args=[example_session().pk])
        tbd_url = reverse("registrations:register", args=[tbd_session().pk])
    for path in (form_url, tbd_url):
        assert page.goto(path).status == 200
        assert page.locator("html").get_attribute("lang") == language
        assert run_axe(page) == [], path

    # An error: the summary at the top links to the field, in the visitor's language.
    page.goto(form_url)
    page.locator("main form button[type=submit]").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert run_axe(page) == []
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_name"

    # Then a correct registration: the same "check your inbox" page for anyone, and the
    # personal page the email leads to.
    fill(page, f"amina.{language}@example.org")
    page.locator("#id_consent").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{language}/\w+/\w+/\d+/(sent|envoye)/"))
    assert run_axe(page) == []
    page.goto(personal_link(f"amina.{language}@example.org"))
    assert page.locator(".registration-status h2").inner_text() in ("Confirmed", "Confirmée")
    assert run_axe(page) == []
    # The only console message is the browser noting the 400 that answered the bad form.
    assert [e for e in page.watcher.console_errors if "400 (Bad Request)" not in e] == []
    assert page.watcher.foreign_requests == []


def test_register_from_the_event_page_then_cancel_from_the_personal_page(page, demo):
    event = Event.objects.get(slug_en="example-info-session-brussels")
    page.goto(event.get_absolute_url())
    page.get_by_role("link", name="Register").click()
    fill(page, "keyboard@example.org")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()
    assert page.get_by_role("heading", name="Check your inbox").is_visible()
    registration = Registration.objects.get(email="keyboard@example.org")
    assert registration.status == Registration.Status.CONFIRMED
    assert mail.outbox[-1].to == ["keyboard@example.org"]
    page.goto(personal_link("keyboard@example.org"))
    assert page.get_by_text("your place is confirmed").first.is_visible()

    page.get_by_role("button", name="Cancel my registration").click()
    assert page.get_by_text("Your registration is cancelled.").first.is_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


@pytest.mark.parametrize("language", ["en", "fr"])
def test_interest_forms_and_privacy_notice_are_accessible(page, demo, run_axe, language):
    from projects.models import Call, Project

    call = Call.objects.get(slug_en="rwanda-health-education-professionals")
    project = Project.objects.get(slug_en=call.project.slug_en)
    with translation.override(language):
        apply_url = reverse("registrations:apply", args=[getattr(call, f"slug_{language}")])
        interest_url = reverse(
            "registrations:interest", args=[getattr(project, f"slug_{language}")]
        )
        thanks_url = reverse("registrations:submission-thanks") + "?reference=APP-ABCD-2345"
        privacy = Page.objects.get(key=Page.Key.PRIVACY).get_absolute_url()
    for path in (apply_url, interest_url, thanks_url, privacy):
        assert page.goto(path).status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        assert run_axe(page) == [], path
    # The candidate form with errors: the summary links to fields, radio groups included.
    page.goto(apply_url)
    page.locator("main form button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    assert run_axe(page) == []
    page.locator('.error-summary a[href="#id_criterion_0_0"]').click()
    assert page.evaluate("document.activeElement.id") == "id_criterion_0_0"

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
    assert page.locator(".registration-status h2").inner_text() in (
        "Confirmed", "Confirmé", "Confirmée",
    )  # fmt: skip
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
    assert page.get_by_role("heading", name="Request received: check your inbox").is_visible()
    registration = Registration.objects.get(email="keyboard@example.org")
    assert registration.status == Registration.Status.CONFIRMED
    assert mail.outbox[-1].to == ["keyboard@example.org"]
    page.goto(personal_link("keyboard@example.org"))
    assert page.get_by_text("your place is confirmed").first.is_visible()

    page.get_by_role("button", name="Cancel my registration").click()
    assert page.get_by_text("Your registration is cancelled.").first.is_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def long_form_urls(language: str) -> tuple[str, str]:
    from projects.models import Call

    call = Call.objects.get(slug_en="rwanda-health-education-professionals")
    with translation.override(language):
        apply_url = reverse("registrations:apply", args=[getattr(call, f"slug_{language}")])
        interest_url = reverse(
            "registrations:interest", args=[getattr(call.project, f"slug_{language}")]
        )
    return apply_url, interest_url


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_long_forms_and_their_errors_are_accessible(page, demo, run_axe, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    apply_url, interest_url = long_form_urls(language)
    with translation.override(language):
        thanks_url = reverse("registrations:submission-thanks") + "?reference=APP-ABCD-2345"
        privacy = Page.objects.get(key=Page.Key.PRIVACY).get_absolute_url()
    for path in (thanks_url, privacy):
        assert page.goto(path).status == 200, path
        assert run_axe(page) == [], path
    prefix = "Error: " if language == "en" else "Erreur\u202f: "
    for path in (apply_url, interest_url):
        assert page.goto(path).status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator(".steps a").count() >= 3
        assert run_axe(page) == [], path
        # A failed submit: the title says so, the focus is on the summary of the problems.
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.title().startswith(prefix)
        assert page.evaluate("document.activeElement.classList.contains('error-summary')")
        assert run_axe(page) == [], path
    # The candidate form's summary links to fields, radio groups included.
    page.goto(apply_url)
    page.locator("main form button[type=submit]").click()
    page.locator('.error-summary a[href="#id_criterion_0_0"]').click()
    assert page.evaluate("document.activeElement.id") == "id_criterion_0_0"


def test_email_language_radios_are_named_and_clicking_a_label_chooses_it(page, demo):
    apply_url, _interest = long_form_urls("en")
    page.goto(apply_url)
    group = page.get_by_role("group", name="Language for our emails")
    group.get_by_label("French").click()
    assert page.evaluate("document.activeElement.name") == "language"
    assert group.get_by_label("French").is_checked()


def fill_application(page) -> None:
    page.locator("#id_name").fill("Amina Uwase")
    page.locator("#id_email").fill("amina@example.org")
    page.locator("#id_country_of_origin").select_option("RW")
    page.locator("#id_country_of_residence").select_option("BE")
    page.locator("#id_profession").fill("Nurse")
    page.locator("#id_sector").select_option(index=1)
    page.locator("#id_years_of_experience").fill("8")
    page.locator("#id_qualification").select_option("master")
    page.locator("#id_spoken_language_0").select_option("rw")
    page.locator("#id_spoken_level_0").select_option("native")
    page.locator("#id_available_from").fill("2027-03-01")
    page.locator("#id_availability").select_option("3-6")
    page.locator("#id_motivation").fill("I want to share my skills.")
    for index in range(page.locator("input[id^=id_criterion_][id$=_0]").count()):
        page.locator(f"#id_criterion_{index}_0").check()
    page.locator("#id_consent").check()


def test_the_cv_is_kept_across_a_failed_submit_and_ends_with_the_application(
    page, demo, private_dir
):
    from registrations.models import Application
    from tests.conftest import stored_files
    from tests.portal import documents

    apply_url, _interest = long_form_urls("en")
    page.goto(apply_url)
    fill_application(page)
    page.locator("#id_email").fill("not an address")
    cv = {"name": "Mon CV.pdf", "mimeType": "application/pdf", "buffer": documents.PDF}
    page.locator("#id_cv").set_input_files(cv)
    page.locator("main form button[type=submit]").click()
    assert page.get_by_text("Your CV “Mon CV.pdf” is kept").is_visible()

    page.locator("#id_email").fill("amina@example.org")
    page.locator("main form button[type=submit]").click()
    assert page.get_by_role("heading", name="Application received").is_visible()
    application = Application.objects.get()
    assert page.locator(".reference").inner_text() == application.reference
    assert application.cv.read() == documents.PDF
    assert stored_files(private_dir) == [application.cv.name]  # no kept copy left behind

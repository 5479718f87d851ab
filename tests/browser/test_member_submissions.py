"""My space's applications and interests in a real browser: accessible in both languages at
phone and desktop widths, and withdrawing through its confirmation step."""

from importlib import import_module

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from portal.core.member_session import EMAIL_KEY, SIGNED_IN_AT_KEY
from registrations import services
from registrations.models import Application
from tests.projects.factories import CallFactory, ProjectFactory
from tests.registrations.factories import ApplicationFactory, InterestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "amina@example.org"


def sign_in(page, live_server, email: str = EMAIL) -> None:
    """A member session as the sign-in link leaves it, its cookie given to the browser."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[EMAIL_KEY] = email
    session[SIGNED_IN_AT_KEY] = timezone.now().timestamp()
    session.save()
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key}
    page.context.add_cookies([{**cookie, "url": live_server.url}])


@pytest.fixture
def held():
    call = CallFactory(title_en="Nurses for Kigali", title_fr="Infirmiers pour Kigali")
    project = ProjectFactory(title_en="Clinics in Rwanda", title_fr="Cliniques au Rwanda")
    application = ApplicationFactory(call=call, email=EMAIL)
    services.submissions_set_status(
        submissions=Application.objects.filter(pk=application.pk), status="in-review"
    )
    interest = InterestFactory(project=project, email=EMAIL, status="contacted")
    ApplicationFactory(call=call, email=EMAIL, status="selected")
    return {"application": application, "interest": interest}


def url(name: str, language: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_section_and_withdraw_page_are_accessible(
    page, live_server, run_axe, held, language, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server)
    assert page.goto(url("members:space", language)).status == 200
    assert page.locator("html").get_attribute("lang") == language
    section = page.locator("#submissions")
    assert section.locator("article").count() == 3
    assert section.locator(".status-history li").count() == 4  # new, in review; 1; 1
    assert run_axe(page) == []
    # Nothing wider than the screen at 390 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    assert (
        page.goto(
            url("registrations:submission-withdraw", language, held["application"].reference)
        ).status
        == 200
    )
    assert run_axe(page) == []
    assert page.watcher.console_errors == [] and page.watcher.foreign_requests == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_withdraw_from_my_space(page, live_server, run_axe, held, language):
    sign_in(page, live_server)
    page.goto(url("members:space", language))
    application = held["application"]
    article = page.locator("#submissions article", has_text=application.reference)
    article.locator("a.btn-outline-danger").click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{url('members:space', language)}#submissions")
    expected = "is withdrawn" if language == "en" else "est retirée"
    assert expected in page.locator("main").inner_text()
    assert article.locator("a.btn-outline-danger").count() == 0
    assert run_axe(page) == []
    application.refresh_from_db()
    assert application.status == "withdrawn"

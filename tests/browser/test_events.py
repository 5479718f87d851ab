import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def url(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


SLUGS = {
    "en": (
        "example-info-session-brussels",
        "rwanda-diaspora-info-session-brussels",
        "mauritanian-diaspora-meetings-2019",
    ),
    "fr": (
        "exemple-seance-information-bruxelles",
        "seance-information-diaspora-rwandaise-bruxelles",
        "rencontres-diaspora-mauritanienne-2019",
    ),
}


def page_urls(language: str) -> list[str]:
    example, tbd, past = SLUGS[language]
    return [
        url(language, "events:event-list"),
        url(language, "events:event-list") + "?when=past&country=be",
        url(language, "events:event-detail", slug=example),
        url(language, "events:event-detail", slug=tbd),
        url(language, "events:event-detail", slug=past),
        url(language, "portal:home"),
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_event_pages_have_no_serious_accessibility_violations(page, demo, run_axe, language):
    for path in page_urls(language):
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        assert run_axe(page) == [], path
    assert page.watcher.console_errors == []
    assert page.watcher.foreign_requests == []


def test_event_filters_work_without_javascript_and_land_in_the_url(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/events/?when=past")
    page.get_by_label("Kind of event").select_option("meeting")
    page.get_by_label("Country").select_option("de")
    page.get_by_role("button", name="Show events").click()
    page.wait_for_url("**/en/events/?when=past*")
    assert "kind=meeting" in page.url and "country=de" in page.url
    titles = page.locator(".event-card h3").all_inner_texts()
    assert titles == ["Meetings with the Mauritanian diaspora"]
    context.close()


def test_calendar_download_from_the_event_page(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    page = context.new_page()
    page.goto(url("fr", "events:event-detail", slug=SLUGS["fr"][0]))
    assert page.get_by_text("Bruxelles").first.is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="(.ics)").click()
    assert download.value.suggested_filename.endswith(".ics")
    context.close()

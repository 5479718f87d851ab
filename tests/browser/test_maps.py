"""The projects map and the country pages in a real browser: keyboard, names, axe."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "fr"]
WIDTHS = [390, 1280]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def url(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_tab_reaches_the_first_country_of_the_projects_map(page, demo):
    page.goto(url("en", "projects:project-list"))
    first = page.locator("a.projects-map__country").first
    name = first.get_attribute("aria-label")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('projects-map__country')"):
            break
    else:
        pytest.fail("Tab never reached a country of the projects map")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == name
    # A visible focus indicator on the country (the site's ring, or the browser's own).
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    assert page.get_by_role("link", name="Rwanda: 1 project").count() == 2  # map and list
    page.keyboard.press("Enter")
    page.wait_for_url("**/projects/countries/**")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_projects_map_and_country_pages_pass_axe(page, demo, run_axe, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    paths = [
        url(language, "projects:project-list"),
        url(language, "projects:country-detail", code="rw"),  # projects, calls, events, news
        url(language, "projects:country-detail", code="ug"),  # nothing yet: the empty state
        url(language, "projects:country-detail", code="ps"),
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert run_axe(page) == [], path
        images = page.locator("img")
        for index in range(images.count()):  # every picture has its size: no layout shift
            image = images.nth(index)
            assert image.get_attribute("width") and image.get_attribute("height"), path
    assert page.watcher.console_errors == []
    assert page.watcher.foreign_requests == []

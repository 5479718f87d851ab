"""The contact page in a real browser: accessible in both languages at phone and desktop
widths, no console error (its JSON-LD is data, allowed by the CSP), nothing from elsewhere."""

import json

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_contact_page_is_accessible_and_quiet(page, demo, run_axe, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/{language}/contact/")
    assert run_axe(page) == []
    assert page.watcher.console_errors == []
    assert page.watcher.foreign_requests == []
    data = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert data["@type"] == "Organization"
    assert data["contactPoint"][0]["availableLanguage"] == ["en", "fr"]

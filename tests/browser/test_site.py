import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize(
    ("start", "other", "switch_label", "other_heading"),
    [
        ("en", "fr", "Français", "Portail de la diaspora"),
        ("fr", "en", "English", "Diaspora Portal"),
    ],
)
def test_home_page_switches_language_without_errors_or_third_parties(
    page, demo, start, other, switch_label, other_heading
):
    page.goto(f"/{start}/")
    assert page.locator("html").get_attribute("lang") == start
    page.get_by_role("navigation", name="Language" if start == "en" else "Langue").get_by_role(
        "link", name=switch_label
    ).click()
    page.wait_for_url(f"**/{other}/")
    assert page.locator("html").get_attribute("lang") == other
    assert page.locator("h1").inner_text() == other_heading
    assert page.watcher.console_errors == []
    assert page.watcher.foreign_requests == []


def test_switching_language_on_a_page_keeps_the_same_page(page, demo):
    page.goto("/en/pages/about/")
    page.get_by_role("link", name="Français").click()
    page.wait_for_url("**/fr/pages/a-propos/")
    assert page.locator("h1").inner_text() == "Qui sommes-nous"


def test_skip_link_is_the_first_focus_and_visible(page, demo):
    page.goto("/en/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize(
    "path", ["/en/", "/fr/", "/en/pages/about/", "/fr/pages/a-propos/", "/fr/introuvable/"]
)
def test_pages_have_no_serious_accessibility_violations(page, demo, run_axe, path):
    page.goto(path)
    assert run_axe(page) == []


def test_accessibility_check_catches_a_real_violation(page, run_axe, live_server):
    """Guards the harness itself: axe must report an unlabelled field and a missing alt."""
    page.goto("/en/")
    page.evaluate(
        """() => { document.querySelector('main').insertAdjacentHTML('beforeend',
        '<img src="/static/img/favicon.svg"><input type="text">'); }"""
    )
    assert {v["id"] for v in run_axe(page)} >= {"image-alt", "label"}

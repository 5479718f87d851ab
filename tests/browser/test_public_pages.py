"""Every public list and detail page, in every language, on a phone and a desktop screen:
no accessibility violation, and nothing wider than a 320 px screen with the WCAG text-spacing
override (WCAG 1.4.10 reflow, 1.4.12 text spacing)."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from events.models import Event
from newsletter.models import Article, Issue
from portal.core.models import Page
from projects.models import Call, Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# WCAG 1.4.12: what a reader's own style sheet may set.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

# Elements of the page's own content that stick out of the viewport. A box that scrolls by
# itself (a wide table's wrapper) may hold wider content.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("main *")]
    .filter((el) => !el.closest(".table-wrap > *"))
    .filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.right > width + 1;
    })
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.slice(0, 40)}`);
}"""


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def page_paths(language: str) -> list[str]:
    """One page of each type this covers, found in the demo content rather than by slug."""
    with translation.override(language):
        project = Project.objects.published().first()
        return [
            reverse("projects:project-list"),
            project.get_absolute_url(),
            Call.objects.published().first().get_absolute_url(),
            reverse("portal:get-involved"),
            reverse("events:event-list"),
            reverse("events:event-list") + "?when=past",
            Event.objects.published().first().get_absolute_url(),
            reverse("newsletter:issue-list"),
            Issue.objects.published().first().get_absolute_url(),
            Article.objects.published().first().get_absolute_url(),
            reverse("portal:search") + "?q=diaspora",
            reverse("portal:search") + "?q=zzzzqqq",  # no result: the empty state
            Page.objects.get(key=Page.Key.PRIVACY).get_absolute_url(),
        ]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_accessibility_violations(
    browser, live_server, demo, run_axe, language, width
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    for path in page_paths(language):
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1, path
        assert run_axe(page) == [], path
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_reflow_at_320_px_with_text_spacing(browser, live_server, demo, language):
    # The override is a reader's style sheet, which the site's CSP does not govern.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 320, "height": 640}, bypass_csp=True
    )
    page = context.new_page()
    for path in page_paths(language):
        page.goto(path)
        page.add_style_tag(content=TEXT_SPACING)
        assert page.evaluate(OVERFLOWING) == [], path
    context.close()


def test_the_search_page_form_is_told_apart_from_the_header_search(page, demo, run_axe):
    page.goto(reverse("portal:search") + "?q=rwanda")
    page_form = page.get_by_role("search", name="Search news, projects, events and calls")
    assert page_form.count() == 1
    assert page_form.get_by_role("searchbox").input_value() == "rwanda"
    assert run_axe(page) == []  # includes landmark-unique


def test_call_to_action_is_on_the_first_phone_screen(page, demo):
    with translation.override("fr"):
        call = Call.objects.open().filter(kind=Call.Kind.CANDIDATES).first()
        url = call.get_absolute_url()
    page.goto(url)
    apply = page.locator("main .page-header").get_by_role("link", name="Postuler")
    assert apply.count() == 1
    assert apply.bounding_box()["y"] + apply.bounding_box()["height"] <= 844

"""The admin pages staff use most fit the screen: the project change form at 1280 px (a table
inline, the object tools beside the title) and the dashboard on a phone."""

import re

import pytest

from tests.browser.test_editorial import log_in
from tests.events.factories import EventFactory, SessionFactory
from tests.projects.factories import CallFactory, ProjectFactory, TargetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_TITLE = "Skilled diaspora members for health and education in the districts of Rwanda"
LONG_TITLE_FR = "Membres qualifiés de la diaspora pour la santé et l’éducation dans les districts"


def page_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def boxes_overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_project_change_form_fits_1280_px_and_the_tools_leave_the_title_readable(
    page, live_server, superuser, language
):
    project = ProjectFactory()
    CallFactory(project=project, title_en=LONG_TITLE, title_fr=LONG_TITLE_FR)
    TargetFactory(project=project)
    page.set_viewport_size({"width": 1280, "height": 900})
    cookie = {"name": "django_language", "value": language, "url": live_server.url}
    page.context.add_cookies([cookie])
    log_in(page, superuser)
    page.goto(f"/admin/projects/project/{project.pk}/change/")
    assert page_overflow(page) <= 0
    title = page.locator("#content > h2").bounding_box()
    for tool in page.locator(".object-tools a").all():
        assert not boxes_overlap(tool.bounding_box(), title)
    # The stacked inline's heading: "Call for cooperation: …", with French spacing.
    heading = page.locator("#calls-0 h3 b").inner_text()
    expected = {"en": "Call for cooperation:", "fr": "Appel à coopération\u202f:"}[language]
    assert heading == expected


def test_dashboard_events_table_scrolls_in_its_box_on_a_phone(page, live_server, superuser):
    event = EventFactory(
        title_en="Information session on the programmes for the diaspora in Belgium",
        title_fr="Séance d’information sur les programmes pour la diaspora en Belgique",
    )
    SessionFactory(event=event)
    page.set_viewport_size({"width": 390, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": live_server.url}])
    log_in(page, superuser)
    table = page.locator("#dash-events ~ .table-scroll table")
    assert re.search(r"Séance d’information", table.inner_text())
    assert page_overflow(page) <= 0
    # Whole words: the row heading is not squeezed into a column a few letters wide.
    assert table.locator("th[scope=row]").bounding_box()["width"] >= 150

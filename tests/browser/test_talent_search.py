"""A programme officer searches the talent pool (talent/admin/search.py) on a phone and on a
desktop: words and facets narrow the result, the counts follow, a profile opens (and its
reading is logged); axe finds nothing, in English and in French."""

import os

import pytest
from django.contrib.admin.models import LogEntry
from playwright.sync_api import expect

from portal.core.roles import PROGRAMME_OFFICERS
from talent.services.staff_access import PROFILE_VIEWED
from tests.browser.test_editorial import log_in
from tests.portal.factories import StaffFactory
from tests.projects.factories import SectorFactory, SkillFactory
from tests.talent.factories import ExpertProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set TALENT_SHOTS to a directory to keep screenshots of each step.
SHOTS = os.environ.get("TALENT_SHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def page_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def pool() -> None:
    health = SectorFactory(code="health", name_en="Health", name_fr="Santé")
    education = SectorFactory(code="education", name_en="Education", name_fr="Éducation")
    surgery = SkillFactory(code="surgery", name_en="Surgery", name_fr="Chirurgie", sector=health)
    ExpertProfileFactory(
        name="Amina Uwase", profession="Paediatric surgeon", origin=["RW"], residence=["BE"],
        speaks={"fr": "native", "rw": "native"}, sectors=[health], skills=[surgery],
        years_of_experience=12, search_text="paediatric surgeon chirurgienne surgery",
    )  # fmt: skip
    ExpertProfileFactory(
        name="Moussa Ba", profession="Teacher", origin=["MR"], residence=["FR"],
        speaks={"fr": "fluent", "ar": "native"}, sectors=[education],
        years_of_experience=4, search_text="teacher enseignant",
    )  # fmt: skip
    # Enough origins for a "more" disclosure.
    for index, code in enumerate(
        ["SN", "ML", "NE", "GN", "BF", "BJ", "UG", "TZ", "BI", "CD", "RW"]
    ):
        ExpertProfileFactory(
            name=f"Expert {index}", origin=[code], sectors=[health], search_text="nurse"
        )


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_officer_searches_the_pool_and_opens_a_profile(page, live_server, run_axe, language, width):
    officer = StaffFactory(username="officer", role=PROGRAMME_OFFICERS)
    pool()
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, officer)

    page.goto("/admin/talent/expertprofile/")
    results = page.locator(".pool-list > li")
    expect(results).to_have_count(13)
    assert page_overflow(page) <= 0
    expect(page.locator(".pool-more summary").first).to_be_visible()
    shot(page, f"search-{language}-{width}")
    assert run_axe(page) == []

    # A facet, then words in the other language with its accents.
    page.locator("label[for='f-origin-1']").click()  # the most frequent: Rwanda (2)
    expect(page.locator("label[for='f-origin-1']")).to_contain_text("Rwanda (2)")
    # Two buttons apply the filters, at the top of their column and at its foot.
    expect(page.locator("#pool-facets input[type=submit]")).to_have_count(2)
    page.locator("#pool-facets .pool-apply-top input[type=submit]").click()
    expect(results).to_have_count(2)
    assert "origin=RW" in page.url
    page.fill("#id_q", "chirurgienne")
    page.locator(".pool-words input[type=submit]").click()
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Amina Uwase")
    expect(results.first).to_contain_text({"en": "Surgery", "fr": "Chirurgie"}[language])
    expect(page.locator(".pool-count")).to_contain_text(
        {"en": "1 profile", "fr": "1 profil"}[language]
    )
    assert page_overflow(page) <= 0
    shot(page, f"result-{language}-{width}")
    assert run_axe(page) == []

    results.first.locator("h3 a").click()
    expect(page.locator("#content")).to_contain_text("Paediatric surgeon")
    assert page_overflow(page) <= 0
    shot(page, f"profile-{language}-{width}")
    assert run_axe(page) == []
    assert LogEntry.objects.filter(user=officer, change_message=PROFILE_VIEWED).count() == 1

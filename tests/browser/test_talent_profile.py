"""The expert profile pages in a real browser, in both languages, on a phone and a desktop:
create (with an error first; a skill brings its sector), edit (consent not asked again),
pause, resume and delete, each back to the profile's section of My space, with no
accessibility violation (axe) on any page."""

import os
from importlib import import_module

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from portal.core.datetimes import format_date
from portal.core.member_session import EMAIL_KEY, SIGNED_IN_AT_KEY
from talent.models import ExpertProfile
from tests.projects.factories import SectorFactory, SkillFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EMAIL = "amina@example.org"
# Set to a folder to keep screenshots of every page (looked at while building them).
SHOTS = os.environ.get("TALENT_SCREENSHOTS", "")


def sign_in(page, live_server, email: str = EMAIL) -> None:
    """A member session made as the members app makes it, its cookie given to the browser."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[EMAIL_KEY] = email
    store[SIGNED_IN_AT_KEY] = timezone.now().timestamp()
    store.create()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": live_server.url}]
    )


@pytest.fixture
def vocabulary(transactional_db):
    health = SectorFactory(code="health", name_en="Health", name_fr="Santé")
    education = SectorFactory(code="education", name_en="Education", name_fr="Éducation")
    SkillFactory(code="nursing", name_en="Nursing", name_fr="Soins infirmiers", sector=health)
    SkillFactory(code="midwifery", name_en="Midwifery", name_fr="Obstétrique", sector=health)
    SkillFactory(code="teaching", name_en="Teaching", name_fr="Enseignement", sector=education)
    return health


def check(page, run_axe, width: int, name: str) -> None:
    assert run_axe(page) == [], name
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [390, 1280])
def test_create_edit_pause_and_delete_a_profile(
    page, live_server, run_axe, vocabulary, language, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server)
    fr = language == "fr"
    with translation.override(language):
        space, edit = reverse("members:space"), reverse("talent:profile-edit")
    section = f"{space}#expert-profile"
    tag = f"{language}-{width}"

    page.goto(space)
    check(page, run_axe, width, f"space-empty-{tag}")
    page.locator(f"a[href='{edit}']").first.click()
    page.wait_for_url(f"**{edit}")
    assert page.locator("html").get_attribute("lang") == language
    check(page, run_axe, width, f"form-{tag}")

    # Nothing filled in: the error summary, in the page's language, still accessible.
    page.locator("main form button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    assert ("Choisissez au moins un secteur" if fr else "Choose at least one sector") in (
        page.locator(".error-summary").inner_text()
    )
    check(page, run_axe, width, f"form-errors-{tag}")
    assert all("400" in error for error in page.watcher.console_errors)
    page.watcher.console_errors.clear()

    page.locator("#id_name").fill("Amina Uwase")
    page.locator("#id_origin_0").select_option("RW")
    page.locator("#id_residence").select_option("BE")
    page.get_by_label("Santé" if fr else "Health", exact=True).check()
    page.get_by_label("Soins infirmiers" if fr else "Nursing").check()
    page.get_by_label("Enseignement" if fr else "Teaching").check()  # Education not ticked
    page.locator("#id_spoken_language_0").select_option("rw")
    page.locator("#id_spoken_level_0").select_option("native")
    page.locator("#id_profession").fill("Nurse")
    page.locator("#id_years_of_experience").fill("9")
    page.locator("#id_qualification").select_option("master")
    page.locator("#id_mission_length").select_option("3-6")
    page.locator(f"#id_summary_{language}").fill("Infirmière pédiatrique." if fr else "Nurse.")
    page.locator("input[name=consent]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{section}")
    profile = ExpertProfile.objects.get(email=EMAIL)
    assert sorted(s.code for s in profile.skills.all()) == ["nursing", "teaching"]
    assert sorted(s.code for s in profile.sectors.all()) == ["education", "health"]
    added = "secteur des compétences choisies" if fr else "We added the sector"
    assert added in page.locator(".notice--success").inner_text()
    check(page, run_axe, width, f"space-profile-{tag}")

    # Edit: the form shows the profile and the consent given (not asked again).
    page.goto(edit)
    assert page.locator("#id_profession").input_value() == "Nurse"
    assert page.locator("input[name=consent]").count() == 0
    given = "Consentement donné le" if fr else "Consent given on"
    assert given in page.locator("#consent").inner_text()
    check(page, run_axe, width, f"form-edit-{tag}")
    page.locator("#id_profession").fill("Paediatric nurse")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{section}")
    profile.refresh_from_db()
    assert profile.profession == "Paediatric nurse"

    # Pause, then resume.
    with translation.override(language):
        page.locator(f"a[href='{reverse('talent:profile-pause')}']").click()
    check(page, run_axe, width, f"pause-{tag}")
    until = timezone.localdate().replace(year=timezone.localdate().year + 1)
    page.locator("#id_until").fill(until.isoformat())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{section}")
    profile.refresh_from_db()
    assert profile.paused_until == until
    with translation.override(language):
        assert format_date(until) in page.locator(".notice--success").inner_text()
    check(page, run_axe, width, f"space-paused-{tag}")
    page.get_by_role(
        "button", name="Je suis de nouveau disponible" if fr else "I am available again"
    ).click()
    page.wait_for_url(f"**{section}")
    profile.refresh_from_db()
    assert profile.paused_until is None

    # Delete: a page that says what goes, then the button.
    with translation.override(language):
        page.locator(f"section a[href='{reverse('talent:profile-delete')}']").click()
    check(page, run_axe, width, f"delete-{tag}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{space}")
    assert not ExpertProfile.objects.exists()
    assert page.watcher.console_errors == [] and page.watcher.foreign_requests == []

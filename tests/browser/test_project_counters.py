"""Counted targets on a project page (a count under 5 reads "fewer than 5", no bar) and the
call's matching criteria in the admin, accessible at a phone's and a desk's width, in both
languages."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from projects.models import Call, CallLanguage, Project, Target
from tests.browser.test_editorial import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROJECT = {"en": "rwanda-diaspora-health-education", "fr": "rwanda-diaspora-sante-education"}


@pytest.fixture
def counted(transactional_db):
    """The demo's Rwanda project with two targets counted from its candidates' call: one
    small (3 applications), one large (12 shortlisted towards 30)."""
    call_command("load_demo", verbosity=0)
    project = Project.objects.get(slug_en=PROJECT["en"])
    call = Call.objects.get(slug_en="rwanda-health-education-professionals")
    Target.objects.create(
        project=project, call=call, source=Target.Source.APPLICATIONS, progress=3, position=5,
        label_en="Diaspora members have applied", label_fr="Membres de la diaspora candidats",
    )  # fmt: skip
    large = Target.objects.create(
        project=project, call=call, source=Target.Source.SHORTLISTED, goal=30,
        position=6, label_en="Qualified members shortlisted",
        label_fr="Membres qualifiés présélectionnés",
    )  # fmt: skip
    # As the recount would set it with 12 shortlisted applications (a saved target is
    # recounted at once: the demo has none, so the count is set directly).
    Target.objects.filter(pk=large.pk).update(progress=12)
    return project


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [390, 1280])
def test_counted_targets_read_well_and_hide_small_counts(
    page, counted, run_axe, language, width, tmp_path
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/{language}/{'projects' if language == 'en' else 'projets'}/{PROJECT[language]}/")
    targets = page.locator(".targets")
    small = targets.locator(
        ".target",
        has_text="Membres de la diaspora candidats"
        if language == "fr"
        else "Diaspora members have applied",
    )
    assert small.locator(".target__value").inner_text() == (
        "Moins de 5" if language == "fr" else "Fewer than 5"
    )
    assert small.get_by_role("progressbar").count() == 0
    large = (
        "Membres qualifiés présélectionnés" if language == "fr" else "Qualified members shortlisted"
    )
    bar = page.get_by_role("progressbar", name=large)
    assert bar.get_attribute("value") == "12"
    note = targets.locator(".target__note").first.inner_text()
    assert note.startswith(
        "Compté automatiquement" if language == "fr" else "Counted automatically"
    )
    # Nothing overflows a phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    targets.screenshot(path=tmp_path / f"targets-{language}-{width}.png")
    assert run_axe(page) == []
    assert page.watcher.console_errors == [], page.watcher.console_errors
    assert page.watcher.foreign_requests == []


def run_axe_in(page, axe_source, selector: str) -> list[dict]:
    """Like the run_axe fixture, on the parts of the page `selector` names: the criteria,
    not the rest of Django's change form (its language tabs and date widgets are not ours
    to change here)."""
    page.evaluate(axe_source)
    result = page.evaluate(
        """(selector) => axe.run({include: [...document.querySelectorAll(selector)]}, {
            runOnly: {type: 'tag',
                      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
            resultTypes: ['violations'],
        })""",
        selector,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def test_call_criteria_in_the_french_admin(page, live_server, editor, axe_source, tmp_path):
    call_command("load_demo", verbosity=0)
    call = Call.objects.get(slug_en="rwanda-health-education-professionals")
    CallLanguage.objects.create(call=call, language="fr", level="fluent")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": live_server.url}])
    log_in(page, editor)
    page.goto(reverse("admin:projects_call_change", args=[call.pk]))
    fieldset = page.get_by_role(
        "group", name="Mise en relation avec le vivier de talents", exact=True
    )
    assert "un expert qui ne remplit pas l’un d’eux n’est proposé que si" in fieldset.inner_text()
    assert page.get_by_role("checkbox", name="Rwanda").is_checked()
    assert not page.get_by_role("checkbox", name="Niger").is_checked()
    assert page.get_by_role("checkbox", name="Santé").is_checked()
    skills = page.locator(".field-match_skills .select2-selection__choice").all_inner_texts()
    assert any("Enseignement" in s for s in skills)
    languages = page.locator("#match_languages-group")
    assert languages.locator("select[name$='-language']").first.input_value() == "fr"
    page.screenshot(path=tmp_path / "call-criteria-fr.png", full_page=True)
    # Add a language row and save: the criteria stay as chosen.
    languages.locator(".add-row a").click()
    languages.locator("select[name='match_languages-1-language']").select_option("rw")
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").count() == 1
    assert set(call.match_languages.values_list("language", flat=True)) == {"fr", "rw"}
    search = page.locator(".field-match_skills .select2-search__field")
    expect(search).to_have_attribute("aria-label", "Compétences souhaitées")
    page.screenshot(path=tmp_path / "call-criteria-fr-saved.png", full_page=True)
    # Before axe: its own checks set inline styles, which the admin's CSP reports.
    assert page.watcher.console_errors == [], page.watcher.console_errors
    violations = run_axe_in(page, axe_source, "fieldset.criteria, #match_languages-group")
    assert violations == [], "\n".join(map(str, violations))

"""The admin read in French by a programme officer and an editor: every page they open is
French (no raw values, no stored English, no HTML source, no language codes); a page their
role may not open explains the roles in the admin's frame; a preview shows the form's
unsaved edits."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from newsletter.models import Issue
from registrations import services
from tests.browser.test_editorial import log_in
from tests.events.factories import SessionFactory
from tests.portal.factories import PageFactory
from tests.portal.test_admin_french_walk import ENGLISH, admin_pages
from tests.registrations.factories import details
from tests.registrations.test_csv_export import make_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_french(page, live_server) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": live_server.url}])


def visible_english(page) -> list[str]:
    """Lines of the page's visible text with English in them (the language switch names
    each language in itself: left out)."""
    text = page.evaluate(
        """() => {
            const clone = document.body.cloneNode(true);
            clone.querySelectorAll('option[lang], textarea, script').forEach(n => n.remove());
            return clone.innerText;
        }"""
    )
    return [line for line in text.splitlines() if ENGLISH.search(line)]


@pytest.mark.parametrize("role", ["programme_officer", "editor"])
def test_french_admin_walk_meets_no_english(page, live_server, request, role, tmp_path):
    call_command("load_demo", stdout=StringIO())
    session = SessionFactory(time_zone="Africa/Niamey")
    for n in range(2):
        services.registration_create(session=session, **details(n))
    editor = request.getfixturevalue("editor")
    application = make_application()
    services.note_add(submission=application, author=editor, text="Rappeler lundi.")
    services.application_cv_open(application=application, user=editor).close()
    issue = Issue.objects.first()
    issue.status = Issue.Status.SCHEDULED
    issue.save()
    user = request.getfixturevalue(role)
    page.set_viewport_size({"width": 1366, "height": 900})
    in_french(page, live_server)
    log_in(page, user)
    leaks, seen = [], 0
    for url in admin_pages():
        response = page.goto(url)
        if response.status == 403:
            assert "pas ouverte à votre rôle" in page.inner_text("#content")
        else:
            assert response.status == 200, url
        seen += 1
        leaks += [f"{url}: {line[:100]}" for line in visible_english(page)]
        name = re.sub(r"\W+", "-", url.strip("/"))
        page.screenshot(path=tmp_path / f"{role}-{name}.png", full_page=False)
    assert seen > 40
    assert not leaks, "\n".join(leaks)
    # The refused pages answer 403, which Chromium reports; nothing else may fail.
    assert [e for e in page.watcher.console_errors if "status of 403" not in e] == []


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [390, 1366])
def test_editor_refused_a_page_about_people_sees_the_roles_in_the_admin(
    page, live_server, editor, run_axe, language, width, tmp_path
):
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, editor)
    response = page.goto("/admin/registrations/registration/?session__event__id__exact=1")
    assert response.status == 403
    assert page.locator("#site-name").is_visible()  # the admin's frame
    content = page.inner_text("#content")
    expected = {"en": "Editors (your role)", "fr": "Rédacteurs (votre rôle)"}[language]
    assert expected in content
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=tmp_path / f"refused-{language}-{width}.png", full_page=True)
    assert run_axe(page) == []


def test_preview_button_shows_the_unsaved_french_title(page, live_server, editor, tmp_path):
    draft = PageFactory(is_published=False, title_fr="Titre enregistré")
    page.set_viewport_size({"width": 1366, "height": 900})
    in_french(page, live_server)
    log_in(page, editor)
    page.goto(f"/admin/portal/page/{draft.pk}/change/")
    page.locator('a[href="#tab_id_title_fr"]').first.click()
    page.fill("#id_title_fr", "Titre modifié, pas enregistré")
    with page.context.expect_page() as new_tab:
        page.locator("button.previewlink[value=fr]").click()
    preview = new_tab.value
    preview.wait_for_load_state()
    assert "Titre modifié, pas enregistré" in preview.inner_text("main")
    assert "pas encore enregistrées" in preview.inner_text(".preview-banner")
    preview.screenshot(path=tmp_path / "preview-unsaved-fr.png")
    draft.refresh_from_db()
    assert draft.title_fr == "Titre enregistré"

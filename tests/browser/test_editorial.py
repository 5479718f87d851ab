"""An editor writes a bilingual article with the editor widget, previews it in French and
publishes it; previews pass the accessibility checks in both languages."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation
from playwright.sync_api import expect

from newsletter.models import Article, Issue
from portal.core import preview
from tests.newsletter.factories import ArticleFactory, IssueFactory
from tests.portal.factories import STAFF_PASSWORD as PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor(staff_without_role):
    """Here, staff allowed to write newsletter issues and articles, and nothing else."""
    codenames = [
        f"{action}_{model}"
        for action in ("add", "change", "view")
        for model in ("issue", "article")
    ]
    staff_without_role.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return staff_without_role


def log_in(page, user) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def editor_area(page, field: str):
    return page.locator(f"#id_{field}-editor")


def toolbar_button(page, field: str, command: str):
    wrapper = page.locator(".richtext", has=page.locator(f"#id_{field}"))
    return wrapper.locator(f"button[data-command={command}]")


def show_tab(page, field: str) -> None:
    page.locator(f'a[href="#tab_id_{field}"]').click()


def test_editor_writes_a_bilingual_article_previews_it_in_french_and_publishes_it(
    page, editor, run_axe
):
    issue = IssueFactory(number=12, status=Issue.Status.DRAFT, title_fr="Numéro de printemps")
    log_in(page, editor)

    page.goto("/admin/newsletter/article/add/")
    page.select_option("#id_issue", str(issue.pk))
    page.fill("#id_title_en", "Skills for Rwanda")
    page.fill("#id_slug_en", "skills-for-rwanda")
    editor_area(page, "body_en").click()
    page.keyboard.type("Thirty experts will travel.")
    page.keyboard.press("Enter")
    page.keyboard.type("Who can apply")
    toolbar_button(page, "body_en", "h2").click()

    show_tab(page, "title_fr")
    page.fill("#id_title_fr", "Des compétences pour le Rwanda")
    show_tab(page, "slug_fr")
    page.fill("#id_slug_fr", "competences-pour-le-rwanda")
    show_tab(page, "body_fr")
    editor_area(page, "body_fr").click()
    page.keyboard.type("Trente experts partiront.")
    page.keyboard.press("Enter")
    page.keyboard.type("Qui peut postuler")
    toolbar_button(page, "body_fr", "h2").click()
    page.keyboard.press("Enter")
    toolbar_button(page, "body_fr", "ul").click()
    page.keyboard.type("Médecins")

    page.locator("input[name=_continue]").click()
    page.wait_for_url(re.compile(r"/admin/newsletter/article/\d+/change/"))
    article = Article.objects.get()
    assert article.body_en == "<p>Thirty experts will travel.</p><h2>Who can apply</h2>"
    assert article.body_fr.startswith("<p>Trente experts partiront.</p><h2>Qui peut postuler</h2>")
    assert "<ul><li>Médecins" in article.body_fr

    page.get_by_role("link", name="Preview in French").click()
    page.wait_for_url(re.compile(r"/fr/apercu/newsletter\.article/"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Des compétences pour le Rwanda"
    assert page.locator("h2", has_text="Qui peut postuler").count() == 1
    assert "pas encore public" in page.locator(".preview-banner").inner_text()
    assert run_axe(page) == []

    page.goto(f"/admin/newsletter/issue/{issue.pk}/change/")
    page.select_option("#id_status", "published")
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/newsletter/issue/$"))
    issue.refresh_from_db()
    assert issue.status == Issue.Status.PUBLISHED
    assert page.watcher.console_errors == []  # the editor runs under the CSP
    assert page.watcher.foreign_requests == []

    visitor = page.context.browser.new_context(base_url=page.url.split("/admin/")[0])
    public = visitor.new_page()
    public.goto("/fr/actualites/12/competences-pour-le-rwanda/")
    assert public.locator("h1").inner_text() == "Des compétences pour le Rwanda"
    visitor.close()


def test_publishing_with_french_missing_is_refused_in_the_browser(page, editor):
    issue = IssueFactory(number=13, status=Issue.Status.DRAFT)
    ArticleFactory(issue=issue, title_fr="", slug_fr=None, body_fr="")
    log_in(page, editor)
    page.goto(f"/admin/newsletter/issue/{issue.pk}/change/")
    page.select_option("#id_status", "published")
    page.locator("input[name=_save]").click()
    assert "the French text is missing" in page.locator("#content").inner_text()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


@pytest.mark.parametrize("language", ["en", "fr"])
def test_preview_pages_have_no_serious_accessibility_violations(page, editor, run_axe, language):
    issue = IssueFactory(number=14, status=Issue.Status.DRAFT)
    article = ArticleFactory(issue=issue)
    with translation.override(language):
        url = preview.preview_url(article)
    log_in(page, editor)
    page.goto(url)
    assert page.locator(".preview-banner").count() == 1
    assert run_axe(page) == []
    assert page.watcher.console_errors == []


def test_incomplete_language_tabs_are_marked_on_the_change_form(page, superuser):
    from tests.portal.factories import PageFactory

    stale = PageFactory(summary_en="Summary", summary_fr="")
    stale.body_en = "<p>The English changed.</p>"
    stale.save()
    log_in(page, superuser)
    page.goto(f"/admin/portal/page/{stale.pk}/change/")
    body_tab = page.locator('a[href="#tab_id_body_fr"]')
    # The marks are added by the admin's script once the tabs are built: wait for them.
    expect(body_tab).to_contain_text("⚠")
    expect(body_tab).to_contain_text("(out of date)")
    summary_tab = page.locator('a[href="#tab_id_summary_fr"]')
    assert "(missing)" not in summary_tab.text_content()  # the summary is optional
    assert "✗" not in page.locator('a[href="#tab_id_body_en"]').inner_text()
    assert page.watcher.console_errors == []

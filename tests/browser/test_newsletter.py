import re

import pytest

from tests.newsletter.factories import ArticleFactory, IssueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article(transactional_db):
    issue = IssueFactory(number=7, title_en="Autumn news", title_fr="Nouvelles d’automne")
    ArticleFactory(issue=issue, slug_en="first", slug_fr="premier", position=1)
    return ArticleFactory(issue=issue, slug_en="skills", slug_fr="competences", position=2)


@pytest.mark.parametrize(
    "path",
    [
        "/en/news/",
        "/fr/actualites/",
        "/en/news/7/",
        "/fr/actualites/7/",
        "/en/news/7/skills/",
        "/fr/actualites/7/competences/",
        "/en/news/subscribe/",
        "/fr/actualites/abonnement/merci/",
        "/en/news/subscription/new-link/",
        "/fr/actualites/abonnement/nouveau-lien/envoye/",
        "/fr/actualites/desabonnement/",
    ],
)
def test_newsletter_pages_have_no_serious_accessibility_violations(page, article, run_axe, path):
    page.goto(path)
    assert run_axe(page) == []
    assert page.watcher.console_errors == []
    assert page.watcher.foreign_requests == []


def test_an_old_or_dead_link_page_is_accessible_and_asks_for_a_new_link(page, run_axe):
    response = page.goto("/fr/actualites/abonnement/gerer/eyJpZCI6MX0:1xYYfs:forged/")
    assert response.status == 400
    assert page.locator("h1").inner_text() == "Ce lien ne fonctionne pas"
    assert run_axe(page) == []
    page.get_by_label("Adresse de courriel").fill("amina@example.org")
    page.get_by_role("button", name="M’envoyer un nouveau lien").click()
    page.wait_for_url(re.compile(r"/fr/actualites/abonnement/nouveau-lien/envoye/"))


def test_a_visitor_subscribes_in_french_and_sees_errors_linked_to_fields(page, article, run_axe):
    page.goto("/fr/actualites/7/competences/")
    # The article also has the Q&A's ask form: the subscription band's own field.
    band = page.locator(".subscribe-section")
    band.get_by_label("Adresse de courriel").fill("amina@example.org")
    band.get_by_role("button", name="S’abonner").click()
    summary = page.locator(".error-summary")
    assert "Il y a un problème" in summary.inner_text()
    assert run_axe(page) == []
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_consent"
    page.get_by_label("Je souhaite recevoir").check()
    page.get_by_role("button", name="S’abonner").click()
    # The redirect keeps the #id_consent fragment the visitor jumped to.
    page.wait_for_url(re.compile(r"/fr/actualites/abonnement/merci/"))
    assert page.locator("h1").inner_text().startswith("Confirmez votre abonnement")


@pytest.mark.parametrize("width", [390, 1280])
def test_subscribe_page_errors_take_the_focus_and_languages_come_from_settings(
    page, run_axe, settings, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/fr/actualites/abonnement/")
    assert "anglais ou en français" not in page.locator("main").inner_text()
    radios = page.locator("main input[name=language]")
    assert radios.count() == len(settings.LANGUAGES)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.title().startswith("Erreur\u202f: ")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert "Il y a 2 problèmes" in page.locator(".error-summary").inner_text()
    assert run_axe(page) == []

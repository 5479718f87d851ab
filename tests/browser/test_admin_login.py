"""The admin login with a second factor, and the lockout page, in a real browser (EN and FR):
CSP-clean (no console error), nothing from other hosts, no serious axe violation."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import PageWatcher
from tests.portal.test_two_factor import PASSWORD, code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {
        "username": "Username:",
        "password": "Password:",
        "login": "Log in",
        "setup": "Set up two-factor authentication",
        "code": "Code",
        "turn_on": "Turn on two-factor authentication",
        "error": "There is a problem",
        "codes": "shown only once",
        "continue": "Continue to the administration",
        "verify_title": "Enter your code",
        "verify": "Verify",
        "locked": "Too many failed login attempts",
    },
    "fr": {
        "username": "Nom d’utilisateur :",
        "password": "Mot de passe :",
        "login": "Connexion",
        "setup": "Configurer l’authentification à deux facteurs",
        "code": "Code",
        "turn_on": "Activer l’authentification à deux facteurs",
        "error": "Il y a un problème",
        "codes": "affichés qu’une seule fois",
        "continue": "Continuer vers l’administration",
        "verify_title": "Saisissez votre code",
        "verify": "Vérifier",
        "locked": "Trop de tentatives de connexion échouées",
    },
}


@pytest.fixture
def open_page(browser, live_server):
    contexts = []

    def open_(language: str):
        context = browser.new_context(
            base_url=live_server.url, locale=language, viewport={"width": 390, "height": 844}
        )
        contexts.append(context)
        page = context.new_page()
        page.watcher = PageWatcher(page, live_server.url)
        return page

    yield open_
    for context in contexts:
        context.close()


def log_in(page, text, password=PASSWORD):
    page.goto("/admin/")
    page.get_by_label(text["username"]).fill("superuser")
    page.get_by_label(text["password"]).fill(password)
    page.get_by_role("button", name=text["login"]).click()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_staff_enrol_then_log_in_with_a_backup_code(
    open_page, settings, superuser, run_axe, language
):
    settings.ADMIN_REQUIRE_2FA = True
    text = TEXT[language]
    page = open_page(language)

    log_in(page, text)
    page.wait_for_url("**/admin/two-factor/setup/**")
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("heading", level=1).inner_text() == text["setup"]
    assert page.get_by_role("img", name=re.compile("QR")).is_visible()
    assert run_axe(page) == []

    page.get_by_label(text["code"], exact=True).fill("123")
    page.get_by_role("button", name=text["turn_on"]).click()
    assert page.get_by_role("alert").filter(has_text=text["error"]).is_visible()
    assert run_axe(page) == []

    # django-otp makes the next try wait a second after a wrong code: skip the wait.
    TOTPDevice.objects.filter(user=superuser).update(throttling_failure_count=0)
    device = TOTPDevice.objects.get(user=superuser)
    page.get_by_label(text["code"], exact=True).fill(code_for(device))
    page.get_by_role("button", name=text["turn_on"]).click()
    page.wait_for_url("**/admin/two-factor/backup-codes/**")
    assert text["codes"] in page.content()
    backup_code = page.locator(".backup-codes code").first.inner_text()
    assert run_axe(page) == []
    page.get_by_role("link", name=text["continue"]).click()
    page.wait_for_url("**/admin/")

    # A new session: password, then a backup code (the app's code was just used).
    # Every staff response renews the session cookie (idle expiry): let the page finish
    # loading first, or a late response puts the verified session's cookie back.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    log_in(page, text)
    page.wait_for_url("**/admin/two-factor/verify/**")
    assert page.get_by_role("heading", level=1).inner_text() == text["verify_title"]
    assert run_axe(page) == []
    page.get_by_label(text["code"], exact=True).fill(backup_code)
    page.get_by_role("button", name=text["verify"]).click()
    page.wait_for_url("**/admin/")
    assert page.watcher.console_errors == []
    assert page.watcher.foreign_requests == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_lockout_page_after_repeated_failures(open_page, settings, superuser, run_axe, language):
    settings.AXES_ENABLED = True
    text = TEXT[language]
    page = open_page(language)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(page, text, password="wrong")
    assert page.get_by_role("heading", level=1).inner_text() == text["locked"]
    assert page.get_by_role("alert").is_visible()
    assert run_axe(page) == []
    assert page.watcher.foreign_requests == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_login_header_fits_a_phone(open_page, language):
    """At 390 px the title, language switch and theme toggle wrap inside the login box
    instead of running off its edges."""
    page = open_page(language)
    page.goto("/admin/login/")
    header = page.locator("#header").bounding_box()
    for selector in ("#site-name", ".admin-language-switch", ".theme-toggle"):
        box = page.locator(f"#header {selector}").first.bounding_box()
        assert box["x"] >= header["x"] - 1, selector
        assert box["x"] + box["width"] <= header["x"] + header["width"] + 1, selector
    title = page.locator("#site-name a")
    assert title.evaluate("a => a.scrollWidth <= a.clientWidth + 1")

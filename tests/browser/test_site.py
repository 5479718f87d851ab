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


def test_phones_open_the_main_menu_from_one_button_and_wide_screens_show_it_as_a_row(
    page, demo, run_axe
):
    page.goto("/fr/")
    assert page.locator(".site-nav").is_hidden()
    menu = page.get_by_role("navigation", name="Principal")
    assert menu.is_hidden()
    page.locator(".menu-toggle > summary").focus()
    page.keyboard.press("Enter")  # a <details>: no script, the keyboard opens it
    assert menu.get_by_role("link").all_inner_texts() == [
        "Actualités", "Projets", "Événements", "Participer", "À propos", "Mon espace",
    ]  # fmt: skip
    assert run_axe(page) == []
    menu.get_by_role("link", name="Événements").click()
    assert page.locator("h1").inner_text() == "Événements"
    assert menu.is_hidden()  # a new page: the menu is closed again
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.locator(".menu-toggle").is_hidden()
    assert page.locator(".site-nav").get_by_role("link", name="Projets").is_visible()
    # The other language by its name on a wide screen, by its code only at 320 px.
    assert page.locator(".language-switcher a").inner_text() == "English"
    page.set_viewport_size({"width": 320, "height": 800})
    code = page.locator(".language-switcher__code")
    assert code.is_visible() and code.inner_text() == "EN"
    assert page.locator(".language-switcher__name").bounding_box()["width"] <= 1
    assert page.get_by_role("link", name="English").is_visible()


@pytest.mark.parametrize(
    "path", ["/en/", "/fr/", "/en/pages/about/", "/fr/pages/a-propos/", "/fr/introuvable/"]
)
def test_pages_have_no_accessibility_violations(page, demo, run_axe, path):
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


# -- the design system's pages: home, style guide, 404 ----------------------------------------

HEADER_MAX_PX = 120


def sign_in_with_second_factor(page, user) -> None:
    """Give the browser a session of staff who passed both steps (password and code)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get().persistent_id
    session.create()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": page.url}]
    )


def focus_ring(locator) -> tuple[str, float]:
    return locator.evaluate(
        "el => [getComputedStyle(el).outlineStyle, parseFloat(getComputedStyle(el).outlineWidth)]"
    )


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("which", ["home", "styleguide", "not-found"])
def test_design_system_pages_are_accessible_compact_and_show_focus(
    page, demo, run_axe, superuser_with_second_factor, which, width, language
):
    page.set_viewport_size({"width": width, "height": 900})
    if which == "styleguide":
        page.goto(f"/{language}/")
        sign_in_with_second_factor(page, superuser_with_second_factor)
    path = {"home": "/", "styleguide": "/styleguide/", "not-found": "/no-such-page/"}[which]
    page.goto(f"/{language}{path}")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").first.is_visible()

    assert run_axe(page) == []
    if width == 390:
        height = page.locator(".site-header").bounding_box()["height"]
        assert height <= HEADER_MAX_PX, f"header {height} px tall"

    # A field and a button show the site's focus ring (not Bootstrap's faint halo).
    toggle = page.locator(".search-toggle > summary")
    if toggle.is_visible():
        toggle.click()
    field = page.locator("input[name=q]:visible")
    field.focus()
    assert focus_ring(field)[0] == "solid" and focus_ring(field)[1] >= 2
    page.keyboard.press("Tab")
    button = page.locator("button:focus")
    assert button.count() == 1
    style, width_px = focus_ring(button)
    assert style == "solid" and width_px >= 2

    page.set_viewport_size({"width": 320, "height": 700})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow} px of horizontal scrolling at 320 px"
    # (The 404 page's own status is reported by Chromium as a console error.)
    errors = [e for e in page.watcher.console_errors if "404 (Not Found)" not in e]
    assert errors == []

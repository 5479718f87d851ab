"""The talent pool's matching screen in a browser (talent/admin/matching.py): a programme
officer opens a call's matching profiles, invites two after the confirmation page, and sees
them in the Invitations tab; the member opens the emailed link (the call and one button),
presses it and sees the form filled in from their profile. axe finds nothing, in English
and French, at 390 and 1280 px."""

import os
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.core.roles import PROGRAMME_OFFICERS
from talent.models import Invitation
from tests.browser.test_editorial import log_in
from tests.portal.factories import StaffFactory
from tests.talent.support import expert, rwanda_health_call, skills

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("TALENT_SHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def table_overflow(page) -> int:
    """How far the table scrolls sideways in its region (rows reflow on a phone: none)."""
    return page.evaluate(
        "(() => { const r = document.querySelector('.match-table-wrap');"
        " return r.scrollWidth - r.clientWidth; })()"
    )


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_officer_invites_two_profiles_and_the_member_opens_the_form(
    page, live_server, run_axe, language, width
):
    officer = StaffFactory(username="officer", role=PROGRAMME_OFFICERS)
    call = rwanda_health_call(title_en="Rwandan nurses for Kigali", title_fr="Infirmiers à Kigali")
    nursing, training = skills("nursing", "training")
    expert(name="Aline Uwase", language="fr", skills=[nursing, training], work_mode="on-site")
    expert(name="Jean Habimana", skills=[nursing])
    expert(name="Claire Near", years_of_experience=3)
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, officer)

    page.goto(f"/admin/talent/invitation/call/{call.pk}/match/")
    rows = page.locator("table.match-list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Aline Uwase")
    shot(page, f"matching-{language}-{width}")
    assert run_axe(page) == []
    assert table_overflow(page) <= 0 and overflow(page) <= 0
    page.locator("#match-near").check()
    page.locator(".review-filters input[type=submit]").click()
    expect(rows).to_have_count(3)
    expect(rows.nth(2)).to_contain_text(re.compile("Missing|Manque"))

    for name in ("Aline Uwase", "Jean Habimana"):
        rows.filter(has_text=name).locator("input[type=checkbox]").check()
    page.locator("input[type=submit][value*='…']").click()
    expect(page.locator("#content-main")).to_contain_text(
        {"en": "2 emails will be sent", "fr": "2 courriels seront envoyés"}[language]
    )
    shot(page, f"confirm-{language}-{width}")
    assert run_axe(page) == []
    page.locator("form input[type=submit]").click()

    expect(page.locator(".messagelist")).to_contain_text(
        {"en": "2 invitations will be sent", "fr": "2 invitations seront envoyées"}[language]
    )
    table = page.locator("#content-main table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(page.locator(".match-counts")).to_contain_text(
        {"en": "2 invited", "fr": "2 invités"}[language]
    )
    shot(page, f"invitations-{language}-{width}")
    assert run_axe(page) == []
    assert table_overflow(page) <= 0 and overflow(page) <= 0
    assert overflow(page) <= 0

    # The member follows the emailed link.
    invitation = Invitation.objects.get(profile__name="Aline Uwase")
    email = next(m for m in mail.outbox if m.to == [invitation.email])
    url = re.search(r"https?://\S+/invitation/\S+/", email.body)[0]
    page.context.clear_cookies()
    page.goto(url.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    # The link alone shows the call and one button, nothing of hers.
    expect(page.locator("h1")).to_contain_text(call.title_fr)
    expect(page.locator("body")).not_to_contain_text("Aline Uwase")
    expect(page.locator("#id_name")).to_have_count(0)
    shot(page, f"member-link-{language}-{width}")
    assert run_axe(page) == []
    assert overflow(page) <= 0
    invitation.refresh_from_db()
    assert invitation.opened_at is None
    page.get_by_role(
        "button", name="Ouvrir ma candidature, préremplie à partir de mon profil"
    ).click()
    expect(page.locator("#id_name")).to_have_value("Aline Uwase")
    expect(page.locator("html")).to_have_attribute("lang", "fr")  # her language
    expect(page.locator("#id_years_of_experience")).to_have_value("8")
    shot(page, f"member-form-{language}-{width}")
    assert run_axe(page) == []
    assert overflow(page) <= 0
    invitation.refresh_from_db()
    assert invitation.opened_at is not None
    assert page.watcher.console_errors == [] and page.watcher.foreign_requests == []

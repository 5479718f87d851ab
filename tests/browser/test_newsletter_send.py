"""The newsletter's send page in a browser, as an editor would use it, in both admin languages,
on a laptop and a phone: the email previewed in each language, a test send, the
confirmation, and progress that moves by itself. Accessible (axe), no sideways scrolling."""

import os

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from newsletter.models import Delivery, Subscriber
from tests.browser.test_editorial import log_in
from tests.newsletter.factories import ArticleFactory, IssueFactory, SubscriberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("NEWSLETTER_SCREENSHOTS")  # a folder, to look at the pages
TEXTS = {
    "en": {
        "test": "Send the test",
        "tested": "Test sent, in each language, to",
        "send": "Send now…",
        "confirm": "3 subscribers will receive it: 2 in English, 1 in French.",
        "yes": "Yes, send it now",
        "finished": "Finished.",
    },
    "fr": {
        "test": "Envoyer le test",
        "tested": "Test envoyé, dans chaque langue, à",
        "send": "Envoyer maintenant…",
        "confirm": "3 abonnés le recevront\u202f: 2 en anglais, 1 en français.",
        "yes": "Oui, l’envoyer maintenant",
        "finished": "Terminé.",
    },
}


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def look(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def an_issue():
    issue = IssueFactory(title_en="Spring news", title_fr="Nouvelles du printemps")
    ArticleFactory(issue=issue, title_en="Skills for Rwanda", title_fr="Compétences pour le Rwanda")
    return issue


def start(page, live_server, editor, language: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, editor)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_preview_test_send_and_confirmed_send(page, live_server, editor, run_axe, language, width):
    issue = an_issue()
    SubscriberFactory.create_batch(2, language="en")
    SubscriberFactory(language="fr")
    texts = TEXTS[language]
    start(page, live_server, editor, language, width)

    page.goto(f"/admin/newsletter/issue/{issue.pk}/send/")
    frames = page.frame_locator("iframe.send-preview-frame")
    assert "Spring news" in frames.nth(0).locator("h1").inner_text()
    assert "Nouvelles du printemps" in frames.nth(1).locator("h1").inner_text()
    page.locator("details summary").nth(1).click()
    assert "Compétences pour le Rwanda" in page.locator("pre.send-text").nth(1).inner_text()
    assert overflow(page) <= 0
    assert run_axe(page) == [], "send page"
    look(page, f"send-{language}-{width}")
    if SCREENSHOTS:  # each preview frame as the editor sees it once scrolled to it
        for index, frame in enumerate(page.locator("iframe.send-preview-frame").all()):
            frame.scroll_into_view_if_needed()
            frame.screenshot(path=f"{SCREENSHOTS}/frame-{index}-{language}-{width}.png")

    page.locator("#id_addresses").fill("qa@example.org, lead@example.org")
    page.get_by_role("button", name=texts["test"]).click()
    assert texts["tested"] in page.locator(".messagelist").inner_text()
    assert sorted(m.to[0] for m in mail.outbox) == ["lead@example.org"] * 2 + ["qa@example.org"] * 2
    assert all(m.subject.startswith("[TEST] ") for m in mail.outbox)
    assert not Delivery.objects.exists()
    mail.outbox.clear()

    page.get_by_role("button", name=texts["send"]).click()
    expect(page.locator("#content-main")).to_contain_text(texts["confirm"])  # the new page
    assert overflow(page) <= 0
    assert run_axe(page) == [], "confirmation"
    look(page, f"confirm-{language}-{width}")
    assert mail.outbox == []
    page.locator(".submit-row input[type=submit]").click()
    page.wait_for_url(f"**/admin/newsletter/issue/{issue.pk}/send/")
    assert len(mail.outbox) == 3
    assert page.locator("#send-progress [data-field=sent]").inner_text() == "3"
    assert texts["finished"] in page.locator("#send-progress").inner_text()
    assert run_axe(page) == [], "progress"
    look(page, f"progress-{language}-{width}")
    assert page.watcher.console_errors == [] and page.watcher.foreign_requests == []


@pytest.mark.parametrize("width", [1280, 390])
def test_progress_moves_by_itself_without_addresses(page, live_server, editor, run_axe, width):
    issue = an_issue()
    subscribers = SubscriberFactory.create_batch(4)
    now = timezone.now()
    issue.send_started_at = now
    issue.save(update_fields=["send_started_at"])
    for subscriber in subscribers:
        Delivery.objects.create(issue=issue, subscriber=subscriber)
    start(page, live_server, editor, "en", width)
    page.goto(f"/admin/newsletter/issue/{issue.pk}/send/")
    sent = page.locator("#send-progress [data-field=sent]")
    assert sent.inner_text() == "0"
    assert page.locator("#send-progress [data-field=pending]").inner_text() == "4"
    assert run_axe(page) == [], "progress while sending"
    look(page, f"progress-moving-{width}")

    # A worker sends three, one fails for good: the page shows it without a reload.
    Delivery.objects.filter(subscriber__in=subscribers[:3]).update(status="sent", sent_at=now)
    Delivery.objects.filter(subscriber=subscribers[3]).update(
        status="failed", last_error="{'x@example.org': (550, b'5.1.1 No such user')}"
    )
    expect(sent).to_have_text("3", timeout=15000)
    box = page.locator("#send-progress").inner_text()
    assert "Finished." in box and "refused the address for good" in box
    html = page.content()
    assert not any(s.email in html for s in subscribers) and "x@example.org" not in html
    assert overflow(page) <= 0
    assert run_axe(page) == [], "progress after updates"
    look(page, f"progress-done-{width}")
    assert page.watcher.console_errors == []


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_subscriber_import_dry_run_then_import(
    page, live_server, programme_officer, run_axe, language, width
):
    SubscriberFactory(email="left@example.org", status="unsubscribed")
    start(page, live_server, programme_officer, language, width)
    page.goto("/admin/newsletter/subscriber/")
    page.locator("a[href$='/subscriber/import/']").click()
    page.wait_for_url("**/admin/newsletter/subscriber/import/")  # not mid-navigation
    assert overflow(page) <= 0
    assert run_axe(page) == [], "upload page"
    csv = (
        "\ufeffemail;language;consent\r\n"
        "dated@example.org;fr;14/03/2025\r\n"
        "yes@example.org;en;yes\r\n"
        "no@example.org;en;no\r\n"
        "left@example.org;fr;2024-05-01\r\n"
    )
    page.locator("#id_file").set_input_files(
        files=[{"name": "list.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.locator("form[enctype] button[type=submit]").click()
    report = page.locator(".import-report")
    assert "no@example.org" in report.inner_text() and "left@example.org" in report.inner_text()
    assert overflow(page) <= 0
    assert run_axe(page) == [], "dry run"
    look(page, f"import-{language}-{width}")
    assert Subscriber.objects.count() == 1
    page.locator(".import-report input[type=submit]").click()
    page.wait_for_url("**/admin/newsletter/subscriber/")
    assert Subscriber.objects.count() == 3
    assert [m.to for m in mail.outbox] == [["yes@example.org"]]


@pytest.mark.parametrize("path", ["/en/news/test-email/", "/fr/actualites/courriel-de-test/"])
def test_the_page_behind_a_test_emails_unsubscribe_link(page, run_axe, path):
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert overflow(page) <= 0
    assert run_axe(page) == []
    look(page, "test-unsubscribe-" + path.split("/")[1])

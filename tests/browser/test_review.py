"""Reviewing applications at 1366 px (registrations/admin/review): the list shows every
column without scrolling sideways; a programme officer opens an application, goes to the
next and back, assigns a reviewer, scores and changes the status after a confirmation that
says who will be emailed; axe finds nothing, in English and in French."""

import os
import re
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.core.roles import PROGRAMME_OFFICERS
from registrations.models import Application, ReviewScore, StatusMessage
from tests.browser.test_editorial import log_in
from tests.portal import documents
from tests.portal.factories import StaffFactory
from tests.projects.factories import CallFactory, SectorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set REVIEW_SHOTS to a directory to keep screenshots of each step.
SHOTS = os.environ.get("REVIEW_SHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def applicant(call, number: int, cv: bytes = documents.PDF, **fields) -> Application:
    values = {
        "name": f"Applicant number {number} with a long family name",
        "email": f"person{number}@example.org", "country_of_origin": "RW",
        "country_of_residence": "BE", "profession": "Nurse and trainer of nurses",
        "years_of_experience": 5 + number, "qualification": "master",
        "available_from": "2027-01-01", "availability": "3-6", "motivation": "I want to help.",
        "cv": documents.upload(cv), "language": "en",
        "eligibility_answers": {
            "Member of the Rwandan diaspora living in Belgium or Germany": True,
            "Skilled in health or education": number % 2 == 0,
        },
        "languages": [{"language": "en", "level": "fluent"},
                      {"language": "fr", "level": "intermediate"},
                      {"language": "rw", "level": "native"}],
        **fields,
    }  # fmt: skip
    return Application.objects.create(
        call=call, sector=SectorFactory(), consent_at=timezone.now(),
        submission_key=uuid.uuid4(), **values,
    )  # fmt: skip


def page_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_officer_reviews_a_call_at_1366_px(page, live_server, run_axe, language):
    officer = StaffFactory(username="officer", role=PROGRAMME_OFFICERS, first_name="Odile",
                           last_name="Mukamana")  # fmt: skip
    call = CallFactory(
        title_en="30 Rwandan health and education professionals for temporary assignments",
        eligibility_en="Member of the Rwandan diaspora living in Belgium or Germany\n"
        "Skilled in health or education",
        eligibility_fr="Être membre de la diaspora rwandaise et vivre en Belgique ou en Allemagne\n"
        "Être qualifié dans la santé ou l’éducation",
    )
    # A real one-page PDF (Chromium prints it), for the viewer to show.
    page.set_content("<h1>Curriculum vitae</h1><p>Nurse, 8 years in Kigali and Brussels.</p>")
    cv = page.pdf()
    for number in range(1, 5):
        applicant(call, number, cv=cv)
    applicant(call, 5, email="person1@example.org")  # a duplicate
    StatusMessage.objects.create(
        kind="application", status="shortlisted", notify=True,
        subject_en="Shortlisted", subject_fr="Présélection", body_en="Hello", body_fr="Bonjour",
    )  # fmt: skip
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, officer)

    page.goto(f"/admin/registrations/application/review/{call.pk}/")
    table = page.locator("table.review-list")
    expect(table.locator("tbody tr")).to_have_count(5)
    assert page_overflow(page) <= 0
    for header in table.locator("thead th").all():
        box = header.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1366
    assert table.locator("a", has_text=re.compile("Download|Télécharger")).count() == 5
    shot(page, f"list-{language}")
    assert run_axe(page) == []

    # Only the "no" to the second criterion: applicants 1, 3 and 5 (newest first).
    page.select_option("#review-c1", "no")
    page.locator(".review-filters input[type=submit]").click()
    expect(table.locator("tbody tr")).to_have_count(3)
    page.locator("table.review-list tbody tr").first.locator("a").first.click()
    expect(page.locator("h1")).to_contain_text("Applicant number 5")
    page.locator("a[rel=next]").click()
    expect(page.locator("h1")).to_contain_text("Applicant number 3")
    assert "c1=no" in page.url
    page.locator("a[rel=next]").click()
    expect(page.locator("h1")).to_contain_text("Applicant number 1")
    page.locator("a[rel=prev]").click()
    expect(page.locator("h1")).to_contain_text("Applicant number 3")
    # The browser's own PDF viewer shows the CV inside the page (not a download, not
    # blocked as a sandboxed frame would be).
    expect(page.locator("iframe.review-cv")).to_be_visible()
    page.wait_for_timeout(500)
    frames = [frame.url for frame in page.frames]
    assert any(url.endswith("/cv/inline/") for url in frames), frames
    assert any(url.startswith("chrome-extension://") for url in frames), frames  # the viewer
    shot(page, f"application-{language}")
    assert page_overflow(page) <= 0
    # At 1366 px the CV sits beside the answers, at the top of the page, not below them.
    cv, answers = (page.locator(s).bounding_box() for s in ("iframe.review-cv", ".review-answers"))
    assert cv["x"] > answers["x"] + answers["width"] and cv["y"] < 400, (cv, answers)
    assert run_axe(page) == []

    # Assign, score, change the status.
    page.select_option("#review-reviewer", str(officer.pk))
    page.locator("form:has(#review-reviewer) input[type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("Odile Mukamana")
    page.select_option("#score-0", "3")
    page.select_option("#score-1", "1")
    page.fill("#comment-1", "Little hospital experience")
    page.locator("form:has(#score-0) input[type=submit]").click()
    expect(page.locator(".review-average")).to_contain_text(re.compile(r"2[.,]0"))
    assert ReviewScore.objects.filter(reviewer=officer).count() == 2
    assert "c1=no" in page.url  # still inside the filter

    page.select_option("#review-new-status", "shortlisted")
    page.locator("form:has(#review-new-status) input[type=submit]").click()
    confirmation = page.locator(".status-confirmation-emails")
    expect(confirmation).to_contain_text(
        {"en": "1 person will be emailed", "fr": "1 personne recevra"}[language]
    )
    shot(page, f"confirm-{language}")
    assert run_axe(page) == []
    assert Application.objects.get(name__contains="number 3").status == "new"
    page.locator("input[type=submit]").last.click()
    expect(page.locator(".messagelist")).to_contain_text(
        {"en": "1 person is being emailed", "fr": "Un courriel part vers 1 personne"}[language]
    )
    assert Application.objects.get(name__contains="number 3").status == "shortlisted"
    expect(page.locator(".review-history li")).to_have_count(2)
    shot(page, f"after-{language}")
    assert run_axe(page) == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_review_pages_on_a_phone_scroll_the_table_not_the_page(
    page, live_server, run_axe, language
):
    officer = StaffFactory(username="officer", role=PROGRAMME_OFFICERS)
    call = CallFactory(eligibility_en="Lives in Belgium", eligibility_fr="Vit en Belgique")
    first = applicant(call, 1, eligibility_answers={"Lives in Belgium": False})
    applicant(call, 2, eligibility_answers={"Lives in Belgium": True})
    page.set_viewport_size({"width": 390, "height": 844})
    cookie = {"name": "django_language", "value": language, "url": live_server.url}
    page.context.add_cookies([cookie])
    log_in(page, officer)
    page.goto(f"/admin/registrations/application/review/{call.pk}/")
    expect(page.locator("table.review-list tbody tr")).to_have_count(2)
    assert page_overflow(page) <= 0
    shot(page, f"phone-list-{language}")
    assert run_axe(page) == []
    page.goto(f"/admin/registrations/application/review/{call.pk}/{first.pk}/")
    assert page_overflow(page) <= 0
    shot(page, f"phone-application-{language}")
    cv, answers = (page.locator(s).bounding_box() for s in ("iframe.review-cv", ".review-answers"))
    assert cv["y"] > answers["y"] and cv["width"] > 300  # one column: below, the full width
    assert run_axe(page) == []
    page.goto("/admin/registrations/application/review/")
    expect(page.locator(".review-calls a")).to_have_count(1)
    assert page_overflow(page) <= 0
    shot(page, f"phone-calls-{language}")
    assert run_axe(page) == []

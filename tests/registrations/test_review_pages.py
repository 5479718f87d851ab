"""The review pages of a call's applications (registrations/admin/review) and their
services (registrations/services/review.py)."""

from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.exceptions import ReviewError
from registrations.models import Application, ReviewScore, StatusMessage
from registrations.services import review
from tests.portal import documents
from tests.projects.factories import CallFactory
from tests.registrations.review_support import (
    applicants,
    list_url,
    make_application,
    page_url,
    review_call,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return review_call()


def test_list_shows_eligibility_summary_naming_the_no_answers(admin_client, call):
    applicants(call)
    html = admin_client.get(list_url(call)).text
    assert "2/2 yes" in html and "1/2 yes" in html
    assert "No: Lives in Belgium" in html and "No: Skilled in health" in html
    assert "Same email" in html  # the duplicate flag
    assert "French – fluent" in html


def test_eligibility_filter_matches_answers_given_in_either_language(admin_client, call):
    amina, brice, again = applicants(call)
    html = admin_client.get(list_url(call), {"c0": "no"}).text
    assert brice.reference in html and amina.reference not in html
    html = admin_client.get(list_url(call), {"c1": "yes"}).text
    assert amina.reference in html and brice.reference in html and again.reference not in html
    both = admin_client.get(list_url(call), {"c0": "yes", "c1": "yes"}).text
    assert amina.reference in both and brice.reference not in both and again.reference not in both


def test_country_filter_offers_only_countries_present_in_the_call(admin_client, call):
    applicants(call)
    make_application(CallFactory(), email="x@example.org", country_of_origin="SN")
    response = admin_client.get(list_url(call))
    origins = [
        c.value
        for c in next(f for f in response.context["list_filters"] if f.key == "origin").choices
    ]
    assert origins == ["", "BI", "RW"]
    html = admin_client.get(list_url(call), {"origin": "BI"}).text
    assert "Brice" in html and "Amina" not in html


def test_next_and_previous_stay_inside_the_filter(admin_client, call):
    amina, brice, again = applicants(call)
    filtered = {"c0": "yes"}  # amina and again, newest first: again, amina
    response = admin_client.get(page_url(again), filtered)
    assert response.context["previous"] is None and response.context["following"] == amina.pk
    assert response.context["query"] == "?c0=yes"
    response = admin_client.get(page_url(amina), filtered)
    assert response.context["previous"] == again.pk and response.context["following"] is None
    assert f"{page_url(again)}?c0=yes" in response.text
    # Unfiltered, Brice comes between them.
    response = admin_client.get(page_url(brice))
    assert response.context["previous"] == again.pk and response.context["following"] == amina.pk


def test_editor_is_refused_and_password_only_staff_sent_to_log_in(
    client, editor, programme_officer, settings, call
):
    amina = make_application(call)
    client.force_login(editor)
    for url in (list_url(call), page_url(amina), reverse("admin:registrations_review_calls")):
        assert client.get(url).status_code == 403
    settings.ADMIN_REQUIRE_2FA = True
    client.force_login(programme_officer)
    for url in (list_url(call), page_url(amina)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            reverse("admin:login")
        )
    inline = reverse("admin:registrations_application_cv_inline", args=[amina.pk])
    response = client.get(inline)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_programme_officer_sees_the_page_with_the_cv_in_a_frame(client, programme_officer, call):
    amina = make_application(call)
    client.force_login(programme_officer)
    html = client.get(page_url(amina)).text
    inline = reverse("admin:registrations_application_cv_inline", args=[amina.pk])
    assert f'<iframe class="review-cv" title="CV of Amina Uwase" src="{inline}">' in html


def test_pdf_inline_response_may_be_framed_by_our_own_pages_only(admin_client, admin_user, call):
    amina = make_application(call)
    response = admin_client.get(
        reverse("admin:registrations_application_cv_inline", args=[amina.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert (
        "'none'"
        not in response["Content-Security-Policy"].split("frame-ancestors")[1].split(";")[0]
    )
    assert "no-store" in response["Cache-Control"]
    b"".join(response.streaming_content)
    # Logged as the download is.
    assert LogEntry.objects.filter(object_id=str(amina.pk), user=admin_user).exists()
    # Every other page still refuses to be framed.
    page = admin_client.get(page_url(amina))
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_docx_cv_is_offered_for_download_not_framed(admin_client, call):
    amina = make_application(
        call, cv=documents.upload(documents.docx(), "cv.docx", "application/octet-stream")
    )
    html = admin_client.get(page_url(amina)).text
    assert "<iframe" not in html and "Download the CV (DOCX)" in html
    inline = reverse("admin:registrations_application_cv_inline", args=[amina.pk])
    assert admin_client.get(inline).status_code == 404


def test_assign_only_a_programme_officer(admin_client, admin_user, programme_officer, editor, call):
    amina = make_application(call)
    response = admin_client.post(
        page_url(amina), {"do": "assign", "reviewer": programme_officer.pk}
    )
    assert response.status_code == 302
    assert amina.__class__.objects.get(pk=amina.pk).assignment.reviewer == programme_officer
    admin_client.post(page_url(amina), {"do": "assign", "reviewer": editor.pk})
    assert Application.objects.get(pk=amina.pk).assignment.reviewer == programme_officer
    with pytest.raises(ReviewError):
        services.reviewer_assign(application=amina, reviewer=editor, assigned_by=admin_user)
    html = admin_client.get(list_url(call), {"reviewer": programme_officer.pk}).text
    assert amina.reference in html
    assert amina.reference not in admin_client.get(list_url(call), {"reviewer": "none"}).text


def test_one_score_per_criterion_per_reviewer_and_the_average(admin_user, programme_officer, call):
    amina = make_application(call)
    services.score_set(application=amina, reviewer=admin_user, criterion=0, score=1)
    services.score_set(application=amina, reviewer=admin_user, criterion=0, score=3, comment=" ok ")
    services.score_set(application=amina, reviewer=programme_officer, criterion=0, score=2)
    services.score_set(application=amina, reviewer=programme_officer, criterion=1, score=0)
    mine = ReviewScore.objects.get(application=amina, reviewer=admin_user)
    assert (mine.score, mine.comment, mine.criterion_text) == (3, "ok", "Lives in Belgium")
    overall, per_criterion = review.score_averages(amina)
    assert overall == pytest.approx(5 / 3) and per_criterion == {0: 2.5, 1: 0}
    with pytest.raises(ReviewError):
        services.score_set(application=amina, reviewer=admin_user, criterion=0, score=4)
    with pytest.raises(ReviewError):
        services.score_set(application=amina, reviewer=admin_user, criterion=2, score=1)
    with pytest.raises(IntegrityError):
        ReviewScore.objects.create(
            application=amina, reviewer=admin_user, criterion=0, criterion_text="x", score=1
        )


def test_scores_posted_from_the_page(admin_client, admin_user, call):
    amina = make_application(call)
    data = {"do": "score", "score_0": "2", "comment_0": "Good", "score_1": ""}
    assert admin_client.post(page_url(amina), data).status_code == 302
    assert list(ReviewScore.objects.values_list("criterion", "score", "comment")) == [
        (0, 2, "Good")
    ]
    html = admin_client.get(page_url(amina)).text
    assert "Average: 2.0 out of 3" in html


def test_note_added_from_the_page_keeps_its_author(admin_client, admin_user, call):
    amina = make_application(call)
    admin_client.post(page_url(amina), {"do": "note", "text": "Call her back"})
    note = amina.notes.get()
    assert note.author == admin_user and note.text == "Call her back"


def test_status_change_asks_first_then_says_who_was_emailed(admin_client, committed, call):
    amina = make_application(call)
    StatusMessage.objects.create(
        kind="application", status="shortlisted", notify=True,
        subject_en="Shortlisted", subject_fr="Présélection", body_en="Hello", body_fr="Bonjour",
    )  # fmt: skip
    response = admin_client.post(
        page_url(amina) + "?c0=yes", {"do": "status", "status": "shortlisted"}
    )
    assert response.status_code == 200
    assert "1 person will be emailed about the new status." in response.text
    assert Application.objects.get(pk=amina.pk).status == "new"
    with committed():
        response = admin_client.post(
            page_url(amina) + "?c0=yes",
            {"do": "status", "status": "shortlisted", "confirmed": "yes"},
            follow=True,
        )
    assert Application.objects.get(pk=amina.pk).status == "shortlisted"
    assert response.redirect_chain[0][0] == page_url(amina) + "?c0=yes"
    shown = [str(m) for m in response.context["messages"]]
    assert "1 person is being emailed about the new status." in shown
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]
    history = response.context["history"]
    assert [step.label for step in history] == ["New", "Shortlisted"]
    assert history[-1].by == "admin"


def test_status_history_in_french_with_local_times_and_who(client, admin_user, settings, call):
    settings.TIME_ZONE = "Europe/Brussels"
    amina = make_application(call)
    client.force_login(admin_user)
    client.cookies["django_language"] = "fr"
    client.post(page_url(amina), {"do": "status", "status": "in-review", "confirmed": "yes"})
    html = client.get(page_url(amina), headers={"accept-language": "fr"}).text
    history = html.split('class="review-history"')[1].split("</ol>")[0]
    assert "Nouvelle" in history and "En cours d’examen" in history
    assert "par la personne candidate" in history and "par admin" in history
    first = amina.history.earliest("history_date").history_date
    local = timezone.localtime(first, timezone=ZoneInfo("Europe/Brussels"))
    assert f", {local.hour}\u00a0h\u00a0{local:%M}" in history  # Brussels time, French style


def test_empty_note_and_off_scale_score_are_refused_with_a_message(admin_client, call):
    amina = make_application(call)
    response = admin_client.post(page_url(amina), {"do": "note", "text": "  "}, follow=True)
    assert "Write the note first." in [str(m) for m in response.context["messages"]]
    response = admin_client.post(page_url(amina), {"do": "score", "score_0": "7"}, follow=True)
    assert "A score goes from 0 to 3." in [str(m) for m in response.context["messages"]]
    assert not ReviewScore.objects.exists() and not amina.notes.exists()


def test_list_and_application_pages_keep_their_query_count_as_applications_grow(
    admin_client, django_assert_max_num_queries, call, programme_officer
):
    def add(count: int, start: int) -> Application:
        for number in range(start, start + count):
            application = make_application(call, email=f"p{number}@example.org")
            services.reviewer_assign(
                application=application, reviewer=programme_officer, assigned_by=None
            )
            services.score_set(application=application, reviewer=programme_officer,
                               criterion=0, score=2)  # fmt: skip
        return application

    last = add(2, 0)
    with django_assert_max_num_queries(20) as few:
        admin_client.get(list_url(call))
    with django_assert_max_num_queries(30) as one:
        admin_client.get(page_url(last))
    last = add(10, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(list_url(call))
    with django_assert_max_num_queries(len(one.captured_queries)):
        admin_client.get(page_url(last))


def test_status_change_nobody_hears_of_is_made_at_once(admin_client, call):
    amina = make_application(call)
    response = admin_client.post(
        page_url(amina), {"do": "status", "status": "in-review"}, follow=True
    )
    assert Application.objects.get(pk=amina.pk).status == "in-review"
    assert "Nobody was emailed." in [str(m) for m in response.context["messages"]]
    assert not mail.outbox


@pytest.mark.parametrize(
    "params",
    [
        {"status": "nonsense", "reviewer": "abc", "origin": "ZZZZZZZZ", "c0": "maybe"},
        {"c9": "yes", "page": "last-but-one", "q": "' OR 1=1 --"},
        {"reviewer": "99999999999999999999", "c1": "no", "page": "-3"},
    ],
)
def test_odd_filters_never_fail(admin_client, call, params):
    amina = make_application(call)
    assert admin_client.get(list_url(call), params).status_code == 200
    assert admin_client.get(page_url(amina), params).status_code == 200


def test_odd_posts_never_fail(admin_client, call):
    amina = make_application(call)
    for data in (
        {"do": "score", "score_0": "99999999999999999999999"},
        {"do": "assign", "reviewer": "abc"},
        {"do": "assign", "reviewer": "424242"},
        {"do": "status", "status": "withdrawn"},
        {"do": "status", "status": "nonsense", "confirmed": "yes"},
        {"do": "unknown"},
        {},
    ):
        assert admin_client.post(page_url(amina), data).status_code == 302, data
    assert Application.objects.get(pk=amina.pk).status == "new"
    assert not ReviewScore.objects.exists()

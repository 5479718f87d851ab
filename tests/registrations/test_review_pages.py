"""The review pages of a call's applications (registrations/admin/review) and their
services (registrations/services/review.py)."""

import uuid
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.exceptions import ReviewError
from registrations.models import Application, Interest, ReviewScore, StatusMessage
from registrations.services import review
from tests.portal import documents
from tests.projects.factories import CallFactory, ProjectFactory, SectorFactory

pytestmark = pytest.mark.django_db

CRITERIA_EN = "Lives in Belgium\nSkilled in health"
CRITERIA_FR = "Vit en Belgique\nQualifié dans la santé"


@pytest.fixture
def call():
    return CallFactory(eligibility_en=CRITERIA_EN, eligibility_fr=CRITERIA_FR)


def make_application(call, email="amina@example.org", **fields) -> Application:
    values = {
        "name": "Amina Uwase", "country_of_origin": "RW", "country_of_residence": "BE",
        "profession": "Nurse", "years_of_experience": 5, "qualification": "master",
        "available_from": "2027-01-01", "availability": "3-6", "motivation": "x",
        "cv": documents.upload(documents.PDF), "language": "en",
        "eligibility_answers": {"Lives in Belgium": True, "Skilled in health": True},
        "languages": [{"language": "fr", "level": "fluent"}], **fields,
    }  # fmt: skip
    return Application.objects.create(
        call=call,
        email=email,
        sector=SectorFactory(),
        consent_at=timezone.now(),
        submission_key=uuid.uuid4(),
        **values,
    )


def list_url(call) -> str:
    return reverse("admin:registrations_review_list", args=[call.pk])


def page_url(application) -> str:
    return reverse(
        "admin:registrations_review_application", args=[application.call_id, application.pk]
    )


def applicants(call):
    """Three applications: one English all-yes, one French with a "no", one duplicate."""
    amina = make_application(
        call, eligibility_answers={"Lives in Belgium": True, "Skilled in health": True}
    )
    brice = make_application(
        call, email="brice@example.org", name="Brice Nkurunziza", language="fr",
        country_of_origin="BI", country_of_residence="LU",
        eligibility_answers={"Vit en Belgique": False, "Qualifié dans la santé": True},
    )  # fmt: skip
    again = make_application(
        call,
        name="Amina again",
        eligibility_answers={"Lives in Belgium": True, "Skilled in health": False},
    )
    return amina, brice, again


def test_list_shows_eligibility_summary_naming_the_no_answers(admin_client, call):
    applicants(call)
    html = admin_client.get(list_url(call)).text
    assert "2/2 yes" in html and "1/2 yes" in html
    assert "No: Vit en Belgique" in html and "No: Skilled in health" in html
    assert "Same email" in html  # the duplicate flag
    assert "French (fluent)" in html or "Français" in html or "fluent" in html


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
    assert "1 person was emailed about the new status." in shown
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]
    history = response.context["history"]
    assert [step.label for step in history] == ["New", "Shortlisted"]
    assert history[-1].by == "admin"


def test_changelist_country_filters_list_only_countries_present(admin_client, call):
    applicants(call)
    response = admin_client.get(reverse("admin:registrations_application_changelist"))
    specs = {
        spec.parameter_name: spec
        for spec in response.context["cl"].filter_specs
        if hasattr(spec, "parameter_name")
    }
    origin = [code for code, _label in specs["country_of_origin"].lookup_choices]
    assert origin == ["BI", "RW"]  # Burundi, Rwanda: not the 250 countries of the field
    residence = [code for code, _label in specs["country_of_residence"].lookup_choices]
    assert residence == ["BE", "LU"]
    filtered = admin_client.get(
        reverse("admin:registrations_application_changelist"), {"country_of_origin": "BI"}
    )
    assert [a.name for a in filtered.context["cl"].result_list] == ["Brice Nkurunziza"]


def test_interest_changelist_country_filter_and_their_own_statuses(admin_client):
    Interest.objects.create(
        project=ProjectFactory(), contact_person="Ana", email="a@x.org", country="BE",
        kind="investment", message="x", language="fr", consent_at=timezone.now(),
        submission_key=uuid.uuid4(),
    )  # fmt: skip
    response = admin_client.get(reverse("admin:registrations_interest_changelist"))
    specs = {
        spec.parameter_name: spec
        for spec in response.context["cl"].filter_specs
        if hasattr(spec, "parameter_name")
    }
    assert [code for code, _label in specs["country"].lookup_choices] == ["BE"]
    actions = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert "set_status_contacted" in actions and "set_status_closed" in actions
    assert "set_status_shortlisted" not in actions and "set_status_selected" not in actions


def test_bulk_status_change_says_after_how_many_people_were_emailed(admin_client, committed, call):
    amina, brice, _again = applicants(call)
    StatusMessage.objects.create(
        kind="application", status="in-review", notify=True,
        subject_en="In review", subject_fr="En cours", body_en="Hello", body_fr="Bonjour",
    )  # fmt: skip
    changelist = reverse("admin:registrations_application_changelist")
    data = {"action": "set_status_in_review", "_selected_action": [amina.pk, brice.pk]}
    confirmation = admin_client.post(changelist, data)
    assert "2 people will be emailed about the new status." in confirmation.text
    with committed():
        response = admin_client.post(changelist, {**data, "post": "yes"}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert "2 people were emailed about the new status." in shown
    assert sorted(m.to[0] for m in mail.outbox) == ["amina@example.org", "brice@example.org"]


def test_changelist_filtered_by_call_links_to_its_review(admin_client, call):
    html = admin_client.get(
        reverse("admin:registrations_application_changelist"), {"call__id__exact": call.pk}
    ).text
    assert list_url(call) in html
    html = admin_client.get(reverse("admin:registrations_application_changelist")).text
    assert reverse("admin:registrations_review_calls") in html


def test_calls_page_lists_calls_for_candidates_and_lists_are_per_call(admin_client, call):
    investors = CallFactory(kind="investors", title_en="Invest in pilots")
    amina = make_application(call)
    html = admin_client.get(reverse("admin:registrations_review_calls")).text
    assert list_url(call) in html and "Invest in pilots" not in html
    assert admin_client.get(list_url(investors)).status_code == 404
    other = CallFactory()
    wrong = reverse("admin:registrations_review_application", args=[other.pk, amina.pk])
    assert admin_client.get(wrong).status_code == 404


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


def test_application_change_page_links_to_its_review_page(admin_client, call):
    amina = make_application(call)
    html = admin_client.get(reverse("admin:registrations_application_change", args=[amina.pk])).text
    assert page_url(amina) in html


def test_dashboard_sends_a_call_for_candidates_to_its_review_page(admin_client, call):
    make_application(call)
    html = admin_client.get(reverse("admin:index")).text
    assert f'href="{list_url(call)}"' in html


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

"""The moderation queue in the admin: what it lists, what it costs, who sees the asker's
address, and the dashboard panel."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from dialogue.models import Question
from dialogue.services import moderation
from tests.dialogue.factories import QuestionFactory, ReportFactory
from tests.events.factories import EventFactory
from tests.newsletter.factories import ArticleFactory
from tests.projects.factories import CallFactory

pytestmark = pytest.mark.django_db

Status = Question.Status
QUEUE = reverse("admin:dialogue_question_changelist")


def listed(response) -> list[int]:
    return [question.pk for question in response.context["cl"].result_list]


def test_the_queue_lists_what_waits_for_a_decision_oldest_first(admin_client):
    now = timezone.now()
    newer = QuestionFactory()
    older = QuestionFactory()
    Question.objects.filter(pk=older.pk).update(created_at=now - timedelta(days=3))
    reported = ReportFactory().question
    Question.objects.filter(pk=reported.pk).update(
        report_count=1, created_at=now - timedelta(days=1)
    )
    for status in (Status.UNCONFIRMED, Status.APPROVED, Status.REJECTED, Status.MERGED):
        QuestionFactory(status=status)
    response = admin_client.get(QUEUE)
    assert listed(response) == [older.pk, reported.pk, newer.pk]
    assert listed(admin_client.get(QUEUE, {"status": "rejected"})) != []
    assert len(listed(admin_client.get(QUEUE, {"status": "all"}))) == 7


def test_the_queue_filters(admin_client):
    on_event = QuestionFactory(project=None, event=EventFactory(), language="fr", text_fr="Où ?")
    answered = QuestionFactory(answered_at=timezone.now(), answer_en="Yes", answer_language="en")
    reported = ReportFactory(question__status=Status.PENDING).question
    Question.objects.filter(pk=reported.pk).update(report_count=2)
    assert listed(admin_client.get(QUEUE, {"item": "event"})) == [on_event.pk]
    assert listed(admin_client.get(QUEUE, {"language": "fr"})) == [on_event.pk]
    assert listed(admin_client.get(QUEUE, {"answered": "yes"})) == [answered.pk]
    assert listed(admin_client.get(QUEUE, {"reported": "yes"})) == [reported.pk]
    faq = QuestionFactory(status=Status.APPROVED, is_faq=True)
    assert listed(admin_client.get(QUEUE, {"status": "all", "is_faq__exact": "1"})) == [faq.pk]


def make_questions(count: int) -> None:
    kinds = [
        lambda: {},
        lambda: {"project": None, "call": CallFactory()},
        lambda: {"project": None, "event": EventFactory()},
        lambda: {"project": None, "article": ArticleFactory()},
    ]
    for index in range(count):
        QuestionFactory(**kinds[index % len(kinds)]())


def test_the_queue_costs_the_same_queries_for_1_and_50_questions(
    admin_client, django_assert_num_queries
):
    make_questions(1)
    admin_client.get(QUEUE)  # warm the caches (site settings, permissions)
    with CaptureQueriesContext(connection) as one:
        assert len(listed(admin_client.get(QUEUE))) == 1
    make_questions(49)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(listed(admin_client.get(QUEUE))) == 50


def test_an_editor_moderates_but_never_sees_the_askers_address(editor_client):
    question = QuestionFactory(email="ama.private@example.org")
    change = reverse("admin:dialogue_question_change", args=[question.pk])
    assert editor_client.get(QUEUE).status_code == 200
    page = editor_client.get(change).content.decode()
    assert "ama.private@example.org" not in page
    assert reverse("admin:dialogue_question_reject", args=[question.pk]) in page
    reject = editor_client.get(reverse("admin:dialogue_question_reject", args=[question.pk]))
    assert "ama.private@example.org" not in reject.content.decode()
    assert "the asker (in English)" in reject.content.decode()
    # Nor can an editor find a question by its address.
    assert listed(editor_client.get(QUEUE, {"q": "ama.private"})) == []


def test_a_programme_officer_sees_the_askers_address(client, programme_officer):
    question = QuestionFactory(email="ama.private@example.org")
    client.force_login(programme_officer)
    page = client.get(reverse("admin:dialogue_question_change", args=[question.pk]))
    assert "ama.private@example.org" in page.content.decode()
    reject = client.get(reverse("admin:dialogue_question_reject", args=[question.pk]))
    assert "ama.private@example.org (in English)" in reject.content.decode()
    assert listed(client.get(QUEUE, {"q": "ama.private"})) == [question.pk]


@pytest.mark.parametrize(
    "lookup",
    ["email", "email__startswith", "email__regex", "email__icontains", "merged_into__email"],
)
def test_an_editor_cannot_filter_the_queue_by_address(editor_client, lookup):
    QuestionFactory(email="ama.private@example.org")
    assert editor_client.get(QUEUE, {lookup: "ama"}).status_code == 400


def test_a_programme_officer_still_filters_by_address(client, programme_officer):
    question = QuestionFactory(email="ama.private@example.org")
    QuestionFactory(email="other@example.org")
    client.force_login(programme_officer)
    response = client.get(QUEUE, {"email__startswith": "ama"})
    assert listed(response) == [question.pk]


def test_staff_without_a_role_and_visitors_cannot_moderate(client, staff_without_role):
    question = QuestionFactory()
    approve = reverse("admin:dialogue_question_approve", args=[question.pk])
    assert client.post(approve).status_code == 302  # to the login page
    client.force_login(staff_without_role)
    assert client.get(QUEUE).status_code == 403
    assert client.post(approve).status_code == 403
    assert Question.objects.get(pk=question.pk).status == Status.PENDING


def test_editing_the_text_keeps_its_status_and_history(admin_client, committed):
    question = QuestionFactory(text_en="Call me on 0470 12 34 56 please", display_name="Ama")
    change = reverse("admin:dialogue_question_change", args=[question.pk])
    data = {
        "text_en": "Call me please",
        "text_fr": "",
        "display_name": "Ama",
        "reports-TOTAL_FORMS": "0",
        "reports-INITIAL_FORMS": "0",
        "reports-MIN_NUM_FORMS": "0",
        "reports-MAX_NUM_FORMS": "1000",
    }
    with committed():
        response = admin_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    question.refresh_from_db()
    assert (question.text_en, question.status) == ("Call me please", Status.PENDING)
    assert question.history.count() == 2


def test_dashboard_shows_the_queue_size_reported_and_oldest(editor_client):
    QuestionFactory()
    old = QuestionFactory()
    Question.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=4))
    reported = ReportFactory().question
    Question.objects.filter(pk=reported.pk).update(report_count=1)
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert "3 questions wait for a decision" in page
    assert "1 of them reported by visitors" in page
    assert "The oldest has waited 4\xa0days." in page
    assert f'href="{QUEUE}"' in page


def test_dashboard_in_french_with_an_empty_queue(editor_client):
    editor_client.cookies["django_language"] = "fr"
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert "Questions à modérer" in page
    assert "Rien n’attend de décision." in page


def test_french_admin_agrees_with_question_and_filters_have_noun_titles(admin_client):
    with translation.override("fr"):
        assert str(Question.Status.APPROVED.label) == "Publiée"
        assert str(Question.Status.REJECTED.label) == "Refusée"
    html = admin_client.get(QUEUE, headers={"accept-language": "fr"}).text
    for title in ["élément concerné", "signalements en attente", "réponse", "FAQ"]:
        assert f"Par {title}" in html
    assert "Par posée sous" not in html and "Par dans la FAQ" not in html


def test_view_on_site_only_for_a_published_question(admin_client):
    pending = QuestionFactory(status=Question.Status.PENDING)
    published = QuestionFactory(status=Question.Status.APPROVED)
    change = "admin:dialogue_question_change"
    html = admin_client.get(reverse(change, args=[pending.pk])).text
    assert "viewsitelink" not in html
    html = admin_client.get(reverse(change, args=[published.pk])).text
    assert "viewsitelink" in html


def test_the_history_cannot_revert_a_question(admin_client):
    question = QuestionFactory(text_en="Call me on 0470 12 34 56 please")
    first = question.history.earliest("history_date")
    question.text_en = "Call me please"
    moderation.question_edit(question=question, fields=["text_en"])
    version = reverse("admin:dialogue_question_simple_history", args=[question.pk, first.pk])
    page = admin_client.get(version)
    assert page.status_code == 200
    assert "0470" not in page.text  # the redacted text, even in the old version
    assert (
        admin_client.post(version, {"text_en": "Call me on 0470 12 34 56 please"}).status_code
        == 403
    )
    question.refresh_from_db()
    assert question.text_en == "Call me please"

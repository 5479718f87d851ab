"""The moderation pages (dialogue/admin/decisions.py): each says who will be emailed before,
and who was after; a decision made meanwhile by someone else is reported, not repeated."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from dialogue.models import Question
from tests.dialogue.factories import QuestionFactory, ReportFactory

pytestmark = pytest.mark.django_db

Status = Question.Status
QUEUE = reverse("admin:dialogue_question_changelist")


def url(name: str, question: Question) -> str:
    return reverse(f"admin:dialogue_question_{name}", args=[question.pk])


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_approve_page_says_nobody_is_emailed_then_publishes(admin_client, committed):
    question = QuestionFactory()
    page = admin_client.get(url("approve", question)).content.decode()
    assert "Nobody: this decision sends no email." in page
    with committed():
        response = admin_client.post(url("approve", question))
    assert response.url == QUEUE
    assert flashed(response) == ["The question is published. Nobody was emailed."]
    assert Question.objects.get(pk=question.pk).status == Status.APPROVED
    assert mail.outbox == []


def test_a_second_moderator_is_told_the_question_was_decided(admin_client, committed):
    question = QuestionFactory()
    with committed():
        admin_client.post(url("reject", question), {"reason": "Spam."})
        response = admin_client.post(url("approve", question))
    assert response.url == reverse("admin:dialogue_question_change", args=[question.pk])
    assert "already been decided" in flashed(response)[-1]
    assert Question.objects.get(pk=question.pk).status == Status.REJECTED
    assert len(mail.outbox) == 1


def test_reject_without_a_reason_shows_the_form_again_and_changes_nothing(admin_client):
    question = QuestionFactory(language="fr", text_fr="Quand ?")
    response = admin_client.post(url("reject", question), {"reason": " "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert "write it in French" in response.content.decode()
    assert Question.objects.get(pk=question.pk).status == Status.PENDING


def test_reject_names_who_was_emailed(client, programme_officer, committed):
    question = QuestionFactory(language="fr", text_fr="Quand ?", email="awa@example.org")
    client.force_login(programme_officer)
    with committed():
        response = client.post(url("reject", question), {"reason": "Hors sujet."})
    assert flashed(response) == [
        "The question is rejected; the reason is on its way by email to: "
        "awa@example.org (in French)."
    ]
    assert mail.outbox[0].to == ["awa@example.org"]


def test_answer_page_lists_the_asker_and_the_merged_askers(editor_client, committed):
    question = QuestionFactory(language="fr", text_fr="Quand ?")
    merged = QuestionFactory(project=question.project, status=Status.MERGED, merged_into=question)
    page = editor_client.get(url("answer", question)).content.decode()
    assert "the asker (in French)" in page
    assert f"the asker of question #{merged.pk} (in English)" in page
    with committed():
        response = editor_client.post(
            url("answer", question),
            {
                "answered_by": "programme",
                "language": "fr",
                "answer_fr": "Le 12 mars.",
                "answer_en": "On 12 March.",
            },
        )
    assert response.url == QUEUE
    assert "the asker (in French), the asker of question" in flashed(response)[0]
    question.refresh_from_db()
    assert (question.status, question.answered_by) == (Status.APPROVED, "programme")
    assert (question.answer_fr, question.answer_en) == ("Le 12 mars.", "On 12 March.")
    assert len(mail.outbox) == 2


def test_answer_refused_without_text_in_its_language(admin_client):
    question = QuestionFactory()
    response = admin_client.post(
        url("answer", question), {"answered_by": "office", "language": "en", "answer_fr": "Oui"}
    )
    assert response.context["form"].errors["answer_en"]
    assert not Question.objects.get(pk=question.pk).is_answered


def test_answered_by_must_be_a_team(admin_client):
    question = QuestionFactory()
    response = admin_client.post(
        url("answer", question), {"answered_by": "Jane Doe", "language": "en", "answer_en": "Yes"}
    )
    assert response.context["form"].errors["answered_by"]
    assert not Question.objects.get(pk=question.pk).is_answered


def test_merge_offers_only_questions_under_the_same_item(admin_client, committed):
    original = QuestionFactory(status=Status.APPROVED)
    QuestionFactory()  # under another project
    duplicate = QuestionFactory(project=original.project)
    page = admin_client.get(url("merge", duplicate))
    assert list(page.context["form"].fields["into"].queryset) == [original]
    with committed():
        response = admin_client.post(url("merge", duplicate), {"into": original.pk})
    assert response.url == QUEUE
    assert Question.objects.get(pk=duplicate.pk).merged_into == original
    assert len(mail.outbox) == 1


def test_keep_and_faq_pages(admin_client, committed):
    question = ReportFactory().question
    Question.objects.filter(pk=question.pk).update(report_count=1)
    with committed():
        admin_client.post(url("keep", question))
        admin_client.post(url("faq", question), {"is_faq": "on", "position": "2"})
    question.refresh_from_db()
    assert (question.report_count, question.is_faq, question.faq_position) == (0, True, 2)
    # Kept once: the page is no longer offered.
    response = admin_client.get(url("keep", question))
    assert response.status_code == 302


def test_change_form_offers_the_decisions_that_fit_the_status(admin_client):
    pending = QuestionFactory()
    page = admin_client.get(reverse("admin:dialogue_question_change", args=[pending.pk]))
    offered = {d["url"] for d in page.context["decisions"]}
    assert offered == {url(name, pending) for name in ("approve", "answer", "reject", "merge")}
    rejected = QuestionFactory(status=Status.REJECTED)
    page = admin_client.get(reverse("admin:dialogue_question_change", args=[rejected.pk]))
    assert page.context["decisions"] == []


def test_bulk_publish_counts_what_it_left(admin_client, committed):
    waiting = QuestionFactory()
    rejected = QuestionFactory(status=Status.REJECTED)
    with committed():
        response = admin_client.post(
            QUEUE + "?status=all",
            {"action": "approve_selected", "_selected_action": [waiting.pk, rejected.pk]},
            follow=True,
        )
    assert Question.objects.get(pk=waiting.pk).status == Status.APPROVED
    assert Question.objects.get(pk=rejected.pk).status == Status.REJECTED
    page = response.content.decode()
    assert "1 question published; nobody was emailed." in page
    assert "1 question was not waiting for a decision" in page


def test_the_pages_in_french(editor_client):
    question = QuestionFactory(language="fr", text_fr="Quand ?")
    editor_client.cookies["django_language"] = "fr"
    page = editor_client.get(url("reject", question)).content.decode()
    assert "Refuser la question" in page
    assert "Qui recevra un courriel" in page
    assert "l’auteur de la question (en français)" in page
    assert "écrivez-le en français, sa langue" in page
    queue = editor_client.get(QUEUE).content.decode()
    assert "File de modération" in queue

"""Moderation decisions (dialogue/services/moderation.py): each decided once, whatever the
clicks; emails queued after commit; the public page cache renewed only when the public
sees a change."""

import pytest
from django.core import mail

from dialogue.exceptions import AlreadyAnswered, AlreadyDecided, DialogueError, NotADuplicate
from dialogue.models import Question
from dialogue.services import moderation
from tests.dialogue.factories import QuestionFactory, ReportFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

Status = Question.Status
ANSWER = {"en": "On 12 March at 17:00, in Kigali.", "fr": ""}


def test_approving_publishes_and_renews_the_public_pages(committed, pages_renewed):
    question = QuestionFactory()
    with committed():
        moderation.question_approve(question=question)
    question.refresh_from_db()
    assert question.status == Status.APPROVED
    assert question.decided_at is not None
    assert pages_renewed()
    assert mail.outbox == []  # an approval tells nobody


def test_a_second_approval_changes_nothing(committed):
    question = QuestionFactory()
    stale = Question.objects.get(pk=question.pk)  # the other moderator's page
    moderation.question_approve(question=question)
    with pytest.raises(AlreadyDecided):
        moderation.question_approve(question=stale)


def test_a_question_rejected_by_one_moderator_cannot_be_approved_by_another(committed):
    question = QuestionFactory()
    stale = Question.objects.get(pk=question.pk)
    with committed():
        moderation.question_reject(question=question, reason="Off topic.")
    with pytest.raises(AlreadyDecided):
        moderation.question_approve(question=stale)
    stale.refresh_from_db()
    assert stale.status == Status.REJECTED
    assert len(mail.outbox) == 1  # one rejection, one email


def test_rejecting_a_waiting_question_emails_the_reason_without_renewing_the_pages(
    committed, pages_renewed
):
    question = QuestionFactory(email="ama@example.org")
    with committed():
        moderation.question_reject(question=question, reason="It names a private person.")
    question.refresh_from_db()
    assert question.status == Status.REJECTED
    assert question.reject_reason == "It names a private person."
    assert not pages_renewed()  # the public never saw it
    assert mail.outbox[0].to == ["ama@example.org"]
    assert "It names a private person." in mail.outbox[0].body


def test_rejecting_a_published_question_renews_the_pages_and_leaves_the_faq(
    committed, pages_renewed
):
    question = QuestionFactory(status=Status.APPROVED, is_faq=True, faq_position=2)
    with committed():
        moderation.question_reject(question=question, reason="Spam.")
    question.refresh_from_db()
    assert question.status == Status.REJECTED and not question.is_faq
    assert pages_renewed()


def test_a_rejection_needs_a_reason_and_stores_nothing_without_one(committed):
    question = QuestionFactory()
    with committed(), pytest.raises(DialogueError):
        moderation.question_reject(question=question, reason="   ")
    question.refresh_from_db()
    assert question.status == Status.PENDING
    assert mail.outbox == []


def test_answering_a_waiting_question_publishes_it_and_emails_the_asker(committed, pages_renewed):
    question = QuestionFactory()
    with committed():
        moderation.question_answer(
            question=question, texts=ANSWER, language="en", answered_by="programme"
        )
    question.refresh_from_db()
    assert question.status == Status.APPROVED
    assert question.answer_en == ANSWER["en"]
    assert (question.answer_language, question.answered_by) == ("en", "programme")
    assert question.answered_at is not None
    assert pages_renewed()
    assert [message.to for message in mail.outbox] == [[question.email]]


def test_a_question_is_answered_once(committed):
    question = QuestionFactory()
    stale = Question.objects.get(pk=question.pk)
    with committed():
        moderation.question_answer(
            question=question, texts=ANSWER, language="en", answered_by="office"
        )
    with committed(), pytest.raises(AlreadyAnswered):
        moderation.question_answer(
            question=stale, texts={"en": "Another answer"}, language="en", answered_by="office"
        )
    assert Question.objects.get(pk=question.pk).answer_en == ANSWER["en"]
    assert len(mail.outbox) == 1


def test_an_answer_in_a_language_without_its_text_is_refused():
    question = QuestionFactory()
    with pytest.raises(DialogueError):
        moderation.question_answer(
            question=question, texts={"en": "Yes", "fr": ""}, language="fr", answered_by="office"
        )
    with pytest.raises(DialogueError):
        moderation.question_answer(
            question=question, texts=ANSWER, language="en", answered_by="Jane Doe"
        )
    question.refresh_from_db()
    assert not question.is_answered and question.status == Status.PENDING


def test_merging_tells_the_asker_and_they_get_the_answer_when_it_comes(committed):
    original = QuestionFactory(status=Status.APPROVED, email="first@example.org")
    duplicate = QuestionFactory(project=original.project, email="second@example.org")
    with committed():
        moderation.question_merge(question=duplicate, into=original)
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Status.MERGED, original)
    assert mail.outbox[0].to == ["second@example.org"]
    with committed():
        moderation.question_answer(
            question=original, texts=ANSWER, language="en", answered_by="office"
        )
    answered_to = sorted(message.to[0] for message in mail.outbox[1:])
    assert answered_to == ["first@example.org", "second@example.org"]


def test_merging_a_waiting_question_leaves_the_pages_alone(committed, pages_renewed):
    original = QuestionFactory(status=Status.APPROVED)
    duplicate = QuestionFactory(project=original.project)
    with committed():
        moderation.question_merge(question=duplicate, into=original)
    assert not pages_renewed()


def test_only_a_question_on_the_same_item_can_be_the_original():
    question = QuestionFactory()
    elsewhere = QuestionFactory()
    rejected = QuestionFactory(project=question.project, status=Status.REJECTED)
    on_an_event = QuestionFactory(project=None, event=EventFactory())
    for into in (elsewhere, rejected, on_an_event, question):
        with pytest.raises(NotADuplicate):
            moderation.question_merge(question=question, into=into)
    assert Question.objects.get(pk=question.pk).status == Status.PENDING


def test_questions_merged_earlier_follow_a_merged_question():
    target = QuestionFactory()
    middle = QuestionFactory(project=target.project)
    earlier = QuestionFactory(project=target.project, status=Status.MERGED, merged_into=middle)
    moderation.question_merge(question=middle, into=target)
    earlier.refresh_from_db()
    assert earlier.merged_into == target


def test_keeping_a_reported_question_handles_its_reports(committed, pages_renewed):
    report = ReportFactory()
    question = report.question
    Question.objects.filter(pk=question.pk).update(report_count=1)
    with committed():
        moderation.question_keep_published(question=question)
    question.refresh_from_db()
    report.refresh_from_db()
    assert question.status == Status.APPROVED and question.report_count == 0
    assert report.handled_at is not None
    assert not pages_renewed()  # it never left the public page
    assert not Question.objects.waiting().exists()
    with pytest.raises(AlreadyDecided):  # the second moderator
        moderation.question_keep_published(question=question)


def test_keeping_a_question_that_reports_had_hidden_shows_it_again(committed, pages_renewed):
    question = ReportFactory(question__status=Status.PENDING).question
    Question.objects.filter(pk=question.pk).update(report_count=3)
    with committed():
        moderation.question_keep_published(question=question)
    assert Question.objects.get(pk=question.pk).status == Status.APPROVED
    assert pages_renewed()


def test_faq_only_for_published_questions_and_renews_the_pages(committed, pages_renewed):
    with pytest.raises(DialogueError):
        moderation.question_set_faq(question=QuestionFactory(), is_faq=True, position=1)
    question = QuestionFactory(status=Status.APPROVED)
    with committed():
        moderation.question_set_faq(question=question, is_faq=True, position=3)
    question.refresh_from_db()
    assert (question.is_faq, question.faq_position) == (True, 3)
    assert pages_renewed()


def test_an_edit_keeps_a_decision_made_meanwhile_and_the_history(committed):
    question = QuestionFactory(text_en="Call me on +32 470 12 34 56 about the call")
    editing = Question.objects.get(pk=question.pk)
    with committed():
        moderation.question_reject(question=question, reason="Personal details.")
    editing.text_en = "Call me about the call"
    moderation.question_edit(question=editing, fields=["text_en"])
    question.refresh_from_db()
    assert question.status == Status.REJECTED
    assert question.text_en == "Call me about the call"
    # The redaction reaches the earlier versions: the number is in no history row.
    versions = question.history.order_by("history_date")
    assert versions.count() == 3  # asked, rejected, edited: who did what stays
    assert {version.text_en for version in versions} == {"Call me about the call"}
    assert versions.last().status == Status.REJECTED


def test_an_email_that_fails_keeps_the_decision(committed, monkeypatch):
    question = QuestionFactory()

    def broken_send(self, *args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken_send)
    with committed():  # the task fails (the queue reports it); the request goes on
        moderation.question_reject(question=question, reason="Off topic.")
    assert mail.outbox == []
    assert Question.objects.get(pk=question.pk).status == Status.REJECTED

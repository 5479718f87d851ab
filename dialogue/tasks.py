"""The dialogue's background work, queued by receivers.py after a decision has committed.
A failed email fails the task (the queue reports it); the decision is kept either way."""

import logging

from django_tasks import task

from dialogue.emails import answer_message, merged_message, rejected_message
from dialogue.models import ITEM_FIELDS, Question
from dialogue.services import asking
from dialogue.services.moderation import answer_recipients

logger = logging.getLogger(__name__)

Status = Question.Status
# kind: (the email, the status the question must still have for it to be sent)
MODERATION_EMAILS = {
    "rejected": (rejected_message, Status.REJECTED),
    "merged": (merged_message, Status.MERGED),
}


def _question(question_id: int) -> Question | None:
    related = [*ITEM_FIELDS, "merged_into"]
    return Question.objects.select_related(*related).filter(pk=question_id).first()


@task()
def send_moderation_email(*, question_id: int, kind: str) -> None:
    """Tell the asker of a rejection or a merge, unless the question has changed since
    (erased, or decided again)."""
    build, status = MODERATION_EMAILS[kind]
    question = _question(question_id)
    if question is None or question.status != status:
        return
    build(question).send()


@task()
def send_answer_emails(*, question_id: int) -> int:
    """The answer to its asker and to the askers of the questions merged into it; one
    failed email does not stop the others (the task then fails). Returns how many went."""
    question = _question(question_id)
    if question is None or not question.is_answered:
        return 0
    sent, failures = 0, []
    for recipient in answer_recipients(question):
        try:
            answer_message(question, recipient).send()
            sent += 1
        except Exception as error:  # reported below, after trying the others
            logger.exception("answer email about question %s failed", question_id)
            failures.append(error)
    if failures:
        raise failures[0]
    return sent


@task()
def send_confirmation_email(*, question_id: int) -> None:
    asking.confirmation_send(question_id=question_id)

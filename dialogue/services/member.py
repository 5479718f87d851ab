"""What an asker does from My space: withdraw their question."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dialogue.exceptions import WithdrawRefused
from dialogue.models import Question
from portal.core.cache import invalidate_objects

# What an asker may still withdraw: not yet decided, or published. A rejected or merged
# question is not shown anywhere; erasing it is the way to remove it.
WITHDRAWABLE = (Question.Status.UNCONFIRMED, Question.Status.PENDING, Question.Status.APPROVED)


def withdraw_refusal(*, question: Question) -> WithdrawRefused | None:
    """Why the question cannot be withdrawn, or None if it can."""
    if question.status == Question.Status.WITHDRAWN:
        return WithdrawRefused(_("This question is already withdrawn."))
    if question.status not in WITHDRAWABLE:
        return WithdrawRefused(_("This question is not published and can no longer be withdrawn."))
    return None


def question_withdraw(*, question: Question) -> Question:
    """The asker withdraws their question (My space, or withdrawing their consent): it is
    WITHDRAWN, never shown again, and out of the FAQ. A question that was public leaves its
    page, so the page cache is renewed; a hidden one changes nothing the public sees.
    Raises WithdrawRefused when it cannot be withdrawn (see `withdraw_refusal`)."""
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        refusal = withdraw_refusal(question=question)
        if refusal is not None:
            raise refusal
        was_public = question.is_public
        question.status = Question.Status.WITHDRAWN
        question.is_faq = False
        question.save(update_fields=["status", "is_faq", "updated_at"])
        if was_public:
            invalidate_objects(question.item_reference)
    return question

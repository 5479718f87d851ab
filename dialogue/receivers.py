"""Side effects of the dialogue's signals (dialogue/signals.py): emails queued as tasks,
the page cache renewed when what the public sees changes."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from dialogue import tasks
from dialogue.models import Question
from dialogue.signals import (
    confirmation_requested,
    question_answered,
    question_merged,
    question_rejected,
)
from portal.core import background
from portal.core.cache import invalidate_objects


@receiver(confirmation_requested)
def queue_confirmation(sender, *, question_id: int, **kwargs) -> None:
    background.enqueue(tasks.send_confirmation_email, question_id=question_id)


@receiver(question_rejected)
def queue_rejection_email(sender, *, question_id, **kwargs):
    background.enqueue(tasks.send_moderation_email, question_id=question_id, kind="rejected")


@receiver(question_answered)
def queue_answer_emails(sender, *, question_id, **kwargs):
    background.enqueue(tasks.send_answer_emails, question_id=question_id)


@receiver(question_merged)
def queue_merge_email(sender, *, question_id, **kwargs):
    background.enqueue(tasks.send_moderation_email, question_id=question_id, kind="merged")


# The page cache. Questions are not `page_models`: a new question is not public, so a flood
# of submissions must not empty the cache. The services that publish, answer, hide or edit a
# public question renew its item's pages themselves; a deletion (erasure, retention, an item
# deleted with its questions) comes here, and renews them only if it was public.
@receiver(post_delete, sender=Question, dispatch_uid="dialogue.question_deleted")
def renew_pages_after_public_question_deleted(sender, instance: Question, **kwargs) -> None:
    if instance.status == Question.Status.APPROVED:
        invalidate_objects(instance.item_reference)

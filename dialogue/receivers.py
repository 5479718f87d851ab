"""Side effects of the dialogue's signals (dialogue/signals.py): emails queued as tasks,
the page cache renewed when what the public sees changes."""

from django.dispatch import receiver

from dialogue import tasks
from dialogue.signals import question_answered, question_merged, question_rejected
from portal.core import background


@receiver(question_rejected)
def queue_rejection_email(sender, *, question_id, **kwargs):
    background.enqueue(tasks.send_moderation_email, question_id=question_id, kind="rejected")


@receiver(question_answered)
def queue_answer_emails(sender, *, question_id, **kwargs):
    background.enqueue(tasks.send_answer_emails, question_id=question_id)


@receiver(question_merged)
def queue_merge_email(sender, *, question_id, **kwargs):
    background.enqueue(tasks.send_moderation_email, question_id=question_id, kind="merged")

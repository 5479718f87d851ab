"""Side effects of the dialogue's signals (dialogue/signals.py): emails queued as tasks,
the page cache renewed when what the public sees changes."""

from django.dispatch import receiver

from dialogue import signals, tasks
from portal.core import background


@receiver(signals.confirmation_requested)
def queue_confirmation(sender, *, question_id: int, **kwargs) -> None:
    background.enqueue(tasks.send_confirmation_email, question_id=question_id)

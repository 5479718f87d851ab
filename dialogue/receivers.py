"""Side effects of the dialogue's signals (dialogue/signals.py): emails queued as tasks,
the page cache renewed when what the public sees changes."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from dialogue.models import Question
from portal.core.cache import invalidate_pages


@receiver(post_delete, sender=Question, dispatch_uid="dialogue.question_deleted")
def question_deleted(sender, instance: Question, **kwargs) -> None:
    """A published question deleted (erasure, retention, staff): it leaves its item's page.
    A hidden one changes nothing the public sees, so the cache stays."""
    if instance.is_public:
        invalidate_pages()

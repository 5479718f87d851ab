"""Receivers of the talent app (connected in TalentConfig.ready()): the work the services
announce (talent.signals) is queued here, and a changed profile has the pool's public
counters recounted once its transaction commits (a side effect, not a business rule)."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.core import background
from projects.models import Target
from talent import tasks
from talent.models import ExpertProfile
from talent.signals import invitations_sending_requested


@receiver(invitations_sending_requested)
def queue_invitations(sender, *, call_id, run_after=None, **kwargs):
    task = tasks.send_invitations
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the periodic resume task picks the retry up once it is due
        task = task.using(run_after=run_after)
    # As session messages: never sent inside the officer's request when the queue is down.
    task.enqueue(call_id=call_id)


@receiver(post_save, sender=ExpertProfile, dispatch_uid="talent_recount_on_save")
@receiver(post_delete, sender=ExpertProfile, dispatch_uid="talent_recount_on_delete")
def recount_pool_targets(sender, **kwargs):
    transaction.on_commit(_queue_recount)


@receiver(post_save, sender=Target, dispatch_uid="talent_count_new_target")
def count_a_pool_target_saved(sender, *, instance, update_fields=None, **kwargs):
    """A target saved to count the pool is counted at once (its recount's own save of
    `progress` alone is left alone)."""
    if instance.source == Target.Source.POOL and update_fields != frozenset({"progress"}):
        transaction.on_commit(_queue_recount)


def _queue_recount() -> None:
    """Erasing a thousand expired profiles must not queue a thousand recounts: a recount
    already queued (and not started: the task clears the mark as it starts) counts the
    change too. The mark expires on its own should the queue lose the task."""
    if cache.add(tasks.RECOUNT_QUEUED, 1, tasks.RECOUNT_QUEUED_SECONDS):
        background.enqueue(tasks.recount_pool_targets)

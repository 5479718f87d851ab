from django.core.cache import cache
from django_tasks import task

from talent import services
from talent.services import counters, invitations


@task()
def send_invitations(*, call_id: int) -> dict[str, int]:
    """A call's invitations to apply: its due deliveries, each exactly once."""
    return invitations.invitations_deliver(call_id=call_id)


@task()
def resume_invitations() -> int:
    """Periodic: invitations whose worker died, and retries that are due."""
    return invitations.invitations_recover()


# Set while a recount is queued and not started (talent.receivers): changes meanwhile
# queue no other.
RECOUNT_QUEUED = "talent:pool-recount-queued"
RECOUNT_QUEUED_SECONDS = 300


@task()
def recount_pool_targets() -> int:
    """Periodic, and after a profile changes: targets counted from the talent pool."""
    cache.delete(RECOUNT_QUEUED)  # a change committed from now on queues another recount
    return counters.pool_targets_recount()


@task()
def send_still_interested_reminders() -> dict[str, int]:
    """Periodic (every minute): the yearly "still interested?" emails that are due."""
    return services.reminders_send()

from django_tasks import task

from portal.core import privacy, task_results
from portal.core.private_files import orphans_sweep
from portal.core.publishing import publish_due


@task()
def purge_expired_personal_data() -> dict[str, int]:
    """Periodic: delete or anonymise personal data past its retention period (logged)."""
    return privacy.retention_purge(dry_run=False)


@task()
def prune_task_results() -> int:
    """Periodic: delete finished task results past TASK_RESULTS_RETENTION_DAYS."""
    return task_results.task_results_prune()


@task()
def requeue_abandoned_tasks() -> list[str]:
    """Periodic: queue again the tasks a dead worker was running (either backend)."""
    return task_results.abandoned_tasks_requeue()


@task()
def publish_scheduled() -> int:
    """Periodic: complete the scheduled publications whose time has come."""
    return publish_due()


@task()
def sweep_orphaned_private_files() -> list[str]:
    """Periodic: remove private files (CVs) that no row references, past the grace period."""
    return orphans_sweep(dry_run=False)

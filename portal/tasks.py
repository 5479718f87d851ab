from django_tasks import task

from portal import privacy


@task()
def purge_expired_personal_data() -> dict[str, int]:
    """Periodic: delete or anonymise personal data past its retention period (logged)."""
    return privacy.retention_purge(dry_run=False)

from django_tasks import task

from portal.publishing import publish_due


@task()
def publish_scheduled() -> int:
    """Periodic: complete the scheduled publications whose time has come."""
    return publish_due()

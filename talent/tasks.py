from django_tasks import task

from talent import services


@task()
def send_still_interested_reminders() -> dict[str, int]:
    """Periodic (every minute): the yearly "still interested?" emails that are due."""
    return services.reminders_send()

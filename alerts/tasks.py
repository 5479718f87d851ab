from django_tasks import task

from alerts import services


@task()
def send_alert_deliveries() -> dict[str, int]:
    return services.deliveries_send()


@task()
def collect_and_send_alerts() -> dict[str, int]:
    """Periodic (every minute): make items of what became public, build the week's digests
    once they are due, take back deliveries of a dead worker, and send what is due."""
    return services.alerts_periodic()

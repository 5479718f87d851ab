"""Receivers: the events app's `session_rescheduled` (a date set for a session that had
none becomes an alert item, in the events service's transaction), and the alerts' own
`sending_requested` (queues the sending task). Connected in AlertsConfig.ready()."""

from django.dispatch import receiver

from alerts import services, signals, tasks
from events.models import Session
from events.signals import session_rescheduled


@receiver(session_rescheduled, sender=Session)
def record_date_set(sender, *, session: Session, was_to_be_determined: bool, **kwargs) -> None:
    if was_to_be_determined:
        services.session_date_set(session=session)


@receiver(signals.sending_requested)
def queue_sending(sender, *, run_after=None, **kwargs) -> None:
    task = tasks.send_alert_deliveries
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the periodic task picks the retry up once it is due
        task = task.using(run_after=run_after)
    # Not background.enqueue: with the queue unreachable, the periodic task sends later.
    task.enqueue()

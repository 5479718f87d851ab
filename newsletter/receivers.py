"""Receivers of the newsletter's domain signals (`newsletter.signals`): each queues the task
doing the work. Connected by importing this module in NewsletterConfig.ready()."""

from django.conf import settings
from django.dispatch import receiver

from newsletter import signals, tasks
from portal.core import background


@receiver(signals.subscription_requested)
def queue_subscription_request(
    sender, *, email: str, language: str, source: str, privacy_version: str, **kwargs
) -> None:
    background.enqueue(
        tasks.request_subscription,
        email=email,
        language=language,
        source=source,
        privacy_version=privacy_version,
    )


@receiver(signals.confirmation_requested)
def queue_confirmation(sender, *, subscriber_id: int, **kwargs) -> None:
    background.enqueue(tasks.send_confirmation_email, subscriber_id=subscriber_id)


@receiver(signals.manage_link_requested)
def queue_manage_link(sender, *, email: str, **kwargs) -> None:
    background.enqueue(tasks.send_manage_link, email=email)


@receiver(signals.sending_requested)
def queue_sending(sender, *, issue_id: int, run_after=None, **kwargs) -> None:
    task = tasks.send_issue_deliveries
    shares = max(1, settings.NEWSLETTER_SEND_TASKS)
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the periodic resume task picks the retry up once it is due
        task, shares = task.using(run_after=run_after), 1  # a retry: a few rows
    # Not background.enqueue: with the queue unreachable, a send to every subscriber must
    # not run inside the staff member's request; the periodic resume task starts it later.
    # Queued `shares` times: that many workers share the send (NEWSLETTER_SEND_TASKS).
    for _share in range(shares):
        task.enqueue(issue_id=issue_id)

"""Receivers of the registrations app (connected in RegistrationsConfig.ready()).

Registrants hear about what happens to their event (signals sent by events.services), and
the work the registrations services announce (registrations.signals) is queued here: the
receivers import the tasks, so the services never do.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from events.signals import (
    event_cancelled,
    session_cancelled,
    session_capacity_raised,
    session_rescheduled,
)
from portal.core import background
from projects.models import Target
from registrations import services, tasks
from registrations.signals import (
    registration_email_due,
    registration_requested,
    session_message_sending_requested,
    submission_received,
    submission_status_changed,
)


@receiver(session_rescheduled)
def tell_registrants_of_new_date(sender, *, session, was_to_be_determined, **kwargs):
    services.session_rescheduled_notify(session=session, was_to_be_determined=was_to_be_determined)


@receiver(event_cancelled)
def tell_registrants_of_cancellation(sender, *, event, **kwargs):
    services.event_cancelled_notify(event=event)


@receiver(session_capacity_raised)
def offer_the_new_places(sender, *, session, **kwargs):
    services.session_places_offer(session=session)


@receiver(session_cancelled)
def cancel_the_registrations(sender, *, session, **kwargs):
    services.session_cancelled_notify(session=session)


@receiver(registration_email_due)
def queue_registration_email(sender, *, registration_id, kind, **kwargs):
    background.enqueue(tasks.send_registration_email, registration_id=registration_id, kind=kind)


@receiver(registration_requested)
def queue_registration(sender, *, session_id, email, details, **kwargs):
    background.enqueue(tasks.register_for_session, session_id=session_id, email=email, **details)


@receiver(submission_received)
def queue_submission_emails(sender, *, model, pk, **kwargs):
    background.enqueue(tasks.send_submission_emails, model=model, pk=pk)


@receiver(submission_status_changed)
def queue_status_emails(sender, *, model, pks, status, **kwargs):
    background.enqueue(tasks.send_status_emails, model=model, pks=list(pks), status=status)


@receiver(session_message_sending_requested)
def queue_session_message(sender, *, message_id, run_after=None, **kwargs):
    task = tasks.send_session_message
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the periodic resume task picks the retry up once it is due
        task = task.using(run_after=run_after)
    # Not background.enqueue: with the queue unreachable, a send to a whole session must
    # not run inside the staff member's request; the periodic resume task starts it later.
    task.enqueue(message_id=message_id)


@receiver(post_save, sender=Target, dispatch_uid="registrations_count_new_target")
def count_a_target_saved(sender, *, instance, update_fields=None, **kwargs):
    """A target saved to count a call's applications takes its count at once (not at the
    next application). The recount's own save (of `progress` alone) is left alone."""
    if update_fields == frozenset({"progress"}) or instance.source not in services.TARGET_STATUSES:
        return
    call_ids = {instance.call_id} - {None}
    transaction.on_commit(lambda: services.targets_recount(call_ids=call_ids))

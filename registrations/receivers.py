"""Registrants hear about what happens to their event (signals sent by events.services)."""

from django.dispatch import receiver

from events.signals import (
    event_cancelled,
    session_cancelled,
    session_capacity_raised,
    session_rescheduled,
)
from registrations import services


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

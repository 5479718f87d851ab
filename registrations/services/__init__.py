"""Writes and rules of the registrations app (see each module)."""

from registrations.services.events import (
    event_cancelled_notify,
    offers_expire,
    registration_cancel,
    registration_claim,
    registration_confirm,
    registration_create,
    registration_promote,
    registration_request,
    registrations_mark_attended,
    reminders_send,
    session_cancelled_notify,
    session_places_offer,
    session_rescheduled_notify,
)
from registrations.services.interests import (
    application_cv_open,
    application_submit,
    interest_submit,
    note_add,
    submissions_set_status,
    targets_recount,
)

__all__ = [
    "application_cv_open",
    "application_submit",
    "event_cancelled_notify",
    "interest_submit",
    "note_add",
    "offers_expire",
    "registration_cancel",
    "registration_claim",
    "registration_confirm",
    "registration_create",
    "registration_promote",
    "registration_request",
    "registrations_mark_attended",
    "reminders_send",
    "session_cancelled_notify",
    "session_places_offer",
    "session_rescheduled_notify",
    "submissions_set_status",
    "targets_recount",
]

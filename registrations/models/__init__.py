from portal.core.history import track_history
from registrations.models.event_registration import Registration, RegistrationQuerySet
from registrations.models.interest import Application, Interest, Note, ReviewStatus

__all__ = [
    "Application",
    "Interest",
    "Note",
    "Registration",
    "RegistrationQuerySet",
    "ReviewStatus",
]

# Who changed what and when, for staff; pruned and erased with the data (portal/core/privacy.py).
# Not the secret of the personal link (a history would keep it past erasure), nor when it
# was last resent.
track_history(Registration, excluded_fields=["token", "link_sent_at"])
track_history(Application)
track_history(Interest)

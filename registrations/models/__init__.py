from portal.history import track_history
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

# Who changed what and when, for staff; pruned and erased with the data (portal/privacy.py).
track_history(Registration)
track_history(Application)
track_history(Interest)

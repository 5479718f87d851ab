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

"""Why a registration could not be made or changed; views show the message as it is."""

from django.utils.translation import gettext_lazy as _


class RegistrationError(Exception):
    message = _("This registration could not be changed.")

    def __init__(self, message=None):
        super().__init__(message or self.message)
        self.message = message or self.message


class RegistrationClosed(RegistrationError):
    message = _("Registration for this session is closed.")


class AlreadyRegistered(RegistrationError):
    message = _(
        "This email address is already registered for this session. We have sent its "
        "personal link again, so you can see or cancel the registration."
    )

    def __init__(self, registration=None):
        super().__init__()
        self.registration = registration


class OfferExpired(RegistrationError):
    message = _("Sorry, this offer has expired and the place went to the next person.")


class NotAvailable(RegistrationError):
    message = _("This action is not available for this registration any more.")


class SessionFull(RegistrationError):
    message = _("The session is full: raise its capacity first.")


class CallClosed(RegistrationError):
    message = _("This call is not open: it does not accept applications now.")


class AlreadyWithdrawn(RegistrationError):
    message = _("You have already withdrawn this.")


class SubmissionDecided(RegistrationError):
    message = _(
        "A decision has already been made on this, so it can no longer be withdrawn. To "
        "change anything, please contact the programme team."
    )


class MessageIncomplete(RegistrationError):
    message = _("Write the subject and the message at least in the fallback language.")


class NobodyToMessage(RegistrationError):
    message = _("Nobody with an email address has the statuses chosen.")

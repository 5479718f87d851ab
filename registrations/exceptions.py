"""Why a registration could not be made or changed; views show the message as it is."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


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


class OverCapacity(RegistrationError):
    """The session is full: adding someone needs staff to say so (the capacity then goes
    up by one, in the same transaction)."""

    message = _("The session is full.")

    def __init__(self, session=None):
        if session is not None and session.capacity is not None:
            message = _(
                "The session is full (%(capacity)s places). Adding this person raises its "
                "capacity to %(raised)s."
            ) % {"capacity": session.capacity, "raised": session.places_taken + 1}
        else:
            message = None
        super().__init__(message)
        self.session = session


class WrongSession(RegistrationError):
    """A check-in code for a registration to another session."""

    def __init__(self, registration=None):
        message = None
        if registration is not None:
            message = _("This code is for another session: %(session)s.") % {
                "session": registration.session
            }
        super().__init__(message)
        self.registration = registration


class WalkInElsewhere(RegistrationError):
    """A walk-in sent again (same id from the check-in page) to another session than the
    one it was added to."""

    def __init__(self, registration=None):
        message = _("This person was added at the door of another session.")
        if registration is not None:
            message = _("This person was added at the door of another session: %(session)s.") % {
                "session": registration.session
            }
        super().__init__(message)
        self.registration = registration


class NotCheckable(RegistrationError):
    message = _(
        "This registration is cancelled or its offer has expired: "
        "add the person at the door instead."
    )


class CapacityTooLow(RegistrationError):
    def __init__(self, taken: int = 0):
        super().__init__(
            _("%(taken)s places are already taken: the capacity cannot be lower.")
            % {"taken": taken}
        )


class ReviewError(RegistrationError):
    """A review step refused (staff see the message)."""

    message = _("This review step could not be saved.")
    not_a_reviewer = _("Only an active programme officer can review applications.")
    no_such_criterion = _("This call has no such criterion.")
    off_scale = _("A score goes from %(min)s to %(max)s.")


class MessageIncomplete(RegistrationError):
    message = _("Write the subject and the message at least in the fallback language.")


class NobodyToMessage(RegistrationError):
    message = _("Nobody with an email address has the statuses chosen.")


class EmailsToConfirm(RegistrationError):
    """A change that would email people (places offered to the waiting list) which staff
    have not confirmed yet: `count` people, `signature` to post back once they agree
    (registrations.services.announcements)."""

    def __init__(self, count: int, signature: str):
        super().__init__(
            ngettext(
                "%(count)s person on the waiting list will be offered a place and emailed.",
                "%(count)s people on the waiting list will be offered a place and emailed.",
                count,
            )
            % {"count": count}
        )
        self.count = count
        self.signature = signature

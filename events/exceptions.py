"""Why a change to an event or a session was refused; callers show the message as it is."""

from django.utils.translation import gettext_lazy as _


class SessionNotDeletable(Exception):
    """The session has rows that protect it (registrations): deleting it would leave its
    registrants unaware. It is cancelled instead (events.services.session_cancel)."""

    message = _(
        "The session “%(session)s” has registrations, so it cannot be deleted: cancel it "
        "instead, and its registrants are told by email."
    )

    def __init__(self, session):
        self.session = session
        self.message = self.message % {"session": session}
        super().__init__(self.message)

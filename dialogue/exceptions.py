"""The dialogue's domain errors, with messages shown to visitors or staff."""

from django.utils.translation import gettext_lazy as _


class DialogueError(Exception):
    """A rule of the dialogue was broken; the message is shown to the person concerned."""

    default_message = _("This could not be done.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(self.message)


class InvalidConfirmationLink(DialogueError):
    default_message = _(
        "This confirmation link does not work: it has expired or it is incomplete. "
        "Please ask your question again; you will receive a new link."
    )

"""The dialogue's domain errors: why a question could not be changed or confirmed; the
message is shown as it is, to staff or to the visitor."""

from django.utils.translation import gettext_lazy as _


class DialogueError(Exception):
    message = _("This question could not be changed.")

    def __init__(self, message=None):
        super().__init__(message or self.message)
        self.message = message or self.message


class AlreadyDecided(DialogueError):
    """Another moderator (or a double click) decided first: nothing was changed."""

    message = _(
        "This question has already been decided (by you or another moderator): nothing "
        "was changed. Here is where it stands now."
    )


class AlreadyAnswered(DialogueError):
    message = _(
        "This question has already been answered: nothing was sent. Change the answer's "
        "text on the question's page."
    )


class NotADuplicate(DialogueError):
    message = _(
        "A question can only be merged into another question asked under the same item, "
        "pending or published."
    )


class InvalidConfirmationLink(DialogueError):
    message = _(
        "This confirmation link does not work: it has expired or it is incomplete. "
        "Please ask your question again; you will receive a new link."
    )


class ReportRefused(DialogueError):
    """A report that is not taken (the visitor has reported this question already)."""


class WithdrawRefused(DialogueError):
    """A question that can no longer be withdrawn (withdrawn already, rejected, merged)."""

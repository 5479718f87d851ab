"""Why a question could not be changed; the admin shows the message as it is."""

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

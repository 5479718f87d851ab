"""The dialogue's domain errors: each carries a message for the visitor, in their language
(views show it; nothing is stored when one is raised)."""

from django.utils.translation import gettext_lazy as _


class DialogueError(Exception):
    default_message = _("This could not be done.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(self.message)


class ReportRefused(DialogueError):
    """A report that is not taken (the visitor has reported this question already)."""


class WithdrawRefused(DialogueError):
    """A question that can no longer be withdrawn (withdrawn already, rejected, merged)."""

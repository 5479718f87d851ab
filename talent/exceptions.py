"""Why a talent-pool action was refused; views show the message as it is."""

from django.utils.translation import gettext_lazy as _


class TalentError(Exception):
    message = _("This could not be done.")

    def __init__(self, message=None):
        super().__init__(message or self.message)
        self.message = message or self.message


class CallNotOpen(TalentError):
    message = _("This call is not open: nobody can be invited to apply to it.")


class NotInvitable(TalentError):
    """Some chosen profiles are paused or awaiting their yearly confirmation."""

    def __init__(self, names: list[str]):
        super().__init__(
            _(
                "These members cannot be invited now (profile paused or not confirmed "
                "this year): %(names)s. Untick them and try again."
            )
            % {"names": ", ".join(names)}
        )
        self.names = names


class NobodyToInvite(TalentError):
    message = _("Choose at least one profile to invite.")

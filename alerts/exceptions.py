from django.utils.translation import gettext_lazy as _


class InvalidToken(Exception):
    """A forged, expired or replaced alert link."""

    default_message = _("This link is no longer valid. Sign in to My space to change your alerts.")

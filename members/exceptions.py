"""Why a sign-in link was refused. One message for every case (forged, expired, used, for
another purpose): the page says what to do, not which it was."""

from django.utils.translation import gettext_lazy as _


class InvalidLink(Exception):
    message = _(
        "This sign-in link does not work: it may have expired (links work for a short time), "
        "or it has been used already. Ask for a new one below."
    )

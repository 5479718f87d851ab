"""The talent pool's emails to members, in the member's language."""

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.core.emails import email_message
from portal.core.links import absolute_url
from portal.core.models import SiteSettings
from talent.models import ExpertProfile
from talent.tokens import make_token


def still_interested_message(profile: ExpertProfile) -> EmailMultiAlternatives:
    """The yearly question: keep the profile (one click to a page, then a button) or
    delete it (My space, after signing in)."""
    with translation.override(profile.language):
        context = {
            "site": SiteSettings.load(),
            "profile": profile,
            "confirm_url": absolute_url(
                reverse("talent:still-interested", kwargs={"token": make_token(profile)})
            ),
            "delete_url": absolute_url(reverse("talent:profile-delete")),
            "today": timezone.localdate(),
        }
        return email_message(
            "talent/email/still_interested",
            context,
            subject=_("Should we keep your expert profile?"),
            to=[profile.email],
            language=profile.language,
        )

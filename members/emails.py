"""The members app's email: the sign-in link, in the language of the page that asked."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from members.models import SignInLink
from portal.core.emails import email_message
from portal.core.links import absolute_url
from portal.core.models import SiteSettings


def sign_in_link_message(link: SignInLink, token: str) -> EmailMultiAlternatives:
    with translation.override(link.language):
        context = {
            "site": SiteSettings.load(),
            "sign_in_url": absolute_url(reverse("members:sign-in-link", kwargs={"token": token})),
            "minutes": settings.MEMBER_LINK_MINUTES,
        }
        return email_message(
            "members/email/sign_in_link",
            context,
            subject=_("Your link to sign in to My space"),
            to=[link.email],
            language=link.language,
        )

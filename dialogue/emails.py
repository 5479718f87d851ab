"""The dialogue's emails, each in the asker's language (`question.language`)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dialogue.models import Question
from portal.core.emails import email_message
from portal.core.links import absolute_url
from portal.core.models import SiteSettings


def confirmation_message(question: Question, token: str) -> EmailMultiAlternatives:
    """The link an anonymous asker follows to send their question to moderation."""
    with translation.override(question.language):
        item = question.item
        context = {
            "site": SiteSettings.load(),
            "question": question,
            "item_title": str(item),
            "item_url": absolute_url(item.get_absolute_url()),
            "confirm_url": absolute_url(reverse("dialogue:confirm", kwargs={"token": token})),
            "hours": settings.DIALOGUE_CONFIRM_HOURS,
        }
        return email_message(
            "dialogue/email/confirm",
            context,
            subject=_("Please confirm your question"),
            to=[question.email],
            language=question.language,
        )

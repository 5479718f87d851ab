"""The emails an asker receives about their question, each in the asker's language
(`question.language`): rejected (with the moderator's reason), merged with a similar
question, and the office's answer. Built with portal/core/emails.py from
dialogue/templates/dialogue/email/<name>.txt and .html; and to an anonymous asker, the link
that confirms their question."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dialogue.display import shown
from dialogue.models import Question
from portal.core.emails import email_message
from portal.core.i18n import language_in_text
from portal.core.links import absolute_url
from portal.core.models import SiteSettings


def answer_in(question: Question, language: str) -> tuple[str, str]:
    """The answer to show a reader of `language`, and its language: the staff translation
    into `language` if there is one, otherwise the answer as written (dialogue.display)."""
    answer = shown(question, "answer", question.answer_language, language)
    return (answer.text, answer.language) if answer else ("", question.answer_language)


def _context(question: Question, **extra) -> dict:
    return {
        "site": SiteSettings.load(),
        "question": question,
        "text": question.original_text,
        "item": question.item,
        "item_url": absolute_url(question.item.get_absolute_url()),
        **extra,
    }


def rejected_message(question: Question) -> EmailMultiAlternatives:
    with translation.override(question.language):
        return email_message(
            "dialogue/email/rejected",
            _context(question),
            subject=_("Your question was not published"),
            to=[question.email],
            language=question.language,
        )


def merged_message(question: Question) -> EmailMultiAlternatives:
    """To the asker of `question`, merged into `question.merged_into`: with the answer if
    it already has one, otherwise the promise of it."""
    into = question.merged_into
    with translation.override(question.language):
        extra = {"into": into, "into_url": absolute_url(into.get_absolute_url())}
        if into.is_answered:
            extra.update(_answer_parts(into, question.language))
        return email_message(
            "dialogue/email/merged",
            _context(question, **extra),
            subject=_("Your question joins a similar one"),
            to=[question.email],
            language=question.language,
        )


def answer_message(question: Question, recipient: Question) -> EmailMultiAlternatives:
    """The answer to `question`, for the asker of `recipient` (the question itself or one
    merged into it), in the recipient's language."""
    language = recipient.language
    with translation.override(language):
        context = _context(
            recipient,
            answered=question,
            public_url=absolute_url(question.get_absolute_url()),
            **_answer_parts(question, language),
        )
        return email_message(
            "dialogue/email/answered",
            context,
            subject=_("The office has answered your question"),
            to=[recipient.email],
            language=language,
        )


def _answer_parts(question: Question, language: str) -> dict:
    answer, answer_language = answer_in(question, language)
    untranslated = ""
    if answer_language != language:
        untranslated = _(
            "The answer was written in %(language)s and has not been translated yet: here it "
            "is as written."
        ) % {"language": language_in_text(answer_language)}
    return {
        "answer": answer,
        "answer_language": answer_language,
        "untranslated": untranslated,
        "answered_by": question.get_answered_by_display(),
    }


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

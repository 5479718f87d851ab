"""The dialogue part of a member's My space (a MemberSection in contributions.py): the
questions asked under their address, each with its item, its status in words, the answer
when there is one, and a way to withdraw it (views/member.py)."""

from dataclasses import dataclass

from django.db import models
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dialogue.display import shown
from dialogue.models import ITEM_FIELDS, Question
from dialogue.services.member import withdraw_refusal
from portal.core.addresses import same_address
from portal.core.i18n import is_missing_in

Status = Question.Status

# A question's status for its asker ("question status": French agrees with « question »).
STATUS_LABEL = {
    Status.UNCONFIRMED: pgettext_lazy("question status", "Awaiting your confirmation"),
    Status.PENDING: pgettext_lazy("question status", "Awaiting moderation"),
    Status.APPROVED: pgettext_lazy("question status", "Published"),
    Status.REJECTED: pgettext_lazy("question status", "Not published"),
    Status.MERGED: pgettext_lazy("question status", "Merged with a similar question"),
    Status.WITHDRAWN: pgettext_lazy("question status", "Withdrawn"),
}


ANSWERED = pgettext_lazy("question status", "Answered")


def status_label(question: Question) -> str:
    if question.is_public and question.is_answered:
        return str(ANSWERED)
    return str(STATUS_LABEL.get(question.status, question.get_status_display()))


# What each status means for the asker, in words.
STATUS_EXPLAINED = {
    Status.UNCONFIRMED: _(
        "Follow the link we emailed you to confirm it; until then nobody reads it."
    ),
    Status.PENDING: _("A moderator will read it soon; it is not shown to anyone yet."),
    Status.APPROVED: _("It is shown under the page where you asked it."),
    Status.REJECTED: _("It was not published; we emailed you the reason."),
    Status.MERGED: _("A similar question was asked already: its answer answers yours too."),
    Status.WITHDRAWN: _("You withdrew it: it is shown to nobody."),
}


@dataclass(frozen=True)
class QuestionItem:
    question: Question
    item: models.Model
    item_missing: bool  # the item's title is shown in the fallback language
    status_label: str
    explained: str
    answer: str  # in the member's language if translated, else the original
    answer_language: str  # the language `answer` is written in
    can_withdraw: bool


def _answer(question: Question, language: str) -> tuple[str, str]:
    answer = shown(question, "answer", question.answer_language, language)
    return (answer.text, answer.language) if answer else ("", "")


def items_for(email: str) -> list[QuestionItem]:
    """The member's questions, newest first: one query however many there are (each item
    and an article's issue, for its address, come with the question)."""
    language = translation.get_language()
    questions = Question.objects.filter(same_address("email", email)).select_related(
        *ITEM_FIELDS, "article__issue"
    )
    items = []
    for question in questions.order_by("-created_at", "-pk"):
        answer, answer_language = _answer(question, language) if question.is_answered else ("", "")
        item = question.item
        items.append(
            QuestionItem(
                question=question,
                item=item,
                item_missing=is_missing_in(item, language),
                status_label=status_label(question),
                explained=str(STATUS_EXPLAINED.get(question.status, "")),
                answer=answer,
                answer_language=answer_language,
                can_withdraw=withdraw_refusal(question=question) is None,
            )
        )
    return items


def section(request: HttpRequest, email: str) -> dict:
    """The My space section's context (portal.core.contract.MemberSection)."""
    return {"items": items_for(email)}

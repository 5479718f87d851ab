"""The dialogue's personal data, in the portal's one mechanism (portal/core/privacy.py),
declared in `contributions.py`.

Erasure and retention delete questions through `QuerySet.delete()`, which sends
`post_delete` for each row: a published question leaves its item's page and the page cache
is renewed (dialogue/receivers.py). Their reports go with them (cascade); a report holds no
address. Withdrawing the consent from My space withdraws the question (services/member.py).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from dialogue.exceptions import WithdrawRefused
from dialogue.models import Question
from dialogue.services.member import question_withdraw, withdraw_refusal
from portal.core.privacy import PersonalData, RevokeRefused

Status = Question.Status


def expired_questions(queryset: QuerySet, cutoff: datetime) -> QuerySet:
    """Two periods under one registry entry (one entry per model): `cutoff` is now minus
    RETENTION_QUESTIONS_DAYS, so "now" is found again from it for the shorter period.

    - never confirmed (still unconfirmed, or withdrawn before confirming): removed
      RETENTION_QUESTIONS_UNCONFIRMED_DAYS after they were asked;
    - every other question: RETENTION_QUESTIONS_DAYS after the last decision about it
      (publication or rejection, answer), or after it was asked if none was made."""
    days = settings.PERSONAL_DATA_RETENTION_DAYS
    now = cutoff + timedelta(days=days["questions"])
    unconfirmed_cutoff = now - timedelta(days=days["questions_unconfirmed"])
    never_confirmed = Q(status=Status.UNCONFIRMED) | Q(
        status=Status.WITHDRAWN, confirmed_at__isnull=True
    )
    # Coalesce each: GREATEST ignores NULLs on PostgreSQL but returns NULL on SQLite.
    last_decision = Greatest(
        Coalesce("decided_at", "created_at"),
        Coalesce("answered_at", "created_at"),
    )
    return queryset.annotate(last_decision=last_decision).filter(
        (never_confirmed & Q(created_at__lt=unconfirmed_cutoff))
        | (~never_confirmed & Q(last_decision__lt=cutoff))
    )


def question_revoke(question: Question) -> None:
    """From My space: withdrawing the consent withdraws the question. Withdrawn meanwhile
    (a second tab): the consent is withdrawn already."""
    try:
        question_withdraw(question=question)
    except WithdrawRefused as refusal:
        question.refresh_from_db(fields=["status"])
        if question.status != Status.WITHDRAWN:
            raise RevokeRefused(refusal.message) from refusal


def question_revocable(question: Question) -> bool:
    return withdraw_refusal(question=question) is None


PERSONAL_DATA = [
    PersonalData(
        model=Question,
        what=_(
            "Questions and comments on projects, calls, events and articles: the text, the "
            "name you chose to show (or none), your email address (never shown) and language, "
            "to confirm your question, moderate it and send you the answer. A question never "
            "confirmed is deleted after a few days; the others after the period below, "
            "counted from the last decision about them (publication, answer, rejection). "
            "Reports of a question hold no address."
        ),
        retention_setting="questions",
        expired=expired_questions,
        name_field="display_name",
        revoke=question_revoke,
        revoke_label=_("Withdraw the question"),
        revocable=question_revocable,
    ),
]

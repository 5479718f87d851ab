"""Asking: a visitor's question enters the dialogue. An anonymous asker confirms their
address by a signed link before the question reaches the moderation queue; a signed-in
member (whose address the sign-in proved) goes straight to the queue.

Nothing here renews the page cache: the public sees nothing until a moderator approves."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.utils import timezone

from dialogue import signals
from dialogue.emails import confirmation_message
from dialogue.exceptions import InvalidConfirmationLink
from dialogue.models import Question, item_field

# Bound to this purpose: a token signed for anything else never confirms a question.
CONFIRM_SALT = "dialogue.question-confirm"


def confirm_max_age() -> int:
    return settings.DIALOGUE_CONFIRM_HOURS * 3600


def make_token(question: Question) -> str:
    """The signed, timestamped link token for `question` (its id; no personal data)."""
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(question.pk))


def ask(
    *,
    item: models.Model,
    kind: str,
    text: str,
    language: str,
    display_name: str,
    email: str,
    privacy_version: str,
    member: bool,
) -> Question:
    """Store a question under `item`, in the column of its `language` (text_<language>).
    `member`: `email` is a signed-in member's, proven already, so the question is confirmed
    and waits for moderation; otherwise it waits for its asker to follow the emailed link."""
    now = timezone.now()
    question = Question(
        **{item_field(type(item)): item},
        kind=kind,
        language=language,
        display_name=display_name,
        email=email,
        consent_at=now,
        privacy_version=privacy_version,
    )
    setattr(question, f"text_{language}", text)
    if member:
        question.status, question.confirmed_at = Question.Status.PENDING, now
    with transaction.atomic():
        # Counted before this question is saved: the cap is on what came before it.
        send = not member and not confirmations_exhausted(email=email, now=now)
        question.save()  # the form validated it; the database holds the one-item rule
        if send:
            transaction.on_commit(
                lambda: signals.confirmation_requested.send(
                    sender=Question, question_id=question.pk
                )
            )
    return question


def confirmations_exhausted(*, email: str, now) -> bool:
    """Whether `email` already has DIALOGUE_CONFIRMATIONS_PER_HOUR unconfirmed questions
    from the last hour. The confirmation email goes to any address typed in: without a cap
    per address (whatever the visitor's network), the office would mail one stranger again
    and again. The question is still stored and the visitor sees the same page (no way to
    learn which addresses are in use); it expires unconfirmed like any other."""
    earlier = Question.objects.filter(
        email__iexact=email,
        status=Question.Status.UNCONFIRMED,
        created_at__gte=now - timedelta(hours=1),
    )
    return earlier.count() >= settings.DIALOGUE_CONFIRMATIONS_PER_HOUR


def confirmation_send(*, question_id: int) -> None:
    """Email the confirmation link (task); nothing when the question is confirmed already
    or gone (erased, withdrawn)."""
    question = Question.objects.filter(pk=question_id).first()
    if question is None or question.status != Question.Status.UNCONFIRMED:
        return
    confirmation_message(question, make_token(question)).send()


def question_for_token(token: str) -> Question:
    """The question `token` was made for; InvalidConfirmationLink when it is forged,
    expired or its question no longer exists."""
    try:
        pk = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=confirm_max_age())
        return Question.objects.get(pk=int(pk))
    except (signing.BadSignature, ValueError, Question.DoesNotExist):
        raise InvalidConfirmationLink from None


@dataclass(frozen=True)
class Confirmation:
    question: Question
    confirmed_now: bool  # False: it had been confirmed before (a second click)


def confirm(*, token: str) -> Confirmation:
    """Move the question of `token` from UNCONFIRMED to PENDING (the moderation queue). One
    conditional UPDATE: of two clicks at once, one confirms and the other is told it was
    done already. A question that has gone on (approved, withdrawn...) is left as it is."""
    question = question_for_token(token)
    with transaction.atomic():
        changed = Question.objects.filter(
            pk=question.pk, status=Question.Status.UNCONFIRMED
        ).update(status=Question.Status.PENDING, confirmed_at=timezone.now())
    question.refresh_from_db()
    return Confirmation(question=question, confirmed_now=bool(changed))

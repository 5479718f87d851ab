"""Moderation and official answers: what staff decide about a question.

Every decision locks the question's row and checks its current status first, so a double
click or two moderators at once never decide twice: the second gets `AlreadyDecided` and
nothing changes. Emails to askers are announced with a signal from `transaction.on_commit`
(dialogue/signals.py; receivers.py queues the tasks), so a failed email never undoes the
decision. A decision that changes what the public sees renews the page cache after commit;
one about a question the public never saw does not."""

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, get_translation_fields

from dialogue.exceptions import AlreadyAnswered, AlreadyDecided, DialogueError, NotADuplicate
from dialogue.models import ITEM_FIELDS, Question, Report
from dialogue.signals import question_answered, question_merged, question_rejected
from portal.core.cache import invalidate_objects

Status = Question.Status
# What a moderator may still decide about: waiting, or published (a reported question, or
# one staff take back).
OPEN = (Status.PENDING, Status.APPROVED)


def _locked(question: Question, statuses: Iterable[str]) -> Question:
    """The question's row, locked until the transaction ends, if its status is one of
    `statuses`; AlreadyDecided otherwise (someone decided since the page was shown)."""
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.status not in statuses:
        raise AlreadyDecided
    return locked


def _reports_handled(question: Question, now) -> None:
    Report.objects.filter(question=question, handled_at__isnull=True).update(handled_at=now)
    question.report_count = 0


def _announce(signal, question: Question) -> None:
    transaction.on_commit(lambda: signal.send(sender=Question, question_id=question.pk))


def question_approve(*, question: Question) -> Question:
    """Publish a waiting question; the reports that sent it back (if any) are handled."""
    with transaction.atomic():
        question = _locked(question, [Status.PENDING])
        now = timezone.now()
        question.status = Status.APPROVED
        question.decided_at = now
        _reports_handled(question, now)
        question.save()
        invalidate_objects(question.item_reference)
    return question


def question_keep_published(*, question: Question) -> Question:
    """A reported question stays (or is back) in public: its reports are handled."""
    with transaction.atomic():
        question = _locked(question, OPEN)
        if not question.report_count:
            raise AlreadyDecided
        now = timezone.now()
        was_public = question.is_public
        question.status = Status.APPROVED
        question.decided_at = now
        _reports_handled(question, now)
        question.save()
        if not was_public:  # reports had hidden it: it is shown again
            invalidate_objects(question.item_reference)
    return question


def question_reject(*, question: Question, reason: str) -> Question:
    """Reject a waiting or published question; the asker is told `reason` by email."""
    reason = reason.strip()
    if not reason:
        raise DialogueError(_("Give the reason for the rejection: the asker is told."))
    with transaction.atomic():
        question = _locked(question, OPEN)
        now = timezone.now()
        was_public = question.is_public
        question.status = Status.REJECTED
        question.reject_reason = reason
        question.decided_at = now
        question.is_faq = False
        _reports_handled(question, now)
        question.save()
        if was_public:
            invalidate_objects(question.item_reference)
        _announce(question_rejected, question)
    return question


def question_merge(*, question: Question, into: Question) -> Question:
    """Merge `question` into `into`, a question asked under the same item: its asker is
    told, and gets `into`'s answer when it comes (or now, if it has one). Questions merged
    earlier into `question` follow it into `into`."""
    if into.pk == question.pk:
        raise NotADuplicate
    with transaction.atomic():
        # Both rows locked, in the order of their keys (two merges never wait on each other).
        rows = Question.objects.select_for_update().filter(pk__in=[question.pk, into.pk])
        rows = {row.pk: row for row in rows.order_by("pk")}
        question, into = rows[question.pk], rows[into.pk]
        if question.status not in OPEN:
            raise AlreadyDecided
        same_item = all(
            getattr(question, f"{name}_id") == getattr(into, f"{name}_id") for name in ITEM_FIELDS
        )
        if into.status not in OPEN or not same_item:
            raise NotADuplicate
        now = timezone.now()
        was_public = question.is_public
        question.status = Status.MERGED
        question.merged_into = into
        question.decided_at = now
        question.is_faq = False
        _reports_handled(question, now)
        question.save()
        Question.objects.filter(merged_into=question).update(merged_into=into)
        if was_public:
            invalidate_objects(question.item_reference)
        _announce(question_merged, question)
    return question


def question_answer(
    *, question: Question, texts: Mapping[str, str], language: str, answered_by: str
) -> Question:
    """The office's answer, written in `language` (`texts[language]`), with the translations
    staff wrote (`texts`' other languages). Answering a waiting question publishes it. The
    asker, and the askers of questions merged into it, get the answer by email."""
    if not (texts.get(language) or "").strip():
        raise DialogueError(_("Write the answer in the language you chose for it."))
    if answered_by not in Question.AnsweredBy.values:
        raise DialogueError(_("Choose who answers: a team, not a person."))
    with transaction.atomic():
        question = _locked(question, OPEN)
        if question.is_answered:
            raise AlreadyAnswered
        now = timezone.now()
        for code, text in texts.items():
            setattr(question, build_localized_fieldname("answer", code), (text or "").strip())
        question.answer_language = language
        question.answered_by = answered_by
        question.answered_at = now
        if question.status == Status.PENDING:
            question.status = Status.APPROVED
            question.decided_at = now
            _reports_handled(question, now)
        question.save()
        invalidate_objects(question.item_reference)
        _announce(question_answered, question)
    return question


def question_set_faq(*, question: Question, is_faq: bool, position: int = 0) -> Question:
    """Promote a published question to its item's FAQ at `position`, or remove it."""
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if is_faq and not question.is_public:
            raise DialogueError(_("Only a published question can be in the FAQ."))
        question.is_faq = is_faq
        question.faq_position = position if is_faq else 0
        question.save()
        if question.is_public:
            invalidate_objects(question.item_reference)
    return question


# What a person wrote (the question, the answer, the name shown): staff edit these to remove
# personal details, and the edit reaches the earlier versions too.
REDACTABLE = frozenset(
    {"text", "answer", "display_name", *get_translation_fields("text"),
     *get_translation_fields("answer")}
)  # fmt: skip


def question_edit(*, question: Question, fields: Iterable[str]) -> Question:
    """Save staff's edit of `fields` (text or answer in a language, the display name...),
    copied from the edited `question` onto the current row: a decision made meanwhile by
    another moderator is kept.

    An edit of what a person wrote is a redaction (a phone number, an address taken out): it
    is written into the question's earlier history rows as well, or anyone who may read the
    history would still find what was removed. The history keeps who edited and when."""
    fields = list(fields)
    with transaction.atomic():
        current = Question.objects.select_for_update().get(pk=question.pk)
        for name in fields:
            setattr(current, name, getattr(question, name))
        if fields:
            current.save()
            redacted = {name: getattr(current, name) for name in fields if name in REDACTABLE}
            if redacted:
                current.history.update(**redacted)
            if current.is_public:
                invalidate_objects(current.item_reference)
    return current


def answer_recipients(question: Question) -> list[Question]:
    """Whose askers get this question's answer: its own and its merged duplicates'."""
    duplicates = question.duplicates.filter(status=Status.MERGED).order_by("created_at", "pk")
    return [question, *duplicates]

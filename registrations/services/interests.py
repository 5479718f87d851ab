"""Writes and rules of registrations of interest: applications to calls and investor or
partner interests, their review by staff, and the notes on them."""

import logging
from datetime import timedelta
from uuid import UUID

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from portal.core.private_files import kept_only_if_referenced
from projects.models import Call, Project, Target
from registrations.exceptions import (
    AlreadyWithdrawn,
    CallClosed,
    RegistrationError,
    SubmissionDecided,
)
from registrations.models import Application, Interest, Note, ReviewStatus, StatusMessage
from registrations.signals import submission_received, submission_status_changed

logger = logging.getLogger(__name__)


def _acknowledge(submission: Application | Interest) -> None:
    """After commit, announce the submission: the receiver queues its acknowledgement and
    the programme officer's notification."""
    model, label, pk = type(submission), submission._meta.label_lower, submission.pk
    transaction.on_commit(lambda: submission_received.send(model, model=label, pk=pk))


def _create_once(model, submission_key: UUID, build) -> Application | Interest:
    """Create with `build()` unless this form's key was already used (a double click or a
    resubmitted POST): then return the record the first submission made."""
    existing = model.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            submission = build()
            submission.submission_key = submission_key
            submission.consent_at = timezone.now()
            # Uniqueness (the one-time key, the reference) is the database's to enforce.
            submission.full_clean(exclude=["cv"], validate_unique=False, validate_constraints=False)
            submission.save()
            _acknowledge(submission)
            return submission
    except IntegrityError:
        # The same key at the same instant from a second connection: the first one won.
        existing = model.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing


def application_submit(*, call: Call, submission_key: UUID, **details) -> Application:
    """An application to `call`; refused (CallClosed) outside the call's window. Its CV is
    stored with the row; a losing or failed submission leaves no file behind. The project
    targets counting the call's applications are recounted in the same transaction."""
    with kept_only_if_referenced(), transaction.atomic():
        call = Call.objects.select_related("project").get(pk=call.pk)
        if call.kind != Call.Kind.CANDIDATES or not call.accepts_applications:
            raise CallClosed
        application = _create_once(
            Application, submission_key, lambda: Application(call=call, **details)
        )
        targets_recount(call_ids={call.pk})
        return application


def interest_submit(
    *, project: Project, call: Call | None, submission_key: UUID, **details
) -> Interest:
    return _create_once(
        Interest, submission_key, lambda: Interest(project=project, call=call, **details)
    )


def submissions_set_status(*, submissions, status: str) -> int:
    """Staff's status change, in bulk or on one record's page (the only way staff change a
    status): each record is saved (its history keeps who changed it), the project targets
    counting a call's selected applications are recounted, and, after the commit, the
    people whose new status has a status message marked "tell the applicant" are emailed
    (one email each, by a task: a failed email never undoes the change). What the person
    withdrew stays withdrawn. Returns how many records changed."""
    model = submissions.model
    with transaction.atomic():
        changed = []
        call_ids = set()
        # Locked by key: the admin's queryset may join nullable relations (not lockable).
        pks = list(submissions.values_list("pk", flat=True))
        rows = model.objects.select_for_update().filter(pk__in=pks)
        withdrawn_at = timezone.now() if status == model.Status.WITHDRAWN else None
        for submission in changeable(rows, status).order_by("pk"):
            submission.status = status
            submission.withdrawn_at = withdrawn_at
            submission.save(update_fields=["status", "withdrawn_at", "updated_at"])
            changed.append(submission.pk)
            call_ids.add(getattr(submission, "call_id", None))
        if model is Application:
            targets_recount(call_ids=call_ids - {None})
        if changed and StatusMessage.objects.for_status(model, status).notifying().exists():
            label = model._meta.label_lower
            transaction.on_commit(
                lambda: submission_status_changed.send(
                    model, model=label, pks=changed, status=status
                )
            )
    return len(changed)


def changeable(submissions, status: str):
    """The submissions that a change to `status` changes: not those already in it, nor
    those the person withdrew (staff cannot select or reopen what was withdrawn)."""
    withdrawn = submissions.model.Status.WITHDRAWN
    return submissions.exclude(status=status).exclude(status=withdrawn)


def submissions_to_notify(*, submissions, status: str) -> int:
    """How many people `submissions_set_status` would email for `status` (the admin asks
    for confirmation with this number)."""
    model = submissions.model
    if not StatusMessage.objects.for_status(model, status).notifying().exists():
        return 0
    return changeable(submissions, status).values("email").distinct().count()


def withdraw_refusal(*, submission: Application | Interest) -> RegistrationError | None:
    """Why `submission` cannot be withdrawn (already withdrawn, or decided), or None."""
    if submission.status == submission.Status.WITHDRAWN:
        return AlreadyWithdrawn()
    if submission.status in submission.DECIDED:
        return SubmissionDecided()
    return None


def submission_withdraw(*, submission: Application | Interest) -> Application | Interest:
    """The person withdraws their application or interest (from My space): its status
    becomes "withdrawn", with the date staff see, and the targets counting the call's
    applications are recounted. Refused (a domain error with a message
    for the person) when it is already withdrawn or staff have decided on it."""
    model = type(submission)
    with transaction.atomic():
        submission = model.objects.select_for_update().get(pk=submission.pk)
        if (refusal := withdraw_refusal(submission=submission)) is not None:
            raise refusal
        submission.status = model.Status.WITHDRAWN
        submission.withdrawn_at = timezone.now()
        submission.save(update_fields=["status", "withdrawn_at", "updated_at"])
        if model is Application:
            targets_recount(call_ids={submission.call_id})
    return submission


# Which applications each kind of counted target counts (never the withdrawn ones).
TARGET_STATUSES = {
    Target.Source.APPLICATIONS: [s for s in ReviewStatus if s != ReviewStatus.WITHDRAWN],
    Target.Source.SHORTLISTED: [ReviewStatus.SHORTLISTED, ReviewStatus.SELECTED],
    Target.Source.SELECTED: [ReviewStatus.SELECTED],
}


def targets_recount(*, call_ids) -> None:
    """Project targets that count a call's applications take the new count (saved only
    when it changed: a save renews the project's pages)."""
    for target in Target.objects.filter(call__in=call_ids, source__in=TARGET_STATUSES):
        count = Application.objects.filter(
            call_id=target.call_id, status__in=TARGET_STATUSES[target.source]
        ).count()
        if target.progress != count:
            target.progress = count
            target.save(update_fields=["progress"])


def note_add(*, submission: Application | Interest, author, text: str) -> Note:
    field = "application" if isinstance(submission, Application) else "interest"
    return Note.objects.create(**{field: submission}, author=author, text=text)


CV_DOWNLOADED = gettext_noop("Downloaded the CV.")
CV_VIEWED = gettext_noop("Viewed the CV in the review page.")
# A view in the review page is logged once per staff member and application in this time.
CV_VIEW_LOGGED_EVERY = timedelta(hours=1)


def application_cv_open(*, application: Application, user, inline: bool = False) -> File:
    """The application's CV, opened for `user` to download, or `inline` to read in the
    review page's frame (who may download CVs is the caller's to check). Every download is
    logged in the admin log, in its history; a view once an hour per staff member (the
    frame loads it again on every visit, next or previous in the list)."""
    # The English text, as a code: the same for every reader, translated where shown.
    message = CV_VIEWED if inline else CV_DOWNLOADED
    recently = LogEntry.objects.filter(
        user_id=user.pk,
        content_type__app_label=application._meta.app_label,
        content_type__model=application._meta.model_name,
        object_id=str(application.pk),
        change_message=CV_VIEWED,
        action_time__gte=timezone.now() - CV_VIEW_LOGGED_EVERY,
    )
    if not (inline and recently.exists()):
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[application],
            action_flag=CHANGE,
            change_message=message,
            single_object=True,
        )
    return application.cv.open("rb")

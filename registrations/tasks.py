import logging
from itertools import groupby
from operator import attrgetter

from django.apps import apps
from django_tasks import task

from events.models import Session
from registrations import services
from registrations.emails import (
    registration_message,
    status_message,
    submission_acknowledgement,
    submission_notification,
)
from registrations.exceptions import AlreadyRegistered, RegistrationClosed
from registrations.models import Interest, Registration, StatusMessage
from registrations.privacy import is_erased

logger = logging.getLogger(__name__)


@task()
def register_for_session(*, session_id: int, email: str, **details) -> None:
    """The public form's registration (see services.registration_request): the outcome
    reaches the person by email only, so the form's answer says nothing about the address."""
    session = Session.objects.get(pk=session_id)
    try:
        services.registration_create(session=session, email=email, **details)
    except AlreadyRegistered:
        pass  # the personal link was sent again (at most once an hour)
    except RegistrationClosed:
        # Closed between the form and this task (the form refuses a closed session).
        logger.info("registration for session %s arrived after it closed", session_id)


@task()
def send_registration_email(*, registration_id: int, kind: str) -> None:
    registration = Registration.objects.select_related("session__event", "session__country").get(
        pk=registration_id
    )
    if is_erased(registration):
        return  # erased since it was queued (the erasure cancels, then anonymises)
    if not registration.email:
        return  # someone added at the door without an address
    registration_message(registration, kind).send()


@task()
def expire_offers() -> int:
    """Periodic: offers of a free place not claimed in time go to the next person."""
    return services.offers_expire()


@task()
def send_reminders() -> int:
    """Periodic: reminders before each session, once per person."""
    return services.reminders_send()


@task()
def send_submission_emails(*, model: str, pk: int) -> None:
    """The acknowledgement and the officer's notification; one failing does not stop the
    other (the task then fails, and the submission is kept either way)."""
    submission = apps.get_model(model).objects.select_related("call__project").get(pk=pk)
    failures = []
    for build in (submission_acknowledgement, submission_notification):
        try:
            message = build(submission)
            if message is not None:
                message.send()
        except Exception as error:  # reported below, after trying the other email
            logger.exception("email about %s %s failed", model, pk)
            failures.append(error)
    if failures:
        raise failures[0]


@task()
def send_status_emails(*, model: str, pks: list[int], status: str) -> int:
    """One email per person (address) whose submissions staff moved to `status`, in their
    language. A submission whose status has changed again since (or that is gone) is
    skipped; one failed email does not stop the others (the task then fails; the statuses
    stay). Returns how many emails were sent."""
    submission_model = apps.get_model(model)
    message = StatusMessage.objects.for_status(submission_model, status).notifying().first()
    if message is None:
        return 0  # "tell the applicant" was switched off in between
    related = ["project", "call"] if submission_model is Interest else ["call__project"]
    submissions = (
        submission_model.objects.filter(pk__in=pks, status=status)
        .select_related(*related)
        .order_by("email", "-created_at", "pk")
    )
    sent, failures = 0, []
    for _email, group in groupby(submissions, key=attrgetter("email")):
        try:
            status_message(list(group), message).send()
            sent += 1
        except Exception as error:  # reported below, after trying the others
            logger.exception("status email about %s %s failed", model, pks)
            failures.append(error)
    if failures:
        raise failures[0]
    return sent


@task()
def send_session_message(*, message_id: int) -> dict[str, int]:
    """A message to a session's people: its due deliveries, each exactly once."""
    return services.session_message_deliveries_send(message_id=message_id)


@task()
def resume_session_messages() -> int:
    """Periodic: session messages whose worker died, and retries that are due."""
    return services.session_message_deliveries_recover()

"""Writes and rules of the newsletter: subscriptions (double opt-in) and sending issues."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import DatabaseError, connection, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext

from newsletter import tokens
from newsletter.emails import (
    IssueRenderer,
    PrebuiltEmail,
    confirmation_message,
    manage_link_message,
)
from newsletter.exceptions import (
    IssueAlreadySent,
    IssueNotPublished,
    IssueTranslationMissing,
    TestSendFailed,
)
from newsletter.models import Delivery, Issue, Subscriber
from portal.core import background

logger = logging.getLogger(__name__)

RESEND_CONFIRMATION_AFTER = timedelta(minutes=15)
RESEND_LINK_AFTER = timedelta(hours=1)
MAX_ATTEMPTS = 5


# Subscriptions -------------------------------------------------------------------------


def subscription_request_queue(
    *, email: str, language: str, source: str, privacy_version: str
) -> None:
    """Queue `subscription_request`: the request answers the same, in the same time,
    whether the address is known or not, since the lookup and any email happen in the task."""
    from newsletter.tasks import request_subscription

    background.enqueue(
        request_subscription,
        email=email,
        language=language,
        source=source,
        privacy_version=privacy_version,
    )


def subscription_request(
    *, email: str, language: str, source: str, privacy_version: str
) -> Subscriber:
    """Ask to subscribe `email`. The caller shows the same answer whatever happens here, so
    nobody learns whether an address is subscribed. A confirmed address gets no email; a
    pending one gets the confirmation again only after a while (no duplicates)."""
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
        if subscriber is None:
            subscriber = Subscriber.objects.create(
                email=email,
                language=language,
                source=source,
                consent_at=now,
                privacy_version=privacy_version,
            )
        elif subscriber.status == Subscriber.Status.CONFIRMED:
            return subscriber
        else:
            recently_sent = (
                subscriber.status == Subscriber.Status.PENDING
                and subscriber.confirmation_sent_at
                and now - subscriber.confirmation_sent_at < RESEND_CONFIRMATION_AFTER
            )
            if recently_sent:
                return subscriber
            subscriber.status = Subscriber.Status.PENDING
            subscriber.language = language
            subscriber.source = source
            subscriber.consent_at = now
            subscriber.privacy_version = privacy_version
            subscriber.unsubscribed_at = None
        subscriber.confirmation_sent_at = now
        subscriber.save()
        transaction.on_commit(lambda: _enqueue_confirmation(subscriber.pk))
    return subscriber


def _enqueue_confirmation(subscriber_id: int) -> None:
    from newsletter.tasks import send_confirmation_email

    background.enqueue(send_confirmation_email, subscriber_id=subscriber_id)


def confirmation_send(*, subscriber_id: int) -> None:
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    if subscriber.status != Subscriber.Status.PENDING:
        return
    confirmation_message(subscriber).send()


def subscription_confirm(*, subscriber: Subscriber) -> Subscriber:
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    return subscriber


def subscription_unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
        tokens.rotate(subscriber)  # the links in the emails sent so far stop working
        # Nothing more is sent to this address, even from an issue being sent right now.
        Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.PENDING).delete()
    return subscriber


def manage_link_request_queue(*, email: str) -> None:
    """Queue `manage_link_send` (same answer and timing for any address, as above)."""
    from newsletter.tasks import send_manage_link

    background.enqueue(send_manage_link, email=email)


def manage_link_send(*, email: str) -> bool:
    """Email a subscriber a fresh link to manage the subscription, or, while the address
    waits for confirmation, the confirmation again (its first link may have expired). At most
    once an hour per address (counted on the row, so no cache flush lets someone flood an
    inbox); True when one was sent. Anyone can ask this for any address, so it leaves the
    links sent before working (a stranger must not be able to kill the unsubscribe links in
    someone's inbox); the subscriber ends them with `subscription_links_rotate`."""
    now = timezone.now()
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update()
            .filter(
                email__iexact=email.strip(),
                status__in=[Subscriber.Status.CONFIRMED, Subscriber.Status.PENDING],
            )
            .first()
        )
        if subscriber is None:
            return False
        if subscriber.link_sent_at and now - subscriber.link_sent_at < RESEND_LINK_AFTER:
            return False
        subscriber.link_sent_at = now
        subscriber.save(update_fields=["link_sent_at"])
    if subscriber.status == Subscriber.Status.PENDING:
        confirmation_message(subscriber).send()
    else:
        manage_link_message(subscriber).send()
    return True


def subscription_links_rotate(*, subscriber: Subscriber) -> Subscriber:
    """End every link sent to the subscriber so far (e.g. an email was forwarded), and email
    the subscriber the new one."""
    with transaction.atomic():
        tokens.rotate(subscriber)
    manage_link_message(subscriber).send()
    return subscriber


def subscription_change_language(*, subscriber: Subscriber, language: str) -> Subscriber:
    subscriber.language = language
    subscriber.save(update_fields=["language"])
    return subscriber


# Sending -------------------------------------------------------------------------------


def issue_send_test(*, issue: Issue, email: str) -> int:
    """Send the email edition to `email` once per language, marked as a test. Raises
    TestSendFailed, with the reason, when the email backend fails."""
    renderer = IssueRenderer(issue)
    try:
        messages = []
        for code, _name in settings.LANGUAGES:
            probe = Subscriber(email=email, language=code, pk=0)
            # Without a connection: an ordinary message, whose changed subject is sent.
            message = renderer.message(probe)
            message.subject = f"[TEST {code.upper()}] {message.subject}"
            messages.append(message)
        with get_connection() as connection:
            return connection.send_messages(messages)
    except Exception as exc:  # any backend's error, shown to the staff member
        logger.exception("Test of issue %s to %s failed", issue.pk, email)
        raise TestSendFailed(
            gettext("The test could not be sent: %(error)s") % {"error": describe_error(exc)}
        ) from exc


def issue_send(*, issue: Issue, user=None) -> int:
    """Queue `issue` for every confirmed subscriber, once: a second call (a double click, two
    staff members) raises IssueAlreadySent. Returns the number of deliveries queued."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.send_started_at:
            raise IssueAlreadySent
        if not issue.is_public:
            raise IssueNotPublished
        problems = issue.translation_problems()
        if problems:
            # Never send a subscriber an issue with a hole in their language, unless staff
            # chose "publish in English only" (French readers then get the English text).
            raise IssueTranslationMissing(" ".join(problems))
        issue.send_started_at = timezone.now()
        issue.send_started_by = user
        issue.save(update_fields=["send_started_at", "send_started_by"])
        subscribers = (
            Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
            .values_list("pk", flat=True)
            .iterator(chunk_size=2000)
        )
        count = 0
        batch = []
        for subscriber_id in subscribers:
            batch.append(Delivery(issue=issue, subscriber_id=subscriber_id))
            if len(batch) == 2000:
                count += len(Delivery.objects.bulk_create(batch, ignore_conflicts=True))
                batch = []
        count += len(Delivery.objects.bulk_create(batch, ignore_conflicts=True))
        transaction.on_commit(lambda: enqueue_sending(issue.pk))
    return count


def enqueue_sending(issue_id: int, run_after=None) -> None:
    from newsletter.tasks import send_issue_deliveries

    task = send_issue_deliveries
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the periodic resume task picks the retry up once it is due
        task = task.using(run_after=run_after)
    task.enqueue(issue_id=issue_id)


def _claim_batch(issue_id: int, size: int) -> list[Delivery]:
    """Mark up to `size` due deliveries as being sent, so no other worker takes them."""
    now = timezone.now()
    with transaction.atomic():
        rows = Delivery.objects.filter(
            issue_id=issue_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now
        ).order_by("pk")
        rows = rows.select_for_update(skip_locked=True) if _skip_locked() else rows
        ids = list(rows.values_list("pk", flat=True)[:size])
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.SENDING, claimed_at=now, attempt_started_at=None
        )
    return list(Delivery.objects.filter(pk__in=ids).select_related("subscriber").order_by("pk"))


def _skip_locked() -> bool:
    return connection.features.has_select_for_update_skip_locked


def deliveries_send(*, issue_id: int, batch_size: int | None = None) -> dict[str, int]:
    """Send the pending deliveries of an issue, batch by batch, one SMTP connection per batch.

    Each row is marked `sending` (committed) before its message goes out and `sent` right
    after, so a worker killed mid-send never sends anyone the issue twice: the one row it
    was sending is left `sending` and later marked `unknown` for staff to check.
    """
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    issue = Issue.objects.get(pk=issue_id)
    renderer = IssueRenderer(issue)
    totals = {"sent": 0, "failed": 0, "retry": 0, "skipped": 0}
    while batch := _claim_batch(issue_id, batch_size):
        remaining = {d.pk for d in batch}
        try:
            with get_connection() as connection:
                for delivery in batch:
                    outcome = _send_one(renderer, delivery, connection)
                    remaining.discard(delivery.pk)
                    totals[outcome] += 1
        except (smtplib.SMTPException, OSError) as exc:
            # The connection itself failed: put back what this batch did not reach.
            logger.warning("SMTP connection failed during issue %s: %s", issue_id, exc)
            _retry(Delivery.objects.filter(pk__in=remaining), str(exc))
            totals["retry"] += len(remaining)
            break
        except DatabaseError:
            raise  # rows left "sending" are recovered after their lease, like a dead worker's
        except Exception as exc:
            # The backend cannot work (misconfigured, broken): say so on each row rather
            # than leave it "sending" until its lease runs out.
            logger.exception("Email backend failed during issue %s", issue_id)
            Delivery.objects.filter(pk__in=remaining).update(
                status=Delivery.Status.FAILED,
                last_error=describe_error(exc)[:1000],
                claimed_at=None,
                attempt_started_at=None,
            )
            totals["failed"] += len(remaining)
    _schedule_retries(issue_id)
    return totals


def _send_one(renderer: IssueRenderer, delivery: Delivery, connection) -> str:
    if delivery.subscriber.status != Subscriber.Status.CONFIRMED:
        delivery.delete()  # unsubscribed since the send started
        return "skipped"
    try:
        message = renderer.message(delivery.subscriber, connection=connection)
    except Exception as exc:
        logger.exception("Could not build delivery %s", delivery.pk)
        return _fail(delivery, describe_error(exc))
    delivery.attempts += 1
    _execute(_ATTEMPT_SQL, [_now(), delivery.pk])
    try:
        _deliver(message, connection)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _reply in exc.recipients.values()]
        if codes and all(400 <= code < 500 for code in codes):
            _retry(Delivery.objects.filter(pk=delivery.pk), str(exc))  # "mailbox busy"
            return "retry"
        return _fail(delivery, str(exc))
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError):
        raise
    except smtplib.SMTPResponseException as exc:
        if exc.smtp_code >= 500 and not isinstance(exc, smtplib.SMTPSenderRefused):
            return _fail(delivery, str(exc))  # refused for good: retrying changes nothing
        _retry(Delivery.objects.filter(pk=delivery.pk), str(exc))
        return "retry"
    except smtplib.SMTPException as exc:
        _retry(Delivery.objects.filter(pk=delivery.pk), str(exc))
        return "retry"
    except Exception as exc:  # a backend's own error (a full disk, a bug): shown on the row
        logger.exception("Email backend failed on delivery %s", delivery.pk)
        return _fail(delivery, describe_error(exc))
    _execute(_SENT_SQL, [Delivery.Status.SENT.value, _now(), delivery.pk], durable=False)
    return "sent"


def _fail(delivery: Delivery, error: str) -> str:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED, last_error=error[:1000], attempt_started_at=None
    )
    return "failed"


def describe_error(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


def _deliver(message, connection) -> None:
    """Send one message. A prebuilt issue email goes straight to the open SMTP session:
    Django's backend would parse and re-encode both addresses for every message, which is
    most of what remained above the cost of the SMTP exchange itself."""
    smtp = getattr(connection, "connection", None)
    if isinstance(message, PrebuiltEmail) and isinstance(connection, SMTPBackend) and smtp:
        smtp.sendmail(message.envelope_from, message.to, message.prebuilt)
    else:
        message.send()


# The two writes made for every message, as plain SQL: in a send to thousands of people,
# building the same ORM query twice per message cost more than running it.
_ATTEMPT_SQL = "UPDATE {table} SET attempt_started_at = %s, attempts = attempts + 1 WHERE id = %s"
_SENT_SQL = (
    "UPDATE {table} SET status = %s, sent_at = %s, last_error = '', attempt_started_at = NULL"
    " WHERE id = %s"
)


def _execute(sql: str, params: list, durable: bool = True) -> None:
    """Run one of the statements above. `durable=False` lets PostgreSQL acknowledge the
    commit before it reaches the disk: used for the "sent" mark only, since losing it in a
    database crash leaves the row with its attempt started, which is never resent. The
    "attempt started" mark itself must be durable before the message goes out."""
    sql = sql.format(table=connection.ops.quote_name(Delivery._meta.db_table))
    if durable or connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(sql, params)


def _now():
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _retry(deliveries, error: str) -> None:
    now = timezone.now()
    for delivery in deliveries:
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
        else:
            delivery.status = Delivery.Status.PENDING
            delay = settings.NEWSLETTER_RETRY_SECONDS * 2**delivery.attempts
            delivery.next_attempt_at = now + timedelta(seconds=delay)
        delivery.last_error = error[:1000]
        delivery.claimed_at = None
        delivery.attempt_started_at = None
        delivery.save(
            update_fields=[
                "status",
                "next_attempt_at",
                "last_error",
                "claimed_at",
                "attempt_started_at",
            ]
        )


def _schedule_retries(issue_id: int) -> None:
    later = Delivery.objects.filter(issue_id=issue_id, status=Delivery.Status.PENDING).aggregate(
        at=Min("next_attempt_at")
    )["at"]
    if later:
        transaction.on_commit(lambda: enqueue_sending(issue_id, run_after=later))


def deliveries_recover() -> int:
    """After a worker died, its claimed rows are past their lease: the one it was sending
    (attempt started) becomes `unknown` and is never resent automatically, since the message
    may have gone out; the others go back to `pending`. Issues with due pending rows and no
    live sender are queued again. Returns the number of issues queued."""
    lease = timedelta(seconds=settings.NEWSLETTER_SEND_LEASE_SECONDS)
    now = timezone.now()
    stale = Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=now - lease)
    stale.filter(attempt_started_at__isnull=False).update(
        status=Delivery.Status.UNKNOWN,
        last_error="The worker stopped while sending; not resent to avoid a duplicate.",
    )
    stale.filter(attempt_started_at__isnull=True).update(
        status=Delivery.Status.PENDING, claimed_at=None
    )
    busy = Delivery.objects.filter(status=Delivery.Status.SENDING).values("issue_id")
    issue_ids = (
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .exclude(issue_id__in=busy)
        .values_list("issue_id", flat=True)
        .distinct()
    )
    issue_ids = list(issue_ids)
    for issue_id in issue_ids:
        enqueue_sending(issue_id)
    return len(issue_ids)

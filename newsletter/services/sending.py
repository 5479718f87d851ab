"""Sending issues: one delivery row per subscriber, claimed in batches by workers and sent
exactly once (see `deliveries_send`)."""

import logging
import smtplib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError, connection, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext

from newsletter import signals
from newsletter.emails import IssueRenderer
from newsletter.exceptions import (
    IssueAlreadySent,
    IssueNotPublished,
    IssueTranslationMissing,
    TestSendFailed,
)
from newsletter.models import Delivery, Issue, Subscriber

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def issue_send_test(*, issue: Issue, email: str) -> int:
    """Send the email edition to `email` once per language, marked as a test. Raises
    TestSendFailed, with the reason, when the email backend fails."""
    renderer = IssueRenderer(issue)
    try:
        messages = []
        for code, _name in settings.LANGUAGES:
            probe = Subscriber(email=email, language=code, pk=0)
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
        enqueue_sending(issue.pk)
    return count


def enqueue_sending(issue_id: int, run_after=None) -> None:
    """Have a worker send the issue's due deliveries (from `run_after` on, when given) once
    the current transaction commits (see newsletter.receivers)."""
    transaction.on_commit(
        lambda: signals.sending_requested.send(sender=Issue, issue_id=issue_id, run_after=run_after)
    )


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
    """Send the pending deliveries of an issue, batch by batch.

    Each row is marked `sending` (committed) before its message goes out and `sent` after,
    so a worker killed mid-send never sends anyone the issue twice: a row it was sending is
    left `sending` and later marked `unknown` for staff to check. A batch is shared by
    NEWSLETTER_SMTP_CONNECTIONS threads, each with its own SMTP and database connection:
    while one waits for the mail server or a commit, another builds its next message.
    """
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    issue = Issue.objects.get(pk=issue_id)
    renderer = IssueRenderer(issue)
    totals = Counter({"sent": 0, "failed": 0, "retry": 0, "skipped": 0})
    senders = max(1, settings.NEWSLETTER_SMTP_CONNECTIONS)
    while batch := _claim_batch(issue_id, batch_size):
        parts = [batch[start::senders] for start in range(senders) if batch[start::senders]]
        if len(parts) == 1:
            results = [_send_part(issue_id, renderer, parts[0])]
        else:
            with ThreadPoolExecutor(len(parts)) as pool:
                results = list(pool.map(partial(_send_in_thread, issue_id, renderer), parts))
        for part_totals, _failed in results:
            totals.update(part_totals)
        if any(connection_failed for _totals, connection_failed in results):
            break
    _schedule_retries(issue_id)
    return dict(totals)


def _send_in_thread(issue_id: int, renderer: IssueRenderer, part: list[Delivery]):
    try:
        return _send_part(issue_id, renderer, part)
    finally:
        connection.close()  # this thread's database connection


def _send_part(
    issue_id: int, renderer: IssueRenderer, part: list[Delivery]
) -> tuple[Counter, bool]:
    """Send `part` over one SMTP connection: the outcomes, and whether the connection failed."""
    totals = Counter()
    remaining = {d.pk for d in part}
    marks = _Marks()
    try:
        with get_connection() as smtp:
            try:
                for delivery in part:
                    totals[_send_one(renderer, delivery, smtp, marks)] += 1
                    remaining.discard(delivery.pk)
                    marks.in_flight = None
            finally:
                marks.flush()
    except (smtplib.SMTPException, OSError) as exc:
        # The connection itself failed: put back what this part did not reach. The message
        # in flight may have been taken before the connection dropped: it keeps its attempt
        # mark (recovered as "unknown" for staff to check), never sent again.
        logger.warning("SMTP connection failed during issue %s: %s", issue_id, exc)
        remaining.discard(marks.in_flight)
        _retry(Delivery.objects.filter(pk__in=remaining), str(exc))
        totals["retry"] += len(remaining)
        return totals, True
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
    return totals, False


def _send_one(renderer: IssueRenderer, delivery: Delivery, connection, marks: "_Marks") -> str:
    if delivery.subscriber.status != Subscriber.Status.CONFIRMED:
        delivery.delete()  # unsubscribed since the send started
        return "skipped"
    try:
        message = renderer.message(delivery.subscriber, connection=connection)
    except Exception as exc:
        logger.exception("Could not build delivery %s", delivery.pk)
        return _fail(delivery, describe_error(exc))
    if not marks.attempt(delivery):
        return "skipped"  # its lease ran out and another worker took it: theirs to send
    delivery.attempts += 1
    try:
        # One message per call: its row is marked started before and sent after it.
        connection.send_messages([message])
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
    marks.sent(delivery.pk)
    return "sent"


def _fail(delivery: Delivery, error: str) -> str:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED, last_error=error[:1000], attempt_started_at=None
    )
    return "failed"


def describe_error(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


# The two writes made for every message, as plain SQL: in a send to thousands of people,
# building the same ORM query twice per message cost more than running it.
# Each holds only while the row is still this worker's: claimed by this claim and not yet
# attempted (a worker slower than its lease finds its rows taken and leaves them); "sent"
# also from "unknown", which recovery sets on a slow worker's row in flight.
_ATTEMPT_SQL = (
    "UPDATE {table} SET attempt_started_at = %s, attempts = attempts + 1"
    " WHERE id = %s AND status = 'sending' AND claimed_at = %s AND attempt_started_at IS NULL"
)
_SENT_SQL = (
    "UPDATE {table} SET status = 'sent', sent_at = %s, last_error = '', attempt_started_at = NULL"
    " WHERE id = %s AND status IN ('sending', 'unknown')"
)


class _Marks:
    """A batch's "attempt started" and "sent" marks. The attempt mark is committed before
    its message goes out. A message's sent mark waits for the next message's attempt mark
    and is committed with it (one round trip, one commit on PostgreSQL); the batch's last one
    goes alone when the batch ends. A worker killed between the two leaves that message
    with its attempt started, later "unknown" for staff: never sent twice."""

    def __init__(self):
        self.unmarked: int | None = None  # a sent message whose mark is still to be written
        self.in_flight: int | None = None  # attempt marked, outcome not known yet

    def attempt(self, delivery: Delivery) -> bool:
        """Mark `delivery`'s attempt started; False when the row is no longer this claim's."""
        claimed_at = connection.ops.adapt_datetimefield_value(delivery.claimed_at)
        statements = [(_ATTEMPT_SQL, [_now(), delivery.pk, claimed_at])]
        if self.unmarked is not None:
            statements.insert(0, self._sent_statement())
        if _execute(statements) != 1:
            return False
        self.in_flight = delivery.pk
        return True

    def sent(self, pk: int) -> None:
        self.unmarked = pk

    def flush(self) -> None:
        if self.unmarked is not None:
            _execute([self._sent_statement()], durable=False)

    def _sent_statement(self) -> tuple[str, list]:
        pk, self.unmarked = self.unmarked, None
        return _SENT_SQL, [_now(), pk]


def _execute(statements: list[tuple[str, list]], durable: bool = True) -> int:
    """Run statements above in one commit. On PostgreSQL they go as one query (one round
    trip; autocommit makes it one transaction). `durable=False` lets PostgreSQL acknowledge
    the commit before it reaches the disk: used for a lone "sent" mark only, since losing it
    in a database crash leaves the row with its attempt started, which is never resent. An
    "attempt started" mark must be durable before the message goes out. Returns the last
    statement's row count."""
    table = connection.ops.quote_name(Delivery._meta.db_table)
    statements = [(sql.format(table=table), params) for sql, params in statements]
    if connection.vendor != "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
            return cursor.rowcount
    sql = "; ".join(sql for sql, _params in statements)
    params = [param for _sql, statement_params in statements for param in statement_params]
    with connection.cursor() as cursor:
        if not durable:
            sql = f"SET LOCAL synchronous_commit TO OFF; {sql}"
        cursor.execute(sql, params)
        return cursor.rowcount


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
        enqueue_sending(issue_id, run_after=later)


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

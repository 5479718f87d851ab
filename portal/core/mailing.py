"""Bulk sending, exactly once: one delivery row per recipient, claimed in batches by workers.

Shared by every kind of bulk email (newsletter issues, alerts). A kind declares its rows on a
concrete subclass of `DeliveryBase` (with its own foreign keys and unique constraint: one row
per recipient and item) and describes one send with a `Mailing` subclass; `send_due(mailing)`
sends its due rows and `recover_stale(model, requeue_for)` (a periodic task's work) picks up
sends whose worker died.

How a row goes out (see `send_due`): it is claimed (`sending`, committed, SKIP LOCKED so
workers never share a row), then marked "attempt started" (committed) just before its message
goes to the SMTP server, and `sent` after. A worker killed in between leaves the row with its
attempt started: recovery marks it `unknown` for staff to check, and it is never resent.
Temporary SMTP failures are retried with a backoff; permanent ones mark the row `failed`.

Settings, shared by every kind of mailing (named after the newsletter, the first of them):
NEWSLETTER_BATCH_SIZE (rows claimed at a time), NEWSLETTER_SMTP_CONNECTIONS (SMTP connections,
each in its own thread, sharing a batch), NEWSLETTER_SEND_LEASE_SECONDS (a claimed row older
than this belongs to a dead worker), NEWSLETTER_RETRY_SECONDS (a retry waits this many
seconds times 2 ** attempts made).

The base layer: imports no app.
"""

import logging
import smtplib
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


class DeliveryBase(models.Model):
    """One message to one recipient: the record that makes sending resumable."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        UNKNOWN = "unknown", _("Interrupted (not resent)")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    # Set (and committed) just before the message goes to the SMTP server: a row left with
    # it by a dead worker may have been delivered, so it is never resent automatically.
    attempt_started_at = models.DateTimeField(_("attempt started at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        abstract = True


class Mailing:
    """One bulk send: which rows, how each becomes a message, how to run again later.

    Subclass per kind; an instance is built by the worker for one run of `send_due`.
    """

    model: type[DeliveryBase]
    related: tuple[str, ...] = ()  # select_related for the claimed rows

    def rows(self) -> QuerySet:
        """This send's deliveries (e.g. `self.model.objects.filter(issue_id=...)`)."""
        raise NotImplementedError

    def message(self, delivery, connection) -> EmailMessage | None:
        """The message for `delivery`, built on the SMTP `connection`. None when the row is
        no longer wanted (the person unsubscribed since): it is deleted, counted "skipped".
        An exception marks the row failed with the error."""
        raise NotImplementedError

    def requeue(self, run_after=None) -> None:
        """Ask a worker to call `send_due` with this mailing again (from `run_after` on when
        given), once the current transaction commits: retries and recovery use it."""
        raise NotImplementedError

    def __str__(self) -> str:
        return type(self).__name__


def describe_error(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


def send_due(mailing: Mailing, batch_size: int | None = None) -> dict[str, int]:
    """Send the mailing's due deliveries, batch by batch; the totals by outcome (sent,
    failed, retry, skipped).

    Each row is marked `sending` (committed) before its message goes out and `sent` after,
    so a worker killed mid-send never sends anyone the message twice: a row it was sending is
    left `sending` and later marked `unknown` for staff to check. A batch is shared by
    NEWSLETTER_SMTP_CONNECTIONS threads, each with its own SMTP and database connection:
    while one waits for the mail server or a commit, another builds its next message.
    """
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    totals = Counter({"sent": 0, "failed": 0, "retry": 0, "skipped": 0})
    senders = max(1, settings.NEWSLETTER_SMTP_CONNECTIONS)
    while batch := _claim_batch(mailing, batch_size):
        parts = [batch[start::senders] for start in range(senders) if batch[start::senders]]
        if len(parts) == 1:
            results = [_send_part(mailing, parts[0])]
        else:
            with ThreadPoolExecutor(len(parts)) as pool:
                results = list(pool.map(partial(_send_in_thread, mailing), parts))
        for part_totals, _failed in results:
            totals.update(part_totals)
        if any(connection_failed for _totals, connection_failed in results):
            break
    _schedule_retries(mailing)
    return dict(totals)


def _claim_batch(mailing: Mailing, size: int) -> list:
    """Mark up to `size` due deliveries as being sent, so no other worker takes them."""
    model = mailing.model
    now = timezone.now()
    with transaction.atomic():
        rows = mailing.rows().filter(status=model.Status.PENDING, next_attempt_at__lte=now)
        rows = rows.order_by("pk")
        rows = rows.select_for_update(skip_locked=True) if _skip_locked() else rows
        ids = list(rows.values_list("pk", flat=True)[:size])
        model.objects.filter(pk__in=ids).update(
            status=model.Status.SENDING, claimed_at=now, attempt_started_at=None
        )
    claimed = model.objects.filter(pk__in=ids)
    if mailing.related:
        claimed = claimed.select_related(*mailing.related)
    return list(claimed.order_by("pk"))


def _skip_locked() -> bool:
    return connection.features.has_select_for_update_skip_locked


def _send_in_thread(mailing: Mailing, part: list):
    try:
        return _send_part(mailing, part)
    finally:
        connection.close()  # this thread's database connection


def _send_part(mailing: Mailing, part: list) -> tuple[Counter, bool]:
    """Send `part` over one SMTP connection: the outcomes, and whether the connection failed."""
    model = mailing.model
    totals = Counter()
    remaining = {d.pk for d in part}
    marks = _Marks(model)
    try:
        with get_connection() as smtp:
            try:
                for delivery in part:
                    totals[_send_one(mailing, delivery, smtp, marks)] += 1
                    remaining.discard(delivery.pk)
                    marks.in_flight = None
            finally:
                marks.flush()
    except (smtplib.SMTPException, OSError) as exc:
        # The connection itself failed: put back what this part did not reach. The message
        # in flight may have been taken before the connection dropped: it keeps its attempt
        # mark (recovered as "unknown" for staff to check), never sent again.
        logger.warning("SMTP connection failed during %s: %s", mailing, exc)
        remaining.discard(marks.in_flight)
        _retry(model.objects.filter(pk__in=remaining), str(exc))
        totals["retry"] += len(remaining)
        return totals, True
    except DatabaseError:
        raise  # rows left "sending" are recovered after their lease, like a dead worker's
    except Exception as exc:
        # The backend cannot work (misconfigured, broken): say so on each row rather
        # than leave it "sending" until its lease runs out.
        logger.exception("Email backend failed during %s", mailing)
        model.objects.filter(pk__in=remaining).update(
            status=model.Status.FAILED,
            last_error=describe_error(exc)[:1000],
            claimed_at=None,
            attempt_started_at=None,
        )
        totals["failed"] += len(remaining)
    return totals, False


def _send_one(mailing: Mailing, delivery, connection, marks: "_Marks") -> str:
    model = mailing.model
    try:
        message = mailing.message(delivery, connection)
    except Exception as exc:
        logger.exception("Could not build delivery %s of %s", delivery.pk, mailing)
        return _fail(delivery, describe_error(exc))
    if message is None:
        delivery.delete()  # no longer wanted (unsubscribed since the send started)
        return "skipped"
    if not marks.attempt(delivery):
        return "skipped"  # its lease ran out and another worker took it: theirs to send
    delivery.attempts += 1
    try:
        # One message per call: its row is marked started before and sent after it.
        connection.send_messages([message])
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _reply in exc.recipients.values()]
        if codes and all(400 <= code < 500 for code in codes):
            _retry(model.objects.filter(pk=delivery.pk), str(exc))  # "mailbox busy"
            return "retry"
        return _fail(delivery, str(exc))
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError):
        raise
    except smtplib.SMTPResponseException as exc:
        if exc.smtp_code >= 500 and not isinstance(exc, smtplib.SMTPSenderRefused):
            return _fail(delivery, str(exc))  # refused for good: retrying changes nothing
        _retry(model.objects.filter(pk=delivery.pk), str(exc))
        return "retry"
    except smtplib.SMTPException as exc:
        _retry(model.objects.filter(pk=delivery.pk), str(exc))
        return "retry"
    except Exception as exc:  # a backend's own error (a full disk, a bug): shown on the row
        logger.exception("Email backend failed on delivery %s of %s", delivery.pk, mailing)
        return _fail(delivery, describe_error(exc))
    marks.sent(delivery.pk)
    return "sent"


def _fail(delivery, error: str) -> str:
    model = type(delivery)
    model.objects.filter(pk=delivery.pk).update(
        status=model.Status.FAILED, last_error=error[:1000], attempt_started_at=None
    )
    return "failed"


# The two writes made for every message, as plain SQL: in a send to thousands of people,
# building the same ORM query twice per message cost more than running it.
# Each holds only while the row is still this worker's: claimed by this claim and not yet
# attempted (a worker slower than its lease finds its rows taken and leaves them); "sent"
# also from "unknown", which recovery sets on a slow worker's row in flight.
_ATTEMPT_SQL = (
    "UPDATE {table} SET attempt_started_at = %s, attempts = attempts + 1"
    " WHERE {pk} = %s AND status = 'sending' AND claimed_at = %s AND attempt_started_at IS NULL"
)
_SENT_SQL = (
    "UPDATE {table} SET status = 'sent', sent_at = %s, last_error = '', attempt_started_at = NULL"
    " WHERE {pk} = %s AND status IN ('sending', 'unknown')"
)


class _Marks:
    """A batch's "attempt started" and "sent" marks, on the concrete model's table. The
    attempt mark is committed before its message goes out. A message's sent mark waits for
    the next message's attempt mark and is committed with it (one round trip, one commit on
    PostgreSQL); the batch's last one goes alone when the batch ends. A worker killed between
    the two leaves that message with its attempt started, later "unknown" for staff: never
    sent twice."""

    def __init__(self, model: type[DeliveryBase]):
        names = {
            "table": connection.ops.quote_name(model._meta.db_table),
            "pk": connection.ops.quote_name(model._meta.pk.column),
        }
        self.attempt_sql = _ATTEMPT_SQL.format(**names)
        self.sent_sql = _SENT_SQL.format(**names)
        self.unmarked: int | None = None  # a sent message whose mark is still to be written
        self.in_flight: int | None = None  # attempt marked, outcome not known yet

    def attempt(self, delivery) -> bool:
        """Mark `delivery`'s attempt started; False when the row is no longer this claim's."""
        claimed_at = connection.ops.adapt_datetimefield_value(delivery.claimed_at)
        statements = [(self.attempt_sql, [_now(), delivery.pk, claimed_at])]
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
        return self.sent_sql, [_now(), pk]


_ONE_WRITER = threading.Lock()


def _execute(statements: list[tuple[str, list]], durable: bool = True) -> int:
    """Run statements above in one commit. On PostgreSQL they go as one query (one round
    trip; autocommit makes it one transaction). `durable=False` lets PostgreSQL acknowledge
    the commit before it reaches the disk: used for a lone "sent" mark only, since losing it
    in a database crash leaves the row with its attempt started, which is never resent. An
    "attempt started" mark must be durable before the message goes out. Returns the last
    statement's row count."""
    if connection.vendor != "postgresql":
        # SQLite has one writer at a time: this process's sender threads take turns on a
        # lock of their own, woken the moment it is free, rather than in SQLite's busy
        # handler, which sleeps 1 to 100 ms between tries (half the send rate was lost there).
        with _ONE_WRITER, transaction.atomic(), connection.cursor() as cursor:
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


def _retry(deliveries: QuerySet, error: str) -> None:
    """Put rows back for a later attempt, waiting longer each time; failed after
    MAX_ATTEMPTS attempts."""
    now = timezone.now()
    for delivery in deliveries:
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = delivery.Status.FAILED
        else:
            delivery.status = delivery.Status.PENDING
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


def _schedule_retries(mailing: Mailing) -> None:
    later = (
        mailing.rows()
        .filter(status=mailing.model.Status.PENDING)
        .aggregate(at=Min("next_attempt_at"))["at"]
    )
    if later:
        mailing.requeue(run_after=later)


def recover_stale(
    model: type[DeliveryBase],
    requeue_for: Callable[[QuerySet], int],
    *,
    group_by: str | None = None,
) -> int:
    """After a worker died, its claimed rows are past their lease: the one it was sending
    (attempt started) becomes `unknown` and is never resent automatically, since the message
    may have gone out; the others go back to `pending`.

    Then `requeue_for(rows)` is given the pending rows that are due and returns how many
    mailings it queued again (each one `requeue()`), which this returns. With `group_by`
    (the field naming a row's mailing, e.g. "issue_id"), rows of a mailing that still has a
    row `sending` (a live sender, which takes them itself) are left out.
    """
    lease = timedelta(seconds=settings.NEWSLETTER_SEND_LEASE_SECONDS)
    now = timezone.now()
    stale = model.objects.filter(status=model.Status.SENDING, claimed_at__lt=now - lease)
    stale.filter(attempt_started_at__isnull=False).update(
        status=model.Status.UNKNOWN,
        last_error="The worker stopped while sending; not resent to avoid a duplicate.",
    )
    stale.filter(attempt_started_at__isnull=True).update(
        status=model.Status.PENDING, claimed_at=None
    )
    due = model.objects.filter(status=model.Status.PENDING, next_attempt_at__lte=now)
    if group_by:
        busy = model.objects.filter(status=model.Status.SENDING).values(group_by)
        due = due.exclude(**{f"{group_by}__in": busy})
    return requeue_for(due)

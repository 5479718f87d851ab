"""What staff see of a send: counts, pace, times and the reasons for failures, grouped and
explained, without any address (editors see it)."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from django.utils.translation import gettext

from newsletter.models import Delivery, Issue
from newsletter.services.sending import MAX_ATTEMPTS, enqueue_sending

Status = Delivery.Status
RATE_WINDOW = timedelta(minutes=5)
SMTP_CODE = re.compile(r"\((\d{3}),")


@dataclass
class Failure:
    reason: str  # a stable code: refused, temporary, server, interrupted, other
    explanation: str  # in the active language
    count: int


@dataclass
class Progress:
    total: int = 0
    sent: int = 0
    failed: int = 0
    interrupted: int = 0
    pending: int = 0
    rate: float = 0.0  # messages per minute
    started_at: datetime | None = None
    finished_at: datetime | None = None
    last_activity: datetime | None = None
    failures: list[Failure] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.started_at is not None and self.pending == 0

    def as_json(self) -> dict:
        def iso(value):
            return value.isoformat() if value else None

        return {
            "total": self.total,
            "sent": self.sent,
            "failed": self.failed,
            "interrupted": self.interrupted,
            "pending": self.pending,
            "rate": round(self.rate, 1),
            "started_at": iso(self.started_at),
            "finished_at": iso(self.finished_at),
            "last_activity": iso(self.last_activity),
            "done": self.done,
            "failures": [
                {"reason": f.reason, "explanation": f.explanation, "count": f.count}
                for f in self.failures
            ],
        }


def _explanations() -> dict[str, str]:
    return {
        "refused": gettext(
            "The recipient's mail server refused the address for good (it probably no longer "
            "exists). Nothing to do; if it keeps happening, the address will be stopped."
        ),
        "temporary": gettext(
            "The recipient's mail server kept asking us to try later; we gave up after "
            "%(attempts)d attempts."
        )
        % {"attempts": MAX_ATTEMPTS},
        "server": gettext(
            "Our own mail server could not be reached or did not accept the message. Ask "
            "whoever runs the site to check the email settings."
        ),
        "interrupted": gettext(
            "The sending stopped while these messages were being handed to the mail server: "
            "they may have gone out. They are not sent again unless you choose to."
        ),
        "other": gettext("Another error; the technical details are in the delivery records."),
    }


def failure_reason(status: str, error: str) -> str:
    """The kind of a failed or interrupted delivery, from its status and stored error."""
    if status == Status.UNKNOWN:
        return "interrupted"
    match = SMTP_CODE.search(error or "")
    if match:
        return "refused" if match.group(1).startswith("5") else "temporary"
    if re.match(r"^\w*(Error|Exception)\b", error or "") or "Connection" in (error or ""):
        return "server"
    return "other"


def issue_progress(*, issue: Issue) -> Progress:
    """The issue's send, as counts and times (no personal data)."""
    rows = Delivery.objects.filter(issue=issue)
    by_status = dict(rows.values_list("status").annotate(n=Count("pk")).order_by())
    times = rows.aggregate(
        first_sent=Min("sent_at"),
        last_sent=Max("sent_at"),
        last_claim=Max("claimed_at"),
        last_attempt=Max("attempt_started_at"),
    )
    progress = Progress(
        sent=by_status.get(Status.SENT, 0),
        failed=by_status.get(Status.FAILED, 0),
        interrupted=by_status.get(Status.UNKNOWN, 0),
        pending=by_status.get(Status.PENDING, 0) + by_status.get(Status.SENDING, 0),
        started_at=issue.send_started_at,
    )
    progress.total = sum(by_status.values())
    activity = [t for t in times.values() if t] + (
        [issue.send_started_at] if issue.send_started_at else []
    )
    progress.last_activity = max(activity) if activity else None
    if progress.done:
        progress.finished_at = progress.last_activity
    now = timezone.now()
    if progress.done and issue.send_started_at and progress.sent:
        minutes = max((progress.finished_at - issue.send_started_at).total_seconds() / 60, 1 / 60)
        progress.rate = progress.sent / minutes
    elif progress.sent:
        recent = rows.filter(status=Status.SENT, sent_at__gte=now - RATE_WINDOW).count()
        progress.rate = recent / (RATE_WINDOW.total_seconds() / 60)
    counts: dict[str, int] = {}
    failed = rows.filter(status__in=[Status.FAILED, Status.UNKNOWN])
    for status, error, n in (
        failed.values_list("status", "last_error").annotate(n=Count("pk")).order_by()
    ):
        reason = failure_reason(status, error)
        counts[reason] = counts.get(reason, 0) + n
    explanations = _explanations()
    progress.failures = [
        Failure(reason=reason, explanation=explanations[reason], count=n)
        for reason, n in sorted(counts.items(), key=lambda item: -item[1])
    ]
    return progress


def deliveries_resend_interrupted(*, issue: Issue) -> int:
    """Send again, deliberately, the deliveries of `issue` whose sending was interrupted
    (status unknown: they may have gone out, so their readers may get the issue twice).
    Returns how many were put back in the queue."""
    with transaction.atomic():
        count = Delivery.objects.filter(issue=issue, status=Status.UNKNOWN).update(
            status=Status.PENDING,
            next_attempt_at=timezone.now(),
            claimed_at=None,
            attempt_started_at=None,
            last_error="",
        )
        if count:
            enqueue_sending(issue.pk)
    return count

"""Sending an issue at a chosen time: staff schedule it, a periodic task starts it when due
(once, however many workers run), and staff may cancel it until it starts."""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from newsletter.exceptions import IssueAlreadySent, IssueNotPublished, NewsletterError
from newsletter.models import Issue
from newsletter.services.sending import issue_send

logger = logging.getLogger(__name__)


class ScheduleInvalid(NewsletterError):
    pass


def issue_send_schedule(*, issue: Issue, at: datetime, user=None) -> Issue:
    """Have `issue` sent to every confirmed subscriber at `at` (an aware datetime). The
    issue must be published, or scheduled for publication no later than `at`; its
    translations are checked again when the time comes."""
    now = timezone.now()
    if at <= now:
        raise ScheduleInvalid(gettext("Choose a time in the future."))
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.send_started_at:
            raise IssueAlreadySent
        if not issue.wants_publication():
            raise IssueNotPublished
        if issue.status == Issue.Status.SCHEDULED and issue.publish_at and issue.publish_at > at:
            raise ScheduleInvalid(
                gettext("The issue becomes public only later: send it after its publication.")
            )
        problems = issue.translation_problems()
        if problems:
            raise NewsletterError(" ".join(problems))
        issue.send_scheduled_at = at
        issue.send_scheduled_by = user
        issue.send_schedule_error = ""
        issue._change_reason = gettext_noop("Sending scheduled")
        issue.save(update_fields=["send_scheduled_at", "send_scheduled_by", "send_schedule_error"])
    return issue


def issue_send_schedule_cancel(*, issue: Issue) -> Issue:
    """Cancel the scheduled sending of `issue`; IssueAlreadySent once it has started."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.send_started_at:
            raise IssueAlreadySent
        issue.send_scheduled_at = None
        issue.send_scheduled_by = None
        issue._change_reason = gettext_noop("Scheduled sending cancelled")
        issue.save(update_fields=["send_scheduled_at", "send_scheduled_by"])
    return issue


def scheduled_sends_start() -> int:
    """Start every scheduled send whose time has come; returns how many started. Each is
    claimed with one conditional UPDATE (the schedule cleared where it is still set), which
    one caller alone wins, so two workers running this at once start a send once. A send
    that cannot start (the issue was unpublished since, a translation is missing) keeps
    its reason for the send page."""
    now = timezone.now()
    due = Issue.objects.filter(send_scheduled_at__lte=now, send_started_at__isnull=True)
    started = 0
    for issue_id, at, _user_id in due.values_list("pk", "send_scheduled_at", "send_scheduled_by"):
        with transaction.atomic():
            claimed = Issue.objects.filter(pk=issue_id, send_scheduled_at=at).update(
                send_scheduled_at=None
            )
            if not claimed:
                continue  # another worker took it
            issue = Issue.objects.get(pk=issue_id)
            try:
                with transaction.atomic():
                    issue_send(issue=issue, user=issue.send_scheduled_by)
            except NewsletterError as exc:
                logger.warning("Scheduled sending of issue %s did not start: %s", issue_id, exc)
                Issue.objects.filter(pk=issue_id).update(send_schedule_error=str(exc.message))
                continue
            started += 1
    return started

"""Reports: anyone may flag a published question; it goes back to the moderation queue
(`Question.objects.waiting()` counts unhandled reports), and reports from
DIALOGUE_REPORTS_TO_HIDE different visitors hide it until a moderator has looked again."""

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from dialogue.exceptions import ReportRefused
from dialogue.models import Question, Report
from portal.core.cache import invalidate_objects

# How long a visitor's report of one question is remembered (one report per visitor).
REMEMBERED = timedelta(days=30)
ALREADY_REPORTED = _(
    "You have already reported this question. Thank you: a moderator will look at it."
)


def reporter_network(address: str) -> str:
    """Who counts as one reporting visitor: the network around `address` (IPv4 /24, IPv6
    /48), coarser than the rate limits' key. One subscriber commonly holds a whole IPv6 /48
    (or a few IPv4 neighbours), and with finer keys they alone could count as the several
    visitors whose reports hide a question. Anything that is not an address stays as is."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    prefix = 24 if parsed.version == 4 else 48
    return str(ipaddress.ip_network((parsed, prefix), strict=False))


def _kept_before(question: Question) -> bool:
    """Whether a moderator has already looked at reports of this question and left it in
    public (keeping or approving it marks its reports handled, services/moderation.py)."""
    return Report.objects.filter(question=question, handled_at__isnull=False).exists()


def _visitor_key(question: Question, visitor: str) -> str:
    # Keyed by an HMAC of the visitor's address: the cache never holds the address itself.
    digest = salted_hmac("dialogue.report", f"{question.pk}:{visitor}", algorithm="sha256")
    return f"dialogue:reported:{digest.hexdigest()}"


def question_report(*, question: Question, visitor: str, reason: str, note: str = "") -> Report:
    """Record one visitor's report of a published question. `visitor` identifies the
    visitor for the one-report rule (reporter_network of the client address) and is not
    stored. Raises Question.DoesNotExist when the question is not public (any more),
    ReportRefused when this visitor has reported it already. At the threshold the question
    goes back to PENDING (hidden) and the public pages are renewed, unless a moderator has
    already kept it after earlier reports: then it stays public and waits in the queue
    (report_count > 0) for a moderator, so reporters cannot overrule the decision."""
    with transaction.atomic():
        question = Question.objects.select_for_update().public().get(pk=question.pk)
        report = Report(question=question, reason=reason, note=note.strip())
        report.full_clean()
        if not caches[settings.RATELIMIT_CACHE_ALIAS].add(
            _visitor_key(question, visitor), 1, int(REMEMBERED.total_seconds())
        ):
            raise ReportRefused(ALREADY_REPORTED)
        report.save()
        # F(): two visitors reporting at once both count (the row is locked as well).
        Question.objects.filter(pk=question.pk).update(
            report_count=F("report_count") + 1, reported_at=timezone.now()
        )
        question.refresh_from_db(fields=["report_count", "reported_at"])
        if question.report_count >= settings.DIALOGUE_REPORTS_TO_HIDE and not _kept_before(
            question
        ):
            # save(), not update(): the question's history shows why it left the page.
            question.status = Question.Status.PENDING
            question.save(update_fields=["status", "updated_at"])
            # What the public sees changed: renewed when the transaction commits.
            invalidate_objects(question.item_reference)
    return report

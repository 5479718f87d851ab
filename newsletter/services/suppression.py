"""The suppression list: addresses that unsubscribed, bounced or complained, kept as a keyed
hash (portal.core.privacy.email_hmac) once their subscriber row is gone, so that no import
subscribes them again and no test is sent to them. The person's own new consent, through
the double opt-in or My space, takes the address off the list."""

from django.db.models import QuerySet

from newsletter.models import Subscriber, Suppression
from portal.core.privacy import email_hmac

REASONS = {
    Subscriber.Status.UNSUBSCRIBED: Suppression.Reason.UNSUBSCRIBED,
    Subscriber.Status.BOUNCED: Suppression.Reason.BOUNCED,
    Subscriber.Status.COMPLAINED: Suppression.Reason.COMPLAINED,
}


def address_suppress(*, email: str, reason: str) -> None:
    """Put `email` on the list (once; the first reason and date stay)."""
    Suppression.objects.get_or_create(email_hash=email_hmac(email), defaults={"reason": reason})


def subscribers_suppress(queryset: QuerySet) -> int:
    """Put the stopped subscribers of `queryset` (unsubscribed, bounced, complained) on the
    list, before their rows are deleted; how many were stopped."""
    count = 0
    for email, status in queryset.filter(status__in=list(REASONS)).values_list("email", "status"):
        address_suppress(email=email, reason=REASONS[status])
        count += 1
    return count


def suppressed_addresses(emails: list[str]) -> set[str]:
    """Those of `emails` on the list."""
    by_hash = {email_hmac(email): email for email in emails}
    found = set()
    hashes = list(by_hash)
    for start in range(0, len(hashes), 500):
        chunk = hashes[start : start + 500]
        found.update(
            Suppression.objects.filter(email_hash__in=chunk).values_list("email_hash", flat=True)
        )
    return {by_hash[h] for h in found}


def suppression_lift(*, email: str) -> None:
    """Take `email` off the list: the person subscribed again themselves."""
    Suppression.objects.filter(email_hash=email_hmac(email)).delete()

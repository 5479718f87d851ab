"""The newsletter's personal data, in the portal's one mechanism
(portal/core/privacy.py), declared in `contributions.py`."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from newsletter import services
from newsletter.models import Subscriber
from portal.core.privacy import PersonalData


def inactive_subscribers(queryset, cutoff):
    """Unsubscribed before `cutoff`, stopped by a bounce or complaint before then, or never
    confirmed since then."""
    stopped = [Subscriber.Status.BOUNCED, Subscriber.Status.COMPLAINED]
    return queryset.filter(
        Q(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at__lt=cutoff)
        | Q(status__in=stopped, stopped_at__lt=cutoff)
        | Q(status=Subscriber.Status.PENDING, created_at__lt=cutoff)
    )


PERSONAL_DATA = [
    PersonalData(
        model=Subscriber,
        what=_(
            "Newsletter subscribers: the email address, language and consent, to send the "
            "newsletter. Kept while you are subscribed; deleted after you unsubscribe, or if "
            "you never confirm."
        ),
        retention_setting="subscribers",
        expired=inactive_subscribers,
        revoke=lambda subscriber: services.subscription_unsubscribe(subscriber=subscriber),
        revoke_label=_("Unsubscribe from the newsletter"),
        revocable=lambda subscriber: subscriber.status != Subscriber.Status.UNSUBSCRIBED,
        # Unsubscribed, bounced and complained addresses stay on the suppression list (a
        # keyed hash only): no import subscribes them again once their row is gone.
        before_remove=services.subscribers_suppress,
    ),
]

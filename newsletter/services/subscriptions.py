"""Subscriptions: double opt-in, links to manage a subscription, unsubscribing."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from newsletter import signals, tokens
from newsletter.emails import confirmation_message, manage_link_message
from newsletter.models import Delivery, Subscriber, Suppression
from newsletter.services.suppression import address_suppress, suppression_lift
from portal.core.addresses import same_address

RESEND_CONFIRMATION_AFTER = timedelta(minutes=15)
RESEND_LINK_AFTER = timedelta(hours=1)


def subscription_request_queue(
    *, email: str, language: str, source: str, privacy_version: str
) -> None:
    """Have `subscription_request` run in a worker: the request answers the same, in the same
    time, whether the address is known or not, since the lookup and any email happen there.
    It writes nothing, so the signal goes at once rather than on commit."""
    signals.subscription_requested.send(
        sender=Subscriber,
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
        subscriber = (
            Subscriber.objects.select_for_update().filter(same_address("email", email)).first()
        )
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
        transaction.on_commit(
            lambda: signals.confirmation_requested.send(
                sender=Subscriber, subscriber_id=subscriber.pk
            )
        )
    return subscriber


def subscription_member_subscribe(
    *, email: str, language: str, privacy_version: str, source: str = "my-space"
) -> Subscriber:
    """Subscribe a signed-in member. Signing in proved the address, so no confirmation
    email: the subscription is confirmed at once, with consent given now under the current
    privacy notice (for a pending or unsubscribed address too). An address already confirmed
    is left as it is."""
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update().filter(same_address("email", email)).first()
        )
        if subscriber is not None and subscriber.status == Subscriber.Status.CONFIRMED:
            return subscriber
        subscriber = subscriber or Subscriber(email=email)
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.language = language
        subscriber.source = source
        subscriber.consent_at = now
        subscriber.privacy_version = privacy_version
        subscriber.confirmed_at = now
        subscriber.unsubscribed_at = None
        subscriber.save()
        suppression_lift(email=email)
    return subscriber


def confirmation_send(*, subscriber_id: int) -> None:
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    if subscriber.status != Subscriber.Status.PENDING:
        return
    confirmation_message(subscriber).send()


def subscription_confirm(*, subscriber: Subscriber) -> Subscriber:
    """The person confirmed through the link emailed to them: their own new consent, which
    also takes the address off the suppression list."""
    suppression_lift(email=subscriber.email)
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
        address_suppress(email=subscriber.email, reason=Suppression.Reason.UNSUBSCRIBED)
        tokens.rotate(subscriber)  # the links in the emails sent so far stop working
        # Nothing more is sent to this address, even from an issue being sent right now.
        Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.PENDING).delete()
    return subscriber


def manage_link_request_queue(*, email: str) -> None:
    """Have `manage_link_send` run in a worker (same answer and timing for any address, as
    above; sent at once too)."""
    signals.manage_link_requested.send(sender=Subscriber, email=email)


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
                same_address("email", email),
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

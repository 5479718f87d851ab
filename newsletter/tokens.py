"""A subscriber's links: confirm (expires after a week) and manage/unsubscribe (expires after
NEWSLETTER_LINK_MAX_AGE_DAYS).

A link carries nothing personal: it is the subscriber's random `token` field (256 bits,
see Subscriber.new_token) signed with a timestamp, so a link expires, and a copy of the
database alone cannot make one. Giving the subscriber a new token (`rotate`) kills every
link sent before: on unsubscribing, and with each "here is a new link" email. Erasure
deletes the row, which kills them too.

Links of the first format (the address in base64, signed with other salts) fail the
signature check, and their page offers to send a new link.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

from newsletter.exceptions import InvalidToken
from newsletter.models import Subscriber, new_token

CONFIRM_SALT = "newsletter.confirm.v2"
MANAGE_SALT = "newsletter.manage.v2"
CONFIRM_MAX_AGE = timedelta(days=7)


def manage_max_age() -> timedelta:
    return timedelta(days=settings.NEWSLETTER_LINK_MAX_AGE_DAYS)


def make_token(subscriber: Subscriber, salt: str) -> str:
    return signing.TimestampSigner(salt=salt).sign(subscriber.token)


def read_token(token: str, salt: str, max_age: timedelta | None = None) -> Subscriber:
    """The subscriber `token` was made for; InvalidToken when it is forged, of the old
    format, expired, or made before the subscriber's token changed."""
    if max_age is None:
        max_age = manage_max_age()
    try:
        key = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
        return Subscriber.objects.get(token=key)
    except (signing.BadSignature, Subscriber.DoesNotExist):
        raise InvalidToken from None


def rotate(subscriber: Subscriber) -> None:
    """A new token: every link made before stops working."""
    subscriber.token = new_token()
    Subscriber.objects.filter(pk=subscriber.pk).update(token=subscriber.token)

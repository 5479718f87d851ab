"""Signed links for subscribers: confirm (expires) and manage/unsubscribe (does not)."""

from django.core import signing

from newsletter.exceptions import InvalidToken
from newsletter.models import Subscriber

CONFIRM_SALT = "newsletter.confirm"
MANAGE_SALT = "newsletter.manage"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def make_token(subscriber: Subscriber, salt: str) -> str:
    # The email is signed too, so a token stops working if the row is reused for another address.
    return signing.dumps({"id": subscriber.pk, "email": subscriber.email.lower()}, salt=salt)


def read_token(token: str, salt: str, max_age: int | None = None) -> Subscriber:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
        return Subscriber.objects.get(pk=data["id"], email__iexact=data["email"])
    except (signing.BadSignature, Subscriber.DoesNotExist, KeyError, TypeError):
        raise InvalidToken from None

"""A member's alert links ("stop these alerts", the one-click unsubscribe header): the
subscription's random `token` signed with a timestamp, as the newsletter does
(newsletter/tokens.py). Stopping the alerts gives a new token: every link sent before dies."""

from datetime import timedelta

from django.conf import settings
from django.core import signing

from alerts.exceptions import InvalidToken
from alerts.models import AlertSubscription

SALT = "alerts.unsubscribe.v1"


def make_token(subscription: AlertSubscription) -> str:
    return signing.TimestampSigner(salt=SALT).sign(subscription.token)


def read_token(token: str) -> AlertSubscription:
    """The subscription `token` was made for; InvalidToken when forged, expired or made
    before the subscription's token changed."""
    try:
        key = signing.TimestampSigner(salt=SALT).unsign(
            token, max_age=timedelta(days=settings.ALERTS_LINK_MAX_AGE_DAYS)
        )
        return AlertSubscription.objects.get(token=key)
    except (signing.BadSignature, AlertSubscription.DoesNotExist):
        raise InvalidToken from None

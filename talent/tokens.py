"""The link of the yearly "still interested?" email: the profile's id and the time it was
last confirmed, signed for this one purpose. Confirming again changes that time, so every
link sent before dies; it also expires once the profile could have been purged."""

from datetime import timedelta

from django.conf import settings
from django.core import signing

from talent.models import ExpertProfile

SALT = "talent.still-interested.v1"


class InvalidToken(Exception):
    """A forged, expired or already used link."""


def make_token(profile: ExpertProfile) -> str:
    return signing.TimestampSigner(salt=SALT).sign(
        f"{profile.pk}.{profile.confirmed_at.timestamp():.6f}"
    )


def read_token(token: str) -> ExpertProfile:
    max_age = timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS["expert_profiles"])
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=max_age)
        pk, confirmed = value.split(".", 1)
        profile = ExpertProfile.objects.get(pk=int(pk))
    except (signing.BadSignature, ValueError, ExpertProfile.DoesNotExist):
        raise InvalidToken from None
    if f"{profile.confirmed_at.timestamp():.6f}" != confirmed:
        raise InvalidToken
    return profile

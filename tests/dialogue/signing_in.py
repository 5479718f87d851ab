"""A member's session for the dialogue tests, as members' sign-in link leaves it (the
link itself is tested in tests/members)."""

from django.utils import timezone

from portal.core.member_session import EMAIL_KEY, SIGNED_IN_AT_KEY


def sign_in(client, email: str) -> None:
    session = client.session
    session[EMAIL_KEY], session[SIGNED_IN_AT_KEY] = email, timezone.now().timestamp()
    session.save()

"""Who the signed-in member is: an email address, proven by a sign-in link (the members
app makes and checks the links), kept in the visitor's session.

In the base layer so that any app's personal pages can ask (`member_email`,
`member_required`); only the members app signs anyone in. A member is not a Django user:
staff accounts and their second factor are a separate world, and a member session never
grants anything in the admin.

The session ends MEMBER_SESSION_SECONDS after sign-in, however active the member is (the
time is kept in the session and checked on every request, on top of the cookie's expiry),
at once on signing out, and in every browser when the address's data is erased (by the
member or by staff: the log of personal-data requests says when, under the address's HMAC).
"""

from datetime import UTC, datetime
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from portal.core import privacy
from portal.core.models import PersonalDataRequest

EMAIL_KEY = "member_email"
SIGNED_IN_AT_KEY = "member_signed_in_at"


def member_email(request: HttpRequest) -> str | None:
    """The signed-in member's address (lower case), or None."""
    session = getattr(request, "session", None)
    if session is None or EMAIL_KEY not in session:
        return None
    checked = getattr(request, "_member_email", None)
    if checked is not None:
        return checked
    email, signed_in_at = session[EMAIL_KEY], session.get(SIGNED_IN_AT_KEY, 0)
    if timezone.now().timestamp() - signed_in_at > settings.MEMBER_SESSION_SECONDS or (
        _erased_since(email, signed_in_at)
    ):
        sign_out(request)
        return None
    request._member_email = email  # one check per request
    return email


def _erased_since(email: str, signed_in_at: float) -> bool:
    """Whether everything about `email` was erased after this session signed in."""
    return PersonalDataRequest.objects.filter(
        action=PersonalDataRequest.Action.ERASE,
        email_hash=privacy.email_hmac(email),
        requested_at__gt=datetime.fromtimestamp(signed_in_at, tz=UTC),
    ).exists()


def sign_in(request: HttpRequest, email: str) -> None:
    """Start a member session for `email` (the caller has checked a sign-in link). A new
    session key: a session id planted before sign-in is worth nothing after it."""
    request._member_email = None
    request.session.cycle_key()
    request.session[EMAIL_KEY] = email.strip().lower()
    request.session[SIGNED_IN_AT_KEY] = timezone.now().timestamp()
    if not request.user.is_authenticated:
        # A staff member's own session keeps its (shorter) staff rules.
        request.session.set_expiry(settings.MEMBER_SESSION_SECONDS)


def sign_out(request: HttpRequest) -> None:
    """End the member session (a staff sign-in in the same browser stays)."""
    request._member_email = None
    for key in (EMAIL_KEY, SIGNED_IN_AT_KEY):
        request.session.pop(key, None)
    if request.session.session_key:
        request.session.cycle_key()


def member_required(view):
    """The view runs for a signed-in member only (never cached); others go to the sign-in
    page, which brings them back here afterwards."""

    @wraps(view)
    @never_cache
    def wrapper(request: HttpRequest, *args, **kwargs):
        if member_email(request) is None:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('members:sign-in')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper

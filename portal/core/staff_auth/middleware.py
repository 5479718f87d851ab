import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

LAST_ACTIVITY_KEY = "staff_last_activity"


def _is_staff(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


class StaffSessionIdleMiddleware:
    """Staff sessions end after STAFF_SESSION_IDLE_MINUTES without a request.

    Each staff response sets the session (cookie and stored row) to expire after the idle
    time, so an abandoned admin session dies on its own. A session that still carries an
    older activity stamp (one saved before this setting changed, for instance) is ended
    here with a message. Visitors' sessions are not concerned.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        idle_seconds = settings.STAFF_SESSION_IDLE_MINUTES * 60
        if _is_staff(request):
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and time.time() - last > idle_seconds:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)d minutes of inactivity.")
                    % {"minutes": settings.STAFF_SESSION_IDLE_MINUTES},
                )
        response = self.get_response(request)
        # After the view, so that the login request itself is covered.
        if _is_staff(request) and hasattr(request, "session"):
            request.session[LAST_ACTIVITY_KEY] = int(time.time())
            request.session.set_expiry(idle_seconds)
        return response

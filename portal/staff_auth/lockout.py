"""Two lockout thresholds for the admin login, on django-axes' database handler.

axes compares one number (its handler's get_failures) with one AXES_FAILURE_LIMIT. We count
two things from its AccessAttempt rows (one row per username, address and user agent):

- a username from one address: AXES_FAILURE_LIMIT failures within AXES_COOLOFF_TIME
  (an hour) lock that pair out;
- a username from all addresses together: AXES_USERNAME_FAILURE_LIMIT failures (higher)
  within AXES_USERNAME_COOLOFF_MINUTES (short) lock the username out everywhere, so that
  rotating addresses does not help, while a stranger can only lock a staff member out for
  minutes after their last try. `manage.py axes_reset_username NAME` unlocks at once.
"""

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

# Why a request is locked out, left on the request for the lockout page.
BY_ADDRESS = "address"
BY_USERNAME = "username"


def username_cool_off() -> timedelta:
    return timedelta(minutes=settings.AXES_USERNAME_COOLOFF_MINUTES)


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class StaffLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The failures of this username from this address; once the username as a whole
        is over its own limit, at least AXES_FAILURE_LIMIT, so that axes locks it out."""
        # AXES_LOCKOUT_PARAMETERS[0] is the username/address pair; within the hour.
        by_address = _failures(self.get_user_attempts(request, credentials)[0])
        username = get_client_username(request, credentials)
        if username is None:
            return by_address
        now = getattr(request, "axes_attempt_time", None) or timezone.now()
        by_username = _failures(
            AccessAttempt.objects.filter(
                username=username, attempt_time__gte=now - username_cool_off()
            )
        )
        if by_address >= settings.AXES_FAILURE_LIMIT:
            request.axes_lockout_reason = BY_ADDRESS
        elif by_username >= settings.AXES_USERNAME_FAILURE_LIMIT:
            request.axes_lockout_reason = BY_USERNAME
            return max(by_address, settings.AXES_FAILURE_LIMIT)
        return by_address

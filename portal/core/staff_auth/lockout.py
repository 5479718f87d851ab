"""Two lockout thresholds for the admin login, on django-axes' database handler.

axes compares one number (its handler's get_failures) with one AXES_FAILURE_LIMIT. We count
two things from its AccessAttempt rows (one row per username, address and user agent):

- a username from one address: AXES_FAILURE_LIMIT failures within AXES_COOLOFF_TIME
  (an hour) lock that pair out;
- a username from all addresses together: AXES_USERNAME_FAILURE_LIMIT failures (higher)
  within AXES_USERNAME_COOLOFF_MINUTES (short) lock the username out everywhere, so that
  rotating addresses does not help, while a stranger can only lock a staff member out for
  minutes after their last try. `manage.py axes_reset_username NAME` unlocks at once;
- an address with every username together: AXES_ADDRESS_FAILURE_LIMIT failures within
  AXES_COOLOFF_TIME lock that address out, so one password sprayed over many usernames
  from one address is stopped (`manage.py axes_reset_ip ADDRESS` unlocks at once).

The address is axes' (portal.core.client_address.axes_client_key): an IPv6 /64 counts as one.
"""

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

# Why a request is locked out, left on the request for the lockout page.
BY_ADDRESS = "address"
BY_USERNAME = "username"
BY_ADDRESS_ANY_USERNAME = "address_any_username"


def username_cool_off() -> timedelta:
    return timedelta(minutes=settings.AXES_USERNAME_COOLOFF_MINUTES)


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class StaffLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The failures of this username from this address; once the username as a whole,
        or the address as a whole, is over its own limit, at least AXES_FAILURE_LIMIT, so
        that axes locks it out."""
        # AXES_LOCKOUT_PARAMETERS[0] is the username/address pair; within the hour.
        by_address = _failures(self.get_user_attempts(request, credentials)[0])
        if by_address >= settings.AXES_FAILURE_LIMIT:
            request.axes_lockout_reason = BY_ADDRESS
            return by_address
        now = getattr(request, "axes_attempt_time", None) or timezone.now()
        username = get_client_username(request, credentials)
        if username is not None:
            by_username = _failures(
                AccessAttempt.objects.filter(
                    username=username, attempt_time__gte=now - username_cool_off()
                )
            )
            if by_username >= settings.AXES_USERNAME_FAILURE_LIMIT:
                request.axes_lockout_reason = BY_USERNAME
                return settings.AXES_FAILURE_LIMIT
        # An unknown address (None) is every visitor whose address could not be resolved:
        # counting them together would let one stranger lock every staff member out.
        address = getattr(request, "axes_ip_address", None)
        if address is not None:
            from_address = _failures(
                AccessAttempt.objects.filter(
                    ip_address=address, attempt_time__gte=now - get_cool_off(request)
                )
            )
            if from_address >= settings.AXES_ADDRESS_FAILURE_LIMIT:
                request.axes_lockout_reason = BY_ADDRESS_ANY_USERNAME
                return settings.AXES_FAILURE_LIMIT
        return by_address

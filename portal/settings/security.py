"""Settings: HTTPS, cookies, content security policy, staff login lockout and second factor
(imported whole by portal.settings)."""

from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured

from portal.core.client_address import parse_networks
from portal.settings.environment import DEBUG, env

# Security: strict unless DEBUG. Behind a TLS-terminating proxy, set DJANGO_BEHIND_PROXY=1
# (trusts X-Forwarded-Proto) and, if the proxy already redirects, DJANGO_SECURE_SSL_REDIRECT=0.
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs, comma-separated):
# the client address for rate limits, axes and logs is the right-most entry that is not one
# of them (portal/core/client_address.py). Empty: the header is ignored, the peer is the client.
# The word `unix` trusts a peer that is not an address (a proxy on a Unix socket).
TRUSTED_PROXIES = env.list("DJANGO_TRUSTED_PROXIES", default=[])
try:
    parse_networks(TRUSTED_PROXIES)
except ValueError as error:
    raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {error}") from None
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# django-csp: same-origin everything, no inline script or style, no third party.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}

# django-axes: lock a username/address pair out after AXES_FAILURE_LIMIT failed admin logins
# within an hour, and a username from every address after AXES_USERNAME_FAILURE_LIMIT failures
# within AXES_USERNAME_COOLOFF_MINUTES (portal/core/staff_auth/lockout.py), so rotating addresses
# does not help and a stranger cannot lock a staff member out for long. Attempts are counted
# in the database, shared by every worker and never evicted by the page cache.
AXES_HANDLER = "portal.core.staff_auth.lockout.StaffLockoutHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_USERNAME_FAILURE_LIMIT = env.int("AXES_USERNAME_FAILURE_LIMIT", default=20)
AXES_USERNAME_COOLOFF_MINUTES = env.int("AXES_USERNAME_COOLOFF_MINUTES", default=15)
# And an address from every username after AXES_ADDRESS_FAILURE_LIMIT failures within
# AXES_COOLOFF_TIME, so one address cannot spray one password over many usernames.
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
# Tries made while locked out are refused and not counted: otherwise one locked-out address
# could go on to reach the per-username limit and lock the staff member out everywhere.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
AXES_ENABLED = True
# A lockout page in the visitor's language rather than a bare text response.
AXES_LOCKOUT_CALLABLE = "portal.core.staff_auth.views.lockout"
# The same client address as the rate limits (DJANGO_TRUSTED_PROXIES), an IPv6 /64 as one.
AXES_CLIENT_IP_CALLABLE = "portal.core.client_address.axes_client_key"

# django-otp: a second factor (authenticator app, plus single-use backup codes) for every
# staff account. Required by default in production; optional in development (`make run`).
ADMIN_REQUIRE_2FA = env.bool("ADMIN_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = env.str("ADMIN_2FA_ISSUER", default="Diaspora Portal")
# Staff sessions end after this much inactivity (portal.core.staff_auth.middleware).
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
# A member's My space session (sign-in by email link): ends this long after signing in.
MEMBER_SESSION_SECONDS = env.int("MEMBER_SESSION_HOURS", default=24) * 3600
# A sign-in link works once, for this many minutes; at most this many links go to one
# address per hour (more requests get the same answer, and no email).
MEMBER_LINK_MINUTES = env.int("MEMBER_LINK_MINUTES", default=15)
MEMBER_LINKS_PER_HOUR = env.int("MEMBER_LINKS_PER_HOUR", default=5)

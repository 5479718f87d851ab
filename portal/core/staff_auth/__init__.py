"""Admin login protection: a second factor for staff (django-otp), lockout page, idle expiry.

The password step is the admin's own login form (throttled by django-axes). When
ADMIN_REQUIRE_2FA is on, the admin site (portal.core.admin_site) then sends a staff member to
enrol an authenticator app (first time) or to enter a code, before any admin page opens.
"""

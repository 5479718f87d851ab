"""System checks of the site's own configuration (registered in CoreConfig.ready())."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from portal.core.models import SiteSettings


@checks.register(checks.Tags.security)
def demo_identity_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """In production, warn while the site settings still hold a demo placeholder (an
    example.org address, the demo postal address, ...): visitors would read it as real.

    Says nothing when the database is not there yet (before `migrate`, or unreachable):
    other checks and the deployment itself report that."""
    if settings.DEBUG:
        return []
    try:
        row = SiteSettings.objects.filter(pk=1).first()
        placeholders = row.placeholders() if row else []
    except DatabaseError:
        return []
    if not placeholders:
        return []
    return [
        checks.Warning(
            f"The site settings still hold demo placeholders: {', '.join(placeholders)}.",
            hint="Set the organisation's real details in the admin (Site settings).",
            id="portal.W010",
        )
    ]


# Backends that send nothing: they print, write or keep each message on this machine.
NOT_SENDING_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
        "portal.core.mail_console.EmailBackend",
    }
)


@checks.register(checks.Tags.security, deploy=True)
def email_backend_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """In production (`check --deploy`), warn when emails are not sent: without EMAIL_URL
    every email, confirmation and personal links included, is printed to the log."""
    if settings.DEBUG or settings.EMAIL_BACKEND not in NOT_SENDING_BACKENDS:
        return []
    return [
        checks.Warning(
            f"Emails are not sent: EMAIL_BACKEND is {settings.EMAIL_BACKEND}, so every email "
            "(personal links included) is printed or kept on this machine.",
            hint="Set EMAIL_URL to the mail server, e.g. smtp://user:password@mail.example.org"
            ":587/?tls=True.",
            id="portal.W011",
        )
    ]

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

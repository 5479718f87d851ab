"""System checks of the newsletter's configuration (registered in NewsletterConfig.ready())."""

from django.conf import settings
from django.core import checks

MIN_BOUNCE_TOKEN_LENGTH = 32


@checks.register(checks.Tags.security)
def bounce_token_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn when the bounce endpoint's token is set but short enough to be guessed."""
    token = settings.NEWSLETTER_BOUNCE_TOKEN or ""
    if not token or len(token) >= MIN_BOUNCE_TOKEN_LENGTH:
        return []
    return [
        checks.Warning(
            f"NEWSLETTER_BOUNCE_TOKEN is shorter than {MIN_BOUNCE_TOKEN_LENGTH} characters.",
            hint="Use a long random value, e.g. python -c 'import secrets; "
            "print(secrets.token_urlsafe(32))'.",
            id="newsletter.W001",
        )
    ]

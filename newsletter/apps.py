"""Newsletter issues, articles, subscribers and sending."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self) -> None:
        # Imported here, not at the top: an apps module loads before the models exist.
        from newsletter import checks, receivers  # noqa: F401  (checks, signal receivers)

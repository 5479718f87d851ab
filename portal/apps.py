"""The project package: site-wide pages and the building blocks every app shares."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Site")

    def ready(self) -> None:
        from portal import signals  # noqa: F401  (cache invalidation)
        from portal.cache import invalidate_pages_on_change
        from portal.models import Page, SiteSettings

        invalidate_pages_on_change(SiteSettings, Page)

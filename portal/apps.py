"""The project package: site-wide pages and the building blocks every app shares."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Site")

    def ready(self) -> None:
        from portal import preview, signals  # noqa: F401  (signals: cache invalidation)
        from portal.models import Page
        from portal.views import PageDetailView

        preview.register(Page, PageDetailView)

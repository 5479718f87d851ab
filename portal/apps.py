"""The project package: site-wide pages and the building blocks every app shares."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Site")

    def ready(self) -> None:
        from portal import signals  # noqa: F401  (cache invalidation)


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose default site asks staff for a second factor (portal.admin_site)."""

    default = False  # named in INSTALLED_APPS; PortalConfig stays the one for "portal"
    default_site = "portal.admin_site.PortalAdminSite"

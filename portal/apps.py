"""The project package: site-wide pages and the building blocks every app shares."""

from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_roles(sender, **kwargs) -> None:
    """After `migrate` has created every app's permissions (the last app's signal)."""
    if sender is list(apps.get_app_configs())[-1]:
        from portal.roles import roles_sync

        roles_sync()


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Site")

    def ready(self) -> None:
        from portal import preview, signals  # noqa: F401  (signals: cache invalidation)
        from portal.cache import invalidate_pages_on_change
        from portal.models import Page, SiteSettings
        from portal.views import PageDetailView

        preview.register(Page, PageDetailView)
        invalidate_pages_on_change(SiteSettings, Page)
        post_migrate.connect(sync_roles, dispatch_uid="portal.sync_roles")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose default site asks staff for a second factor (portal.admin_site)."""

    default = False  # named in INSTALLED_APPS; PortalConfig stays the one for "portal"
    default_site = "portal.admin_site.PortalAdminSite"

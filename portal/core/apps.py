"""The base layer: the building blocks every app imports. It never imports a content app."""

from axes import apps as axes_apps
from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django_tasks_db import apps as tasks_db_apps


def _is_last(sender) -> bool:
    """Whether `sender` sends the last post_migrate signal of a `migrate` (only apps with
    models send one)."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    return sender is with_models[-1]


def sync_roles(sender, **kwargs) -> None:
    """After `migrate` has created every app's permissions."""
    if _is_last(sender):
        # Imported here, not at the top: an apps module loads before the models exist.
        from portal.core.roles import roles_sync

        roles_sync()


def sync_search_indexes(sender, using: str = "default", **kwargs) -> None:
    """After `migrate` has created every app's tables: site search's indexes (PostgreSQL)."""
    if _is_last(sender):
        from portal.core.search_indexes import sync_search_indexes

        sync_search_indexes(using)


class CoreConfig(AppConfig):
    name = "portal.core"
    # The label of the app these models, tables and migrations were created under.
    label = "portal"
    verbose_name = _("Site")

    def ready(self) -> None:
        # Imported here, not at the top: an apps module loads before the models exist.
        from portal.core import checks, receivers  # noqa: F401  (registers, connects)
        from portal.core.cache import connect_page_invalidation

        # Every app's declared `page_models` (portal/core/contract.py).
        connect_page_invalidation()
        post_migrate.connect(sync_roles, dispatch_uid="portal.sync_roles")
        post_migrate.connect(sync_search_indexes, dispatch_uid="portal.sync_search_indexes")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose default site asks staff for a second factor (admin_site.py)."""

    default = False  # named in INSTALLED_APPS
    default_site = "portal.core.admin_site.PortalAdminSite"


# Third-party apps under a name staff read in their language (the admin index's headings).
# Named in INSTALLED_APPS in place of the app itself; their modules are imported, not their
# classes, so that CoreConfig stays this module's one default configuration.


class AxesConfig(axes_apps.AppConfig):
    default = False
    verbose_name = _("Login security")


class TasksDatabaseConfig(tasks_db_apps.TasksAppConfig):
    default = False
    verbose_name = _("Background tasks")

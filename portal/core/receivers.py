"""Receivers: cache invalidation for site-wide content, and the alphabetical collation of
each new SQLite connection (connected in CoreConfig.ready())."""

from django.core.cache import cache
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.core.cache import invalidate_for_change
from portal.core.collation import register_sqlite_collation
from portal.core.models import (
    NAV_PAGES_CACHE_KEY,
    SITE_SETTINGS_CACHE_KEY,
    Page,
    SiteSettings,
    SocialLink,
)
from portal.core.signals import content_published


@receiver([post_save, post_delete], sender=SiteSettings)
@receiver([post_save, post_delete], sender=SocialLink)  # cached with the settings
def forget_site_settings(**kwargs) -> None:
    cache.delete(SITE_SETTINGS_CACHE_KEY)


@receiver([post_save, post_delete, content_published], sender=Page)
def forget_nav_pages(**kwargs) -> None:
    cache.delete(NAV_PAGES_CACHE_KEY)


@receiver(content_published)
def refresh_pages_when_scheduled_content_goes_public(instance, **kwargs) -> None:
    """A scheduled item whose time came changed no row, yet lists and pages must show it:
    the worker's `publish_due()` announces it, and the pages showing or listing it (or items
    like it: lists, the home page, search, feeds, the sitemap) are renewed."""
    invalidate_for_change(instance)


@receiver(connection_created)
def add_alphabetical_collation(connection, **kwargs) -> None:
    """SQLite learns the accent-aware order PostgreSQL has from ICU (collation.py)."""
    register_sqlite_collation(connection)

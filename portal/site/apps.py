"""The site layer: URLs, site pages, sitemaps, search and dashboard; it composes the apps."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "portal.site"
    label = "site"

    def ready(self) -> None:
        from portal.core import preview
        from portal.core.models import Page
        from portal.site.views import PageDetailView

        preview.register(Page, PageDetailView)

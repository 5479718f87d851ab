"""Sitemaps: every public page in both languages with hreflang alternates.

Each app adds its own Sitemap class here through `SITEMAPS` in portal/urls.py.
"""

from django.urls import reverse

from portal.core.models import Page
from portal.core.sitemaps import I18nSitemap


class StaticViewSitemap(I18nSitemap):
    priority = 0.8
    changefreq = "weekly"

    def items(self) -> list[str]:
        return [
            "portal:home",
            "newsletter:issue-list",
            "projects:project-list",
            "portal:get-involved",
            "events:event-list",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class PageSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.published().order_by("pk")

    def lastmod(self, page: Page):
        return page.updated_at

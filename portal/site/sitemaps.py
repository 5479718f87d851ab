"""Sitemaps: every public page in every language with hreflang alternates.

`/sitemap.xml` holds the Sitemap classes every app declares in its contributions
(`sitemaps`, portal/core/contract.py), the site's own below included.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from portal.core import contract
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
            "portal:contact",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class PageSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.published().order_by("pk")

    def lastmod(self, page: Page):
        return page.updated_at


def sitemap(request: HttpRequest) -> HttpResponse:
    return sitemap_views.sitemap(request, sitemaps=contract.merged("sitemaps"))

"""The site layer: URLs, site pages, sitemaps, search and dashboard; it composes the apps
through what each declares in its contributions.py (portal/core/contract.py)."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "portal.site"
    label = "site"

"""The base class of every sitemap: each item once per language, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap


class I18nSitemap(Sitemap):
    """Lists each item once per language, with `xhtml:link rel="alternate"` for the others."""

    i18n = True
    alternates = True
    x_default = True

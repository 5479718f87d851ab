"""What the site layer contributes: its pages, addresses, sitemaps, preview of site pages
and demo pages (the contract: portal/core/contract.py)."""

from portal.core.contract import Contributions
from portal.core.models import Page
from portal.site import demo, sitemaps
from portal.site.urls import root_urlpatterns
from portal.site.views import PageDetailView

CONTRIBUTIONS = Contributions(
    urls="portal.site.urls",
    root_urls=root_urlpatterns,
    sitemaps={"static": sitemaps.StaticViewSitemap, "pages": sitemaps.PageSitemap},
    previews={Page: PageDetailView},
    demo=demo.load,
)

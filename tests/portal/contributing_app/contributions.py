from django.contrib.sitemaps import Sitemap

from portal.core.contract import Contributions, Panel
from portal.core.models import Page
from portal.core.search import SearchSource


class FakeSitemap(Sitemap):
    def items(self) -> list[str]:
        return ["/en/contributing-app/"]

    def location(self, item: str) -> str:
        return item


def fake_panel(request) -> dict:
    return {"greeting": "Hello from the contributing app"}


CONTRIBUTIONS = Contributions(
    sitemaps={"contributing-app": FakeSitemap},
    search_sources=[
        SearchSource(
            name="contributing_app.page",
            label="Site page",
            queryset=lambda: Page.objects.published(),
            fields={"title": "A", "body": "B"},
        )
    ],
    dashboard_panels=[Panel("contributing_app/panel.html", fake_panel)],
)

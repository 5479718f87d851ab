from portal.core.sitemaps import I18nSitemap
from projects.models import Call, Country, Project


class ProjectSitemap(I18nSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return (
            Project.objects.published().prefetch_related(None).select_related(None).order_by("pk")
        )

    def lastmod(self, project: Project):
        return project.updated_at


class CountrySitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return Country.objects.order_by("code")


class CallSitemap(I18nSitemap):
    """Open, upcoming and closed calls alike: closed calls stay visible as closed."""

    changefreq = "weekly"

    def items(self):
        return Call.objects.published().select_related(None).order_by("pk")

    def lastmod(self, call: Call):
        return call.updated_at

from newsletter.models import Article, Issue
from portal.core.sitemaps import I18nSitemap


class IssueSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return Issue.objects.published().order_by("number")

    def lastmod(self, issue: Issue):
        return issue.updated_at


class ArticleSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().select_related("issue").order_by("pk")

    def lastmod(self, article: Article):
        return article.updated_at

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from newsletter.models import Article
from portal.core.models import SiteSettings


class ArticleFeed(Feed):
    """Atom feed of published articles, in the language of its URL."""

    feed_type = Atom1Feed

    def title(self):
        return _("%(site)s – news") % {"site": SiteSettings.load().site_name}

    def link(self):
        return reverse("newsletter:issue-list")

    def subtitle(self):
        return SiteSettings.load().tagline

    def items(self):
        articles = Article.objects.published().select_related("issue")
        return articles.order_by("-issue__date", "-issue__number", "position")[:30]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        # Atom and RSS readers take the description as HTML: the summary is plain text.
        return escape(item.summary)

    def item_pubdate(self, item: Article):
        return item.issue.publish_at or timezone.make_aware(
            datetime.combine(item.issue.date, time(9))
        )

    def item_updateddate(self, item: Article):
        return item.updated_at

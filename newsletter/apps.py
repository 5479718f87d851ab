"""Newsletter issues, articles, subscribers and sending."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self) -> None:
        from newsletter.search import register_sources

        register_sources()

        from newsletter.models import Article, Issue
        from portal.cache import invalidate_pages_on_change

        # Not Subscriber or Delivery: no public page shows them, and a send writes thousands.
        invalidate_pages_on_change(Issue, Article)

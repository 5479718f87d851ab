"""Newsletter issues, articles, subscribers and sending."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self) -> None:
        # Connects the receivers queueing the tasks the services ask for (signals.py).
        from newsletter import receivers  # noqa: F401
        from newsletter.models import Article, Issue
        from newsletter.privacy import register_personal_data
        from newsletter.search import register_sources
        from newsletter.views import ArticleDetailView, IssueDetailView
        from portal.core import preview
        from portal.core.cache import invalidate_pages_on_change

        register_sources()
        register_personal_data()
        preview.register(Issue, IssueDetailView)
        preview.register(Article, ArticleDetailView)
        # Not Subscriber or Delivery: no public page shows them, and a send writes thousands.
        invalidate_pages_on_change(Issue, Article)

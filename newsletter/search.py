"""What the site search finds in the newsletter (see portal/core/search.py)."""

from django.utils.translation import gettext_lazy as _

from newsletter.models import Article
from portal.core.search import SearchSource

SOURCES = [
    SearchSource(
        name="newsletter.article",
        label=_("News article"),
        queryset=lambda: Article.objects.published().select_related("issue"),
        fields={"title": "A", "summary": "B", "body": "C"},
    ),
]

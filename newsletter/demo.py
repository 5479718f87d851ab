"""Demo content: the newsletter issue in ../shared/content, in English and French."""

from datetime import date

from newsletter.demo_content import ARTICLES, ISSUE
from newsletter.models import Article, Issue


def load() -> int:
    data = dict(ISSUE)
    number = data.pop("number")
    data["date"] = date.fromisoformat(data["date"])
    issue, created = Issue.objects.get_or_create(
        number=number, defaults={**data, "status": Issue.Status.PUBLISHED}
    )
    count = int(created)
    for position, article in enumerate(ARTICLES, start=1):
        fields = {k: v for k, v in article.items() if k != "key"}
        _article, was_created = Article.objects.get_or_create(
            issue=issue,
            slug_en=fields.pop("slug_en"),
            defaults={**fields, "position": position},
        )
        count += was_created
    return count

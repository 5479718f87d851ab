"""Demo content: the newsletter issue in ../shared/content, in English and French."""

from datetime import date

from newsletter.demo_content import ARTICLES, ISSUE
from newsletter.models import Article, Issue
from projects.models import Call, Project

# Which project and call each demo article is about (slugs from projects/demo.py).
RELATED = {
    "female-diaspora-associations": ("empowering-female-diaspora-associations", None),
    "iom-belgium-and-niger": ("niger-community-projects", None),
    "rwanda-health-education-diaspora": (
        "rwanda-diaspora-health-education",
        "rwanda-pilot-projects-investors",
    ),
    "mauritania-public-sector-diaspora": (
        "mauritania-circular-temporary-migration",
        "mauritania-public-institutions-experts",
    ),
}


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
        project_slug, call_slug = RELATED.get(article["key"], (None, None))
        fields["project"] = Project.objects.filter(slug_en=project_slug).first()
        fields["call"] = Call.objects.filter(slug_en=call_slug).first()
        _article, was_created = Article.objects.get_or_create(
            issue=issue,
            slug_en=fields.pop("slug_en"),
            defaults={**fields, "position": position},
        )
        count += was_created
    return count

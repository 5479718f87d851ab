"""Demo content: the newsletter issue in ../shared/content, in English and French.

The newsletter carries no date: the demo issue is dated the day it is first put on the
portal, which is true of this copy. Its calls to action become links to the pages that now
do what they asked (the project, the Rwanda info session, the contact page).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from events.demo import RWANDA_INFO_SESSION
from events.models import Event
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


def contact_url() -> str:
    """The contact page (site layer, linked by name)."""
    return reverse("portal:contact")


def links(project: Project | None, language: str) -> dict[str, str]:
    """The pages an article's calls to action point to, in `language`."""
    event = Event.objects.filter(slug_en=RWANDA_INFO_SESSION).first()
    with translation.override(language):
        return {
            "{project_url}": project.get_absolute_url() if project else reverse("projects:project-list"),
            "{event_url}": event.get_absolute_url() if event else reverse("events:event-list"),
            "{contact_url}": contact_url(),
        }  # fmt: skip


def with_links(html: str, urls: dict[str, str]) -> str:
    for placeholder, url in urls.items():
        html = html.replace(placeholder, url)
    return html


def load() -> int:
    data = dict(ISSUE)
    number = data.pop("number")
    issue, created = Issue.objects.get_or_create(
        number=number,
        defaults={**data, "date": timezone.localdate(), "status": Issue.Status.PUBLISHED},
    )
    count = int(created)
    existing = set(issue.articles.values_list("slug_en", flat=True))
    for position, article in enumerate(ARTICLES, start=1):
        if article["slug_en"] in existing:
            continue  # staff may have edited it since
        fields = {k: v for k, v in article.items() if k != "key"}
        project_slug, call_slug = RELATED.get(article["key"], (None, None))
        fields["project"] = Project.objects.filter(slug_en=project_slug).first()
        fields["call"] = Call.objects.filter(slug_en=call_slug).first()
        for code, _name in settings.LANGUAGES:
            if f"body_{code}" in fields:
                urls = links(fields["project"], code)
                fields[f"body_{code}"] = with_links(fields[f"body_{code}"], urls)
        _article, was_created = Article.objects.get_or_create(
            issue=issue,
            slug_en=fields.pop("slug_en"),
            defaults={**fields, "position": position},
        )
        count += was_created
    return count

"""Newsletter pieces shown on other apps' pages (a tag keeps `projects` free of imports from
`newsletter`: dependencies point one way)."""

from django import template
from django.db.models import Q

from newsletter.models import Article
from projects.models import Country, Project

register = template.Library()


@register.simple_tag
def articles_about_country(country: Country, limit: int = 3) -> list[Article]:
    """Published articles linked to a project concerning the country, or to one of its calls;
    the latest issue first."""
    projects = Project.objects.public().in_country(country.code).values("pk")
    return list(
        Article.objects.published()
        .filter(Q(project__in=projects) | Q(call__project__in=projects))
        .select_related("issue")
        .order_by("-issue__number", "position", "pk")[:limit]
    )

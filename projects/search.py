"""What the site search finds in this app (see portal/search.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.search import SearchSource, register
from projects.models import Call, Country, Project


def register_sources() -> None:
    register(
        SearchSource(
            name="projects.project",
            label=_("Project"),
            queryset=lambda: Project.objects.public(),
            fields={"title": "A", "summary": "B", "body": "C"},
        )
    )
    register(
        SearchSource(
            name="projects.call",
            label=_("Call for cooperation"),
            queryset=lambda: Call.objects.published(),
            fields={"title": "A", "description": "B", "eligibility": "C"},
        )
    )
    register(
        SearchSource(
            name="projects.country",
            label=_("Country"),
            queryset=lambda: Country.objects.all(),
            fields={"name": "A", "profile": "B"},
            title_field="name",
        )
    )

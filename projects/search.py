"""What the site search finds in this app (portal/core/search.py), declared in
`contributions.py`."""

from django.utils.translation import gettext_lazy as _

from portal.core.search import SearchSource
from projects.models import Call, Country, Project

SOURCES = [
    SearchSource(
        name="projects.project",
        label=_("Project"),
        queryset=lambda: Project.objects.public(),
        fields={"title": "A", "summary": "B", "body": "C"},
    ),
    SearchSource(
        name="projects.call",
        label=_("Call for cooperation"),
        queryset=lambda: Call.objects.published(),
        fields={"title": "A", "description": "B", "eligibility": "C"},
    ),
    SearchSource(
        name="projects.country",
        label=_("Country"),
        queryset=lambda: Country.objects.all(),
        fields={"name": "A", "profile": "B"},
        title_field="name",
    ),
]

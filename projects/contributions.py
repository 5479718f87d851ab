"""What the projects app contributes to the site (the contract: portal/core/contract.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.contract import Contributions
from portal.core.roles import content_grants
from projects import demo, search, sitemaps
from projects.models import Call, CallLanguage, Country, Partner, Project, Sector, Skill, Target
from projects.views import CallDetailView, ProjectDetailView

CONTRIBUTIONS = Contributions(
    urls="projects.urls",
    url_prefix=_("projects/"),
    sitemaps={
        "projects": sitemaps.ProjectSitemap,
        "countries": sitemaps.CountrySitemap,
        "calls": sitemaps.CallSitemap,
    },
    search_sources=search.SOURCES,
    previews={Project: ProjectDetailView, Call: CallDetailView},
    page_models=[Country, Sector, Partner, Project, Target, Call],
    role_grants=content_grants(
        Country, Sector, Skill, Partner, Project, Target, Call, CallLanguage
    ),
    demo=demo.load,
)

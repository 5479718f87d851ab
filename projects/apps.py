"""Countries, partners, projects and calls for cooperation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from portal.core import preview
        from portal.core.cache import invalidate_pages_on_change
        from projects.models import Call, Country, Partner, Project, Sector, Target
        from projects.search import register_sources
        from projects.views import CallDetailView, ProjectDetailView

        register_sources()
        preview.register(Project, ProjectDetailView)
        preview.register(Call, CallDetailView)
        invalidate_pages_on_change(Country, Sector, Partner, Project, Target, Call)

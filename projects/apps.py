"""Countries, partners, projects and calls for cooperation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from portal import preview
        from projects.models import Call, Project
        from projects.search import register_sources
        from projects.views import CallDetailView, ProjectDetailView

        register_sources()
        preview.register(Project, ProjectDetailView)
        preview.register(Call, CallDetailView)

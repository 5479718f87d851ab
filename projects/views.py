from django.views.generic import TemplateView


class ProjectListView(TemplateView):
    """The list of country projects (filled by the projects issue)."""

    template_name = "projects/project_list.html"

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from portal.core.i18n import TranslatedSlugMixin
from portal.core.preview import DraftPreviewMixin
from projects.forms import ProjectFilterForm
from projects.models import Call, Country, Project, Sector


class ProjectListView(TemplateView):
    """Published projects, filtered by country, sector and status (combinable, in the URL)."""

    template_name = "projects/project_list.html"
    paginate_by = 12
    cache_query_params = ("country", "sector", "status", "page")  # portal/core/cache.py

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        countries = list(
            Country.objects.filter(pk__in=Project.objects.public().values("countries_of_origin"))
            | Country.objects.filter(
                pk__in=Project.objects.public().values("countries_of_residence")
            )
        )
        sectors = list(Sector.objects.filter(pk__in=Project.objects.public().values("sectors")))
        form = ProjectFilterForm(self.request.GET or None, countries=countries, sectors=sectors)
        projects = form.filter(Project.objects.published())
        page = Paginator(projects, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            filtered=form.active,
            page_obj=page,
            projects=page.object_list,
            query_string=query.urlencode(),
            focus_countries=Country.objects.filter(is_focus=True),
        )
        return context


class ProjectDetailView(DraftPreviewMixin, TranslatedSlugMixin, DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return Project.objects.published().with_details()


class CountryDetailView(DetailView):
    """A country's projects (of origin or residence) and the open calls of those projects."""

    template_name = "projects/country_detail.html"
    context_object_name = "country"

    def get_object(self, queryset=None):
        return get_object_or_404(Country, code=self.kwargs["code"].upper())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        projects = Project.objects.published().in_country(self.object.code)
        context.update(
            projects=projects,
            open_calls=Call.objects.open().filter(project__in=projects.values("pk")),
        )
        return context


class CallDetailView(DraftPreviewMixin, TranslatedSlugMixin, DetailView):
    template_name = "projects/call_detail.html"
    context_object_name = "call"

    def get_queryset(self):
        return Call.objects.published()

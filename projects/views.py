from collections import defaultdict

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils.translation import ngettext
from django.views.generic import DetailView, TemplateView

from portal.core.cache import page_tags
from portal.core.i18n import TranslatedSlugMixin
from portal.core.maps import region_map
from portal.core.preview import DraftPreviewMixin
from projects.forms import ProjectFilterForm
from projects.models import Call, Country, Project, Sector

MAP_WIDTH = 320  # px: fits a phone's column; the list beside it carries the detail


def projects_map(countries: list[Country]) -> dict:
    """The projects map: every country of the region drawn, those of `countries` (the ones
    with published projects, of origin or residence) as links named "Rwanda: 1 project",
    listed again as text in name order (with those the map does not reach). One query,
    whatever the number of projects."""
    public = Project.objects.public().values("pk")
    origin = Project.countries_of_origin.through.objects.filter(project__in=public)
    residence = Project.countries_of_residence.through.objects.filter(project__in=public)
    projects_by_country = defaultdict(set)
    for country_id, project_id in origin.values_list("country_id", "project_id").union(
        residence.values_list("country_id", "project_id")
    ):
        projects_by_country[country_id].add(project_id)
    region = region_map()
    paths = dict(region.get("paths", {}))
    linked = []
    for country in countries:
        count = len(projects_by_country[country.pk])
        if not count:
            continue
        code = country.code.lower()
        label = ngettext(
            "%(country)s: %(count)s project", "%(country)s: %(count)s projects", count
        ) % {"country": country.name, "count": count}
        linked.append({"country": country, "label": label, "path": paths.pop(code, "")})
    view_box = region.get("viewBox", "")
    _x, _y, width, height = (int(n) for n in view_box.split()) if view_box else (0, 0, 1, 1)
    return {
        "view_box": view_box,
        "width": MAP_WIDTH,
        "height": round(MAP_WIDTH * height / width),
        "background": list(paths.values()),
        "countries": linked,
    }


class ProjectListView(TemplateView):
    """Published projects, filtered by country, sector and status (combinable, in the URL)."""

    template_name = "projects/project_list.html"
    paginate_by = 12
    cache_query_params = ("country", "sector", "status", "page")  # portal/core/cache.py

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_tags(self.request, Project)
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
            projects_map=projects_map(countries),
        )
        return context


class ProjectDetailView(DraftPreviewMixin, TranslatedSlugMixin, DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return Project.objects.published().with_details()

    def get_context_data(self, **kwargs):
        page_tags(self.request, self.object)
        return super().get_context_data(**kwargs)


class CountryDetailView(DetailView):
    """A country's page: its outline map and profile, its projects (of origin or residence),
    their open calls; the template adds its events and news through the `events` and
    `newsletter` tags (dependencies point one way) and, when there is nothing yet, what we do
    and how to get involved. Queries are bounded: none per project."""

    template_name = "projects/country_detail.html"
    context_object_name = "country"

    def get_object(self, queryset=None):
        return get_object_or_404(Country, code=self.kwargs["code"].upper())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Its projects and calls, and the events and news the `events` and `newsletter` tags
        # add (named, not imported: those apps sit above this one).
        page_tags(
            self.request, self.object, Project, Call, "events.event:list", "newsletter.article:list"
        )
        projects = Project.objects.published().in_country(self.object.code)
        context.update(
            projects=list(projects),
            open_calls=list(Call.objects.open().filter(project__in=projects.values("pk"))),
        )
        return context


class CallDetailView(DraftPreviewMixin, TranslatedSlugMixin, DetailView):
    template_name = "projects/call_detail.html"
    context_object_name = "call"

    def get_queryset(self):
        return Call.objects.published()

    def get_context_data(self, **kwargs):
        page_tags(self.request, self.object)
        return super().get_context_data(**kwargs)

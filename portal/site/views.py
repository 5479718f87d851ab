import logging
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from events.models import Event
from newsletter.models import Article, Issue
from portal.core import privacy, search
from portal.core.cache import cache_language_neutral, page_tags
from portal.core.i18n import TranslatedSlugMixin
from portal.core.models import Page
from portal.core.preview import DraftPreviewMixin
from portal.site import contact
from portal.site import styleguide as styleguide_tokens
from projects.models import Call, Project

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    """What the portal is for, then a few of each kind of content: featured projects, open
    calls, upcoming events and the latest news. A fixed number of queries, whatever the
    amount of content (tests/portal/test_home.py)."""

    template_name = "portal/home.html"
    cards = 3

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_tags(self.request, Issue, Project, Call, Event, Article)
        now = timezone.now()
        context["latest_issue"] = Issue.objects.published().first()
        # Featured projects first (the model's ordering), then the most recent ones.
        context["featured_projects"] = Project.objects.published()[: self.cards]
        context["open_calls"] = Call.objects.open(now)[: self.cards]
        context["upcoming_events"] = Event.objects.published().upcoming(now)[: self.cards]
        context["latest_articles"] = (
            Article.objects.published()
            .select_related("issue")
            .order_by("-issue__date", "-issue__number", "position")[: self.cards]
        )
        return context


def styleguide(request: HttpRequest) -> HttpResponse:
    """The design system for staff: tokens with their contrast ratios and every component in
    each of the site's languages (urls.py wraps it in the admin's full staff login)."""
    return render(
        request,
        "portal/styleguide.html",
        {
            "colours": styleguide_tokens.colours(),
            "pairs": styleguide_tokens.pairs(),
            "spacing": styleguide_tokens.lengths("space"),
            "type_scale": styleguide_tokens.lengths("text"),
            "languages": settings.LANGUAGES,
            "crumbs": [(reverse("portal:home"), gettext("Home")), ("", gettext("Style guide"))],
        },
    )


class GetInvolvedView(TemplateView):
    """Every open call for cooperation, grouped by kind (candidates, investors)."""

    template_name = "portal/get_involved.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        calls = list(Call.objects.open())
        context["calls_by_kind"] = [
            (kind, label, [call for call in calls if call.kind == kind])
            for kind, label in Call.Kind.choices
        ]
        context["has_open_calls"] = bool(calls)
        return context


class ContactView(TemplateView):
    """How to reach the organisation, and who answers for each project and open call."""

    template_name = "portal/contact.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contact_groups"] = contact.contacts_by_project()
        context["answer_languages"] = contact.answer_languages()
        return context


class SearchView(TemplateView):
    """Site search (portal/core/search.py): ranked, highlighted, paginated."""

    template_name = "portal/search.html"
    paginate_by = 10
    cache_query_params = ("q", "page")  # portal/core/cache/
    min_length = 2

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = search.clean_query(self.request.GET.get("q", ""))
        results = search.ranked(query) if len(query) >= self.min_length else []
        page = Paginator(results, self.paginate_by).get_page(self.request.GET.get("page"))
        context.update(
            query=query,
            too_short=0 < len(query) < self.min_length,
            page_obj=page,
            results=search.highlight_results(page.object_list, query),  # the results shown
            query_string=urlencode({"q": query}),
        )
        return context


class PageDetailView(DraftPreviewMixin, TranslatedSlugMixin, DetailView):
    template_name = "portal/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.key == Page.Key.PRIVACY:
            # The retention periods in force, from the settings: the notice cannot drift.
            context["personal_data"] = sorted(
                privacy.registry().values(), key=lambda kind: str(kind.verbose_name_plural)
            )
        return context


@cache_language_neutral
@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    return redirect(static("img/favicon.ico"), permanent=True)


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database does not answer.")
        return "error"
    return "ok"


def _cache_status(alias: str) -> str:
    """Whether the cache stores and returns a value (the fail-open backend never raises, it
    forgets: a value that does not come back is the sign that Redis is gone)."""
    cache = caches[alias]
    key, token = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, token, 10)
        stored = cache.get(key) == token
        cache.delete(key)
    except Exception:
        logger.exception("Health check: the %r cache does not answer.", alias)
        return "error"
    return "ok" if stored else "error"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Load-balancer check: the database answers and every cache alias stores and returns a
    value. 200 when all is well, 503 naming what failed: "database", "cache" (the default
    alias) or "cache:<alias>". Never cached, and excluded from the page cache."""
    checks = {"database": _database_status()}
    for alias in settings.CACHES:
        checks["cache" if alias == "default" else f"cache:{alias}"] = _cache_status(alias)
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, in the visitor's language (URL prefix, then cookie and Accept-Language),
    without touching the database or the cache: either may be what failed. So no request
    context (its processors query), and a plain-text answer if even the template fails."""
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        try:
            html = loader.get_template("500.html").render({"LANGUAGE_CODE": language})
        except Exception:
            logger.exception("The 500 page could not be rendered.")
            html = gettext("Something went wrong. Please try again in a few minutes.")
            response = HttpResponseServerError(html, content_type="text/plain; charset=utf-8")
            add_never_cache_headers(response)
            return response
    response = HttpResponseServerError(html)
    response["Content-Language"] = language
    add_never_cache_headers(response)  # a passing failure: no CDN or browser may keep it
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A CSRF failure explained in the visitor's language, inside the site layout."""
    return render(request, "403_csrf.html", status=403)

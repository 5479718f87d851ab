from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from events.sitemaps import EventSitemap
from newsletter import views as newsletter_views
from newsletter.sitemaps import ArticleSitemap, IssueSitemap
from portal.core import preview
from portal.site import dashboard, views
from portal.site.sitemaps import PageSitemap, StaticViewSitemap
from projects.sitemaps import CallSitemap, CountrySitemap, ProjectSitemap

SITEMAPS = {
    "static": StaticViewSitemap,
    "pages": PageSitemap,
    "issues": IssueSitemap,
    "articles": ArticleSitemap,
    "projects": ProjectSitemap,
    "countries": CountrySitemap,
    "calls": CallSitemap,
    "events": EventSitemap,
}

handler500 = "portal.site.views.server_error"

portal_patterns = (
    [
        path("", views.HomeView.as_view(), name="home"),
        path(_("get-involved/"), views.GetInvolvedView.as_view(), name="get-involved"),
        path(_("pages/<slug:slug>/"), views.PageDetailView.as_view(), name="page-detail"),
        path(_("search/"), views.SearchView.as_view(), name="search"),
        path(_("preview/<str:model>/<int:pk>/"), preview.preview_view, name="preview"),
    ],
    "portal",
)

urlpatterns = [
    path(
        "admin/translations/",
        admin.site.admin_view(dashboard.translation_todo_view),
        name="translation-todo",
    ),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    # RFC 8058 one-click unsubscribe: outside the language prefix, POST without CSRF token.
    path(
        "newsletter/unsubscribe/<str:token>/",
        newsletter_views.unsubscribe_one_click_dispatch,
        name="newsletter-unsubscribe-one-click",
    ),
]

urlpatterns += i18n_patterns(
    *([path("bench/floor/", views.bench_floor)] if settings.BENCH_FLOOR_VIEW else []),
    path(_("news/"), include("newsletter.urls")),
    path(_("projects/"), include("projects.urls")),
    path(_("events/"), include("events.urls")),
    path(_("registrations/"), include("registrations.urls")),
    path("", include(portal_patterns)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static as media_static

    urlpatterns += media_static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

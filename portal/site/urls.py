"""The site's own pages (namespace "portal"), included under the language prefix, and its
addresses outside it (contributions.py declares both)."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.core import preview
from portal.site import dashboard, views
from portal.site.sitemaps import sitemap

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(_("get-involved/"), views.GetInvolvedView.as_view(), name="get-involved"),
    path(_("pages/<slug:slug>/"), views.PageDetailView.as_view(), name="page-detail"),
    path(_("search/"), views.SearchView.as_view(), name="search"),
    path(_("contact/"), views.ContactView.as_view(), name="contact"),
    path(_("preview/<str:model>/<int:pk>/"), preview.preview_view, name="preview"),
    # Staff only, with the admin's full login (password and, when required, second factor).
    path("styleguide/", admin.site.admin_view(views.styleguide), name="styleguide"),
]

root_urlpatterns = [
    # Before admin/, whose catch-all would take it.
    path(
        "admin/translations/",
        admin.site.admin_view(dashboard.translation_todo_view),
        name="translation-todo",
    ),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]

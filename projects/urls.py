from django.urls import path
from django.utils.translation import gettext_lazy as _

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project-list"),
    path(_("countries/<str:code>/"), views.CountryDetailView.as_view(), name="country-detail"),
    path(_("calls/<slug:slug>/"), views.CallDetailView.as_view(), name="call-detail"),
    path("<slug:slug>/", views.ProjectDetailView.as_view(), name="project-detail"),
]

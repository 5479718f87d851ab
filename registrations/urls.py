from django.urls import path
from django.utils.translation import gettext_lazy as _

from registrations import views

app_name = "registrations"

urlpatterns = [
    path(_("session/<int:session_id>/"), views.register, name="register"),
    path("<str:token>/", views.registration_detail, name="registration-detail"),
]

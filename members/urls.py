from django.urls import path
from django.utils.translation import gettext_lazy as _

from members import views

app_name = "members"

urlpatterns = [
    path("", views.space, name="space"),
    path(_("sign-in/"), views.sign_in_request, name="sign-in"),
]

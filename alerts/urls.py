from django.urls import path
from django.utils.translation import gettext_lazy as _

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path(_("stop/<str:token>/"), views.stop, name="stop"),
]

# Outside the language prefix and without the app's namespace (contributions.py): the
# address mail clients POST to for RFC 8058 one-click unsubscribe from the alerts (the
# newsletter has its own), without a CSRF token.
root_urlpatterns = [
    path(
        "alerts/unsubscribe/<str:token>/",
        views.unsubscribe_one_click,
        name="alerts-unsubscribe-one-click",
    ),
]

from django.urls import path
from django.utils.translation import gettext_lazy as _

from members import views

app_name = "members"

urlpatterns = [
    path("", views.space, name="space"),
    path(_("sign-in/"), views.sign_in_request, name="sign-in"),
    path(_("sign-in/sent/"), views.sign_in_sent, name="sign-in-sent"),
    # The parameter is named "token": the access log hides it (portal/core/access_log.py).
    path(_("sign-in/<str:token>/"), views.sign_in_link, name="sign-in-link"),
    path(_("sign-out/"), views.sign_out_view, name="sign-out"),
    path(_("my-data/download/"), views.data_download, name="data-download"),
    path(_("my-data/erase/"), views.erase, name="erase"),
    path(
        _("consents/<str:label>/<int:pk>/withdraw/"),
        views.consent_withdraw,
        name="consent-withdraw",
    ),
]

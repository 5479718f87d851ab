from django.urls import path
from django.utils.translation import gettext_lazy as _

from talent.views import invitation

app_name = "talent"

urlpatterns: list = [
    # Member pages (talent/views/profile.py) and the invitation link (talent/views/invitation.py).
    path(_("invitation/<str:token>/"), invitation.invitation, name="invitation"),
]

from django.urls import path
from django.utils.translation import gettext_lazy as _

from talent.views import invitation, profile

app_name = "talent"

urlpatterns: list = [
    # Member pages (talent/views/profile.py) and the invitation link (talent/views/invitation.py).
    path(_("profile/"), profile.profile_edit, name="profile-edit"),
    path(_("profile/pause/"), profile.profile_pause, name="profile-pause"),
    path(_("profile/resume/"), profile.profile_resume, name="profile-resume"),
    path(_("profile/delete/"), profile.profile_delete, name="profile-delete"),
    path(_("still-interested/<str:token>/"), profile.still_interested, name="still-interested"),
    path(_("invitation/<str:token>/"), invitation.invitation, name="invitation"),
    path(_("invitation/<int:pk>/form/"), invitation.invitation_form, name="invitation-form"),
]

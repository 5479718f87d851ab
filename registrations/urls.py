from django.urls import path
from django.utils.translation import gettext_lazy as _

from registrations import member_registrations, member_submissions, views

app_name = "registrations"

urlpatterns = [
    path(_("session/<int:session_id>/"), views.register, name="register"),
    path(
        _("session/<int:session_id>/sent/"),
        views.registration_requested,
        name="registration-requested",
    ),
    path(_("calls/<slug:slug>/apply/"), views.apply, name="apply"),
    path(_("projects/<slug:slug>/interest/"), views.express_interest, name="interest"),
    path(_("thank-you/"), views.submission_thanks, name="submission-thanks"),
    path(
        _("withdraw/<str:reference>/"),
        member_submissions.withdraw,
        name="submission-withdraw",
    ),
    # A signed-in member's own registrations, from My space (before the token pattern).
    path(
        _("my-space/<int:pk>/cancel/"),
        member_registrations.member_registration_cancel,
        name="member-registration-cancel",
    ),
    path(
        _("my-space/<int:pk>/calendar.ics"),
        member_registrations.member_registration_calendar,
        name="member-registration-calendar",
    ),
    path("<str:token>/", views.registration_detail, name="registration-detail"),
]

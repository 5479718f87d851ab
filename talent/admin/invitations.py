"""Invitations to apply in the admin: the list (read-only: invitations are made by the
matching page's "invite to apply") and, under its URLs, the matching pages of each call."""

from django.contrib import admin

from talent.admin import matching
from talent.admin.profiles import SEARCH_PERMISSION, ReadOnlyHistoryAdmin
from talent.models import Invitation


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyHistoryAdmin):
    """Who was invited to which call, whether the email went out and its link was opened."""

    list_display = ["profile", "call", "status", "sent_at", "opened_at"]
    list_filter = ["status", "call"]
    date_hierarchy = "created_at"
    list_select_related = ["profile", "call"]
    search_fields = ["email", "profile__name"]
    readonly_fields = [
        "call", "profile", "email", "language", "status", "attempts", "sent_at",
        "last_error", "invited_by", "created_at", "opened_at",
    ]  # fmt: skip
    exclude = ["next_attempt_at", "claimed_at", "attempt_started_at"]

    def has_view_permission(self, request, obj=None) -> bool:
        return super().has_view_permission(request, obj) and request.user.has_perm(
            SEARCH_PERMISSION
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # they go with the profile, or the call

    def get_urls(self):
        return [*matching.urls(self), *super().get_urls()]

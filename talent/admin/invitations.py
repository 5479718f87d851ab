"""Invitations to apply in the admin: the list (read-only: invitations are made by the
matching page's "invite to apply") and, under its URLs, the matching pages of each call."""

from django.contrib import admin

from talent.admin import matching
from talent.models import Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["profile", "call", "status", "created_at", "opened_at"]
    list_filter = ["status"]
    list_select_related = ["profile", "call"]
    search_fields = ["email", "profile__name"]
    readonly_fields = [
        "call", "profile", "email", "language", "status", "attempts", "sent_at",
        "last_error", "invited_by", "created_at", "opened_at",
    ]  # fmt: skip
    exclude = ["next_attempt_at", "claimed_at", "attempt_started_at"]

    def has_add_permission(self, request) -> bool:
        return False  # made by the matching page, never by hand

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        return [*matching.urls(self), *super().get_urls()]

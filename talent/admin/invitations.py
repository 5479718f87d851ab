"""Invitations to apply in the admin: the list (read-only: invitations are made by the
matching page's "invite to apply") and, under its URLs, the matching pages of each call."""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst

from talent.admin import matching
from talent.admin.profiles import SEARCH_PERMISSION, ReadOnlyHistoryAdmin
from talent.models import Invitation


def _label(name: str):
    return Invitation._meta.get_field(name).verbose_name


def _labelled(label, value) -> str:
    return format_html(
        '<span class="cell-label" aria-hidden="true">{}</span>{}', capfirst(label), value
    )


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else "–"


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyHistoryAdmin):
    """Who was invited to which call, whether the email went out and its link was opened."""

    # Each cell carries its label, shown on a phone where the rows become blocks
    # (static/portal/admin/talent_matching.css): nothing is cut, nothing scrolls sideways.
    list_display = ["profile", "call_shown", "status_shown", "sent_shown", "opened_shown"]
    list_filter = ["status", "call"]
    date_hierarchy = "created_at"
    list_select_related = ["profile", "call"]
    search_fields = ["email", "profile__name"]
    readonly_fields = [
        "call", "profile", "email", "language", "status", "attempts", "sent_at",
        "last_error", "invited_by", "created_at", "opened_at",
    ]  # fmt: skip
    exclude = ["next_attempt_at", "claimed_at", "attempt_started_at"]

    class Media:
        css = {"all": ["portal/admin/talent_matching.css"]}

    @admin.display(description=_label("call"), ordering="call")
    def call_shown(self, invitation: Invitation) -> str:
        return _labelled(_label("call"), invitation.call)

    @admin.display(description=_label("status"), ordering="status")
    def status_shown(self, invitation: Invitation) -> str:
        return _labelled(_label("status"), invitation.get_status_display())

    @admin.display(description=_label("sent_at"), ordering="sent_at")
    def sent_shown(self, invitation: Invitation) -> str:
        return _labelled(_label("sent_at"), _moment(invitation.sent_at))

    @admin.display(description=_label("opened_at"), ordering="opened_at")
    def opened_shown(self, invitation: Invitation) -> str:
        return _labelled(_label("opened_at"), _moment(invitation.opened_at))

    def has_view_permission(self, request, obj=None) -> bool:
        return super().has_view_permission(request, obj) and request.user.has_perm(
            SEARCH_PERMISSION
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # they go with the profile, or the call

    def get_urls(self):
        return [*matching.urls(self), *super().get_urls()]

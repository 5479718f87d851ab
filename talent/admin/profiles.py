"""Expert profiles and invitations in the admin: read, never written by staff (members keep
their profiles; a staff member may delete one, on request). Every opening of a profile is
logged in its history; the list of profiles is the pool's search page (talent/admin/search.py)."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from portal.core.history_admin import HistoryAdmin
from talent.admin import search
from talent.admin.search import languages_text
from talent.models import ExpertProfile, ProfileCountry
from talent.services import staff_access

SEARCH_PERMISSION = "talent.search_pool"


class ReadOnlyHistoryAdmin(HistoryAdmin):
    """History to read, not to revert: profiles change only through the members' pages."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ExpertProfile)
class ExpertProfileAdmin(ReadOnlyHistoryAdmin):
    fields = [
        "name", "email", "language", "profession", "origin", "residence", "sectors",
        "skills_shown", "languages_spoken", "years_of_experience", "qualification",
        "availability", "work_mode", "mission_length", "summaries_shown",
        "cv_link", "consent_at", "privacy_version", "confirmed_at", "reminder_sent_at",
        "created_at", "updated_at",
    ]  # fmt: skip
    readonly_fields = fields

    def has_view_permission(self, request, obj=None) -> bool:
        """Officers who may search the pool (and superusers); never editors."""
        return super().has_view_permission(request, obj) and request.user.has_perm(
            SEARCH_PERMISSION
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("countries", "sectors", "skills", "languages", "summaries")
        )

    def get_urls(self):
        return [*search.urls(self), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        """The list of profiles is the search page."""
        return search.search_page(self, request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            profile = response.context_data["original"]
            staff_access.profile_view_log(profile=profile, user=request.user)
        return response

    def delete_model(self, request, obj) -> None:
        staff_access.profile_staff_delete(profile=obj)

    def delete_queryset(self, request, queryset) -> None:
        for profile in queryset:
            staff_access.profile_staff_delete(profile=profile)

    def _countries(self, profile: ExpertProfile, kind: str) -> str:
        return ", ".join(
            str(row.country.name) for row in profile.countries.all() if row.kind == kind
        )

    @admin.display(description=_("countries of origin or heritage"))
    def origin(self, profile: ExpertProfile) -> str:
        return self._countries(profile, ProfileCountry.Kind.ORIGIN)

    @admin.display(description=_("countries of residence"))
    def residence(self, profile: ExpertProfile) -> str:
        return self._countries(profile, ProfileCountry.Kind.RESIDENCE)

    @admin.display(description=_("skills"))
    def skills_shown(self, profile: ExpertProfile) -> str:
        return ", ".join(str(skill) for skill in profile.skills.all())

    @admin.display(description=_("availability"))
    def availability(self, profile: ExpertProfile) -> str:
        return search.availability(profile, timezone.localdate())

    @admin.display(description=_("languages"))
    def languages_spoken(self, profile: ExpertProfile) -> str:
        return languages_text(profile)

    @admin.display(description=_("summary"))
    def summaries_shown(self, profile: ExpertProfile) -> str:
        return format_html_join(
            "",
            '<p lang="{}">{}</p>',
            ((summary.language, summary.text) for summary in profile.summaries.all()),
        )

    @admin.display(description=_("CV"))
    def cv_link(self, profile: ExpertProfile) -> str:
        if not profile.cv:
            return "–"
        url = reverse("admin:talent_expertprofile_cv", args=[profile.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

"""Investor and partner interests in projects: review, with the statuses of a lead (new,
contacted, in discussion, closed), not the candidates'."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registrations.admin.filters import top_countries_filter
from registrations.admin.submissions import CSV_ACTIONS, SubmissionAdmin, status_actions
from registrations.models import Interest, InterestStatus


@admin.register(Interest)
class InterestAdmin(SubmissionAdmin):
    list_display = [
        "reference", "contact_person", "organisation", "project", "kind", "amount", "status_shown",
        "country", "created_at",
    ]  # fmt: skip
    list_filter = [
        "status", "project", "call", "kind", "amount",
        top_countries_filter("country", _("country")), "language",
    ]  # fmt: skip
    list_select_related = ["project"]
    search_fields = ["reference", "contact_person", "organisation", "email"]
    readonly_fields = [
        "reference", "project", "call", "organisation", "contact_person", "email", "phone",
        "country", "kind", "amount", "message", "language", "consent_at", "privacy_version",
        "created_at", "updated_at", "withdrawn_at",
    ]  # fmt: skip
    fields = ["status", *readonly_fields]
    actions = [*status_actions(InterestStatus), *CSV_ACTIONS]
    csv_columns = [
        ("reference", _("reference")), ("project", _("project")), ("status", _("status")),
        ("organisation", _("organisation")), ("contact_person", _("contact person")),
        ("email", _("email address")), ("phone", _("phone number")), ("country", _("country")),
        ("kind", _("kind of interest")), ("amount", _("indicative amount")),
        ("message", _("message")), ("language", _("language")),
        ("created_at", _("received at")), ("withdrawn_at", _("withdrawn on")),
    ]  # fmt: skip

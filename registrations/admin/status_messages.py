"""The messages that tell applicants and investors of a new status, written by programme
officers in every language (tabbed), with the "tell the applicant" flag."""

from django.contrib import admin

from portal.core.admin import TranslatedAdmin
from registrations.models import StatusMessage


@admin.register(StatusMessage)
class StatusMessageAdmin(TranslatedAdmin):
    list_display = ["__str__", "notify", "translation_status", "updated_at"]
    list_filter = ["kind", "notify"]
    fields = ["kind", "status", "notify", "subject", "body", "next_steps"]

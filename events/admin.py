from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import F, Min
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from events.forms import EventAdminForm
from events.models import Event, Session
from events.signals import event_cancelled, session_rescheduled
from portal.admin import TranslatedAdmin, TranslationMissingFilter

# Changing one of these changes the calendar entry people imported: SEQUENCE goes up and
# the registrants are told (translated fields appear as `city_en`, `city_fr`, ...).
SCHEDULE_FIELDS = (
    "starts_at", "ends_at", "date_to_be_determined", "time_zone", "venue_name", "address",
    "city", "country", "online_url",
)  # fmt: skip


def changes_schedule(changed_data: list[str]) -> bool:
    suffixes = tuple(f"_{code}" for code, _name in settings.LANGUAGES)
    return any(
        (name.rsplit("_", 1)[0] if name.endswith(suffixes) else name) in SCHEDULE_FIELDS
        for name in changed_data
    )


class SessionInline(TranslationStackedInline):
    model = Session
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    autocomplete_fields = ["country"]
    fieldsets = [
        (None, {"fields": ["position", "venue_name", "address", "city", "country", "online_url"]}),
        (
            _("Date"),
            {
                "fields": [
                    "time_zone",
                    "starts_at",
                    "ends_at",
                    "date_to_be_determined",
                    "approximate_period",
                ]
            },
        ),
        (_("Places"), {"fields": ["capacity", "places_taken", "sequence"]}),
    ]
    readonly_fields = ["places_taken", "sequence"]


@admin.register(Event)
class EventAdmin(TranslatedAdmin):
    form = EventAdminForm
    list_display = [
        "title", "kind", "status", "first_session", "project", "is_published",
        "translation_status",
    ]  # fmt: skip
    list_filter = ["kind", "status", "is_published", "project", TranslationMissingFilter]
    list_select_related = ["project"]
    search_fields = ["title_en", "title_fr"]
    inlines = [SessionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "description", "project", "languages"]}),
        (
            _("Registration and status"),
            {
                "fields": [
                    "registration_opens_at",
                    "registration_closes_at",
                    "status",
                ]
            },
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "is_published",
                    "publish_at",
                    "english_only",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(first_session_start=Min("sessions__starts_at"))
        )

    @admin.display(description=_("first session"), ordering="first_session_start")
    def first_session(self, event: Event):
        return event.first_session_start

    def save_formset(self, request, form, formset, change):
        if formset.model is not Session:
            return super().save_formset(request, form, formset, change)
        rescheduled = []
        for session_form in formset.initial_forms:
            session = session_form.instance
            if session_form in formset.deleted_forms or not session_form.has_changed():
                continue
            if changes_schedule(session_form.changed_data):
                session.sequence += 1
                rescheduled.append((session, bool(session_form.initial["date_to_be_determined"])))
        super().save_formset(request, form, formset, change)
        for session, was_to_be_determined in rescheduled:
            session_rescheduled.send(
                Session, session=session, was_to_be_determined=was_to_be_determined
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event = form.instance
        if change and "status" in form.changed_data and event.status == Event.Status.CANCELLED:
            # Calendars that imported a session show it cancelled once they see this SEQUENCE.
            event.sessions.update(sequence=F("sequence") + 1)
            event_cancelled.send(Event, event=event)

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug_en": ("title_en",), "slug_fr": ("title_fr",)}

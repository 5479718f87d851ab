from django.contrib import admin
from django.db import models
from django.db.models import Min
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from events.forms import EventAdminForm
from events.models import Event, Session
from portal.admin import TranslatedAdmin, TranslationMissingFilter


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
        (_("Places"), {"fields": ["capacity", "sequence"]}),
    ]


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

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug_en": ("title_en",), "slug_fr": ("title_fr",)}

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from events import services
from events.exceptions import SessionNotDeletable
from events.forms import EventAdminForm
from events.models import Event, Session
from portal.core.admin import TranslatedAdmin, TranslationMissingFilter
from portal.core.collation import alphabetical
from portal.core.datetimes import format_time, format_with_zone, zone_choices, zone_name
from portal.core.i18n import localized_fields, prepopulated_slugs
from portal.core.images import image_fieldset


def refuse_protected_deletion(form) -> None:
    """A session with registrations cannot be deleted (events.services): say so in the
    form, and how to cancel it instead, without naming the registrants (Editors may not
    see them)."""
    session = form.instance
    if not form.cleaned_data.get("DELETE") or session._state.adding:
        return
    try:
        services.session_delete_check(session=session)
    except SessionNotDeletable:
        raise ValidationError(
            _(
                "The session “%(session)s” has registrations, so it cannot be deleted. "
                "Tick “cancel this session” instead: its registrants are told by email."
            ),
            params={"session": session},
            code="deleting_protected",
        ) from None


class SessionClockField(forms.SplitDateTimeField):
    """A date and time as read on the session's own clock: naive here, placed in the
    session's time zone by the form (not in the office's zone, as Django would)."""

    def compress(self, data_list):
        if data_list and all(data_list):
            return datetime.combine(*data_list)
        return super().compress(data_list) if data_list else None


CLOCK_FIELDS = ("starts_at", "ends_at")


class SessionInlineForm(forms.ModelForm):
    cancel_session = forms.BooleanField(
        label=_("cancel this session"),
        required=False,
        help_text=_(
            "Cancels the registrations and tells each registrant by email, in their language."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None or self.instance.cancelled_at is not None:
            self.fields["cancel_session"].disabled = True  # nothing (more) to cancel
        # Left out of a form (or left empty), a date is exact, as before the field existed.
        precision = self.fields["date_precision"]
        precision.required = False
        precision.empty_value = Session.Precision.TIME
        if "time_zone" in self.fields:
            # Staff pick a place ("Brussels time"), not a database name; a zone set
            # otherwise (in the shell, an import) stays offered as it is.
            current = self.initial.get("time_zone") or self.instance.time_zone
            choices = dict(zone_choices())
            if current and current not in choices:
                choices[current] = zone_name(current)
            self.fields["time_zone"].widget = forms.Select(
                choices=alphabetical(choices.items(), key=lambda choice: choice[1])
            )
            self.fields["time_zone"].help_text = _(
                "The venue’s time zone: type the start and end below on its clock."
            )
        self._session_clock()

    def _session_clock(self) -> None:
        """Start and end are typed, and shown back, on the session's own clock (18:00 in
        Niamey is typed 18:00, whatever the office's zone)."""
        zone = ZoneInfo(self.instance.time_zone or settings.TIME_ZONE)
        for name in CLOCK_FIELDS:
            if name not in self.fields:
                continue
            old = self.fields[name]
            self.fields[name] = SessionClockField(
                label=old.label,
                required=False,
                widget=AdminSplitDateTime,
                help_text=self._clock_help(name, zone),
            )
            value = getattr(self.instance, name)
            if value is not None:
                self.initial[name] = timezone.make_naive(value, zone)

    def _clock_help(self, name: str, zone: ZoneInfo) -> str:
        value = getattr(self.instance, name)
        if value is None:
            return _("On the clock of the session’s time zone (chosen above).")
        local = value.astimezone(zone)
        return _("On the clock of the session’s time zone: %(time)s %(zone)s (%(abbr)s).") % {
            "time": format_time(local),
            "zone": zone_name(str(zone)),
            "abbr": local.tzname(),
        }

    def clean(self):
        cleaned = super().clean()
        zone = cleaned.get("time_zone") or self.instance.time_zone or settings.TIME_ZONE
        try:
            zone_info = ZoneInfo(zone)
        except (ValueError, KeyError):  # an unknown zone: the field's own error says so
            return cleaned
        for name in CLOCK_FIELDS:
            value = cleaned.get(name)
            if isinstance(value, datetime) and timezone.is_naive(value):
                cleaned[name] = timezone.make_aware(value, zone_info)
        return cleaned


class SessionInline(TranslationStackedInline):
    model = Session
    form = SessionInlineForm
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
                    "date_precision",
                    "date_to_be_determined",
                    "approximate_period",
                ]
            },
        ),
        (_("Places"), {"fields": ["capacity", "places_taken", "sequence"]}),
        (_("Cancellation"), {"fields": ["cancelled_at", "cancel_session"]}),
    ]
    readonly_fields = ["places_taken", "sequence", "cancelled_at"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        # Read only: "cancel this session" is an action, not something to read ("None").
        return [
            (title, {**options, "fields": [f for f in options["fields"] if f != "cancel_session"]})
            for title, options in fieldsets
        ]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class SessionForm(formset.form):
            # Django's own refusal lists the protected objects, that is the registrants'
            # names: the same refusal, with a message that names nobody.
            def hand_clean_DELETE(self) -> None:
                refuse_protected_deletion(self)

        formset.form = SessionForm
        return formset


@admin.register(Event)
# registrations/admin/events.py registers a subclass in its place, with the registration
# counts (registrations comes after events in INSTALLED_APPS; events knows nothing of it).
class EventAdmin(TranslatedAdmin):
    form = EventAdminForm
    list_display = [
        "title", "kind", "status", "first_session", "project", "is_published",
        "translation_status",
    ]  # fmt: skip
    list_filter = ["kind", "status", "is_published", "project", TranslationMissingFilter]
    list_select_related = ["project"]
    search_fields = localized_fields("title")
    inlines = [SessionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "description", "project", "languages"]}),
        image_fieldset(),
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
            super()
            .get_queryset(request)
            .annotate(first_session_start=Min("sessions__starts_at"))
            .prefetch_related("sessions")
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read only: the languages by name ("French, Kinyarwanda"), not their codes.
        return [
            (title, {**options, "fields": [
                "languages_spoken" if name == "languages" else name for name in options["fields"]
            ]})
            for title, options in fieldsets
        ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "languages_spoken"]

    @admin.display(description=_("languages spoken"))
    def languages_spoken(self, event: Event) -> str:
        return ", ".join(str(name) for name in event.spoken_languages) or "–"

    @admin.display(description=_("first session"), ordering="first_session_start")
    def first_session(self, event: Event) -> str:
        """On the session's own clock, with its place: "10 June 2027, 18:00 (Niamey time)"."""
        dated = [session for session in event.sessions.all() if session.starts_at]
        if not dated:
            return "–"
        first = min(dated, key=lambda session: session.starts_at)
        return format_with_zone(first.starts_at, first.time_zone)

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user  # as simple-history's admin does
        services.event_save(event=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Session:
            return super().save_formset(request, form, formset, change)
        # Through the services, so that dates, places and capacities changed here are
        # announced exactly as when they are changed anywhere else.
        saved = formset.save(commit=False)  # also lists formset.deleted_objects
        services.sessions_save(
            saved=saved,
            deleted=formset.deleted_objects,  # refuse_protected_deletion checked them
            cancelled=[
                session_form.instance
                for session_form in formset.forms
                if session_form.cleaned_data.get("cancel_session") and session_form.instance.pk
            ],
        )
        formset.save_m2m()

    def get_prepopulated_fields(self, request, obj=None):
        return prepopulated_slugs("title")

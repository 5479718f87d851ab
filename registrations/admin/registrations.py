"""Event registrations: attendee lists per session, check-in, waiting-list promotion,
CSV export."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.core.admin_lists import LargeListAdmin
from registrations import services
from registrations.admin import action_confirmation, checkin
from registrations.admin.filters import EventFilter, SessionFilter, top_countries_filter
from registrations.admin.shared import CsvExportMixin, ReadOnlyHistoryAdmin
from registrations.exceptions import RegistrationError
from registrations.models import Registration

Status = Registration.Status


class AttendedFilter(admin.SimpleListFilter):
    title = _("attended")
    parameter_name = "attended"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(attended_at__isnull=self.value() == "no")
        return queryset


CSV_COLUMNS = [
    ("event", _("event")),
    ("session", _("session")),
    ("status", _("status")),
    ("name", _("full name")),
    ("email", _("email address")),
    ("phone", _("phone number")),
    ("country_of_residence", _("country of residence")),
    ("country_of_origin", _("country of origin")),
    ("language", _("language")),
    ("accessibility_needs", _("accessibility needs")),
    ("created_at", _("registered at")),
    ("attended", _("attended")),
    ("attended_at", _("arrived at")),
    ("source", _("registration source")),
]


@admin.register(Registration)
class RegistrationAdmin(LargeListAdmin, CsvExportMixin, ReadOnlyHistoryAdmin):
    csv_name = "registrations"
    list_display = [
        "name", "email", "session", "status", "queued_at", "created_at", "attended_at",
    ]  # fmt: skip
    list_filter = [
        "status", AttendedFilter, "source", EventFilter, SessionFilter, "language",
        top_countries_filter("country_of_residence", _("country of residence")),
        top_countries_filter("country_of_origin", _("country of origin")),
    ]  # fmt: skip
    search_fields = ["name", "email", "phone"]
    list_select_related = ["session__event"]
    date_hierarchy = "created_at"
    actions = ["mark_attended", "promote", "cancel", "export_csv", "export_csv_comma"]
    fields = [
        "session", "status", "name", "email", "phone", "country_of_residence",
        "country_of_origin", "language", "accessibility_needs", "consent_at",
        "privacy_version", "created_at", "queued_at", "confirmed_at", "offered_at",
        "offer_expires_at", "cancelled_at", "reminder_sent_at", "attended_at", "source",
    ]  # fmt: skip
    readonly_fields = [
        "session", "status", "email", "consent_at", "privacy_version", "created_at",
        "queued_at", "confirmed_at", "offered_at", "offer_expires_at", "cancelled_at",
        "reminder_sent_at", "attended_at", "source",
    ]  # fmt: skip

    def get_urls(self):
        return [*checkin.urls(self), *super().get_urls()]

    def lookup_allowed(self, lookup, value, request) -> bool:
        # The event filter keeps Django's parameter (the events list links to it); Django
        # allows a lookup across two relations only for the filters it builds itself.
        return lookup == EventFilter.parameter_name or super().lookup_allowed(
            lookup, value, request
        )

    def changelist_view(self, request, extra_context=None):
        """With links to the check-in pages: of the session the list is filtered on, and
        of the sessions starting around now."""
        session_id = request.GET.get("session__id__exact", "")
        extra = {"checkin_sessions": checkin.sessions_around_now()}
        if session_id.isascii() and session_id.isdigit() and len(session_id) <= 18:
            extra["checkin_url"] = checkin.checkin_url(int(session_id))
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and obj.source == Registration.Source.ONLINE:
            # Optional only for people added at the door (a database constraint says so).
            for name in ("country_of_residence", "country_of_origin"):
                if name in form.base_fields:
                    form.base_fields[name].required = True
        return form

    def has_add_permission(self, request) -> bool:
        # Places are taken only through registrations.services (locks, waiting list).
        return False

    @admin.action(description=_("Mark as attended (check-in)"), permissions=["change"])
    def mark_attended(self, request, queryset):
        count = services.registrations_mark_attended(registrations=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d registration marked as attended.",
                "%(count)d registrations marked as attended.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=_("Promote from the waiting list"), permissions=["change"])
    def promote(self, request, queryset):
        if not action_confirmation.confirmed(request):
            return action_confirmation.action_confirmation(
                self, request, queryset, action="promote", title=_("Promote from the waiting list"),
                lines=action_confirmation.promote_audience(queryset),
            )  # fmt: skip
        done = self._each(request, queryset, services.registration_promote)
        if done:
            message = ngettext(
                "%(count)d registration promoted.", "%(count)d registrations promoted.", done
            )
            self.message_user(request, message % {"count": done})

    @admin.action(description=_("Cancel the registration"), permissions=["change"])
    def cancel(self, request, queryset):
        if not action_confirmation.confirmed(request):
            return action_confirmation.action_confirmation(
                self, request, queryset, action="cancel", title=_("Cancel the registration"),
                lines=action_confirmation.cancel_audience(queryset),
            )  # fmt: skip
        done = self._each(request, queryset, services.registration_cancel)
        if done:
            message = ngettext(
                "%(count)d registration cancelled.", "%(count)d registrations cancelled.", done
            )
            self.message_user(request, message % {"count": done})

    def _each(self, request, queryset, service) -> int:
        """Apply `service` to each registration, oldest in the queue first; report refusals."""
        done = 0
        for registration in queryset.order_by("queued_at", "pk"):
            try:
                service(registration=registration)
                done += 1
            except RegistrationError as error:
                self.message_user(
                    request, f"{registration.name}: {error.message}", level=messages.WARNING
                )
        return done

    def csv_table(self, request, queryset):
        registrations = queryset.select_related("session__event").order_by("session", "pk")
        return [label for _name, label in CSV_COLUMNS], map(csv_row, registrations)


def csv_row(registration: Registration) -> list:
    return [
        registration.session.event.title,
        str(registration.session),
        registration.get_status_display(),
        registration.name,
        registration.email,
        registration.phone,
        registration.country_of_residence,
        registration.country_of_origin,
        registration.get_language_display(),
        registration.accessibility_needs,
        registration.created_at,
        registration.attended_at is not None,
        registration.attended_at,
        registration.get_source_display(),
    ]

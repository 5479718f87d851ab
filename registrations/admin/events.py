"""The events admin, with the registration counts and the attendee lists per session."""

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from events.admin import EventAdmin
from events.models import Event
from registrations.admin.checkin import checkin_url
from registrations.admin.event_confirmation import ConfirmEmailsMixin
from registrations.admin.messages import VIEW_PERMISSION, session_messages_log
from registrations.models import Registration

Status = Registration.Status


def count_filter(status: str) -> Q:
    return Q(sessions__registrations__status=status)


admin.site.unregister(Event)


@admin.register(Event)
class EventWithRegistrationsAdmin(ConfirmEmailsMixin, EventAdmin):
    """The events admin, with the registration counts (the events app knows nothing of
    registrations: dependencies point from registrations to events); it asks before a save
    emails registrants (ConfirmEmailsMixin), and shows the messages sent to each session."""

    list_display = [*EventAdmin.list_display, "registration_counts"]
    readonly_fields = [*EventAdmin.readonly_fields, "attendee_lists", "session_messages"]
    fieldsets = [*EventAdmin.fieldsets, (_("Attendees"), {"fields": ["attendee_lists"]})]

    class Media:
        css = {"all": ["portal/admin/session_messages.css"]}  # the messages sent per session

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": self._without_links(request, options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is not None and request.user.has_perm(VIEW_PERMISSION):
            messages_part = (
                _("Messages to the people of each session"),
                {"fields": ["session_messages"]},
            )
            fieldsets = [*fieldsets, messages_part]
        return fieldsets

    @admin.display(description=_("messages sent"))
    def session_messages(self, event: Event) -> str:
        return session_messages_log(event)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed=Count("sessions__registrations", filter=count_filter(Status.CONFIRMED)),
                waiting=Count("sessions__registrations", filter=count_filter(Status.WAITING)),
                cancelled=Count("sessions__registrations", filter=count_filter(Status.CANCELLED)),
                attended=Count(
                    "sessions__registrations",
                    filter=Q(sessions__registrations__attended_at__isnull=False),
                ),
            )
        )

    # Editors see the counts (no personal data) but no link to the people behind them.
    def get_list_display(self, request):
        shown = super().get_list_display(request)
        if may_see_registrations(request):
            return shown
        return ["registration_numbers" if name == "registration_counts" else name for name in shown]

    def get_readonly_fields(self, request, obj=None):
        return self._without_links(request, super().get_readonly_fields(request, obj))

    def _without_links(self, request, fields) -> list:
        if may_see_registrations(request):
            return list(fields)
        return ["attendee_numbers" if name == "attendee_lists" else name for name in fields]

    @admin.display(description=_("confirmed / waiting / cancelled / attended"))
    def registration_counts(self, event: Event) -> str:
        url = reverse("admin:registrations_registration_changelist")
        return format_html(
            '<a href="{url}?session__event__id__exact={pk}">{}</a>',
            self.registration_numbers(event),
            url=url,
            pk=event.pk,
        )

    @admin.display(description=_("confirmed / waiting / cancelled / attended"))
    def registration_numbers(self, event: Event) -> str:
        return f"{event.confirmed} / {event.waiting} / {event.cancelled} / {event.attended}"

    @admin.display(description=_("registrations per session"))
    def attendee_numbers(self, event: Event) -> str:
        if not event.pk:
            return "–"
        return format_html_join(
            "",
            "<p>{} – {}</p>",
            ((session, counts(session)) for session in sessions_counted(event)),
        ) or _("No session yet.")

    @admin.display(description=_("attendee list per session"))
    def attendee_lists(self, event: Event) -> str:
        if not event.pk:
            return "–"
        url = reverse("admin:registrations_registration_changelist")
        return format_html_join(
            "",
            '<p><a href="{}?session__id__exact={}">{}</a> – {} – <a href="{}">{}</a></p>',
            (
                (
                    url,
                    session.pk,
                    session,
                    counts(session),
                    checkin_url(session.pk),
                    _("Check-in at the door"),
                )
                for session in sessions_counted(event)
            ),
        ) or _("No session yet.")


def may_see_registrations(request) -> bool:
    return request.user.has_perm("registrations.view_registration")


def sessions_counted(event: Event):
    return event.sessions.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
        waiting=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
    )


def counts(session) -> str:
    return _("%(confirmed)s confirmed, %(waiting)s waiting, capacity %(capacity)s") % {
        "confirmed": session.confirmed,
        "waiting": session.waiting,
        "capacity": session.capacity if session.capacity is not None else "∞",
    }

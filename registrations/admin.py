"""Staff side of event registration: attendee lists per session, check-in, waiting-list
promotion, CSV export, and the counts on the event list."""

import csv
from datetime import date, datetime

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from events.admin import EventAdmin
from events.models import Event
from portal.core.admin import HistoryAdmin
from portal.core.uploads import CONTENT_TYPES
from registrations import services
from registrations.exceptions import RegistrationError
from registrations.forms import LEVELS, language_choices
from registrations.models import Application, Interest, Note, Registration, ReviewStatus

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
    ("attended_at", _("attended")),
]


class ReadOnlyHistoryAdmin(HistoryAdmin):
    """History to read, not to revert: these rows change only through the services (places
    taken under lock, target counts), and a revert would step around them."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyHistoryAdmin):
    list_display = [
        "name", "email", "session", "status", "queued_at", "created_at", "attended_at",
    ]  # fmt: skip
    list_filter = [
        "status", AttendedFilter, "session__event", "session", "language",
        "country_of_residence", "country_of_origin",
    ]  # fmt: skip
    search_fields = ["name", "email", "phone"]
    list_select_related = ["session__event"]
    date_hierarchy = "created_at"
    actions = ["mark_attended", "promote", "cancel", "export_csv"]
    fields = [
        "session", "status", "name", "email", "phone", "country_of_residence",
        "country_of_origin", "language", "accessibility_needs", "consent_at",
        "privacy_version", "created_at", "queued_at", "confirmed_at", "offered_at",
        "offer_expires_at", "cancelled_at", "reminder_sent_at", "attended_at",
    ]  # fmt: skip
    readonly_fields = [
        "session", "status", "email", "consent_at", "privacy_version", "created_at",
        "queued_at", "confirmed_at", "offered_at", "offer_expires_at", "cancelled_at",
        "reminder_sent_at", "attended_at",
    ]  # fmt: skip

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
        done = self._each(request, queryset, services.registration_promote)
        if done:
            message = ngettext(
                "%(count)d registration promoted.", "%(count)d registrations promoted.", done
            )
            self.message_user(request, message % {"count": done})

    @admin.action(description=_("Cancel the registration"), permissions=["change"])
    def cancel(self, request, queryset):
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

    @admin.action(description=_("Export to CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        registrations = queryset.select_related("session__event").order_by("session", "pk")
        return csv_response(
            "registrations", [label for _name, label in CSV_COLUMNS], map(csv_row, registrations)
        )


def csv_row(registration: Registration) -> list:
    return [
        registration.session.event.title,
        str(registration.session),
        registration.get_status_display(),
        registration.name,
        registration.email,
        registration.phone,
        registration.country_of_residence.name,
        registration.country_of_origin.name,
        registration.get_language_display(),
        registration.accessibility_needs,
        timezone.localtime(registration.created_at).isoformat(timespec="minutes"),
        timezone.localtime(registration.attended_at).isoformat(timespec="minutes")
        if registration.attended_at
        else "",
    ]


def csv_response(name: str, header, rows) -> HttpResponse:
    """A CSV download (UTF-8 with a byte-order mark, so spreadsheet programs read it)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(label) for label in header])
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return response


def csv_safe(value) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a cell that starts with = + - @
    is prefixed with an apostrophe."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def count_filter(status: str) -> Q:
    return Q(sessions__registrations__status=status)


admin.site.unregister(Event)


@admin.register(Event)
class EventWithRegistrationsAdmin(EventAdmin):
    """The events admin, with the registration counts (the events app knows nothing of
    registrations: dependencies point from registrations to events)."""

    list_display = [*EventAdmin.list_display, "registration_counts"]
    readonly_fields = [*EventAdmin.readonly_fields, "attendee_lists"]
    fieldsets = [*EventAdmin.fieldsets, (_("Attendees"), {"fields": ["attendee_lists"]})]

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

    @admin.display(description=_("confirmed / waiting / cancelled / attended"))
    def registration_counts(self, event: Event) -> str:
        url = reverse("admin:registrations_registration_changelist")
        return format_html(
            '<a href="{url}?session__event__id__exact={pk}">{} / {} / {} / {}</a>',
            event.confirmed,
            event.waiting,
            event.cancelled,
            event.attended,
            url=url,
            pk=event.pk,
        )

    @admin.display(description=_("attendee list per session"))
    def attendee_lists(self, event: Event) -> str:
        if not event.pk:
            return "–"
        url = reverse("admin:registrations_registration_changelist")
        sessions = event.sessions.annotate(
            confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
            waiting=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
        )
        return format_html_join(
            "",
            '<p><a href="{}?session__id__exact={}">{}</a> – {}</p>',
            (
                (
                    url,
                    session.pk,
                    session,
                    _("%(confirmed)s confirmed, %(waiting)s waiting, capacity %(capacity)s")
                    % {
                        "confirmed": session.confirmed,
                        "waiting": session.waiting,
                        "capacity": session.capacity if session.capacity is not None else "∞",
                    },
                )
                for session in sessions
            ),
        ) or _("No session yet.")


# Registrations of interest -------------------------------------------------------------


class DuplicateFilter(admin.SimpleListFilter):
    title = _("duplicate")
    parameter_name = "duplicate"

    def lookups(self, request, model_admin):
        return [("yes", _("Same email on the same call"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(has_duplicate=True)
        return queryset


class NoteInline(admin.TabularInline):
    """Internal notes: staff add them; the author and time are set, and notes stay."""

    model = Note
    extra = 1
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    can_delete = False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


def status_action(status: ReviewStatus):
    def action(modeladmin, request, queryset):
        count = services.submissions_set_status(submissions=queryset, status=status)
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d record set to “%(status)s”.",
                "%(count)d records set to “%(status)s”.",
                count,
            )
            % {"count": count, "status": status.label},
        )

    action.__name__ = f"set_status_{status.value.replace('-', '_')}"
    action.short_description = _("Set status: %(status)s") % {"status": status.label}
    action.allowed_permissions = ("change",)
    return action


class SubmissionAdmin(ReadOnlyHistoryAdmin):
    """What the application and interest admins share: statuses, notes, CSV."""

    inlines = [NoteInline]
    date_hierarchy = "created_at"
    actions = [*(status_action(status) for status in ReviewStatus), "export_csv"]
    csv_columns: list[tuple[str, str]] = []

    def has_add_permission(self, request) -> bool:
        return False  # they come from the public forms

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            # Through the service, as the bulk action: the targets follow. The status is
            # the only field staff edit here (the rest is read-only).
            model = type(obj)
            services.submissions_set_status(
                submissions=model.objects.filter(pk=obj.pk), status=obj.status
            )
        elif not change:
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for note in formset.save(commit=False):
            if note.pk is None:
                note.author = request.user
            note.save()
        formset.save_m2m()

    def csv_row(self, request, obj) -> list:
        return [self.csv_value(request, obj, name) for name, _label in self.csv_columns]

    def csv_value(self, request, obj, name: str):
        value = getattr(obj, f"get_{name}_display", None)
        value = value() if value else getattr(obj, name)
        if hasattr(value, "name") and not isinstance(value, str):
            value = value.name  # countries
        if isinstance(value, datetime):
            value = timezone.localtime(value).isoformat(timespec="minutes")
        elif isinstance(value, date):
            value = value.isoformat()
        return value if value is not None else ""

    @admin.action(description=_("Export to CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return csv_response(
            f"{self.opts.model_name}s",
            [label for _name, label in self.csv_columns],
            (self.csv_row(request, obj) for obj in queryset),
        )


@admin.register(Application)
class ApplicationAdmin(SubmissionAdmin):
    list_display = [
        "reference", "name", "call", "status", "sector", "country_of_origin",
        "language", "created_at", "duplicate", "cv_link",
    ]  # fmt: skip
    list_filter = [
        "status", "call", "sector", "country_of_origin", "country_of_residence", "language",
        DuplicateFilter,
    ]  # fmt: skip
    list_select_related = ["call", "sector"]
    search_fields = ["reference", "name", "email", "profession"]
    readonly_fields = [
        "reference", "call", "name", "email", "phone", "country_of_origin",
        "country_of_residence", "nationality", "profession", "sector", "years_of_experience",
        "languages_spoken", "qualification", "available_from", "availability", "motivation",
        "cv_link", "eligibility", "language", "consent_at", "privacy_version", "created_at",
        "updated_at",
    ]  # fmt: skip
    fields = ["status", *readonly_fields]
    csv_columns = [
        ("reference", _("reference")), ("call", _("call")), ("status", _("status")),
        ("name", _("full name")), ("email", _("email address")), ("phone", _("phone number")),
        ("country_of_origin", _("country of origin")),
        ("country_of_residence", _("country of residence")),
        ("nationality", _("nationality")), ("profession", _("profession")),
        ("sector", _("sector")), ("years_of_experience", _("years of experience")),
        ("qualification", _("highest qualification")),
        ("available_from", _("available from")), ("availability", _("available for")),
        ("language", _("language")), ("created_at", _("received at")),
        ("cv_url", _("CV (staff link)")),
    ]  # fmt: skip

    def get_queryset(self, request):
        same = Application.objects.filter(call=OuterRef("call"), email=OuterRef("email"))
        return (
            super()
            .get_queryset(request)
            .annotate(has_duplicate=Exists(same.exclude(pk=OuterRef("pk"))))
        )

    def get_urls(self):
        return [
            # Not behind admin_view: nobody but permitted staff learns that a CV exists
            # (404 for the public, 403 for staff without the permission); download_cv
            # asks for the complete staff login (second factor) itself.
            path(
                "<int:pk>/cv/",
                never_cache(self.download_cv),
                name="registrations_application_cv",
            ),
            *super().get_urls(),
        ]

    def download_cv(self, request, pk: int):
        """The CV, to staff allowed to download CVs; every download is logged."""
        user = request.user
        if not (user.is_active and user.is_staff):
            raise Http404
        if not self.admin_site.has_permission(request):
            # The password alone is not a staff login: the second factor comes first, as
            # for every admin page (checked before the application is even looked up).
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not user.has_perm("registrations.download_cv"):
            raise PermissionDenied
        application = get_object_or_404(Application, pk=pk)
        if not application.cv:
            raise Http404
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=[application],
            action_flag=CHANGE,
            change_message=str(_("Downloaded the CV.")),
            single_object=True,
        )
        extension = application.cv.name.rsplit(".", 1)[-1]
        response = FileResponse(
            application.cv.open("rb"),
            as_attachment=True,
            filename=f"CV-{application.reference}.{extension}",
            content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def cv_url(self, request, application: Application) -> str:
        if not application.cv:
            return ""
        path_ = reverse("admin:registrations_application_cv", args=[application.pk])
        return request.build_absolute_uri(path_)

    def csv_value(self, request, obj, name):
        if name == "cv_url":
            return self.cv_url(request, obj)
        return super().csv_value(request, obj, name)

    @admin.display(description=_("CV"))
    def cv_link(self, application: Application) -> str:
        if not application.cv:
            return "–"
        url = reverse("admin:registrations_application_cv", args=[application.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    @admin.display(description=_("duplicate"), boolean=True, ordering="has_duplicate")
    def duplicate(self, application: Application) -> bool:
        return application.has_duplicate

    @admin.display(description=_("languages"))
    def languages_spoken(self, application: Application) -> str:
        names = dict(language_choices())
        levels = dict(LEVELS)
        return ", ".join(
            f"{names.get(item.get('language'), item.get('language'))} "
            f"({levels.get(item.get('level'), item.get('level'))})"
            for item in application.languages
        )

    @admin.display(description=_("answers to the eligibility criteria"))
    def eligibility(self, application: Application) -> str:
        return format_html_join(
            "",
            "<p>{} <strong>{}</strong></p>",
            (
                (criterion, _("Yes") if answer else _("No"))
                for criterion, answer in application.eligibility_answers.items()
            ),
        )


@admin.register(Interest)
class InterestAdmin(SubmissionAdmin):
    list_display = [
        "reference", "contact_person", "organisation", "project", "kind", "amount", "status",
        "country", "created_at",
    ]  # fmt: skip
    list_filter = ["status", "project", "call", "kind", "amount", "country", "language"]
    list_select_related = ["project"]
    search_fields = ["reference", "contact_person", "organisation", "email"]
    readonly_fields = [
        "reference", "project", "call", "organisation", "contact_person", "email", "phone",
        "country", "kind", "amount", "message", "language", "consent_at", "privacy_version",
        "created_at", "updated_at",
    ]  # fmt: skip
    fields = ["status", *readonly_fields]
    csv_columns = [
        ("reference", _("reference")), ("project", _("project")), ("status", _("status")),
        ("organisation", _("organisation")), ("contact_person", _("contact person")),
        ("email", _("email address")), ("phone", _("phone number")), ("country", _("country")),
        ("kind", _("kind of interest")), ("amount", _("indicative amount")),
        ("message", _("message")), ("language", _("language")),
        ("created_at", _("received at")),
    ]  # fmt: skip

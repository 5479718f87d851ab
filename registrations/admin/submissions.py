"""What the application and interest admins share: review statuses, internal notes, CSV."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from registrations import services
from registrations.admin.shared import CsvExportMixin, ReadOnlyHistoryAdmin
from registrations.models import Note


class NoteInline(admin.TabularInline):
    """Internal notes: staff add them; the author and time are set, and notes stay."""

    model = Note
    extra = 1
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    can_delete = False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


def status_action(status):
    """The bulk action that sets `status` (one of the model's own statuses). It first
    shows a confirmation page saying how many people will be emailed, like Django's
    delete confirmation; the change is made when staff confirm."""

    def action(modeladmin, request, queryset):
        if request.POST.get("post") != "yes":
            return TemplateResponse(
                request,
                "admin/registrations/status_confirmation.html",
                {
                    **modeladmin.admin_site.each_context(request),
                    "title": _("Set status: %(status)s") % {"status": status.label},
                    "opts": modeladmin.opts,
                    "queryset": queryset,
                    "status": status.label,
                    "action": action.__name__,
                    "changing": services.changeable(queryset, status).count(),
                    "withdrawn": queryset.filter(status=queryset.model.Status.WITHDRAWN)
                    .exclude(status=status)
                    .count(),
                    "emailed": services.submissions_to_notify(submissions=queryset, status=status),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        withdrawn = queryset.filter(status=queryset.model.Status.WITHDRAWN).exclude(status=status)
        withdrawn = withdrawn.count()
        emailed = services.submissions_to_notify(submissions=queryset, status=status)
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
        if count:
            modeladmin.message_user(request, emailed_message(emailed), messages.INFO)
        if withdrawn:
            modeladmin.message_user(request, withdrawn_left(withdrawn), messages.WARNING)
        return None

    action.__name__ = f"set_status_{status.value.replace('-', '_')}"
    # Lazy: the action menu is shown in each staff member's language.
    action.short_description = lazy(
        lambda: _("Set status: %(status)s") % {"status": status.label}, str
    )()
    action.allowed_permissions = ("change",)
    return action


def emailed_message(count: int) -> str:
    """After a status change: who is being emailed (the number the confirmation announced;
    the emails are queued, not sent yet)."""
    if not count:
        return _("Nobody was emailed.")
    return ngettext(
        "%(count)d person is being emailed about the new status.",
        "%(count)d people are being emailed about the new status.",
        count,
    ) % {"count": count}


def withdrawn_left(count: int) -> str:
    return ngettext(
        "%(count)d record withdrawn by the person was left as it is.",
        "%(count)d records withdrawn by the person were left as they are.",
        count,
    ) % {"count": count}


def status_actions(statuses) -> list:
    return [status_action(status) for status in statuses]


class SubmissionAdmin(CsvExportMixin, ReadOnlyHistoryAdmin):
    """What the application and interest admins share: statuses, notes, CSV."""

    inlines = [NoteInline]
    date_hierarchy = "created_at"
    # Each admin lists its model's own statuses: [*status_actions(Model.Status), *CSV_ACTIONS].
    actions: list = ["export_csv", "export_csv_comma"]
    csv_columns: list[tuple[str, str]] = []

    def has_add_permission(self, request) -> bool:
        return False  # they come from the public forms

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            # Through the service, as the bulk action: the targets follow. The status is
            # the only field staff edit here (the rest is read-only).
            model = type(obj)
            submissions = model.objects.filter(pk=obj.pk)
            if not services.changeable(submissions, obj.status).exists():
                self.message_user(request, withdrawn_left(1), messages.WARNING)
                return
            if services.submissions_to_notify(submissions=submissions, status=obj.status):
                self.message_user(
                    request, _("The person will be told of the new status by email."), messages.INFO
                )
            services.submissions_set_status(submissions=submissions, status=obj.status)
        elif not change:
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # Notes are only added (the inline has no change permission, so no stored note
        # comes back changed), through the service that sets their author.
        for note in formset.save(commit=False):
            if note.pk is None:
                services.note_add(submission=form.instance, author=request.user, text=note.text)

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, obj) -> str:
        """The status; a withdrawal with its date (the person withdrew from My space)."""
        if obj.status == obj.Status.WITHDRAWN and obj.withdrawn_at:
            return _("Withdrawn on %(date)s") % {
                "date": date_format(timezone.localtime(obj.withdrawn_at), "SHORT_DATE_FORMAT")
            }
        return obj.get_status_display()

    def csv_table(self, request, queryset):
        """The columns of `csv_columns`, then those that depend on the selection
        (`csv_more_columns`), then the internal notes."""
        queryset = queryset.prefetch_related("notes__author")
        more = self.csv_more_columns(request, queryset)
        header = [
            *(label for _name, label in self.csv_columns),
            *(label for label, _value in more),
            _("internal notes"),
        ]
        rows = (
            [
                *(self.csv_value(request, obj, name) for name, _label in self.csv_columns),
                *(value(obj) for _label, value in more),
                notes_text(obj),
            ]
            for obj in queryset
        )
        return header, rows

    def csv_more_columns(self, request, queryset) -> list:
        """(label, function of the record) for columns that depend on the selection."""
        return []

    def csv_value(self, request, obj, name: str):
        value = getattr(obj, f"get_{name}_display", None)
        return value() if value else getattr(obj, name)


def notes_text(obj) -> str:
    """The internal notes, oldest first, each with its date and author, one per line."""
    return "\n".join(
        f"{timezone.localtime(note.created_at):%d/%m/%Y %H:%M}"
        f" {note.author.get_username() if note.author else ''}: {note.text}"
        for note in obj.notes.all()
    )


CSV_ACTIONS = ["export_csv", "export_csv_comma"]

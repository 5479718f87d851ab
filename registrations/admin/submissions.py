"""What the application and interest admins share: review statuses, internal notes, CSV."""

from datetime import date, datetime

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from registrations import services
from registrations.admin.shared import ReadOnlyHistoryAdmin, csv_response
from registrations.models import Note, ReviewStatus


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
        # Notes are only added (the inline has no change permission, so no stored note
        # comes back changed), through the service that sets their author.
        for note in formset.save(commit=False):
            if note.pk is None:
                services.note_add(submission=form.instance, author=request.user, text=note.text)

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

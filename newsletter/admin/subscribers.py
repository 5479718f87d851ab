"""Subscribers (with the CSV import page) and deliveries in the admin. Both hold personal
data: programme officers only."""

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsletter import services
from newsletter.models import Delivery, Subscriber, Suppression
from newsletter.services import imports
from portal.core.admin import HistoryAdmin
from portal.core.admin_filters import frequent_values_filter
from portal.core.admin_lists import LargeListAdmin

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
IMPORT_SALT = "newsletter.subscriber-import"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns email, language and consent (a date, or yes/no), separated by commas or "
            "semicolons; a file saved from Excel works as it is."
        ),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large (5 MB at most)."))
        return imports.decode(upload.read())


@admin.register(Subscriber)
class SubscriberAdmin(LargeListAdmin, HistoryAdmin):
    list_display = [
        "email", "language", "status", "source", "consent_at", "confirmed_at", "stopped_at",
    ]  # fmt: skip
    # Sources are free text: the most frequent as links, the rest in a list.
    list_filter = [
        "status",
        "language",
        frequent_values_filter("source", _("source"), choose_label=_("Choose a source")),
    ]
    search_fields = ["email"]
    readonly_fields = [
        "consent_at", "privacy_version", "confirmation_sent_at", "confirmed_at",
        "unsubscribed_at", "stopped_at", "stop_reason", "created_at",
    ]  # fmt: skip
    date_hierarchy = "created_at"
    change_list_template = "admin/newsletter/subscriber/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="newsletter_subscriber_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a CSV, see what would happen (nothing written), then import."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        changelist = reverse("admin:newsletter_subscriber_changelist")
        form = ImportForm()
        report = payload = None
        error = ""
        if request.method == "POST" and "payload" in request.POST:
            try:
                text = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=3600)
                report = services.subscribers_import(text=text, dry_run=False)
            except signing.BadSignature:
                messages.error(request, gettext("The checked file expired: upload it again."))
                return HttpResponseRedirect(request.path)
            except services.ImportInvalid as exc:
                messages.error(request, str(exc))
                return HttpResponseRedirect(request.path)
            counts = report.counts
            messages.success(
                request,
                gettext(
                    "Imported: %(confirmed)d confirmed, %(pending)d asked to confirm by email. "
                    "Left as they were: %(existing)d. Refused: %(refused)d."
                )
                % {
                    "confirmed": counts[imports.NEW_CONFIRMED],
                    "pending": counts[imports.NEW_PENDING],
                    "existing": counts[imports.EXISTING] + counts[imports.LEFT_ALONE],
                    "refused": counts[imports.INVALID] + counts[imports.NO_CONSENT],
                },
            )
            return HttpResponseRedirect(changelist)
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                text = form.cleaned_data["file"]
                try:
                    report = services.subscribers_import(text=text, dry_run=True)
                except services.ImportInvalid as exc:
                    error = str(exc)
                else:
                    payload = signing.dumps(text, salt=IMPORT_SALT, compress=True)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import subscribers from a CSV file"),
            "form": form,
            "report": report,
            "payload": payload,
            "error": error,
            "changelist_url": changelist,
            "to_import": report.count(imports.NEW_CONFIRMED) + report.count(imports.NEW_PENDING)
            if report
            else 0,
            "counts": report.counts if report else {},
            "refused": report.listed(imports.INVALID, imports.NO_CONSENT) if report else [],
            "left": report.listed(imports.EXISTING, imports.LEFT_ALONE) if report else [],
        }
        return TemplateResponse(request, "admin/newsletter/subscriber/import.html", context)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["issue", "subscriber", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "issue"]
    list_select_related = ["issue", "subscriber"]
    search_fields = ["subscriber__email"]
    # The issue and subscriber first, then the sending state (portal.core.mailing's fields).
    readonly_fields = sorted(
        (f.name for f in Delivery._meta.fields),
        key=lambda name: name not in ("id", "issue", "subscriber"),
    )

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    """Read only, and nobody deletes a row: rows come from unsubscribing, bounces, retention
    and erasure, and go when the person subscribes again. Only a keyed hash of each address
    is kept, so the list cannot be searched by address."""

    list_display = ["reason", "created_at"]
    list_filter = ["reason"]
    readonly_fields = ["email_hash", "reason", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Only the person's own new consent takes an address off the list.
        return False

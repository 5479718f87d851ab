"""Issues and their articles in the admin; the send page is in send.py."""

import re

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from newsletter.admin.send import IssueSendPages, office_time
from newsletter.models import Article, Issue
from portal.core.admin import TranslatedAdmin, TranslationMissingFilter
from portal.core.admin_readonly import RichTextReadOnlyMixin
from portal.core.i18n import localized_fields, prepopulated_slugs


class ArticleInline(RichTextReadOnlyMixin, TranslationStackedInline):
    model = Article
    extra = 0
    fields = [
        "position", "title", "slug", "summary", "body", "image", "image_alt", "image_caption",
        ("image_focal_x", "image_focal_y"), "video_url", "project", "call",
    ]  # fmt: skip
    ordering = ["position"]
    autocomplete_fields = ["project", "call"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_prepopulated_fields(self, request, obj=None):
        return prepopulated_slugs("title")


# A title that starts with an issue number ("No. 2", "N° 2", "Issue 2", "#2"): the site
# already puts "No. 2 – " in front of every title, so it would read "No. 2 – No. 2 ...".
NUMBERED_TITLE = re.compile(r"^\s*(?:no\.?|n\s*[°º]|num[ée]ro|number|issue|#)\s*\d+", re.IGNORECASE)


SENDING_FIELDS = [
    "send_scheduled_at", "send_scheduled_by", "send_started_at", "send_started_by",
    "send_progress",
]  # fmt: skip

# How the site shows an issue's title (Issue.__str__, the same catalogue entry).
ISSUE_TITLE = _("No. %(number)s – %(title)s")


class IssueForm(forms.ModelForm):
    """Says that the issue number is added to the title by the site, and refuses a title
    that repeats it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        example = ISSUE_TITLE % {"number": 2, "title": "…"}
        for name in localized_fields("title"):
            if name in self.fields:
                self.fields[name].help_text = _(
                    "The title alone: the issue number is added in front of it automatically "
                    "(“%(example)s”)."
                ) % {"example": example}
        if "number" in self.fields:
            self.fields["number"].help_text = _(
                "Shown in front of the title automatically, in each language."
            )

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("number") or "…"
        for name in localized_fields("title"):
            title = cleaned.get(name) or ""
            if NUMBERED_TITLE.match(title):
                shown = ISSUE_TITLE % {"number": number, "title": title}
                self.add_error(
                    name,
                    _(
                        "Leave the issue number out of the title: it is added automatically, "
                        "and this title would read “%(shown)s”."
                    )
                    % {"shown": shown},
                )
        return cleaned


@admin.register(Issue)
class IssueAdmin(IssueSendPages, TranslatedAdmin):
    form = IssueForm
    list_display = [
        "number", "title", "date", "status", "publish_at", "translation_status",
        "send_progress", "send_link",
    ]  # fmt: skip
    list_filter = ["status", TranslationMissingFilter]
    search_fields = localized_fields("title")
    inlines = [ArticleInline]
    readonly_fields = SENDING_FIELDS
    fieldsets = [
        (None, {"fields": ["number", "date", "title", "intro"]}),
        (_("Publication"), {"fields": ["status", "publish_at", "english_only"]}),
        (_("Sending"), {"fields": SENDING_FIELDS}),
    ]
    actions = ["send_to_subscribers"]
    change_form_template = "admin/newsletter/issue/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_delivery_counts()

    @admin.display(description=_("Sending progress"))
    def send_progress(self, obj: Issue) -> str:
        if not obj.send_started_at:
            if obj.send_scheduled_at:
                return _("Scheduled for %(time)s") % {"time": office_time(obj.send_scheduled_at)}
            return _("Not sent")
        counts = getattr(obj, "deliveries_sent", None)
        if counts is None:
            obj = Issue.objects.with_delivery_counts().get(pk=obj.pk)
        return _("%(sent)s sent, %(failed)s failed, %(pending)s pending") % {
            "sent": obj.deliveries_sent,
            "failed": obj.deliveries_failed,
            "pending": obj.deliveries_pending,
        }

    @admin.display(description=_("Send"))
    def send_link(self, obj: Issue) -> str:
        label = _("Progress") if obj.send_started_at else _("Preview and send")
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:newsletter_issue_send", args=[obj.pk]), label
        )

    # Sending is changing the issue: programme officers, who may only read issues, cannot.
    # The action only opens the send page, which previews, counts and asks to confirm.
    @admin.action(description=_("Preview and send the selected issue…"), permissions=["change"])
    def send_to_subscribers(self, request, queryset):
        issue = queryset.first()
        if queryset.count() != 1 or issue is None:
            self.message_user(request, _("Choose one issue to send."), messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("admin:newsletter_issue_send", args=[issue.pk]))


@admin.register(Article)
class ArticleAdmin(TranslatedAdmin):
    list_display = ["title", "issue", "position", "translation_status", "updated_at"]
    list_filter = ["issue", TranslationMissingFilter]
    list_select_related = ["issue"]
    search_fields = localized_fields("title")
    autocomplete_fields = ["project", "call"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_prepopulated_fields(self, request, obj=None):
        return prepopulated_slugs("title")

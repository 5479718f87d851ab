import re

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationStackedInline

from newsletter import services
from newsletter.exceptions import NewsletterError
from newsletter.models import Article, Delivery, Issue, Subscriber
from portal.core.admin import HistoryAdmin, TranslatedAdmin, TranslationMissingFilter
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
class IssueAdmin(TranslatedAdmin):
    form = IssueForm
    list_display = [
        "number", "title", "date", "status", "publish_at", "translation_status",
        "send_progress",
    ]  # fmt: skip
    list_filter = ["status", TranslationMissingFilter]
    search_fields = localized_fields("title")
    inlines = [ArticleInline]
    readonly_fields = ["send_started_at", "send_started_by", "send_progress"]
    fieldsets = [
        (None, {"fields": ["number", "date", "title", "intro"]}),
        (_("Publication"), {"fields": ["status", "publish_at", "english_only"]}),
        (_("Sending"), {"fields": ["send_started_at", "send_started_by", "send_progress"]}),
    ]
    actions = ["send_test_to_me", "send_to_subscribers"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_delivery_counts()

    @admin.display(description=_("Sending progress"))
    def send_progress(self, obj: Issue) -> str:
        if not obj.send_started_at:
            return _("Not sent")
        counts = getattr(obj, "deliveries_sent", None)
        if counts is None:
            obj = Issue.objects.with_delivery_counts().get(pk=obj.pk)
        return _("%(sent)s sent, %(failed)s failed, %(pending)s pending") % {
            "sent": obj.deliveries_sent,
            "failed": obj.deliveries_failed,
            "pending": obj.deliveries_pending,
        }

    # Sending is changing the issue: programme officers, who may only read issues, cannot.
    @admin.action(
        description=_("Send a test of the selected issues to me (both languages)"),
        permissions=["change"],
    )
    def send_test_to_me(self, request, queryset):
        if not request.user.email:
            self.message_user(
                request, _("Add an email address to your account first."), messages.ERROR
            )
            return
        for issue in queryset:
            try:
                services.issue_send_test(issue=issue, email=request.user.email)
            except NewsletterError as exc:
                self.message_user(request, f"{issue}: {exc.message}", messages.ERROR)
                return
        self.message_user(
            request,
            _("Test sent to %(email)s.") % {"email": request.user.email},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Send the selected issues to all confirmed subscribers"),
        permissions=["change"],
    )
    def send_to_subscribers(self, request, queryset):
        for issue in queryset:
            try:
                count = services.issue_send(issue=issue, user=request.user)
            except NewsletterError as exc:
                self.message_user(request, f"{issue}: {exc.message}", messages.ERROR)
                continue
            self.message_user(
                request,
                ngettext(
                    "%(issue)s is being sent to %(count)d subscriber.",
                    "%(issue)s is being sent to %(count)d subscribers.",
                    count,
                )
                % {"issue": issue, "count": count},
                messages.SUCCESS,
            )


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


@admin.register(Subscriber)
class SubscriberAdmin(HistoryAdmin):
    list_display = ["email", "language", "status", "source", "consent_at", "confirmed_at"]
    list_filter = ["status", "language", "source"]
    search_fields = ["email"]
    readonly_fields = [
        "consent_at", "privacy_version", "confirmation_sent_at", "confirmed_at",
        "unsubscribed_at", "created_at",
    ]  # fmt: skip
    date_hierarchy = "created_at"


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

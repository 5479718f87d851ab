from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationStackedInline

from newsletter import services
from newsletter.exceptions import NewsletterError
from newsletter.models import Article, Delivery, Issue, Subscriber
from portal.core.admin import HistoryAdmin, TranslatedAdmin, TranslationMissingFilter
from portal.core.i18n import localized_fields, prepopulated_slugs


class ArticleInline(TranslationStackedInline):
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


@admin.register(Issue)
class IssueAdmin(TranslatedAdmin):
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
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

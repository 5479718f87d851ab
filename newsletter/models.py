"""Newsletter issues and their articles, subscribers, and one delivery row per recipient."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from portal.core.i18n import TranslationTracked, localized_fields
from portal.core.images import ContentImageField, ImageSlot, missing_alt_errors
from portal.core.mailing import DeliveryBase
from portal.core.publishing import Publishable, PublishableQuerySet, publication_problems
from portal.core.richtext import RichTextField


class IssueQuerySet(PublishableQuerySet):
    def published(self) -> "IssueQuerySet":
        """Issues the public may see: published or scheduled, and past their time."""
        return self.public()

    def with_delivery_counts(self) -> "IssueQuerySet":
        return self.annotate(
            deliveries_sent=Count("deliveries", filter=Q(deliveries__status="sent")),
            deliveries_failed=Count(
                "deliveries", filter=Q(deliveries__status__in=["failed", "unknown"])
            ),
            deliveries_pending=Count(
                "deliveries", filter=Q(deliveries__status__in=["pending", "sending"])
            ),
        )


class Issue(Publishable):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    number = models.PositiveIntegerField(_("number"), unique=True)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    intro = RichTextField(_("introduction"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("For a scheduled issue: when it becomes public."),
    )
    send_started_at = models.DateTimeField(_("sending started at"), null=True, editable=False)
    send_scheduled_at = models.DateTimeField(
        _("sending scheduled for"), null=True, blank=True, editable=False
    )
    send_scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Why the scheduled send could not start when its time came (shown on the send page).
    send_schedule_error = models.TextField(
        _("scheduled sending problem"), blank=True, editable=False
    )
    send_started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = IssueQuerySet.as_manager()

    required_translations = ("title",)
    # Translated only when its articles are too (portal/core/translation_status.py).
    translation_parts = ("articles",)

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-date", "-number"]

    def __str__(self) -> str:
        return _("No. %(number)s – %(title)s") % {"number": self.number, "title": self.title}

    def get_absolute_url(self) -> str:
        return reverse("newsletter:issue-detail", kwargs={"number": self.number})

    def clean(self) -> None:
        if self.status == self.Status.SCHEDULED and not self.publish_at:
            raise ValidationError({"publish_at": _("A scheduled issue needs a publication time.")})
        super().clean()

    # Publishing (portal.core.publishing): the status says what staff want.
    def wants_publication(self) -> bool:
        return self.status in (self.Status.SCHEDULED, self.Status.PUBLISHED)

    @classmethod
    def intent_q(cls) -> Q:
        return Q(status__in=[cls.Status.SCHEDULED, cls.Status.PUBLISHED])

    @classmethod
    def due_q(cls, now) -> Q:
        return Q(status=cls.Status.SCHEDULED, publish_at__lte=now)

    def complete_scheduled_publication(self) -> None:
        """Called by the periodic task when a scheduled issue's time has come."""
        self.status = self.Status.PUBLISHED
        self._change_reason = gettext_noop("Scheduled publication")
        self.save(update_fields=["status", "updated_at"])

    def translation_problems(self) -> list[str]:
        """Why the issue or one of its articles cannot be published or sent."""
        problems = publication_problems(self)
        for article in self.articles.all():
            problems += publication_problems(article, english_only=self.english_only)
        return problems

    @property
    def published_on(self):
        return self.publish_at or self.date


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        """Articles of the issues the public may see (the rule lives on IssueQuerySet)."""
        return self.filter(issue__in=Issue.objects.published())


class Article(ImageSlot, TranslationTracked):
    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="articles"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("body"))
    # The ImageSlot's image, kept in its own folder and named as before.
    image = ContentImageField(
        _("lead image"),
        upload_to="newsletter/%Y/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_caption = models.CharField(_("image caption"), max_length=250, blank=True)
    video_url = models.URLField(
        _("video link"),
        blank=True,
        help_text=_("Shown as a link: no video player is loaded from another site."),
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("related project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    call = models.ForeignKey(
        "projects.Call",
        verbose_name=_("related call for cooperation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    required_translations = ("title", "slug", "body")

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["issue", "position", "pk"]
        # One per language's slug column: article_unique_slug_en, article_unique_slug_fr, ...
        constraints = [
            models.UniqueConstraint(fields=["issue", name], name=f"article_unique_{name}")
            for name in localized_fields("slug")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "newsletter:article-detail", kwargs={"number": self.issue.number, "slug": self.slug}
        )

    @property
    def english_only(self) -> bool:
        """Articles follow their issue's "publish in English only" choice."""
        return self.issue.english_only

    @property
    def is_public(self) -> bool:
        return self.issue.is_public

    def clean(self) -> None:
        if missing := missing_alt_errors(self):
            raise ValidationError(missing)
        # An article of a published (or scheduled) issue is published with it.
        try:
            issue = self.issue
        except Issue.DoesNotExist:
            issue = None
        if issue is not None and issue.wants_publication():
            problems = publication_problems(self, english_only=issue.english_only)
            if problems:
                raise ValidationError(problems)


def new_token() -> str:
    """The secret behind a subscriber's links (256 bits; see newsletter/tokens.py)."""
    return secrets.token_urlsafe(32)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        # Stopped by the mail system: no newsletter goes to these addresses any more.
        BOUNCED = "bounced", _("Address bounced (no longer mailed)")
        COMPLAINED = "complained", _("Marked as spam (no longer mailed)")

    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField(
        _("source"), max_length=50, blank=True, help_text=_("Where the person subscribed.")
    )
    consent_at = models.DateTimeField(_("consent given at"))
    privacy_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    # A hard bounce or a complaint reported by the mail system (newsletter.services.bounces).
    stopped_at = models.DateTimeField(_("mail stopped at"), null=True, blank=True)
    stop_reason = models.CharField(_("why mail stopped"), max_length=250, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # When the last "here is a new link" email went out: at most one per hour.
    link_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="subscriber_unique_email"),
        ]
        # The staff list's order, newest first, at 10,000 rows and more.
        indexes = [models.Index(fields=["-created_at", "id"], name="subscriber_newest_first")]

    def __str__(self) -> str:
        return self.email


class Delivery(DeliveryBase):
    """One issue sent to one subscriber: the record that makes sending resumable (status,
    attempts and lease from portal.core.mailing.DeliveryBase)."""

    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="delivery_once_per_subscriber"
            ),
        ]
        indexes = [models.Index(fields=["issue", "status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.issue} → {self.subscriber}"


class Suppression(models.Model):
    """An address that must never be subscribed again by an import or mailed a test: a
    subscriber who unsubscribed, bounced or complained, kept after their row is deleted
    (retention or erasure). It holds no personal data beyond a keyed hash of the address
    (portal.core.privacy.email_hmac), which nobody can reverse or test a guessed address
    against without the key, the reason and the date. Subscribing again through the public
    double opt-in (the person's own new consent) removes it."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Address bounced")
        COMPLAINED = "complained", _("Marked as spam")

    email_hash = models.CharField(_("keyed hash of the address"), max_length=64, unique=True)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.email_hash[:12]}…)"

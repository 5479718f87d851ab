"""Alerts: a member's choice of countries and sectors (`AlertSubscription`), what happened
that may interest them (`AlertItem`), and the emails that told them (`AlertDelivery`, one per
immediate alert or weekly digest, with `AlertDeliveryItem` rows saying which items it
carried: never the same item twice to one member)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Session
from newsletter.models import Article
from portal.core.mailing import DeliveryBase
from projects.models import Call, Country, Sector


def new_token() -> str:
    """The secret behind a member's alert links (256 bits; see alerts/tokens.py)."""
    return secrets.token_urlsafe(32)


class AlertSubscriptionQuerySet(models.QuerySet):
    def active(self) -> "AlertSubscriptionQuerySet":
        return self.filter(active=True)

    def matching(self, item: "AlertItem") -> "AlertSubscriptionQuerySet":
        """Active subscriptions that want `item`: (no country chosen, or one of the item's)
        and (no sector chosen, or one of the item's), started before the item was made.
        Pure SQL (EXISTS), whatever the number of members."""
        return self.active().filter(
            match_q(
                item_countries=item.countries.values("pk"),
                item_sectors=item.sectors.values("pk"),
            ),
            active_since__lte=item.created_at,
        )


def match_q(*, item_countries, item_sectors, subscription="pk") -> Q:
    """The matching rule, for a subscription (`subscription`: the expression of its pk)
    and an item's country and sector pks (querysets of `pk`)."""
    countries = AlertSubscription.countries.through.objects.filter(
        alertsubscription_id=OuterRef(subscription)
    )
    sectors = AlertSubscription.sectors.through.objects.filter(
        alertsubscription_id=OuterRef(subscription)
    )
    return (~Exists(countries) | Exists(countries.filter(country_id__in=item_countries))) & (
        ~Exists(sectors) | Exists(sectors.filter(sector_id__in=item_sectors))
    )


class AlertSubscription(models.Model):
    """One member's alerts, by email address (one row per address)."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("At once")
        WEEKLY = "weekly", _("Weekly digest")

    email = models.EmailField(_("email address"), unique=True)  # stored in lower case
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="+"
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="+"
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    active = models.BooleanField(_("active"), default=True)
    # Items made before this time are never sent: alerts tell of what happens after.
    active_since = models.DateTimeField(_("alerts started at"), default=timezone.now)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    privacy_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AlertSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")),
                name="alert_subscription_email_lower_case",
            ),
        ]

    def __str__(self) -> str:
        return self.email


class AlertItemQuerySet(models.QuerySet):
    def still_public(self, now=None) -> "AlertItemQuerySet":
        """Items whose call is still open, whose event or article is still public."""
        now = now or timezone.now()
        kind = AlertItem.Kind
        events = Event.objects.public(now).exclude(status=Event.Status.CANCELLED)
        return self.filter(
            Q(kind=kind.CALL_OPENED, call__in=Call.objects.open(now).values("pk"))
            | Q(kind__in=[kind.EVENT_ANNOUNCED, kind.EVENT_DATE_SET], event__in=events.values("pk"))
            | Q(kind=kind.ARTICLE_PUBLISHED, article__in=Article.objects.published().values("pk"))
        )


class AlertItem(models.Model):
    """Something public happened that members may be told of: a call opened, an event was
    announced or got its date, an article was published. One per kind and object (the
    database refuses a second, whoever tries)."""

    class Kind(models.TextChoices):
        CALL_OPENED = "call-opened", _("Call opened")
        EVENT_ANNOUNCED = "event-announced", _("Event announced")
        EVENT_DATE_SET = "event-date-set", _("Event date set")
        ARTICLE_PUBLISHED = "article-published", _("Article published")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    call = models.ForeignKey(
        Call, verbose_name=_("call"), null=True, blank=True, on_delete=models.CASCADE
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), null=True, blank=True, on_delete=models.CASCADE
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), null=True, blank=True, on_delete=models.CASCADE
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), null=True, blank=True, on_delete=models.CASCADE
    )
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="+"
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    objects = AlertItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert item")
        verbose_name_plural = _("alert items")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "call"], condition=Q(call__isnull=False), name="alert_item_call"
            ),
            models.UniqueConstraint(
                fields=["kind", "event"],
                condition=Q(event__isnull=False, session__isnull=True),
                name="alert_item_event",
            ),
            models.UniqueConstraint(
                fields=["kind", "session"],
                condition=Q(session__isnull=False),
                name="alert_item_session",
            ),
            models.UniqueConstraint(
                fields=["kind", "article"],
                condition=Q(article__isnull=False),
                name="alert_item_article",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def subject(self):
        """The call, event or article the item is about."""
        return self.call or self.event or self.article


class AlertDelivery(DeliveryBase):
    """One alert email to one member: an immediate alert (one item) or the weekly digest
    (one per member and week)."""

    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediate alert")
        DIGEST = "digest", _("Weekly digest")

    subscription = models.ForeignKey(
        AlertSubscription,
        verbose_name=_("alert subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The Monday of the digest's week (digests only).
    week = models.DateField(_("week"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    items = models.ManyToManyField(AlertItem, through="AlertDeliveryItem", related_name="+")

    class Meta:
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "week"],
                condition=Q(week__isnull=False),
                name="alert_delivery_one_digest_a_week",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.subscription}"


class AlertDeliveryItem(models.Model):
    """An item carried by a delivery. UNIQUE(subscription, item): whatever runs twice or
    at once (two scans, two digests, an immediate alert and a digest), a member is sent an
    item once."""

    delivery = models.ForeignKey(AlertDelivery, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(AlertItem, on_delete=models.CASCADE, related_name="+")
    subscription = models.ForeignKey(AlertSubscription, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("item of an alert delivery")
        verbose_name_plural = _("items of alert deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "item"], name="alert_item_once_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.subscription_id}"


class DigestRun(models.Model):
    """A week's digests were built (once: the periodic task checks here first)."""

    week = models.DateField(_("week"), unique=True)
    built_at = models.DateTimeField(_("built at"), default=timezone.now)
    digests = models.PositiveIntegerField(_("digests"), default=0)

    class Meta:
        verbose_name = _("weekly digest run")
        verbose_name_plural = _("weekly digest runs")
        ordering = ["-week"]

    def __str__(self) -> str:
        return str(self.week)

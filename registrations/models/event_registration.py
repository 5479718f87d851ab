"""The people who register for an event session: confirmed, waiting, offered a place, or
pre-registered while the date is to be determined."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from events.models import Session

# An anonymised registration's address: never a real mailbox (.invalid is reserved).
ERASED_DOMAIN = "@invalid"


def new_token() -> str:
    """The secret in a registrant's personal link (256 bits: never guessable)."""
    return secrets.token_urlsafe(32)


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> "RegistrationQuerySet":
        return self.filter(status__in=Registration.ACTIVE)

    def waiting_in_order(self) -> "RegistrationQuerySet":
        return self.filter(status=Registration.Status.WAITING).order_by("queued_at", "pk")


class Registration(models.Model):
    class Source(models.TextChoices):
        ONLINE = "online", _("Online form")
        DOOR = "door", _("At the door")

    class Status(models.TextChoices):
        # A context where French agrees with "inscription" (feminine): Confirmée, Annulée.
        PRE_REGISTERED = (
            "pre-registered",
            pgettext_lazy("registration status", "Pre-registered (date to be determined)"),
        )
        CONFIRMED = "confirmed", pgettext_lazy("registration status", "Confirmed")
        WAITING = "waiting", _("On the waiting list")
        OFFERED = "offered", _("Place offered, to be claimed")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")
        EXPIRED = "expired", _("Offer expired")

    # Statuses that count as "registered" (one per email and session); and those that hold
    # one of the session's places.
    ACTIVE = (Status.PRE_REGISTERED, Status.CONFIRMED, Status.WAITING, Status.OFFERED)
    HOLDS_PLACE = (Status.CONFIRMED, Status.OFFERED)

    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        # A session with registrations is cancelled (events.services.session_cancel, which
        # tells each registrant), never deleted with them.
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    name = models.CharField(_("full name"), max_length=200)
    # Optional only for someone added at the door (a constraint below says so); the public
    # form requires them.
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=32, blank=True)
    country_of_residence = CountryField(_("country of residence"), blank=True)
    country_of_origin = CountryField(_("country of origin"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True, max_length=1000)
    consent_at = models.DateTimeField(_("consent given at"))
    privacy_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    queued_at = models.DateTimeField(
        _("in the queue since"),
        null=True,
        blank=True,
        help_text=_("The waiting list is served in this order."),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    offered_at = models.DateTimeField(_("place offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # When the personal link was last sent again to someone registering twice: at most once
    # an hour (in the database: a cache flush must not let anyone flood an inbox).
    link_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    source = models.CharField(
        _("registration source"), max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    # The id the check-in page gave a walk-in before sending it (it may send it again after
    # a lost connection): one person however many times it arrives.
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["session", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=Q(status__in=["pre-registered", "confirmed", "waiting", "offered"])
                & ~Q(email=""),
                name="one_active_registration_per_email_and_session",
            ),
            # Only someone added at the door may have no email (the public form also
            # requires the countries, which an erasure blanks).
            models.CheckConstraint(
                condition=Q(source="door") | ~Q(email=""),
                name="registration_online_has_email",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="registration_offer_has_an_expiry",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status", "queued_at"]),
            # The staff list's dates (date_hierarchy) at 10,000 rows and more.
            models.Index(fields=["created_at"], name="registration_created_at"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.session}"

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("registrations:registration-detail", kwargs={"token": self.token})

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    def waiting_position(self) -> int | None:
        """1 for the first on the waiting list; None when not waiting."""
        if self.status != self.Status.WAITING:
            return None
        ahead = Registration.objects.waiting_in_order().filter(session_id=self.session_id)
        ahead = ahead.filter(
            Q(queued_at__lt=self.queued_at) | Q(queued_at=self.queued_at, pk__lt=self.pk)
        )
        return ahead.count() + 1

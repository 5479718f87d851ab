"""Messages staff write to the people of one session (a room change, documents to bring):
the text in every language (`SessionMessage`, translated fields), and one delivery row per
registrant (`SessionMessageDelivery`), sent exactly once by portal.core.mailing."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from events.models import Session
from portal.core.mailing import DeliveryBase
from registrations.models.event_registration import Registration

Status = Registration.Status

# Who a message may be written to (a cancelled or expired registration has nothing to
# attend): the statuses staff tick, in this order.
AUDIENCE_STATUSES = (Status.CONFIRMED, Status.WAITING, Status.OFFERED, Status.PRE_REGISTERED)


class SessionMessage(models.Model):
    """One message to the people of a session, as staff confirmed it: who wrote it, when,
    which statuses it went to, and how many people it reached."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="messages"
    )
    # The write → preview → confirm pages carry it: confirming twice sends one message.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statuses = models.JSONField(_("sent to"), default=list)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("people emailed"), default=0)
    skipped_without_email = models.PositiveIntegerField(_("skipped (no email address)"), default=0)
    # {language code: people emailed in it}, and the languages whose text was left empty
    # (those people got the fallback language's text).
    languages = models.JSONField(_("languages"), default=dict, blank=True)
    fallback_languages = models.JSONField(_("languages sent the fallback text"), default=list)

    class Meta:
        verbose_name = _("message to a session’s people")
        verbose_name_plural = _("messages to a session’s people")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject or str(self.session)

    def text_in(self, name: str, language: str) -> str:
        """Field `name` exactly as written in `language` (no fallback)."""
        return getattr(self, build_localized_fieldname(name, language), "") or ""

    def status_labels(self) -> list[str]:
        return [str(Status(value).label) for value in self.statuses if value in Status.values]

    def progress(self) -> dict[str, int]:
        """How many deliveries are sent, failed, pending (waiting or being sent) or
        interrupted (unknown: never resent automatically)."""
        return progress_of(self.deliveries.all())


def progress_of(deliveries) -> dict[str, int]:
    state = SessionMessageDelivery.Status
    counts = deliveries.aggregate(
        sent=Count("pk", filter=Q(status=state.SENT)),
        failed=Count("pk", filter=Q(status=state.FAILED)),
        pending=Count("pk", filter=Q(status__in=[state.PENDING, state.SENDING])),
        unknown=Count("pk", filter=Q(status=state.UNKNOWN)),
    )
    return counts


class SessionMessageDelivery(DeliveryBase):
    """The message to one registrant: one row per registration and message (the database
    refuses a second), claimed and sent once."""

    message = models.ForeignKey(
        SessionMessage,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("event registration"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("delivery of a session message")
        verbose_name_plural = _("deliveries of session messages")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "registration"], name="session_message_once_per_registration"
            ),
        ]
        indexes = [models.Index(fields=["message", "status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.registration_id}"

"""What applicants and investors are told about their status: the messages staff write for
each status (emailed when the status says "tell the applicant", and shown in My space as
"what happens next"), and the history of a submission's statuses in plain words."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from portal.core.i18n import TranslationTracked
from registrations.models.interest import Application, Interest, InterestStatus, ReviewStatus

# What happens next at each status, when no status message says it in the person's language.
DEFAULT_NEXT_STEPS = {
    Application.MESSAGE_KIND: {
        ReviewStatus.NEW: _(
            "We have received your application. The programme team will review it."
        ),
        ReviewStatus.IN_REVIEW: _("The programme team is reviewing your application."),
        ReviewStatus.MORE_INFORMATION: _(
            "The programme team needs more information from you and will contact you."
        ),
        ReviewStatus.SHORTLISTED: _(
            "Your application is on the shortlist. The programme team will contact you "
            "about the next step."
        ),
        ReviewStatus.SELECTED: _("A programme officer will contact you about the next steps."),
        ReviewStatus.NOT_SELECTED: _(
            "Your application was not selected for this call. Other calls are published on "
            "the portal."
        ),
        ReviewStatus.WITHDRAWN: _(
            "You have withdrawn your application: nothing more will happen with it."
        ),
    },
    Interest.MESSAGE_KIND: {
        InterestStatus.NEW: _(
            "We have received your message. The programme team will contact you."
        ),
        InterestStatus.CONTACTED: _("The programme team is in touch with you about your interest."),
        InterestStatus.IN_DISCUSSION: _(
            "Your interest is being discussed with the programme team."
        ),
        InterestStatus.CLOSED: _(
            "This conversation is closed. You are welcome to write again about another project."
        ),
        InterestStatus.WITHDRAWN: _(
            "You have withdrawn your interest: nothing more will happen with it."
        ),
    },
}

SUBMISSION_MODELS: dict[str, type[Application] | type[Interest]] = {
    Application.MESSAGE_KIND: Application,
    Interest.MESSAGE_KIND: Interest,
}


def _all_statuses() -> list[tuple[str, str]]:
    """Every status of either kind, once, in review order (the field's choices; which ones
    fit a kind is checked in StatusMessage.clean)."""
    seen, choices = set(), []
    for status in [*ReviewStatus, *InterestStatus]:
        if status.value not in seen:
            seen.add(status.value)
            choices.append((status.value, status.label))
    return choices


class StatusMessageQuerySet(models.QuerySet):
    def for_status(self, model: type[models.Model], status: str):
        return self.filter(kind=model.MESSAGE_KIND, status=status)

    def notifying(self):
        return self.filter(notify=True)


class StatusMessage(TranslationTracked):
    """Staff's text for one status of one kind of submission, in every language."""

    class Kind(models.TextChoices):
        APPLICATION = Application.MESSAGE_KIND, _("Application to a call")
        INTEREST = Interest.MESSAGE_KIND, _("Investor or partner interest")

    kind = models.CharField(_("kind of submission"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=_all_statuses())
    notify = models.BooleanField(
        _("tell the applicant"),
        default=False,
        help_text=_(
            "When staff set this status, the person receives this message by email, in "
            "their language."
        ),
    )
    subject = models.CharField(_("email subject"), max_length=200, blank=True)
    body = models.TextField(
        _("email text"),
        blank=True,
        help_text=_(
            "Plain text. The email adds the reference, the call or project and the status."
        ),
    )
    next_steps = models.TextField(
        _("what happens next"),
        blank=True,
        help_text=_("Shown in the email and in the person’s My space. Promise nothing unsure."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StatusMessageQuerySet.as_manager()

    # A message is written for the email: its subject and text in every language.
    required_translations = ("subject", "body")

    class Meta:
        verbose_name = _("status message")
        verbose_name_plural = _("status messages")
        ordering = ["kind", "status"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "status"], name="one_message_per_status")
        ]

    def __str__(self) -> str:
        model = SUBMISSION_MODELS.get(self.kind)
        label = model.Status(self.status).label if model else self.status
        return f"{self.get_kind_display()}: {label}"

    def clean(self) -> None:
        model = SUBMISSION_MODELS.get(self.kind)
        if model is not None and self.status not in model.Status.values:
            raise ValidationError(
                {"status": _("This status does not exist for this kind of submission.")}
            )
        if self.notify:
            # Refused rather than sent in English with a notice: a personal email about
            # someone's own application must be written in their language.
            missing = {
                build_localized_fieldname(name, code): _(
                    "Needed in every language when the person is told by email."
                )
                for name in ("subject", "body")
                for code, _name in settings.LANGUAGES
                if not (getattr(self, build_localized_fieldname(name, code), "") or "").strip()
            }
            if missing:
                raise ValidationError(missing)

    def text_in(self, name: str, language: str) -> str:
        """Field `name` in `language` exactly as written there (no fallback)."""
        return getattr(self, build_localized_fieldname(name, language), "") or ""


def next_steps_text(
    submission: Application | Interest, language: str, message: StatusMessage | None
) -> str:
    """What happens next for `submission` at its status, in `language`: its status
    message's text written in that language, else the portal's own sentence (translated
    by gettext in the active language: call it under translation.override(language))."""
    written = message.text_in("next_steps", language).strip() if message else ""
    if written:
        return written
    default = DEFAULT_NEXT_STEPS.get(submission.MESSAGE_KIND, {}).get(submission.status)
    return str(default) if default else ""


@dataclass(frozen=True)
class StatusChange:
    """One step of a submission's history, as the person may see it: when, and what."""

    date: datetime
    status: str
    label: str


def status_histories(submissions: Iterable[Application | Interest]) -> dict[int, list]:
    """{pk: [StatusChange, ...]} for `submissions` (one model), oldest first: each change of
    status recorded in their history, nothing else (no staff names, no notes). One query."""
    submissions = list(submissions)
    if not submissions:
        return {}
    model = type(submissions[0])
    by_pk = {submission.pk: submission for submission in submissions}
    rows = (
        model.history.model.objects.filter(id__in=by_pk)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "status", "history_date")
    )
    histories: dict[int, list[StatusChange]] = {pk: [] for pk in by_pk}
    for pk, status, date in rows:
        steps = histories[pk]
        if steps and steps[-1].status == status:
            continue  # saved for another reason: not a change of status
        steps.append(StatusChange(date, status, by_pk[pk].get_status_label(status)))
    return histories

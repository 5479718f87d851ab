"""Registrations of interest: candidate applications to a call, and investor or partner
interest in a project; with the internal notes staff write while reviewing them."""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from portal.core.uploads import private_storage
from projects.models import Call, Project, Sector

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def new_reference(prefix: str) -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{prefix}-{code[:4]}-{code[4:]}"


def cv_path(application: "Application", filename: str) -> str:
    """A random name: the applicant's file name is never kept, nor guessable."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"cv/{uuid.uuid4().hex}.{extension}"


class ReviewStatus(models.TextChoices):
    """An application's statuses, in the order of a review."""

    NEW = "new", _("New")
    IN_REVIEW = "in-review", _("In review")
    MORE_INFORMATION = "more-information", _("More information needed")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not-selected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class InterestStatus(models.TextChoices):
    """An investor's or partner's lead: a conversation, not a selection."""

    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    IN_DISCUSSION = "in-discussion", _("In discussion")
    CLOSED = "closed", pgettext_lazy("interest status", "Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Submission(models.Model):
    """What both kinds of registration of interest share: review, consent, idempotency."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.NEW
    )
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone number"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    consent_at = models.DateTimeField(_("consent given at"))
    privacy_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    # The form's one-time key: a resubmitted or double-clicked POST finds the first record.
    submission_key = models.UUIDField(unique=True, editable=False)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True, editable=False)

    REFERENCE_PREFIX = ""
    # Each kind's own statuses (the `status` field's choices), and those that end the review:
    # a decided submission cannot be withdrawn any more.
    Status: type[models.TextChoices] = ReviewStatus
    DECIDED: frozenset[str] = frozenset()
    # StatusMessage.kind of this model's status messages.
    MESSAGE_KIND = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        if not self.reference:
            self.reference = new_reference(self.REFERENCE_PREFIX)
        super().save(*args, **kwargs)

    @property
    def can_withdraw(self) -> bool:
        return self.status != self.Status.WITHDRAWN and self.status not in self.DECIDED

    def get_status_label(self, status: str | None = None) -> str:
        """The label of `status` (default: the current one) in this model's statuses; a
        value no longer among them (an old history row) is shown as it is."""
        status = self.status if status is None else status
        return str(dict(self.Status.choices).get(status, status))


class Application(Submission):
    """A diaspora candidate's application to an open call for candidates."""

    class Qualification(models.TextChoices):
        SECONDARY = "secondary", _("Secondary school")
        VOCATIONAL = "vocational", _("Vocational training")
        BACHELOR = "bachelor", _("Bachelor’s degree")
        MASTER = "master", _("Master’s degree")
        DOCTORATE = "doctorate", _("Doctorate")
        OTHER = "other", _("Other")

    class Duration(models.TextChoices):
        UNDER_3 = "under-3", _("Less than 3 months")
        FROM_3_TO_6 = "3-6", _("3 to 6 months")
        FROM_6_TO_12 = "6-12", _("6 to 12 months")
        OVER_12 = "over-12", _("More than 12 months")

    REFERENCE_PREFIX = "APP"
    Status = ReviewStatus
    DECIDED = frozenset({ReviewStatus.SELECTED, ReviewStatus.NOT_SELECTED})
    MESSAGE_KIND = "application"

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    name = models.CharField(_("full name"), max_length=200)
    country_of_origin = CountryField(_("country of origin"))
    country_of_residence = CountryField(_("country of residence"))
    nationality = CountryField(_("nationality"), blank=True)
    profession = models.CharField(_("profession"), max_length=200)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    years_of_experience = models.PositiveSmallIntegerField(
        _("years of experience"), validators=[MaxValueValidator(70)]
    )
    languages = models.JSONField(_("languages"), default=list, help_text=_("Each with its level."))
    qualification = models.CharField(
        _("highest qualification"), max_length=20, choices=Qualification.choices
    )
    available_from = models.DateField(_("available from"))
    availability = models.CharField(_("available for"), max_length=10, choices=Duration.choices)
    motivation = models.TextField(_("motivation"), max_length=4000)
    cv = models.FileField(_("CV"), storage=private_storage, upload_to=cv_path, max_length=200)
    eligibility_answers = models.JSONField(_("answers to the eligibility criteria"), default=dict)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "pk"]
        permissions = [("download_cv", _("Can download CVs"))]
        indexes = [
            models.Index(fields=["call", "email"]),
            # The staff list's order, newest first, at 10,000 rows and more.
            models.Index(fields=["-created_at", "id"], name="application_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.name}"


class Interest(Submission):
    """An investor's or partner's interest in a project (or in its pilot projects)."""

    class Kind(models.TextChoices):
        INVESTMENT = "investment", _("Investment")
        IN_KIND = "in-kind", _("In-kind contribution")
        PARTNERSHIP = "partnership", _("Partnership")
        MENTORING = "mentoring", _("Mentoring")

    class Amount(models.TextChoices):
        NONE = "", _("Not applicable / not yet known")
        UNDER_10K = "under-10k", _("Less than €10,000")
        FROM_10K_TO_50K = "10k-50k", _("€10,000 to €50,000")
        FROM_50K_TO_250K = "50k-250k", _("€50,000 to €250,000")
        OVER_250K = "over-250k", _("More than €250,000")

    REFERENCE_PREFIX = "INT"
    Status = InterestStatus
    DECIDED = frozenset({InterestStatus.CLOSED})
    MESSAGE_KIND = "interest"

    status = models.CharField(
        _("status"), max_length=20, choices=InterestStatus.choices, default=InterestStatus.NEW
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="interests"
    )
    call = models.ForeignKey(
        Call,
        verbose_name=_("call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interests",
    )
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("Empty for an individual.")
    )
    contact_person = models.CharField(_("contact person"), max_length=200)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind of interest"), max_length=20, choices=Kind.choices)
    amount = models.CharField(
        _("indicative amount"), max_length=20, choices=Amount.choices, blank=True
    )
    message = models.TextField(_("message"), max_length=4000)

    class Meta:
        verbose_name = _("investor or partner interest")
        verbose_name_plural = _("investor and partner interests")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.reference} – {self.organisation or self.contact_person}"

    @property
    def name(self) -> str:
        return self.contact_person


class Note(models.Model):
    """Staff's internal note on an application or an interest (never shown to them)."""

    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    interest = models.ForeignKey(
        Interest, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, interest__isnull=True)
                | Q(application__isnull=True, interest__isnull=False),
                name="note_on_one_submission",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

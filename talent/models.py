"""The talent pool: a member's `ExpertProfile` (one per email address) with its countries,
languages and summaries in rows of their own (so that the pool is searched and matched in
SQL, with indexes, on SQLite and PostgreSQL alike), and the `Invitation`s to apply to a call
that programme officers send to chosen profiles."""

import secrets
import uuid
from datetime import date

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.core.mailing import DeliveryBase
from portal.core.spoken_languages import LEVELS
from portal.core.uploads import private_storage
from projects.models import Call, Sector, Skill
from registrations.models import Application


def profile_cv_path(profile: "ExpertProfile", filename: str) -> str:
    """A random name: the member's file name is never kept, nor guessable."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"talent-cv/{uuid.uuid4().hex}.{extension}"


class ExpertProfileQuerySet(models.QuerySet):
    def available_on(self, day: date) -> "ExpertProfileQuerySet":
        """Profiles whose member is available on `day`: from their date (or always), and
        not paused then."""
        return self.filter(
            Q(available_from__isnull=True) | Q(available_from__lte=day),
            Q(paused_until__isnull=True) | Q(paused_until__lt=day),
        )


class ExpertProfile(models.Model):
    """A diaspora member's skills, kept with their consent for future calls."""

    class WorkMode(models.TextChoices):
        REMOTE = "remote", _("Remote")
        ON_SITE = "on-site", _("On site")
        EITHER = "either", _("Remote or on site")

    email = models.EmailField(_("email address"), unique=True)  # stored in lower case
    language = models.CharField(
        _("language for our emails"), max_length=5, choices=settings.LANGUAGES
    )
    name = models.CharField(_("full name"), max_length=200)
    profession = models.CharField(_("profession"), max_length=200)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), related_name="+")
    skills = models.ManyToManyField(
        Skill, verbose_name=_("skills"), blank=True, related_name="profiles"
    )
    years_of_experience = models.PositiveSmallIntegerField(
        _("years of experience"), validators=[MaxValueValidator(70)]
    )
    qualification = models.CharField(
        _("highest qualification"), max_length=20, choices=Application.Qualification.choices
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    paused_until = models.DateField(
        _("not available until"),
        null=True,
        blank=True,
        help_text=_("While paused, the profile is not proposed for calls."),
    )
    work_mode = models.CharField(
        _("way of working"), max_length=10, choices=WorkMode.choices, default=WorkMode.EITHER
    )
    mission_length = models.CharField(
        _("mission length"), max_length=10, choices=Application.Duration.choices
    )
    cv = models.FileField(
        _("CV"), storage=private_storage, upload_to=profile_cv_path, max_length=200, blank=True
    )
    # Folded text of the profession, summaries and skills (every language), kept by the
    # services: what full-text search reads.
    search_text = models.TextField(editable=False, default="")
    # On PostgreSQL, `search_text` as one text search vector in every site language's
    # configuration (GIN-indexed), kept with it: what ranking reads. Unused elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)
    consent_at = models.DateTimeField(_("consent given at"))
    privacy_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    # The consent, or the last answer "yes, keep it" to the yearly question: retention runs
    # from here.
    confirmed_at = models.DateTimeField(_("last confirmed at"))
    reminder_sent_at = models.DateTimeField(_("“still interested?” sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ExpertProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")
        ordering = ["-updated_at", "pk"]
        permissions = [
            ("search_pool", _("Can search the talent pool and match it to calls")),
            ("export_profiles", _("Can export talent-pool search results")),
        ]
        indexes = [
            models.Index(fields=["years_of_experience"]),
            models.Index(fields=["available_from", "paused_until"]),
            models.Index(fields=["confirmed_at"]),
            # The search's order when no words are given (the Meta ordering).
            models.Index(fields=["-updated_at", "id"], name="talent_profile_recent"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def spoken(self) -> list[dict[str, str]]:
        """The languages as the application form keeps them: [{"language", "level"}]."""
        return [{"language": row.language, "level": row.level} for row in self.languages.all()]

    def is_paused(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.paused_until is not None and self.paused_until >= today


class ProfileCountry(models.Model):
    """A country the expert comes from (origin or heritage) or lives in."""

    class Kind(models.TextChoices):
        ORIGIN = "origin", _("Country of origin or heritage")
        RESIDENCE = "residence", _("Country of residence")

    profile = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="countries")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    country = CountryField(_("country"))

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "kind", "country"], name="profile_country_once"
            ),
        ]
        indexes = [models.Index(fields=["kind", "country", "profile"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.country.name}"


class ProfileLanguage(models.Model):
    """A language the expert speaks, with their level."""

    profile = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8)
    level = models.CharField(_("level"), max_length=12, choices=LEVELS)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="profile_language_once"),
        ]
        indexes = [models.Index(fields=["language", "level", "profile"])]

    def __str__(self) -> str:
        return f"{self.language} ({self.get_level_display()})"


class ProfileSummary(models.Model):
    """The expert's short summary in one of the site's languages (one, or several)."""

    profile = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="summaries")
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    text = models.TextField(_("summary"), max_length=1000)

    class Meta:
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="profile_summary_once"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


def new_invitation_token() -> str:
    """The secret of an invitation's link (256 bits)."""
    return secrets.token_urlsafe(32)


class Invitation(DeliveryBase):
    """A programme officer's invitation to one profile to apply to a call: an email in the
    member's language whose link opens the call's form filled in from the profile. Whether
    they applied, and how their application fared, is read from the applications."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="invitations"
    )
    profile = models.ForeignKey(
        ExpertProfile,
        verbose_name=_("expert profile"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    token = models.CharField(
        max_length=64, unique=True, default=new_invitation_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("link first opened at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to apply")
        verbose_name_plural = _("invitations to apply")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "profile"], name="invitation_once_per_call"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.call} – {self.profile}"

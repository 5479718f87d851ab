"""Countries, sectors, partners, projects with their targets, and calls for cooperation."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from portal.core.images import ContentImageField, ImageSlot, missing_alt_errors
from portal.core.publishing import Publishable, PublishableQuerySet
from portal.core.richtext import RichTextField
from portal.core.spoken_languages import LEVELS, Level, language_name
from projects.contacts import ContactRole, ProjectContact
from projects.reference import Country, Partner, Sector, Skill
from projects.targets import Target  # noqa: F401  (a model of this app)


class ProjectQuerySet(PublishableQuerySet):
    def published(self) -> "ProjectQuerySet":
        """Projects the public may see, with what a list of them shows."""
        return (
            self.public()
            .select_related("funder")
            .prefetch_related("countries_of_origin", "sectors")
        )

    def with_details(self) -> "ProjectQuerySet":
        """Everything the project page shows: targets, partners and its published calls."""
        return self.prefetch_related(
            "countries_of_residence",
            "targets",
            "partners",
            Prefetch("calls", queryset=Call.objects.public(), to_attr="all_calls"),
        )

    def in_country(self, code: str) -> "ProjectQuerySet":
        """Projects concerning a country (by ISO code), as country of origin or residence."""
        concerned = Project.objects.filter(
            Q(countries_of_origin__code=code) | Q(countries_of_residence__code=code)
        )
        # A subquery rather than .distinct(): a project in both lists is listed once.
        return self.filter(pk__in=concerned.values("pk"))


class Project(ImageSlot, Publishable, ProjectContact):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"))
    body = RichTextField(_("body"), blank=True)
    countries_of_origin = models.ManyToManyField(
        Country,
        verbose_name=_("countries of origin"),
        related_name="projects_as_origin",
        blank=True,
    )
    countries_of_residence = models.ManyToManyField(
        Country,
        verbose_name=_("countries of residence"),
        related_name="projects_as_residence",
        blank=True,
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), related_name="projects", blank=True
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partners"), related_name="projects", blank=True
    )
    funder = models.ForeignKey(
        Partner,
        verbose_name=_("funder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funded_projects",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ONGOING
    )
    # The ImageSlot's image, kept in its own folder and named as before.
    image = ContentImageField(
        _("lead image"),
        upload_to="projects/%Y/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_caption = models.CharField(_("image caption"), max_length=250, blank=True)
    is_featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown first, and on the home page.")
    )
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    required_translations = ("title", "slug", "summary", "body")
    # Translated only when its calls are too (portal/core/translation_status.py).
    translation_parts = ("calls",)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-is_featured", F("start_date").desc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="project_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        errors.update(missing_alt_errors(self))
        if errors:
            raise ValidationError(errors)
        super().clean()  # publishing rules (portal.core.publishing)

    @property
    def open_calls(self) -> list["Call"]:
        """Calls open now; uses the calls `with_details()` prefetched when it did."""
        calls = getattr(self, "all_calls", None)
        if calls is None:
            calls = self.calls.public()
        now = timezone.now()
        return [call for call in calls if call.is_open(now)]

    @property
    def other_calls(self) -> list["Call"]:
        """Published calls that are not open: closed (kept visible) or not open yet."""
        calls = getattr(self, "all_calls", None)
        if calls is None:
            calls = self.calls.public()
        now = timezone.now()
        return [call for call in calls if not call.is_open(now)]


class CallQuerySet(PublishableQuerySet):
    def published(self) -> "CallQuerySet":
        """Calls the public may see (open, closed or upcoming) of published projects."""
        now = timezone.now()
        return (
            self.public(now)
            .filter(project__in=Project.objects.public(now))
            .select_related("project")
        )

    def open(self, now: datetime | None = None) -> "CallQuerySet":
        """Published calls inside their window now, closing soonest first."""
        now = now or timezone.now()
        return (
            self.published()
            .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now), opens_at__lte=now)
            .order_by(F("closes_at").asc(nulls_last=True), "pk")
        )


# More years of experience than anyone can have is a typing error, not a requirement.
MAX_YEARS_REQUIRED = 70


def criteria_lines(text: str | None) -> list[str]:
    """Eligibility criteria written one per line, bullets and dashes removed."""
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip()]


class Call(ImageSlot, Publishable, ContactRole):
    """A call for cooperation: a request for candidates or for investors/partners."""

    class Kind(models.TextChoices):
        CANDIDATES = "candidates", _("Candidates and experts")
        INVESTORS = "investors", _("Investors and partners")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="calls"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = RichTextField(_("description"))
    eligibility = models.TextField(
        _("eligibility criteria"),
        blank=True,
        help_text=_("One criterion per line; applicants see them before applying."),
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("Leave empty when no closing date is announced: the call stays open."),
    )
    # What the talent pool is matched on (talent app): hard requirements filter, preferred
    # skills and work mode only rank. Empty: no requirement of that kind.
    match_countries = models.ManyToManyField(
        Country,
        verbose_name=_("required countries of origin"),
        blank=True,
        related_name="+",
        help_text=_("Experts must come from one of these focus countries. Empty: any country."),
    )
    match_sectors = models.ManyToManyField(
        Sector,
        verbose_name=_("required sectors"),
        blank=True,
        related_name="+",
        help_text=_("Experts must work in one of these sectors. Empty: any sector."),
    )
    match_min_years = models.PositiveSmallIntegerField(
        _("minimum years of experience"), null=True, blank=True
    )
    match_skills = models.ManyToManyField(
        Skill,
        verbose_name=_("preferred skills"),
        blank=True,
        related_name="calls",
        help_text=_("Not required: experts with more of them are ranked higher."),
    )
    match_work_mode = models.CharField(
        _("preferred way of working"),
        max_length=10,
        choices=[("", _("Either")), ("remote", _("Remote")), ("on-site", _("On site"))],
        blank=True,
    )
    officer_email = models.EmailField(
        _("programme officer's email"),
        help_text=_(
            "Receives the applications sent to this call; public if a contact role is set."
        ),
    )
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CallQuerySet.as_manager()

    required_translations = ("title", "slug", "description")

    class Meta:
        verbose_name = _("call for cooperation")
        verbose_name_plural = _("calls for cooperation")
        ordering = [F("closes_at").asc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="call_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:call-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = missing_alt_errors(self)
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("A call must close after it opens.")
        if self.match_min_years is not None and self.match_min_years > MAX_YEARS_REQUIRED:
            errors["match_min_years"] = _(
                "Ask for %(max)s years of experience at most (or leave it empty)."
            ) % {"max": MAX_YEARS_REQUIRED}
        if errors:
            raise ValidationError(errors)
        super().clean()  # publishing rules (portal.core.publishing)

    def is_open(self, now: datetime | None = None) -> bool:
        """Inside its window: from `opens_at` (included) to `closes_at` (excluded); a call
        without a closing date stays open."""
        now = now or timezone.now()
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)

    @property
    def accepts_applications(self) -> bool:
        """Applications are taken only for a published, open call of a published project."""
        return self.is_public and self.project.is_public and self.is_open()

    @property
    def is_upcoming(self) -> bool:
        return timezone.now() < self.opens_at

    @property
    def eligibility_criteria(self) -> list[str]:
        """The criteria in the active language (or its fallback), one per line."""
        return criteria_lines(self.eligibility)

    def eligibility_criteria_in(self, language: str) -> list[str]:
        """The criteria as written in `language` (no fallback): answers are keyed by the
        text the applicant read."""
        return criteria_lines(getattr(self, build_localized_fieldname("eligibility", language)))


class CallLanguage(models.Model):
    """A language a call requires, at a level or above (talent-pool matching)."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="match_languages"
    )
    language = models.CharField(_("language"), max_length=8)
    level = models.CharField(
        _("at least"), max_length=12, choices=LEVELS, default=Level.INTERMEDIATE
    )

    class Meta:
        verbose_name = _("required language")
        verbose_name_plural = _("required languages")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "language"], name="call_language_once"),
        ]

    def __str__(self) -> str:
        # "Kinyarwanda – Fluent (proficient)": names in the active language, no code.
        return f"{language_name(self.language)} – {self.get_level_display()}"

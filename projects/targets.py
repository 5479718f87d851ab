"""A project's targets: measurable goals with their progress, typed by staff or counted
from people's records by the apps that hold them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# A count from people's records below this is shown as "fewer than 5": nobody can be singled
# out by a number that goes up by one when they apply.
SMALL_COUNT = 5


class Target(models.Model):
    """A measurable goal of a project ("diaspora experts relocated: 12 of 30"), or a plain
    count without a goal. An empty progress means "not yet known": a page never shows a
    number nobody has counted."""

    project = models.ForeignKey(
        "Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="targets"
    )
    label = models.CharField(_("label"), max_length=200)
    goal = models.PositiveIntegerField(
        _("goal"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a simple count with no goal (shown without a bar)."),
    )
    progress = models.PositiveIntegerField(
        _("progress"),
        null=True,
        blank=True,
        help_text=_("Leave empty while it is not known: the page then says “not yet known”."),
    )

    class Source(models.TextChoices):
        """Where the progress comes from: typed by staff, or counted from the applications
        to a call and from the talent pool (recounted by the apps that hold them)."""

        TYPED = "typed", _("Typed by staff")
        APPLICATIONS = "applications", _("Applications received for the call")
        SHORTLISTED = "shortlisted", _("Applications shortlisted or selected for the call")
        SELECTED = "selected", _("Applications selected for the call")
        POOL = "pool", _("Talent-pool profiles meeting the call’s requirements")

    source = models.CharField(
        _("progress counted from"),
        max_length=20,
        choices=Source.choices,
        default=Source.TYPED,
        help_text=_(
            "Anything but “typed” keeps the progress up to date by itself, from the call "
            "below; pages show a count under 5 as “fewer than 5”."
        ),
    )
    call = models.ForeignKey(
        "Call",
        verbose_name=_("call counted"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    required_translations = ("label",)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__isnull=True) | Q(goal__gt=0), name="target_goal_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.source != self.Source.TYPED:
            if self.call_id is None:
                raise ValidationError(
                    {"call": _("Choose the call whose numbers this target counts.")}
                )
            if self.project_id is not None and self.call.project_id != self.project_id:
                raise ValidationError(
                    {"call": _("Choose a call of this project: a target counts its own calls.")}
                )
        super().clean()

    @property
    def is_counted(self) -> bool:
        """Counted from people's records (not typed): small numbers are not shown as such."""
        return self.source != self.Source.TYPED

    @property
    def is_small_count(self) -> bool:
        """A counted number too small to show as such (pages say "fewer than 5")."""
        return self.is_counted and self.progress is not None and self.progress < SMALL_COUNT

    @property
    def counted_from(self) -> str:
        """What a counted target counts, for the public page (empty for a typed one)."""
        return COUNTED_FROM.get(self.source, "")

    @property
    def percent(self) -> int | None:
        """Progress towards the goal, 0 to 100 (a goal exceeded shows as 100)."""
        if not self.goal or self.progress is None:
            return None
        return min(100, round(self.progress * 100 / self.goal))


# Said under a counted target on the project page (the call itself is not named: it may not
# be published).
COUNTED_FROM = {
    Target.Source.APPLICATIONS: _("Counted automatically from the applications received."),
    Target.Source.SHORTLISTED: _(
        "Counted automatically from the applications shortlisted or selected."
    ),
    Target.Source.SELECTED: _("Counted automatically from the applications selected."),
    Target.Source.POOL: _(
        "Counted automatically from the talent pool’s profiles that meet the requirements."
    ),
}

"""A project's targets: measurable goals with their progress, typed by staff or counted
from people's records by the apps that hold them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
        if self.source != self.Source.TYPED and self.call_id is None:
            raise ValidationError({"call": _("Choose the call whose numbers this target counts.")})
        super().clean()

    @property
    def is_counted(self) -> bool:
        """Counted from people's records (not typed): small numbers are not shown as such."""
        return self.source != self.Source.TYPED

    @property
    def percent(self) -> int | None:
        """Progress towards the goal, 0 to 100 (a goal exceeded shows as 100)."""
        if not self.goal or self.progress is None:
            return None
        return min(100, round(self.progress * 100 / self.goal))

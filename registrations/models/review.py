"""Staff's review of applications: who reviews one, and each reviewer's scores against the
call's criteria (one score per criterion per reviewer)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registrations.models.interest import Application

# The scale of a score: from "not met" to "exceeded".
SCORE_MIN = 0
SCORE_MAX = 3
SCORE_LABELS = {
    0: _("0 – not met"),
    1: _("1 – partly met"),
    2: _("2 – met"),
    3: _("3 – exceeded"),
}


class ReviewAssignment(models.Model):
    """The programme officer who reviews an application (one at a time)."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="assignment",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now=True)

    class Meta:
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")

    def __str__(self) -> str:
        return f"{self.application.reference} → {self.reviewer}"


class ReviewScore(models.Model):
    """One reviewer's score of an application against one criterion of its call (the
    criterion's position in the call's list, and its text when scored)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="scores"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    criterion = models.PositiveSmallIntegerField(_("criterion number"))
    criterion_text = models.CharField(_("criterion"), max_length=500)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")
        ordering = ["application", "criterion", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer", "criterion"],
                name="one_score_per_criterion_per_reviewer",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="score_within_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} #{self.criterion + 1}: {self.score}"

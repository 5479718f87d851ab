"""Questions and comments that visitors leave under a project, a call, an event or an
article, and the office's official answers.

A question is written in one language (`language`, also the language of every email its
asker gets). Its text and the answer are translated fields (dialogue/translation.py): the
asker's words are kept in the field of their language (`text_fr` for a French question), and
staff may add a translation in the other fields; no machine translation. The public page
shows the visitor's language where a translation exists, otherwise the original, marked
with its language (dialogue.display).

Life of a question (`Status`): UNCONFIRMED until the asker follows the link emailed to them
(a signed-in member skips this), PENDING in the moderation queue, then APPROVED (public),
REJECTED (with a reason the asker is told), MERGED into another question, or WITHDRAWN by the
asker from My space. A report puts a published question in the queue; reports from
DIALOGUE_REPORTS_TO_HIDE visitors send it back to PENDING, hidden until a moderator decides.
Nothing but APPROVED is ever shown to the public."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Event
from newsletter.models import Article
from projects.models import Call, Project

# The items a question can be asked under: one foreign key each, exactly one of them set.
ITEM_FIELDS = {"project": Project, "call": Call, "event": Event, "article": Article}


def item_field(model: type[models.Model]) -> str:
    """The name of the foreign key that points to an item of `model` ("event")."""
    for name, item_model in ITEM_FIELDS.items():
        if issubclass(model, item_model):
            return name
    raise LookupError(f"No questions can be asked under {model._meta.label}.")


def _exactly_one_item() -> Q:
    condition = Q()
    for name in ITEM_FIELDS:
        condition |= Q(**{f"{other}__isnull": other != name for other in ITEM_FIELDS})
    return condition


class QuestionQuerySet(models.QuerySet):
    def public(self) -> "QuestionQuerySet":
        return self.filter(status=Question.Status.APPROVED)

    def waiting(self) -> "QuestionQuerySet":
        """The moderation queue: confirmed questions not yet decided, and published ones with
        reports a moderator has not handled (`report_count` counts those)."""
        return self.filter(
            Q(status=Question.Status.PENDING)
            | Q(status=Question.Status.APPROVED, report_count__gt=0)
        )

    def for_item(self, item: models.Model) -> "QuestionQuerySet":
        return self.filter(**{item_field(type(item)): item})


class Question(models.Model):
    class Status(models.TextChoices):
        # A context, so that languages with gender agree with "question" (« Publiée »).
        UNCONFIRMED = "unconfirmed", pgettext_lazy("question status", "Awaiting email confirmation")
        PENDING = "pending", pgettext_lazy("question status", "Awaiting moderation")
        APPROVED = "approved", pgettext_lazy("question status", "Published")
        REJECTED = "rejected", pgettext_lazy("question status", "Rejected")
        MERGED = "merged", pgettext_lazy("question status", "Merged with a similar question")
        WITHDRAWN = "withdrawn", pgettext_lazy("question status", "Withdrawn by the asker")

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        COMMENT = "comment", _("Comment")

    class AnsweredBy(models.TextChoices):
        # The office answers as a team, never as a named person.
        OFFICE = "office", _("The office")
        PROGRAMME = "programme", _("The programme team")
        EDITORIAL = "editorial", _("The editorial team")

    # The item it was asked under: exactly one is set (constraint below).
    project = models.ForeignKey(
        Project, models.CASCADE, null=True, blank=True, related_name="questions",
        verbose_name=_("project"),
    )  # fmt: skip
    call = models.ForeignKey(
        Call, models.CASCADE, null=True, blank=True, related_name="questions",
        verbose_name=_("call"),
    )  # fmt: skip
    event = models.ForeignKey(
        Event, models.CASCADE, null=True, blank=True, related_name="questions",
        verbose_name=_("event"),
    )  # fmt: skip
    article = models.ForeignKey(
        Article, models.CASCADE, null=True, blank=True, related_name="questions",
        verbose_name=_("article"),
    )  # fmt: skip

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.QUESTION)
    # Translated (dialogue/translation.py): the asker's words are in text_<language>.
    text = models.TextField(_("text"))
    language = models.CharField(
        _("language"), max_length=7, choices=settings.LANGUAGES,
        help_text=_("The language the question was written in; emails to its asker use it."),
    )  # fmt: skip
    # Blank: shown as "Anonymous".
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    email = models.EmailField(_("email address"))
    confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    privacy_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reject_reason = models.TextField(
        _("reason for rejection"), blank=True,
        help_text=_("Sent to the asker, in their language."),
    )  # fmt: skip
    merged_into = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="duplicates",
        verbose_name=_("merged into"),
    )  # fmt: skip

    # Translated too; written in `answer_language`, then translated by staff.
    answer = models.TextField(_("official answer"), blank=True)
    answer_language = models.CharField(
        _("language of the answer"), max_length=7, choices=settings.LANGUAGES, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.CharField(
        _("answered by"), max_length=12, choices=AnsweredBy.choices, blank=True
    )

    is_faq = models.BooleanField(
        _("in the FAQ"), default=False,
        help_text=_("Shown in the item's frequently asked questions."),
    )  # fmt: skip
    faq_position = models.PositiveSmallIntegerField(_("position in the FAQ"), default=0)

    # Reports not yet handled by a moderator (set back to 0 when one keeps or rejects it).
    report_count = models.PositiveSmallIntegerField(_("reports"), default=0, editable=False)
    reported_at = models.DateTimeField(_("last reported at"), null=True, blank=True)

    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        # The asker's address is personal data: moderators see it only with this permission
        # (programme officers, contributions.py), editors never.
        permissions = [("view_email_question", _("Can see the asker’s email address"))]
        constraints = [
            models.CheckConstraint(name="dialogue_question_one_item", condition=_exactly_one_item())
        ]

    def __str__(self) -> str:
        words = (self.original_text or "").split()
        return " ".join(words[:12]) + (" …" if len(words) > 12 else "")

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("dialogue:question", kwargs={"pk": self.pk})

    @property
    def item(self) -> models.Model:
        for name in ITEM_FIELDS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        raise LookupError("A question without an item.")

    @property
    def item_reference(self) -> models.Model:
        """Its item with only its primary key, without a query (the item may be gone: a
        question deleted with it); enough to name the item's cached pages."""
        for name, model in ITEM_FIELDS.items():
            if (pk := getattr(self, f"{name}_id")) is not None:
                return model(pk=pk)
        raise LookupError("A question without an item.")

    @property
    def original_text(self) -> str:
        return getattr(self, f"text_{self.language}", "") or ""

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Report(models.Model):
    """A visitor's flag on a published question: it goes back to the moderation queue."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Offensive or hateful")
        PERSONAL = "personal", _("Reveals someone's personal details")
        WRONG = "wrong", _("Wrong or misleading")
        OTHER = "other", _("Something else")

    question = models.ForeignKey(
        Question, models.CASCADE, related_name="reports", verbose_name=_("question")
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    note = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    # Set when a moderator has looked at the question again after this report.
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.created_at:%Y-%m-%d})"


class BlockedTerm(models.Model):
    """A word or phrase that staff do not want in questions: a question holding it is refused
    with a clear message and nothing is stored. Matched as whole words, whatever the case and
    accents."""

    term = models.CharField(_("word or phrase"), max_length=100, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note for staff"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocked word")
        verbose_name_plural = _("blocked words")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term
